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
                let shown = crate::page_module::BATCH.show(el.into(), &[]).await;
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
