//! Files built to exhaust the reader — found by an attacker, one test each — are refused with
//! the limit they went past, in Chinese, quickly and without running out of memory; or, where the
//! fault was needless work, read as they should be.
//!
//! The hostile files are made here, small: a gigabyte of zeros is one fully flushed deflate block
//! of a megabyte of zeros written again and again (a megabyte on disk, no time to make).

use lopdf::{dictionary, Document, Object, Stream};
use nianbao_pdf::{pdf_to_text, read_pdf, Budget, PdfError};
use std::path::PathBuf;
use std::time::{Duration, Instant};

mod hostile;

use hostile::*;

/// The error's text, the reading having to end within `limit`.
fn refusal(bytes: &[u8], budget: &Budget, limit: Duration) -> String {
    let started = Instant::now();
    let err = read_pdf(bytes, budget).expect_err("refused");
    assert!(started.elapsed() < limit, "took {:?}", started.elapsed());
    assert!(matches!(err, PdfError::TooLarge { .. }), "{err:?}");
    err.to_string()
}

const QUICK: Duration = Duration::from_secs(20);

/// Fault 1: a 1 MB file whose page lists one gigabyte stream twenty times.
#[test]
fn a_gigabyte_stream_listed_twenty_times_is_refused_at_64_mb() {
    let bytes = gigabyte_stream_listed_twenty_times();
    assert!(bytes.len() < 2 * MB, "{}", bytes.len());
    assert_eq!(
        refusal(&bytes, &Budget::default(), QUICK),
        "PDF 结构异常：第1页内容流解压后超过 64 MB，超出读取限度，未读取"
    );
}

/// Fault 2: a stream deflated twice, 1.5 KB that inflate to a gigabyte.
#[test]
fn a_stream_deflated_twice_is_bounded_at_each_step() {
    let bytes = stream_deflated_twice();
    assert!(bytes.len() < 20_000, "{}", bytes.len());
    assert_eq!(
        refusal(&bytes, &Budget::default(), QUICK),
        "PDF 结构异常：第1页内容流解压后超过 64 MB，超出读取限度，未读取"
    );
}

/// Fault 3: 50,000 thin borders crossing 20,000 rows of text: a billion cells.
#[test]
fn a_page_of_fifty_thousand_borders_and_twenty_thousand_rows_is_refused() {
    assert_eq!(
        refusal(&borders_across_rows(), &Budget::default(), QUICK),
        "PDF 结构异常：第1页的表格过于复杂（比对超过 2000 万次），超出读取限度，未读取"
    );
}

/// Fault 4: a form XObject that draws itself thirty times, eight levels deep: 30⁸ calls.
#[test]
fn a_form_drawing_itself_thirty_times_per_level_is_refused() {
    assert_eq!(
        refusal(&form_drawing_itself(), &Budget::default(), QUICK),
        "PDF 结构异常：表单对象（Form XObject）调用累计超过 5 万次（读到第1页），超出读取限度，未读取"
    );
}

/// Fault 5: a ToUnicode map of 2,000 full-range `bfrange` lines (131 million entries).
#[test]
fn a_to_unicode_map_of_two_thousand_full_ranges_is_refused() {
    assert_eq!(
        refusal(&full_range_to_unicode(), &Budget::default(), QUICK),
        "PDF 结构异常：字体的 ToUnicode 对照表累计超过 100 万项（读到第1页），超出读取限度，未读取"
    );
}

/// Fault 6: a font written inline in the resources, named by 200,000 `Tf`: it is read once.
#[test]
fn an_inline_font_named_by_two_hundred_thousand_tf_is_read_once() {
    let bytes = inline_font_named_by_many_tf();
    let started = Instant::now();
    let text = pdf_to_text(&bytes).expect("readable");
    assert_eq!(text, "一丁\n");
    assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
}

/// Fault 7: a `/W` array of ranges each over all 65,536 codes (200,000 in the attack; 20,000
/// here — 1.3 billion widths — keep the file quick to build and parse in a debug build).
#[test]
fn a_width_array_of_twenty_thousand_full_ranges_is_refused() {
    assert_eq!(
        refusal(&width_ranges(20_000), &Budget::default(), QUICK),
        "PDF 结构异常：字体的字宽表累计超过 200 万项（读到第1页），超出读取限度，未读取"
    );
}

