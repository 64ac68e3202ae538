//! Reading the three tables out of a document, driven by the layout.
//!
//! Rows are found by their label keywords (on the folded, compact text, so line breaks inside
//! labels do not matter); the values of a row are the number tokens between its label and the
//! next label. Rows whose numbers stand apart from their labels (PDF and Markdown conversions)
//! are realigned by order; glued digits are split by the sum relations (see [`super::glued`]).

use super::glued::RowSum;
use super::rows::{read_row, RowRead, Split};
use super::tokens::{tokenize, Token, TokenKind};
use crate::finding::{Finding, Severity};
use crate::layout::{CellKind, CellRef, Edition, Layout, RelationKind, TableId};
use crate::model::{Number, Report};
use crate::text::Compact;

/// A located region of the document, in document byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Start.
    pub start: usize,
    /// End.
    pub end: usize,
}

/// Where the tables were found.
#[derive(Debug, Clone, Default)]
pub struct TableRegions {
    /// 表二.
    pub t2: Option<Region>,
    /// 表三.
    pub t3: Option<Region>,
    /// 表四 (end = just after its last value).
    pub t4: Option<Region>,
}

/// Finds a keyword in `cmp` between compact offsets; returns the compact offset.
fn find_in(cmp: &Compact, kw: &str, from: usize, to: usize) -> Option<usize> {
    cmp.find_from(kw, from).filter(|&p| p + kw.len() <= to)
}

/// Compact offset of a document offset.
pub fn to_compact(cmp: &Compact, source: usize) -> usize {
    cmp.offset_of(source)
}

/// Locates the table 二 and 三 regions and the start of table 四's.
/// `parts` are the document offsets of the part headings (start, end), when found.
pub fn locate(
    cmp: &Compact,
    doc_len: usize,
    parts: &[Option<(usize, usize)>],
) -> (Option<Region>, Option<Region>, Option<Region>) {
    let c = |s: usize| to_compact(cmp, s);
    let end_all = cmp.text.len();
    let h = |i: usize| parts.get(i).copied().flatten();
    // 表二: from the first 第二十条 caption after part 二's heading
    let t2_from = h(1).map_or(0, |(_, e)| c(e));
    let t2_start = find_in(cmp, "第二十条", t2_from, end_all);
    // 表三: the 勾稽 note, else the part 三 heading, else the first row label
    let t3_from = t2_start.or(h(2).map(|(s, _)| c(s))).unwrap_or(0);
    let t3_start = find_in(cmp, "勾稽", t3_from, end_all)
        .map(|p| {
            // the note starts at its opening bracket
            cmp.text[..p].rfind('(').filter(|&b| p - b < 24).unwrap_or(p)
        })
        .map(|p| {
            // a header "申请人情况" printed above the note belongs to the table
            let head = "申请人情况";
            if cmp.text[..p].ends_with(head) {
                p - head.len()
            } else {
                p
            }
        })
        .or(h(2).map(|(_, e)| c(e)))
        .or_else(|| find_in(cmp, "本年新收", t3_from, end_all));
    // 表四: after part 四's heading
    let t4_from = match (h(3), t3_start) {
        (Some((s, e)), Some(t3)) if c(s) > t3 => Some(c(e)),
        (Some((_, e)), None) => Some(c(e)),
        (_, Some(t3)) => {
            // heading missing: the first 行政复议 after the 结转下年度 row
            let next = find_in(cmp, "结转下年度", t3, end_all).unwrap_or(t3);
            find_in(cmp, "行政复议", next, end_all)
        }
        _ => None,
    };
    let next_heading_after =
        |pos: usize| parts.iter().flatten().map(|(s, _)| c(*s)).filter(|&s| s > pos).min().unwrap_or(end_all);
    let t2 = t2_start.map(|s| {
        let mut e = t3_start.filter(|&t| t > s).unwrap_or_else(|| next_heading_after(s));
        e = e.min(next_heading_after(s));
        Region { start: cmp.source(s), end: cmp.source(e).min(doc_len) }
    });
    let t3 = t3_start.map(|s| {
        let e = t4_from.filter(|&t| t > s).map(|t| {
            // end at the heading itself when there is one
            h(3).map(|(hs, _)| c(hs)).filter(|&hs| hs > s && hs <= t).unwrap_or(t)
        });
        let e = e.unwrap_or_else(|| next_heading_after(s));
        Region { start: cmp.source(s), end: cmp.source(e).min(doc_len) }
    });
    let t4 = t4_from.map(|s| {
        let e = next_heading_after(s);
        Region { start: cmp.source(s), end: cmp.source(e).min(doc_len) }
    });
    (t2, t3, t4)
}

