//! Encoding detection and the auto-detecting importer never panic on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = nianbao_core::import::import_bytes(data) {
        let _ = nianbao_core::check(&report, None);
    }
});
