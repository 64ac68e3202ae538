//! The roster (名单) of the units that must publish a report: read from CSV text.
//!
//! Columns: 单位 (name), 类别 (部门/政府, optional), 截止日期 (the unit's own deadline as
//! MM-DD, optional). A header line is recognised by its names; without one the columns are
//! taken in that order. Tab-separated text (pasted from a spreadsheet) is read as well.

use super::agency::agency_key;
use super::dates::Date;
use crate::model::Level;
use crate::text::printable;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One unit of the roster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterUnit {
    /// The name as written in the roster.
    pub name: String,
    /// 部门 or 政府, when the roster says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// The unit's own deadline (month, day), when the roster gives one.
    #[serde(skip)]
    pub deadline: Option<(u8, u8)>,
    /// The line of the roster (1-based), for messages.
    pub line: usize,
    /// The matching key (see [`agency_key`]).
    #[serde(skip)]
    pub key: String,
}

/// A roster.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Roster {
    /// The units, in roster order.
    pub units: Vec<RosterUnit>,
}

impl Roster {
    /// The units that no report of these agency keys matches (未发布), in roster order.
    pub fn missing<'a>(&self, keys: impl IntoIterator<Item = &'a str>) -> Vec<RosterUnit> {
        let found: HashSet<usize> = keys.into_iter().filter_map(|k| self.find_near(k)).map(|u| u.0.line).collect();
        self.units.iter().filter(|u| !found.contains(&u.line)).cloned().collect()
    }

    /// The unit whose key matches an agency key: the same key, else the one unit whose key ends
    /// the other (a roster of one county may leave out the county's name: "商务局" for
    /// "闽侯县商务局"), at least three characters long. Two such units: no match, never a guess.
    pub fn find(&self, key: &str) -> Option<&RosterUnit> {
        if key.is_empty() {
            return None;
        }
        if let Some(u) = self.units.iter().find(|u| u.key == key) {
            return Some(u);
        }
        let ends = |a: &str, b: &str| a.chars().count() >= 3 && b.ends_with(a);
        let mut found = self.units.iter().filter(|u| ends(&u.key, key) || ends(key, &u.key));
        match (found.next(), found.next()) {
            (Some(u), None) => Some(u),
            _ => None,
        }
    }

    /// The roster unit a report's unit key matches: exactly (`approximate` false), else — to be
    /// shown, never silent — by the end of the name ([`Roster::find`]) or as the one unit
    /// whose name differs by a character or two left out or added ("平潭综合区行政审批局" for
    /// "平潭综合实验区行政审批局"), or by a zone's name between the place and the office
    /// ("平潭行政审批局").
    pub fn find_near(&self, key: &str) -> Option<(&RosterUnit, bool)> {
        if let Some(u) = self.find(key) {
            return Some((u, u.key != key));
        }
        if key.chars().count() < 4 {
            return None;
        }
        let mut near = self.units.iter().filter(|u| one_run_apart(&u.key, key) || one_run_apart(key, &u.key));
        match (near.next(), near.next()) {
            (Some(u), None) => Some((u, true)),
            _ => None,
        }
    }
}

/// CSV text split into records, each with the line it starts on (1-based).
struct Split {
    records: Vec<(usize, Vec<String>)>,
    /// The line of a quote opened and never closed (everything after it ran into one field).
    unclosed: Option<usize>,
}

/// Splits CSV text into records (RFC 4180 quoting; `sep` is ',' or '\t').
fn split(text: &str, sep: char) -> Split {
    let mut records = Vec::new();
    let mut field = String::new();
    let mut record = Vec::new();
    let (mut line, mut start, mut quote_line) = (1, 1, 0);
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{FEFF}').chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
        } else if c == '"' && field.is_empty() {
            quoted = true;
            quote_line = line;
        } else if c == sep {
            record.push(std::mem::take(&mut field));
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            record.push(std::mem::take(&mut field));
            records.push((start, std::mem::take(&mut record)));
            line += 1;
            start = line;
        } else {
            field.push(c);
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push((start, record));
    }
    Split { records, unclosed: quoted.then_some(quote_line) }
}

/// Splits CSV text into records (RFC 4180 quoting; `sep` is ',' or '\t'); a quote left open
/// runs to the end of the text.
pub fn csv_records(text: &str, sep: char) -> Vec<Vec<String>> {
    split(text, sep).records.into_iter().map(|(_, r)| r).collect()
}

