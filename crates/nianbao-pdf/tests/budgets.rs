//! Files built to exhaust the reader — found by an attacker, one test each — are refused with
//! the limit they went past, in Chinese, quickly and without running out of memory; or, where the
//! fault was needless work, read as they should be.
//!
//! The hostile files are made here, small: a gigabyte of zeros is one fully flushed deflate block
//! of a megabyte of zeros written again and again (a megabyte on disk, no time to make).

use flate2::write::ZlibEncoder;
use flate2::{Compress, Compression, FlushCompress};
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};
use nianbao_pdf::{pdf_to_text, read_pdf, Budget, PdfError};
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const GB: usize = 1 << 30;
const MB: usize = 1 << 20;

/// Raw deflate of `n` copies of `byte`, ended by a full flush (byte-aligned, so that copies of it
/// can follow one another).
fn deflate_block(byte: u8, n: usize) -> Vec<u8> {
    let input = vec![byte; n];
    let mut c = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(n / 100 + 1024);
    loop {
        let done = c.total_in() as usize;
        c.compress_vec(&input[done..], &mut out, FlushCompress::Full).expect("deflate");
        if c.total_in() as usize == n && out.len() < out.capacity() {
            return out;
        }
        out.reserve(64 << 10);
    }
}

/// Raw deflate of `bytes`, ended by a full flush.
fn deflate_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut c = Compress::new(Compression::default(), false);
    let mut out = Vec::with_capacity(bytes.len() + 1024);
    c.compress_vec(bytes, &mut out, FlushCompress::Full).expect("deflate");
    out
}

/// The Adler-32 sums `(a, b)` moved on by `n` copies of `byte`.
fn adler_repeat((a, b): (u64, u64), byte: u8, n: usize) -> (u64, u64) {
    const M: u128 = 65521;
    let (a0, b0, v, n) = (a as u128, b as u128, byte as u128, n as u128);
    let a1 = (a0 + n * v) % M;
    let b1 = (b0 + n * a0 + v * (n * (n + 1) / 2)) % M;
    (a1 as u64, b1 as u64)
}

/// A zlib stream of `prefix` followed by `n` copies of `fill`, with a right checksum.
fn zlib_of(prefix: &[u8], fill: u8, n: usize) -> Vec<u8> {
    let mut out = vec![0x78, 0xDA];
    let mut sums = (1u64, 0u64);
    if !prefix.is_empty() {
        out.extend(deflate_bytes(prefix));
        for &b in prefix {
            sums = adler_repeat(sums, b, 1);
        }
    }
    let chunk = n.min(MB);
    if chunk > 0 {
        let block = deflate_block(fill, chunk);
        for _ in 0..n / chunk {
            out.extend_from_slice(&block);
        }
        if n % chunk > 0 {
            out.extend(deflate_block(fill, n % chunk));
        }
        sums = adler_repeat(sums, fill, n);
    }
    // A final, empty stored block, then the checksum.
    out.extend_from_slice(&[0x01, 0x00, 0x00, 0xFF, 0xFF]);
    out.extend_from_slice(&((sums.1 << 16 | sums.0) as u32).to_be_bytes());
    out
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
    e.write_all(data).expect("zlib");
    e.finish().expect("zlib")
}

fn flate(data: Vec<u8>) -> Stream {
    Stream::new(dictionary! { "Filter" => "FlateDecode" }, data).with_compression(false)
}

fn helvetica() -> Dictionary {
    dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" }
}

/// A document being built: pages under one page tree.
struct Pdf {
    doc: Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

impl Pdf {
    fn new() -> Pdf {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        Pdf { doc, pages_id, kids: Vec::new() }
    }

    fn add(&mut self, object: impl Into<Object>) -> ObjectId {
        self.doc.add_object(object)
    }

    /// Adds a page drawing `contents` (a reference or an array of references) with `resources`
    /// (a dictionary, or a reference to one).
    fn page(&mut self, resources: impl Into<Object>, contents: Object) -> ObjectId {
        let page = self.add(dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "Contents" => contents,
            "Resources" => resources.into(),
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        self.kids.push(page.into());
        page
    }

    fn bytes(mut self) -> Vec<u8> {
        let count = self.kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => self.kids, "Count" => count }),
        );
        let catalog = self.doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).expect("save");
        out
    }
}

fn ops(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

fn font_resources(font: impl Into<Object>) -> Dictionary {
    dictionary! { "Font" => dictionary! { "F1" => font.into() } }
}

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
    let mut pdf = Pdf::new();
    let bomb = pdf.add(flate(zlib_of(b"", b' ', GB)));
    let contents: Vec<Object> = (0..20).map(|_| bomb.into()).collect();
    pdf.page(font_resources(helvetica()), Object::Array(contents));
    let bytes = pdf.bytes();
    assert!(bytes.len() < 2 * MB, "{}", bytes.len());
    assert_eq!(
        refusal(&bytes, &Budget::default(), QUICK),
        "PDF 结构异常：第1页内容流解压后超过 64 MB，超出读取限度，未读取"
    );
}

