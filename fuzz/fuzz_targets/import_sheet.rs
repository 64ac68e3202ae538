//! The spreadsheet and CSV reader (ledgers and rosters) never lets a panic out, never runs out of
//! memory and never hangs on any bytes, and what it reads goes through the ledger's counting and the roster's reading without
//! panics. Seed it with the .xlsx, .xls and .ods files LibreOffice makes from a CSV ledger
//! (see crates/nianbao-cli/tests/ledger.rs) in corpus/import_sheet.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nianbao_core::layout::Edition;

fuzz_target!(|data: &[u8]| {
    // calamine panics on some damaged files; nianbao-sheet catches them and says the file is
    // damaged (as the CLI does, and a browser's worker ends). libfuzzer-sys's hook would abort on
    // those caught panics too: a quiet hook leaves them to the reader, and a panic the reader does
    // not catch still aborts (libfuzzer-sys's own catch_unwind)
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
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