/// Tells the editions of table 二 and of table 三 from their own labels: (表二, 表三). Table 三 is
/// told only by the 2021 sub-rows of （六）其他处理 (the 2019 table has nothing of its own).
pub fn detect_editions(cmp: &Compact, regions: &TableRegions) -> (Option<Edition>, Option<Edition>) {
    let slice = |r: Option<Region>| -> (usize, usize) {
        r.map_or((0, 0), |r| (to_compact(cmp, r.start), to_compact(cmp, r.end)))
    };
    let (a, b) = slice(regions.t2);
    let t2 = &cmp.text[a..b];
    let new = ["制发", "废止", "现行有效"].iter().filter(|k| t2.contains(**k)).count();
    let old = ["新制作", "新公开", "上一年项目", "增/减", "集中采购"].iter().filter(|k| t2.contains(**k)).count();
    let t2_edition = match new.cmp(&old) {
        std::cmp::Ordering::Greater => Some(Edition::E2021),
        std::cmp::Ordering::Less => Some(Edition::E2019),
        std::cmp::Ordering::Equal => None,
    };
    let (a, b) = slice(regions.t3);
    let t3 = &cmp.text[a..b];
    let t3_edition = (t3.contains("逾期不补正") || t3.contains("收费通知")).then_some(Edition::E2021);
    (t2_edition, t3_edition)
}

/// Whether a text is a report in the format before the 2019 revision of the 条例: none of the
/// current tables' labels (第二十条 captions, 本年新收, the 勾稽 note), and a year before 2019 or,
/// with no year, the old 政府信息公开情况统计表.
pub fn is_pre2019(cmp: &Compact, year: Option<u16>) -> bool {
    let current =
        ["第二十条第", "本年新收", "勾稽关系", "上年结转政府信息公开申请"].iter().any(|k| cmp.text.contains(k));
    !current && (year.is_some_and(|y| y <= 2018) || year.is_none() && cmp.text.contains("政府信息公开情况统计表"))
}

/// An anchor: a row (or subtotal) label located in the document.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    slot: Slot,
    start: usize,
    end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Row(usize),
    Group(usize),
    Caption,
}

/// Finds a row label from compact offset `from`: the earliest keyword; an item number in front of
/// it ("2.") belongs to the label. Short keywords must carry their item number.
fn find_row(cmp: &Compact, keywords: &[&str], ordinal: Option<u8>, from: usize, to: usize) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for kw in keywords {
        let short = kw.chars().count() <= 2;
        let mut at = from;
        while let Some(p) = find_in(cmp, kw, at, to) {
            at = p + kw.len();
            if best.is_some_and(|(b, _)| b <= p) {
                break;
            }
            let start = ordinal.and_then(|n| ordinal_before(&cmp.text, p, n));
            if short && ordinal.is_some() && start.is_none() {
                continue;
            }
            best = Some((start.unwrap_or(p), p + kw.len()));
            break;
        }
    }
    best
}

/// The compact offset of "n." standing up to 12 label characters before `p`.
fn ordinal_before(text: &str, p: usize, n: u8) -> Option<usize> {
    let digit = (b'0' + n) as char;
    let mut q = p;
    for (steps, c) in text[..p].chars().rev().enumerate() {
        if steps > 12 || c.is_ascii_digit() || c == '|' {
            break;
        }
        if c == '.' {
            let dot = q - 1;
            return text[..dot].ends_with(digit).then(|| dot - 1);
        }
        q -= c.len_utf8();
    }
    None
}

/// The tokens that start in `from..to` (tokens are in document order).
fn segment_tokens(tokens: &[Token], from: usize, to: usize) -> &[Token] {
    let a = tokens.partition_point(|t| t.pos < from);
    let b = tokens.partition_point(|t| t.pos < to).max(a);
    &tokens[a..b]
}

fn row_sums_t3(n: usize) -> Vec<RowSum> {
    vec![RowSum { parts: (0..n - 1).collect(), total: n - 1 }]
}

/// Collects what the importer has to say about a table.
struct Notes<'a> {
    layout: &'a Layout,
    out: &'a mut Vec<Finding>,
}

