//! A statistical table drawn from the layout's grid, with one input per cell.
//!
//! Stable hooks for tests and for people: the table has `data-table="二|三|四"`, every input has
//! `data-cell` (the cell id, e.g. `t3.new.total`). Totals are computed unless switched to entry
//! by hand. Arrow keys and Enter move between cells; a block pasted from Excel/WPS (tab
//! separated) fills the cells from the focused one on.

use leptos::prelude::*;
use nianbao_core::draft::{computed, total_parts};
use nianbao_core::grid::grid;
use nianbao_core::layout::{CellKind, CellRef, TableId};
use nianbao_core::text::fold;
use nianbao_core::{Number, Report, Severity};
use std::collections::HashMap;
use wasm_bindgen::JsCast;

/// What may be typed into a cell of a kind (after folding full-width digits).
fn allowed(kind: CellKind, s: &str) -> bool {
    let body = match kind {
        CellKind::Signed => s.strip_prefix(['+', '-']).unwrap_or(s),
        _ => s,
    };
    match kind {
        CellKind::Money => {
            let mut parts = body.splitn(2, '.');
            let int = parts.next().unwrap_or("");
            let frac = parts.next().unwrap_or("");
            int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit()) && frac.len() <= 6
        }
        _ => body.bytes().all(|b| b.is_ascii_digit()) && body.len() <= 12,
    }
}

/// Parses what was typed: Ok(None) for blank, Err(()) for text the cell does not allow.
pub fn parse_cell(kind: CellKind, raw: &str) -> Result<Option<Number>, ()> {
    let s: String = fold(raw).chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
    if !allowed(kind, &s) {
        return Err(());
    }
    if s.is_empty() || s == "+" || s == "-" || s.ends_with('.') {
        return Ok(if s.ends_with('.') && s.len() > 1 { Number::parse(&s[..s.len() - 1]) } else { None });
    }
    Number::parse(&s).map(Some).ok_or(())
}

