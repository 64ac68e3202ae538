//! Word 97–2003 (.doc), WPS (.wps) and OFD files read like the .docx and the page they were made
//! from (issue 18): the same cells, parts and findings.
//!
//! The fixtures are made here from the corpus, never by hand:
//! - `.doc`: each complete corpus report is exported to .docx by `render`, and the corpus HTML
//!   page is taken as it is; LibreOffice (`soffice --headless --convert-to "doc:MS Word 97"`,
//!   installed by `scripts/setup.sh --all`) saves them as Word 97–2003 files. A `.wps` as WPS
//!   writes it by default holds the same Word binary: its bytes are read the same way (the file's
//!   name is never looked at).
//! - damaged and encrypted `.doc`: a LibreOffice `.doc` cut in half, or with the FIB's encryption
//!   flag or an old format number set; compound files without a Word document written with `cfb`.
//! - OFD: written by `ofd_writer.rs` (no converter from the registries writes a standard OFD with
//!   text) from each report's intermediate text: characters placed by `DeltaX`, table cells as
//!   bordered boxes, a page number at each page's foot.

#[path = "ofd_writer.rs"]
mod ofd_writer;

use nianbao_core::import::{import_bytes, ImportError};
use nianbao_core::render::{render, Format};
use nianbao_core::Report;
use nianbao_tests::{corpus_dir, load};
use std::path::Path;
use std::process::Command;

/// The complete corpus reports (INDEX.tsv's `complete` column), PDFs aside (their text twins
/// are there).
fn complete_reports() -> Vec<String> {
    let index = std::fs::read_to_string(corpus_dir().join("INDEX.tsv")).unwrap();
    let names: Vec<String> = index
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.get(4) == Some(&"yes") && !cols[0].ends_with(".pdf")).then(|| cols[0].to_string())
        })
        .collect();
    assert!(names.len() >= 10, "{names:?}");
    names
}

/// Converts every file of `dir` to Word 97–2003 with LibreOffice, into `dir/doc`.
fn libreoffice_to_doc(dir: &Path, files: &[String]) {
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let out = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "doc:MS Word 97", "--outdir"])
        .arg(dir.join("doc"))
        .args(files.iter().map(|f| dir.join(f)))
        .output()
        .expect("LibreOffice (soffice) is installed by scripts/setup.sh --all");
    assert!(out.status.success(), "soffice: {}", String::from_utf8_lossy(&out.stderr));
}

/// The findings of a report as (code, message).
fn findings(r: &Report) -> Vec<(String, String)> {
    nianbao_core::check(r, None).into_iter().map(|f| (f.code.to_string(), f.message)).collect()
}

/// Asserts that `got` has the cells, parts, title, unit, year and findings of `want`. A fixed
/// layout (`spaces_kept` false: OFD, like PDF) prints no space character and no paragraph mark
/// (a wrapped line that starts with "（3）" reads as a new item), and a table row left in a part's
/// text has no outer bars when no cell is blank (as from a PDF), so its parts are compared
/// without white space and bars.
fn same_report(got: &Report, want: &Report, what: &str, spaces_kept: bool) {
    let text = |s: &str| -> String { s.chars().filter(|c| spaces_kept || !(c.is_whitespace() || *c == '|')).collect() };
    assert_eq!(got.edition, want.edition, "{what}: edition");
    assert_eq!(got.cells, want.cells, "{what}: cells");
    assert_eq!(got.narrative.title, want.narrative.title, "{what}: title");
    for i in 0..6 {
        assert_eq!(text(got.narrative.part_text(i)), text(want.narrative.part_text(i)), "{what}: part {i}");
    }
    assert_eq!(got.narrative.signature, want.narrative.signature, "{what}: 落款");
    assert_eq!((&got.meta.agency, got.meta.year), (&want.meta.agency, want.meta.year), "{what}: unit and year");
    if spaces_kept {
        assert_eq!(findings(got), findings(want), "{what}: findings");
    } else {
        // the same rules fire, but half-width punctuation (W803): a comma followed by a space,
        // which a fixed layout does not print, is English punctuation in the source
        let codes = |r: &Report| findings(r).into_iter().map(|f| f.0).filter(|c| c != "W803").collect::<Vec<_>>();
        assert_eq!(codes(got), codes(want), "{what}: findings");
    }
}

