//! Title, year, agency, level and publication date of an imported report.

use crate::batch::dates::Date;
use crate::model::{Level, Meta, Signature, Tier};
use crate::text::{fold, fold_char, fold_compact, is_invisible};

/// How lines of page furniture begin (after folding).
const PREFIXES: &[&str] = &[
    "====",
    "发布时间:",
    "发布日期:",
    "文号:",
    "发布机构:",
    "栏目:",
    "原文链接:",
    "本地目录:",
    "页面链接",
    "索引号",
    "来源:",
    "附件下载",
    "扫一扫",
    "正文",
    "打印本页",
    "关闭窗口",
    "分享到",
    "公开目录",
];

/// Splits the 落款 off the end of the last part's text: a last line that is only a date, and
/// the line before it when that is a name (short, without sentence punctuation). Both are kept
/// as printed. `None` when the text does not end with a date line.
pub fn split_signature(text: &str) -> Option<(String, Signature)> {
    let mut lines: Vec<&str> = text.lines().collect();
    let date = lines.pop()?.trim();
    Date::parse_whole(date)?;
    let mut signature = Signature { unit: String::new(), date: date.to_string() };
    if let Some(unit) = lines.last().map(|l| l.trim()) {
        let name = (2..=40).contains(&unit.chars().count())
            && !unit.chars().any(|c| "。，；：、,;:！？!?“”\"".contains(c) || c.is_ascii_digit());
        if name {
            signature.unit = unit.to_string();
            lines.pop();
        }
    }
    Some((lines.join("\n").trim_end().to_string(), signature))
}

/// Lines of scraped pages that are page furniture, not report text.
pub fn is_furniture(line: &str) -> bool {
    if line.len() > 240 {
        return false; // page furniture is short
    }
    // every kind of furniture below starts with the first character of a prefix, or one of a
    // note, a page number ("3-" with a digit) or a bar row, or is blank: most lines are
    // rejected here without folding them
    let first = line.chars().find(|&c| !is_invisible(c) && !fold_char(c).is_whitespace()).map(fold_char);
    let may_be = |c: char| c.is_ascii_digit() || "#-—第|".contains(c) || PREFIXES.iter().any(|p| p.starts_with(c));
    if first.is_some_and(|c| !may_be(c)) {
        return false;
    }
    let l = fold(line);
    let l = l.trim();
    // "# 来源: …" is a scraper's note; "# 标题" is a Markdown heading
    let note = l.starts_with('#') && l.contains(':');
    // page numbers: "-3-", "— 3 —", "第3页", "第 3 页 共 9 页"
    let compact: String = l.chars().filter(|c| !c.is_whitespace()).collect();
    let inner = compact.trim_matches(|c| c == '-' || c == '—');
    let page_number = (inner.len() < compact.len() && !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()))
        || (compact.starts_with('第') && compact.contains('页') && compact.chars().count() <= 10);
    if note || page_number {
        return true;
    }
    // a prefix without a colon ("公开目录", "正文") is furniture only on a line that is not a
    // sentence: "公开目录，着力为群众提供…" is report text wrapped at the page width
    let sentence = l.contains(['，', '。', '；', ',']);
    PREFIXES.iter().any(|p| l.starts_with(p) && (p.ends_with(':') || !sentence))
        || l == "|"
        || l.chars().all(|c| c == '|' || c.is_whitespace())
}

const TITLE_SUFFIXES: &[&str] = &[
    "政府信息公开工作年度报告",
    "政府信息公开年度报告",
    "政府信息公开工作年报",
    "政府信息公开年报",
    "信息公开工作年度报告",
    "年度报告",
];