/// Fault 8: many pages of body lines, each starting at a different left edge; finding the text
/// column compared every line with every other (60,000² here). The text is read, in time.
#[test]
fn sixty_thousand_lines_at_different_left_edges_are_read_in_time() {
    let (pages, per_page) = (30, 2000);
    let bytes = lines_at_different_left_edges(pages, per_page);
    let started = Instant::now();
    let text = pdf_to_text(&bytes).expect("readable");
    let elapsed = started.elapsed();
    assert!(elapsed < QUICK, "took {elapsed:?}");
    // Every line is read (the first and last line of each page may be taken for furniture).
    let lines = text.lines().filter(|l| *l == "abcdefgh").count();
    assert!(lines >= pages * (per_page - 4), "{lines} lines");
}

/// Fault 9: ten thousand pages sharing one content stream of many characters: the characters
/// are counted for the whole document, not page by page. (The document-wide limits are a tenth
/// of the default here, so that the test stays quick in a debug build; the default limits stop
/// the same file ten times later.)
#[test]
fn ten_thousand_pages_sharing_one_stream_are_refused_by_the_document_budget() {
    let bytes = pages_sharing_one_stream(10_000);
    let d = Budget::default();
    let tenth =
        Budget { glyphs: d.glyphs / 10, operators: d.operators / 10, document_bytes: d.document_bytes / 10, ..d };
    assert_eq!(refusal(&bytes, &tenth, QUICK), "PDF 结构异常：文字累计超过 60 万个（读到第4页），超出读取限度，未读取");
}

/// Object streams: lopdf would inflate a gigabyte object stream while loading the file.
#[test]
fn an_object_stream_of_a_gigabyte_is_refused_while_loading() {
    let mut pdf = Pdf::new();
    let stream = pdf.add(Stream::new(dictionary! {}, ops("BT /F1 12 Tf 72 700 Td (Hello) Tj ET")));
    pdf.page(font_resources(helvetica()), stream.into());
    let data = zlib_of(b"99 0 ", b' ', GB);
    // lopdf's writer leaves object streams out: the type is written under another name of the
    // same length, then put right.
    let dict = dictionary! { "Type" => "ObjStX", "N" => 1, "First" => 5, "Filter" => "FlateDecode" };
    pdf.add(Stream::new(dict, data).with_compression(false));
    let mut bytes = pdf.bytes();
    let at = bytes.windows(7).position(|w| w == b"/ObjStX").expect("written");
    bytes[at..at + 7].copy_from_slice(b"/ObjStm");
    assert_eq!(
        refusal(&bytes, &Budget::default(), QUICK),
        "PDF 结构异常：对象流（ObjStm）解压后累计超过 8 MB（读取文件结构时），超出读取限度，未读取"
    );
}

