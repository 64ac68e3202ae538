//! The mapping step of 从台账生成表三 as a wasm module of its own, loaded by the editor the first
//! time a clerk chooses a ledger (`nianbao_web::page_module::LEDGER`): the spreadsheet reader
//! (calamine, csv) and the step do not weigh on the first load. Built by trunk like the workers
//! (no-modules glue, `ledger-page.js` and `ledger-page_bg.wasm`) and cached by the service worker
//! for offline use.

use wasm_bindgen::prelude::*;

fn main() {}

/// Reads the ledger `bytes` and shows its mapping step in `host` (see
/// [`nianbao_web::ledger_page::mount`]); `options` is JSON `{"file", "year", "edition"}`.
#[wasm_bindgen]
pub fn mount(host: web_sys::HtmlElement, bytes: js_sys::Uint8Array, options: String) {
    console_error_panic_hook::set_once();
    nianbao_web::ledger_page::mount(host, &bytes.to_vec(), &options);
}
