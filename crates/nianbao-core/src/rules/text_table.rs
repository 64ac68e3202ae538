//! Numbers quoted in the text against the tables (X401–X405).
//!
//! A quote binds a keyword to a count only when the count follows within a few characters of the
//! same clause and is followed by 件 (or 起, 宗: "收到政府信息公开申请75件", "行政复议1起"), or,
//! for carry-over, directly precedes it ("1件结转下年度"). Anything looser is not read at all, so a finding always rests on
//! an unambiguous sentence.

use super::Ctx;
use crate::finding::{Finding, Severity};
use crate::layout::{CellRef, TableId};

/// A count quoted in the text.
struct Quote {
    part: Option<u8>,
    /// The clause names a narrower subject ("区政府办代表区政府…", "其中…").
    scoped: bool,
    /// Where the number stands (to drop the same number matched by two keywords).
    num: usize,
    /// Byte range in that part's text (original, not compact).
    start: usize,
    end: usize,
    value: i64,
}

/// The measure words of a count of applications or cases: 件, and for cases 起, 宗 (all three
/// bytes long in UTF-8).
const COUNTERS: &[char] = &['件', '起', '宗'];

/// Words that show a count is about something else (letters, proposals, hotline…).
const OTHER_SUBJECTS: &[&str] =
    &["信箱", "建议", "提案", "诉求", "留言", "投诉", "来信", "热线", "工单", "咨询", "信件", "条", "批次", "场", "次"];

fn is_stop(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '，' | ',' | '：' | ':' | '、' | '|' | '(' | ')' | '）' | '（')
}

/// Words before a keyword, in the same clause, that narrow what the count is about.
const SCOPE_WORDS: &[&str] = &["代表", "其中", "本级", "本部门", "政府办", "办公室", "办公厅"];

/// The clause before compact offset `p` (back to the last clause stop), at most 24 chars.
fn clause_before(t: &str, p: usize) -> &str {
    let mut start = p;
    for (n, (i, c)) in t[..p].char_indices().rev().enumerate() {
        if is_stop(c) || matches!(c, '。' | '；') || n >= 24 {
            break;
        }
        start = i;
    }
    &t[start..p]
}

/// Counts after a keyword: `kw` + up to `gap` chars (no digit, no clause stop) + N + 件.
/// `need` (if not empty): one of these must stand in the gap or right after 件; `exclude`: none
/// of these may stand in the gap; `not_after`: none of these may stand just before the keyword
/// in the same clause ("同意公开答复9件" is not a count of all replies).
fn after(ctx: &Ctx<'_>, keywords: &[&str], gap: usize, need: &[&str], exclude: &[&str]) -> Vec<Quote> {
    after_ex(ctx, keywords, gap, need, exclude, &[])
}

fn after_ex(
    ctx: &Ctx<'_>,
    keywords: &[&str],
    gap: usize,
    need: &[&str],
    exclude: &[&str],
    not_after: &[&str],
) -> Vec<Quote> {
    let mut out = Vec::new();
    for (part, cmp, kw, p) in ctx.places(keywords) {
        let t = &cmp.text;
        let rest = &t[p + kw.len()..];
        let mut num_at = None;
        for (gap_chars, (i, c)) in rest.char_indices().enumerate() {
            if c.is_ascii_digit() {
                num_at = Some(i);
                break;
            }
            if is_stop(c) || gap_chars >= gap {
                break;
            }
        }
        let Some(i) = num_at else { continue };
        let gap_text = &rest[..i];
        let num_len = rest[i..].bytes().take_while(u8::is_ascii_digit).count();
        let after_num = &rest[i + num_len..];
        if !after_num.starts_with(COUNTERS) {
            continue;
        }
        let tail: String = after_num['件'.len_utf8()..].chars().take(4).collect();
        if !need.is_empty() && !need.iter().any(|n| gap_text.contains(n) || tail.contains(n)) {
            continue;
        }
        if OTHER_SUBJECTS.iter().chain(exclude).any(|x| gap_text.contains(x)) {
            continue;
        }
        let Ok(value) = rest[i..i + num_len].parse::<i64>() else { continue };
        let prefix = clause_before(t, p);
        let just_before: String = prefix.chars().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect();
        if not_after.iter().any(|w| just_before.contains(w)) {
            continue;
        }
        let scoped = SCOPE_WORDS.iter().any(|w| prefix.contains(w));
        let abs_start = p;
        let abs_end = p + kw.len() + i + num_len + '件'.len_utf8();
        let num = cmp.source(p + kw.len() + i);
        out.push(Quote { part, scoped, num, start: cmp.source(abs_start), end: cmp.source_end(abs_end), value });
    }
    dedup(out)
}

