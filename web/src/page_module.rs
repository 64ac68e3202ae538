//! Page modules: parts of the app that are wasm modules of their own (src/bin/*-page.rs),
//! loaded the first time they are shown so that the first load stays small. Each is built by
//! trunk like the workers (no-modules glue: a script declaring `let wasm_bindgen`, a function
//! whose exports, once it has run, include `mount`). Two such scripts cannot both run at the
//! page's top level (the second `let wasm_bindgen` is a syntax error), so each glue is fetched
//! and run inside a function of its own, which returns its `wasm_bindgen`.

use js_sys::{Function, Promise, Reflect};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A page module: its glue script and module (as trunk names them, not hashed), the window
/// property its glue is handed over as, and what it is (for the message when it fails).
pub struct PageModule {
    /// The glue script.
    pub script: &'static str,
    /// The wasm module.
    pub module: &'static str,
    /// The module's name, to keep its loading.
    pub global: &'static str,
    /// The message when it cannot be loaded.
    pub failed: &'static str,
}

/// 批量检查 (src/bin/batch-page.rs).
pub const BATCH: PageModule = PageModule {
    script: "./batch-page.js",
    module: "./batch-page_bg.wasm",
    global: "nianbaoBatchPage",
    failed: "无法载入批量检查页面：浏览器未能读取其程序文件；请刷新页面后重试",
};

/// 从台账生成表三 (src/bin/ledger-page.rs).
pub const LEDGER: PageModule = PageModule {
    script: "./ledger-page.js",
    module: "./ledger-page_bg.wasm",
    global: "nianbaoLedgerPage",
    failed: "无法载入台账读取程序：浏览器未能读取其程序文件；请刷新页面后重试",
};

thread_local! {
    /// Each module's loading (by its global's name), started once and awaited by every later
    /// showing.
    static LOADING: RefCell<Vec<(&'static str, Promise)>> = const { RefCell::new(Vec::new()) };
}

impl PageModule {
    /// Loads the module (the first time) and calls its `mount` with `host` and `args`.
    pub async fn show(&'static self, host: web_sys::HtmlElement, args: &[JsValue]) -> Result<(), String> {
        let loading = LOADING.with_borrow_mut(|l| match l.iter().find(|(g, _)| *g == self.global) {
            Some((_, p)) => p.clone(),
            None => {
                let p = self.load();
                l.push((self.global, p.clone()));
                p
            }
        });
        let glue = JsFuture::from(loading).await.map_err(|_| {
            LOADING.with_borrow_mut(|l| l.retain(|(g, _)| *g != self.global));
            self.failed.to_string()
        })?;
        let mount: Function =
            Reflect::get(&glue, &JsValue::from_str("mount")).ok().and_then(|f| f.dyn_into().ok()).ok_or(self.failed)?;
        let all = js_sys::Array::of1(&host);
        for a in args {
            all.push(a);
        }
        mount.apply(&JsValue::NULL, &all).map(|_| ()).map_err(|_| self.failed.to_string())
    }

    /// Runs the glue script in a function of its own, then the glue on the module; resolves to
    /// the glue (its exports).
    fn load(&'static self) -> Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            let response: web_sys::Response =
                JsFuture::from(leptos::prelude::window().fetch_with_str(self.script)).await?.dyn_into()?;
            if !response.ok() {
                return Err(JsValue::from_str(self.failed));
            }
            let text = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
            let run = Function::new_no_args(&format!("{text}\nreturn wasm_bindgen;"));
            let glue = run.call0(&JsValue::NULL)?;
            let init: &Function = glue.dyn_ref().ok_or_else(|| JsValue::from_str(self.failed))?;
            let options = js_sys::Object::new();
            Reflect::set(&options, &JsValue::from_str("module_or_path"), &JsValue::from_str(self.module))?;
            let started: Promise = init.call1(&JsValue::NULL, &options)?.dyn_into()?;
            JsFuture::from(started).await?;
            Ok(glue)
        })
    }
}