#[test]
fn doc_files_saved_by_libreoffice_read_like_their_source() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut sources = Vec::new();
    for name in complete_reports() {
        let stem = Path::new(&name).file_stem().unwrap().to_string_lossy().to_string();
        let docx = render(&load(&name), Format::Docx);
        std::fs::write(dir.path().join(format!("{stem}.docx")), &docx).unwrap();
        files.push(format!("{stem}.docx"));
        sources.push((stem, import_bytes(&docx).unwrap()));
    }
    // the published page as it is
    let html = "2019_shanghai_szfbgt.html";
    std::fs::copy(corpus_dir().join(html), dir.path().join("page.html")).unwrap();
    files.push("page.html".to_string());
    sources.push(("page".to_string(), load(html)));
    libreoffice_to_doc(dir.path(), &files);
    for (stem, source) in &sources {
        let doc = std::fs::read(dir.path().join("doc").join(format!("{stem}.doc"))).unwrap();
        assert!(doc.starts_with(b"\xD0\xCF\x11\xE0"), "{stem}: a compound file");
        let read = import_bytes(&doc).unwrap_or_else(|e| panic!("{stem}.doc: {e}"));
        same_report(&read, source, &format!("{stem}.doc"), true);
        assert!(read.cells.len() > 50, "{stem}: the tables read ({} cells)", read.cells.len());
    }
}

