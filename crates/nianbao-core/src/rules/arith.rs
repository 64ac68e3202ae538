//! The 勾稽 rules of tables 三 and 四 (A101–A105), read from the layout's relations.

use super::Ctx;
use crate::finding::{Finding, Severity};
use crate::layout::{short_label, CellRef, Relation, RelationKind, TableId};
use crate::text::{OCR_DOUBTFUL, OCR_UNSURE};

fn sum(ctx: &Ctx<'_>, cells: &[CellRef]) -> Option<i64> {
    cells.iter().map(|c| ctx.eff(*c)).try_fold(0i64, |a, v| a.checked_add(v?))
}

fn relations<'a>(ctx: &'a Ctx<'_>, kind: RelationKind) -> impl Iterator<Item = &'static Relation> + 'a {
    ctx.layout.relations().iter().filter(move |r| r.kind == kind)
}

fn ids(ctx: &Ctx<'_>, cells: &[CellRef]) -> Vec<String> {
    cells.iter().map(|c| ctx.id(*c)).collect()
}

/// Whether a relation touches a cell whose value came from the importer's realignment, so that a
/// failure may be the importer's guess, not the report's error.
fn realigned(ctx: &Ctx<'_>, cells: &[CellRef]) -> bool {
    cells.iter().any(|c| ctx.realigned().contains(c))
}

fn severity(ctx: &Ctx<'_>, cells: &[CellRef]) -> Severity {
    if realigned(ctx, cells) {
        Severity::Warning
    } else {
        Severity::Error
    }
}

/// Digits an OCR reading easily takes for one another, both ways.
const CONFUSED: &[(u8, u8)] = &[
    (b'8', b'0'),
    (b'1', b'7'),
    (b'5', b'6'),
    (b'3', b'8'),
    (b'6', b'8'),
    (b'9', b'8'),
    (b'0', b'6'),
    (b'0', b'9'),
    (b'1', b'4'),
    (b'2', b'7'),
    (b'3', b'5'),
];

/// The readings an OCR'd number could have been with one digit taken for another, a thin `1`
/// read in excess, or a digit lost; each with how it was misread ("8/0").
fn misreadings(v: i64) -> Vec<(i64, String)> {
    let digits = v.to_string().into_bytes();
    if v < 0 || digits.len() > 12 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let parse = |d: &[u8]| std::str::from_utf8(d).ok().and_then(|s| s.parse::<i64>().ok());
    for i in 0..digits.len() {
        for &(a, b) in CONFUSED {
            for (from, to) in [(a, b), (b, a)] {
                if digits[i] == from {
                    let mut d = digits.clone();
                    d[i] = to;
                    if let Some(n) = parse(&d) {
                        out.push((n, format!("{}/{}", from as char, to as char)));
                    }
                }
            }
        }
        if digits[i] == b'1' && digits.len() > 1 {
            let mut d = digits.clone();
            d.remove(i);
            if let Some(n) = parse(&d) {
                out.push((n, "多识别出一个1".to_string()));
            }
        }
    }
    for i in 0..=digits.len() {
        for extra in b'0'..=b'9' {
            let mut d = digits.clone();
            d.insert(i, extra);
            if d[0] == b'0' {
                continue;
            }
            if let Some(n) = parse(&d) {
                out.push((n, format!("漏识别一位数字{}", extra as char)));
            }
        }
    }
    out.sort();
    out.dedup_by_key(|(n, _)| *n);
    out
}

/// When a relation `lhs = rhs` fails in a report read by OCR and one doubtful reading
/// (confidence below [`OCR_DOUBTFUL`]) with one digit read otherwise would make it hold — or a
/// reading below [`OCR_UNSURE`], whose digits do not fit its cell, with any value —, the
/// failure is a doubt about the reading (I006), not the report's error: the finding that says
/// so. The cell keeps what was read.
fn ocr_doubt(ctx: &Ctx<'_>, lhs: &[CellRef], rhs: &[CellRef], relation: &str) -> Option<Finding> {
    let ocr = &ctx.report.provenance.ocr;
    if ocr.is_empty() {
        return None;
    }
    let (l, r) = (sum(ctx, lhs)?, sum(ctx, rhs)?);
    let mut doubts = Vec::new();
    for (side, &cell) in lhs.iter().map(|c| (true, c)).chain(rhs.iter().map(|c| (false, c))) {
        let Some(&conf) = ocr.get(&cell).filter(|&&c| c < OCR_DOUBTFUL) else { continue };
        let Some(read) = ctx.report.get(cell).and_then(|v| v.as_int()) else { continue };
        if conf < OCR_UNSURE {
            // barely a reading (its digits do not fit the cell's ink): the value that fits is
            // the candidate, whatever its digits
            let alt = if side { read + (r - l) } else { read + (l - r) };
            if alt >= 0 && alt != read {
                doubts.push((cell, conf, read, alt, "识别结果与该格字迹不符".to_string()));
            }
            continue;
        }
        for (alt, how) in misreadings(read) {
            let (nl, nr) = if side { (l - read + alt, r) } else { (l, r - read + alt) };
            if nl == nr {
                doubts.push((cell, conf, read, alt, how));
            }
        }
    }
    let (cell, conf, read, alt, how) = doubts.first().cloned()?;
    let others = if doubts.len() > 1 {
        format!("（另有{}种同样可能的读法）", doubts.len() - 1)
    } else {
        String::new()
    };
    let name = ctx.layout.cell_name(cell);
    let table = cell.table;
    Some(
        Finding::new(
            "I006",
            Severity::Warning,
            format!(
                "识别存疑：{name}识别为{read}（把握{conf}%），{relation}不相符；若该格实为{alt}（{how}）则相符{others}。请对照原件核对，识别结果未作修改"
            ),
        )
        .table(table)
        .cells(vec![ctx.id(cell)])
        .values(read, alt),
    )
}

