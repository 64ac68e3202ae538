//! A statistical table drawn from the layout's grid, with one input per cell (see [`super::cell`]).
//!
//! Stable hooks for tests and for people: the table has `data-table="二|三|四"`, every input has
//! `data-cell` (the cell id, e.g. `t3.new.total`). Arrow keys and Enter move between the cells a
//! clerk types into; a block pasted from Excel/WPS (tab separated) fills the cells from the
//! focused one on; Ctrl+Z / Ctrl+Y take table edits back and do them again; 空白单元格填0 fills
//! the blank cells of one table (`data-testid="fill-zeros-三"`) or of all (`fill-zeros`).

use super::cell::{parse_cell, show_kept, CellInput};
use super::Doc;
use leptos::prelude::*;
use nianbao_core::draft::fill_blank_zeros;
use nianbao_core::grid::grid_of;
use nianbao_core::layout::{CellRef, TableId};
use nianbao_core::Number;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;

/// The editable inputs of a table: (grid row, value column, input).
fn editable(table: &web_sys::Element) -> Vec<(i32, i32, web_sys::HtmlInputElement)> {
    let Ok(list) = table.query_selector_all("input[data-cell]") else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
        .filter(|e| !e.read_only())
        .filter_map(|e| {
            let r = e.get_attribute("data-r")?.parse().ok()?;
            let c = e.get_attribute("data-c")?.parse().ok()?;
            Some((r, c, e))
        })
        .collect()
}

/// Tab from a table's last cell goes on to the first cell of the next table (Shift+Tab from its
/// first cell back to the last of the one before), not into the part heading between them,
/// whose text a stray key would replace; true when it moved the focus. From the last table Tab
/// goes on as usual (the heading after it does not select its text when focused).
fn tab_across_tables(table: &web_sys::Element, input: &web_sys::HtmlInputElement, back: bool) -> bool {
    let cells = editable(table);
    let edge = if back { cells.first() } else { cells.last() };
    if !edge.is_some_and(|(_, _, e)| e == input) {
        return false;
    }
    let Ok(list) = leptos::prelude::document().query_selector_all("table.form-table[data-table]") else {
        return false;
    };
    let tables: Vec<web_sys::Element> =
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect();
    let Some(at) = tables.iter().position(|t| t == table) else { return false };
    let next = if back { at.checked_sub(1).and_then(|i| tables.get(i)) } else { tables.get(at + 1) };
    let Some(next) = next else { return false };
    let cells = editable(next);
    let target = if back { cells.last() } else { cells.first() };
    let Some((_, _, target)) = target else { return false };
    let _ = target.focus();
    target.select();
    true
}

/// The grid position of the input an event came from.
fn position(ev: &web_sys::Event) -> Option<(i32, i32)> {
    let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    Some((el.get_attribute("data-r")?.parse().ok()?, el.get_attribute("data-c")?.parse().ok()?))
}

/// Moves the focus to the next cell a clerk types into, skipping computed totals: across a row
/// (dc), or down/up (dr) to the same column or, in a shorter row, its last cell.
fn move_focus(table: &web_sys::Element, r: i32, c: i32, dr: i32, dc: i32) {
    let cells = editable(table);
    let target = if dr == 0 {
        cells.iter().filter(|(rr, cc, _)| *rr == r && (cc - c) * dc > 0).min_by_key(|(_, cc, _)| (cc - c).abs())
    } else {
        let mut rows: Vec<i32> = cells.iter().map(|x| x.0).filter(|rr| (rr - r) * dr > 0).collect();
        rows.sort_unstable_by_key(|rr| (rr - r).abs());
        rows.dedup();
        rows.into_iter().find_map(|row| {
            let in_row = cells.iter().filter(|x| x.0 == row);
            in_row.filter(|x| x.1 <= c).max_by_key(|x| x.1)
        })
    };
    if let Some((_, _, input)) = target {
        let _ = input.focus();
        input.select();
    }
}

