//! The findings panel: every problem, live; a click goes to the cell or the sentence.
//!
//! Hooks: the panel has `data-testid="findings"`, each finding `data-severity` and `data-code`.

use leptos::prelude::*;
use nianbao_core::rules::rule;
use nianbao_core::{Finding, Severity};
use wasm_bindgen::JsCast;

/// Scrolls to the place of a finding, focuses it and flashes it.
pub fn go_to(f: &Finding) {
    let document = document();
    let target: Option<web_sys::Element> = if let Some(id) = f.cells.first() {
        document.query_selector(&format!("[data-cell=\"{id}\"]")).ok().flatten()
    } else if let Some(loc) = &f.location {
        let key = loc.part.map_or("opening".to_string(), |p| p.to_string());
        let el = document.query_selector(&format!("[data-part=\"{key}\"]")).ok().flatten();
        if let Some(area) = el.as_ref().and_then(|e| e.dyn_ref::<web_sys::HtmlTextAreaElement>()) {
            // select the sentence: byte offsets to UTF-16 offsets
            let text = area.value();
            let to_utf16 = |b: usize| text.get(..b.min(text.len())).map_or(0, |s| s.encode_utf16().count()) as u32;
            let _ = area.focus();
            let _ = area.set_selection_range(to_utf16(loc.start), to_utf16(loc.end));
        }
        el
    } else if let Some(t) = f.table {
        document.query_selector(&format!("[data-table=\"{}\"]", t.numeral())).ok().flatten()
    } else {
        None
    };
    let Some(el) = target else { return };
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Center);
    opts.set_behavior(web_sys::ScrollBehavior::Smooth);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        if f.location.is_none() {
            let _ = h.focus();
        }
    }
    for id in &f.cells {
        if let Ok(Some(e)) = document.query_selector(&format!("[data-cell=\"{id}\"]")) {
            let _ = e.class_list().add_1("flash");
            set_timeout(move || drop(e.class_list().remove_1("flash")), std::time::Duration::from_millis(2200));
        }
    }
}

/// The panel.
#[component]
pub fn FindingsPanel(findings: Memo<Vec<Finding>>) -> impl IntoView {
    let count = move |s: Severity| findings.with(|f| f.iter().filter(|x| x.severity == s).count());
    let show_info = RwSignal::new(false);
    view! {
        <aside class="findings" data-testid="findings" aria-label="检查结果">
            <h2>"检查结果"</h2>
            <p class="tally">
                <span class="bad">{move || count(Severity::Error)} " 个错误"</span>
                " · "
                <span class="warn">{move || count(Severity::Warning)} " 个警告"</span>
                " · "
                <label class="small"><input type="checkbox" prop:checked=move || show_info.get() on:change=move |_| show_info.update(|v| *v = !*v)/>
                    {move || format!("显示 {} 个提示", count(Severity::Info))}</label>
            </p>
            <Show when=move || findings.with(|f| f.iter().all(|x| x.severity == Severity::Info))>
                <p class="good">"没有发现错误或警告。"</p>
            </Show>
            <ol>
                {move || {
                    findings
                        .get()
                        .into_iter()
                        .filter(|f| show_info.get() || f.severity != Severity::Info)
                        .map(|f| view! { <FindingItem f=f/> })
                        .collect_view()
                }}
            </ol>
        </aside>
    }
}

#[component]
fn FindingItem(f: Finding) -> impl IntoView {
    let open = RwSignal::new(false);
    let sev = f.severity.as_str();
    let code = f.code.clone();
    let explain = rule(&f.code);
    let target = f.clone();
    let values = match (&f.found, &f.expected) {
        (Some(a), Some(b)) => Some(format!("现为 {a}，应为 {b}")),
        _ => None,
    };
    view! {
        <li class=format!("finding {sev}") data-severity=sev data-code=code.clone()>
            <button class="finding-go" on:click=move |_| go_to(&target)>
                <span class="sev">{f.severity.label()}</span>
                <code>{code.clone()}</code>
                <span class="msg">{f.message.clone()}</span>
            </button>
            {values.map(|v| view! { <div class="values small">{v}</div> })}
            {explain.map(|r| view! {
                <button class="link small" on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { "收起说明" } else { "规则说明" }}
                </button>
                <Show when=move || open.get()>
                    <div class="explain small">
                        <p><strong>{r.name}</strong>"：" {r.summary}</p>
                        <p>{r.explanation}</p>
                        <p class="bad">"错误示例：" {r.bad}</p>
                        <p class="good">"正确示例：" {r.good}</p>
                    </div>
                </Show>
            })}
        </li>
    }
}
