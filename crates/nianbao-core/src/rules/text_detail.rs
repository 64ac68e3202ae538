//! Detailed numbers of the text against the tables (X410–X411): counts per applicant
//! ("其中自然人申请72件") against table 三's 本年新收 columns, and table 二's numbers quoted in
//! the text ("现行有效行政规范性文件393件", "行政许可4529件", "收费18651.06万元").

use super::Ctx;
use crate::finding::{Finding, Severity};
use crate::layout::{CellRef, Edition, TableId};
use crate::model::Number;

/// A number quoted right after a keyword.
struct Quoted {
    part: Option<u8>,
    /// Byte range in that part's text (original), keyword to unit.
    start: usize,
    end: usize,
    value: Number,
    /// The compact sentence up to the number.
    sentence: String,
}

fn stop(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '，' | ',' | '：' | ':' | '、' | '|' | '(' | ')' | '（' | '）' | '\n')
}

/// Words that move a sentence to another year or compare with one.
const OTHER_YEAR: &[&str] = &["上年", "上一年", "去年", "同比", "累计", "历年", "以来"];

/// `keyword` + up to `gap` characters (no digit, no clause stop) + a number + one of `units`.
fn quoted(ctx: &Ctx<'_>, keywords: &[&str], gap: usize, units: &[&str]) -> Vec<Quoted> {
    let mut out: Vec<Quoted> = Vec::new();
    for (part, cmp, kw, p) in ctx.places(keywords) {
        let t = &cmp.text;
        let from = p + kw.len();
        let rest = &t[from..];
        let Some((i, _)) = rest.char_indices().take(gap + 1).find(|(_, c)| c.is_ascii_digit() || stop(*c)) else {
            continue;
        };
        if !rest[i..].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let len = rest[i..].bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        let Some(unit) = units.iter().find(|u| rest[i + len..].starts_with(**u)) else { continue };
        let Some(value) = Number::parse(&rest[i..i + len]) else { continue };
        let sentence_start = t[..p].rfind(['。', '；']).map_or(0, |s| s + '。'.len_utf8());
        let sentence = t[sentence_start.min(p)..from + i].to_string();
        let start = cmp.source(p);
        if out.iter().any(|q| q.part == part && q.start <= start && start < q.end) {
            continue;
        }
        out.push(Quoted { part, start, end: cmp.source_end(from + i + len + unit.len()), value, sentence });
    }
    out.retain(|q| !OTHER_YEAR.iter().any(|w| q.sentence.contains(w)));
    out
}

fn excerpt(ctx: &Ctx<'_>, q: &Quoted) -> String {
    ctx.part_text(q.part)[q.start..q.end].chars().filter(|c| !c.is_whitespace()).collect()
}

/// The applicant columns named in the text, as keys of table 三's columns.
const APPLICANTS: &[(&[&str], &[&str])] = &[
    (&["自然人"], &["np"]),
    (&["法人或其他组织", "法人和其他组织", "法人及其他组织"], &["biz", "sci", "npo", "law", "oth"]),
    (&["商业企业"], &["biz"]),
    (&["科研机构"], &["sci"]),
    (&["社会公益组织"], &["npo"]),
    (&["法律服务机构"], &["law"]),
];

