//! Statements without a number that contradict the tables (X406–X409): "未收到政府信息公开申请"
//! while 本年新收 is not 0, "所有申请均已办结" while cases are carried over, "未发生行政复议、
//! 行政诉讼" while table 四 has cases, "未收取信息处理费" while fee notices went unpaid.
//!
//! A statement is a negation or a "全部" word followed, in the same clause and with no number
//! between, by its object. A clause about another year ("上年", "去年") is not read; one about a
//! narrower subject ("区政府办代表区政府…", "其中…") gives a warning, never an error.

use super::Ctx;
use crate::finding::{Finding, Severity};
use crate::layout::{CellRef, Edition, TableId};

/// A statement found in one text (the opening or a part).
pub(super) struct Statement {
    /// The text it stands in: None for the opening, else the part's index.
    pub part: Option<u8>,
    /// Byte range in that text (original, not compact).
    pub start: usize,
    pub end: usize,
    /// The compact text of the whole clause, for the words around it.
    pub clause: String,
    /// The clause names a narrower subject.
    pub scoped: bool,
}

/// Ends a clause.
fn clause_stop(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '，' | ',' | '！' | '？' | '\n')
}

/// Words that move a clause to another year.
const OTHER_YEAR: &[&str] = &["上年", "上一年", "去年", "前年", "同比", "以往", "历年"];

/// Words that narrow the subject (as in the text-vs-table rules).
const SCOPE_WORDS: &[&str] = &["代表", "其中", "本级", "政府办", "办公室", "办公厅", "部分"];

/// Finds `lead` followed within `gap` characters of the same clause (no digit between) by one
/// of `objects`; statements whose clause holds one of `unless` (after the lead) are left out.
pub(super) fn statements(
    ctx: &Ctx<'_>,
    leads: &[&str],
    objects: &[&str],
    gap: usize,
    unless: &[&str],
) -> Vec<Statement> {
    let mut out: Vec<Statement> = Vec::new();
    for (part, cmp, lead, p) in ctx.places(leads) {
        let t = &cmp.text;
        let from = p + lead.len();
        let rest = &t[from..];
        let mut hit = None;
        for (n, (i, c)) in rest.char_indices().enumerate() {
            if n > gap || clause_stop(c) || c.is_ascii_digit() {
                break;
            }
            if let Some(o) = objects.iter().find(|o| rest[i..].starts_with(**o)) {
                hit = Some(from + i + o.len());
                break;
            }
        }
        let Some(end) = hit else { continue };
        let c_start = t[..p].rfind(clause_stop).map_or(0, |i| i + t[i..].chars().next().map_or(1, char::len_utf8));
        let c_end = t[end..].find(clause_stop).map_or(t.len(), |i| end + i);
        let clause = &t[c_start..c_end];
        let before = &t[c_start..p];
        let after = &t[p..c_end];
        if OTHER_YEAR.iter().any(|w| clause.contains(w)) || unless.iter().any(|w| after.contains(w)) {
            continue;
        }
        // "未全部办结", "并非全部": a negated "全部" is no statement of completeness
        if before.ends_with('未') || before.ends_with("并非") || before.ends_with("没有") {
            continue;
        }
        let start = cmp.source(p);
        if out.iter().any(|s| s.part == part && s.start <= start && start < s.end) {
            continue;
        }
        out.push(Statement {
            part,
            start,
            end: cmp.source_end(end),
            clause: clause.to_string(),
            scoped: SCOPE_WORDS.iter().any(|w| before.contains(w)),
        });
    }
    out
}

/// Reports a statement that the table contradicts.
#[allow(clippy::too_many_arguments)]
fn contradicts(
    ctx: &Ctx<'_>,
    out: &mut Vec<Finding>,
    code: &str,
    s: &Statement,
    severity: Severity,
    table: TableId,
    cells: &[CellRef],
    what: String,
    expected: &str,
) {
    let text = ctx.part_text(s.part);
    let quote: String = text[s.start..s.end].chars().filter(|c| !c.is_whitespace()).collect();
    let (severity, note) = if s.scoped && severity == Severity::Error {
        (Severity::Warning, "（正文所说的范围可能比本机关窄，请核对）")
    } else {
        (severity, "")
    };
    out.push(
        Finding::new(code, severity, format!("正文“{quote}”，但{what}{note}"))
            .table(table)
            .cells(cells.iter().map(|c| ctx.id(*c)).collect())
            .values(quote.clone(), expected)
            .at(s.part, text, s.start, s.end),
    );
}

