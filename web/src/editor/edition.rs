//! The edition of the tables: when the year asks for the other edition (2019 / 2021), a banner
//! offers to move the draft over, saying which cells have no place in the new tables.

use super::Doc;
use leptos::prelude::*;

/// The banner, shown while the year and the edition disagree.
#[component]
pub fn EditionBanner() -> impl IntoView {
    let doc = expect_context::<Doc>();
    let report = doc.report;
    let wanted = move || report.with(|r| r.meta.year.map(nianbao_core::Edition::for_year).filter(|e| *e != r.edition));
    let convert = move |_| {
        let Some(edition) = wanted() else { return };
        let (converted, lost) = report.with_untracked(|r| nianbao_core::draft::convert_edition(r, edition));
        if !lost.is_empty() {
            let shown: Vec<&str> = lost.iter().take(10).map(String::as_str).collect();
            let msg = format!(
                "改用{}后，以下 {} 个单元格在新表中没有对应位置，将被清空：\n\n{}{}\n\n表三、表四和正文保留。继续吗？",
                edition.label(),
                lost.len(),
                shown.join("\n"),
                if lost.len() > 10 { "\n……" } else { "" }
            );
            if !window().confirm_with_message(&msg).unwrap_or(false) {
                return;
            }
        }
        report.set(converted);
        doc.history.update_value(|h| *h = Default::default());
        doc.save();
        doc.tell(format!("已改用{}", edition.label()));
    };
    move || {
        wanted().map(|e| {
            view! {
                <div class="banner no-print" data-testid="edition-banner">
                    <span>{move || report.with(|r| format!("{}年度年报应使用{}，本草稿用的是{}。", r.meta.year.unwrap_or_default(), e.label(), r.edition.label()))}</span>
                    <button on:click=convert data-testid="convert-edition">{format!("改用{}", e.label())}</button>
                </div>
            }
        })
    }
}
