//! Agency names normalised for matching reports with each other and with a roster.

use crate::text::fold;

/// Words of a report title that are not part of the unit's name.
const REPORT_WORDS: &[&str] = &[
    "政府信息公开工作年度报告",
    "政府信息公开年度报告",
    "政府信息公开工作报告",
    "信息公开工作年度报告",
    "工作年度报告",
    "年度报告",
    "年报",
];

/// Endings that name the same government: "淮安市人民政府" and "淮安市" are one unit,
/// "平潭综合实验区管委会" and "平潭综合实验区" too.
const GOVERNMENT_ENDINGS: &[&str] = &["人民政府", "管理委员会", "管委会"];

/// The key under which an agency's reports and its roster line are matched: folded, without
/// white space, punctuation, years ("2023年", "2023年度"), the words of a report title, and the
/// ending 人民政府/管委会 of a government's name. Empty when nothing is left.
pub fn agency_key(name: &str) -> String {
    let folded = fold(name);
    let mut s: String = folded.chars().filter(|c| c.is_alphanumeric()).collect();
    for w in REPORT_WORDS {
        s = s.replace(w, "");
    }
    let s = strip_years(&s);
    let mut s = s.trim_start_matches("关于").trim_end_matches('的').to_string();
    for e in GOVERNMENT_ENDINGS {
        if let Some(head) = s.strip_suffix(e) {
            if !head.is_empty() {
                s = head.to_string();
                break;
            }
        }
    }
    s
}

/// Removes "NNNN年度", "NNNN年" and a bare four-digit year.
fn strip_years(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if run == 4 {
            i += 4;
            if chars.get(i) == Some(&'年') {
                i += 1;
                if chars.get(i) == Some(&'度') {
                    i += 1;
                }
            }
            continue;
        }
        if run > 0 {
            out.extend(&chars[i..i + run]);
            i += run;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_across_spellings() {
        assert_eq!(agency_key("平潭综合实验区"), agency_key("平潭综合实验区管委会"));
        assert_eq!(agency_key("淮安市人民政府"), "淮安市");
        assert_eq!(agency_key("淮安市人民政府办公室"), "淮安市人民政府办公室");
        assert_eq!(agency_key("闽侯县商务局2020年度政府信息公开工作年度报告"), "闽侯县商务局");
        assert_eq!(agency_key(" 闽侯县 商务局 "), "闽侯县商务局");
        assert_eq!(agency_key("（天镇县）信访局"), "天镇县信访局");
        assert_eq!(agency_key("人民政府"), "人民政府");
        assert_eq!(agency_key(""), "");
    }
}
