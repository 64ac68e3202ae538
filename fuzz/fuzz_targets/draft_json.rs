//! Reading a draft JSON never panics, and what is read checks and writes back.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(report) = nianbao_core::Report::from_json(text) {
            let _ = nianbao_core::check(&report, None);
            let again = nianbao_core::Report::from_json(&report.to_json()).expect("round trip");
            assert_eq!(again, report);
        }
    }
});
