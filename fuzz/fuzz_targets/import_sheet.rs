//! The spreadsheet and CSV reader (ledgers and rosters) never panics or runs out of memory on any
//! bytes, and what it reads goes through the ledger's counting and the roster's reading without
//! panics. Seed it with the .xlsx, .xls and .ods files LibreOffice makes from a CSV ledger
//! (see crates/nianbao-cli/tests/ledger.rs) in corpus/import_sheet.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nianbao_core::layout::Edition;

fuzz_target!(|data: &[u8]| {
    if let Ok(sheets) = nianbao_sheet::read_any(data) {
        if let Ok(outcome) = nianbao_core::ledger::run(&sheets, 2025, Edition::E2021, None, None) {
            let mut report = nianbao_core::draft::new_draft(2025, "某县人民政府", nianbao_core::import::classify_agency("某县人民政府").0);
            let counts = outcome.counts(report.layout());
            nianbao_core::ledger::apply(&mut report, &counts, "台账.xlsx");
            let _ = nianbao_core::check(&report, None);
        }
        if let Some(first) = sheets.first() {
            let _ = nianbao_core::batch::parse_roster_rows(&first.rows);
        }
    }
});
