//! 下载检查结果: the batch as the workbook rows, written to .xlsx by the workbook worker (a
//! separate wasm module loaded on first use), then offered as a download.

use super::read::Kept;
use crate::files::{self, OnDemand};
use nianbao_workbook::Workbook;

/// The workbook worker (src/bin/xlsx-worker.rs), writing the batch's workbook.
const XLSX_WORKER: OnDemand = files::xlsx_worker("生成检查结果工作簿");

/// The media type of .xlsx files.
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The workbook of a batch: its review (reports, units without a report, findings) and every
/// file that could not be read.
pub fn workbook(kept: &Kept) -> Workbook {
    let mut book = Workbook::from_batch(&kept.review);
    for (file, r) in &kept.files {
        if let Err(reason) = r {
            book.add_unreadable(file, reason);
        }
    }
    book
}

/// Writes the workbook in the worker and offers it as `批量检查结果-<day>.xlsx`; `done` gets
/// the file name or a Chinese error.
pub fn download(kept: &Kept, done: impl FnOnce(Result<String, String>) + 'static) {
    let json = match serde_json::to_string(&workbook(kept)) {
        Ok(j) => j,
        Err(e) => return done(Err(format!("检查结果无法整理为工作簿：{e}"))),
    };
    let d = js_sys::Date::new_0();
    let name = format!("批量检查结果-{}-{:02}-{:02}.xlsx", d.get_full_year(), d.get_month() + 1, d.get_date());
    files::download_from_worker(&XLSX_WORKER, &json, name, XLSX_TYPE, done);
}
