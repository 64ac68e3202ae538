//! Undo and redo of table edits (typing into cells, pastes, 填0, 手填 switches). Text boxes keep
//! the browser's own undo. A step keeps the cells before the edit, not the whole report, so
//! taking a table edit back never takes back text typed since.

use super::Doc;
use leptos::prelude::*;
use nianbao_core::layout::{CellRef, Edition};
use nianbao_core::{Number, Report};
use std::collections::{BTreeMap, BTreeSet};

/// Ctrl+Z (⌘Z) takes the last table edit back, Ctrl+Y or Ctrl+Shift+Z does it again, saying
/// so when there is none; true when the key was one of them (its default is then to be
/// prevented).
pub fn undo_key(doc: Doc, ev: &web_sys::KeyboardEvent) -> bool {
    if !(ev.ctrl_key() || ev.meta_key()) {
        return false;
    }
    let undo = match (ev.key().to_lowercase().as_str(), ev.shift_key()) {
        ("z", false) => true,
        ("y", _) | ("z", true) => false,
        _ => return false,
    };
    let done = if undo { doc.undo() } else { doc.redo() };
    if !done {
        doc.tell(if undo { "没有可撤销的表格修改" } else { "没有可重做的表格修改" });
    }
    true
}

/// One undo for the page: Ctrl+Z and Ctrl+Y pressed anywhere but in a text box (a button just
/// clicked, such as 空白单元格填0, the page itself) act on the table history, never on the
/// browser's own undo of the last text box that had the focus. Text boxes keep their own undo;
/// the table cells' keys are handled by their table (and come here already handled).
pub fn listen(doc: Doc) {
    let keys = window_event_listener(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
        if ev.default_prevented() || !doc.alive() {
            return;
        }
        let typing =
            ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()).is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || el.get_attribute("contenteditable").is_some_and(|v| v != "false")
            });
        if !typing && undo_key(doc, &ev) {
            ev.prevent_default();
        }
    });
    on_cleanup(move || keys.remove());
}

/// How many steps are kept.
const DEPTH: usize = 200;

/// The table cells of a report at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Cells {
    edition: Edition,
    values: BTreeMap<CellRef, Number>,
    manual: BTreeSet<CellRef>,
}

impl Cells {
    fn of(r: &Report) -> Cells {
        Cells { edition: r.edition, values: r.cells.clone(), manual: r.manual_totals.clone() }
    }

    /// Puts these cells back into a report (of the same edition).
    pub fn put_into(&self, r: &mut Report) {
        if r.edition == self.edition {
            r.cells = self.values.clone();
            r.manual_totals = self.manual.clone();
        }
    }

    /// Whether the cell with this id holds a value here.
    pub fn fills(&self, r: &Report, id: &str) -> bool {
        r.layout().parse_cell_id(id).is_some_and(|c| self.values.contains_key(&c))
    }
}

/// The steps that can be taken back and done again.
#[derive(Default)]
pub struct History {
    undo: Vec<(Cells, Option<CellRef>)>,
    redo: Vec<Cells>,
}

impl History {
    /// Records the cells before an edit. Consecutive edits of one cell are one step.
    pub fn record(&mut self, before: &Report, cell: Option<CellRef>) {
        self.redo.clear();
        if let (Some(c), Some((snap, Some(last)))) = (cell, self.undo.last()) {
            if *last == c && snap.edition == before.edition {
                return;
            }
        }
        self.undo.push((Cells::of(before), cell));
        if self.undo.len() > DEPTH {
            self.undo.remove(0);
        }
    }

    /// Ends the run of edits of one cell (the focus left it): the next edit is a step of its own.
    pub fn end_run(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.1 = None;
        }
    }

    /// The cells to go back to, given the current report; None when there is nothing to undo.
    pub fn undo(&mut self, now: &Report) -> Option<Cells> {
        let (cells, _) = self.undo.pop()?;
        self.redo.push(Cells::of(now));
        Some(cells)
    }

    /// The cells to go forward to; None when nothing was undone.
    pub fn redo(&mut self, now: &Report) -> Option<Cells> {
        let cells = self.redo.pop()?;
        self.undo.push((Cells::of(now), None));
        Some(cells)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::draft::new_draft;
    use nianbao_core::model::Level;

    fn with(r: &Report, id: &str, v: i64) -> Report {
        let mut out = r.clone();
        out.set(out.layout().parse_cell_id(id).unwrap(), Some(Number::Int(v)));
        out
    }

    #[test]
    fn typing_into_one_cell_is_one_step_and_a_paste_is_another() {
        let r0 = new_draft(2025, "测试县商务局", Level::Department);
        let cell = r0.layout().parse_cell_id("t3.new.np").unwrap();
        let mut h = History::default();
        h.record(&r0, Some(cell));
        let r1 = with(&r0, "t3.new.np", 7);
        h.record(&r1, Some(cell)); // the second keystroke of "75"
        let r2 = with(&r1, "t3.new.np", 75);
        h.end_run();
        h.record(&r2, None); // a paste
        let mut r3 = with(&r2, "t3.open.np", 1);
        r3.narrative.parts[0].text = "typed after the paste".into();

        let back = h.undo(&r3).unwrap();
        let mut now = r3.clone();
        back.put_into(&mut now);
        assert_eq!(now.cells, r2.cells, "the paste is taken back");
        assert_eq!(now.narrative.parts[0].text, "typed after the paste", "text typed since is kept");
        let back = h.undo(&now).unwrap();
        back.put_into(&mut now);
        assert_eq!(now.cells, r0.cells, "both keystrokes in one step");
        assert!(h.undo(&now).is_none());
        let again = h.redo(&now).unwrap();
        again.put_into(&mut now);
        assert_eq!(now.cells, r2.cells, "redo");
    }

    #[test]
    fn cells_of_another_edition_are_not_put_back() {
        let r2019 = new_draft(2020, "测试县商务局", Level::Department);
        let mut r2021 = with(&new_draft(2025, "测试县商务局", Level::Department), "t3.new.np", 3);
        let mut h = History::default();
        h.record(&r2019, None);
        let back = h.undo(&r2021).unwrap();
        let before = r2021.cells.clone();
        back.put_into(&mut r2021);
        assert_eq!(r2021.cells, before);
    }
}