/// X410: counts per applicant in the text against 一、本年新收 (a warning where the text counted
/// 上年结转 in).
pub fn applicants(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let l = ctx.layout;
    let (Some(new), Some(carry)) = (l.t3_row("new"), l.t3_row("carry")) else { return };
    let col = |key: &str| l.t3_columns.iter().position(|c| c.key == key);
    for (keywords, keys) in APPLICANTS {
        let cols: Vec<usize> = keys.iter().filter_map(|k| col(k)).collect();
        let sum = |row: usize| -> Option<(i64, Vec<CellRef>)> {
            let cells: Vec<CellRef> = cols.iter().map(|&c| l.t3(row, c)).collect();
            let v = cells.iter().map(|c| ctx.eff(*c)).try_fold(0i64, |a, v| a.checked_add(v?))?;
            Some((v, cells))
        };
        let (Some((n_new, cells)), Some((n_carry, _))) = (sum(new), sum(carry)) else { continue };
        for q in quoted(ctx, keywords, 5, &["件"]) {
            let about_received = ["收到", "受理", "新收", "申请"].iter().any(|w| q.sentence.contains(w));
            let about_other =
                ["结转", "办结", "答复", "复议", "诉讼", "予以", "不予", "无法"].iter().any(|w| q.sentence.contains(w));
            let Some(v) = q.value.as_int() else { continue };
            if !about_received || about_other || v == n_new {
                continue;
            }
            let text = ctx.part_text(q.part);
            let quote = excerpt(ctx, &q);
            let label = keywords[0];
            let (severity, message) = if n_carry > 0 && v == n_new + n_carry {
                (
                    Severity::Warning,
                    format!(
                        "正文“{quote}”与表三不符：{label}本年新收为{n_new}；{v}＝本年新收{n_new}+上年结转{n_carry}，似将上年结转计入了收到"
                    ),
                )
            } else {
                let scoped =
                    ["其中", "代表", "本级"].iter().any(|w| q.sentence.contains(w)) && !q.sentence.contains("收到");
                let severity = if scoped { Severity::Warning } else { Severity::Error };
                (severity, format!("正文“{quote}”与表三不符：“一、本年新收”的{label}为{n_new}"))
            };
            out.push(
                Finding::new("X410", severity, message)
                    .table(TableId::T3)
                    .cells(cells.iter().map(|c| ctx.id(*c)).collect())
                    .values(v, n_new)
                    .at(q.part, text, q.start, q.end),
            );
        }
    }
}

/// Table 二's numbers as the text names them: keywords, row key, column key, units.
type T2Quote = (&'static [&'static str], &'static str, &'static str, &'static [&'static str]);

const T2_QUOTES_2021: &[T2Quote] = &[
    (&["现行有效行政规范性文件", "现行有效的行政规范性文件", "现行有效规范性文件"], "norm", "valid", &["件"]),
    (&["现行有效规章", "现行有效的规章"], "rule", "valid", &["件"]),
    (&["制发行政规范性文件", "制发规范性文件", "印发行政规范性文件"], "norm", "made", &["件"]),
    (&["废止行政规范性文件", "废止规范性文件"], "norm", "abolished", &["件"]),
    (&["行政许可"], "permit", "decisions", &["件"]),
    (&["行政处罚"], "penalty", "decisions", &["件"]),
    (&["行政强制"], "force", "decisions", &["件"]),
    (&["行政事业性收费", "收费金额", "收费"], "fee", "amount", &["万元"]),
];

const T2_QUOTES_2019: &[T2Quote] = &[
    (&["行政许可"], "permit", "decisions", &["件"]),
    (&["行政处罚"], "penalty", "decisions", &["件"]),
    (&["行政强制"], "force", "decisions", &["件"]),
];

/// X411: table 二's numbers quoted in the text. A warning (the text may count another way); where
/// the cell could not be read, the text's number is given beside it as information and never
/// taken for the cell.
pub fn table_two(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    // table 二 in the layout its own labels show (a hybrid report's may be the other edition's)
    let quotes = match ctx.report.t2_edition() {
        Edition::E2021 => T2_QUOTES_2021,
        Edition::E2019 => T2_QUOTES_2019,
        Edition::Pre2019 => return,
    };
    for (keywords, row, col, units) in quotes {
        let Some(cell) = ctx.layout.t2_by_key(row, col) else { continue };
        for q in quoted(ctx, keywords, 6, units) {
            let text = ctx.part_text(q.part);
            let quote = excerpt(ctx, &q);
            let name = ctx.layout.cell_name(cell);
            let finding = if ctx.unread(cell) {
                Finding::new(
                    "X411",
                    Severity::Info,
                    format!("{name}未能读取；正文写明“{quote}”，可据此核对原表（未用于填补该格）"),
                )
                .values("未读取", q.value)
            } else {
                let Some(v) = ctx.report.get(cell) else { continue };
                if (v.as_f64() - q.value.as_f64()).abs() < 1e-9 {
                    continue;
                }
                Finding::new("X411", Severity::Warning, format!("正文“{quote}”与{name}（{v}）不符")).values(q.value, v)
            };
            out.push(finding.table(TableId::T2).cells(vec![ctx.id(cell)]).at(q.part, text, q.start, q.end));
        }
    }
}