/// Fault 2: a stream deflated twice, 1.5 KB that inflate to a gigabyte.
#[test]
fn a_stream_deflated_twice_is_bounded_at_each_step() {
    let mut pdf = Pdf::new();
    let twice = zlib(&zlib_of(b"", b' ', GB));
    assert!(twice.len() < 20_000, "{}", twice.len());
    let filters = vec![Object::from("FlateDecode"), Object::from("FlateDecode")];
    let stream = pdf.add(Stream::new(dictionary! { "Filter" => filters }, twice).with_compression(false));
    pdf.page(font_resources(helvetica()), stream.into());
    assert_eq!(
        refusal(&pdf.bytes(), &Budget::default(), QUICK),
        "PDF 结构异常：第1页内容流解压后超过 64 MB，超出读取限度，未读取"
    );
}

/// Fault 3: 50,000 thin borders crossing 20,000 rows of text: a billion cells.
#[test]
fn a_page_of_fifty_thousand_borders_and_twenty_thousand_rows_is_refused() {
    let mut content = String::new();
    for i in 0..50_000 {
        content.push_str(&format!("{} 0 0.5 20000 re f\n", i * 3));
    }
    for row in 0..20_000 {
        content.push_str(&format!("BT /F1 1 Tf 1 0 0 1 {} {row} Tm (a) Tj ET\n", (row % 1000) * 3 + 1));
    }
    let mut pdf = Pdf::new();
    let stream = pdf.add(flate(zlib(content.as_bytes())));
    pdf.page(font_resources(helvetica()), stream.into());
    assert_eq!(
        refusal(&pdf.bytes(), &Budget::default(), QUICK),
        "PDF 结构异常：第1页的表格过于复杂（比对超过 2000 万次），超出读取限度，未读取"
    );
}

/// Fault 4: a form XObject that draws itself thirty times, eight levels deep: 30⁸ calls.
#[test]
fn a_form_drawing_itself_thirty_times_per_level_is_refused() {
    let mut pdf = Pdf::new();
    let form_id = pdf.doc.new_object_id();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "X" => form_id } },
        },
        ops(&"/X Do\n".repeat(30)),
    );
    pdf.doc.objects.insert(form_id, Object::Stream(form));
    let page = pdf.add(Stream::new(dictionary! {}, ops("BT /F1 12 Tf 72 700 Td (Hi) Tj ET /X Do")));
    let resources =
        dictionary! { "Font" => dictionary! { "F1" => helvetica() }, "XObject" => dictionary! { "X" => form_id } };
    pdf.page(resources, page.into());
    assert_eq!(
        refusal(&pdf.bytes(), &Budget::default(), QUICK),
        "PDF 结构异常：表单对象（Form XObject）调用累计超过 5 万次（读到第1页），超出读取限度，未读取"
    );
}

/// A Type0 (Identity-H) font with `to_unicode` as its ToUnicode stream and `w` as its widths.
fn type0(pdf: &mut Pdf, to_unicode: &[u8], w: Vec<Object>) -> Dictionary {
    let cmap = pdf.add(flate(zlib(to_unicode)));
    dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "SimSun", "Encoding" => "Identity-H",
        "ToUnicode" => cmap,
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "SimSun", "W" => w,
        })],
    }
}

/// Fault 5: a ToUnicode map of 2,000 full-range `bfrange` lines (131 million entries).
#[test]
fn a_to_unicode_map_of_two_thousand_full_ranges_is_refused() {
    let mut cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n2000 beginbfrange\n".to_vec();
    for _ in 0..2000 {
        cmap.extend_from_slice(b"<0000> <FFFF> <4E00>\n");
    }
    cmap.extend_from_slice(b"endbfrange\n");
    let mut pdf = Pdf::new();
    let font = type0(&mut pdf, &cmap, vec![]);
    let stream = pdf.add(Stream::new(dictionary! {}, ops("BT /F1 12 Tf 72 700 Td <0001> Tj ET")));
    pdf.page(font_resources(font), stream.into());
    assert_eq!(
        refusal(&pdf.bytes(), &Budget::default(), QUICK),
        "PDF 结构异常：字体的 ToUnicode 对照表累计超过 100 万项（读到第1页），超出读取限度，未读取"
    );
}

