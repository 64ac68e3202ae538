//! Dates: the publication date of a report, read from its raw text, and its deadline.
//!
//! The publication date is what the portal page shows (发布日期/发布时间/公开日期), else a
//! 成文日期 label, else the date under the signature at the end of the report. A report whose
//! date cannot be found gets none: its timeliness is "无法判断", never a guess.

use crate::model::Level;
use crate::text::fold;
use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month 1..=12.
    pub month: u8,
    /// Day 1..=31.
    pub day: u8,
}

impl Date {
    /// A date, if it exists in the calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=days).contains(&day) && (1990..=2200).contains(&year)).then_some(Date { year, month, day })
    }

    /// Reads a text that is a date and nothing else (a signature's date line).
    pub fn parse_whole(s: &str) -> Option<Date> {
        Date::parse_prefix(s).filter(|(_, used)| *used == s.len()).map(|(d, _)| d)
    }

    /// Reads a date at the start of `s`: `2024-01-17`, `2024/1/17`, `2024.01.17`,
    /// `2024年1月17日` (half- or full-width digits, spaces allowed), or in Chinese numerals as a
    /// 落款 may print it, `二〇二四年一月十七日` ([`Date::parse_chinese_prefix`]). Returns the date
    /// and the bytes it took.
    pub fn parse_prefix(s: &str) -> Option<(Date, usize)> {
        if s.starts_with(|c| chinese_digit(c).is_some()) {
            return Date::parse_chinese_prefix(s);
        }
        let mut nums = [0u32; 3];
        let mut i = 0;
        let b = s.as_bytes();
        let skip_spaces = |i: &mut usize| {
            while *i < b.len() && b[*i] == b' ' {
                *i += 1;
            }
        };
        let mut cjk = false;
        let mut sep_char = 0u8;
        for (k, n) in nums.iter_mut().enumerate() {
            skip_spaces(&mut i);
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() && i - start < 4 {
                *n = *n * 10 + u32::from(b[i] - b'0');
                i += 1;
            }
            let len = i - start;
            let ok_len = if k == 0 { len == 4 } else { (1..=2).contains(&len) };
            if !ok_len {
                return None;
            }
            if k < 2 || cjk {
                skip_spaces(&mut i);
            }
            let rest = &s[i..];
            let sep = if k == 0 {
                if let Some(r) = rest.strip_prefix('年') {
                    cjk = true;
                    rest.len() - r.len()
                } else if !rest.is_empty() && matches!(b[i], b'-' | b'/' | b'.') {
                    sep_char = b[i];
                    1
                } else {
                    return None;
                }
            } else if k == 1 {
                if cjk {
                    rest.strip_prefix('月').map(|r| rest.len() - r.len())?
                } else if rest.as_bytes().first() == Some(&sep_char) {
                    1
                } else {
                    return None;
                }
            } else if cjk {
                rest.strip_prefix('日').map(|r| rest.len() - r.len())?
            } else {
                // a digit right after the day would make it another number
                if rest.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                    return None;
                }
                0
            };
            i += sep;
        }
        let date = Date::new(u16::try_from(nums[0]).ok()?, nums[1] as u8, nums[2] as u8)?;
        Some((date, i))
    }

    /// Reads a date in Chinese numerals at the start of `s`: the year digit by digit (〇, its
    /// look-alike ○ or 零 for zero), the month and day as counted (`十二月`, `三十一日`):
    /// `二〇二四年一月十七日`. Returns the date and the bytes it took.
    pub fn parse_chinese_prefix(s: &str) -> Option<(Date, usize)> {
        let mut chars = s.char_indices().peekable();
        let mut year = 0u32;
        for _ in 0..4 {
            let (_, c) = chars.next()?;
            year = year * 10 + chinese_digit(c)?;
        }
        let mut expect = |unit: char| -> Option<()> { (chars.next()?.1 == unit).then_some(()) };
        expect('年')?;
        let rest = &s[chars.peek()?.0..];
        let (month, used) = chinese_count(rest)?;
        let rest = rest[used..].strip_prefix('月')?;
        let (day, used) = chinese_count(rest)?;
        let after = rest[used..].strip_prefix('日')?;
        let date = Date::new(u16::try_from(year).ok()?, u8::try_from(month).ok()?, u8::try_from(day).ok()?)?;
        Some((date, s.len() - after.len()))
    }

    /// Parses a deadline written as `MM-DD`, `M月D日` or `MM/DD` (the year comes from the
    /// report). Checked against a leap year, so 02-29 is accepted.
    pub fn parse_month_day(s: &str) -> Option<(u8, u8)> {
        let s = fold(s).trim().replace('月', "-").replace('日', "").replace('/', "-");
        let full = format!("2000-{s}");
        let (d, used) = Date::parse_prefix(&full)?;
        (used == full.len()).then_some((d.month, d.day))
    }
}

/// The value of a Chinese digit as a year prints it: 〇 (or ○, 零) to 九.
fn chinese_digit(c: char) -> Option<u32> {
    match c {
        '〇' | '○' | '零' | 'Ｏ' => Some(0),
        _ => "一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32 + 1),
    }
}