impl Notes<'_> {
    /// A finding about the cells `ids` of a table.
    fn note(&mut self, code: &str, severity: Severity, table: TableId, text: String, ids: Vec<String>) {
        self.out.push(Finding::new(code, severity, text).table(table).cells(ids));
    }

    /// Rows that were not found at all: one finding per table.
    fn missing_rows(&mut self, table: TableId, rows: &[(String, Vec<CellRef>)]) {
        if rows.is_empty() {
            return;
        }
        let names: Vec<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
        let shown = if names.len() > 6 {
            format!("{}等{}行", names[..6].join("、"), names.len())
        } else {
            names.join("、")
        };
        let ids = rows.iter().flat_map(|(_, c)| c.iter().map(|c| self.layout.cell_id(*c))).collect();
        let hint = if rows.len() > 6 { "（原文可能被截断或表格是图片）" } else { "" };
        self.out.push(
            Finding::new(
                "I001",
                Severity::Warning,
                format!("表{}中未找到{}{hint}；相关勾稽关系不作检查", table.numeral(), shown),
            )
            .table(table)
            .cells(ids),
        );
    }

    fn unread(&mut self, table: TableId, cells: &[CellRef], what: &str, reason: &str, raw: &str) {
        let ids = cells.iter().map(|c| self.layout.cell_id(*c)).collect();
        let raw = if raw.is_empty() { String::new() } else { format!("（原文：“{raw}”）") };
        self.out.push(
            Finding::new(
                "I001",
                Severity::Warning,
                format!("表{}{}无法读取：{}{}；相关勾稽关系不作检查", table.numeral(), what, reason, raw),
            )
            .table(table)
            .cells(ids),
        );
    }
}

/// The OCR confidences of a row segment's values, one per cell, when the segment holds exactly
/// one value token a cell (blanks at its ends beyond that dropped, as the row reading does) and
/// some were read by OCR.
fn ocr_of(seg: &[Token], n: usize) -> Option<Vec<Option<u8>>> {
    let mut vals: Vec<&Token> = seg.iter().filter(|t| t.is_value()).collect();
    while vals.len() > n && vals.last().is_some_and(|t| t.kind == TokenKind::Blank) {
        vals.pop();
    }
    while vals.len() > n && vals.first().is_some_and(|t| t.kind == TokenKind::Blank) {
        vals.remove(0);
    }
    let conf: Vec<Option<u8>> =
        vals.iter().map(|t| if let TokenKind::Num { ocr, .. } = &t.kind { *ocr } else { None }).collect();
    (conf.len() == n && conf.iter().any(Option::is_some)).then_some(conf)
}

/// Keeps which cells were read by OCR, with the reading's confidence.
fn record_ocr(report: &mut Report, cells: &[CellRef], conf: Option<Vec<Option<u8>>>) {
    for (cell, c) in cells.iter().zip(conf.into_iter().flatten()) {
        if let Some(c) = c {
            report.provenance.ocr.insert(*cell, c);
        }
    }
}