/// Fault 6: a font written inline in the resources, named by 200,000 `Tf`: it is read once.
#[test]
fn an_inline_font_named_by_two_hundred_thousand_tf_is_read_once() {
    let mut cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n".to_vec();
    for k in 0..50 {
        cmap.extend_from_slice(b"100 beginbfchar\n");
        for j in 0..100u32 {
            let code = k * 100 + j;
            cmap.extend_from_slice(format!("<{code:04X}> <{:04X}>\n", 0x4E00 + code).as_bytes());
        }
        cmap.extend_from_slice(b"endbfchar\n");
    }
    let mut pdf = Pdf::new();
    let font = type0(&mut pdf, &cmap, vec![]);
    let mut content = "/F1 12 Tf\n".repeat(200_000);
    content.push_str("BT /F1 12 Tf 72 700 Td <00000001> Tj ET");
    let stream = pdf.add(flate(zlib(content.as_bytes())));
    pdf.page(font_resources(font), stream.into());
    let started = Instant::now();
    let text = pdf_to_text(&pdf.bytes()).expect("readable");
    assert_eq!(text, "一丁\n");
    assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
}

/// Fault 7: a `/W` array of ranges each over all 65,536 codes (200,000 in the attack; 20,000
/// here — 1.3 billion widths — keep the file quick to build and parse in a debug build).
#[test]
fn a_width_array_of_twenty_thousand_full_ranges_is_refused() {
    let mut w = Vec::with_capacity(60_000);
    for _ in 0..20_000 {
        w.extend([Object::Integer(0), Object::Integer(65_535), Object::Integer(500)]);
    }
    let mut pdf = Pdf::new();
    let font = type0(&mut pdf, b"1 beginbfchar <0001> <4E00> endbfchar", w);
    let stream = pdf.add(Stream::new(dictionary! {}, ops("BT /F1 12 Tf 72 700 Td <0001> Tj ET")));
    pdf.page(font_resources(font), stream.into());
    assert_eq!(
        refusal(&pdf.bytes(), &Budget::default(), QUICK),
        "PDF 结构异常：字体的字宽表累计超过 200 万项（读到第1页），超出读取限度，未读取"
    );
}

/// Fault 8: many pages of body lines, each starting at a different left edge; finding the text
/// column compared every line with every other (60,000² here). The text is read, in time.
#[test]
fn sixty_thousand_lines_at_different_left_edges_are_read_in_time() {
    let (pages, per_page) = (30, 2000);
    let mut pdf = Pdf::new();
    for p in 0..pages {
        let mut content = String::new();
        for i in 0..per_page {
            let x = (p * per_page + i) as f64 * 1.1;
            let y = 10.0 + i as f64 * 0.4;
            content.push_str(&format!("BT /F1 1 Tf 1 0 0 1 {x:.1} {y:.1} Tm (abcdefgh) Tj ET\n"));
        }
        let stream = pdf.add(flate(zlib(content.as_bytes())));
        pdf.page(font_resources(helvetica()), stream.into());
    }
    let bytes = pdf.bytes();
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
    let mut content = String::from("BT /F1 2 Tf 1 TL 1 0 0 1 10 800 Tm\n");
    for _ in 0..1000 {
        content.push_str(&format!("({}) '\n", "x".repeat(190)));
    }
    content.push_str("ET");
    let mut pdf = Pdf::new();
    let stream = pdf.add(flate(zlib(content.as_bytes())));
    let resources = pdf.add(font_resources(helvetica()));
    for _ in 0..10_000 {
        pdf.page(resources, stream.into());
    }
    let bytes = pdf.bytes();
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

/// A stream whose `/Length` is an object packed in an object stream: lopdf unpacks that object
/// stream to read the length, without a limit (here a gigabyte), and again for every such stream.
#[test]
fn a_stream_length_packed_in_a_gigabyte_object_stream_is_refused_while_loading() {
    let mut objects = hello_objects();
    objects.push((5, [&b"<< /Length 7 0 R >>\nstream\n"[..], HELLO, b"\nendstream"].concat()));
    let packed = zlib_of(format!("7 0 {}", HELLO.len()).as_bytes(), b' ', GB);
    let head = format!("<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n", packed.len());
    objects.push((8, [head.as_bytes(), &packed, b"\nendstream"].concat()));
    let file = hand_written(&objects, &[(7, 8)], 0);
    assert_eq!(
        refusal(&file, &Budget::default(), QUICK),
        "PDF 结构异常：对象流（ObjStm）解压后累计超过 8 MB（读取文件结构时），超出读取限度，未读取"
    );
}

/// The same file with a small object stream reads: the length is found where lopdf finds it.
#[test]
fn a_stream_length_packed_in_a_small_object_stream_is_read() {
    let mut objects = hello_objects();
    objects.push((5, [&b"<< /Length 7 0 R >>\nstream\n"[..], HELLO, b"\nendstream"].concat()));
    let packed = zlib(format!("7 0 {}", HELLO.len()).as_bytes());
    let head = format!("<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n", packed.len());
    objects.push((8, [head.as_bytes(), &packed, b"\nendstream"].concat()));
    let file = hand_written(&objects, &[(7, 8)], 0);
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