/// X406: "未收到政府信息公开申请" while 本年新收 > 0.
pub fn no_applications(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some((new, cell)) = ctx.t3_total("new") else { return };
    if new == 0 {
        return;
    }
    let unless = ["复议", "诉讼", "投诉", "引起", "结转", "超期", "逾期", "超时"];
    let mut found = statements(
        ctx,
        &["未收到", "没有收到", "未接到", "未受理"],
        &["政府信息公开申请", "信息公开申请", "依申请公开", "公开申请"],
        14,
        &unless,
    );
    found.extend(statements(ctx, &["无", "未发生", "没有"], &["依申请公开", "政府信息公开申请"], 0, &unless));
    for s in &found {
        let what = format!("表三“一、本年新收政府信息公开申请数量”总计为{new}");
        contradicts(ctx, out, "X406", s, Severity::Error, TableId::T3, &[cell], what, &new.to_string());
    }
}

/// X407: "所有申请均已办结" while 结转下年度继续办理 > 0.
pub fn all_completed(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some((next, cell)) = ctx.t3_total("next") else { return };
    if next == 0 {
        return;
    }
    let found = statements(
        ctx,
        &["全部", "均已", "均", "全都", "悉数", "都已"],
        &["办结", "答复完毕", "办理完毕"],
        12,
        &["复议", "诉讼", "建议", "提案", "信件", "留言", "投诉"],
    );
    for s in found.iter().filter(|s| !["其余", "其他", "除", "另有", "以外"].iter().any(|w| s.clause.contains(w)))
    {
        // "均在法定期限内办结" may speak of the applications answered: a warning
        let timely = ["期限", "时限", "按时", "按期", "依法"].iter().any(|w| s.clause.contains(w));
        let severity = if timely { Severity::Warning } else { Severity::Error };
        let what = format!("表三“四、结转下年度继续办理”总计为{next}，并非全部办结");
        contradicts(ctx, out, "X407", s, severity, TableId::T3, &[cell], what, &format!("{next}件结转下年度"));
    }
}

/// X408: "未发生行政复议、行政诉讼" while table 四 has cases (复议 and 诉讼 separately).
pub fn no_appeals(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let leads = ["未发生", "没有发生", "未出现", "未产生", "未被", "未有"];
    let unless = ["建议", "纠", "败诉", "撤销", "确认违法"];
    let review = ctx.t4_total(&[0]);
    let lawsuit = ctx.t4_total(&[1, 2]);
    let objects = ["复议", "诉讼", "起诉"];
    let mut found = statements(ctx, &leads, &objects, 18, &unless);
    found.extend(statements(ctx, &["无", "零"], &["行政复议", "行政诉讼", "复议", "诉讼"], 0, &unless));
    let mut report = |names: &[&str], total: Option<(i64, Vec<CellRef>)>, what: &str| {
        let Some((n, cells)) = total else { return };
        if n == 0 {
            return;
        }
        // "未发生行政诉讼，行政复议1件": a clause is read only for what it names
        for s in found.iter().filter(|s| names.iter().any(|o| s.clause.contains(o))) {
            let what = format!("表四{what}为{n}");
            contradicts(ctx, out, "X408", s, Severity::Error, TableId::T4, &cells, what, &n.to_string());
        }
    };
    report(&["复议"], review, "行政复议总计");
    report(&["诉讼", "起诉"], lawsuit, "行政诉讼（未经复议直接起诉与复议后起诉）总计");
}

/// X409: "未收取信息处理费" while 表三 （六）2（逾期未缴费）> 0 (2021 edition): the agency sent
/// fee notices. A warning: no fee may have been paid in the end.
pub fn no_fee(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if ctx.report.edition != Edition::E2021 {
        return;
    }
    let Some((unpaid, cell)) = ctx.t3_total("other_fee") else { return };
    if unpaid == 0 {
        return;
    }
    let found = statements(
        ctx,
        &["未收取", "不收取", "没有收取", "未产生", "未发生", "无"],
        &["处理费", "收费", "费用"],
        12,
        &[],
    );
    for s in &found {
        let what = format!(
            "表三“（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用”为{unpaid}，说明本机关曾发出收费通知，请说明收费情况"
        );
        contradicts(
            ctx,
            out,
            "X409",
            s,
            Severity::Warning,
            TableId::T3,
            &[cell],
            what,
            "说明发出收费通知及实际收费情况",
        );
    }
}
