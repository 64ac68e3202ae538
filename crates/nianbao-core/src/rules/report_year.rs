//! The text against the report's year and edition (S316, S317): wording of the 2019 试行 table
//! 二 in a report in the 2021 format, and a year stated for the report itself that is not the
//! report's year ("编制完成2023年度…" in a 2022 report).

use super::Ctx;
use crate::finding::{Finding, Severity};
use crate::layout::Edition;

/// Phrases of the 2019 format's table 二 (项目数量 and 增/减, 政府集中采购) that the 2021 format
/// no longer has.
const OLD_PHRASES: &[&str] = &["上一年项目数量", "本年增/减", "本年增减", "本年度无增减", "采购项目数量", "采购总金额"];

/// S316: 2019-format wording in a 2021-format report.
pub fn old_wording(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if ctx.report.edition != Edition::E2021 {
        return;
    }
    for (part, text, _) in ctx.texts() {
        let hit = OLD_PHRASES.iter().filter_map(|p| text.find(p).map(|i| (i, *p))).min();
        // "行政事业性收费0项": 2019 counted 收费 items, 2021 reports the amount
        let fee = text.find("行政事业性收费").and_then(|i| {
            let rest = &text[i + "行政事业性收费".len()..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            (digits > 0 && rest[digits..].starts_with('项'))
                .then(|| (i, &text[i..i + "行政事业性收费".len() + digits + 3]))
        });
        let Some((at, phrase)) = hit.into_iter().chain(fee).min() else { continue };
        out.push(
            Finding::new(
                "S316",
                Severity::Warning,
                format!("2021年版格式的报告用了2019年版（试行）的说法“{phrase}”：2021年版表二已改为本年制发、废止、现行有效件数，处理决定数量和收费金额"),
            )
            .at(*part, text, at, at + phrase.len()),
        );
        return;
    }
}

/// The year a report names for itself at `at` (a "YYYY年度" or "YYYY年" just before one of the
/// report's own names, or just after "编制完成"), if any.
fn own_years(text: &str) -> Vec<(u16, usize, usize)> {
    const AFTER: &[&str] = &[
        "政府信息公开工作年度报告",
        "政府信息公开年度报告",
        "政务公开工作年度报告",
        "信息公开工作年度报告",
        "信息公开年报",
        "政府信息公开工作年报",
    ];
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if !(b[i..i + 4].iter().all(u8::is_ascii_digit) && (i == 0 || !b[i - 1].is_ascii_digit())) {
            i += 1;
            continue;
        }
        let year: u16 = text[i..i + 4].parse().unwrap_or(0);
        let rest = &text[i + 4..];
        let unit = if rest.starts_with("年度") {
            "年度".len()
        } else if rest.starts_with('年') {
            3
        } else {
            0
        };
        if unit == 0 || !(2008..=2100).contains(&year) {
            i += 4;
            continue;
        }
        let tail = &rest[unit..];
        let before = &text[..i];
        let named = AFTER.iter().any(|a| tail.starts_with(a));
        let compiled =
            ["编制完成", "编制了", "编制"].iter().any(|p| before.ends_with(p)) && tail.starts_with("政府信息公开");
        // "2022年度政府信息公开工作年度报告中提出的问题": last year's report, not this one
        let other = ["上", "前", "对照", "在"].iter().any(|p| before.ends_with(p)) || {
            let clause = &tail[..tail.find(['。', '；', '，', '\n']).unwrap_or(tail.len())];
            clause.contains("提出") || clause.contains("指出") || clause.contains("整改")
        };
        if (named || compiled) && !other {
            out.push((year, i, i + 4 + unit));
        }
        i += 4;
    }
    out
}

/// S317: a year the report states for itself (title, opening, parts) that is not its year.
pub fn own_year(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(year) = ctx.report.meta.year else { return };
    let title = ctx.report.narrative.title.as_str();
    // (part, its text, year, start, end, in the title)
    type Place<'t> = (Option<u8>, &'t str, u16, usize, usize, bool);
    let mut places: Vec<Place> = own_years(title).into_iter().map(|(y, s, e)| (None, title, y, s, e, true)).collect();
    for (part, text, _) in ctx.texts() {
        // in the parts, a report's title in 《》 is a report published or cited ("公开发布《…2021年
        // 政府信息公开工作年度报告》"), not this one
        let quoted = |s: usize| part.is_some() && text[..s].matches('《').count() > text[..s].matches('》').count();
        places.extend(
            own_years(text).into_iter().filter(|(_, s, _)| !quoted(*s)).map(|(y, s, e)| (*part, *text, y, s, e, false)),
        );
    }
    if let Some((part, text, y, s, e, in_title)) = places.into_iter().find(|p| p.2 != year) {
        let f = Finding::new(
            "S317",
            Severity::Warning,
            format!(
                "{}写的是“{}”，与报告年度{year}年不一致",
                if in_title { "标题中" } else { "正文中说明本报告年度时" },
                &text[s..e]
            ),
        )
        .values(y, year);
        // the title is not a part: its place is named in the message
        out.push(if in_title { f } else { f.at(part, text, s, e) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_the_report_names_for_itself() {
        let y: Vec<u16> = own_years("现公布2022年度政府信息公开工作年度报告。根据要求编制完成2023年度政府信息公开工作")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(y, vec![2022, 2023]);
        assert!(own_years("对照2021年度政府信息公开工作年度报告中提出的问题，逐项整改。").is_empty());
        assert!(own_years("2021年度政府信息公开工作年度报告中指出的问题已整改").is_empty());
    }
}