fn shown(v: Option<Number>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A change to the report, applied by the editor (which recomputes totals and saves).
pub type Edit = Callback<Box<dyn FnOnce(&mut Report)>>;

/// Moves the focus to another input of the same table.
fn move_focus(table: &web_sys::Element, r: i32, c: i32, dr: i32, dc: i32) {
    let rows: Vec<i32> = {
        let list = table.query_selector_all("input[data-cell]").ok();
        let mut v: Vec<i32> = list
            .map(|l| {
                (0..l.length())
                    .filter_map(|i| l.item(i))
                    .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
                    .filter_map(|e| e.get_attribute("data-r").and_then(|x| x.parse().ok()))
                    .collect()
            })
            .unwrap_or_default();
        v.sort_unstable();
        v.dedup();
        v
    };
    let Some(pos) = rows.iter().position(|x| *x == r) else { return };
    let target_row = if dr == 0 { Some(r) } else { rows.get((pos as i32 + dr).max(0) as usize).copied() };
    let Some(tr) = target_row else { return };
    let mut col = c + dc;
    loop {
        if col < 0 {
            return;
        }
        let sel = format!("input[data-r=\"{tr}\"][data-c=\"{col}\"]");
        if let Ok(Some(el)) = table.query_selector(&sel) {
            if let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() {
                let _ = input.focus();
                input.select();
            }
            return;
        }
        if dr == 0 {
            return; // no cell further left/right
        }
        col -= 1; // a shorter row: the last cell of it
    }
}

/// The table.
#[component]
pub fn TableView(
    table: TableId,
    report: RwSignal<Report>,
    /// Applies a change to the report (recomputes totals and saves).
    edit: Edit,
    /// Severity of the worst finding per cell id.
    marks: Memo<HashMap<String, Severity>>,
    /// Tells the clerk something.
    tell: Callback<String>,
) -> impl IntoView {
    let edition = report.with_untracked(|r| r.edition);
    let layout = nianbao_core::layout::layout(edition);
    let rows = grid(edition, table);
    let table_ref = NodeRef::<leptos::html::Table>::new();

    let set_cell = move |cell: CellRef, v: Option<Number>| {
        edit.run(Box::new(move |r: &mut Report| r.set(cell, v)));
    };

    let paste = move |ev: web_sys::ClipboardEvent, r: i32, c: i32| {
        let Some(text) = ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) else { return };
        if !text.contains('\t') && !text.trim_end().contains('\n') {
            return; // one value: let the input take it
        }
        ev.prevent_default();
        let Some(el) = table_ref.get_untracked() else { return };
        let el: web_sys::Element = el.into();
        let mut rows_of: Vec<i32> = Vec::new();
        if let Ok(list) = el.query_selector_all("input[data-cell]") {
            for i in 0..list.length() {
                if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                    if let Some(x) = e.get_attribute("data-r").and_then(|x| x.parse().ok()) {
                        rows_of.push(x);
                    }
                }
            }
        }
        rows_of.sort_unstable();
        rows_of.dedup();
        let start = rows_of.iter().position(|x| *x == r).unwrap_or(0);
        let mut changes: Vec<(CellRef, Option<Number>)> = Vec::new();
        let mut bad = 0;
        for (i, line) in text.trim_end_matches(['\n', '\r']).split('\n').enumerate() {
            let Some(&tr) = rows_of.get(start + i) else { break };
            for (j, raw) in line.trim_end_matches('\r').split('\t').enumerate() {
                let sel = format!("input[data-r=\"{tr}\"][data-c=\"{}\"]", c + j as i32);
                let Some(target) = el.query_selector(&sel).ok().flatten() else { continue };
                let Some(id) = target.get_attribute("data-cell") else { continue };
                let Some(cell) = layout.parse_cell_id(&id) else { continue };
                if target.has_attribute("readonly") {
                    continue; // a computed total
                }
                match parse_cell(layout.kind(cell), raw) {
                    Ok(v) => changes.push((cell, v)),
                    Err(()) => bad += 1,
                }
            }
        }
        let n = changes.len();
        edit.run(Box::new(move |rep: &mut Report| {
            for (cell, v) in changes {
                rep.set(cell, v);
            }
        }));
        if bad > 0 {
            tell.run(format!("已粘贴 {n} 个单元格；另有 {bad} 个内容不是本栏允许的数字，未填入"));
        } else {
            tell.run(format!("已粘贴 {n} 个单元格"));
        }
    };

    let head_rows = rows.iter().take_while(|r| r.header).count();
    let render = rows
        .into_iter()
        .enumerate()
        .map(|(ri, row)| {
            let mut value_index = 0;
            let cells = row
                .cells
                .into_iter()
                .map(|g| {
                    let Some(cell) = g.cell else {
                        let tag = if g.header { "th" } else { "td" };
                        return view! { <GridLabel tag=tag text=g.text rowspan=g.rowspan colspan=g.colspan/> }.into_any();
                    };
                    let (r, c) = (ri as i32, value_index);
                    value_index += 1;
                    let id = layout.cell_id(cell);
                    let kind = layout.kind(cell);
                    let is_total = total_parts(edition, cell).is_some();
                    let name = layout.cell_name(cell);
                    let manual = move || report.with(|rep| rep.manual_totals.contains(&cell));
                    let readonly = move || is_total && !manual();
                    let id_for_class = id.clone();
                    let class = move || {
                        let mut cls = String::from("num");
                        if is_total {
                            cls.push_str(if manual() { " total manual" } else { " total computed" });
                        }
                        match marks.with(|m| m.get(&id_for_class).copied()) {
                            Some(Severity::Error) => cls.push_str(" has-error"),
                            Some(Severity::Warning) => cls.push_str(" has-warning"),
                            _ => {}
                        }
                        cls
                    };
                    let value = move || report.with(|rep| shown(rep.get(cell)));
                    let hint = move || {
                        if !is_total || !manual() {
                            return None;
                        }
                        let (entered, calc) = report.with(|rep| (rep.int(cell), computed(rep, cell)));
                        (entered != calc).then(|| format!("计算：{}", calc.map(|v| v.to_string()).unwrap_or_else(|| "空".into())))
                    };
                    let toggle = move |_| {
                        edit.run(Box::new(move |rep: &mut Report| {
                            if !rep.manual_totals.remove(&cell) {
                                rep.manual_totals.insert(cell);
                            }
                        }));
                    };
                    let on_input = move |ev: leptos::ev::Event| {
                        let input: web_sys::HtmlInputElement = ev.target().expect("input").unchecked_into();
                        match parse_cell(kind, &input.value()) {
                            Ok(v) => set_cell(cell, v),
                            Err(()) => {
                                // refuse what the cell does not allow: back to the value kept
                                input.set_value(&report.with_untracked(|rep| shown(rep.get(cell))));
                                tell.run(match kind {
                                    CellKind::Money => "这里只能填金额（数字，可带小数）".to_string(),
                                    CellKind::Signed => "这里只能填整数，减少时写负号，如 -3".to_string(),
                                    CellKind::Count => "这里只能填 0 或正整数".to_string(),
                                });
                            }
                        }
                    };
                    let on_key = move |ev: leptos::ev::KeyboardEvent| {
                        let (dr, dc) = match ev.key().as_str() {
                            "ArrowUp" => (-1, 0),
                            "ArrowDown" | "Enter" => (1, 0),
                            "ArrowLeft" => (0, -1),
                            "ArrowRight" => (0, 1),
                            _ => return,
                        };
                        ev.prevent_default();
                        if let Some(t) = table_ref.get_untracked() {
                            move_focus(&t.into(), r, c, dr, dc);
                        }
                    };
                    let mode = if kind == CellKind::Count { "numeric" } else { "decimal" };
                    view! {
                        <td class="cell">
                            <input
                                class=class
                                data-cell=id.clone()
                                data-r=r
                                data-c=c
                                inputmode=mode
                                autocomplete="off"
                                aria-label=name.clone()
                                title=name
                                readonly=readonly
                                prop:value=value
                                on:input=on_input
                                on:keydown=on_key
                                on:paste=move |ev: leptos::ev::ClipboardEvent| paste(ev, r, c)
                            />
                            {is_total.then(|| view! {
                                <button class="mode no-print" tabindex="-1" on:click=toggle title=move || if manual() { "改回自动计算" } else { "改为手工填写（如照录已发布的报告）" }>
                                    {move || if manual() { "自动" } else { "手填" }}
                                </button>
                                <span class="hint">{hint}</span>
                            })}
                        </td>
                    }
                    .into_any()
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect::<Vec<_>>();
    let mut render = render;
    let body: Vec<_> = render.split_off(head_rows);
    let head = render;

    view! {
        <div class="table-wrap">
            <table class="form-table" data-table=table.numeral() node_ref=table_ref>
                <caption>{format!("表{}　{}", table.numeral(), table.title())}</caption>
                <thead>{head}</thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

#[component]
fn GridLabel(tag: &'static str, text: String, rowspan: u16, colspan: u16) -> impl IntoView {
    if tag == "th" {
        view! { <th rowspan=rowspan colspan=colspan>{text}</th> }.into_any()
    } else {
        view! { <td rowspan=rowspan colspan=colspan>{text}</td> }.into_any()
    }
}
