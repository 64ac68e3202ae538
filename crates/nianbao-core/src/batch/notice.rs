//! What a supervisor hands on after a batch (FORMAT.md §11): the 通报 — 基本情况, the main
//! problems by kind with the units named, 整改要求 and the 问题清单 as its attachment — and one
//! list of problems for each unit (一单位一清单), in plain words with the official cell names.
//! Both are [`Document`]s, written as Word files by `render::docx::document_docx`.

use super::{Batch, Entry, RosterMatch};
use crate::finding::{Finding, Severity};
use crate::layout::{naming_layouts, Edition};
use crate::render::document::{DocBlock, Document};
use crate::reuse::REPEAT_WARN;

/// Who issues the 通报 and what it asks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoticeOptions {
    /// The issuing office ("某某县人民政府办公室"); "" gives "××" to be filled in.
    pub issuer: String,
    /// The date of the 通报 ("2026年2月10日"); "" leaves the 落款 date blank.
    pub date: String,
    /// The deadline for corrections ("2026年3月10日"); "" leaves a blank to fill in.
    pub deadline: String,
}

/// How a unit is found to have a kind of problem.
enum Found {
    /// A finding of one of these rules (the note counts them).
    Codes(&'static [&'static str]),
    /// Parts 一 and 五 repeat last year's report (the note gives the share).
    RepeatsLastYear,
    /// The report repeats another unit's of the same year (the note says whose, how much).
    RepeatsOthers,
    /// Published after the deadline (the note gives the day and the deadline).
    Late,
}

/// A kind of problem the 通报 groups units by.
struct Kind {
    /// The heading ("统计表勾稽关系错误").
    title: &'static str,
    /// What the units of this kind did, as the sentence's predicate.
    what: &'static str,
    /// How a unit is found to have it.
    found: Found,
}

/// The kinds of problem, in the order the 通报 lists them.
const KINDS: [Kind; 7] = [
    Kind {
        title: "统计表勾稽关系错误",
        what: "统计表数字不符合勾稽关系",
        found: Found::Codes(&["A101", "A102", "A103", "A104", "A105", "V201", "V202", "D501"]),
    },
    Kind {
        title: "正文与统计表不一致",
        what: "正文所写数字与统计表不一致",
        found: Found::Codes(&["X401", "X402", "X403", "X404", "X405", "X406", "X407", "X408", "X409", "X410", "X411"]),
    },
    Kind {
        title: "未按新格式编制",
        what: "未按现行格式编制或沿用旧格式的说法",
        found: Found::Codes(&["S300", "S301", "S316"]),
    },
    Kind {
        title: "内容与上年雷同",
        what: "总体情况、存在的主要问题及改进情况与上年报告大段相同",
        found: Found::RepeatsLastYear,
    },
    Kind {
        title: "与其他单位雷同", what: "报告内容与其他单位的报告大段相同", found: Found::RepeatsOthers
    },
    Kind {
        title: "要素缺失",
        what: "缺少规定的部分、统计表或内容要素",
        found: Found::Codes(&["S302", "S303", "S305", "S306", "S307", "S308", "S309", "S311"]),
    },
    Kind { title: "逾期发布", what: "未在规定期限内发布年报", found: Found::Late },
];

/// The unit's name as the 通报 writes it: the report's unit, else the roster's, else the file.
pub fn unit_name(e: &Entry) -> String {
    if !e.agency.trim().is_empty() {
        return e.agency.trim().to_string();
    }
    match &e.roster {
        RosterMatch::Listed { name, .. } => name.clone(),
        _ => e.file.clone(),
    }
}

/// Where a finding is, in plain words: the table and its cells by their official names, the part
/// of the text, or the report as a whole.
pub fn place(edition: Edition, f: &Finding) -> String {
    let layouts = naming_layouts(edition);
    let names: Vec<String> = f
        .cells
        .iter()
        .take(2)
        .map(|id| layouts.iter().find_map(|l| l.parse_cell_id(id).map(|c| l.cell_name(c))).unwrap_or_default())
        .filter(|n| !n.is_empty())
        .collect();
    let more = if f.cells.len() > 2 { format!("等{}个单元格", f.cells.len()) } else { String::new() };
    if !names.is_empty() {
        return format!("{}{more}", names.join("；"));
    }
    if let Some(t) = f.table {
        return format!("表{}", t.numeral());
    }
    if let Some(loc) = &f.location {
        if let Some(p) = loc.part {
            return format!("正文第{}部分", cn(u32::from(p) + 1));
        }
        return "标题或开头".to_string();
    }
    "全文".to_string()
}

