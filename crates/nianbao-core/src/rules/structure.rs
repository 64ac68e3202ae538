//! Structure and text rules (S300–S311).

use super::Ctx;
use crate::finding::{Finding, Severity};
use crate::layout::{Edition, TableId, PARTS};
use crate::model::Level;

/// A text folded, without white space. (For keyword presence the parts' compact forms of
/// [`Ctx::texts`] serve as well: they differ only in "1、" read as "1.", which no keyword holds.)
fn compact(s: &str) -> String {
    crate::text::fold_compact(s)
}

/// S300: a report in the format before the 2019 revision of the 条例.
pub fn pre2019(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if ctx.report.edition != Edition::Pre2019 {
        return;
    }
    let year = ctx.report.meta.year.map(|y| format!("（{y}年度）")).unwrap_or_default();
    out.push(Finding::new(
        "S300",
        Severity::Info,
        format!(
            "本报告{year}为2019年以前的格式（附“政府信息公开情况统计表”，没有现行格式的表三、表四），2019年版和2021年版格式的各项检查不适用，未作检查"
        ),
    ));
}

/// S301: the edition matches the year.
pub fn edition_year(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(year) = ctx.report.meta.year else { return };
    let expected = Edition::for_year(year);
    if ctx.report.edition == expected {
        // tables 三 and 四 follow the right edition; table 二 may not (a hybrid report)
        let t2 = ctx.report.t2_edition();
        if t2 != expected {
            let (sev, msg) = if year >= 2021 {
                (Severity::Error, format!("{year}年度年报的表二仍使用2019年版（试行）表格（如“本年新制作数量”“上一年项目数量”），未按2021年版新格式编制；表三、表四已按2021年版"))
            } else {
                (Severity::Warning, format!("{year}年度年报的表二使用了2021年版表格，表三、表四为2019年版（试行）；{year}年度应使用2019年版（试行）格式"))
            };
            out.push(Finding::new("S301", sev, msg).table(TableId::T2).values(t2.label(), expected.label()));
        }
        return;
    }
    let (sev, msg) = if year >= 2021 {
        (Severity::Error, format!("{year}年度年报仍使用2019年版（试行）表格，未按2021年版新格式编制"))
    } else {
        (Severity::Warning, format!("{year}年度年报应使用2019年版（试行）格式，却使用了2021年版表格"))
    };
    out.push(Finding::new("S301", sev, msg).table(TableId::T2).values(ctx.report.edition.label(), expected.label()));
}

/// S302: six parts, in order.
pub fn six_parts(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let n = &ctx.report.narrative;
    let missing: Vec<&str> = (0..6).filter(|&i| !n.has_part(i)).map(|i| PARTS[i].0).collect();
    if !missing.is_empty() {
        out.push(Finding::new("S302", Severity::Warning, format!("正文缺少：{}", missing.join("、"))));
    }
    let positions: Vec<(usize, u32)> =
        n.parts.iter().enumerate().filter_map(|(i, p)| p.source_pos.map(|s| (i, s))).collect();
    for w in positions.windows(2) {
        if w[1].1 < w[0].1 {
            out.push(Finding::new(
                "S302",
                Severity::Warning,
                format!("“{}”出现在“{}”之前，六个部分的顺序不对", PARTS[w[1].0].0, PARTS[w[0].0].0),
            ));
        }
    }
}

/// S304: the 2021 edition's （六）其他处理 given as one row.
pub fn other_split(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if ctx.report.edition != Edition::E2021 {
        return;
    }
    let l = ctx.layout;
    let rows = l.t3_group_rows("other");
    // printed as one row: its rows unread, or 0 where the merged row had 0 (see the importer)
    let merged = rows.iter().all(|&r| {
        let c = l.t3(r, 0);
        ctx.unread(c) || ctx.report.provenance.inferred.contains(&c)
    });
    if merged && ctx.report.provenance.subtotals.contains_key("other") {
        out.push(
            Finding::new(
                "S304",
                Severity::Warning,
                "表三（六）其他处理只填了一行合计，2021年版格式要求分“逾期不补正”“逾期未缴费”“其他”3项填写",
            )
            .table(TableId::T3),
        );
    }
}

