//! `--summary 检查结果.csv|xlsx`: the 汇总 sheet as CSV that Excel and WPS open (UTF-8 with BOM,
//! every field quoted, cells that a spreadsheet would run as a formula neutralised), or the whole
//! workbook (汇总, 问题清单, 未读取, 规则说明) written by `nianbao-workbook`.

use crate::files::{self, Outcome, Skipped};
use nianbao_core::batch::Batch;
use nianbao_workbook::Workbook;
use std::path::{Path, PathBuf};

/// Refuses a summary file of a kind that cannot be written (before the batch is read).
pub fn check_path(path: &Path) -> Result<(), String> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "xlsx" => Ok(()),
        _ => Err(format!("汇总表 {} 的类型不支持：只能写成 .csv 或 .xlsx（Excel、WPS 可打开）", files::shown(path))),
    }
}

/// Writes the summary file; returns a line saying what was written.
pub fn write(
    path: &Path,
    results: &[(PathBuf, Outcome)],
    review: &Batch,
    skipped: &Skipped,
    force: bool,
) -> Result<String, String> {
    check_path(path)?;
    let is_csv = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let book = workbook(results, review, skipped);
    let (bytes, what) = if is_csv {
        // the 汇总 sheet of the workbook, the same columns
        let rows = nianbao_workbook::summary_table(&book);
        (csv(&rows).into_bytes(), format!("汇总表，{} 行", rows.len() - 1))
    } else {
        let what =
            format!("工作簿，{} 份年报、{} 个问题", book.reports.len(), book.findings.len() + book.findings_left_out);
        (nianbao_workbook::to_xlsx(&book)?, what)
    };
    files::write_atomic(path, &bytes, force)?;
    Ok(format!("已写入 {}（{what}）", files::shown(path)))
}

/// The workbook of a batch: the reports with their batch fields, the missing units, the
/// findings, the unreadable files and the rules.
fn workbook(results: &[(PathBuf, Outcome)], review: &Batch, skipped: &Skipped) -> Workbook {
    let mut book = Workbook::from_batch(review);
    for (path, outcome) in results {
        if let Err(why) = outcome {
            book.add_unreadable(&files::shown(path), why);
        }
    }
    for (p, why) in &skipped.missing {
        book.add_unreadable(&files::shown(p), why);
    }
    book
}

/// One CSV field: quoted, quotes doubled; a leading `=`, `+`, `-`, `@`, tab or carriage return
/// gets a `'` in front so that a spreadsheet shows it as text instead of running it.
pub fn field(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// Rows as CSV text with a BOM, lines ended by CRLF.
pub fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{FEFF}");
    for r in rows {
        let line: Vec<String> = r.iter().map(|f| field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_neutralises() {
        assert_eq!(field("=1+1"), "\"'=1+1\"");
        assert_eq!(field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(field("闽侯县\"商务\"局"), "\"闽侯县\"\"商务\"\"局\"");
        assert_eq!(csv(&[vec!["a".into(), "-2".into()]]), "\u{FEFF}\"a\",\"'-2\"\r\n");
    }
}
