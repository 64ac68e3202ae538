//! A web worker that writes the 批量检查 workbook (.xlsx). It is a separate wasm module, loaded
//! only when a supervisor clicks 下载检查结果, so that the xlsx writer (rust_xlsxwriter) does not
//! weigh on the app's first load. It first says it is ready (`nianbao-xlsx-worker-ready`).
//! Message in: the workbook rows as JSON (`nianbao_workbook::Workbook`), or
//! `ledger-template:2021` for the blank application ledger, or `roster:` and a spreadsheet's
//! bytes in hex (a roster kept in .xlsx/.xls/.ods, read with calamine: its first sheet comes back
//! as CSV text, UTF-8), or `sheets:` and a ledger's bytes in hex (.xlsx/.xls/.ods/.csv: its
//! sheets come back as JSON, for the ledger page). Message out: the bytes (Uint8Array), or a
//! Chinese error (string). Spreadsheets are read here, not in a page, so that a file the reader
//! cannot survive ends only this worker.

#[path = "../worker.rs"]
mod worker;

fn main() {
    worker::serve(READY, |json| {
        // a roster kept in a spreadsheet: its first sheet as CSV
        if let Some(hex) = json.strip_prefix("roster:") {
            let rows = sheets(hex, "名单")?.into_iter().next().map(|s| s.rows).unwrap_or_default();
            return Ok(nianbao_core::batch::roster::rows_as_csv(&rows).into_bytes());
        }
        // a ledger: its sheets as JSON
        if let Some(hex) = json.strip_prefix("sheets:") {
            return serde_json::to_vec(&sheets(hex, "台账")?).map_err(|e| format!("台账内容无法传递：{e}"));
        }
        // the blank ledger: "ledger-template:2021"
        if let Some(edition) = json.strip_prefix("ledger-template:") {
            let edition = if edition == "2019" { nianbao_core::Edition::E2019 } else { nianbao_core::Edition::E2021 };
            return nianbao_workbook::ledger_template::ledger_template(edition);
        }
        let book: nianbao_workbook::Workbook =
            serde_json::from_str(json).map_err(|e| format!("检查结果数据无法读取：{e}"))?;
        nianbao_workbook::to_xlsx(&book)
    });
}

/// The sheets of a spreadsheet sent in hex (`what` names it in the error: 名单, 台账).
fn sheets(hex: &str, what: &str) -> Result<Vec<nianbao_core::ledger::Sheet>, String> {
    let bytes = from_hex(hex).ok_or_else(|| format!("{what}文件内容无法传递"))?;
    nianbao_sheet::read_any(&bytes)
}

/// Bytes from their hex text (two digits a byte).
fn from_hex(hex: &str) -> Option<Vec<u8>> {
    let b = hex.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    b.chunks(2).map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok()).collect()
}

/// The first message of the worker, once it listens.
const READY: &str = "nianbao-xlsx-worker-ready";
