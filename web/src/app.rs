//! The app shell: hash routes (`#/` drafts, `#/d/<id>` editor, `#/batch` 批量检查) and the
//! notice line.

use crate::batch::BatchPage;
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
}

/// App-wide state handed to the pages.
#[derive(Clone, Copy)]
pub struct Shell {
    /// The notice shown at the bottom.
    pub notice: RwSignal<Option<Notice>, LocalStorage>,
}

impl Shell {
    /// Shows a notice for a while.
    pub fn tell(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice { text: text.into(), action: None }));
        self.fade();
    }

    /// Shows a notice with an action (e.g. 撤销) for ten seconds.
    pub fn tell_with(&self, text: impl Into<String>, label: &str, action: impl Fn() + 'static) {
        self.notice
            .set(Some(Notice { text: text.into(), action: Some((label.to_string(), std::rc::Rc::new(action))) }));
        self.fade();
    }

    fn fade(&self) {
        let notice = self.notice;
        let shown = notice.with_untracked(|n| n.as_ref().map(|n| n.text.clone()));
        set_timeout(
            move || {
                if notice.with_untracked(|n| n.as_ref().map(|n| n.text.clone())) == shown {
                    notice.set(None);
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
    let _ = window_event_listener(leptos::ev::hashchange, move |_| route.set(current_route()));
    let shell = Shell { notice: RwSignal::new_local(None) };
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
                Route::Batch => view! { <BatchPage/> }.into_any(),
            }}
        </main>
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