/// Finds the title among the first lines before part 一; a title broken over two or three short
/// lines (PDF) is joined.
fn find_title(pre: &str) -> Option<String> {
    let clean = |line: &str| -> String {
        let mut l: String = fold_compact(line);
        for prefix in ["标题:", "标题|", "名称:", "名称|", "#"] {
            if let Some(rest) = l.strip_prefix(prefix) {
                l = rest.to_string();
            }
        }
        l.trim_matches('|').to_string()
    };
    // a page's field lines ("栏目: 政府信息公开年报", "发布机构: …") are metadata, never the title
    // (标题:/名称: lines are: their label is cut off above)
    let field = |line: &str| is_furniture(line) && fold_compact(line).contains(':');
    let raw: Vec<&str> = pre.lines().take(40).collect();
    let lines: Vec<String> = raw.iter().map(|l| clean(l)).collect();
    for (i, l) in lines.iter().enumerate() {
        if field(raw[i]) {
            continue;
        }
        let navigation = l.contains('>') || l.contains('|') || l.contains("位置") || l.contains("首页");
        if l.chars().count() > 60
            || !(l.contains("年度报告") || l.contains("年报"))
            || l.starts_with("根据")
            || navigation
        {
            continue;
        }
        let mut title = l.clone();
        // join the short lines above that carry the start of the title
        for prev in lines[..i].iter().rev().take(2) {
            let short = !prev.is_empty() && prev.chars().count() <= 30;
            let sentence = prev.ends_with(['。', ':', '：', ';', '；', ',']) || prev.starts_with("根据");
            let navigation = prev.contains(['|', '>']) || prev.contains("位置") || prev.contains("首页");
            if !short
                || sentence
                || navigation
                || is_furniture(prev)
                || title.chars().count() + prev.chars().count() > 60
            {
                break;
            }
            if title.contains("年") && prev.contains("年度报告") {
                break;
            }
            title = format!("{prev}{title}");
        }
        return Some(title);
    }
    None
}