fn dedup(mut quotes: Vec<Quote>) -> Vec<Quote> {
    quotes.sort_by_key(|q| (q.part, q.num, q.start));
    quotes.dedup_by_key(|q| (q.part, q.num));
    quotes
}

/// Counts before a keyword: N + 件 + up to `gap` chars (no digit, no clause stop) + kw.
fn before(ctx: &Ctx<'_>, keywords: &[&str], gap: usize) -> Vec<Quote> {
    let mut out = Vec::new();
    for (part, cmp, kw, p) in ctx.places(keywords) {
        let t = &cmp.text;
        let head = &t[..p];
        let mut jian_at = None;
        for (chars, (i, c)) in head.char_indices().rev().enumerate() {
            if COUNTERS.contains(&c) {
                jian_at = Some(i);
                break;
            }
            if c.is_ascii_digit() || is_stop(c) || chars >= gap {
                break;
            }
        }
        let Some(j) = jian_at else { continue };
        let digits_start =
            head[..j].char_indices().rev().take_while(|(_, c)| c.is_ascii_digit()).last().map(|(i, _)| i);
        let Some(ds) = digits_start else { continue };
        let gap_text = &head[j..];
        if OTHER_SUBJECTS.iter().any(|x| gap_text.contains(x)) {
            continue;
        }
        let Ok(value) = head[ds..j].parse::<i64>() else { continue };
        let scoped = SCOPE_WORDS.iter().any(|w| clause_before(t, ds).contains(w));
        out.push(Quote {
            part,
            scoped,
            num: cmp.source(ds),
            start: cmp.source(ds),
            end: cmp.source_end(p + kw.len()),
            value,
        });
    }
    dedup(out)
}

/// The total-column sum of rows, or None when a cell was not read. Each row's total is the sum
/// of its columns when any column is filled (so that a wrong published total, which A103 reports,
/// does not make the correct text look wrong), else the total as entered — also when one of
/// its columns is a doubtful OCR reading and the total is not (I006 reports the reading; the
/// printed total is then the better witness of what the text should say).
fn rows_total(ctx: &Ctx<'_>, rows: &[&str]) -> Option<(i64, Vec<CellRef>)> {
    let l = ctx.layout;
    let col = l.t3_total_col();
    let mut sum = 0;
    let mut cells = Vec::new();
    for key in rows {
        let r = l.t3_row(key)?;
        let c = l.t3(r, col);
        let parts: Vec<CellRef> = (0..col).map(|k| l.t3(r, k)).collect();
        // a doubtful OCR reading among the parts: the printed total is the better witness
        let doubtful = |p: &CellRef| ctx.report.provenance.doubtful(*p);
        let trusted = !parts.iter().any(doubtful) || ctx.eff(c).is_none() || doubtful(&c);
        sum += if trusted && parts.iter().any(|p| ctx.report.get(*p).is_some()) {
            parts.iter().map(|p| ctx.eff(*p)).sum::<Option<i64>>()?
        } else {
            ctx.eff(c)?
        };
        cells.push(c);
    }
    Some((sum, cells))
}

/// When a doubtful OCR reading is among the cells of `rows` (columns or totals), the rows' total
/// counted both ways — the printed totals, and the sums of the columns — either of which may be
/// the report's true figure: a number in the text that agrees with either is not held against
/// the table (the doubt itself is I006's). Empty when every reading is sure.
fn witnesses(ctx: &Ctx<'_>, rows: &[&str]) -> Vec<i64> {
    let l = ctx.layout;
    let col = l.t3_total_col();
    let keys: Vec<usize> = rows.iter().filter_map(|k| l.t3_row(k)).collect();
    if !keys.iter().any(|&r| (0..=col).any(|k| ctx.report.provenance.doubtful(l.t3(r, k)))) {
        return Vec::new();
    }
    let printed: Option<i64> = keys.iter().map(|&r| ctx.eff(l.t3(r, col))).sum();
    let summed: Option<i64> = keys.iter().map(|&r| (0..col).map(|k| ctx.eff(l.t3(r, k))).sum::<Option<i64>>()).sum();
    printed.into_iter().chain(summed).collect()
}

