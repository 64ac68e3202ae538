//! Last year's draft: the same agency's draft of the year before, when this browser holds one.
//! The cross-year rules (D501–D504) run against it, and parts still holding its text (moved on
//! a year by 新建下一年度) are marked 上年内容.

use crate::store;
use leptos::prelude::*;
use nianbao_core::draft::move_year_on;
use nianbao_core::Report;

/// A stored draft used as last year's report.
#[derive(Clone, PartialEq)]
pub struct Previous {
    /// Its id.
    pub id: String,
    /// Its name in the list.
    pub name: String,
    /// The report.
    pub report: Report,
}

impl Previous {
    /// Whether part `i` of `now` is still last year's text (with the year moved on).
    pub fn same_part(&self, now: &Report, i: usize) -> bool {
        let text = now.narrative.part_text(i);
        let Some(year) = now.meta.year else { return false };
        !text.trim().is_empty() && move_year_on(self.report.narrative.part_text(i), self.report.meta.year, year) == text
    }
}

/// Last year's draft, looked up again only when the agency or the year changes.
pub fn memo(report: RwSignal<Report>, id: StoredValue<String>) -> Memo<Option<Previous>> {
    let key = Memo::new(move |_| report.with(|r| (r.meta.agency.trim().to_string(), r.meta.year)));
    Memo::new(move |_| {
        let (agency, year) = key.get();
        let year = year?.checked_sub(1)?;
        let (pid, name, report) = store::find_by_agency_year(&agency, year, &id.get_value())?;
        Some(Previous { id: pid, name, report })
    })
}
