//! The Word 97–2003 / WPS reader never panics on any bytes, and what it reads imports and checks
//! without panics. Seed it with LibreOffice .doc files (see tests/forms.rs) in corpus/import_doc.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = nianbao_core::read::doc::doc_to_text(data) {
        if let Ok(report) = nianbao_core::import::import_text(&text) {
            let _ = nianbao_core::check(&report, None);
        }
    }
});
