//! The OFD reader never panics: on any bytes, and on any page content inside a valid package.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;

const OFD: &str = r#"<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#;
const DOCUMENT: &str = r#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#;

fuzz_target!(|data: &[u8]| {
    let _ = nianbao_core::read::ofd::ofd_to_text(data);
    let _ = nianbao_core::read::ofd::scanned_pictures(data);
    // the same bytes as the content of a page of a well-formed package
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, body) in [("OFD.xml", OFD.as_bytes()), ("Doc_0/Document.xml", DOCUMENT.as_bytes()), ("Doc_0/Pages/Page_0/Content.xml", data)] {
            if z.start_file(name, opts).is_err() || z.write_all(body).is_err() {
                return;
            }
        }
        if z.finish().is_err() {
            return;
        }
    }
    if let Ok(text) = nianbao_core::read::ofd::ofd_to_text(out.get_ref()) {
        if let Ok(report) = nianbao_core::import::import_text(&text) {
            let _ = nianbao_core::check(&report, None);
        }
    }
});