/// Fills the blank cells of one table or of all, with an undo in the notice.
fn fill_zeros(doc: Doc, table: Option<TableId>) {
    let blank = doc.report.with_untracked(|r| {
        let mut copy = r.clone();
        fill_blank_zeros(&mut copy, table)
    });
    let where_ = table.map_or("全部表格".to_string(), |t| format!("表{}", t.numeral()));
    if blank == 0 {
        doc.tell(format!("{where_}没有空白的单元格"));
        return;
    }
    doc.edit_cells(None, move |r| {
        fill_blank_zeros(r, table);
    });
    doc.shell.tell_with(format!("已在{where_}的 {blank} 个空白单元格中填入0"), "撤销", move || {
        doc.undo();
    });
}

/// 空白单元格填0 for the whole report.
#[component]
pub fn FillAll() -> impl IntoView {
    let doc = expect_context::<Doc>();
    view! {
        <p class="fill-all">
            <button data-testid="fill-zeros" on:click=move |_| fill_zeros(doc, None)
                title="表二、表三、表四中没有填写的单元格都填入0（合计仍自动计算），可撤销">"空白单元格填0（全部表格）"</button>
            <span class="muted small">" 没有发生的事项应填0。在表格中可用 Ctrl+Z 撤销、Ctrl+Y 重做。"</span>
        </p>
    }
}

/// A block pasted from Excel/WPS: the changes it makes from row `r`, column `c`, and how many
/// pieces were not numbers the cell allows.
fn pasted_block(
    doc: Doc,
    el: &web_sys::Element,
    text: &str,
    r: i32,
    c: i32,
) -> (Vec<(CellRef, Option<Number>)>, usize) {
    let layout = doc.report.with_untracked(|rep| rep.layout());
    let mut rows_of: Vec<i32> = Vec::new();
    if let Ok(list) = el.query_selector_all("input[data-cell]") {
        for i in 0..list.length() {
            if let Some(x) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.get_attribute("data-r"))
                .and_then(|x| x.parse().ok())
            {
                rows_of.push(x);
            }
        }
    }
    rows_of.sort_unstable();
    rows_of.dedup();
    let start = rows_of.iter().position(|x| *x == r).unwrap_or(0);
    let mut changes = Vec::new();
    let mut bad = 0;
    for (i, line) in text.trim_end_matches(['\n', '\r']).split('\n').enumerate() {
        let Some(&tr) = rows_of.get(start + i) else { break };
        for (j, raw) in line.trim_end_matches('\r').split('\t').enumerate() {
            let sel = format!("input[data-r=\"{tr}\"][data-c=\"{}\"]", c + j as i32);
            let Some(target) = el.query_selector(&sel).ok().flatten() else { continue };
            let Some(cell) = target.get_attribute("data-cell").and_then(|id| layout.parse_cell_id(&id)) else {
                continue;
            };
            if target.has_attribute("readonly") {
                continue; // a computed total
            }
            match parse_cell(layout.kind(cell), raw) {
                Ok(v) => changes.push((cell, v)),
                Err(()) => bad += 1,
            }
        }
    }
    (changes, bad)
}