fn store(
    report: &mut Report,
    cells: &[CellRef],
    values: &[Option<Number>],
    units: &[Option<&'static str>],
    inferred: bool,
) {
    for (i, cell) in cells.iter().enumerate() {
        report.set(*cell, values.get(i).copied().flatten());
        if let Some(Some(u)) = units.get(i) {
            report.units.insert(*cell, (*u).to_string());
        }
        if inferred {
            report.provenance.inferred.insert(*cell);
        }
    }
}

/// Reads table 二 from its region (`doc_cmp`: the compact form of the whole document).
pub fn read_t2(doc: &str, doc_cmp: &Compact, region: Region, report: &mut Report) {
    let layout = report.layout();
    let cmp = doc_cmp.slice(doc, region.start, region.end);
    let tokens = tokenize(doc, region.start, region.end);
    // anchors of every row, anywhere in the region (blocks are sometimes printed out of order)
    let mut anchors: Vec<Anchor> = Vec::new();
    for (b, block) in layout.t2.iter().enumerate() {
        if let Some(p) = find_in(&cmp, block.caption_key, 0, cmp.text.len()) {
            anchors.push(Anchor {
                slot: Slot::Caption,
                start: cmp.source(p),
                end: cmp.source_end(p + block.caption_key.len()),
            });
        }
        for (r, row) in block.rows.iter().enumerate() {
            let mut from = 0;
            // "规范性文件" also ends "行政规范性文件"; take the first label followed by values
            while let Some((s, e)) = find_row(&cmp, row.keywords, row.ordinal, from, cmp.text.len()) {
                from = e;
                let taken = anchors.iter().any(|a| cmp.source(s) >= a.start && cmp.source(s) < a.end);
                if !taken {
                    anchors.push(Anchor { slot: Slot::Row(b * 16 + r), start: cmp.source(s), end: cmp.source_end(e) });
                    break;
                }
            }
        }
    }
    anchors.sort_by_key(|a| a.start);
    let mut notes = Vec::new();
    let mut missing = Vec::new();
    let mut glued_rows: Vec<(&str, Vec<CellRef>)> = Vec::new();
    {
        let mut n = Notes { layout, out: &mut notes };
        for (b, block) in layout.t2.iter().enumerate() {
            let kinds: Vec<CellKind> = block.columns.iter().map(|c| c.kind).collect();
            for (r, row) in block.rows.iter().enumerate() {
                let cells: Vec<CellRef> = (0..block.columns.len()).map(|c| layout.t2(b, r, c)).collect();
                let Some(i) = anchors.iter().position(|a| a.slot == Slot::Row(b * 16 + r)) else {
                    report.provenance.unread.extend(cells.iter().copied());
                    missing.push((format!("“{}”行", row.label), cells));
                    continue;
                };
                let to = anchors.get(i + 1).map_or(region.end, |a| a.start);
                let seg = segment_tokens(&tokens, anchors[i].end, to);
                match read_row(seg, &kinds, &[]) {
                    RowRead::Values { cells: v, units, split } => {
                        store(report, &cells, &v, &units, split.inferred());
                        if split == Split::Printed {
                            record_ocr(report, &cells, ocr_of(seg, cells.len()));
                        }
                        if split.inferred() {
                            glued_rows.push((row.label, cells));
                        }
                    }
                    RowRead::Groups(g) => store(report, &cells, &g[0], &[], false),
                    RowRead::Empty => {
                        report.provenance.unread.extend(cells.iter().copied());
                        n.unread(TableId::T2, &cells, &format!("“{}”行", row.label), "该行没有数字", "");
                    }
                    RowRead::Candidates { raw, .. } => {
                        report.provenance.unread.extend(cells.iter().copied());
                        n.unread(
                            TableId::T2,
                            &cells,
                            &format!("“{}”行", row.label),
                            "各单元格的数字粘连在一起，可拆成多种读法（本表没有合计关系可用来确定）",
                            &raw,
                        );
                    }
                    RowRead::Unreadable { reason, raw } => {
                        report.provenance.unread.extend(cells.iter().copied());
                        n.unread(TableId::T2, &cells, &format!("“{}”行", row.label), &reason, &raw);
                    }
                }
            }
        }
        n.missing_rows(TableId::T2, &missing);
        if !glued_rows.is_empty() {
            let names: Vec<String> = glued_rows.iter().map(|(l, _)| format!("“{l}”")).collect();
            let ids = glued_rows.iter().flat_map(|(_, c)| c.iter().map(|c| layout.cell_id(*c))).collect();
            let text =
                format!("表二{}行的数字在原文中粘连，只有一种拆法（按位数），已照此读出，请核对", names.join("、"));
            n.note("I002", Severity::Info, TableId::T2, text, ids);
        }
    }
    report.provenance.notes.extend(notes);
}

/// Reads table 三 from its region (`doc_cmp`: the compact form of the whole document).
pub fn read_t3(doc: &str, doc_cmp: &Compact, region: Region, report: &mut Report) {
    let layout = report.layout();
    let cmp = doc_cmp.slice(doc, region.start, region.end);
    let tokens = tokenize(doc, region.start, region.end);
    let nrows = layout.t3_rows.len();
    let ncols = layout.t3_columns.len();
    // 1. row anchors, in order
    let mut row_pos: Vec<Option<(usize, usize)>> = vec![None; nrows];
    let mut cur = 0;
    for (r, row) in layout.t3_rows.iter().enumerate() {
        if let Some((s, e)) = find_row(&cmp, row.keywords, row.ordinal, cur, cmp.text.len()) {
            row_pos[r] = Some((s, e));
            cur = e;
        }
    }
    // 2. subtotal labels of the spanning groups, where they stand before their first row (or
    //    stand in for all of them)
    let mut group_pos: Vec<Option<(usize, usize)>> = vec![None; layout.t3_groups.len()];
    for (g, group) in layout.t3_groups.iter().enumerate() {
        let rows = layout.t3_group_rows(group.key);
        let Some(&first) = rows.first() else { continue };
        let prev_end = (0..first).rev().find_map(|r| row_pos[r].map(|p| p.1)).unwrap_or(0);
        let all_missing = rows.iter().all(|&r| row_pos[r].is_none());
        let limit = if all_missing {
            (rows[rows.len() - 1] + 1..nrows).find_map(|r| row_pos[r].map(|p| p.0)).unwrap_or(cmp.text.len())
        } else {
            rows.iter().find_map(|&r| row_pos[r].map(|p| p.0)).unwrap_or(cmp.text.len())
        };
        for kw in group.keywords {
            if let Some(p) = find_in(&cmp, kw, prev_end, limit) {
                group_pos[g] = Some((p, p + kw.len()));
                break;
            }
        }
    }
    let mut anchors: Vec<Anchor> = Vec::new();
    for (r, p) in row_pos.iter().enumerate() {
        if let Some((s, e)) = p {
            anchors.push(Anchor { slot: Slot::Row(r), start: cmp.source(*s), end: cmp.source_end(*e) });
        }
    }
    for (g, p) in group_pos.iter().enumerate() {
        if let Some((s, e)) = p {
            anchors.push(Anchor { slot: Slot::Group(g), start: cmp.source(*s), end: cmp.source_end(*e) });
        }
    }
    anchors.sort_by_key(|a| a.start);
    let kinds = vec![CellKind::Count; ncols];
    let sums = row_sums_t3(ncols);
    let mut reads: Vec<Option<RowRead>> = vec![None; nrows];
    let mut ocr_rows: Vec<Option<Vec<Option<u8>>>> = vec![None; nrows];
    for (i, a) in anchors.iter().enumerate() {
        let to = anchors.get(i + 1).map_or(region.end, |n| n.start);
        let seg = segment_tokens(&tokens, a.end, to);
        let read = read_row(seg, &kinds, &sums);
        match a.slot {
            Slot::Row(r) => {
                reads[r] = Some(read);
                ocr_rows[r] = ocr_of(seg, ncols);
            }
            Slot::Group(g) => {
                if let RowRead::Values { cells, .. } = read {
                    report.provenance.subtotals.insert(layout.t3_groups[g].key.to_string(), cells);
                }
            }
            Slot::Caption => {}
        }
    }
    // 3. realign rows whose numbers stand apart from their labels
    let realigned = realign(&mut reads);
    // 4. resolve glued rows with several readings by the column relations
    resolve_candidates(layout, &mut reads, false);
    resolve_candidates(layout, &mut reads, true);
    // 5. store
    let mut notes = Vec::new();
    let mut n = Notes { layout, out: &mut notes };
    let mut inferred_rows = Vec::new();
    let mut missing = Vec::new();
    for (r, read) in reads.into_iter().enumerate() {
        let cells: Vec<CellRef> = (0..ncols).map(|c| layout.t3(r, c)).collect();
        let label = crate::layout::short_label(layout.t3_rows[r].label);
        let is_group_missing = layout.t3_rows[r]
            .group
            .is_some_and(|g| report.provenance.subtotals.contains_key(g) && row_pos[r].is_none());
        match read {
            Some(RowRead::Values { cells: v, units, split }) => {
                let inferred = split.inferred() || realigned.contains(&r);
                if inferred {
                    inferred_rows.push((r, split));
                }
                store(report, &cells, &v, &units, inferred);
                if !inferred {
                    record_ocr(report, &cells, ocr_rows[r].take());
                }
            }
            Some(RowRead::Groups(g)) => {
                store(report, &cells, &g[0], &[], true);
                inferred_rows.push((r, Split::Printed));
            }
            _ if is_group_missing => {
                // the report printed the group as one row: a column whose merged value is 0 has
                // 0 in each of its rows (counts are not negative); any other column stays unread
                let group = layout.t3_rows[r].group.unwrap_or_default();
                let merged = report.provenance.subtotals.get(group).cloned().unwrap_or_default();
                for (c, cell) in cells.iter().enumerate() {
                    if merged.get(c).copied().flatten() == Some(Number::Int(0)) {
                        store(report, &[*cell], &[Some(Number::Int(0))], &[], true);
                    } else {
                        report.provenance.unread.insert(*cell);
                    }
                }
            }
            None => {
                report.provenance.unread.extend(cells.iter().copied());
                missing.push((format!("“{label}”行"), cells));
            }
            Some(RowRead::Empty) => {
                report.provenance.unread.extend(cells.iter().copied());
                n.unread(TableId::T3, &cells, &format!("“{label}”行"), "该行没有数字", "");
            }
            Some(RowRead::Candidates { raw, readings, loose }) => {
                report.provenance.unread.extend(cells.iter().copied());
                let reason = if loose {
                    format!(
                        "数字粘连，没有一种拆分能满足本行的合计关系，按各列的勾稽关系仍有{}种拆法，无法确定",
                        readings.len()
                    )
                } else {
                    format!("数字粘连，按勾稽关系仍有{}种拆法，无法确定", readings.len())
                };
                n.unread(TableId::T3, &cells, &format!("“{label}”行"), &reason, &raw);
            }
            Some(RowRead::Unreadable { reason, raw }) => {
                report.provenance.unread.extend(cells.iter().copied());
                n.unread(TableId::T3, &cells, &format!("“{label}”行"), &reason, &raw);
            }
        }
    }
    n.missing_rows(TableId::T3, &missing);
    let row_ids = |rows: &[usize]| -> Vec<String> {
        rows.iter().flat_map(|&r| (0..ncols).map(move |c| layout.cell_id(layout.t3(r, c)))).collect()
    };
    if !realigned.is_empty() {
        let names: Vec<String> =
            realigned.iter().map(|&r| format!("“{}”", crate::layout::short_label(layout.t3_rows[r].label))).collect();
        let ids = row_ids(&realigned);
        let text = format!("表三{}行的数字与行标签在原文中错位，已按行的先后顺序对齐，请核对", names.join("、"));
        n.note("I003", Severity::Warning, TableId::T3, text, ids);
    }
    let glued = |how: Split| -> Vec<usize> {
        inferred_rows.iter().filter(|(r, s)| *s == how && !realigned.contains(r)).map(|(r, _)| *r).collect()
    };
    let names = |rows: &[usize]| -> String {
        rows.iter()
            .map(|&r| format!("“{}”", crate::layout::short_label(layout.t3_rows[r].label)))
            .collect::<Vec<_>>()
            .join("、")
    };
    for (how, message) in [
        (Split::RowSums, None),
        (Split::DigitCount, Some("的数字在原文中粘连，每格一位数，只有一种读法（按位数），已照此读出；本行是否相加相符见勾稽检查")),
        (
            Split::Columns,
            Some("的数字在原文中粘连，按本行的合计关系拆不出来，已按各列的勾稽关系（一＋二＝（七）总计＋四，办理结果之和＝（七）总计）唯一拆分；本行的合计关系不成立，见勾稽检查"),
        ),
    ] {
        let rows = glued(how);
        if rows.is_empty() {
            continue;
        }
        let text = match message {
            None => format!("表三有{}行的数字在原文中粘连，已按勾稽关系唯一拆分", rows.len()),
            Some(m) => format!("表三{}行{m}", names(&rows)),
        };
        n.note("I002", Severity::Info, TableId::T3, text, row_ids(&rows));
    }
    report.provenance.notes.extend(notes);
}

/// Rows with several printed rows of numbers next to rows with none: hand the numbers out in
/// order over the smallest window where the counts balance. Returns the rows that received
/// numbers printed under another label.
fn realign(reads: &mut [Option<RowRead>]) -> Vec<usize> {
    let count = |r: &Option<RowRead>| match r {
        Some(RowRead::Groups(g)) => g.len(),
        Some(RowRead::Empty) | None => 0,
        _ => 1,
    };
    let mut moved = Vec::new();
    let mut i = 0;
    while i < reads.len() {
        if count(&reads[i]) == 1 {
            i += 1;
            continue;
        }
        let mut sum = 0;
        let mut end = None;
        let mut has_surplus = false;
        let mut has_gap = false;
        for (j, read) in reads.iter().enumerate().take(reads.len().min(i + 12)).skip(i) {
            let c = count(read);
            has_surplus |= c > 1;
            has_gap |= c == 0;
            if c == 1 && !matches!(read, Some(RowRead::Values { .. })) {
                break; // a row that cannot move its numbers ends the window
            }
            sum += c;
            if sum == j - i + 1 && has_surplus && has_gap {
                end = Some(j);
                break;
            }
        }
        let Some(end) = end else {
            i += 1;
            continue;
        };
        let mut pool: Vec<Vec<Option<Number>>> = Vec::new();
        for r in reads.iter().take(end + 1).skip(i) {
            match r {
                Some(RowRead::Groups(g)) => pool.extend(g.iter().cloned()),
                Some(RowRead::Values { cells, .. }) => pool.push(cells.clone()),
                _ => {}
            }
        }
        for (k, cells) in pool.into_iter().enumerate() {
            let r = i + k;
            let before = match &reads[r] {
                Some(RowRead::Values { cells: c, .. }) => Some(c.clone()),
                _ => None,
            };
            if before.as_ref() != Some(&cells) {
                moved.push(r);
            }
            reads[r] = Some(RowRead::Values { units: vec![None; cells.len()], cells, split: Split::Printed });
        }
        i = end + 1;
    }
    moved
}

/// Glued rows with several readings: try every combination against the column relations of
/// table 三; keep a combination only when exactly one fits. With `with_loose`, rows none of whose
/// readings keeps the row's own sum take part too (the first pass leaves them out, so that they do
/// not multiply the combinations of the rows the row sums already narrowed down).
fn resolve_candidates(layout: &Layout, reads: &mut [Option<RowRead>], with_loose: bool) {
    let open: Vec<usize> = (0..reads.len())
        .filter(|&r| matches!(reads[r], Some(RowRead::Candidates { loose, .. }) if with_loose || !loose))
        .collect();
    if open.is_empty() {
        return;
    }
    let options: Vec<Vec<Vec<Option<Number>>>> = open
        .iter()
        .map(|&r| match &reads[r] {
            Some(RowRead::Candidates { readings, .. }) => readings.clone(),
            _ => Vec::new(),
        })
        .collect();
    let combos: usize = options.iter().map(Vec::len).try_fold(1usize, |a, b| a.checked_mul(b)).unwrap_or(usize::MAX);
    if combos > 100_000 {
        return;
    }
    let ncols = layout.t3_columns.len();
    let known = |r: usize| -> Option<Vec<Option<Number>>> {
        match &reads[r] {
            Some(RowRead::Values { cells, .. }) => Some(cells.clone()),
            _ => None,
        }
    };
    let base: Vec<Option<Vec<Option<Number>>>> = (0..reads.len()).map(known).collect();
    let relations: Vec<_> = layout
        .relations()
        .iter()
        .filter(|r| matches!(r.kind, RelationKind::T3Balance | RelationKind::T3Results))
        .collect();
    let mut fits = Vec::new();
    let mut idx = vec![0usize; open.len()];
    'outer: loop {
        let mut grid = base.clone();
        for (k, &r) in open.iter().enumerate() {
            grid[r] = Some(options[k][idx[k]].clone());
        }
        let ok = relations.iter().all(|rel| {
            let val = |c: &CellRef| {
                grid[c.row as usize].as_ref().map(|row| row[c.col as usize].and_then(Number::as_int).unwrap_or(0))
            };
            let side = |cells: &[CellRef]| cells.iter().map(val).try_fold(0i64, |a, v| v.map(|v| a + v));
            match (side(&rel.lhs), side(&rel.rhs)) {
                (Some(a), Some(b)) => a == b,
                _ => true, // a relation with an unknown row says nothing
            }
        });
        if ok {
            fits.push(idx.clone());
            if fits.len() > 1 {
                break;
            }
        }
        for k in 0..idx.len() {
            idx[k] += 1;
            if idx[k] < options[k].len() {
                continue 'outer;
            }
            idx[k] = 0;
        }
        break;
    }
    if fits.len() == 1 {
        for (k, &r) in open.iter().enumerate() {
            let cells = options[k][fits[0][k]].clone();
            let loose = matches!(reads[r], Some(RowRead::Candidates { loose: true, .. }));
            let split = if loose { Split::Columns } else { Split::RowSums };
            reads[r] = Some(RowRead::Values { units: vec![None; ncols], cells, split });
        }
    }
}

