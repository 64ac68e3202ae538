//! The mapping step of 从台账生成表三 as a wasm module of its own, loaded by the editor the first
//! time a clerk chooses a ledger (`nianbao_web::page_module::LEDGER`): the step does not weigh on
//! the first load. The spreadsheet itself is read by the workbook worker (calamine, csv). Built by trunk like the workers
//! (no-modules glue, `ledger-page.js` and `ledger-page_bg.wasm`) and cached by the service worker
//! for offline use.

use wasm_bindgen::prelude::*;

fn main() {}

/// Shows the mapping step of a ledger in `host` (see [`nianbao_web::ledger_page::mount`]):
/// `sheets` is the ledger's sheets as JSON (read by the workbook worker), `options` is JSON
/// `{"file", "year", "edition"}`.
#[wasm_bindgen]
pub fn mount(host: web_sys::HtmlElement, sheets: String, options: String) {
    console_error_panic_hook::set_once();
    nianbao_web::ledger_page::mount(host, &sheets, &options);
}