/// A month or day in Chinese numerals at the start of `s` (一 to 三十一: 十, 十二, 二十, 二十三),
/// and the bytes it took.
fn chinese_count(s: &str) -> Option<(u32, usize)> {
    let digit = |c: Option<char>| c.and_then(chinese_digit).filter(|&d| d > 0);
    let mut chars = s.chars();
    let first = chars.next()?;
    let (value, taken) = if first == '十' {
        // 十, 十一 … 十九
        match digit(chars.next()) {
            Some(d) => (10 + d, 2),
            None => (10, 1),
        }
    } else {
        let tens = digit(Some(first))?;
        if chars.next() == Some('十') {
            // 二十, 二十三, 三十一
            match digit(chars.next()) {
                Some(d) => (tens * 10 + d, 3),
                None => (tens * 10, 2),
            }
        } else {
            (tens, 1)
        }
    };
    let used: usize = s.chars().take(taken).map(char::len_utf8).sum();
    Some((value, used))
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Where a publication date was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DateSource {
    /// The page's 发布日期/发布时间/公开日期.
    #[serde(rename = "页面发布日期")]
    Page,
    /// A 成文日期 label.
    #[serde(rename = "成文日期")]
    Written,
    /// The date under the signature at the end of the report.
    #[serde(rename = "落款日期")]
    Signature,
    /// The publication date recorded in a draft.
    #[serde(rename = "草稿所填")]
    Draft,
}

impl DateSource {
    /// The Chinese name of the source.
    pub fn label(self) -> &'static str {
        match self {
            DateSource::Page => "页面发布日期",
            DateSource::Written => "成文日期",
            DateSource::Signature => "落款日期",
            DateSource::Draft => "草稿所填",
        }
    }
}

const PAGE_LABELS: &[&str] = &["发布日期", "发布时间", "公开日期", "发布于"];
/// Labels a page shows at the start of a line ("时间:2025-01-21 来源:"); elsewhere these words
/// are too common ("统计时间").
const PAGE_LINE_LABELS: &[&str] = &["时间:", "日期:"];
const WRITTEN_LABELS: &[&str] = &["成文日期", "成文时间"];

/// Finds the publication date in the raw text of a report (HTML already turned into text):
/// the page's date labels first, then 成文日期, then the signature date in the last lines.
pub fn publication_date(text: &str) -> Option<(Date, DateSource)> {
    let folded = fold(text);
    labelled_date(&folded, PAGE_LABELS)
        .or_else(|| line_labelled_date(&folded))
        .map(|d| (d, DateSource::Page))
        .or_else(|| labelled_date(&folded, WRITTEN_LABELS).map(|d| (d, DateSource::Written)))
        .or_else(|| signature_date(&folded).map(|d| (d, DateSource::Signature)))
}

/// The first date written right after one of the labels (after `:`, `|`, brackets, spaces).
fn labelled_date(folded: &str, labels: &[&str]) -> Option<Date> {
    for label in labels {
        let mut from = 0;
        while let Some(i) = crate::text::find_str(&folded[from..], label).map(|i| i + from) {
            from = i + label.len();
            let rest = folded[i + label.len()..].trim_start_matches([' ', '\t', '\n', ':', '|', '[', '【', '(', '：']);
            if let Some((d, _)) = Date::parse_prefix(rest) {
                return Some(d);
            }
        }
    }
    None
}

