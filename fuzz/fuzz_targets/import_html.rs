//! The HTML importer never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let text = nianbao_core::read::html::to_text(&html);
    if let Ok(report) = nianbao_core::import::import_text(&text) {
        let _ = nianbao_core::check(&report, None);
    }
});
