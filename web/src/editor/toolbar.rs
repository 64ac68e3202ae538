//! The toolbar at the top of the editor: back to the list, the draft's name, the save state, the
//! findings count (a click goes to the findings) and the exports. On a phone it is one line that
//! scrolls sideways.

use super::save::{leave_guard, Status};
use super::Doc;
use leptos::prelude::*;
use nianbao_core::Severity;

/// The toolbar.
#[component]
pub fn Toolbar() -> impl IntoView {
    let doc = expect_context::<Doc>();
    let name = NodeRef::<leptos::html::Input>::new();
    let count = move |s: Severity| doc.findings.with(|f| f.iter().filter(|x| x.severity == s).count());
    let bad = move || doc.bad.with(|b| b.len());
    let jump = move |_| {
        if let Ok(Some(el)) = document().query_selector("[data-testid=findings]") {
            el.scroll_into_view();
        }
    };
    view! {
        <div class="toolbar">
            <a href="#/" class="back" on:click=leave_guard(doc)>"← 草稿列表"</a>
            <input
                node_ref=name
                class="draft-name"
                aria-label="草稿名称"
                prop:value=move || doc.name.get()
                title=move || doc.name.get()
                style:width=move || doc.name.with(|n| format!("{}em", n.chars().count().clamp(6, 60) + 1))
                on:change=move |_| {
                    if let Some(Some(el)) = name.try_get_untracked() {
                        if doc.name.try_set(el.value()).is_none() {
                            doc.save();
                        }
                    }
                }
            />
            <span class="edition">{move || doc.report.with(|r| r.edition.label())}</span>
            <Status/>
            <button class="jump" data-testid="findings-jump" on:click=jump title="转到检查结果">
                <span class="bad">{move || format!("{} 个错误", count(Severity::Error) + bad())}</span>
                " · "
                <span class="warn">{move || format!("{} 个警告", count(Severity::Warning))}</span>
            </button>
            <span class="spacer"></span>
            <super::export::Buttons/>
        </div>
    }
}
