//! The ledger's columns: the header row found among the first rows (title rows above it are
//! common), each column recognised by its header words, and the user's corrections.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a ledger column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Column {
    /// 收到日期 (受理/申请/登记日期).
    #[serde(rename = "收到日期")]
    Received,
    /// 申请人 (name).
    #[serde(rename = "申请人")]
    Applicant,
    /// 申请人类型 (自然人, 法人或其他组织 and its kind).
    #[serde(rename = "申请人类型")]
    Kind,
    /// 答复日期 (办结日期).
    #[serde(rename = "答复日期")]
    Answered,
    /// 办理结果 (答复结果, 处理结果).
    #[serde(rename = "办理结果")]
    Outcome,
    /// 延期 (whether the time limit was extended).
    #[serde(rename = "延期")]
    Extended,
    /// 备注.
    #[serde(rename = "备注")]
    Note,
}

impl Column {
    /// Every column, in the order a mapping is shown.
    pub const ALL: [Column; 7] = [
        Column::Received,
        Column::Applicant,
        Column::Kind,
        Column::Answered,
        Column::Outcome,
        Column::Extended,
        Column::Note,
    ];

    /// The official name shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Column::Received => "收到日期",
            Column::Applicant => "申请人",
            Column::Kind => "申请人类型",
            Column::Answered => "答复日期",
            Column::Outcome => "办理结果",
            Column::Extended => "延期",
            Column::Note => "备注",
        }
    }

    /// Whether the count needs it.
    pub fn required(self) -> bool {
        matches!(self, Column::Received | Column::Answered | Column::Outcome)
    }

    /// The column a header cell names, if any.
    pub fn of_header(header: &str) -> Option<Column> {
        let h: String = crate::text::fold_compact(header);
        let has = |w: &str| h.contains(w);
        let date = has("日期") || has("时间") || has("日");
        if h.is_empty() || h.chars().count() > 20 {
            return None;
        }
        if has("延期") || has("延长") {
            return Some(Column::Extended);
        }
        if (has("类型") || has("类别") || has("性质") || has("身份")) && !has("结果") && !has("答复") {
            return Some(Column::Kind);
        }
        if (has("答复") || has("办结") || has("回复") || has("告知")) && date {
            return Some(Column::Answered);
        }
        if (has("收到") || has("受理") || has("登记") || has("接收") || has("收件") || has("申请")) && date
        {
            return Some(Column::Received);
        }
        if has("结果") || has("答复情况") || has("答复方式") || has("处理方式") || has("答复内容") {
            return Some(Column::Outcome);
        }
        if has("申请人") || has("申请单位") || has("申请者") {
            return Some(Column::Applicant);
        }
        if has("备注") {
            return Some(Column::Note);
        }
        None
    }
}

/// Which sheet column (0-based) holds what.
pub type Mapping = BTreeMap<Column, usize>;

/// The header row among the first 20 rows: the first one that names the received date, the
/// outcome and at least one more column. Returns its index and the mapping it gives.
pub fn find_header(rows: &[Vec<String>]) -> Option<(usize, Mapping)> {
    rows.iter().take(20).enumerate().find_map(|(i, row)| {
        let mut m = Mapping::new();
        for (c, cell) in row.iter().enumerate() {
            if let Some(col) = Column::of_header(cell) {
                m.entry(col).or_insert(c);
            }
        }
        (m.contains_key(&Column::Received) && m.contains_key(&Column::Outcome) && m.len() >= 3).then_some((i, m))
    })
}

/// The header row when the columns are given by the user: the one found by its words, else the
/// first row that is not blank.
pub fn header_row(rows: &[Vec<String>]) -> usize {
    find_header(rows)
        .map(|x| x.0)
        .or_else(|| rows.iter().position(|r| r.iter().any(|c| !c.trim().is_empty())))
        .unwrap_or(0)
}

/// A column given by letter ("C", "AA") or 1-based number ("3"), 0-based.
pub fn column_index(s: &str) -> Option<usize> {
    let s = s.trim();
    if let Ok(n) = s.parse::<usize>() {
        return n.checked_sub(1);
    }
    if s.is_empty() || s.len() > 3 || !s.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut n = 0usize;
    for c in s.to_ascii_uppercase().bytes() {
        n = n * 26 + usize::from(c - b'A' + 1);
    }
    Some(n - 1)
}

/// The letter of a 0-based column ("A", "AB").
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Reads a mapping file: `{"收到日期": "B", "办理结果": "F", "申请人类型": "申请人性质"}`, each
/// column by letter, number or its header text in `header`. The error names what is wrong.
pub fn parse_mapping(text: &str, header: &[String]) -> Result<Mapping, String> {
    let raw: BTreeMap<String, String> = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        format!("对应关系文件格式有误（第{}行第{}列）：应为 {{\"收到日期\": \"B\", …}}", e.line(), e.column())
    })?;
    let mut m = Mapping::new();
    for (k, v) in raw {
        let col = Column::ALL.into_iter().find(|c| c.label() == k).ok_or_else(|| {
            let names: Vec<&str> = Column::ALL.iter().map(|c| c.label()).collect();
            format!("对应关系文件中的“{k}”不是台账的列名，可用：{}", names.join("、"))
        })?;
        let at = column_index(&v)
            .or_else(|| header.iter().position(|h| h.trim() == v.trim()))
            .ok_or_else(|| format!("对应关系文件中“{k}”对应的“{v}”既不是列号（如 B 或 2），也不是表头中的列名"))?;
        m.insert(col, at);
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words() {
        let row: Vec<String> = [
            "序号",
            "收到申请日期",
            "申请人姓名/名称",
            "申请人性质",
            "申请方式",
            "申请内容",
            "答复日期",
            "办理结果",
            "是否延期",
            "备注",
        ]
        .map(String::from)
        .to_vec();
        let rows = vec![vec!["某某局2025年政府信息公开申请办理台账".to_string()], row];
        let (i, m) = find_header(&rows).unwrap();
        assert_eq!(i, 1);
        assert_eq!(m[&Column::Received], 1);
        assert_eq!(m[&Column::Applicant], 2);
        assert_eq!(m[&Column::Kind], 3);
        assert_eq!(m[&Column::Answered], 6);
        assert_eq!(m[&Column::Outcome], 7);
        assert_eq!(m[&Column::Extended], 8);
        assert_eq!(m[&Column::Note], 9);
        assert_eq!((column_index("C"), column_index("AA"), column_index("3")), (Some(2), Some(26), Some(2)));
        assert_eq!(column_letter(27), "AB");
    }
}
