//! The mapping step of 从台账生成表三, built into the ledger page module (src/bin/ledger-page.rs)
//! that the editor loads the first time a clerk chooses a ledger (the spreadsheet is read by the
//! workbook worker, calamine and csv): this step does not weigh on the first load. It shows which column was
//! taken for what (each can be changed, and the ledger is counted again), how many applications
//! were read and every row left out. 填入表三 hands the counts back to the editor as the event
//! `nianbao-ledger-apply` on the host, its detail a draft (JSON) holding table 三 with its
//! ledger rows and, when the clerk ticked it, part 三's opening sentence as part 三's text; 取消
//! sends `nianbao-ledger-close`.

use leptos::prelude::*;
use nianbao_core::ledger::{self, columns, Column, Mapping, Outcome, Sheet};
use nianbao_core::{Edition, Severity};
use std::sync::Arc;

thread_local! {
    static SHOWN: std::cell::RefCell<Option<Box<dyn std::any::Any>>> = const { std::cell::RefCell::new(None) };
}

/// What the editor passes: the file's name, the report year and edition.
#[derive(serde::Deserialize)]
struct Options {
    file: String,
    year: u16,
    edition: Edition,
}

/// The ledger being mapped.
#[derive(Clone)]
struct Ledger {
    host: web_sys::HtmlElement,
    file: String,
    year: u16,
    edition: Edition,
    sheets: Arc<Vec<Sheet>>,
}

impl Ledger {
    fn count(&self, sheet: Option<&str>, mapping: Option<&Mapping>) -> Result<Outcome, String> {
        ledger::run(&self.sheets, self.year, self.edition, sheet, mapping)
    }

    fn send(&self, event: &str, detail: Option<String>) {
        send(&self.host, event, detail);
    }
}

/// Shows the mapping step of the ledger whose sheets (JSON, as the workbook worker read them)
/// are `sheets` in `host`; a step shown before is removed.
pub fn mount(host: web_sys::HtmlElement, sheets: &str, options: &str) {
    let shown = match serde_json::from_str::<Options>(options) {
        Err(e) => Err(format!("无法读取台账：{e}")),
        Ok(o) => serde_json::from_str::<Vec<Sheet>>(sheets).map_err(|e| format!("无法读取台账：{e}")).map(|sheets| {
            Ledger { host: host.clone(), file: o.file, year: o.year, edition: o.edition, sheets: Arc::new(sheets) }
        }),
    };
    SHOWN.with_borrow_mut(|s| {
        drop(s.take());
        let handle = leptos::mount::mount_to(host.clone(), move || match shown {
            Ok(ledger) => {
                let first = ledger.count(None, None);
                view! { <Step ledger=ledger first=first/> }.into_any()
            }
            Err(e) => {
                let host = host.clone();
                view! {
                    <div class="ledger-step" role="alert" data-testid="ledger-error">
                        <p class="bad">{e}</p>
                        <button on:click=move |_| send(&host, "nianbao-ledger-close", None)>"关闭"</button>
                    </div>
                }
                .into_any()
            }
        });
        *s = Some(Box::new(handle));
    });
}

/// Tells the editor (an event on the host, with its detail).
fn send(host: &web_sys::HtmlElement, event: &str, detail: Option<String>) {
    let init = web_sys::CustomEventInit::new();
    if let Some(d) = detail {
        init.set_detail(&wasm_bindgen::JsValue::from_str(&d));
    }
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(event, &init) {
        let _ = host.dispatch_event(&ev);
    }
}