/// A101: per column, 一 + 二 = （七）总计 + 四.
pub fn t3_balance(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for rel in relations(ctx, RelationKind::T3Balance) {
        let (Some(a0), Some(a1), Some(b0), Some(b1)) =
            (ctx.eff(rel.lhs[0]), ctx.eff(rel.lhs[1]), ctx.eff(rel.rhs[0]), ctx.eff(rel.rhs[1]))
        else {
            continue;
        };
        if a0 + a1 == b0 + b1 {
            continue;
        }
        let col = ctx.layout.t3_columns[rel.axis as usize].label;
        if let Some(doubt) = ocr_doubt(ctx, &rel.lhs, &rel.rhs, &format!("表三“{col}”列第一项加第二项与第三项加第四项"))
        {
            out.push(doubt);
            continue;
        }
        let all: Vec<CellRef> = rel.lhs.iter().chain(&rel.rhs).copied().collect();
        out.push(
            Finding::new(
                "A101",
                severity(ctx, &all),
                format!(
                    "表三“{col}”列：第一项({a0})+第二项({a1})={}，但第三项（七）总计({b0})+第四项({b1})={}",
                    a0 + a1,
                    b0 + b1
                ),
            )
            .table(TableId::T3)
            .cells(ids(ctx, &all))
            .values(b0 + b1, a0 + a1),
        );
    }
}

/// The terms of the results sum of one column: each result row, or a group's subtotal where the
/// report printed only the subtotal.
fn result_terms(ctx: &Ctx<'_>, col: usize) -> Option<(i64, Vec<CellRef>)> {
    let l = ctx.layout;
    let mut total = 0i64;
    let mut cells = Vec::new();
    let mut done_groups: Vec<&str> = Vec::new();
    for r in l.t3_result_rows() {
        let row = &l.t3_rows[r];
        let cell = l.t3(r, col);
        if let Some(g) = row.group {
            let mut group_rows = (0..l.t3_rows.len()).filter(|&i| l.t3_rows[i].group == Some(g));
            let all_unread = group_rows.all(|gr| ctx.unread(l.t3(gr, col)));
            if all_unread {
                if done_groups.contains(&g) {
                    continue;
                }
                done_groups.push(g);
                let sub = ctx.report.provenance.subtotals.get(g)?;
                total += sub.get(col).copied().flatten().and_then(|v| v.as_int()).unwrap_or(0);
                continue;
            }
        }
        total += ctx.eff(cell)?;
        cells.push(cell);
    }
    Some((total, cells))
}

/// A102: per column, （七）总计 = sum of the result rows.
pub fn t3_results(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let l = ctx.layout;
    let Some(total_row) = l.t3_row("total") else { return };
    for col in 0..l.t3_columns.len() {
        let total_cell = l.t3(total_row, col);
        if ctx.report.get(total_cell).is_none() && col != l.t3_total_col() {
            continue; // a blank total: V203 says what it should be
        }
        let (Some((sum, mut cells)), Some(total)) = (result_terms(ctx, col), ctx.eff(total_cell)) else {
            continue;
        };
        if sum == total {
            continue;
        }
        let col_label = l.t3_columns[col].label;
        if let Some(doubt) =
            ocr_doubt(ctx, &cells, &[total_cell], &format!("表三“{col_label}”列各项办理结果之和与（七）总计"))
        {
            out.push(doubt);
            continue;
        }
        cells.push(total_cell);
        out.push(
            Finding::new(
                "A102",
                severity(ctx, &cells),
                format!("表三“{col_label}”列：各项办理结果之和为{sum}，但（七）总计为{total}"),
            )
            .table(TableId::T3)
            .cells(ids(ctx, &cells))
            .values(total, sum),
        );
    }
}

