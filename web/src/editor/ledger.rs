//! 从台账生成表三 in the editor: the clerk picks the application ledger (.xlsx .xls .ods .csv);
//! the workbook worker reads it and the ledger page module (loaded on demand,
//! [`crate::ledger_page`]) shows its mapping step; its 填入表三 comes back here as the counts (and part 三's opening sentence when
//! the clerk ticked it), written as one undo step, each cell keeping its ledger rows. 下载台账模板 gives a blank ledger (the workbook worker).

use super::Doc;
use crate::files;
use leptos::prelude::*;
use nianbao_core::layout::CellRef;
use nianbao_core::Report;
use wasm_bindgen::JsCast;

/// Table 三 of the draft the mapping step hands back (see [`crate::ledger_page`]) written into
/// the report, with its ledger rows and, when there, part 三's opening sentence; the rest of the
/// report is kept.
fn take_table_three(r: &mut Report, from: &Report) {
    if let Some(src) = &from.provenance.ledger {
        let counts = nianbao_core::ledger::Counts { cells: src.rows.clone(), findings: Vec::new() };
        nianbao_core::ledger::apply(r, &counts, &src.file);
    }
    let sentence = from.narrative.part_text(2);
    if !sentence.is_empty() {
        let text = &mut r.narrative.parts[2].text;
        *text = if text.trim().is_empty() { sentence.to_string() } else { format!("{sentence}\n{text}") };
    }
}

/// The buttons above table 三, and the place of the mapping step.
#[component]
pub fn LedgerTools() -> impl IntoView {
    let doc = expect_context::<Doc>();
    let host = NodeRef::<leptos::html::Div>::new();
    let status = RwSignal::new(None::<String>);
    let shown = RwSignal::new(false);
    // the step's answers: 填入表三 (the counts) and 取消
    Effect::new(move |_| {
        let Some(el) = host.get() else { return };
        let on_apply =
            wasm_bindgen::closure::Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |ev: web_sys::CustomEvent| {
                let Some(from) = ev.detail().as_string().and_then(|d| Report::from_json(&d).ok()) else {
                    return doc.tell("无法读取台账的统计结果");
                };
                doc.edit_cells(None, |r| take_table_three(r, &from));
                let file = from.provenance.ledger.map(|l| l.file).unwrap_or_default();
                shown.set(false);
                doc.tell(format!("已按台账“{file}”填入表三（可撤销）"));
            });
        let on_close = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || shown.set(false));
        let _ = el.add_event_listener_with_callback("nianbao-ledger-apply", on_apply.as_ref().unchecked_ref());
        let _ = el.add_event_listener_with_callback("nianbao-ledger-close", on_close.as_ref().unchecked_ref());
        on_apply.forget();
        on_close.forget();
    });
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        let (year, edition) = doc.report.with_untracked(|r| (r.meta.year, r.edition));
        let Some(year) = year else {
            return doc.tell("请先填写报告年度，再从台账生成表三");
        };
        let Some(el) = host.get_untracked() else { return };
        status.set(Some("正在读取台账…".into()));
        leptos::task::spawn_local(async move {
            let name = file.name();
            // the spreadsheet is read in the workbook worker, the mapping step shown by its module
            let sheets = match files::read_file(file).await {
                Ok(bytes) => {
                    files::ledger_sheets_in_worker(&bytes).await.map_err(|e| format!("无法读取台账“{name}”：{e}"))
                }
                Err(e) => Err(e),
            };
            let shown_now = match sheets {
                Ok(sheets) => {
                    let options = serde_json::json!({ "file": name, "year": year, "edition": edition }).to_string();
                    let args = [sheets.into(), options.into()];
                    crate::page_module::LEDGER.show(el.into(), &args).await
                }
                Err(e) => Err(e),
            };
            let _ = status.try_set(None);
            match shown_now {
                Ok(()) => {
                    let _ = shown.try_set(true);
                }
                Err(e) => doc.tell(e),
            }
        });
    };
    let template = move |_| {
        let edition = doc.report.with_untracked(|r| r.edition);
        let started = files::ledger_template_in_worker(edition, move |r| match r {
            Ok(bytes) => {
                let _ = files::download_bytes(
                    "政府信息公开申请办理台账（模板）.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    &bytes,
                );
            }
            Err(e) => doc.tell(e),
        });
        if let Err(e) = started {
            doc.tell(e);
        }
    };
    view! {
        <div class="ledger-tools no-print">
            <label class="file" title="按依申请公开登记台账（Excel、WPS 表格或 CSV）统计表三">
                "从台账生成表三…"
                <input type="file" accept=".xlsx,.xls,.ods,.csv,.txt" data-testid="ledger-file" on:change=on_file/>
            </label>
            <button class="link" data-testid="ledger-template" on:click=template>"下载台账模板"</button>
            {move || status.get().map(|s| view! { <span class="muted small" role="status">{s}</span> })}
            <div node_ref=host class="ledger-host" class:hidden=move || !shown.get()></div>
        </div>
    }
}

/// The title of a cell counted from the ledger: "本格 3 件：台账“台账.xlsx”第 4、9、17 行"
/// (while its value is still the count; a cell typed over has no such title).
pub fn cell_rows(report: &Report, cell: CellRef) -> Option<String> {
    let src = report.provenance.ledger.as_ref()?;
    let rows = src.rows.get(&cell)?;
    if report.int(cell) != Some(rows.len() as i64) {
        return None;
    }
    if rows.is_empty() {
        return Some(format!("本格 0 件（按台账“{}”统计）", src.file));
    }
    let shown: Vec<String> = rows.iter().take(12).map(u32::to_string).collect();
    let more = if rows.len() > 12 { "…" } else { "" };
    Some(format!("本格 {} 件：台账“{}”第 {}{more} 行", rows.len(), src.file, shown.join("、")))
}
