//! The app shell: hash routes (`#/` drafts, `#/d/<id>` editor, `#/batch` 批量检查) and the
//! notice line.

use crate::editor::Editor;
use crate::home::Home;
use leptos::prelude::*;

/// Where the app is.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    /// The list of drafts.
    Home,
    /// Editing a draft.
    Draft(String),
    /// 批量检查: many published reports at once.
    Batch,
}

/// The address of the 批量检查 page.
pub const BATCH: &str = "#/batch";

fn current_route() -> Route {
    let hash = window().location().hash().unwrap_or_default();
    if hash == BATCH {
        return Route::Batch;
    }
    match hash.strip_prefix("#/d/") {
        Some(id) if !id.is_empty() => Route::Draft(id.to_string()),
        _ => Route::Home,
    }
}

/// Goes to a route.
pub fn go(route: &Route) {
    let hash = match route {
        Route::Home => "#/".to_string(),
        Route::Draft(id) => format!("#/d/{id}"),
        Route::Batch => BATCH.to_string(),
    };
    let _ = window().location().set_hash(&hash);
}

/// A short message at the bottom of the page, with an optional action (undo).
#[derive(Clone)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// The action's label and what it does.
    pub action: Option<(String, std::rc::Rc<dyn Fn()>)>,
    /// The page it was told on (the address's hash): a notice with an action belongs to it and
    /// goes when that page is left (a draft's 撤销 never shows in another draft's editor).
    pub at: String,
}

fn here() -> String {
    window().location().hash().unwrap_or_default()
}

/// App-wide state handed to the pages.
#[derive(Clone, Copy)]
pub struct Shell {
    /// The notice shown at the bottom.
    pub notice: RwSignal<Option<Notice>, LocalStorage>,
}

impl Shell {
    /// A shell with no notice shown.
    pub fn new() -> Shell {
        Shell { notice: RwSignal::new_local(None) }
    }

    /// Shows a notice for a while.
    pub fn tell(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice { text: text.into(), action: None, at: here() }));
        self.fade();
    }

    /// Shows a notice with an action (e.g. 撤销) for ten seconds.
    pub fn tell_with(&self, text: impl Into<String>, label: &str, action: impl Fn() + 'static) {
        let action = Some((label.to_string(), std::rc::Rc::new(action) as std::rc::Rc<dyn Fn()>));
        self.notice.set(Some(Notice { text: text.into(), action, at: here() }));
        self.fade();
    }

    fn fade(&self) {
        let notice = self.notice;
        let shown = notice.with_untracked(|n| n.as_ref().map(|n| n.text.clone()));
        set_timeout(
            // (the page that told it may be gone by then, with its notice: nothing to clear)
            move || {
                if notice.try_with_untracked(|n| n.as_ref().map(|n| n.text.clone())) == Some(shown) {
                    notice.try_set(None);
                }
            },
            std::time::Duration::from_secs(10),
        );
    }
}

/// The app.
#[component]
pub fn App() -> impl IntoView {
    let route = RwSignal::new(current_route());
    let shell = Shell::new();
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        // a notice with an action (撤销) stays with the page it was told on
        let now = here();
        if shell.notice.with_untracked(|n| n.as_ref().is_some_and(|n| n.action.is_some() && n.at != now)) {
            shell.notice.set(None);
        }
        route.set(current_route());
    });
    provide_context(shell);
    crate::store::purge_trash();
    view! {
        <header class="topbar no-print">
            <a class="brand" href="#/">"年报助手"</a>
            <span class="tagline">"政府信息公开工作年度报告 · 在本机编写与检查，数据不出浏览器"</span>
        </header>
        <main>
            {move || match route.get() {
                Route::Home => view! { <Home/> }.into_any(),
                Route::Draft(id) => view! { <Editor id=id/> }.into_any(),
                Route::Batch => view! { <BatchHost/> }.into_any(),
            }}
        </main>
        <NoticeLine shell/>
    }
}

impl Default for Shell {
    fn default() -> Shell {
        Shell::new()
    }
}

/// The notice line at the bottom of a page, with its action (撤销).
#[component]
pub fn NoticeLine(shell: Shell) -> impl IntoView {
    view! {
        <div class="notice no-print" role="status" aria-live="polite">
            {move || {
                shell
                    .notice
                    .get()
                    .map(|n| {
                        let action = n.action.clone();
                        view! {
                            <span>{n.text.clone()}</span>
                            {action
                                .map(|(label, f)| {
                                    view! {
                                        <button
                                            class="link"
                                            on:click=move |_| {
                                                f();
                                                shell.notice.set(None);
                                            }
                                        >
                                            {label}
                                        </button>
                                    }
                                })}
                        }
                    })
            }}
        </div>
    }
}