/// S305: the statistics period.
pub fn period(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let text = ctx.all_text();
    let markers = ["统计期限", "统计时限", "统计周期", "统计时间", "统计区间", "统计截止", "统计范围"];
    let found = markers.iter().filter_map(|m| crate::text::find_str(text, m)).min();
    let Some(i) = found else {
        if ctx.report.narrative.opening.is_empty() && ctx.report.narrative.parts.iter().all(|p| p.text.is_empty()) {
            return;
        }
        out.push(Finding::new(
            "S305",
            Severity::Warning,
            "未写明统计期限（如“本报告所列数据的统计期限自N年1月1日起至N年12月31日止”）",
        ));
        return;
    };
    let window: String = text[i..].chars().take(50).collect();
    let years: Vec<i64> = crate::text::integers(&window)
        .into_iter()
        .filter(|(v, _, e)| (2000..2100).contains(v) && window[*e..].starts_with('年'))
        .map(|(v, _, _)| v)
        .collect();
    if let (Some(year), Some(&first)) = (ctx.report.meta.year, years.first()) {
        if years.iter().any(|&y| y != year as i64) {
            out.push(
                Finding::new("S305", Severity::Warning, format!("统计期限写的是{first}年，与报告年度{year}年不一致"))
                    .values(first, year),
            );
        }
    }
}

/// S306: the title names the year.
pub fn title_year(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let title = compact(&ctx.report.narrative.title);
    let Some(year) = ctx.report.meta.year else { return };
    if title.is_empty() {
        out.push(Finding::new(
            "S306",
            Severity::Warning,
            format!("未找到标题；标题应形如“××{year}年政府信息公开工作年度报告”"),
        ));
    } else if !title.contains(&format!("{year}年")) {
        out.push(Finding::new("S306", Severity::Warning, format!("标题“{title}”未写明报告年度{year}年")));
    }
}

/// S307: 一、总体情况 covers the five aspects (2021 edition).
pub fn overview_coverage(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if ctx.report.edition != Edition::E2021 || !ctx.report.narrative.has_part(0) {
        return;
    }
    let t = &ctx.texts()[1].2.text;
    let aspects: [(&str, &[&str]); 5] = [
        ("主动公开", &["主动公开"]),
        ("依申请公开", &["依申请", "申请公开", "公开申请"]),
        ("政府信息管理", &["信息管理"]),
        ("平台建设", &["平台", "网站", "新媒体"]),
        ("监督保障", &["监督", "保障", "考核", "培训"]),
    ];
    let missing: Vec<&str> =
        aspects.iter().filter(|(_, kws)| !kws.iter().any(|k| t.contains(k))).map(|(n, _)| *n).collect();
    if !missing.is_empty() {
        out.push(Finding::new("S307", Severity::Warning, format!("“一、总体情况”未写到：{}", missing.join("、"))));
    }
}

/// S308: government reports mention 考核, 评议, 追究.
pub fn government_items(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if ctx.report.meta.level != Level::Government {
        return;
    }
    let t = ctx.all_text();
    let items = [("工作考核", &["考核"][..]), ("社会评议", &["评议", "评价", "评估"]), ("责任追究", &["追究", "问责"])];
    let missing: Vec<&str> =
        items.iter().filter(|(_, kws)| !kws.iter().any(|k| t.contains(k))).map(|(n, _)| *n).collect();
    if !missing.is_empty() {
        out.push(Finding::new(
            "S308",
            Severity::Warning,
            format!("本报告为人民政府年报，应说明工作考核、社会评议和责任追究结果情况，未找到：{}", missing.join("、")),
        ));
    }
}