/// The table.
#[component]
pub fn TableView(table: TableId) -> impl IntoView {
    let doc = expect_context::<Doc>();
    // the report's own layout: a hybrid report's 表二 follows the other edition
    let layout = doc.report.with_untracked(|r| r.layout());
    let rows = grid_of(layout, table);
    let table_ref = NodeRef::<leptos::html::Table>::new();

    let on_paste = move |ev: web_sys::ClipboardEvent| {
        let Some((r, c)) = position(&ev) else { return };
        let Some(text) = ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) else { return };
        if !text.contains('\t') && !text.trim_end().contains('\n') {
            return; // one value: let the input take it
        }
        ev.prevent_default();
        let Some(el) = table_ref.get_untracked() else { return };
        let (changes, bad) = pasted_block(doc, &el.into(), &text, r, c);
        let n = changes.len();
        doc.edit_cells(None, move |rep| {
            for (cell, v) in changes {
                rep.set(cell, v);
            }
        });
        let msg = if bad > 0 {
            format!("已粘贴 {n} 个单元格；另有 {bad} 个内容不是本栏允许的数字，未填入")
        } else {
            format!("已粘贴 {n} 个单元格")
        };
        doc.shell.tell_with(msg, "撤销", move || {
            doc.undo();
        });
    };

    let on_key = move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        if ev.ctrl_key() || ev.meta_key() {
            if super::undo::undo_key(doc, &ev) {
                ev.prevent_default();
            }
            return;
        }
        let (dr, dc) = match key.as_str() {
            "ArrowUp" => (-1, 0),
            "ArrowDown" | "Enter" => (1, 0),
            "ArrowLeft" => (0, -1),
            "ArrowRight" => (0, 1),
            "Tab" => {
                let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                if let (Some(t), Some(input)) = (table_ref.get_untracked(), input) {
                    if tab_across_tables(&t.into(), &input, ev.shift_key()) {
                        ev.prevent_default();
                    }
                }
                return;
            }
            _ => return,
        };
        let Some((r, c)) = position(&ev) else { return };
        ev.prevent_default();
        if let Some(t) = table_ref.get_untracked() {
            move_focus(&t.into(), r, c, dr, dc);
        }
    };

    // the kept values into the inputs: one effect for the table, touching only the cells whose
    // value changed (a subscription per cell would make every keystroke cost O(cells²))
    Effect::new(move |before: Option<BTreeMap<CellRef, Number>>| {
        let now: BTreeMap<CellRef, Number> =
            doc.report.with(|r| r.cells.iter().filter(|(c, _)| c.table == table).map(|(c, v)| (*c, *v)).collect());
        let Some(el) = table_ref.get() else { return now };
        let el: web_sys::Element = el.into();
        let Ok(list) = el.query_selector_all("input[data-cell]") else { return now };
        doc.bad.with_untracked(|bad| {
            for input in (0..list.length())
                .filter_map(|i| list.item(i))
                .filter_map(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                let Some(id) = input.get_attribute("data-cell") else { continue };
                let Some(cell) = layout.parse_cell_id(&id) else { continue };
                let kept = now.get(&cell).copied();
                if before.as_ref().is_some_and(|b| b.get(&cell).copied() == kept) {
                    continue;
                }
                show_kept(&input, layout.kind(cell), kept, bad.contains_key(&id));
            }
        });
        now
    });

    let head_rows = rows.iter().take_while(|r| r.header).count();
    let mut render = rows
        .into_iter()
        .enumerate()
        .map(|(ri, row)| {
            let mut value_index = 0;
            let last_label = row.cells.iter().rposition(|g| g.cell.is_none());
            let cells = row
                .cells
                .into_iter()
                .enumerate()
                .map(|(k, g)| {
                    let Some(cell) = g.cell else {
                        let class = if !row.header && Some(k) == last_label { "row-label" } else { "" };
                        let tag = if g.header { "th" } else { "td" };
                        return view! { <GridLabel tag=tag text=g.text rowspan=g.rowspan colspan=g.colspan class=class/> }.into_any();
                    };
                    let c = value_index;
                    value_index += 1;
                    view! { <CellInput cell=cell r=ri as i32 c=c/> }.into_any()
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect::<Vec<_>>();
    let body: Vec<_> = render.split_off(head_rows);
    let head = render;

    view! {
        <div class="table-tools">
            <button data-testid=format!("fill-zeros-{}", table.numeral()) on:click=move |_| fill_zeros(doc, Some(table))>
                {format!("表{}空白单元格填0", table.numeral())}
            </button>
        </div>
        <div class="table-wrap" on:keydown=on_key on:paste=on_paste>
            <table class="form-table" data-table=table.numeral() node_ref=table_ref>
                <caption>{format!("表{}　{}", table.numeral(), table.title())}</caption>
                <thead>{head}</thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

#[component]
fn GridLabel(tag: &'static str, text: String, rowspan: u16, colspan: u16, class: &'static str) -> impl IntoView {
    if tag == "th" {
        view! { <th rowspan=rowspan colspan=colspan class=class>{text}</th> }.into_any()
    } else {
        view! { <td rowspan=rowspan colspan=colspan class=class>{text}</td> }.into_any()
    }
}