/// A roster value as it may appear in a message: control characters (escape sequences planted in
/// a cell) made visible, and at most 40 characters.
fn shown(value: &str) -> String {
    let value = printable(value);
    if value.chars().count() > 40 {
        format!("{}…", value.chars().take(40).collect::<String>())
    } else {
        value.into_owned()
    }
}

/// Reads a roster kept in a spreadsheet: the rows of its first sheet (as `nianbao-sheet` gives
/// them), read like the CSV form.
pub fn parse_roster_rows(rows: &[Vec<String>]) -> Result<Roster, String> {
    parse_roster(&rows_as_csv(rows))
}

/// Rows as CSV text, every field quoted (the form [`parse_roster`] reads).
pub fn rows_as_csv(rows: &[Vec<String>]) -> String {
    let text: Vec<String> = rows
        .iter()
        .map(|r| r.iter().map(|f| format!("\"{}\"", f.replace('"', "\"\""))).collect::<Vec<_>>().join(","))
        .collect();
    text.join("\n")
}

/// Reads a roster. Errors name the line and what is wrong, in Chinese.
pub fn parse_roster(text: &str) -> Result<Roster, String> {
    let first_line = text.lines().next().unwrap_or("");
    let sep = if first_line.contains('\t') && !first_line.contains(',') { '\t' } else { ',' };
    let Split { records, unclosed } = split(text, sep);
    if let Some(line) = unclosed {
        return Err(format!("名单第{line}行：引号“\"”没有配对，其后的内容无法分列；请检查该行"));
    }
    let is_header = |r: &[String]| r.iter().any(|f| ["单位", "名称", "类别"].iter().any(|h| f.contains(h)));
    let (mut name_col, mut level_col, mut deadline_col) = (0, Some(1), Some(2));
    let mut start = 0;
    if let Some((_, h)) = records.first().filter(|(_, r)| is_header(r)) {
        let find = |words: &[&str]| h.iter().position(|f| words.iter().any(|w| f.contains(w)));
        name_col = find(&["单位", "名称"]).unwrap_or(0);
        level_col = find(&["类别", "类型"]);
        deadline_col = find(&["截止", "期限"]);
        start = 1;
    }
    let mut units: Vec<RosterUnit> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (line, r) in records.iter().skip(start) {
        let line = *line;
        let field = |c: Option<usize>| c.and_then(|c| r.get(c)).map(|s| s.trim()).unwrap_or("");
        let name = field(Some(name_col));
        if name.is_empty() {
            if r.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            return Err(format!("名单第{line}行：缺少单位名称"));
        }
        let level = match field(level_col) {
            "" => None,
            "部门" => Some(Level::Department),
            "政府" | "人民政府" | "乡镇" | "街道" => Some(Level::Government),
            other => return Err(format!("名单第{line}行：类别“{}”无法识别，应为“部门”或“政府”", shown(other))),
        };
        let deadline = match field(deadline_col) {
            "" => None,
            d => Some(
                Date::parse_month_day(d)
                    .ok_or_else(|| format!("名单第{line}行：截止日期“{}”无法识别，应写成月-日，如 01-31", shown(d)))?,
            ),
        };
        let key = agency_key(name);
        if let Some(&dup) = by_key.get(&key) {
            let dup = &units[dup];
            return Err(format!("名单第{line}行：单位“{}”与第{}行“{}”重复", shown(name), dup.line, shown(&dup.name)));
        }
        by_key.insert(key.clone(), units.len());
        units.push(RosterUnit { name: name.to_string(), level, deadline, line, key });
    }
    if units.is_empty() {
        return Err("名单中没有任何单位".to_string());
    }
    Ok(Roster { units })
}

/// Words of a zone's name that a unit's name may leave out between the place and the office.
const ZONE_WORDS: [&str; 4] = ["综合实验区", "综合试验区", "实验区", "综合区"];

/// Whether two unit keys name the same unit as a roster match would: equal, one the end of the
/// other, or one run of characters apart (see [`Roster::find_near`]).
pub fn near_keys(a: &str, b: &str) -> bool {
    let ends = |x: &str, y: &str| x.chars().count() >= 3 && y.ends_with(x);
    a == b || ends(a, b) || ends(b, a) || one_run_apart(a, b) || one_run_apart(b, a)
}