/// Numbers a .docx's part headings ("一、总体情况") and the sub-headings of its text ("（一）…",
/// outside tables) with a Word list (chineseCounting, "%1、" and "（%2）") instead of typed text,
/// as a clerk who uses Word's automatic numbering has them: the typed numbers are taken out of
/// the text, the headings name the list themselves, the sub-headings through their paragraph
/// style (as Word's heading styles do), and `numbering.xml` gets the list (with its
/// relationship, which `render` leaves out when it writes no list).
fn numbered_by_word(docx: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        parts.push((f.name().to_string(), text));
    }
    let numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    let t_open = r#"<w:t xml:space="preserve">"#;
    let mut numbered = [0, 0];
    for (name, text) in parts.iter_mut() {
        match name.as_str() {
            "word/document.xml" => {
                let mut out = String::new();
                let mut depth = 0i32;
                for piece in text.split_inclusive("</w:p>") {
                    let (before, para) = piece.split_at(piece.rfind("<w:p").unwrap_or(0));
                    depth += before.matches("<w:tbl>").count() as i32 - before.matches("</w:tbl>").count() as i32;
                    out.push_str(before);
                    let one_run = para.matches("<w:t ").count() == 1;
                    let typed = para.find(t_open).map(|at| &para[at + t_open.len()..]).unwrap_or("");
                    let lead: String = typed.chars().take_while(|c| numerals.contains(c)).collect();
                    let level = if !one_run || depth > 0 {
                        None
                    } else if !lead.is_empty() && para.contains("黑体") && typed[lead.len()..].starts_with('、') {
                        Some((0, format!("{lead}、")))
                    } else if let Some(open) = ['（', '('].into_iter().find(|&c| typed.starts_with(c)) {
                        // "（一）" or, as some reports type it, "(一)"
                        let rest = &typed[open.len_utf8()..];
                        let lead: String = rest.chars().take_while(|c| numerals.contains(c)).collect();
                        let close = rest[lead.len()..].chars().next().filter(|c| matches!(c, '）' | ')'));
                        close.filter(|_| !lead.is_empty()).map(|close| (1, format!("{open}{lead}{close}")))
                    } else {
                        None
                    };
                    match level {
                        Some((lvl, typed_number)) if para.contains("<w:pPr>") => {
                            numbered[lvl] += 1;
                            let num_pr =
                                format!(r#"<w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="90"/></w:numPr>"#);
                            out.push_str(&para.replacen("<w:pPr>", &num_pr, 1).replacen(
                                &format!("{t_open}{typed_number}"),
                                t_open,
                                1,
                            ));
                        }
                        _ => out.push_str(para),
                    }
                }
                *text = out;
            }
            "word/numbering.xml" => {
                let list = r#"<w:abstractNum w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>"#;
                let at = text.find("<w:num ").unwrap();
                text.insert_str(at, list);
                *text = text.replace(
                    "</w:numbering>",
                    r#"<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num></w:numbering>"#,
                );
            }
            "word/styles.xml" => {
                *text = text.replace("</w:styles>", r#"<w:style w:type="paragraph" w:styleId="ListSub"><w:name w:val="List Sub"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="90"/></w:numPr></w:pPr></w:style></w:styles>"#);
            }
            "word/_rels/document.xml.rels" if !text.contains("numbering.xml") => {
                *text = text.replace("</Relationships>", r#"<Relationship Id="rIdList90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#);
            }
            "[Content_Types].xml" if !text.contains("numbering+xml") => {
                *text = text.replace("</Types>", r#"<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#);
            }
            _ => {}
        }
    }
    assert!(numbered[0] >= 6 && numbered[1] >= 3, "headings numbered by the list: {numbered:?}");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in &parts {
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Word's automatic numbers are not in a .doc's text: the reader writes them from the lists and
/// styles of the table stream. Before, "一、" of each part heading was lost and a heading such as
/// "政府信息公开行政复议、行政诉讼情况" was not found (S302: 正文缺少第四部分).
#[test]
fn doc_files_whose_headings_word_numbers_read_with_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut stems = Vec::new();
    for name in ["2020_minhou_shangwuju.txt", "2024_huaian_szf.txt"] {
        let stem = Path::new(name).file_stem().unwrap().to_string_lossy().to_string();
        let docx = numbered_by_word(&render(&load(name), Format::Docx));
        std::fs::write(dir.path().join(format!("{stem}.docx")), &docx).unwrap();
        stems.push((stem, load(name)));
    }
    libreoffice_to_doc(dir.path(), &stems.iter().map(|(s, _)| format!("{s}.docx")).collect::<Vec<_>>());
    for (stem, source) in &stems {
        let docx = std::fs::read(dir.path().join(format!("{stem}.docx"))).unwrap();
        let doc = std::fs::read(dir.path().join("doc").join(format!("{stem}.doc"))).unwrap();
        // the numbers are Word's, not typed text: "一、总" is nowhere in the file
        let typed: Vec<u8> = "一、总".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(!doc.windows(typed.len()).any(|w| w == typed), "{stem}.doc: the heading's number is not typed");
        let from_docx = import_bytes(&docx).unwrap();
        let from_doc = import_bytes(&doc).unwrap_or_else(|e| panic!("{stem}.doc: {e}"));
        same_report(&from_docx, &from_doc, &format!("{stem}.doc against its .docx"), true);
        assert_eq!(from_doc.cells, source.cells, "{stem}: cells");
        assert!(!findings(&from_doc).iter().any(|(code, _)| code == "S302"), "{stem}: every part found");
        let text = nianbao_core::read::doc::doc_to_text(&doc).unwrap();
        for heading in ["一、总体情况", "四、政府信息公开行政复议、行政诉讼情况", "（一）"]
        {
            assert!(
                text.lines().any(|l| l.trim() == heading || (heading == "（一）" && l.starts_with(heading))),
                "{stem}: {heading}"
            );
        }
    }
}

/// Sets bits of the FIB's flags (offset 0x0A of the WordDocument stream, found by its
/// identifier 0xA5EC at the start of a 512-byte sector) or its format number.
fn patch_fib(doc: &[u8], patch: impl Fn(&mut [u8])) -> Vec<u8> {
    let mut out = doc.to_vec();
    let at = (512..out.len()).step_by(512).find(|&i| out[i..].starts_with(&[0xEC, 0xA5])).expect("the FIB");
    patch(&mut out[at..at + 32]);
    out
}

fn refusal(bytes: &[u8]) -> String {
    match import_bytes(bytes) {
        Err(e @ (ImportError::Unsupported(_) | ImportError::Refused(_))) => e.to_string(),
        other => panic!("not refused with a reason: {other:?}"),
    }
}

#[test]
fn damaged_encrypted_and_other_compound_files_get_their_reasons() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.docx"), render(&load("2020_minhou_shangwuju.txt"), Format::Docx)).unwrap();
    libreoffice_to_doc(dir.path(), &["r.docx".to_string()]);
    let doc = std::fs::read(dir.path().join("doc/r.doc")).unwrap();
    let cut = refusal(&doc[..doc.len() / 2]);
    assert!(cut.contains("Word 97-2003 文件已损坏"), "{cut}");
    let encrypted = refusal(&patch_fib(&doc, |fib| fib[0x0B] |= 0x01));
    assert!(encrypted.contains("已加密"), "{encrypted}");
    let obfuscated = refusal(&patch_fib(&doc, |fib| fib[0x0B] |= 0x80));
    assert!(obfuscated.contains("已加密"), "{obfuscated}");
    let word95 = refusal(&patch_fib(&doc, |fib| fib[2..4].copy_from_slice(&0x0068u16.to_le_bytes())));
    assert!(word95.contains("Word 6.0/95"), "{word95}");
    let foreign = refusal(&patch_fib(&doc, |fib| fib[0] = 0));
    assert!(foreign.contains("标识不符"), "{foreign}");
    // compound files that hold no Word document, as other programs write them
    for (stream, says) in [
        ("Workbook", "Excel 97-2003"),
        ("EncryptedPackage", "已加密"),
        ("PowerPoint Document", "PowerPoint"),
        ("CONTENTS", "Microsoft Works"),
    ] {
        let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
        {
            use std::io::Write;
            let mut s = file.create_stream(format!("/{stream}")).unwrap();
            s.write_all(&[0u8; 600]).unwrap();
        }
        file.flush().unwrap();
        let bytes = file.into_inner().into_inner();
        let why = refusal(&bytes);
        assert!(why.contains(says), "{stream}: {why}");
    }
}

#[test]
fn ofd_files_read_with_the_same_cells_as_their_source() {
    for name in complete_reports() {
        let source = load(&name);
        let docx = render(&source, Format::Docx);
        let text = nianbao_core::read::read_bytes(&docx).unwrap().text;
        let ofd = ofd_writer::ofd_from_text(&text);
        assert!(nianbao_core::read::ofd::is_ofd(&ofd), "{name}");
        let read = import_bytes(&ofd).unwrap_or_else(|e| panic!("{name}.ofd: {e}"));
        let want = import_bytes(&docx).unwrap();
        same_report(&read, &want, &format!("{name}.ofd"), false);
    }
}

#[test]
fn a_scanned_ofd_says_it_is_pictures() {
    // a page that is a picture (the writer's PNG of one white pixel is enough to be a scan)
    let png = {
        let mut out = Vec::new();
        {
            let mut enc = png_encoder(&mut out);
            enc.write_image_data(&[255]).unwrap();
        }
        out
    };
    let ofd = ofd_writer::ofd_of_pictures(vec![png.clone()]);
    let why = refusal(&ofd);
    assert!(why.contains("扫描"), "{why}");
    let pages = nianbao_core::read::ofd::scanned_pictures(&ofd).unwrap();
    assert_eq!(pages, vec![vec![png]], "the page's picture, as stored, for the picture reader");
}

fn png_encoder(out: &mut Vec<u8>) -> png::Writer<&mut Vec<u8>> {
    let mut enc = png::Encoder::new(out, 1, 1);
    enc.set_color(png::ColorType::Grayscale);
    enc.write_header().unwrap()
}

#[test]
fn damaged_and_hostile_ofd_files_get_their_reasons() {
    let source = load("2020_minhou_shangwuju.txt");
    let text = nianbao_core::read::read_bytes(&render(&source, Format::Docx)).unwrap().text;
    let ofd = ofd_writer::ofd_from_text(&text);
    let cut = refusal(&ofd[..ofd.len() - 200]);
    assert!(cut.contains("OFD") || cut.contains("ZIP"), "{cut}");
    // a package with OFD.xml but no document
    let bare =
        ofd_package(&[("OFD.xml", "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:DocBody/></ofd:OFD>")]);
    assert!(refusal(&bare).contains("DocRoot"));
    // an encrypted package (GB/T 33190 encryption entries)
    let encrypted = ofd_package(&[("OFD.xml", "<OFD/>"), ("Encryptions.xml", "<Encryptions/>")]);
    assert!(refusal(&encrypted).contains("已加密"));
    // a DTD (entity expansion) is refused, not expanded
    let dtd = ofd_package(&[(
        "OFD.xml",
        "<!DOCTYPE a [<!ENTITY x \"xxxxxxxxxx\"><!ENTITY y \"&x;&x;&x;&x;&x;&x;&x;&x;\">]><OFD><DocBody><DocRoot>&y;</DocRoot></DocBody></OFD>",
    )]);
    assert!(refusal(&dtd).contains("不是有效的 XML"));
    // a page of 300,000 characters (a PDF page may hold 200,000) is refused, saying so
    let crowded = format!(
        "<Page><Content><Layer><TextObject Boundary=\"0 0 10 10\" Size=\"3\"><TextCode X=\"0\" Y=\"3\" DeltaX=\"g 299999 0.01\">{}</TextCode></TextObject></Layer></Content></Page>",
        "字".repeat(300_000)
    );
    let why = refusal(&one_page(&crowded));
    assert!(why.contains("OFD 结构异常") && why.contains("第1页的文字超过"), "{why}");
    // page blocks nested 10,000 deep: followed to a depth of 64, the text above read
    let deep = format!(
        "<Page><Content><Layer><TextObject Boundary=\"20 20 100 10\" Size=\"4\"><TextCode X=\"0\" Y=\"4\">一、总体情况</TextCode></TextObject>{}{}</Layer></Content></Page>",
        "<PageBlock>".repeat(10_000),
        "</PageBlock>".repeat(10_000)
    );
    let text = nianbao_core::read::read_bytes(&one_page(&deep)).unwrap().text;
    assert_eq!(text.trim(), "一、总体情况");
}

/// A package of one page whose content is `page`.
fn one_page(page: &str) -> Vec<u8> {
    ofd_package(&[
        ("OFD.xml", "<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>"),
        (
            "Doc_0/Document.xml",
            "<Document><CommonData><PageArea><PhysicalBox>0 0 210 297</PhysicalBox></PageArea></CommonData><Pages><Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/></Pages></Document>",
        ),
        ("Doc_0/Pages/Page_0/Content.xml", page),
    ])
}

fn ofd_package(files: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        for (name, body) in files {
            z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}
