//! Table 四 from the ledger's sheet of 行政复议 and 行政诉讼 cases (复议诉讼台账): one row per
//! case with its kind (行政复议; 行政诉讼 filed directly or after review), the date it was filed,
//! the date it was decided and the result. What cannot be read is a finding naming the row, left
//! out of the counts, never guessed.
//!
//! Counting for report year Y [PRACTICE; FORMAT.md §5 gives only the table's layout]: a result
//! column counts the cases decided in Y by their result (维持; 纠正; 其他); 尚未审结 counts the
//! cases filed by 31 December Y and not decided by then; 总计 is their sum in each group.

use crate::batch::dates::Date;
use crate::finding::{Finding, Severity};
use crate::layout::{CellRef, Layout};
use crate::text::fold_compact;
use std::collections::BTreeMap;

/// The columns of a case sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CaseColumn {
    /// 案件类型: 行政复议, 行政诉讼 (and how it was filed).
    Kind,
    /// 是否经复议 / 起诉方式: an optional column for the litigation's route.
    Route,
    /// 收到/受理/立案日期.
    Filed,
    /// 结案/审结/决定日期.
    Decided,
    /// 结果 (维持, 撤销, 驳回, 撤回…).
    Result,
}

impl CaseColumn {
    /// The column a header cell names, if any.
    pub fn of_header(header: &str) -> Option<CaseColumn> {
        let h = fold_compact(header);
        let has = |w: &str| h.contains(w);
        let date = has("日期") || has("时间");
        if h.is_empty() || h.chars().count() > 20 {
            return None;
        }
        if date && (has("结案") || has("审结") || has("决定") || has("判决") || has("裁定") || has("办结"))
        {
            return Some(CaseColumn::Decided);
        }
        if date && (has("收到") || has("受理") || has("立案") || has("收案") || has("申请") || has("起诉"))
        {
            return Some(CaseColumn::Filed);
        }
        if has("结果") || has("结论") || (has("决定") && !date) || has("判决情况") {
            return Some(CaseColumn::Result);
        }
        if has("经复议") || has("起诉方式") || has("复议前置") || has("诉讼类型") {
            return Some(CaseColumn::Route);
        }
        if has("类型") || has("类别") || has("种类") {
            return Some(CaseColumn::Kind);
        }
        None
    }
}

/// A case sheet's header: the first of the first 20 rows naming the kind, the filing date and the
/// result. Returns its index and the columns.
pub fn find_header(rows: &[Vec<String>]) -> Option<(usize, BTreeMap<CaseColumn, usize>)> {
    rows.iter().take(20).enumerate().find_map(|(i, row)| {
        let mut m = BTreeMap::new();
        for (c, cell) in row.iter().enumerate() {
            if let Some(col) = CaseColumn::of_header(cell) {
                m.entry(col).or_insert(c);
            }
        }
        [CaseColumn::Kind, CaseColumn::Filed, CaseColumn::Result].iter().all(|c| m.contains_key(c)).then_some((i, m))
    })
}

/// Whether a sheet holds 复议/诉讼 cases: its name says so, or its header is a case header and
/// its kind column names 复议 or 诉讼.
pub fn is_case_sheet(sheet: &super::Sheet) -> bool {
    if sheet.name.contains("复议") || sheet.name.contains("诉讼") {
        return find_header(&sheet.rows).is_some();
    }
    let Some((header, m)) = find_header(&sheet.rows) else { return false };
    let kind = m[&CaseColumn::Kind];
    sheet.rows.iter().skip(header + 1).filter_map(|r| r.get(kind)).any(|k| group(k, "").is_some())
}

/// The table 四 group of a case: `review` (行政复议), `direct` (行政诉讼 without review first) or
/// `after` (行政诉讼 after review), from the kind and the route columns.
pub fn group(kind: &str, route: &str) -> Option<&'static str> {
    let k = fold_compact(kind);
    let r = fold_compact(route);
    let after =
        |s: &str| s.contains("复议后") || s.contains("经复议") && !s.contains("未经复议") || s.contains("经过复议");
    let litigation = k.contains("诉讼") || k.contains("起诉");
    if litigation {
        let direct_said =
            k.contains("直接") || k.contains("未经复议") || r.contains("直接") || r.contains("未经") || r == "否";
        return Some(if after(&k) || (!direct_said && (after(&r) || r == "是")) { "after" } else { "direct" });
    }
    if k.contains("复议") {
        return Some("review");
    }
    None
}

/// The table 四 column of a result: `keep` (维持, 驳回), `correct` (撤销, 变更, 确认违法, 责令
/// 履行…), `other` (撤回, 终止, 和解, 调解, 不予受理…).
pub fn result(text: &str) -> Option<&'static str> {
    let t = fold_compact(text);
    if t.is_empty() {
        return None;
    }
    let any = |ws: &[&str]| ws.iter().any(|w| t.contains(w));
    if any(&["撤销", "变更", "确认违法", "确认无效", "责令", "纠正", "限期履行", "重新作出", "重新答复"])
    {
        return Some("correct");
    }
    if any(&["维持", "驳回"]) {
        return Some("keep");
    }
    if any(&["撤回", "撤诉", "终止", "和解", "调解", "不予受理", "移送", "其他"]) {
        return Some("other");
    }
    None
}