/// Checks the relations of a kind whose right side is one total that adds up the left side;
/// `message` words a failure from the relation, the addends shown, their sum and the total.
fn totals(
    ctx: &Ctx<'_>,
    out: &mut Vec<Finding>,
    kind: RelationKind,
    code: &str,
    table: TableId,
    message: impl Fn(&Relation, &str, i64, i64) -> String,
) {
    for rel in relations(ctx, kind) {
        let total_cell = rel.rhs[0];
        if ctx.report.get(total_cell).is_none() || ctx.unread(total_cell) {
            continue; // a blank total: V203 says what it should be
        }
        let (Some(parts), Some(total)) = (sum(ctx, &rel.lhs), ctx.eff(total_cell)) else { continue };
        if parts == total {
            continue;
        }
        let what = match kind {
            RelationKind::T3RowTotal => {
                format!("表三“{}”行各申请人列之和与总计", short_label(ctx.layout.t3_rows[rel.axis as usize].label))
            }
            RelationKind::T4Group => {
                format!("表四“{}”各项结果之和与总计", ctx.layout.t4_groups[rel.axis as usize].label)
            }
            _ => format!("{code}所查的关系"),
        };
        if let Some(doubt) = ocr_doubt(ctx, &rel.lhs, &rel.rhs, &what) {
            out.push(doubt);
            continue;
        }
        // the text gives the addends' sum: the printed total is the likely wrong cell
        let quoted = super::text_table::quoted_total(ctx, total_cell);
        if let Some((_, quote, part, start, end)) = quoted.into_iter().find(|q| q.0 == parts) {
            out.push(
                Finding::new(
                    code,
                    severity(ctx, &[total_cell]),
                    format!(
                        "{what}不符：各项之和为{parts}，总计印为{total}；正文“{quote}”与各项之和相符，很可能是总计一格有误，应为{parts}"
                    ),
                )
                .table(table)
                .cells(ids(ctx, &[total_cell]))
                .values(total, parts)
                .at(part, ctx.part_text(part), start, end),
            );
            continue;
        }
        let shown: Vec<String> = rel.lhs.iter().map(|c| ctx.eff(*c).unwrap_or(0).to_string()).collect();
        let all: Vec<CellRef> = rel.lhs.iter().chain(&rel.rhs).copied().collect();
        out.push(
            Finding::new(code, severity(ctx, &all), message(rel, &shown.join("+"), parts, total))
                .table(table)
                .cells(ids(ctx, &all))
                .values(total, parts),
        );
    }
}

/// A103: per row, 总计 = the six applicant columns.
pub fn t3_rows(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    totals(ctx, out, RelationKind::T3RowTotal, "A103", TableId::T3, |rel, shown, parts, total| {
        let row = short_label(ctx.layout.t3_rows[rel.axis as usize].label);
        format!("表三“{row}”行：各申请人列之和 {shown}={parts}，但总计为{total}")
    });
}

/// A104: per group of table 四, the four results add up to 总计.
pub fn t4_groups(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    totals(ctx, out, RelationKind::T4Group, "A104", TableId::T4, |rel, shown, parts, total| {
        let group = ctx.layout.t4_groups[rel.axis as usize].label;
        format!("表四“{group}”：结果维持+结果纠正+其他结果+尚未审结 = {shown} = {parts}，但总计为{total}")
    });
}

/// A105: subtotal rows a report added equal the sum of their rows.
pub fn t3_subtotals(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let l = ctx.layout;
    for group in l.t3_groups {
        let Some(sub) = ctx.report.provenance.subtotals.get(group.key) else { continue };
        let rows = l.t3_group_rows(group.key);
        for (col, value) in sub.iter().enumerate().take(l.t3_columns.len()) {
            let Some(v) = value.and_then(|v| v.as_int()) else { continue };
            let cells: Vec<CellRef> = rows.iter().map(|&r| l.t3(r, col)).collect();
            if cells.iter().all(|c| ctx.unread(*c)) {
                continue; // the subtotal stands in for its rows
            }
            let Some(s) = sum(ctx, &cells) else { continue };
            if s != v {
                out.push(
                    Finding::new(
                        "A105",
                        severity(ctx, &cells),
                        format!("表三“{}”小计行“{}”列为{v}，但其分项之和为{s}", group.label, l.t3_columns[col].label),
                    )
                    .table(TableId::T3)
                    .cells(ids(ctx, &cells))
                    .values(v, s),
                );
            }
        }
    }
}
