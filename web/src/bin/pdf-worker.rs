//! A web worker that reads the text of a PDF or a Word (.docx) file. It is a separate wasm module,
//! loaded only when a clerk imports such a file, so that the PDF reader (lopdf) and the Word
//! reader (zip, roxmltree) do not weigh on the app's first load. It first says it is ready (the
//! string `nianbao-pdf-worker-ready`). Message in: the file's bytes (Uint8Array or ArrayBuffer).
//! Message out: an object `{ text }` with the text the importer reads
//! (`nianbao_core::import::import_text`), or `{ error }` with the reason in Chinese.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let onmessage = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let _ = reply.post_message(&answer(&ev.data()));
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    // messages sent before the module was ready are lost: say when it is
    let _ = scope.post_message(&JsValue::from_str(READY));
}

/// The reply to one message: `{ text }` or `{ error }`.
fn answer(data: &JsValue) -> JsValue {
    let out = js_sys::Object::new();
    let (key, value) = if data.is_instance_of::<js_sys::Uint8Array>() || data.is_instance_of::<js_sys::ArrayBuffer>() {
        let bytes = js_sys::Uint8Array::new(data).to_vec();
        let text = if nianbao_core::import::sniff::is_pdf(&bytes) {
            nianbao_pdf::pdf_to_text(&bytes).map_err(|e| e.to_string())
        } else {
            nianbao_core::import::docx::docx_to_text(&bytes).map_err(|e| e.to_string())
        };
        match text {
            Ok(text) => ("text", text),
            Err(why) => ("error", why),
        }
    } else {
        ("error", "无法读取 PDF/Word 文件：没有收到文件内容".to_string())
    };
    let _ = js_sys::Reflect::set(&out, &JsValue::from_str(key), &JsValue::from_str(&value));
    out.into()
}

/// The first message of the worker, once it listens.
const READY: &str = "nianbao-pdf-worker-ready";
