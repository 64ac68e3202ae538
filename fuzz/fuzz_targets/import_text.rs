//! The plain-text importer (scraped, PDF-extracted, Markdown) and the rules never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(report) = nianbao_core::import::import_text(&text) {
        let _ = nianbao_core::check(&report, None);
        let _ = nianbao_core::Report::from_json(&report.to_json()).expect("own drafts read back");
    }
});