/// The mapping step of a ledger; `first` is the count with the columns found by their words.
#[component]
fn Step(ledger: Ledger, first: Result<Outcome, String>) -> impl IntoView {
    let outcome = RwSignal::new(first);
    let recount = {
        let ledger = ledger.clone();
        move |col: Column, value: String| {
            let Ok(o) = outcome.get_untracked() else { return };
            let mut m = o.mapping.clone();
            match value.parse::<usize>() {
                Ok(i) => {
                    m.insert(col, i);
                }
                Err(_) => {
                    m.remove(&col);
                }
            }
            outcome.set(ledger.count(Some(&o.sheet), Some(&m)).map_err(|e| format!("{e}（请改选各列）")));
        }
    };
    let l2 = ledger.clone();
    let sentence = RwSignal::new(false);
    let apply = move |_| {
        let Ok(o) = outcome.get_untracked() else { return };
        // a draft holding table 三 and, when the clerk ticks it, part 三's opening sentence
        let mut r = nianbao_core::Report::new(l2.edition);
        let counts = o.counts(r.layout());
        ledger::apply(&mut r, &counts, &l2.file);
        if sentence.get_untracked() {
            r.narrative.parts[2].text = ledger::summary_sentence(&r);
        }
        l2.send("nianbao-ledger-apply", Some(r.to_json()));
    };
    let l3 = ledger.clone();
    let cancel = move |_| l3.send("nianbao-ledger-close", None);
    let file = ledger.file.clone();
    view! {
        <div class="ledger-step" role="dialog" aria-label="台账各列的对应" data-testid="ledger-step">
            {move || match outcome.get() {
                Ok(o) => view! { <Mapped o=o file=file.clone() year=ledger.year recount=recount.clone()/> }.into_any(),
                Err(e) => view! { <p class="bad" data-testid="ledger-error">{format!("无法读取台账“{file}”：{e}")}</p> }.into_any(),
            }}
            <label class="small">
                <input type="checkbox" data-testid="ledger-sentence" prop:checked=move || sentence.get()
                    on:change=move |ev| sentence.set(event_target_checked(&ev))/>
                "同时把说明句（本年度共收到政府信息公开申请×件……）插入第三部分开头"
            </label>
            <p>
                <button data-testid="ledger-apply" on:click=apply disabled=move || outcome.with(Result::is_err)>"填入表三"</button>
                " "
                <button on:click=cancel>"取消"</button>
            </p>
        </div>
    }
}

/// The columns taken, the counts and the rows left out.
#[component]
fn Mapped(o: Outcome, file: String, year: u16, recount: impl Fn(Column, String) + Clone + 'static) -> impl IntoView {
    let options: Vec<(usize, String)> = o
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| (i, format!("{}列 {}", columns::column_letter(i), h.trim())))
        .collect();
    let total = |key: &str| o.cells.get(&format!("t3.{key}.total")).map_or(0, Vec::len);
    let summary = format!(
        "读取{}件申请：本年新收{}件，上年结转{}件，办结{}件，结转下年度{}件",
        o.applications,
        total("new"),
        total("carry"),
        total("total"),
        total("next")
    );
    // table 四, when the workbook has a sheet of 复议/诉讼 cases
    let cases = (!o.cases_sheet.is_empty()).then(|| {
        let t4 = |group: &str| o.cells.get(&format!("t4.{group}.total")).map_or(0, Vec::len);
        format!(
            "表四：工作表“{}”中读取{}件复议、诉讼案件，计入行政复议{}件、未经复议直接起诉{}件、复议后起诉{}件；填入表三时一并填入表四",
            o.cases_sheet,
            o.cases,
            t4("review"),
            t4("direct"),
            t4("after")
        )
    });
    let sheet = if o.sheet.is_empty() { String::new() } else { format!("工作表“{}”，", o.sheet) };
    let place = format!("{file}（{sheet}表头在第{}行）", o.header_row);
    let left_out = o.findings.iter().filter(|f| f.severity == Severity::Warning).count();
    let columns = Column::ALL
        .into_iter()
        .map(|col| {
            let chosen = o.mapping.get(&col).copied();
            let recount = recount.clone();
            let opts = options.clone();
            view! {
                <label>
                    {col.label()}
                    {col.required().then_some("（必需）")}
                    <select
                        data-testid=format!("ledger-col-{}", col.label())
                        on:change=move |ev| recount(col, event_target_value(&ev))
                    >
                        <option value="" selected=chosen.is_none()>"（无）"</option>
                        {opts
                            .into_iter()
                            .map(|(i, text)| view! { <option value=i.to_string() selected=chosen == Some(i)>{text}</option> })
                            .collect_view()}
                    </select>
                </label>
            }
        })
        .collect_view();
    let findings = o
        .findings
        .into_iter()
        .map(|f| {
            let class = if f.severity == Severity::Warning { "warn" } else { "muted" };
            view! { <li class=class data-code=f.code.clone()>{format!("{}：{}", f.code, f.message)}</li> }
        })
        .collect_view();
    view! {
        <h3>{format!("从台账生成{year}年度表三：")} {place}</h3>
        <p class="muted small">"请核对各列的对应；改动后会重新统计。"</p>
        <div class="ledger-columns">{columns}</div>
        <p data-testid="ledger-summary">{summary}</p>
        {cases.map(|c| view! { <p data-testid="ledger-cases">{c}</p> })}
        {(left_out != 0).then(|| view! { <p class="bad small">{format!("{left_out}条需要处理：这些行未计入表三")}</p> })}
        <ul class="ledger-findings" data-testid="ledger-findings">{findings}</ul>
    }
}