/// S309: part 五 names problems and measures.
pub fn problems_measures(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if !ctx.report.narrative.has_part(4) {
        return;
    }
    let t = &ctx.texts()[5].2.text;
    let problems = ["问题", "不足", "差距", "薄弱", "有待"].iter().any(|k| t.contains(k));
    let measures = ["措施", "改进", "下一步", "将", "加强", "推进", "提升"].iter().any(|k| t.contains(k));
    let mut missing = Vec::new();
    if !problems {
        missing.push("存在的问题");
    }
    if !measures {
        missing.push("改进措施");
    }
    if !missing.is_empty() {
        out.push(Finding::new("S309", Severity::Warning, format!("第五部分没有写{}", missing.join("和"))));
    } else if !["上年", "上一年", "去年", "整改情况", "改进情况"].iter().any(|k| t.contains(k)) {
        out.push(Finding::new(
            "S309",
            Severity::Info,
            "第五部分未说明上年度问题的整改情况（此项要求未见正式文件，仅作提示）",
        ));
    }
}

/// S310: the opening gives where it is published and a contact.
pub fn opening_contact(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t = &ctx.texts()[0].2.text;
    if t.is_empty() {
        return;
    }
    let mut missing = Vec::new();
    if !["网站", "网址", "门户", "http", "www", "网(", "公布", "下载", "政府网"].iter().any(|k| t.contains(k))
    {
        missing.push("报告在何处公布");
    }
    if !["联系", "电话", "咨询", "邮箱"].iter().any(|k| t.contains(k)) {
        missing.push("联系方式");
    }
    if !missing.is_empty() {
        out.push(Finding::new("S310", Severity::Info, format!("开头一段未说明{}", missing.join("和"))));
    }
}

/// S311: the 信息处理费 statement (2021 on).
pub fn processing_fee(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if ctx.report.meta.year.is_none_or(|y| y < 2021) {
        return;
    }
    let six = &ctx.texts()[6].2.text;
    let all = ctx.all_text();
    let mentions = |t: &str| ["处理费", "收费", "费用"].iter().any(|k| t.contains(k));
    if mentions(six) || (all.contains("信息处理费") && !ctx.report.narrative.has_part(5)) {
        return;
    }
    let msg = if six.trim_matches(|c| c == '。' || c == '.') == "无" {
        "第六部分只写了“无”：应说明本年度是否收取信息处理费（收取的写明金额）"
    } else {
        "第六部分未说明本年度收取信息处理费的情况（收取的写明金额，未收取的写明未收取）"
    };
    out.push(Finding::new("S311", Severity::Warning, msg));
}

/// S312: "一是…二是…三是…" numbered consecutively.
pub fn enumeration(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    use crate::text::cn_numeral;
    for (part, text, _) in ctx.texts() {
        // (numeral, byte offset) of every "X是" that starts a clause: found from each "是"
        let mut marks: Vec<(u8, usize)> = Vec::new();
        let mut from = 0;
        while let Some(q) = crate::text::find_str(&text[from..], "是").map(|q| q + from) {
            from = q + '是'.len_utf8();
            let Some(c) = text[..q].chars().next_back() else { continue };
            let Some(n) = cn_numeral(c) else { continue };
            let i = q - c.len_utf8();
            let boundary = text[..i].chars().next_back().is_none_or(|p| {
                matches!(p, '。' | '；' | ';' | '：' | ':' | '，' | ',' | '、' | ' ' | '\n' | '（' | '(' | '）' | ')')
            });
            // "一是" starts a list even glued to a heading ("…建设方面一是…")
            if (boundary || n == 1) && n <= 10 {
                marks.push((n, i));
            }
        }
        let mut expected = 0u8;
        for (n, at) in marks {
            if n == 1 {
                expected = 2;
                continue;
            }
            if expected == 0 {
                continue; // a list that does not start with 一是
            }
            if n != expected {
                let end = at + '是'.len_utf8() * 2;
                let name = part.map_or("开头".to_string(), |p| PARTS[p as usize].0.to_string());
                let numeral = |k: u8| ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][k as usize];
                out.push(
                    Finding::new(
                        "S312",
                        Severity::Warning,
                        format!("“{name}”中列举序号不连续：应为“{}是”，写成了“{}是”", numeral(expected), numeral(n)),
                    )
                    .values(format!("{}是", numeral(n)), format!("{}是", numeral(expected)))
                    .at(*part, text, at, end.min(text.len())),
                );
                expected = 0; // one finding per list
                continue;
            }
            expected = n + 1;
        }
    }
}
