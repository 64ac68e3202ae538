//! Where the batch is kept for the tab: the browser's IndexedDB (database `nianbao`, store
//! `batches`), one record per tab under an id the tab keeps in its sessionStorage, so that Back
//! (after 打开为草稿) and a reload find it again, however many files it holds (sessionStorage
//! holds about 5 MB of text; IndexedDB a share of the disk). A record is the batch's JSON and
//! when it was saved; records of tabs closed more than [`STALE_DAYS`] days ago are removed when
//! a batch page opens. 清空本批 removes the tab's record.

use crate::app::Shell;
use js_sys::{Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "nianbao";
const STORE: &str = "batches";
/// The sessionStorage key of the tab's id.
const TAB_KEY: &str = "nianbao-batch-tab";
/// The sessionStorage key where earlier versions kept the batch itself (removed).
const OLD_KEY: &str = "nianbao-batch-v1";
/// Records of other tabs older than this are removed.
const STALE_DAYS: f64 = 3.0;

thread_local! {
    /// The database, once open.
    static OPEN: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

/// Why the batch cannot be kept, as the user reads it.
fn not_kept(why: &str) -> String {
    format!("本批文件未能保存在本浏览器中（{why}），离开或刷新本页后需重新选择")
}

/// This tab's id (made on first use, kept by the tab across reloads and Back).
fn tab_id() -> Option<String> {
    let session = web_sys::window()?.session_storage().ok()??;
    if let Ok(Some(id)) = session.get_item(TAB_KEY) {
        return Some(id);
    }
    let id = format!("{}-{}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e9) as u64);
    session.set_item(TAB_KEY, &id).ok()?;
    let _ = session.remove_item(OLD_KEY);
    Some(id)
}

/// Waits for a request to succeed, with its result.
async fn finished(request: &IdbRequest) -> Result<JsValue, String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = request.clone();
        let fail = Closure::once_into_js(move || {
            let why = failed.error().ok().flatten().map(|e| e.name()).unwrap_or_default();
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&why));
        });
        request.set_onsuccess(Some(ok.unchecked_ref()));
        request.set_onerror(Some(fail.unchecked_ref()));
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|e| match e.as_string().as_deref() {
        Some("QuotaExceededError") => "浏览器的存储空间不足".to_string(),
        Some(other) if !other.is_empty() => format!("浏览器存储出错：{other}"),
        _ => "浏览器存储出错".to_string(),
    })
}

/// The database, opened (and made, the first time) once per page.
async fn database() -> Result<IdbDatabase, String> {
    if let Some(db) = OPEN.with(|o| o.borrow().clone()) {
        return Ok(db);
    }
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| "浏览器不允许本页使用存储（如隐私模式）".to_string())?;
    let request = factory.open_with_u32(DATABASE, 1).map_err(|_| "无法打开浏览器存储".to_string())?;
    let upgrade = request.clone();
    let make = Closure::once_into_js(move || {
        if let Ok(db) = upgrade.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(make.unchecked_ref()));
    let db: IdbDatabase = finished(&request).await?.dyn_into().map_err(|_| "无法打开浏览器存储".to_string())?;
    OPEN.with(|o| *o.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// The store in a new transaction.
fn store(db: &IdbDatabase, mode: IdbTransactionMode) -> Result<web_sys::IdbObjectStore, String> {
    db.transaction_with_str_and_mode(STORE, mode)
        .and_then(|t| t.object_store(STORE))
        .map_err(|_| "无法使用浏览器存储".to_string())
}

/// Keeps `json` (the batch) for the tab; a failure is told to the user.
pub fn keep(json: String, shell: Shell) {
    leptos::task::spawn_local(async move {
        if let Err(e) = put(json).await {
            shell.tell(not_kept(&e));
        }
    });
}

async fn put(json: String) -> Result<(), String> {
    let id = tab_id().ok_or_else(|| "浏览器不允许本页保存".to_string())?;
    let db = database().await?;
    let record = Object::new();
    let _ = Reflect::set(&record, &"json".into(), &JsValue::from_str(&json));
    let _ = Reflect::set(&record, &"at".into(), &JsValue::from_f64(js_sys::Date::now()));
    let request = store(&db, IdbTransactionMode::Readwrite)?
        .put_with_key(&record, &JsValue::from_str(&id))
        .map_err(|_| "无法写入浏览器存储".to_string())?;
    finished(&request).await.map(|_| ())
}

/// The batch kept for this tab (its JSON), if any; removes other tabs' stale records.
pub async fn kept() -> Option<String> {
    let id = web_sys::window()?.session_storage().ok()??.get_item(TAB_KEY).ok()??;
    let db = database().await.ok()?;
    remove_stale(&db, &id);
    let request = store(&db, IdbTransactionMode::Readonly).ok()?.get(&JsValue::from_str(&id)).ok()?;
    let record = finished(&request).await.ok()?;
    Reflect::get(&record, &"json".into()).ok()?.as_string()
}

/// Removes the records of other tabs saved more than [`STALE_DAYS`] days ago.
fn remove_stale(db: &IdbDatabase, mine: &str) {
    let Ok(store) = store(db, IdbTransactionMode::Readwrite) else { return };
    let Ok(request) = store.open_cursor() else { return };
    let before = js_sys::Date::now() - STALE_DAYS * 24.0 * 3600.0 * 1000.0;
    let mine = mine.to_string();
    let walk = request.clone();
    let step = Closure::<dyn FnMut()>::new(move || {
        let Ok(Some(cursor)) = walk.result().map(|r| r.dyn_into::<web_sys::IdbCursorWithValue>().ok()) else {
            return;
        };
        let key = cursor.key().ok().and_then(|k| k.as_string()).unwrap_or_default();
        let at = cursor.value().ok().and_then(|v| Reflect::get(&v, &"at".into()).ok()).and_then(|a| a.as_f64());
        if key != mine && at.is_none_or(|at| at < before) {
            let _ = cursor.delete();
        }
        let _ = cursor.continue_();
    });
    request.set_onsuccess(Some(step.as_ref().unchecked_ref()));
    // the cursor calls it once per record, until the transaction ends with the page's
    step.forget();
}

/// Forgets the batch kept for this tab (清空本批).
pub fn forget() {
    let Some(id) = tab_id() else { return };
    leptos::task::spawn_local(async move {
        if let Ok(db) = database().await {
            if let Ok(request) = store(&db, IdbTransactionMode::Readwrite)
                .and_then(|s| s.delete(&JsValue::from_str(&id)).map_err(|_| "无法写入浏览器存储".to_string()))
            {
                let _ = finished(&request).await;
            }
        }
    });
}
