//! The 汇总 sheet of a batch as plain rows of text (header first): one row per report and one
//! per roster unit without a report. The CLI writes it as CSV; a workbook writer can take the
//! same rows.

use super::{Batch, Entry, RosterMatch};

/// The header of the 汇总 sheet.
pub const SUMMARY_HEADER: [&str; 24] = [
    "文件",
    "单位",
    "类别",
    "年度",
    "格式",
    "发布日期",
    "日期来源",
    "截止日期",
    "是否按时",
    "错误",
    "警告",
    "本年新收",
    "上年结转",
    "办结（七）总计",
    "结转下年度",
    "行政复议总计",
    "未经复议直接起诉总计",
    "复议后起诉总计",
    "未读取单元格",
    "上年报告",
    "与上年重复率",
    "最相似的同年度报告",
    "与之重复率",
    "名单",
];

/// "按时", "逾期" or "无法判断".
pub fn timeliness(e: &Entry) -> &'static str {
    match e.on_time {
        Some(true) => "按时",
        Some(false) => "逾期",
        None => "无法判断",
    }
}

fn pct(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The rows of the 汇总 sheet, header first.
pub fn summary_rows(batch: &Batch) -> Vec<Vec<String>> {
    let mut rows = vec![SUMMARY_HEADER.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for e in &batch.entries {
        let (errors, warnings, _) = e.counts();
        let t = &e.totals;
        let similar = e.repetition.most_similar.as_ref();
        rows.push(vec![
            e.file.clone(),
            e.agency.clone(),
            e.level.label().to_string(),
            opt(e.year),
            e.edition.label().to_string(),
            opt(e.published.map(|(d, _)| d)),
            opt(e.published.map(|(_, s)| s.label())),
            opt(e.deadline),
            timeliness(e).to_string(),
            errors.to_string(),
            warnings.to_string(),
            opt(t.new),
            opt(t.carry),
            opt(t.concluded),
            opt(t.next),
            opt(t.review),
            opt(t.litigation_direct),
            opt(t.litigation_after),
            e.unread.to_string(),
            e.previous.clone().unwrap_or_default(),
            opt(e.repetition.previous.map(pct)),
            similar.map(|s| format!("{}（{}）", s.agency, s.file)).unwrap_or_default(),
            opt(similar.map(|s| pct(s.share))),
            match &e.roster {
                RosterMatch::NoRoster => String::new(),
                RosterMatch::Listed { .. } => "在名单中".to_string(),
                RosterMatch::NotListed => "不在名单中".to_string(),
            },
        ]);
    }
    for u in &batch.missing {
        let mut row = vec![String::new(); SUMMARY_HEADER.len()];
        row[1] = u.name.clone();
        row[2] = u.level.map(|l| l.label().to_string()).unwrap_or_default();
        row[8] = "未发布".to_string();
        row[23] = format!("名单第{}行", u.line);
        rows.push(row);
    }
    rows
}
