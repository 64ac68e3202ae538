//! A web worker that renders a draft to .docx. It is a separate wasm module, loaded only when a
//! clerk exports Word, so that the Word writer (docx-rs) does not weigh on the app's first load.
//! It first says it is ready (the string `nianbao-docx-worker-ready`). Message in: the draft JSON
//! (string). Message out: the .docx bytes (Uint8Array), or a Chinese error (string).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let onmessage = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let json = ev.data().as_string().unwrap_or_default();
        let answer: JsValue = match nianbao_core::Report::from_json(&json) {
            Ok(report) => js_sys::Uint8Array::from(&nianbao_core::render::docx::docx(&report)[..]).into(),
            Err(e) => JsValue::from_str(&format!("无法生成 Word 文件：{e}")),
        };
        let _ = reply.post_message(&answer);
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    // messages sent before the module was ready are lost: say when it is
    let _ = scope.post_message(&JsValue::from_str(READY));
}

/// The first message of the worker, once it listens.
const READY: &str = "nianbao-docx-worker-ready";