/// Whether `short` is `long` with one run of characters left out: one or two characters, or a
/// zone's name ([`ZONE_WORDS`]); the names keep at least four characters.
fn one_run_apart(long: &str, short: &str) -> bool {
    let (l, s): (Vec<char>, Vec<char>) = (long.chars().collect(), short.chars().collect());
    let gap = l.len().saturating_sub(s.len());
    if gap == 0 || s.len() < 4 {
        return false;
    }
    let head = l.iter().zip(&s).take_while(|(a, b)| a == b).count();
    let tail = l.iter().rev().zip(s.iter().rev()).take_while(|(a, b)| a == b).count();
    if head + tail < s.len() {
        return false;
    }
    // the run left out: some start within [s.len() - tail, head]
    let from = s.len() - tail.min(s.len());
    (from..=head.min(s.len())).any(|at| {
        let run: String = l[at..at + gap].iter().collect();
        gap <= 2 || ZONE_WORDS.contains(&run.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_match_and_say_so() {
        let roster =
            parse_roster("单位名称\n平潭综合实验区行政审批局\n平潭综合实验区财政金融局\n某某县商务局\n").unwrap();
        let near = |name: &str| roster.find_near(&agency_key(name)).map(|(u, approx)| (u.name.as_str(), approx));
        assert_eq!(near("平潭综合实验区行政审批局"), Some(("平潭综合实验区行政审批局", false)));
        assert_eq!(near("平潭综合区行政审批局"), Some(("平潭综合实验区行政审批局", true)), "two characters left out");
        assert_eq!(near("平潭行政审批局"), Some(("平潭综合实验区行政审批局", true)), "the zone's name left out");
        assert_eq!(near("某某县商务务局"), Some(("某某县商务局", true)), "one character added");
        assert_eq!(near("某县商务局"), Some(("某某县商务局", true)), "the end of the roster's name");
        assert_eq!(near("某某县财政局"), None, "a different unit is not near");
        assert_eq!(near("平潭综合实验区"), None, "one zone, two offices: neither");
    }

    #[test]
    fn reads_header_quotes_and_deadlines() {
        let r = parse_roster(
            "\u{FEFF}单位名称,类别,截止日期\r\n闽侯县商务局,部门,01-26\r\n\"平潭综合实验区管委会\",政府,\n\n",
        )
        .unwrap();
        assert_eq!(r.units.len(), 2);
        assert_eq!(r.units[0].deadline, Some((1, 26)));
        assert_eq!(r.units[1].level, Some(Level::Government));
        assert_eq!(r.units[1].line, 3);
        assert!(r.find(&agency_key("平潭综合实验区")).is_some());
        let short = parse_roster("单位\n商务局\n统计局\n县统计局\n").unwrap();
        assert_eq!(short.find("闽侯县商务局").map(|u| u.line), Some(2));
        assert_eq!(short.find("闽侯县统计局"), None, "统计局 and 县统计局 both end it");
        assert_eq!(short.find("局"), None);
        let plain = parse_roster("闽侯县商务局\t部门\n淮安市人民政府\t政府").unwrap();
        assert_eq!(plain.units[1].name, "淮安市人民政府");
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            parse_roster("单位,类别\n某局,机关").unwrap_err(),
            "名单第2行：类别“机关”无法识别，应为“部门”或“政府”"
        );
        assert!(parse_roster("单位,类别,截止日期\n某局,部门,2月30日").unwrap_err().starts_with("名单第2行：截止日期"));
        assert!(parse_roster("某局\n某局").unwrap_err().contains("重复"));
        assert_eq!(parse_roster("").unwrap_err(), "名单中没有任何单位");
        assert_eq!(
            parse_roster("单位,类别\n甲局,部门\n\"乙局,部门\n丙局,部门\n").unwrap_err(),
            "名单第3行：引号“\"”没有配对，其后的内容无法分列；请检查该行"
        );
        let multi = parse_roster("单位,类别\n\"甲\n局\",部门\n乙局,部门\n乙局,部门\n").unwrap_err();
        assert_eq!(multi, "名单第5行：单位“乙局”与第4行“乙局”重复", "lines counted in the text, not by record");
        let planted = parse_roster("单位,类别,截止日期\n某局,部门,\u{1b}]0;标题\u{7}\u{1b}[2J").unwrap_err();
        assert!(!planted.chars().any(|c| c.is_control()), "{planted:?}");
        assert!(planted.contains("␛]0;标题␇␛[2J"), "{planted}");
        let planted = parse_roster("单位,类别\n某局,\u{1b}]8;;http://x\u{7}部门").unwrap_err();
        assert!(!planted.chars().any(|c| c.is_control()), "{planted:?}");
        assert_eq!(csv_records("a,\"b,\"\"c\"\"\"\n", ','), vec![vec!["a".to_string(), "b,\"c\"".to_string()]]);
    }
}