/// Counts a case sheet for `year` into table 四: each cell with the sheet rows it counts (every
/// cell of the table, 0 where no row is counted), and the rows left out (T101, T102).
pub fn count(sheet: &super::Sheet, year: u16, layout: &Layout) -> (BTreeMap<CellRef, Vec<u32>>, Vec<Finding>, usize) {
    let mut cells: BTreeMap<CellRef, Vec<u32>> = BTreeMap::new();
    for g in 0..layout.t4_groups.len() {
        for c in 0..layout.t4_columns.len() {
            cells.insert(layout.t4(g, c), Vec::new());
        }
    }
    let mut findings = Vec::new();
    let Some((header, m)) = find_header(&sheet.rows) else { return (cells, findings, 0) };
    let (Some(end), Some(start)) = (Date::new(year, 12, 31), Date::new(year, 1, 1)) else {
        return (cells, findings, 0);
    };
    let get = |row: &[String], c: CaseColumn| m.get(&c).and_then(|&i| row.get(i)).map_or("", |s| s.trim()).to_string();
    let place = |key: &str| layout.t4_groups.iter().position(|g| g.key == key);
    let column = |key: &str| layout.t4_columns.iter().position(|c| c.key == key);
    let total = column("total").unwrap_or(layout.t4_columns.len() - 1);
    let mut read = 0;
    for (n, row) in super::data_rows(sheet, header) {
        let left_out = |code: &str, why: String| {
            Finding::new(code, Severity::Warning, format!("复议诉讼台账第{n}行{why}，该行未计入表四"))
        };
        let kind = get(row, CaseColumn::Kind);
        let Some(g) = group(&kind, &get(row, CaseColumn::Route)).and_then(place) else {
            findings
                .push(left_out("T102", format!("的案件类型“{kind}”无法判断是行政复议还是行政诉讼")).measured(&kind));
            continue;
        };
        let filed_text = get(row, CaseColumn::Filed);
        let Some(filed) = super::parse_date(&filed_text) else {
            let why = if filed_text.is_empty() {
                "没有收到（立案）日期".to_string()
            } else {
                format!("的收到（立案）日期“{filed_text}”无法识别")
            };
            findings.push(left_out("T101", why).measured(&filed_text));
            continue;
        };
        let decided_text = get(row, CaseColumn::Decided);
        let decided = super::parse_date(&decided_text);
        if decided.is_none() && !decided_text.is_empty() {
            findings.push(left_out("T101", format!("的结案日期“{decided_text}”无法识别")).measured(&decided_text));
            continue;
        }
        let result_text = get(row, CaseColumn::Result);
        let outcome = match decided {
            Some(d) if d < filed => {
                findings.push(Finding::new(
                    "T104",
                    Severity::Warning,
                    format!("复议诉讼台账第{n}行的结案日期{d}早于收到日期{filed}，该行未计入表四"),
                ));
                continue;
            }
            Some(_) => match result(&result_text) {
                Some(r) => Some(r),
                None => {
                    let why = if result_text.is_empty() {
                        "已有结案日期而没有结果".to_string()
                    } else {
                        format!("的结果“{result_text}”无法对应表四的维持、纠正或其他结果")
                    };
                    findings.push(left_out("T102", why).measured(&result_text));
                    continue;
                }
            },
            None => None,
        };
        read += 1;
        let column_of = match (decided, outcome) {
            (Some(d), Some(o)) if d >= start && d <= end => column(o),
            _ if filed <= end && decided.is_none_or(|d| d > end) => column("pending"),
            _ => None,
        };
        if let Some(c) = column_of {
            cells.entry(layout.t4(g, c)).or_default().push(n);
            cells.entry(layout.t4(g, total)).or_default().push(n);
        }
    }
    (cells, findings, read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_results() {
        assert_eq!(group("行政复议", ""), Some("review"));
        assert_eq!(group("行政诉讼", ""), Some("direct"));
        assert_eq!(group("行政诉讼（复议后起诉）", ""), Some("after"));
        assert_eq!(group("行政诉讼", "经复议"), Some("after"));
        assert_eq!(group("行政诉讼", "是"), Some("after"));
        assert_eq!(group("行政诉讼", "未经复议"), Some("direct"));
        assert_eq!(group("未经复议直接起诉", ""), Some("direct"));
        assert_eq!(group("信访", ""), None);
        assert_eq!(result("驳回诉讼请求"), Some("keep"));
        assert_eq!(result("维持原答复"), Some("keep"));
        assert_eq!(result("撤销答复，责令重新答复"), Some("correct"));
        assert_eq!(result("确认违法"), Some("correct"));
        assert_eq!(result("申请人撤回申请，终止审理"), Some("other"));
        assert_eq!(result("待定"), None);
    }
}