/// What it should be, when the finding says.
fn should_be(f: &Finding) -> String {
    match (&f.found, &f.expected) {
        (Some(found), Some(expected)) => format!("现为{found}，应为{expected}"),
        (None, Some(expected)) => format!("应为{expected}"),
        _ => String::new(),
    }
}

/// The findings a unit must act on: errors and warnings.
fn to_fix(e: &Entry) -> impl Iterator<Item = &Finding> {
    e.findings.iter().filter(|f| f.severity != Severity::Info)
}

/// The units (entries of the batch's year, one a unit) with problems of `kind`, with a short
/// note for each ("3处", "重复62%").
fn units_of(batch: &Batch, k: usize) -> Vec<(String, String)> {
    let kind = &KINDS[k];
    let mut out = Vec::new();
    for e in entries_of_year(batch) {
        let note = match kind.found {
            Found::RepeatsLastYear => {
                e.repetition.previous.filter(|s| *s >= REPEAT_WARN).map(|s| percent("与上年重复", s))
            }
            Found::RepeatsOthers => e.repetition.most_similar.as_ref().filter(|s| s.share >= REPEAT_WARN).map(|s| {
                format!("与{}{}", if s.agency.is_empty() { &s.file } else { &s.agency }, percent("重复", s.share))
            }),
            Found::Late => (e.on_time == Some(false)).then(|| {
                let on = e.published.map(|(d, _)| format!("{d}发布")).unwrap_or_default();
                let due = e.deadline.map(|d| format!("，截止{d}")).unwrap_or_default();
                format!("{on}{due}")
            }),
            Found::Codes(codes) => {
                let n = to_fix(e).filter(|f| codes.contains(&f.code.as_str())).count();
                (n > 0).then(|| format!("{n}处"))
            }
        };
        if let Some(note) = note {
            out.push((unit_name(e), note));
        }
    }
    out
}

/// 1 → "一" … 10 → "十", beyond as digits (the kinds and parts are fewer).
fn cn<T: Into<u32>>(n: T) -> String {
    const NUMS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let n: u32 = n.into();
    NUMS.get((n as usize).wrapping_sub(1)).map_or_else(|| n.to_string(), |s| s.to_string())
}

fn percent(what: &str, share: f64) -> String {
    format!("{what}{:.0}%", share * 100.0)
}

/// The entries of the batch's year (all of them when it has none), a copy of a report once.
pub fn entries_of_year(batch: &Batch) -> Vec<&Entry> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for e in &batch.entries {
        if batch.year.is_some() && e.year.is_some() && e.year != batch.year {
            continue;
        }
        if seen.contains(&e.file.as_str()) {
            continue;
        }
        seen.extend(e.copies.iter().map(String::as_str));
        out.push(e);
    }
    out
}

/// Names in a list: "甲、乙、丙".
fn names(list: &[String]) -> String {
    list.join("、")
}

