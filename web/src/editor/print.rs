//! The printed report (打印, or the browser's own Ctrl+P): the whole report laid out like the Word
//! export — the same blocks as the HTML export (title, opening, headings, paragraphs, tables),
//! not the editing boxes, which would print at their on-screen height. Hidden on screen; kept up
//! to date a moment after the typing stops, and at once before printing.

use super::Doc;
use leptos::prelude::*;
use nianbao_core::render::html::fragment;

/// The printed form's HTML, shared with [`print`].
#[derive(Clone, Copy)]
struct PrintHtml(RwSignal<String>);

/// Brings the printed form up to date and opens the browser's print dialog.
pub fn print(doc: Doc) {
    if let Some(PrintHtml(html)) = use_context::<PrintHtml>() {
        html.set(doc.report.with_untracked(fragment));
    }
    let _ = window().print();
}

/// The printed form.
#[component]
pub fn PrintView() -> impl IntoView {
    let doc = expect_context::<Doc>();
    let html = RwSignal::new(doc.report.with_untracked(fragment));
    provide_context(PrintHtml(html));
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        doc.report.track();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.try_get_value() == Some(mine) {
                    if let Some(text) = doc.report.try_with_untracked(fragment) {
                        html.set(text);
                    }
                }
            },
            std::time::Duration::from_millis(400),
        );
    });
    let before = window_event_listener(leptos::ev::beforeprint, move |_| {
        if let Some(text) = doc.report.try_with_untracked(fragment) {
            html.set(text);
        }
    });
    on_cleanup(move || before.remove());
    view! { <div class="print-view" data-testid="print-view" inner_html=move || html.get()></div> }
}