/// Splits the text before part 一 into title and opening paragraph.
pub fn split_title_opening(pre: &str) -> (String, String) {
    let title = find_title(pre).unwrap_or_default();
    // the opening starts at 根据/按照/本报告 when present (drops navigation residue)
    // the earliest marker; the words before it on its line stay when they are sentence text
    // ("本报告由淮安市人民政府办公室根据…", "为做好…工作，根据…"), not the title or navigation
    let mut opening = String::new();
    let first = ["根据", "按照", "依据", "本报告", "本年度报告"].iter().filter_map(|m| pre.find(m)).min();
    if let Some(i) = first {
        let line_start = pre[..i].rfind('\n').map_or(0, |n| n + 1);
        let before: String = fold_compact(&pre[line_start..i]);
        let navigation = before.contains(['>', '|', ':', '#']) || before.contains("首页") || before.contains("位置");
        let keep = !before.is_empty() && before.chars().count() <= 40 && !navigation && !title.contains(&before);
        opening = pre[if keep { line_start } else { i }..].to_string();
    }
    if opening.is_empty() {
        opening = pre
            .lines()
            .filter(|l| {
                let c: String = fold_compact(l);
                !title.is_empty() && c != title && !c.is_empty() && !is_furniture(l)
                    || title.is_empty() && !c.is_empty()
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    // lines wrapped inside a sentence (PDF) are joined; a line that ends a sentence ends a paragraph
    let mut joined = String::new();
    for line in opening.lines().map(str::trim).filter(|l| !l.is_empty() && !is_furniture(l)) {
        if !joined.is_empty() && joined.ends_with(['。', '！', '？', '；']) {
            joined.push('\n');
        }
        joined.push_str(line);
    }
    (title, joined)
}

/// Reads the meta data: year, agency, level, tier, publication date.
pub fn read_meta(doc: &str, first_heading: Option<usize>) -> Meta {
    let pre = &doc[..first_heading.unwrap_or(doc.len()).min(doc.len())];
    let title = find_title(pre).unwrap_or_default();
    // metadata and the contact sentence stand before part 一 (or near the top)
    let head_end = crate::text::floor_boundary(doc, pre.len().max(6000).min(doc.len()));
    let folded = fold(&doc[..head_end]);
    let mut meta = Meta {
        year: year_in(&title)
            .or_else(|| period_year(&folded))
            .or_else(|| year_in(&fold(pre)))
            .or_else(|| most_frequent_year(&folded)),
        agency: agency_from_title(&title)
            .or_else(|| labelled(&folded, &["发布机构:", "发布机构|", "发布机构 |"]))
            .or_else(|| contact_agency(&folded))
            .unwrap_or_default(),
        publish_date: labelled(
            &folded,
            &["发布时间:", "发布日期:", "公开日期|", "公开日期 |", "发布日期|", "发布日期 |"],
        )
        .and_then(|s| date_prefix(&s)),
        ..Meta::default()
    };
    let (level, tier) = classify(&meta.agency);
    meta.level = level;
    meta.tier = tier;
    meta
}

fn year_in(s: &str) -> Option<u16> {
    let b = s.as_bytes();
    for i in 0..b.len().saturating_sub(3) {
        if b[i..i + 4].iter().all(u8::is_ascii_digit) && (i == 0 || !b[i - 1].is_ascii_digit()) {
            let rest = s[i + 4..].trim_start();
            if rest.starts_with('年') {
                let y: u16 = s[i..i + 4].parse().ok()?;
                if (2008..=2100).contains(&y) {
                    return Some(y);
                }
            }
        }
    }
    None
}

fn period_year(s: &str) -> Option<u16> {
    for marker in ["统计期限", "统计时限", "统计周期", "统计时间", "统计区间", "数据统计期限"]
    {
        if let Some(i) = s.find(marker) {
            let window: String = s[i..].chars().take(40).collect();
            if let Some(y) = year_in(&window) {
                return Some(y);
            }
        }
    }
    None
}

/// The year written most often ("2019年…") in the first part of the document: the report year
/// when neither the title nor the statistics period says it.
fn most_frequent_year(s: &str) -> Option<u16> {
    let head: String = s.chars().take(4000).collect();
    // (year, count, first position); years inside 《…》 (titles of other documents) do not count
    let mut counts: Vec<(u16, usize, usize)> = Vec::new();
    for (v, start, e) in crate::text::integers(&head) {
        let in_title = head[..start].rfind('《').is_some_and(|o| head[..start].rfind('》').is_none_or(|c| c < o));
        if (2008..=2100).contains(&v) && head[e..].trim_start().starts_with('年') && !in_title {
            let y = v as u16;
            match counts.iter_mut().find(|(x, _, _)| *x == y) {
                Some(c) => c.1 += 1,
                None => counts.push((y, 1, start)),
            }
        }
    }
    counts.into_iter().max_by_key(|&(_, n, first)| (n, std::cmp::Reverse(first))).map(|(y, _, _)| y)
}

fn agency_from_title(title: &str) -> Option<String> {
    let mut t = title.to_string();
    for suf in TITLE_SUFFIXES {
        if let Some(i) = t.find(suf) {
            t.truncate(i);
            break;
        }
    }
    // drop the year ("2020年", "2020年度") wherever it stands
    let b = t.as_bytes();
    let mut out = t.clone();
    for i in 0..b.len().saturating_sub(3) {
        if b[i..i + 4].iter().all(u8::is_ascii_digit) {
            let rest = &t[i + 4..];
            let year_len = if rest.starts_with("年度") {
                4 + "年度".len()
            } else if rest.starts_with('年') {
                4 + '年'.len_utf8()
            } else {
                continue;
            };
            out = format!("{}{}", &t[..i], &t[i + year_len..]);
            break;
        }
    }
    let out = out.trim().trim_end_matches('的').to_string();
    // a label ("栏目:") is not a unit
    (!out.is_empty() && !out.contains([':', '：'])).then_some(out)
}

fn labelled(s: &str, labels: &[&str]) -> Option<String> {
    for l in labels {
        if let Some(i) = crate::text::find_str(s, l) {
            let rest = s[i + l.len()..].trim_start();
            let v: String = rest.chars().take_while(|c| *c != '\n' && *c != '|').collect();
            let v = v.trim().to_string();
            if !v.is_empty() {
                return Some(v);
            }
        }
    }
    None
}

fn contact_agency(s: &str) -> Option<String> {
    // "可与闽侯县商务局办公室联系", "请与淮安市洪泽区人民政府办公室联系"
    let (i, m) = ["可与", "请与"].iter().filter_map(|m| s.find(m).map(|i| (i, *m))).min()?;
    let rest = &s[i + m.len()..];
    let j = rest.find("联系")?;
    let name: String = rest[..j].chars().take(30).collect();
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let name = name.trim_end_matches("办公室").trim().to_string();
    let generic = ["本机关", "我局", "我委", "我办", "本单位"].iter().any(|g| name.starts_with(g));
    (name.chars().count() >= 3 && !generic && !name.contains([',', '，', '(', '（'])).then_some(name)
}

fn date_prefix(s: &str) -> Option<String> {
    let d: String = s.chars().take(10).collect();
    let b = d.as_bytes();
    (b.len() == 10 && b[4] == b'-' && b[7] == b'-' && d.chars().filter(char::is_ascii_digit).count() == 8).then_some(d)
}

/// Tells 政府/部门 and the tier from the agency name.
pub fn classify(agency: &str) -> (Level, Option<Tier>) {
    let a = agency;
    if a.is_empty() {
        return (Level::Department, None);
    }
    let gov_suffixes = ["人民政府", "管委会", "管理委员会", "街道办事处", "街道", "乡", "镇"];
    let region_only = ["省", "市", "区", "县", "州", "旗", "盟"].iter().any(|s| a.ends_with(s));
    let is_gov = gov_suffixes.iter().any(|s| a.ends_with(s)) || region_only;
    let level = if is_gov { Level::Government } else { Level::Department };
    let municipal = ["北京市", "天津市", "上海市", "重庆市"];
    let tier = if a.contains("街道") || a.contains('乡') || a.ends_with('镇') || a.contains("镇人民政府") {
        Some(Tier::Township)
    } else if a.contains('县') || region_after_city(a) {
        Some(Tier::County)
    } else if municipal.iter().any(|m| a.starts_with(m)) || a.contains('省') || a.contains("自治区") {
        Some(Tier::Province)
    } else if a.contains('市') {
        Some(Tier::City)
    } else if a.starts_with("国家") || a.starts_with("国务院") || a.starts_with("中国") {
        Some(Tier::State)
    } else {
        None
    };
    (level, tier)
}

fn region_after_city(a: &str) -> bool {
    // "淮安市洪泽区…", "…市…区…": a district under a city (not 自治区, not 实验区/新区 names)
    a.find('市').is_some_and(|i| {
        let rest = &a[i + '市'.len_utf8()..];
        rest.find('区').is_some_and(|j| j > 0 && !rest[..j + '区'.len_utf8()].contains("自治区"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_a_name_line_and_a_date_line_at_the_end() {
        let (text, sig) = split_signature("无。\n某某县商务局\n2025年1月20日").unwrap();
        assert_eq!((text.as_str(), sig.unit.as_str(), sig.date.as_str()), ("无。", "某某县商务局", "2025年1月20日"));
        // a sentence before the date is not a name: only the date is the signature
        let (text, sig) = split_signature("全年收取信息处理费0元。\n2025-01-20").unwrap();
        assert_eq!(
            (text.as_str(), sig.unit.as_str(), sig.date.as_str()),
            ("全年收取信息处理费0元。", "", "2025-01-20")
        );
        // a date in Chinese numerals is a date too, kept as printed
        let (_, sig) = split_signature("无。\n某某县商务局\n二〇二五年一月二十日").unwrap();
        assert_eq!((sig.unit.as_str(), sig.date.as_str()), ("某某县商务局", "二〇二五年一月二十日"));
        assert!(split_signature("2024年，无收取信息处理费情况。").is_none());
        assert!(split_signature("某某县商务局\n2025年1月20日前完成整改").is_none());
    }

    #[test]
    fn agency_and_year_from_titles() {
        assert_eq!(agency_from_title("闽侯县商务局2020年政府信息公开工作年度报告").as_deref(), Some("闽侯县商务局"));
        assert_eq!(agency_from_title("2024年上海市科委政府信息公开工作年度报告").as_deref(), Some("上海市科委"));
        assert_eq!(
            agency_from_title("平潭综合实验区2019年度政府信息公开工作年度报告").as_deref(),
            Some("平潭综合实验区")
        );
        assert_eq!(year_in("2024 年上海市科委"), Some(2024));
    }

    #[test]
    fn a_page_field_line_is_not_the_title_or_the_unit() {
        let pre = "发布时间: 2023-02-20 15:07\n文号: \n发布机构: 平潭综合实验区自然资源与生态环境局\n栏目: 政府信息公开年报\n";
        assert_eq!(find_title(pre), None);
        let doc = format!("{pre}本报告根据《条例》编制。\n一、总体情况\n2022年，我局……\n");
        let meta = read_meta(&doc, doc.find("一、总体情况"));
        assert_eq!(meta.agency, "平潭综合实验区自然资源与生态环境局");
        assert_eq!(agency_from_title("栏目:政府信息公开年报"), None);
        let titled = format!("标题: 平潭综合实验区2022年度政府信息公开工作年度报告\n{pre}");
        assert_eq!(find_title(&titled).as_deref(), Some("平潭综合实验区2022年度政府信息公开工作年度报告"));
    }

    #[test]
    fn classifies_levels_and_tiers() {
        assert_eq!(classify("淮安市洪泽区人民政府"), (Level::Government, Some(Tier::County)));
        assert_eq!(classify("闽侯县商务局"), (Level::Department, Some(Tier::County)));
        assert_eq!(classify("淮安市人民政府"), (Level::Government, Some(Tier::City)));
        assert_eq!(classify("上海市科学技术委员会"), (Level::Department, Some(Tier::Province)));
        assert_eq!(classify("桃江县鲊埠回族乡人民政府").1, Some(Tier::Township));
    }
}
