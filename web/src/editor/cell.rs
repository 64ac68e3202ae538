//! One value cell of a table. What the clerk types is what is kept: the input keeps the typed
//! text while it means the kept value ("0." while typing 0.35, "-" while typing -3); text the
//! cell does not allow stays visible, flagged in red and listed with the findings, and the cell
//! is kept blank — never a value different from what was typed. Focus selects the content, so
//! typing replaces it (as in Excel/WPS). A computed total is skipped by Tab and Enter; typing
//! into it asks whether to enter it by hand.

use super::Doc;
use leptos::prelude::*;
use nianbao_core::draft::{computed, total_parts};
use nianbao_core::layout::{CellKind, CellRef};
use nianbao_core::text::{fold, fold_compact};
use nianbao_core::{Number, Severity};

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

/// Parses what was typed: Ok(None) for blank (or a sign alone, while typing), Err(()) for text
/// the cell does not allow. "12." means 12 (the clerk is typing 12.5).
pub fn parse_cell(kind: CellKind, raw: &str) -> Result<Option<Number>, ()> {
    let s: String = fold(raw).chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
    let s = without_unit(&s).unwrap_or(&s);
    if !allowed(kind, s) {
        return Err(());
    }
    if s.is_empty() || s == "+" || s == "-" || s.ends_with('.') {
        return Ok(if s.ends_with('.') && s.len() > 1 { Number::parse(&s[..s.len() - 1]) } else { None });
    }
    Number::parse(s).map(Some).ok_or(())
}

/// The units a clerk may type after a count ("15件"): dropped, as they do not change the
/// number (never 万元 or 千, which would).
const UNITS: [char; 5] = ['件', '条', '个', '次', '项'];

/// A number typed with its unit, without it ("15件" → "15"); `None` when there is no unit.
fn without_unit(s: &str) -> Option<&str> {
    let rest = s.strip_suffix(UNITS)?;
    (!rest.is_empty() && rest.bytes().last().is_some_and(|b| b.is_ascii_digit())).then_some(rest)
}