fn group_rows(ctx: &Ctx<'_>, group: &str) -> Vec<&'static str> {
    let l = ctx.layout;
    let rows = l.t3_group_rows(group);
    if rows.is_empty() {
        // 2019: （六）其他处理 is one row
        return l.t3_row(group).map(|r| vec![l.t3_rows[r].key]).unwrap_or_default();
    }
    rows.into_iter().map(|r| l.t3_rows[r].key).collect()
}

#[allow(clippy::too_many_arguments)]
fn compare(
    ctx: &Ctx<'_>,
    out: &mut Vec<Finding>,
    code: &str,
    table: TableId,
    what: &str,
    q: &Quote,
    expected: i64,
    cells: &[CellRef],
    severity: Severity,
    note: &str,
) {
    if q.value == expected {
        return;
    }
    let text = ctx.part_text(q.part);
    let quote: String = text[q.start..q.end].chars().filter(|c| !c.is_whitespace()).collect();
    let inferred = cells.iter().any(|c| ctx.report.provenance.inferred.contains(c));
    let (severity, scope_note) = if severity == Severity::Error && q.scoped {
        (Severity::Warning, "（正文所说的范围可能与表中不同，请核对）")
    } else if severity == Severity::Error && inferred {
        (Severity::Warning, "（表中该数系由原文推断，请核对）")
    } else {
        (severity, "")
    };
    out.push(
        Finding::new(
            code,
            severity,
            format!("正文“{quote}”与表{}不符：{what}为{expected}{note}{scope_note}", table.numeral()),
        )
        .table(table)
        .cells(cells.iter().map(|c| ctx.id(*c)).collect())
        .values(q.value, expected)
        .at(q.part, text, q.start, q.end),
    );
}

/// "收到申请N件": the counts of applications received.
fn received_quotes(ctx: &Ctx<'_>) -> Vec<Quote> {
    after(ctx, &["收到", "受理", "新收"], 14, &["申请"], &["复议", "诉讼", "结转"])
}

/// "办结N件": the counts of applications answered.
fn completed_quotes(ctx: &Ctx<'_>) -> Vec<Quote> {
    after_ex(
        ctx,
        &["办结", "答复"],
        10,
        &[],
        &["复议", "诉讼", "结转", "下年度"],
        &["公开", "提供", "处理", "办理", "转"],
    )
}

/// Counts the text gives for the figure a total cell holds: table 三's 总计 of 新收, 上年结转,
/// （七）总计, 结转下年度, 予以公开 and 部分公开, table 四's 行政复议 总计. As (value, quote, part,
/// start, end): a sum finding whose addends agree with one names the total as the likely wrong
/// cell.
pub(super) fn quoted_total(ctx: &Ctx<'_>, cell: CellRef) -> Vec<(i64, String, Option<u8>, usize, usize)> {
    let l = ctx.layout;
    let quotes = match cell.table {
        TableId::T4 if cell == l.t4(0, l.t4_columns.len() - 1) => {
            let mut q = after(ctx, &["行政复议"], 6, &[], &["起诉", "诉讼", "结果"]);
            q.extend(before(ctx, &["行政复议"], 14));
            dedup(q)
        }
        TableId::T3 if cell.col as usize == l.t3_total_col() => match l.t3_rows.get(cell.row as usize).map(|r| r.key) {
            Some("new") => received_quotes(ctx),
            Some("total") => completed_quotes(ctx),
            Some("carry") => after(ctx, &["上年结转", "上年度结转", "上一年度结转"], 10, &[], &[]),
            Some("open") => after(ctx, &["予以公开", "同意公开"], 8, &[], &["复议", "诉讼"]),
            Some("partial") => after(ctx, &["部分公开"], 8, &[], &["复议", "诉讼"]),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    quotes
        .into_iter()
        .filter(|q| !q.scoped)
        .map(|q| {
            let text = ctx.part_text(q.part);
            let quote = text[q.start..q.end].chars().filter(|c| !c.is_whitespace()).collect();
            (q.value, quote, q.part, q.start, q.end)
        })
        .collect()
}

/// X401: 收到申请N件 vs 一、本年新收 总计.
pub fn received(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let quotes = received_quotes(ctx);
    let Some((new, cells)) = rows_total(ctx, &["new"]) else { return };
    let carry = rows_total(ctx, &["carry"]).map(|x| x.0).unwrap_or(0);
    let either = witnesses(ctx, &["new"]);
    for q in quotes.iter().filter(|q| !either.contains(&q.value)) {
        if q.value != new && carry > 0 && q.value == new + carry {
            compare(
                ctx,
                out,
                "X401",
                TableId::T3,
                "“一、本年新收”总计",
                q,
                new,
                &cells,
                Severity::Warning,
                &format!("（{}＝本年新收{new}+上年结转{carry}，似将上年结转计入了收到）", q.value),
            );
        } else {
            compare(ctx, out, "X401", TableId::T3, "“一、本年新收”总计", q, new, &cells, Severity::Error, "");
        }
    }
}

/// X402: 办结/答复N件 vs （七）总计.
pub fn completed(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let quotes = completed_quotes(ctx);
    let Some((total, cells)) = rows_total(ctx, &["total"]) else { return };
    let either = witnesses(ctx, &["total"]);
    for q in quotes.iter().filter(|q| !either.contains(&q.value)) {
        compare(ctx, out, "X402", TableId::T3, "“（七）总计”", q, total, &cells, Severity::Error, "");
    }
}

/// X403: 结转 counts vs 二 and 四.
pub fn carried(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some((next, cells)) = rows_total(ctx, &["next"]) {
        let mut quotes = before(
            ctx,
            &["结转下年度", "结转到下年度", "转入下年度", "顺延到下年度", "转下一年度", "结转至下年度"],
            12,
        );
        quotes.extend(after(ctx, &["结转下年度", "转下一年度", "结转至下年度", "结转到下年度"], 12, &[], &[]));
        let quotes = dedup(quotes);
        let either = witnesses(ctx, &["next"]);
        for q in quotes.iter().filter(|q| !either.contains(&q.value)) {
            compare(
                ctx,
                out,
                "X403",
                TableId::T3,
                "“四、结转下年度继续办理”总计",
                q,
                next,
                &cells,
                Severity::Error,
                "",
            );
        }
    }
    if let Some((carry, cells)) = rows_total(ctx, &["carry"]) {
        let quotes = after(ctx, &["上年结转", "上年度结转", "上一年度结转"], 10, &[], &[]);
        let either = witnesses(ctx, &["carry"]);
        for q in quotes.iter().filter(|q| !either.contains(&q.value)) {
            compare(ctx, out, "X403", TableId::T3, "“二、上年结转”总计", q, carry, &cells, Severity::Error, "");
        }
    }
}

/// X404: 复议/诉讼 counts vs table 四.
pub fn appeals(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some((review, cells)) = ctx.t4_total(&[0]) {
        let mut quotes = after(ctx, &["行政复议"], 6, &[], &["起诉", "诉讼", "结果"]);
        quotes.extend(before(ctx, &["行政复议"], 14));
        let quotes = dedup(quotes);
        for q in &quotes {
            compare(ctx, out, "X404", TableId::T4, "行政复议总计", q, review, &cells, Severity::Error, "");
        }
    }
    if let Some((lit, cells)) = ctx.t4_total(&[1, 2]) {
        let mut quotes = after(ctx, &["行政诉讼", "诉讼"], 6, &[], &["复议", "结果"]);
        quotes.extend(before(ctx, &["行政诉讼"], 14));
        let quotes = dedup(quotes);
        for q in &quotes {
            compare(
                ctx,
                out,
                "X404",
                TableId::T4,
                "行政诉讼（未经复议直接起诉与复议后起诉）总计",
                q,
                lit,
                &cells,
                Severity::Error,
                "",
            );
        }
    }
}

/// X405: result categories vs table 三.
pub fn results(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let both =
        after(ctx, &["予以公开及部分公开", "予以公开和部分公开", "全部公开和部分公开", "全部或部分公开"], 8, &[], &[]);
    let covered: Vec<(Option<u8>, usize, usize)> = both.iter().map(|q| (q.part, q.start, q.end)).collect();
    if let Some((v, cells)) = rows_total(ctx, &["open", "partial"]) {
        for q in &both {
            compare(ctx, out, "X405", TableId::T3, "“予以公开”与“部分公开”合计", q, v, &cells, Severity::Error, "");
        }
    }
    let inside = |q: &Quote| covered.iter().any(|(p, s, e)| *p == q.part && q.start >= *s && q.start < *e);
    let cats: [(&[&str], Vec<&'static str>, &str); 6] = [
        (&["予以公开", "同意公开"], vec!["open"], "“（一）予以公开”"),
        (&["部分公开"], vec!["partial"], "“（二）部分公开”"),
        (&["不予公开"], group_rows(ctx, "deny"), "“（三）不予公开”各项合计"),
        (&["无法提供"], group_rows(ctx, "unable"), "“（四）无法提供”各项合计"),
        (&["不予处理"], group_rows(ctx, "reject"), "“（五）不予处理”各项合计"),
        (&["其他处理"], group_rows(ctx, "other"), "“（六）其他处理”合计"),
    ];
    for (kws, rows, what) in cats {
        if rows.is_empty() {
            continue;
        }
        let Some((v, cells)) = rows_total(ctx, &rows) else { continue };
        for q in after(ctx, kws, 8, &[], &["复议", "诉讼"]) {
            if !inside(&q) {
                compare(ctx, out, "X405", TableId::T3, what, &q, v, &cells, Severity::Error, "");
            }
        }
    }
}
