//! A supervisor's folder: every real report of the corpus, and beside them the attachments an
//! attacker built against each reader (issue "Hardening, round 3"). The batch must come out whole:
//! every real report checked, each hostile file named as a report or as unreadable with its
//! reason, exit 2, the workbook written — no abort, no hang.
//!
//! The hostile PDFs are those of the PDF reader's budget tests
//! (`crates/nianbao-pdf/tests/hostile`), the pictures those of the picture reader's
//! (`crates/nianbao-ocr/tests/pictures`); the Word files are built here with the `zip` writer.

#[path = "../../nianbao-pdf/tests/hostile/mod.rs"]
mod hostile;
#[path = "../../nianbao-ocr/tests/pictures/mod.rs"]
mod pictures;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn corpus() -> PathBuf {
    match std::env::var("NIANBAO_CORPUS") {
        Ok(d) => PathBuf::from(d),
        Err(_) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    }
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A Word package of the parts given (a stored body: the debug build deflates slowly).
fn docx(parts: &[(&str, String)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        for (name, body) in parts {
            let method =
                if body.len() > 1 << 20 { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
            z.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(method)).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

fn document(body: &str) -> (&'static str, String) {
    (
        "word/document.xml",
        format!(r#"<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#),
    )
}

/// The hostile Word files: nesting that overflowed a worker's stack, a cell of nested
/// paragraphs, a list-number template of half a million fields, ten million empty paragraphs.
fn hostile_word() -> Vec<(&'static str, Vec<u8>)> {
    let sdt = format!(
        "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>{}<w:p/>{}",
        "<w:sdt><w:sdtContent>".repeat(7_000),
        "</w:sdtContent></w:sdt>".repeat(7_000)
    );
    let tables = format!("{}<w:p/>{}", "<w:tbl><w:tr><w:tc>".repeat(3_000), "</w:tc></w:tr></w:tbl>".repeat(3_000));
    let cell = format!(
        "<w:tbl><w:tr><w:tc>{}<w:r><w:t>字</w:t></w:r>{}</w:tc></w:tr></w:tbl>",
        "<w:p>".repeat(3_000),
        "</w:p>".repeat(3_000)
    );
    let numbering = format!(
        r#"<?xml version="1.0"?><w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="{}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
        "%1".repeat(500_000)
    );
    let list = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>项</w:t></w:r></w:p>"#
        .repeat(20_000);
    vec![
        ("word_sdt_7000.docx", docx(&[document(&sdt)])),
        ("word_tables_3000.docx", docx(&[document(&tables)])),
        ("word_cell_paragraphs.docx", docx(&[document(&cell)])),
        ("word_numbering.docx", docx(&[document(&list), ("word/numbering.xml", numbering)])),
        ("word_empty_paragraphs.docx", docx(&[document(&"<w:p/>".repeat(10_000_000))])),
    ]
}

fn hostile_pdf() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("pdf_gigabyte_x20.pdf", hostile::gigabyte_stream_listed_twenty_times()),
        ("pdf_deflated_twice.pdf", hostile::stream_deflated_twice()),
        ("pdf_borders.pdf", hostile::borders_across_rows()),
        ("pdf_form_recursion.pdf", hostile::form_drawing_itself()),
        ("pdf_bfrange.pdf", hostile::full_range_to_unicode()),
        ("pdf_inline_tf.pdf", hostile::inline_font_named_by_many_tf()),
        ("pdf_widths.pdf", hostile::width_ranges(20_000)),
        ("pdf_left_edges.pdf", hostile::lines_at_different_left_edges(30, 2_000)),
        ("pdf_shared_stream.pdf", hostile::pages_sharing_one_stream(10_000)),
    ]
}

/// Hostile pictures (read by OCR in a folder walk): one claiming ten billion pixels, a PNG with
/// no pixel data, a JPEG cut short, a TIFF pointing past its end.
fn hostile_pictures() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("pic_billions.png", pictures::png_claiming(100_000, 100_000)),
        ("pic_empty.png", pictures::png_claiming(40, 30)),
        ("pic_cut.jpg", pictures::jpeg_cut_short()),
        ("pic_away.tif", pictures::tiff_pointing_away()),
    ]
}

/// A Word 97 file of `text` (UTF-16, one piece), written with cfb: the FIB of Word 97, a piece
/// table in the 0Table stream, no property pages.
fn word97(text: &[u16]) -> Vec<u8> {
    use std::io::Write;
    let mut fib = vec![0u8; 1024];
    fib[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
    fib[2..4].copy_from_slice(&0x00C1u16.to_le_bytes());
    fib[32..34].copy_from_slice(&14u16.to_le_bytes()); // csw
    let lw = 34 + 28;
    fib[lw..lw + 2].copy_from_slice(&22u16.to_le_bytes()); // cslw
    fib[lw + 2 + 12..lw + 2 + 16].copy_from_slice(&(text.len() as u32).to_le_bytes()); // ccpText
    let fc = lw + 2 + 88;
    fib[fc..fc + 2].copy_from_slice(&93u16.to_le_bytes()); // cbRgFcLcb
    let clx_at = fc + 2 + 33 * 8;
    let piece_fc = 1024u32;
    let mut clx = vec![0x02u8];
    clx.extend(16u32.to_le_bytes()); // lcb of the PlcPcd: 2 CPs and one Pcd
    clx.extend(0u32.to_le_bytes());
    clx.extend((text.len() as u32).to_le_bytes());
    clx.extend([0u8, 0]);
    clx.extend(piece_fc.to_le_bytes());
    clx.extend([0u8, 0]);
    fib[clx_at..clx_at + 4].copy_from_slice(&0u32.to_le_bytes());
    fib[clx_at + 4..clx_at + 8].copy_from_slice(&(clx.len() as u32).to_le_bytes());
    let mut word = fib;
    word.extend(text.iter().flat_map(|u| u.to_le_bytes()));
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    file.create_stream("/WordDocument").unwrap().write_all(&word).unwrap();
    file.create_stream("/0Table").unwrap().write_all(&clx).unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// A package of one OFD page whose content is `page`.
fn ofd_page(page: &str) -> Vec<u8> {
    docx(&[
        ("OFD.xml", "<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>".to_string()),
        (
            "Doc_0/Document.xml",
            "<Document><Pages><Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/></Pages></Document>".to_string(),
        ),
        ("Doc_0/Pages/Page_0/Content.xml", page.to_string()),
    ])
}

/// Hostile Word 97 and OFD files: five million nested field starts (a search of the open fields
/// for each character would take hours), a compound file cut after its header, an OFD page of
/// 300,000 characters, an OFD of 100,000 nested page blocks.
fn hostile_old_forms() -> Vec<(&'static str, Vec<u8>)> {
    let mut fields = vec![0x13u16; 5_000_000];
    fields.extend("一、总体情况\r".encode_utf16());
    let crowded = format!(
        "<Page><Content><Layer><TextObject Boundary=\"0 0 10 10\" Size=\"3\"><TextCode X=\"0\" Y=\"3\">{}</TextCode></TextObject></Layer></Content></Page>",
        "字".repeat(300_000)
    );
    let nested =
        format!("<Page><Content>{}{}</Content></Page>", "<PageBlock>".repeat(100_000), "</PageBlock>".repeat(100_000));
    vec![
        ("doc_fields_5m.doc", word97(&fields)),
        ("doc_header_only.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".repeat(64)),
        ("ofd_page_300k.ofd", ofd_page(&crowded)),
        ("ofd_nested.ofd", ofd_page(&nested)),
    ]
}

/// The corpus's report files (text, HTML, PDF), by name relative to the corpus.
fn corpus_reports() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [corpus(), corpus().join("partial")] {
        for e in fs::read_dir(&dir).expect("the corpus (../shared/corpus or $NIANBAO_CORPUS)") {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt" || x == "html" || x == "pdf") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_folder_of_real_reports_and_hostile_attachments_comes_out_whole() {
    let dir = tempfile::tempdir().unwrap();
    // NIANBAO_KEEP_HOSTILE=DIR keeps the folder there, to time the release binary on it by hand
    let folder = match std::env::var("NIANBAO_KEEP_HOSTILE") {
        Ok(keep) => PathBuf::from(keep),
        Err(_) => dir.path().join("年报"),
    };
    fs::create_dir_all(&folder).unwrap();
    let real = corpus_reports();
    assert!(real.len() >= 25, "the corpus reports: {}", real.len());
    // real and hostile files interleaved by name, so that both kinds run side by side
    for (i, p) in real.iter().enumerate() {
        fs::copy(p, folder.join(format!("{:02}_{}", i * 2, p.file_name().unwrap().to_str().unwrap()))).unwrap();
    }
    let hostile: Vec<(&str, Vec<u8>)> =
        hostile_word().into_iter().chain(hostile_pdf()).chain(hostile_pictures()).chain(hostile_old_forms()).collect();
    for (i, (name, bytes)) in hostile.iter().enumerate() {
        fs::write(folder.join(format!("{:02}_{name}", i * 2 + 1)), bytes).unwrap();
    }
    let book = dir.path().join("检查结果.xlsx");
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "json", s(&folder), "--summary", s(&book)])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    let o = match rx.recv_timeout(Duration::from_secs(600)) {
        Ok(o) => o.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("the batch did not finish within 600 s (debug build)");
        }
    };
    eprintln!("batch of {} files: {:?} (debug build)", real.len() + hostile.len(), started.elapsed());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("one JSON document: {e}; {err}"));
    let reports: Vec<&str> = v["reports"].as_array().unwrap().iter().map(|r| r["file"].as_str().unwrap()).collect();
    let unreadable: Vec<(&str, &str)> = v["unreadable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["file"].as_str().unwrap(), u["error"].as_str().unwrap()))
        .collect();
    for p in &real {
        let name = p.file_name().unwrap().to_str().unwrap();
        assert!(reports.iter().any(|f| f.ends_with(name)), "the real report {name} is checked: {unreadable:?}");
    }
    for (name, _) in &hostile {
        let listed = reports.iter().any(|f| f.ends_with(name))
            || unreadable.iter().any(|(f, why)| f.ends_with(name) && !why.is_empty());
        assert!(listed, "{name} is named as a report or as unreadable with its reason");
    }
    for (file, why) in &unreadable {
        assert!(why.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{file}: a Chinese reason: {why}");
    }
    let refused = |name: &str| unreadable.iter().any(|(f, _)| f.ends_with(name));
    for name in ["pdf_gigabyte_x20.pdf", "pdf_deflated_twice.pdf", "pdf_borders.pdf", "pdf_form_recursion.pdf"] {
        assert!(refused(name), "{name} is refused by the PDF budget");
    }
    for name in ["word_sdt_7000.docx", "word_tables_3000.docx", "word_numbering.docx", "word_empty_paragraphs.docx"] {
        assert!(refused(name), "{name} is refused by the Word budget");
    }
    for name in ["doc_header_only.doc", "ofd_page_300k.ofd", "ofd_nested.ofd"] {
        assert!(refused(name), "{name} is refused with its reason");
    }
    // the fields' text is all code: nothing of a report is left, said as such, in time
    assert!(refused("doc_fields_5m.doc"), "doc_fields_5m.doc is not a report");
    for (name, _) in hostile_pictures() {
        assert!(refused(name), "{name} is refused by the picture reader");
    }
    let billions = unreadable.iter().find(|(f, _)| f.ends_with("pic_billions.png")).map(|u| u.1).unwrap_or("");
    assert!(billions.contains("100000×100000"), "the size is named: {billions}");
    assert!(err.contains("工作簿"), "the workbook is written: {err}");
    assert!(fs::metadata(&book).unwrap().len() > 10_000);
}