/// A file whose objects lie in object streams (and its cross-reference in a stream) reads as
/// it did before lopdf wrote it so: the object streams unpacked here give the same objects.
#[test]
fn a_corpus_pdf_rewritten_with_object_streams_reads_the_same() {
    let dir = std::env::var("NIANBAO_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    let original = std::fs::read(dir.join("2024_huaian_hongzequ.pdf")).expect("corpus PDF");
    let mut doc = Document::load_mem(&original).expect("loads");
    let mut rewritten = Vec::new();
    doc.save_modern(&mut rewritten).expect("save");
    assert!(rewritten.windows(6).any(|w| w == b"ObjStm"), "no object stream written");
    assert_eq!(pdf_to_text(&rewritten).expect("reads"), pdf_to_text(&original).expect("reads"));
}

/// A file written by hand: `objects` (number, what follows `N 0 obj`) in that order, then a
/// cross-reference stream listing them and the `packed` objects (number, object stream holding
/// it), its data deflated with `padding` zero bytes after the entries.
fn hand_written(objects: &[(u32, Vec<u8>)], packed: &[(u32, u32)], padding: usize) -> Vec<u8> {
    let mut file = b"%PDF-1.5\n".to_vec();
    let mut normal = std::collections::BTreeMap::new();
    for (num, body) in objects {
        normal.insert(*num, file.len());
        file.extend_from_slice(format!("{num} 0 obj\n").as_bytes());
        file.extend_from_slice(body);
        file.extend_from_slice(b"\nendobj\n");
    }
    let xref_num = objects.iter().map(|o| o.0).chain(packed.iter().map(|p| p.0)).max().unwrap_or(0) + 1;
    normal.insert(xref_num, file.len());
    // W [1 4 2]: the type, the offset (or the object stream), the generation (or the index).
    let mut entries = Vec::new();
    for num in 0..=xref_num {
        let (kind, field) = match (normal.get(&num), packed.iter().find(|p| p.0 == num)) {
            (Some(&at), _) => (1u8, at as u32),
            (None, Some(&(_, container))) => (2, container),
            _ => (0, 0),
        };
        entries.push(kind);
        entries.extend_from_slice(&field.to_be_bytes());
        entries.extend_from_slice(&[0, 0]);
    }
    let data = zlib_of(&entries, 0, padding);
    let xref_at = normal[&xref_num];
    let size = xref_num + 1;
    file.extend_from_slice(
        format!(
            "{xref_num} 0 obj\n<< /Type /XRef /Size {size} /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length {} >>\nstream\n",
            data.len()
        )
        .as_bytes(),
    );
    file.extend_from_slice(&data);
    file.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    file
}

/// Objects 1–4 of a one-page document whose content stream is object 5.
fn hello_objects() -> Vec<(u32, Vec<u8>)> {
    vec![
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (
            3,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
                .to_vec(),
        ),
        (4, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec()),
    ]
}

const HELLO: &[u8] = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET";

/// Cross-reference streams: lopdf would inflate a gigabyte cross-reference stream while loading.
#[test]
fn a_cross_reference_stream_of_a_gigabyte_is_refused_while_loading() {
    let mut objects = hello_objects();
    objects.push((5, [format!("<< /Length {} >>\nstream\n", HELLO.len()).as_bytes(), HELLO, b"\nendstream"].concat()));
    let file = hand_written(&objects, &[], GB);
    assert_eq!(
        refusal(&file, &Budget::default(), QUICK),
        "PDF 结构异常：文件的交叉引用流解压后超过 64 MB，超出读取限度，未读取"
    );
}

/// The "Hello" file whose content stream's `/Length` is object 7, packed in an object stream
/// (object 8) whose compressed data is `packed`.
fn length_packed_in(packed: Vec<u8>) -> Vec<u8> {
    let mut objects = hello_objects();
    objects.push((5, [&b"<< /Length 7 0 R >>\nstream\n"[..], HELLO, b"\nendstream"].concat()));
    let head = format!("<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n", packed.len());
    objects.push((8, [head.as_bytes(), &packed, b"\nendstream"].concat()));
    hand_written(&objects, &[(7, 8)], 0)
}

/// A stream whose `/Length` is an object packed in an object stream: lopdf unpacks that object
/// stream to read the length, without a limit (here a gigabyte), and again for every such stream.
#[test]
fn a_stream_length_packed_in_a_gigabyte_object_stream_is_refused_while_loading() {
    let file = length_packed_in(zlib_of(format!("7 0 {}", HELLO.len()).as_bytes(), b' ', GB));
    assert_eq!(
        refusal(&file, &Budget::default(), QUICK),
        "PDF 结构异常：对象流（ObjStm）解压后累计超过 8 MB（读取文件结构时），超出读取限度，未读取"
    );
}

/// The same file with a small object stream reads: the length is found where lopdf finds it.
#[test]
fn a_stream_length_packed_in_a_small_object_stream_is_read() {
    let file = length_packed_in(zlib(format!("7 0 {}", HELLO.len()).as_bytes()));
    assert_eq!(pdf_to_text(&file).expect("readable"), "Hello\n");
}

/// No recursion without a bound: a page whose `/Parent` chain is 30,000 levels deep (lopdf's
/// resource lookup followed it recursively, past the end of the stack).
#[test]
fn a_page_with_a_parent_chain_30000_deep_is_read() {
    let mut pdf = Pdf::new();
    let stream = pdf.add(Stream::new(dictionary! {}, ops("BT /F1 12 Tf 72 700 Td (Hello) Tj ET")));
    let page = pdf.page(font_resources(helvetica()), stream.into());
    let mut parent = pdf.pages_id;
    for _ in 0..30_000 {
        parent = pdf.add(dictionary! { "Type" => "Pages", "Parent" => parent, "Count" => 1 });
    }
    if let Ok(Object::Dictionary(d)) = pdf.doc.get_object_mut(page) {
        d.set("Parent", parent);
    }
    assert_eq!(pdf_to_text(&pdf.bytes()).expect("readable").trim(), "Hello");
}
