//! The 批量检查 page as a wasm module of its own, loaded by the app the first time a supervisor
//! opens 批量检查 (`nianbao_web::app::BatchHost`): the batch review (pairing, repetition,
//! roster, the workbook rows) and its table do not weigh on a clerk's first load. Built by
//! trunk like the workers (no-modules glue, `batch-page.js` and `batch-page_bg.wasm`) and cached
//! by the service worker for offline use.

use wasm_bindgen::prelude::*;

fn main() {}

/// Shows the 批量检查 page in `host` (the app's place for it); a page shown before is removed.
#[wasm_bindgen]
pub fn mount(host: web_sys::HtmlElement) {
    console_error_panic_hook::set_once();
    nianbao_web::batch::mount(host);
}
