//! Hostile PDF files, built small (a gigabyte of zeros is one fully flushed deflate block of a
//! megabyte of zeros written again and again: a megabyte on disk, no time to make). Shared by
//! the reader's budget tests (`tests/budgets.rs`) and the CLI's batch test, which puts them in a
//! folder beside real reports (`crates/nianbao-cli/tests/hostile_batch.rs`).
#![allow(dead_code)]

use flate2::write::ZlibEncoder;
use flate2::{Compress, Compression, FlushCompress};
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};
use std::io::Write;

pub const GB: usize = 1 << 30;
pub const MB: usize = 1 << 20;

/// Raw deflate of `n` copies of `byte`, ended by a full flush (byte-aligned, so that copies of it
/// can follow one another).
pub fn deflate_block(byte: u8, n: usize) -> Vec<u8> {
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
pub fn deflate_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut c = Compress::new(Compression::default(), false);
    let mut out = Vec::with_capacity(bytes.len() + 1024);
    c.compress_vec(bytes, &mut out, FlushCompress::Full).expect("deflate");
    out
}

/// The Adler-32 sums `(a, b)` moved on by `n` copies of `byte`.
pub fn adler_repeat((a, b): (u64, u64), byte: u8, n: usize) -> (u64, u64) {
    const M: u128 = 65521;
    let (a0, b0, v, n) = (a as u128, b as u128, byte as u128, n as u128);
    let a1 = (a0 + n * v) % M;
    let b1 = (b0 + n * a0 + v * (n * (n + 1) / 2)) % M;
    (a1 as u64, b1 as u64)
}

/// A zlib stream of `prefix` followed by `n` copies of `fill`, with a right checksum.
pub fn zlib_of(prefix: &[u8], fill: u8, n: usize) -> Vec<u8> {
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

pub fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
    e.write_all(data).expect("zlib");
    e.finish().expect("zlib")
}

pub fn flate(data: Vec<u8>) -> Stream {
    Stream::new(dictionary! { "Filter" => "FlateDecode" }, data).with_compression(false)
}

pub fn helvetica() -> Dictionary {
    dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" }
}

/// A document being built: pages under one page tree.
pub struct Pdf {
    pub doc: Document,
    pub pages_id: ObjectId,
    pub kids: Vec<Object>,
}

impl Pdf {
    pub fn new() -> Pdf {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        Pdf { doc, pages_id, kids: Vec::new() }
    }

    pub fn add(&mut self, object: impl Into<Object>) -> ObjectId {
        self.doc.add_object(object)
    }

    /// Adds a page drawing `contents` (a reference or an array of references) with `resources`
    /// (a dictionary, or a reference to one).
    pub fn page(&mut self, resources: impl Into<Object>, contents: Object) -> ObjectId {
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

    pub fn bytes(mut self) -> Vec<u8> {
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

pub fn ops(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

pub fn font_resources(font: impl Into<Object>) -> Dictionary {
    dictionary! { "Font" => dictionary! { "F1" => font.into() } }
}

/// Fault 1: one page listing one stream that inflates to a gigabyte twenty times (1 MB on disk).
pub fn gigabyte_stream_listed_twenty_times() -> Vec<u8> {
    let mut pdf = Pdf::new();
    let bomb = pdf.add(flate(zlib_of(b"", b' ', GB)));
    let contents: Vec<Object> = (0..20).map(|_| bomb.into()).collect();
    pdf.page(font_resources(helvetica()), Object::Array(contents));
    pdf.bytes()
}

/// Fault 2: a stream deflated twice, a few kilobytes that inflate to a gigabyte.
pub fn stream_deflated_twice() -> Vec<u8> {
    let mut pdf = Pdf::new();
    let twice = zlib(&zlib_of(b"", b' ', GB));
    let filters = vec![Object::from("FlateDecode"), Object::from("FlateDecode")];
    let stream = pdf.add(Stream::new(dictionary! { "Filter" => filters }, twice).with_compression(false));
    pdf.page(font_resources(helvetica()), stream.into());
    pdf.bytes()
}

/// Fault 3: 50,000 thin borders crossing 20,000 rows of text: a billion cells.
pub fn borders_across_rows() -> Vec<u8> {
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
    pdf.bytes()
}

/// Fault 4: a form XObject that draws itself thirty times, eight levels deep: 30⁸ calls.
pub fn form_drawing_itself() -> Vec<u8> {
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
    pdf.bytes()
}

/// A Type0 (Identity-H) font with `to_unicode` as its ToUnicode stream and `w` as its widths.
pub fn type0(pdf: &mut Pdf, to_unicode: &[u8], w: Vec<Object>) -> Dictionary {
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
pub fn full_range_to_unicode() -> Vec<u8> {
    let mut cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n2000 beginbfrange\n".to_vec();
    for _ in 0..2000 {
        cmap.extend_from_slice(b"<0000> <FFFF> <4E00>\n");
    }
    cmap.extend_from_slice(b"endbfrange\n");
    let mut pdf = Pdf::new();
    let font = type0(&mut pdf, &cmap, vec![]);
    let stream = pdf.add(Stream::new(dictionary! {}, ops("BT /F1 12 Tf 72 700 Td <0001> Tj ET")));
    pdf.page(font_resources(font), stream.into());
    pdf.bytes()
}

/// Fault 6: a font written inline in the resources (its ToUnicode of 5,000 entries), named by
/// 200,000 `Tf`; the text drawn is "一丁".
pub fn inline_font_named_by_many_tf() -> Vec<u8> {
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
    pdf.bytes()
}

/// Fault 7: a `/W` array of `ranges` ranges, each over all 65,536 codes.
pub fn width_ranges(ranges: usize) -> Vec<u8> {
    let mut w = Vec::with_capacity(ranges * 3);
    for _ in 0..ranges {
        w.extend([Object::Integer(0), Object::Integer(65_535), Object::Integer(500)]);
    }
    let mut pdf = Pdf::new();
    let font = type0(&mut pdf, b"1 beginbfchar <0001> <4E00> endbfchar", w);
    let stream = pdf.add(Stream::new(dictionary! {}, ops("BT /F1 12 Tf 72 700 Td <0001> Tj ET")));
    pdf.page(font_resources(font), stream.into());
    pdf.bytes()
}

/// Fault 8: `pages` pages of `per_page` lines "abcdefgh", each line at a left edge of its own.
pub fn lines_at_different_left_edges(pages: usize, per_page: usize) -> Vec<u8> {
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
    pdf.bytes()
}

/// Fault 9: `pages` pages sharing one content stream of 190,000 characters.
pub fn pages_sharing_one_stream(pages: usize) -> Vec<u8> {
    let mut content = String::from("BT /F1 2 Tf 1 TL 1 0 0 1 10 800 Tm\n");
    for _ in 0..1000 {
        content.push_str(&format!("({}) '\n", "x".repeat(190)));
    }
    content.push_str("ET");
    let mut pdf = Pdf::new();
    let stream = pdf.add(flate(zlib(content.as_bytes())));
    let resources = pdf.add(font_resources(helvetica()));
    for _ in 0..pages {
        pdf.page(resources, stream.into());
    }
    pdf.bytes()
}
