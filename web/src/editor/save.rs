//! Saving: every change is stored at once; another tab with the same draft pauses saving until
//! the clerk decides; an edit that could not be stored is kept for the tab (sessionStorage), the
//! page asks before it is left, and a reload offers the edit back. The banner that says so stays
//! at the top of the screen (it is part of the sticky toolbar).

use super::Doc;
use crate::store;
use leptos::prelude::*;

/// The state of saving.
#[derive(Clone, PartialEq)]
pub enum Saved {
    /// Saved at this time (ms).
    At(f64),
    /// Not saved: why, in Chinese (the edit stays in the page).
    Failed(String),
    /// Another tab has the draft: saving paused until the clerk decides.
    Paused,
}

impl Saved {
    /// Whether the page holds an edit that is not stored.
    pub fn unsaved(&self) -> bool {
        !matches!(self, Saved::At(_))
    }
}

/// A time of day, 09:05:07.
pub fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
}

thread_local! {
    static TAB: String = store::new_id();
}

fn tab_id() -> String {
    TAB.with(Clone::clone)
}

/// Stores the draft now, or keeps the edit for the tab when it cannot be stored.
pub fn store_now(doc: &Doc) {
    let id = doc.id.get_value();
    let name = doc.name.get_untracked();
    if doc.conflict.with_untracked(Option::is_some) {
        doc.report.with_untracked(|r| store::keep_unsaved(&id, r, &name));
        doc.saved.set(Saved::Paused);
        return;
    }
    match doc.report.with_untracked(|r| store::save(&id, r, &name)) {
        Ok(t) => {
            store::forget_unsaved(&id);
            doc.saved.set(Saved::At(t));
        }
        Err(e) => {
            doc.report.with_untracked(|r| store::keep_unsaved(&id, r, &name));
            doc.saved.set(Saved::Failed(e.message(true)));
        }
    }
}

/// Listens to other tabs and to the page being left; offers back an edit a reload lost.
pub fn watch(doc: Doc) {
    let me = doc.id.get_value();
    store::announce_open(&me, &tab_id());
    let storage = window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
        let Some(key) = ev.key() else { return };
        let me = doc.id.get_value();
        if key == format!("{}{me}", store::OPEN) {
            let other = ev.new_value().unwrap_or_default();
            if !other.starts_with(&tab_id()) {
                doc.conflict.set(Some(
                    "这份草稿刚在另一个标签页中打开。两处同时编辑会互相覆盖，本页已暂停自动保存。".to_string(),
                ));
            }
        } else if key == store::draft_key(&me) {
            doc.conflict
                .set(Some("这份草稿刚在另一个标签页中被修改。为免覆盖对方的修改，本页已暂停自动保存。".to_string()));
        }
    });
    let leaving = window_event_listener(leptos::ev::beforeunload, move |ev: web_sys::BeforeUnloadEvent| {
        if doc.saved.try_with_untracked(Saved::unsaved).unwrap_or(false) {
            ev.prevent_default();
            ev.set_return_value("本页有修改尚未保存。");
        }
    });
    on_cleanup(move || {
        storage.remove();
        leaving.remove();
    });
}

/// A click handler for links that leave the editor: asks first when an edit is not stored.
pub fn leave_guard(doc: Doc) -> impl Fn(leptos::ev::MouseEvent) + Copy + 'static {
    move |ev: leptos::ev::MouseEvent| {
        if doc.saved.with_untracked(Saved::unsaved) {
            let ok = window()
                .confirm_with_message(
                    "本页有修改尚未保存到浏览器（已为本标签页暂存，重新打开本草稿时可恢复）。仍要离开吗？",
                )
                .unwrap_or(false);
            if !ok {
                ev.prevent_default();
            }
        }
    }
}

/// The save state in the toolbar.
#[component]
pub fn Status() -> impl IntoView {
    let doc = expect_context::<Doc>();
    move || match doc.saved.get() {
        Saved::At(t) => {
            view! { <span class="saved" data-testid="saved">{format!("已保存 {}", clock(t))}</span> }.into_any()
        }
        Saved::Failed(_) => view! { <span class="save-failed">"未保存"</span> }.into_any(),
        Saved::Paused => {
            view! { <span class="save-failed" data-testid="save-paused">"自动保存已暂停"</span> }.into_any()
        }
    }
}

/// The banners under the toolbar: saving failed or paused (with the choices), an edit a
/// reload lost.
#[component]
pub fn Banners() -> impl IntoView {
    let doc = expect_context::<Doc>();
    let lost = RwSignal::new(store::unsaved(&doc.id.get_value()).filter(|(_, _, r)| *r != doc.report.get_untracked()));
    let export_json = move |_| super::export::draft_file(&doc);
    view! {
        {move || match doc.saved.get() {
            Saved::Failed(e) => Some(view! {
                <div class="banner bad-banner" data-testid="save-failed" role="alert">
                    <span>{e}</span>
                    <button on:click=export_json>"导出草稿"</button>
                    <button on:click=move |_| doc.save()>"重试保存"</button>
                </div>
            }.into_any()),
            _ => None,
        }}
        {move || doc.conflict.get().map(|msg| view! {
            <div class="banner" data-testid="conflict" role="alert">
                <span>{msg}</span>
                <button on:click=move |_| {
                    store::announce_open(&doc.id.get_value(), &tab_id());
                    doc.conflict.set(None);
                    doc.save();
                }>"以本页为准继续编辑"</button>
                <button on:click=move |_| {
                    match store::load(&doc.id.get_value()) {
                        Ok(r) => {
                            doc.report.set(r);
                            store::announce_open(&doc.id.get_value(), &tab_id());
                            store::forget_unsaved(&doc.id.get_value());
                            doc.conflict.set(None);
                            doc.saved.set(Saved::At(js_sys::Date::now()));
                        }
                        Err(e) => doc.tell(e),
                    }
                }>"载入另一标签页的版本"</button>
            </div>
        })}
        {move || lost.get().map(|(_, at, r)| {
            let r = StoredValue::new(r);
            view! {
                <div class="banner" data-testid="unsaved-offer" role="alert">
                    <span>{format!("本页在 {} 有修改未能保存（已为本标签页暂存）。", clock(at))}</span>
                    <button data-testid="unsaved-restore" on:click=move |_| {
                        doc.report.set(r.get_value());
                        lost.set(None);
                        doc.save();
                        doc.tell("已恢复未保存的修改");
                    }>"恢复这些修改"</button>
                    <button on:click=move |_| {
                        store::forget_unsaved(&doc.id.get_value());
                        lost.set(None);
                    }>"放弃"</button>
                </div>
            }
        })}
    }
}