/// Reads table 四 from its region; returns where the table starts (its top header) and ends
/// (just after its last value) in the document, so that the text around it stays narrative.
pub fn read_t4(doc: &str, doc_cmp: &Compact, region: Region, report: &mut Report) -> Region {
    let layout = report.layout();
    let cmp = doc_cmp.slice(doc, region.start, region.end);
    let tokens = tokenize(doc, region.start, region.end);
    let ng = layout.t4_groups.len();
    let nc = layout.t4_columns.len();
    let cells: Vec<CellRef> =
        (0..ng).flat_map(|g| (0..nc).map(move |c| (g, c))).map(|(g, c)| layout.t4(g, c)).collect();
    let header = find_in(&cmp, "结果维持", 0, cmp.text.len())
        .or_else(|| find_in(&cmp, "维持", 0, cmp.text.len()))
        .map(|p| cmp.source(p))
        .unwrap_or(region.start);
    // the top header row ("行政复议 | 行政诉讼"), from the start of its line
    let top = ["行政复议|行政诉讼", "行政复议行政诉讼"]
        .iter()
        .filter_map(|k| find_in(&cmp, k, 0, cmp.text.len()))
        .min()
        .map(|p| cmp.source(p))
        .filter(|&p| p <= header)
        .unwrap_or(header);
    let line_start = doc[..top].rfind('\n').map_or(0, |i| i + 1).max(region.start);
    // a header in a `|` row: the whole row belongs to the table
    let table_start = if doc[line_start..top].trim_start().starts_with('|') || doc[line_start..top].trim().is_empty() {
        line_start
    } else {
        top
    };
    // the values: the first run of numbers (and blanks) after the header texts
    let mut vals: Vec<Token> = Vec::new();
    let mut seen_num = false;
    let mut last_end = region.start;
    for t in tokens.iter().filter(|t| t.pos >= header) {
        match &t.kind {
            super::tokens::TokenKind::Text => {
                if seen_num {
                    break;
                }
                vals.clear();
            }
            super::tokens::TokenKind::Num { .. } => {
                seen_num = true;
                vals.push(t.clone());
                last_end = t.end;
            }
            super::tokens::TokenKind::Blank => {
                vals.push(t.clone());
                last_end = last_end.max(t.end);
            }
        }
    }
    let sums: Vec<RowSum> =
        (0..ng).map(|g| RowSum { parts: (g * nc..g * nc + nc - 1).collect(), total: g * nc + nc - 1 }).collect();
    let kinds = vec![CellKind::Count; ng * nc];
    let mut notes = Vec::new();
    let mut n = Notes { layout, out: &mut notes };
    match read_row(&vals, &kinds, &sums) {
        RowRead::Values { cells: v, split, .. } => {
            store(report, &cells, &v, &[], split.inferred());
            if split == Split::Printed {
                let conf = ocr_of(&vals, cells.len());
                record_ocr(report, &cells, conf);
            }
            let text = match split {
                Split::Printed => None,
                Split::DigitCount => Some(
                    "表四的数字在原文中粘连，每格一位数，只有一种读法（按位数），已照此读出；各组“总计”是否相符见勾稽检查",
                ),
                _ => Some("表四的数字在原文中粘连，已按各组“总计”关系唯一拆分"),
            };
            if let Some(text) = text {
                let ids = cells.iter().map(|c| layout.cell_id(*c)).collect();
                n.note("I002", Severity::Info, TableId::T4, text.to_string(), ids);
            }
        }
        RowRead::Groups(g) => store(report, &cells, &g[0], &[], false),
        RowRead::Empty => {
            report.provenance.unread.extend(cells.iter().copied());
            n.unread(TableId::T4, &cells, "", "未找到表中的数字", "");
        }
        RowRead::Candidates { raw, readings, loose } => {
            report.provenance.unread.extend(cells.iter().copied());
            let reason = if loose {
                "数字粘连，且没有一种拆分能满足各组“总计”关系".to_string()
            } else {
                format!("数字粘连，按各组总计关系仍有{}种拆法", readings.len())
            };
            n.unread(TableId::T4, &cells, "", &reason, &raw);
        }
        RowRead::Unreadable { reason, raw } => {
            report.provenance.unread.extend(cells.iter().copied());
            n.unread(TableId::T4, &cells, "", &reason, &raw);
        }
    }
    report.provenance.notes.extend(notes);
    Region { start: table_start, end: last_end.max(table_start) }
}