thread_local! {
    /// Whether the clerk was told that a typed unit is dropped (said once a page).
    static UNIT_SAID: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A value as the cell shows it.
pub fn shown(v: Option<Number>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// What a cell of a kind takes, for the clerk.
pub fn takes(kind: CellKind) -> &'static str {
    match kind {
        CellKind::Money => "这里只能填金额（数字，可带小数，如 0.35）",
        CellKind::Signed => "这里只能填整数，减少时写负号，如 -3",
        CellKind::Count => "这里只能填 0 或正整数（件数、条数没有小数和负数）",
    }
}

/// Writes the kept value into a cell's input, unless the typed text already means it (or is
/// text the cell does not allow, flagged in `bad`, while nothing is kept).
pub fn show_kept(input: &web_sys::HtmlInputElement, kind: CellKind, kept: Option<Number>, bad: bool) {
    let keep = match parse_cell(kind, &input.value()) {
        Ok(typed) => typed == kept,
        Err(()) => kept.is_none() && bad,
    };
    if !keep {
        input.set_value(&shown(kept));
    }
}

/// Switches a total between computed and entered by hand (an undoable step).
pub fn toggle_manual(doc: Doc, cell: CellRef) {
    doc.edit_cells(None, move |rep| {
        if !rep.manual_totals.remove(&cell) {
            rep.manual_totals.insert(cell);
        }
    });
}

/// The input of one value cell, at grid row `r`, value column `c`.
#[component]
pub fn CellInput(cell: CellRef, r: i32, c: i32) -> impl IntoView {
    let doc = expect_context::<Doc>();
    let (edition, layout) = doc.report.with_untracked(|rep| (rep.edition, rep.layout()));
    let id = layout.cell_id(cell);
    let kind = layout.kind(cell);
    let is_total = total_parts(edition, cell).is_some();
    let name = layout.cell_name(cell);
    let node = NodeRef::<leptos::html::Input>::new();
    let just_focused = StoredValue::new(false);
    let manual = move || doc.manual.with(|m| m.contains(&cell));
    let readonly = move || is_total && !manual();

    let sid = StoredValue::new(id.clone());
    let accept = move |text: String| match parse_cell(kind, &text) {
        // the editor was left with this box focused: its blur comes after the state is gone
        _ if !doc.alive() || sid.is_disposed() => {}
        Ok(v) => {
            let folded = fold_compact(&text);
            if v.is_some() && without_unit(&folded).is_some() && !UNIT_SAID.replace(true) {
                doc.tell("单位不必填写：已按数字填入（如“15件”按 15 计）");
            }
            if sid.with_value(|id| doc.bad.with_untracked(|b| b.contains_key(id))) {
                doc.bad.update(|b| sid.with_value(|id| drop(b.remove(id))));
            }
            let read = doc.report.with_untracked(|rep| rep.provenance.ocr.contains_key(&cell));
            if doc.report.with_untracked(|rep| rep.get(cell)) != v || (read && v.is_some()) {
                // a value typed over an OCR reading is the clerk's: no longer marked as read
                doc.edit_cells(Some(cell), move |rep| {
                    rep.set(cell, v);
                    rep.provenance.ocr.remove(&cell);
                });
            }
        }
        Err(()) => {
            doc.bad.update(|b| drop(b.insert(sid.get_value(), text.clone())));
            if doc.report.with_untracked(|rep| rep.get(cell)).is_some() {
                doc.edit_cells(Some(cell), move |rep| rep.set(cell, None));
            }
            doc.tell(format!("“{}”未计入：{}。请改正标红的单元格。", text.trim(), takes(kind)));
        }
    };
    let on_input = move |_| {
        if let Some(el) = node.get_untracked() {
            accept(el.value());
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        just_focused.set_value(false);
        let key = ev.key();
        let printable = key.chars().count() == 1 && !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key();
        if !printable || !readonly() {
            return;
        }
        ev.prevent_default();
        let ask = format!(
            "{name}由各项自动相加，现为自动计算。\n\n要改为手工填写（如照录已发布的报告）吗？",
            name = nianbao_core::text::quoted(&layout.cell_name(cell))
        );
        if window().confirm_with_message(&ask).unwrap_or(false) {
            toggle_manual(doc, cell);
            if let Some(el) = node.get_untracked() {
                el.set_value(&key);
                accept(key);
            }
        }
    };

    let is_bad = move || sid.with_value(|id| doc.bad.with(|b| b.contains_key(id)));
    // read from a picture by OCR: the recogniser's confidence
    let read = move || doc.ocr.with(|m| m.get(&cell).copied());
    let class = move || {
        let mut cls = String::from("num");
        if is_total {
            cls.push_str(if manual() { " total manual" } else { " total computed" });
        }
        if is_bad() {
            cls.push_str(" has-bad");
        }
        match read() {
            Some(c) if c < nianbao_core::text::OCR_DOUBTFUL => cls.push_str(" ocr ocr-doubt"),
            Some(_) => cls.push_str(" ocr"),
            None => {}
        }
        match sid.with_value(|id| doc.marks.with(|m| m.get(id).copied())) {
            Some(Severity::Error) => cls.push_str(" has-error"),
            Some(Severity::Warning) => cls.push_str(" has-warning"),
            _ => {}
        }
        cls
    };
    let hint = move || {
        if !is_total || !manual() {
            return None;
        }
        let (entered, calc) = doc.report.with(|rep| (rep.int(cell), computed(rep, cell)));
        (entered != calc).then(|| format!("计算：{}", calc.map(|v| v.to_string()).unwrap_or_else(|| "空".into())))
    };
    let mode = if kind == CellKind::Count { "numeric" } else { "decimal" };
    let title = name.clone();
    view! {
        <td class="cell">
            <input
                node_ref=node
                class=class
                data-cell=id.clone()
                data-r=r
                data-c=c
                inputmode=mode
                autocomplete="off"
                aria-label=name
                aria-invalid=move || if is_bad() { "true" } else { "false" }
                title=move || match (is_bad(), read()) {
                    (true, _) => format!("{title}：{}", takes(kind)),
                    (false, Some(c)) => format!("{title}：由文字识别（OCR）从图片读出，识别把握 {c}%，请对照原件核对"),
                    (false, None) => match doc.ledger.with(|m| m.get(&cell).cloned()) {
                        Some(rows) => format!("{title}：{rows}"),
                        None => title.clone(),
                    },
                }
                data-ledger=move || doc.ledger.with(|m| m.contains_key(&cell)).then_some("1")
                data-ocr=move || read().map(|c| c.to_string())
                readonly=readonly
                tabindex=move || if readonly() { "-1" } else { "0" }
                on:input=on_input
                on:keydown=on_key
                on:focus=move |_| {
                    if let Some(el) = node.get_untracked() {
                        el.select();
                    }
                    just_focused.set_value(true);
                }
                on:mouseup=move |ev| {
                    // the click that focused the cell keeps the selection, so typing replaces
                    if just_focused.get_value() {
                        ev.prevent_default();
                        just_focused.set_value(false);
                    }
                }
                on:blur=move |_| {
                    // (also when the page is left and the cell removed: nothing may be assumed alive)
                    doc.history.try_update_value(|h| h.end_run());
                    // leaving the cell: show the kept value plainly ("０" → "0", "12." → "12")
                    let kept = doc.report.try_with_untracked(|rep| rep.get(cell));
                    if let (Some(Some(el)), Some(kept)) = (node.try_get_untracked(), kept) {
                        if parse_cell(kind, &el.value()).is_ok() {
                            el.set_value(&shown(kept));
                        }
                    }
                }
            />
            {is_total.then(|| view! {
                <button class="mode" tabindex="-1" on:click=move |_| toggle_manual(doc, cell)
                    title=move || if manual() { "改回自动计算" } else { "改为手工填写（如照录已发布的报告）" }>
                    {move || if manual() { "改回自动" } else { "手填" }}
                </button>
                <span class="hint">{hint}</span>
            })}
        </td>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_typed_with_its_unit_is_the_count() {
        let n = |s: &str| parse_cell(CellKind::Count, s);
        assert_eq!(n("15件"), Ok(Some(Number::Int(15))));
        assert_eq!(n("15 件"), Ok(Some(Number::Int(15))));
        assert_eq!(n("１５"), Ok(Some(Number::Int(15))));
        assert_eq!(n("3条"), Ok(Some(Number::Int(3))));
        // a unit alone, or one that changes the number, is not a count
        assert_eq!(n("件"), Err(()));
        assert_eq!(n("15万"), Err(()));
        assert_eq!(n("15件件"), Err(()));
    }
}
