//! The Word reader never panics: on any bytes, and on any document.xml inside a valid package.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let _ = nianbao_core::read::docx::docx_to_text(data);
    // the same bytes as the body of a well-formed package
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        if z.start_file("word/document.xml", opts).is_err() || z.write_all(data).is_err() || z.finish().is_err() {
            return;
        }
    }
    if let Ok(text) = nianbao_core::read::docx::docx_to_text(out.get_ref()) {
        if let Ok(report) = nianbao_core::import::import_text(&text) {
            let _ = nianbao_core::check(&report, None);
        }
    }
});
