//! Properties: any single change to a number of a clean table 三 or 四 is caught, with the cell
//! named; the draft JSON round-trips generated reports.

use nianbao_core::layout::{CellRef, TableId};
use nianbao_core::{check, Number, Report, Severity};
use nianbao_tests::load;
use proptest::prelude::*;

/// Clean reports from the corpus whose tables 三 and 四 were read completely (loaded once).
fn clean_reports() -> &'static [Report] {
    static REPORTS: std::sync::OnceLock<Vec<Report>> = std::sync::OnceLock::new();
    REPORTS.get_or_init(|| {
        ["2024_huaian_szf.txt", "2020_minhou_shangwuju.txt", "2021_pingtan_gwh.txt", "2024_huaian_hongzequ.txt"]
            .iter()
            .map(|n| load(n))
            .collect()
    })
}

fn number_cells(r: &Report) -> Vec<CellRef> {
    r.layout()
        .cells()
        .into_iter()
        .filter(|c| matches!(c.table, TableId::T3 | TableId::T4))
        .filter(|c| !r.provenance.unread.contains(c) && r.get(*c).is_some())
        .collect()
}

#[test]
fn the_clean_reports_have_no_arithmetic_error() {
    for r in clean_reports() {
        let f = check(r, None);
        assert!(!f.iter().any(|f| f.severity == Severity::Error), "{f:#?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn any_single_change_is_an_error_naming_the_cell(report in 0usize..4, pick in any::<prop::sample::Index>(), delta in prop_oneof![-50i64..=-1, 1i64..=50]) {
        let mut r = clean_reports()[report].clone();
        let cells = number_cells(&r);
        let cell = *pick.get(&cells);
        let old = r.int(cell).unwrap();
        let new = old + delta;
        r.set(cell, Some(Number::Int(new)));
        let id = r.layout().cell_id(cell);
        let findings = check(&r, None);
        let hit = findings.iter().any(|f| f.severity == Severity::Error && f.cells.contains(&id));
        prop_assert!(hit, "changing {} from {} to {} was not caught: {:#?}", id, old, new, findings);
    }
}

fn arb_report() -> impl Strategy<Value = Report> {
    use nianbao_core::Edition;
    (
        prop_oneof![Just(Edition::E2019), Just(Edition::E2021)],
        prop::collection::vec((any::<prop::sample::Index>(), prop::option::of(-5i64..100_000)), 0..60),
        "[一-龥，。0-9]{0,40}",
    )
        .prop_map(|(edition, values, text)| {
            let mut r = Report::new(edition);
            let cells = r.layout().cells();
            for (i, v) in values {
                r.set(*i.get(&cells), v.map(Number::Int));
            }
            r.narrative.parts[0].text = text;
            r.meta.year = Some(2023);
            r
        })
}

proptest! {
    #[test]
    fn draft_json_round_trips(r in arb_report()) {
        let back = Report::from_json(&r.to_json()).unwrap();
        prop_assert_eq!(back, r);
    }
}