/// The place of the 批量检查 page. The page is a wasm module of its own (src/bin/batch-page.rs),
/// loaded the first time it is opened — the first load of the app stays small — then shown here.
#[component]
pub fn BatchHost() -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let failed = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    Effect::new(move |_| {
        if let Some(el) = host.get() {
            leptos::task::spawn_local(async move {
                let shown = batch_module::show(el.into()).await;
                loading.set(false);
                if let Err(why) = shown {
                    failed.set(Some(why));
                }
            });
        }
    });
    view! {
        <Show when=move || loading.get()>
            <p class="muted" data-testid="batch-loading">"正在载入批量检查……"</p>
        </Show>
        {move || failed.get().map(|why| view! { <p class="error" role="alert">{why}</p> })}
        <div node_ref=host class="batch-host"></div>
    }
}

/// Loading the 批量检查 page module (no-modules glue: a script-global `wasm_bindgen` function,
/// whose exports, once it has run, include `mount`). The glue declares it with `let`, which is
/// not a property of the window: a one-line script after it hands it over as one.
mod batch_module {
    use js_sys::{Function, Promise, Reflect};
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    /// The glue script and the module, as trunk names them (not hashed, like the workers').
    const SCRIPT: &str = "./batch-page.js";
    const MODULE: &str = "./batch-page_bg.wasm";
    const FAILED: &str = "无法载入批量检查页面：浏览器未能读取其程序文件；请刷新页面后重试";
    /// The window property the glue's `wasm_bindgen` is handed over as.
    const GLOBAL: &str = "nianbaoBatchPage";

    thread_local! {
        /// The module's loading, started once and awaited by every later showing.
        static LOADING: std::cell::RefCell<Option<Promise>> = const { std::cell::RefCell::new(None) };
    }

    /// Loads the module (the first time) and shows the page in `host`.
    pub async fn show(host: web_sys::HtmlElement) -> Result<(), String> {
        let loading = LOADING.with_borrow_mut(|l| l.get_or_insert_with(load).clone());
        let glue = JsFuture::from(loading).await.map_err(|_| {
            LOADING.with_borrow_mut(|l| *l = None);
            FAILED.to_string()
        })?;
        let mount: Function =
            Reflect::get(&glue, &JsValue::from_str("mount")).ok().and_then(|f| f.dyn_into().ok()).ok_or(FAILED)?;
        mount.call1(&JsValue::NULL, &host).map(|_| ()).map_err(|_| FAILED.to_string())
    }

    /// Adds the glue script, then runs it on the module; resolves to the glue (its exports).
    fn load() -> Promise {
        wasm_bindgen_futures::future_to_promise(async {
            JsFuture::from(add_script()).await?;
            let glue = Reflect::get(&js_sys::global(), &JsValue::from_str(GLOBAL))?;
            let init: &Function = glue.dyn_ref().ok_or_else(|| JsValue::from_str(FAILED))?;
            let options = js_sys::Object::new();
            Reflect::set(&options, &JsValue::from_str("module_or_path"), &JsValue::from_str(MODULE))?;
            let started: Promise = init.call1(&JsValue::NULL, &options)?.dyn_into()?;
            JsFuture::from(started).await?;
            Ok(glue)
        })
    }

    /// Adds the glue script to the page; resolves when it has run.
    fn add_script() -> Promise {
        Promise::new(&mut |resolve, reject| {
            let document = leptos::prelude::document();
            let Ok(script) = document.create_element("script") else {
                let _ = reject.call0(&JsValue::NULL);
                return;
            };
            let _ = script.set_attribute("src", SCRIPT);
            let onload = Closure::once_into_js(move || {
                let document = leptos::prelude::document();
                if let (Ok(handover), Some(head)) = (document.create_element("script"), document.head()) {
                    handover.set_text_content(Some(&format!("window.{GLOBAL} = wasm_bindgen;")));
                    let _ = head.append_child(&handover);
                }
                let _ = resolve.call0(&JsValue::NULL);
            });
            let onerror = Closure::once_into_js(move || {
                let _ = reject.call0(&JsValue::NULL);
            });
            let _ = Reflect::set(&script, &JsValue::from_str("onload"), &onload);
            let _ = Reflect::set(&script, &JsValue::from_str("onerror"), &onerror);
            if let Some(head) = document.head() {
                let _ = head.append_child(&script);
            }
        })
    }
}