/// The 通报 of a batch. `unreadable` lists the files that could not be read, with the reason.
pub fn notice(batch: &Batch, unreadable: &[(String, String)], o: &NoticeOptions) -> Document {
    let year = batch.year.map(|y| y.to_string()).unwrap_or_else(|| "××".to_string());
    let issuer = if o.issuer.trim().is_empty() { "××" } else { o.issuer.trim() };
    let title = format!("关于{year}年度政府信息公开工作年度报告检查情况的通报");
    let entries = entries_of_year(batch);
    let mut blocks = vec![DocBlock::Title(title.clone()), DocBlock::Salutation("各有关单位：".to_string())];
    blocks.push(DocBlock::Para(format!(
        "根据《中华人民共和国政府信息公开条例》第四十九条、第五十条规定，{issuer}对各单位发布的{year}年度政府信息公开工作年度报告进行了检查。现将检查情况通报如下。"
    )));
    // 一、基本情况
    blocks.push(DocBlock::Heading1("一、基本情况".to_string()));
    let late: Vec<String> = entries.iter().filter(|e| e.on_time == Some(false)).map(|e| unit_name(e)).collect();
    let on_time = entries.iter().filter(|e| e.on_time == Some(true)).count();
    let unknown = entries.iter().filter(|e| e.on_time.is_none()).count();
    let missing: Vec<String> = batch.missing.iter().map(|u| u.name.clone()).collect();
    let roster = batch.entries.iter().any(|e| e.roster != RosterMatch::NoRoster) || !missing.is_empty();
    let mut basic = if roster {
        let listed = entries.iter().filter(|e| matches!(e.roster, RosterMatch::Listed { .. })).count();
        format!("本次检查名单内单位{}家，已发布年报{}家", listed + missing.len(), listed)
    } else {
        format!("本次共检查年报{}份", entries.len())
    };
    basic.push_str(&format!("。其中按时发布{on_time}家"));
    if late.is_empty() {
        basic.push_str("，无逾期发布");
    } else {
        basic.push_str(&format!("，逾期发布{}家（{}）", late.len(), names(&late)));
    }
    if unknown > 0 {
        basic.push_str(&format!("，发布日期无法判断{unknown}家"));
    }
    if roster {
        if missing.is_empty() {
            basic.push_str("；名单内单位均已发布");
        } else {
            basic.push_str(&format!("；未发布{}家（{}）", missing.len(), names(&missing)));
        }
    }
    if !unreadable.is_empty() {
        let files: Vec<String> = unreadable.iter().map(|u| u.0.clone()).collect();
        basic.push_str(&format!("；{}个文件无法读取（{}），未纳入检查", files.len(), names(&files)));
    }
    let (errors, warnings) = entries.iter().fold((0, 0), |(e, w), x| {
        let (a, b, _) = x.counts();
        (e + a, w + b)
    });
    let with_errors = entries.iter().filter(|e| e.has_errors()).count();
    basic.push_str(&format!("。检查发现错误{errors}处、需核实的问题{warnings}处，{with_errors}家单位的年报有错误。"));
    blocks.push(DocBlock::Para(basic));
    // 二、发现的主要问题
    blocks.push(DocBlock::Heading1("二、发现的主要问题".to_string()));
    let mut n = 0;
    for (k, kind) in KINDS.iter().enumerate() {
        let units = units_of(batch, k);
        if units.is_empty() {
            continue;
        }
        n += 1;
        blocks.push(DocBlock::Heading2(format!("（{}）{}", cn(n as u32), kind.title)));
        let listed: Vec<String> = units.iter().map(|(u, note)| format!("{u}（{note}）")).collect();
        blocks.push(DocBlock::Para(format!("{}家单位{}：{}。", units.len(), kind.what, names(&listed))));
    }
    if n == 0 {
        blocks.push(DocBlock::Para("本次检查未发现上述问题。".to_string()));
    }
    // 三、整改要求
    blocks.push(DocBlock::Heading1("三、整改要求".to_string()));
    let by = if o.deadline.trim().is_empty() {
        "于____年__月__日前".to_string()
    } else {
        format!("于{}前", o.deadline.trim())
    };
    blocks.push(DocBlock::Para(format!(
        "请有关单位对照附件问题清单逐项核实，{by}完成年度报告的更正并在原发布位置重新发布，同时将整改情况书面报送{issuer}。未发布年度报告的单位须立即补充发布。各单位要举一反三，在编制下一年度报告时严格执行统一格式，认真核对统计数据的勾稽关系。"
    )));
    blocks.push(DocBlock::Para("附件：问题清单".to_string()));
    blocks.push(DocBlock::Signature { unit: issuer.to_string(), date: o.date.trim().to_string() });
    // 附件：问题清单 (errors and warnings)
    blocks.push(DocBlock::PageBreak);
    blocks.push(DocBlock::Heading1("附件".to_string()));
    blocks.push(DocBlock::Title("问题清单".to_string()));
    let mut rows = Vec::new();
    for e in &entries {
        let mut fs: Vec<&Finding> = to_fix(e).collect();
        fs.sort_by_key(|f| if f.severity == Severity::Error { 0 } else { 1 });
        for f in fs {
            rows.push(vec![
                (rows.len() + 1).to_string(),
                unit_name(e),
                f.severity.label().to_string(),
                place(e.edition, f),
                f.message.clone(),
                should_be(f),
            ]);
        }
    }
    if rows.is_empty() {
        blocks.push(DocBlock::Para("本次检查未发现需要整改的问题。".to_string()));
    } else {
        blocks.push(DocBlock::Grid {
            header: ["序号", "单位", "级别", "位置", "问题", "应为"].map(String::from).to_vec(),
            rows,
            widths: vec![5, 14, 7, 18, 40, 14],
        });
    }
    Document { title, author: issuer.to_string(), blocks }
}

