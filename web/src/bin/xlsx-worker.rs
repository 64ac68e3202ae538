//! A web worker that writes the 批量检查 workbook (.xlsx). It is a separate wasm module, loaded
//! only when a supervisor clicks 下载检查结果, so that the xlsx writer (rust_xlsxwriter) does not
//! weigh on the app's first load. It first says it is ready (`nianbao-xlsx-worker-ready`).
//! Message in: the workbook rows as JSON (`nianbao_workbook::Workbook`), or
//! `ledger-template:2021` for the blank application ledger. Message out: the .xlsx bytes
//! (Uint8Array), or a Chinese error (string).

#[path = "../worker.rs"]
mod worker;

fn main() {
    worker::serve(READY, |json| {
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

/// The first message of the worker, once it listens.
const READY: &str = "nianbao-xlsx-worker-ready";