/// The text of an HTML page for finding its dates: every tag a line break, `&nbsp;` a space
/// (no parser needed: labels and dates are never split by markup that matters here).
pub fn tags_to_lines(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // the text up to each '<' is kept; the tag up to its '>' becomes a line break
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) => {
                out.push('\n');
                rest = &rest[open + close + 1..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    if !out.contains('&') {
        return out;
    }
    out.replace("&nbsp;", " ").replace("&#160;", " ")
}

/// A date after a short label that starts a line.
fn line_labelled_date(folded: &str) -> Option<Date> {
    // (a text without any of the labels has no line that starts with one)
    if !PAGE_LINE_LABELS.iter().any(|l| crate::text::find_str(folded, l).is_some()) {
        return None;
    }
    folded.lines().find_map(|line| {
        let line = line.trim_start_matches([' ', '\t', '|']);
        let rest = PAGE_LINE_LABELS.iter().find_map(|l| line.strip_prefix(l))?;
        Date::parse_prefix(rest.trim_start()).map(|(d, _)| d)
    })
}

/// A line that holds only a date, among the last lines of the text (the signature block: the
/// agency's name, then the date).
fn signature_date(folded: &str) -> Option<Date> {
    folded.lines().rev().map(str::trim).filter(|l| !l.is_empty()).take(12).find_map(|l| {
        let l = l.trim_matches(|c: char| c.is_whitespace() || c == '|');
        Date::parse_whole(l)
    })
}

/// The statutory deadline for a report of `year` (条例 art. 49): 部门 by 31 January of the next
/// year, 政府 by 31 March; before the 2019 revision (reports up to 2018) 31 March for all.
/// `month_day` overrides it (a local schedule).
pub fn deadline(year: u16, level: Level, month_day: Option<(u8, u8)>) -> Option<Date> {
    let (m, d) = month_day.unwrap_or(match level {
        Level::Department if year >= 2019 => (1, 31),
        _ => (3, 31),
    });
    let next = year.checked_add(1)?;
    // 02-29 in a year without it: the last day of February
    Date::new(next, m, d).or_else(|| Date::new(next, m, d.saturating_sub(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_date_forms() {
        let d = |s| Date::parse_prefix(s).map(|(d, _)| d.to_string());
        assert_eq!(d("2020-01-20 15:22").as_deref(), Some("2020-01-20"));
        assert_eq!(d("2021年01月29日").as_deref(), Some("2021-01-29"));
        assert_eq!(d("2024 年 1 月 17 日").as_deref(), Some("2024-01-17"));
        assert_eq!(d("2024/1/7").as_deref(), Some("2024-01-07"));
        assert_eq!(d("2024-13-01"), None);
        assert_eq!(d("2023-02-29"), None);
        assert_eq!(d("2024-01/17"), None);
        assert_eq!(d("2024年"), None);
        // a 落款 in Chinese numerals, with 〇, its look-alike ○ or 零
        assert_eq!(d("二〇二四年一月十七日").as_deref(), Some("2024-01-17"));
        assert_eq!(d("二○二三年十二月三十一日").as_deref(), Some("2023-12-31"));
        assert_eq!(d("二零二五年二月二十日前").as_deref(), Some("2025-02-20"));
        assert_eq!(d("二〇二四年十月十日").as_deref(), Some("2024-10-10"));
        assert_eq!(Date::parse_whole("二〇二四年一月十七日"), Date::new(2024, 1, 17));
        assert_eq!(d("二〇二四年二月三十日"), None);
        assert_eq!(d("二〇二四年十三月一日"), None);
        assert_eq!(d("二〇二四年一月"), None);
        assert_eq!(d("一二三"), None);
        assert_eq!(d("二〇二四年〇月一日"), None);
        assert_eq!(Date::parse_month_day("01-26"), Some((1, 26)));
        assert_eq!(Date::parse_month_day("1月26日"), Some((1, 26)));
        assert_eq!(Date::parse_month_day("13-01"), None);
        assert_eq!(Date::parse_month_day("01-26x"), None);
    }

    #[test]
    fn finds_the_date_and_its_source() {
        let page = "标题\n发布时间: 2020-01-20 15:22\n一、总体情况\n……\n某某局\n2020年1月10日\n";
        assert_eq!(publication_date(page), Some((Date::new(2020, 1, 20).unwrap(), DateSource::Page)));
        let signed = "一、总体情况\n对规范性文件的成文日期、发布日期进行标注。\n某某局\n2020年1月10日\n附件下载:";
        assert_eq!(publication_date(signed), Some((Date::new(2020, 1, 10).unwrap(), DateSource::Signature)));
        assert_eq!(publication_date("一、总体情况\n2020年，本局……\n"), None);
        let header = "代县卫生健康局2024年政府信息公开工作年度报告\n 时间：2025-01-21      来源:\n统计时间:2024年1月1日至12月31日";
        assert_eq!(publication_date(header), Some((Date::new(2025, 1, 21).unwrap(), DateSource::Page)));
        assert_eq!(publication_date("本报告统计时间:2024年1月1日至2024年12月31日。"), None);
        let chinese = "一、总体情况\n……\n某某县人民政府办公室\n二〇二五年一月二十日\n";
        assert_eq!(publication_date(chinese), Some((Date::new(2025, 1, 20).unwrap(), DateSource::Signature)));
    }

    #[test]
    fn dates_in_html_pages() {
        let page = "<div class=info><span>发布日期：</span>&nbsp;<b>2021-01-28</b></div><p>一、总体情况</p>";
        assert_eq!(publication_date(&tags_to_lines(page)), Some((Date::new(2021, 1, 28).unwrap(), DateSource::Page)));
        let signed = "<p>六、其他需要报告的事项</p><p>无。</p><p style='text-align:right'>上海市人民政府办公厅</p><p style='text-align:right'>2020年1月20日</p>";
        assert_eq!(publication_date(&tags_to_lines(signed)).map(|(_, s)| s), Some(DateSource::Signature));
    }

    #[test]
    fn deadlines_by_level() {
        assert_eq!(deadline(2023, Level::Department, None).unwrap().to_string(), "2024-01-31");
        assert_eq!(deadline(2023, Level::Government, None).unwrap().to_string(), "2024-03-31");
        assert_eq!(deadline(2018, Level::Department, None).unwrap().to_string(), "2019-03-31");
        assert_eq!(deadline(2022, Level::Department, Some((2, 29))).unwrap().to_string(), "2023-02-28");
    }
}