/// One unit's list of problems (一单位一清单): its errors and warnings, each with where it is,
/// what it is and what it should be. None when the report has none.
pub fn unit_list(e: &Entry, o: &NoticeOptions) -> Option<Document> {
    let fs: Vec<&Finding> = to_fix(e).collect();
    if fs.is_empty() && e.on_time != Some(false) {
        return None;
    }
    let unit = unit_name(e);
    let year = e.year.map(|y| format!("{y}年度")).unwrap_or_default();
    let title = format!("{unit}{year}政府信息公开工作年度报告问题清单");
    let mut blocks = vec![DocBlock::Title(title.clone())];
    let (errors, warnings, _) = e.counts();
    let mut intro = format!("经检查，你单位的年度报告（文件：{}）有错误{errors}处、需核实的问题{warnings}处", e.file);
    if e.on_time == Some(false) {
        let on = e.published.map(|(d, _)| format!("于{d}发布")).unwrap_or_default();
        let due = e.deadline.map(|d| format!("，超过{d}的发布期限")).unwrap_or_default();
        intro.push_str(&format!("；年报{on}{due}"));
    }
    let by = if o.deadline.trim().is_empty() { String::new() } else { format!("，于{}前", o.deadline.trim()) };
    intro.push_str(&format!("。请逐项核实{by}更正后重新发布。"));
    blocks.push(DocBlock::Para(intro));
    let mut sorted = fs.clone();
    sorted.sort_by_key(|f| if f.severity == Severity::Error { 0 } else { 1 });
    let rows: Vec<Vec<String>> = sorted
        .iter()
        .enumerate()
        .map(|(i, f)| {
            vec![
                (i + 1).to_string(),
                f.severity.label().to_string(),
                place(e.edition, f),
                f.message.clone(),
                should_be(f),
            ]
        })
        .collect();
    if !rows.is_empty() {
        blocks.push(DocBlock::Grid {
            header: ["序号", "级别", "位置", "问题", "应为"].map(String::from).to_vec(),
            rows,
            widths: vec![5, 7, 20, 48, 15],
        });
    }
    let issuer = if o.issuer.trim().is_empty() { "××".to_string() } else { o.issuer.trim().to_string() };
    blocks.push(DocBlock::Signature { unit: issuer.clone(), date: o.date.trim().to_string() });
    Some(Document { title, author: issuer, blocks })
}

/// A file name for a unit's list: the unit and year, characters a file name cannot hold
/// replaced, made unique among those `used`.
pub fn list_file_name(unit: &str, year: Option<u16>, used: &mut Vec<String>) -> String {
    let clean: String =
        unit.chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c }).take(60).collect();
    let clean = clean.trim_matches(['.', ' ']).to_string();
    let clean = if clean.is_empty() { "未署名单位".to_string() } else { clean };
    let year = year.map(|y| format!("{y}年度")).unwrap_or_default();
    let base = format!("{clean}{year}问题清单");
    let mut name = format!("{base}.docx");
    let mut k = 2;
    while used.contains(&name) {
        name = format!("{base}（{k}）.docx");
        k += 1;
    }
    used.push(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_unique() {
        let mut used = Vec::new();
        assert_eq!(list_file_name("某某县/商务局", Some(2025), &mut used), "某某县_商务局2025年度问题清单.docx");
        assert_eq!(list_file_name("某某县/商务局", Some(2025), &mut used), "某某县_商务局2025年度问题清单（2）.docx");
        assert_eq!(list_file_name("..", None, &mut used), "未署名单位问题清单.docx");
    }
}
