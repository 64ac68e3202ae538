//! The editor: the whole report on one page, checked on every change and saved on every change.
//!
//! [`Doc`] holds the draft's state and is handed to the parts, each in its own file:
//! [`toolbar`] (name, save state, exports, the findings count), [`save`] (autosave, other tabs,
//! leaving the page), [`narrative`] (meta data, title, opening, the six parts), [`tables`] (the
//! tables with 填0 and undo; one cell in [`cell`]), [`edition`] (2019/2021 tables), [`export`] (Word, HTML, text, print, draft file), [`print`] (the
//! printed report), [`previous`] (last year's draft for D501–D504), [`ledger`] (从台账生成表三,
//! the ledger template) and [`undo`].

mod cell;
mod edition;
mod export;
mod ledger;
mod narrative;
mod ocr;
mod previous;
mod print;
mod save;
mod tables;
mod toolbar;
mod undo;

use crate::app::Shell;
use crate::findings::FindingsPanel;
use crate::store;
use leptos::prelude::*;
use nianbao_core::draft::apply_computed_totals;
use nianbao_core::layout::CellRef;
use nianbao_core::{check, Finding, Report, Severity};
use save::Saved;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use previous::Previous;

/// The state of the open draft, shared by the editor's parts.
#[derive(Clone, Copy)]
pub struct Doc {
    /// The draft id.
    pub id: StoredValue<String>,
    /// The draft's name in the list.
    pub name: RwSignal<String>,
    /// The report being edited.
    pub report: RwSignal<Report>,
    /// Whether the last change is stored.
    pub saved: RwSignal<Saved>,
    /// Another tab has the draft: why saving is paused.
    pub conflict: RwSignal<Option<String>>,
    /// Cell id → text typed that the cell does not allow (shown as typed, flagged, not kept).
    pub bad: RwSignal<BTreeMap<String, String>>,
    /// Last year's draft of the same agency, when one is stored.
    pub previous: Memo<Option<Previous>>,
    /// Every finding, live.
    pub findings: Memo<Vec<Finding>>,
    /// Severity of the worst finding per cell id.
    pub marks: Memo<HashMap<String, Severity>>,
    /// The totals entered by hand (one subscription to the report for all cells).
    pub manual: Memo<BTreeSet<CellRef>>,
    /// The cells read by OCR, with their confidence (apart from the report, so that a cell's
    /// mark is redrawn when the readings change, not on every keystroke).
    pub ocr: Memo<BTreeMap<CellRef, u8>>,
    /// Cells counted from the application ledger, with their title ("本格 3 件：台账…第 4、9 行").
    pub ledger: Memo<BTreeMap<CellRef, String>>,
    /// Undo and redo of table edits.
    pub history: StoredValue<undo::History>,
    /// The cells the clerk typed into, the latest last (a finding about a sum goes to the one
    /// of its cells typed last: the likeliest to be wrong).
    pub recent: StoredValue<Vec<CellRef>>,
    /// The app shell (notices).
    pub shell: Shell,
}

impl Doc {
    /// Stores the draft (unless saving is paused) and records the outcome.
    pub fn save(&self) {
        if self.alive() {
            save::store_now(self);
        }
    }

    /// Whether the editor is still open (a notice's 撤销 may be clicked after it was left, and a
    /// text box being taken away with the editor sends its last change and blur): every part of
    /// the state a change or a save touches, as they are disposed one by one.
    pub fn alive(&self) -> bool {
        !self.report.is_disposed()
            && !self.history.is_disposed()
            && !self.id.is_disposed()
            && !self.name.is_disposed()
            && !self.saved.is_disposed()
            && !self.conflict.is_disposed()
            && !self.bad.is_disposed()
    }

    /// Applies a change to the text or meta data (the browser's own undo covers text boxes).
    pub fn edit(&self, f: impl FnOnce(&mut Report)) {
        if !self.alive() {
            return;
        }
        self.report.update(|r| {
            f(r);
            apply_computed_totals(r);
        });
        self.save();
    }

    /// Applies a change to table cells that 撤销 can take back. Edits of one cell in a row are
    /// one step (`cell`); `None` makes a step of its own (a paste, 填0).
    pub fn edit_cells(&self, cell: Option<CellRef>, f: impl FnOnce(&mut Report)) {
        if !self.alive() {
            return;
        }
        self.report.with_untracked(|r| self.history.update_value(|h| h.record(r, cell)));
        if let Some(cell) = cell {
            self.recent.update_value(|v| {
                v.retain(|c| *c != cell);
                v.push(cell);
                if v.len() > RECENT {
                    v.remove(0);
                }
            });
        }
        self.edit(f);
    }

