//! The message loop shared by the worker modules loaded on demand (src/bin/*-worker.rs): the
//! worker says it is ready (messages sent before the module listens would be lost), then answers
//! each message, a string, with what `answer` makes of it (bytes, or a Chinese error string).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Listens for string messages and answers each with `answer`; first posts `ready`.
pub fn serve(ready: &'static str, answer: fn(&str) -> Result<Vec<u8>, String>) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let onmessage = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let input = ev.data().as_string().unwrap_or_default();
        let out: JsValue = match answer(&input) {
            Ok(bytes) => js_sys::Uint8Array::from(&bytes[..]).into(),
            Err(e) => JsValue::from_str(&e),
        };
        let _ = reply.post_message(&out);
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    let _ = scope.post_message(&JsValue::from_str(ready));
}
