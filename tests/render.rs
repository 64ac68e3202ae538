//! The publishable output looked at as a person would: the .docx is a valid package that
//! LibreOffice opens and prints to a sane number of A4 pages; the HTML keeps the official merged
//! layout; text re-imports (see properties.rs for the round trip over generated reports).

use nianbao_core::render::{render, Format};
use nianbao_tests::load;
use std::io::Read;
use std::process::Command;

fn docx_parts(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut out = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.is_dir() {
            continue;
        }
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap_or_else(|_| panic!("{} is text", f.name()));
        out.insert(f.name().to_string(), s);
    }
    out
}

#[test]
fn docx_is_a_valid_package_in_gongwen_layout() {
    for (name, tables_rows) in [("2020_minhou_shangwuju.txt", 23usize), ("2024_huaian_szf.txt", 25)] {
        let r = load(name);
        let parts = docx_parts(&render(&r, Format::Docx));
        for needed in ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/footer1.xml"]
        {
            assert!(parts.contains_key(needed), "{name}: {needed} missing");
        }
        for (part, xml) in &parts {
            if part.ends_with(".xml") || part.ends_with(".rels") {
                roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{name}: {part} is not well-formed: {e}"));
            }
        }
        let doc = &parts["word/document.xml"];
        assert!(doc.contains(r#"w:w="11906""#) && doc.contains(r#"w:h="16838""#), "A4");
        assert!(doc.contains(r#"w:top="2097""#) && doc.contains(r#"w:left="1587""#), "37 mm top, 28 mm left");
        assert_eq!(doc.matches("<w:tblHeader />").count(), 6, "header rows of 表三 and 表四 repeat");
        assert!(doc.contains("仿宋_GB2312") && doc.contains("黑体"));
        assert_eq!(doc.contains("方正小标宋简体"), !r.narrative.title.is_empty(), "the title in 小标宋");
        assert!(doc.matches(r#"w:val="restart""#).count() >= 5, "merged headers");
        // every data row of 表三 is there with its values
        let t3 = nianbao_core::grid::grid(r.edition, nianbao_core::TableId::T3);
        assert_eq!(t3.len(), 3 + tables_rows);
        assert!(parts["word/footer1.xml"].contains("PAGE"), "page numbers");
        // the document's properties come from the report, not the writer's defaults
        let core = &parts["docProps/core.xml"];
        assert!(core.contains(&format!("<dc:creator>{}</dc:creator>", r.meta.agency)), "{name}: author: {core}");
        assert!(core.contains(&format!("<dc:title>{}</dc:title>", r.narrative.title)), "{name}: title: {core}");
        assert!(!core.contains("unknown") && !core.contains("1970"), "{name}: no placeholder: {core}");
    }
    // a unit name with markup or a control character stays well-formed XML
    let mut r = load("2020_minhou_shangwuju.txt");
    r.meta.agency = "A&B <局>\u{1}".to_string();
    r.meta.publish_date = Some("2021-01-28".to_string());
    let parts = docx_parts(&render(&r, Format::Docx));
    let core = &parts["docProps/core.xml"];
    roxmltree::Document::parse(core).unwrap_or_else(|e| panic!("core.xml: {e}: {core}"));
    assert!(core.contains("A&amp;B &lt;局&gt;</dc:creator>") && core.contains("2021-01-28T00:00:00Z"), "{core}");
}

/// Converts with LibreOffice (headless) to PDF and the first pages to PNG.
fn libreoffice(docx: &[u8], stem: &str) -> (tempfile::TempDir, usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{stem}.docx"));
    std::fs::write(&path, docx).unwrap();
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.path().display());
    let out = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&path)
        .output()
        .expect("LibreOffice (soffice) is installed by scripts/setup.sh --all");
    let pdf = dir.path().join(format!("{stem}.pdf"));
    assert!(pdf.exists(), "LibreOffice did not convert: {}", String::from_utf8_lossy(&out.stderr));
    let info =
        Command::new("pdfinfo").arg(&pdf).output().expect("poppler-utils is installed by scripts/setup.sh --all");
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let pages: usize =
        info.lines().find_map(|l| l.strip_prefix("Pages:").map(|v| v.trim().parse().unwrap())).expect("page count");
    assert!(info.contains("(A4)"), "A4 pages: {info}");
    let png = Command::new("pdftoppm")
        .args(["-r", "40", "-png", "-f", "1", "-l", "2"])
        .arg(&pdf)
        .arg(dir.path().join(stem))
        .status()
        .unwrap();
    assert!(png.success());
    (dir, pages)
}

/// One page of a PDF as text laid out (pdftotext -layout).
fn page_text(pdf: &std::path::Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("poppler-utils is installed by scripts/setup.sh --all");
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn libreoffice_opens_the_docx_of_both_editions() {
    for (name, min, max) in [("2020_minhou_shangwuju.txt", 3, 12), ("2024_huaian_szf.txt", 3, 12)] {
        let r = load(name);
        let (dir, pages) = libreoffice(&render(&r, Format::Docx), "report");
        assert!((min..=max).contains(&pages), "{name}: {pages} pages");
        let pngs = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "png"))
            .count();
        assert_eq!(pngs, 2, "{name}: first two pages as PNG");
    }
}

/// Word export, laid out by LibreOffice: no page ends with a table's caption row (表二's
/// “第二十条第（五）项”) or a header row, cut off from the rows it heads (issue 21, item 6).
#[test]
fn no_page_of_the_docx_ends_with_a_caption_or_header_row() {
    for name in ["2020_minhou_shangwuju.txt", "2024_huaian_szf.txt", "2019_pingtan_gwh.txt", "2024_shanghai_kewei.txt"]
    {
        let r = load(name);
        // the texts of the rows that head others: header rows and rows of labels only
        let mut captions: Vec<String> = Vec::new();
        for t in [nianbao_core::TableId::T2, nianbao_core::TableId::T3, nianbao_core::TableId::T4] {
            for row in nianbao_core::grid::grid(r.edition, t) {
                if row.header || row.cells.iter().all(|g| g.cell.is_none()) {
                    captions
                        .extend(row.cells.iter().map(|g| g.text.trim().to_string()).filter(|t| t.chars().count() >= 2));
                }
            }
        }
        let (dir, pages) = libreoffice(&render(&r, Format::Docx), "report");
        let pdf = dir.path().join("report.pdf");
        for page in 1..pages {
            let text = page_text(&pdf, page);
            // the last line of the page above its number (“— 3 —”)
            let last = text.lines().map(str::trim).rfind(|l| !l.is_empty() && !l.starts_with('—')).unwrap_or("");
            let words: Vec<&str> = last.split_whitespace().collect();
            let cut = words.len() <= 3 && words.iter().all(|w| captions.iter().any(|c| c.contains(w)));
            assert!(!cut, "{name}: page {page} ends with a row that heads the next page's: “{last}”");
        }
    }
}

#[test]
fn html_tables_keep_the_official_merged_layout() {
    let r = load("2024_huaian_szf.txt");
    let html = String::from_utf8(render(&r, Format::Html)).unwrap();
    assert!(!html.contains("<style"), "inline styles only");
    // 表三: the note spans 3 rows and 3 columns, 法人或其他组织 5 columns, 三、本年度办理结果 the
    // result rows and 总计, （三）不予公开 its 8 rows
    assert!(html.contains(r#"rowspan="3" colspan="3""#));
    assert!(html.contains(r#"colspan="5" style"#) && html.contains("法人或其他组织"));
    assert!(html.contains(r#"<th rowspan="22" style"#), "三、本年度办理结果 spans 21 result rows + 总计");
    assert!(html.contains(r#"<th rowspan="8" style"#) && html.contains("（三）不予公开"));
    // 表四: 行政诉讼 spans 10 columns, each result label 2 rows
    assert!(html.contains(r#"colspan="10" style"#));
    assert!(html.contains(r#"data-cell="t3.new.total" style"#) && html.contains(">3119</td>"));
    let back = nianbao_core::import::import(&html).unwrap();
    assert_eq!(back.cells, r.cells);
}

#[test]
fn control_characters_typed_or_imported_leave_every_output_valid() {
    let mut r = load("2020_minhou_shangwuju.txt");
    r.narrative.title = "闽侯县商务局\u{1b}]0;x\u{7}2020年报".into();
    r.narrative.parts[0].text = "第一段\u{b}第二段\u{2}，\u{1b}[2J清屏<script>alert(1)</script>".into();
    r.narrative.opening = "开头\u{0}\u{7f}".into();
    let bad = |s: &str| s.chars().any(nianbao_core::text::is_unsafe_control);
    let parts = docx_parts(&render(&r, Format::Docx));
    let doc = &parts["word/document.xml"];
    roxmltree::Document::parse(doc).unwrap_or_else(|e| panic!("document.xml is not well-formed: {e}"));
    assert!(doc.contains("第一段␋第二段␂") && !bad(doc), "controls are made visible, not written raw");
    for format in [Format::Html, Format::Page, Format::Text, Format::Markdown] {
        let out = String::from_utf8(render(&r, format)).unwrap();
        assert!(!bad(&out), "{format:?} holds a raw control character");
        // plain text is read as text; the others would run or show the tag as markup
        if format != Format::Text {
            assert!(!out.contains("<script>"), "{format:?} lets raw HTML through");
        } else {
            assert!(out.contains("<script>alert(1)</script>"), "plain text keeps what was typed");
        }
    }
}

#[test]
fn markdown_output_holds_no_live_link_and_imports_back_as_typed() {
    let mut r = load("2020_minhou_shangwuju.txt");
    let typed = "详见[政务公开专栏](javascript:alert(1))与![图](javascript:x)及<javascript:y>。";
    r.narrative.parts[0].text = typed.into();
    let md = String::from_utf8(render(&r, Format::Markdown)).unwrap();
    // a link needs an unescaped '[' before "](…)", an autolink a '<'
    let line = md.lines().find(|l| l.contains("政务公开专栏")).expect("part 一's text");
    assert!(!line.contains('[') && !line.contains('<'), "no link syntax left: {line}");
    assert!(md.contains("&#91;政务公开专栏](javascript:alert(1))"));
    let back = nianbao_core::import::import(&md).unwrap();
    assert_eq!(back.narrative.parts[0].text, typed, "the text imports back as typed");
}

/// Converts a file with LibreOffice (headless) to a Word 2007 .docx and returns its bytes.
fn libreoffice_to_docx(input: &[u8], name: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, input).unwrap();
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.path().display());
    let out_dir = dir.path().join("out");
    let out = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(&out_dir)
        .arg(&path)
        .output()
        .expect("LibreOffice (soffice) is installed by scripts/setup.sh --all");
    let stem = std::path::Path::new(name).file_stem().unwrap().to_string_lossy().to_string();
    std::fs::read(out_dir.join(format!("{stem}.docx")))
        .unwrap_or_else(|_| panic!("LibreOffice did not convert: {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn word_files_written_by_libreoffice_import_to_the_same_cells() {
    use nianbao_core::import::import_bytes;
    // a published HTML page saved as Word by another program (merged cells as vMerge/gridSpan)
    let html = std::fs::read(nianbao_tests::corpus_dir().join("2019_shanghai_szfbgt.html")).unwrap();
    let page = import_bytes(&html).unwrap();
    let docx = import_bytes(&libreoffice_to_docx(&html, "page.html")).unwrap();
    assert_eq!(docx.edition, page.edition);
    assert_eq!(docx.cells, page.cells);
    assert_eq!(docx.narrative.part_text(2), page.narrative.part_text(2));
    assert_eq!(nianbao_core::check(&docx, None).len(), nianbao_core::check(&page, None).len());
    // our own .docx opened and saved again by LibreOffice, both editions
    for name in ["2020_minhou_shangwuju.txt", "2024_huaian_szf.txt"] {
        let r = load(name);
        let resaved = libreoffice_to_docx(&render(&r, Format::Docx), "report.docx");
        let back = import_bytes(&resaved).unwrap();
        assert_eq!((back.edition, &back.cells), (r.edition, &r.cells), "{name}");
        for i in 0..6 {
            assert_eq!(back.narrative.part_text(i), r.narrative.part_text(i), "{name} part {i}");
        }
    }
}

/// The 落款 the report printed (沭阳县发展和改革局, 2024年1月17日) is read apart from part 六
/// and exported right-aligned after it, on the last page above its number; every page is
/// numbered “— N —” (issue 21, item 6).
#[test]
fn the_docx_ends_with_the_signature_and_numbers_its_pages() {
    let r = load("2023_suqian_shuyang_fgj.txt");
    assert_eq!(r.narrative.signature.unit, "沭阳县发展和改革局");
    assert_eq!(r.narrative.signature.date, "2024年1月17日");
    assert!(!r.narrative.parts[5].text.contains("沭阳县发展和改革局"), "{}", r.narrative.parts[5].text);
    let html = String::from_utf8(render(&r, Format::Html)).unwrap();
    assert!(html.contains("class=\"signature\"") && html.contains(">2024年1月17日</p>"));
    let (dir, pages) = libreoffice(&render(&r, Format::Docx), "report");
    let pdf = dir.path().join("report.pdf");
    for page in 1..=pages {
        let text = page_text(&pdf, page);
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let number = lines.last().map(|l| l.split_whitespace().collect::<String>()).unwrap_or_default();
        assert_eq!(number, format!("—{page}—"), "page {page} is numbered");
        if page == pages {
            let at =
                |s: &str| lines.iter().position(|l| l.contains(s)).unwrap_or_else(|| panic!("{s} on the last page"));
            let (unit, date) = (at("沭阳县发展和改革局"), at("2024 年 1 月 17 日"));
            assert_eq!(date, unit + 1, "the date under the unit");
            assert!(at("未发生收费") < unit, "after part 六");
            // right-aligned: the line starts in the right half of the text
            let indent = lines[unit].chars().take_while(|c| *c == ' ').count();
            assert!(indent >= 12, "right-aligned: “{}”", lines[unit]);
        }
    }
}