    /// Takes the last table edit back; false when there is none.
    pub fn undo(&self) -> bool {
        if !self.alive() {
            return false;
        }
        let done = self.report.with_untracked(|r| self.history.try_update_value(|h| h.undo(r)).flatten());
        self.restore(done)
    }

    /// Does the last undone table edit again; false when there is none.
    pub fn redo(&self) -> bool {
        if !self.alive() {
            return false;
        }
        let done = self.report.with_untracked(|r| self.history.try_update_value(|h| h.redo(r)).flatten());
        self.restore(done)
    }

    fn restore(&self, cells: Option<undo::Cells>) -> bool {
        let Some(cells) = cells else { return false };
        self.edit(|r| cells.put_into(r));
        let report = self.report;
        self.bad.update(|b| report.with_untracked(|r| b.retain(|id, _| !cells.fills(r, id))));
        true
    }

    /// Says something to the clerk.
    pub fn tell(&self, text: impl Into<String>) {
        self.shell.tell(text);
    }
}

/// The editor of one draft.
/// How many typed cells [`Doc::recent`] remembers.
const RECENT: usize = 64;

#[component]
pub fn Editor(id: String) -> impl IntoView {
    match store::load(&id) {
        Ok(r) => view! { <Loaded id=id report=r/> }.into_any(),
        Err(e) => view! {
            <section class="home">
                <h1>"无法打开草稿"</h1>
                <p class="bad">{e}</p>
                <p><a href="#/">"返回草稿列表"</a>"（损坏的草稿可在列表中下载原始内容）"</p>
            </section>
        }
        .into_any(),
    }
}

#[component]
fn Loaded(id: String, report: Report) -> impl IntoView {
    let shell = expect_context::<Shell>();
    let report = RwSignal::new(report);
    let id_value = StoredValue::new(id.clone());
    let previous = previous::memo(report, id_value);
    let findings: Memo<Vec<Finding>> =
        Memo::new(move |_| report.with(|r| previous.with(|p| check(r, p.as_ref().map(|p| &p.report)))));
    let marks: Memo<HashMap<String, Severity>> = Memo::new(move |_| {
        let mut m: HashMap<String, Severity> = HashMap::new();
        for f in findings.get().iter().filter(|f| f.severity >= Severity::Warning) {
            for c in &f.cells {
                let e = m.entry(c.clone()).or_insert(f.severity);
                if f.severity > *e {
                    *e = f.severity;
                }
            }
        }
        m
    });
    let doc = Doc {
        id: id_value,
        name: RwSignal::new(store::name(&id)),
        report,
        saved: RwSignal::new(Saved::At(js_sys::Date::now())),
        conflict: RwSignal::new(None),
        bad: RwSignal::new(BTreeMap::new()),
        previous,
        findings,
        marks,
        manual: Memo::new(move |_| report.with(|r| r.manual_totals.clone())),
        ocr: Memo::new(move |_| report.with(|r| r.provenance.ocr.clone())),
        ledger: Memo::new(move |_| {
            report.with(|r| {
                let cells = r
                    .provenance
                    .ledger
                    .as_ref()
                    .map(|l| l.rows.keys().copied().collect::<Vec<_>>())
                    .unwrap_or_default();
                cells.into_iter().filter_map(|c| ledger::cell_rows(r, c).map(|t| (c, t))).collect()
            })
        }),
        history: StoredValue::new(undo::History::default()),
        recent: StoredValue::new(Vec::new()),
        shell,
    };
    provide_context(doc);
    save::watch(doc);
    undo::listen(doc);

    view! {
        <div class="editor">
            <div class="sticky-top no-print">
                <toolbar::Toolbar/>
                <save::Banners/>
            </div>
            <edition::EditionBanner/>
            <ocr::OcrBanner/>
            <div class="columns">
                <article class="report no-print">
                    <narrative::Meta/>
                    <narrative::Front/>
                    <tables::FillAll/>
                    {(0..6).map(|i| view! { <narrative::Part index=i/> }).collect_view()}
                    <narrative::Signature/>
                    <p><a href="#/" class="link" on:click=save::leave_guard(doc)>"返回草稿列表"</a></p>
                </article>
                <FindingsPanel/>
            </div>
            <print::PrintView/>
        </div>
    }
}
