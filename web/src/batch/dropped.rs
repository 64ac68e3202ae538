//! Files dropped on the 批量检查 page: plain files, and every file inside a dropped folder
//! (walked with the browser's File and Directory Entries API), each with its path.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Calls `obj.method()` and returns what it returns.
fn call(obj: &JsValue, method: &str) -> Option<JsValue> {
    get(obj, method).dyn_into::<js_sys::Function>().ok()?.call0(obj).ok()
}

/// Calls `obj.method(resolve, reject)` (a callback API) and waits for the value it passes.
async fn by_callback(obj: &JsValue, method: &str) -> Option<JsValue> {
    let f = get(obj, method).dyn_into::<js_sys::Function>().ok()?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if let Err(e) = f.call2(obj, &resolve, &reject) {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    JsFuture::from(promise).await.ok()
}

/// The entries of a drop, taken while the drop event runs (they are gone after it); None when
/// the browser gives none (then the drop's file list is used).
pub fn entries(dt: &web_sys::DataTransfer) -> Option<Vec<JsValue>> {
    let items = get(dt, "items");
    let n = get(&items, "length").as_f64().unwrap_or(0.0) as u32;
    let entries: Vec<JsValue> = (0..n)
        .filter_map(|i| js_sys::Reflect::get_u32(&items, i).ok())
        .filter_map(|item| call(&item, "webkitGetAsEntry"))
        .filter(|e| e.is_object())
        .collect();
    (!entries.is_empty()).then_some(entries)
}

/// Every file of the entries, folders walked, sorted by path ("folder/file.txt").
pub async fn files(entries: Vec<JsValue>) -> Vec<(String, web_sys::File)> {
    let mut out = Vec::new();
    let mut stack = entries;
    while let Some(entry) = stack.pop() {
        let path = get(&entry, "fullPath").as_string().unwrap_or_default().trim_start_matches('/').to_string();
        if get(&entry, "isFile").as_bool() == Some(true) {
            if let Some(file) = by_callback(&entry, "file").await.and_then(|f| f.dyn_into::<web_sys::File>().ok()) {
                let name = if path.is_empty() { file.name() } else { path };
                out.push((name, file));
            }
        } else if get(&entry, "isDirectory").as_bool() == Some(true) {
            let Some(reader) = call(&entry, "createReader") else { continue };
            // readEntries gives a part of the folder per call (100 in Chromium), then nothing
            while let Some(part) = by_callback(&reader, "readEntries").await {
                let part = js_sys::Array::from(&part);
                if part.length() == 0 {
                    break;
                }
                stack.extend(part.iter());
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}
