//! Pictures that hold text: which are given out for reading, how their pixels come out (gray or
//! JPEG, whatever the colour space and coding), which cannot be taken and why, and how the text
//! read from them is laid out like a text layer. The documents are made here with lopdf.

mod hostile;

use hostile::{zlib, Pdf};
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Dictionary, Object, Stream};
use nianbao_pdf::{
    picture_page_text, read_layers, read_pdf, Budget, PdfError, Picture, PictureRule, PictureText, PictureWord, Pixels,
};

/// A4, in points.
const PAGE: (f64, f64) = (595.0, 842.0);

/// An image XObject of `width` × `height` with the other entries of `dict`.
fn image(width: i64, height: i64, dict: Dictionary, data: Vec<u8>) -> Stream {
    let mut d = dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => width, "Height" => height };
    for (k, v) in dict.into_iter() {
        d.set(k, v);
    }
    Stream::new(d, data).with_compression(false)
}

/// A gray 8-bit image, deflated.
fn gray_image(width: i64, height: i64, pixels: &[u8]) -> Stream {
    let dict = dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "FlateDecode" };
    image(width, height, dict, zlib(pixels))
}

/// `q a b c d e f cm /name Do Q`.
fn draw(name: &str, m: [f64; 6]) -> Vec<Operation> {
    vec![
        Operation::new("q", vec![]),
        Operation::new("cm", m.iter().map(|&v| Object::Real(v as f32)).collect()),
        Operation::new("Do", vec![name.into()]),
        Operation::new("Q", vec![]),
    ]
}

/// Helvetica text lines: (x, y, text).
fn text(lines: &[(f64, f64, &str)]) -> Vec<Operation> {
    let mut ops = vec![Operation::new("BT", vec![]), Operation::new("Tf", vec!["F1".into(), 12.into()])];
    for &(x, y, t) in lines {
        ops.push(Operation::new("Tm", vec![1.into(), 0.into(), 0.into(), 1.into(), x.into(), y.into()]));
        ops.push(Operation::new("Tj", vec![Object::string_literal(t)]));
    }
    ops.push(Operation::new("ET", vec![]));
    ops
}

/// A page's images, each with its resource name.
type Images<'a> = Vec<(&'a str, Stream)>;

/// A document of one A4 page per entry of `pages`: its images (name, stream) and its operators.
fn pdf(pages: Vec<(Images<'_>, Vec<Operation>)>) -> Vec<u8> {
    pdf_of(
        pages
            .into_iter()
            .map(|(images, ops)| (images, Content { operations: ops }.encode().expect("content")))
            .collect(),
    )
}

/// [`pdf`] with each page's content stream as bytes.
fn pdf_of(pages: Vec<(Images<'_>, Vec<u8>)>) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let font = pdf.add(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    for (images, content) in pages {
        let mut xobjects = Dictionary::new();
        for (name, stream) in images {
            xobjects.set(name, pdf.add(stream));
        }
        let resources = dictionary! { "Font" => dictionary! { "F1" => font }, "XObject" => xobjects };
        let content = pdf.add(Stream::new(dictionary! {}, content));
        pdf.page(resources, content.into());
    }
    pdf.bytes()
}

/// A page that is one picture of `stream`, drawn over the whole page.
fn scanned(stream: Stream) -> Vec<u8> {
    pdf(vec![(vec![("Im1", stream)], draw("Im1", [PAGE.0, 0.0, 0.0, PAGE.1, 0.0, 0.0]))])
}

/// The one picture of a document.
fn only_picture(bytes: &[u8]) -> Picture {
    let layers = read_layers(bytes, &Budget::default()).expect("read");
    assert_eq!(layers.unread_pictures(), &[] as &[(u32, String)]);
    assert_eq!(layers.pictures().len(), 1, "{layers:?}");
    layers.pictures()[0].clone()
}

fn gray(p: &Picture) -> &[u8] {
    match &p.pixels {
        Pixels::Gray(g) => g,
        other => panic!("not gray: {other:?}"),
    }
}

fn word(x0: f64, y0: f64, x1: f64, y1: f64, text: &str) -> PictureWord {
    PictureWord { x0, y0, x1, y1, size: y1 - y0, text: text.to_string() }
}

fn v(at: f64, from: f64, to: f64) -> PictureRule {
    PictureRule { vertical: true, at, from, to }
}

fn h(at: f64, from: f64, to: f64) -> PictureRule {
    PictureRule { vertical: false, at, from, to }
}

/// What an OCR would read from a page picture drawn at one point a pixel, its pixels scaled by
/// `k`: a heading, a ruled table of three rows (the last with its number cell blank) and a
/// paragraph under it.
fn page_read(k: f64) -> PictureText {
    let s =
        |w: PictureWord| PictureWord { x0: w.x0 * k, y0: w.y0 * k, x1: w.x1 * k, y1: w.y1 * k, size: w.size * k, ..w };
    let r = |r: PictureRule| PictureRule { at: r.at * k, from: r.from * k, to: r.to * k, ..r };
    PictureText {
        words: vec![
            s(word(100.0, 120.0, 184.0, 134.0, "一、总体情况")),
            s(word(110.0, 208.0, 138.0, 222.0, "事项")),
            s(word(260.0, 208.0, 288.0, 222.0, "数量")),
            s(word(110.0, 238.0, 166.0, 252.0, "新收申请")),
            s(word(260.0, 238.0, 274.0, 252.0, "12")),
            s(word(110.0, 268.0, 138.0, 282.0, "办结")),
            s(word(100.0, 320.0, 268.0, 334.0, "本机关依法公开政府信息。")),
        ],
        rules: vec![
            r(v(100.0, 200.0, 290.0)),
            r(v(250.0, 200.0, 290.0)),
            r(v(400.0, 200.0, 290.0)),
            r(h(200.0, 100.0, 400.0)),
            r(h(230.0, 100.0, 400.0)),
            r(h(260.0, 100.0, 400.0)),
            r(h(290.0, 100.0, 400.0)),
        ],
    }
}

/// The text [`page_read`] lays out to.
const PAGE_TEXT: &str = "一、总体情况\n事项 | 数量\n新收申请 | 12\n| 办结 |  |\n本机关依法公开政府信息。\n";

#[test]
fn a_scanned_page_gives_out_its_gray_picture_and_reads_as_a_text_layer_would() {
    let (w, h) = (595usize, 842usize);
    let pixels: Vec<u8> = (0..w * h).map(|i| (i % 251) as u8).collect();
    let bytes = scanned(gray_image(w as i64, h as i64, &pixels));
    let picture = only_picture(&bytes);
    assert_eq!((picture.page, picture.width, picture.height), (1, 595, 842));
    assert_eq!(picture.placement, [595.0, 0.0, 0.0, 842.0, 0.0, 0.0]);
    assert_eq!(gray(&picture), pixels.as_slice());

    let layers = read_layers(&bytes, &Budget::default()).expect("read");
    assert_eq!(layers.text(), Err(PdfError::Scanned));
    assert_eq!(read_pdf(&bytes, &Budget::default()), Err(PdfError::Scanned));
    let layers = read_layers(&bytes, &Budget::default()).expect("read");
    assert_eq!(layers.text_with(vec![PictureText::default()]), Err(PdfError::Scanned));
    let layers = read_layers(&bytes, &Budget::default()).expect("read");
    assert_eq!(layers.text_with(vec![page_read(1.0)]).expect("text"), PAGE_TEXT);
}

#[test]
fn a_picture_drawn_turned_on_its_page_reads_as_if_upright() {
    // An 842 × 595 picture lying on its side over the whole page: its x runs up the page.
    let bytes = pdf(vec![(
        vec![("Im1", gray_image(842, 595, &vec![255; 842 * 595]))],
        draw("Im1", [0.0, 842.0, -595.0, 0.0, 595.0, 0.0]),
    )]);
    let layers = read_layers(&bytes, &Budget::default()).expect("read");
    assert_eq!(layers.pictures().len(), 1);
    assert_eq!(layers.text_with(vec![page_read(1.0)]).expect("text"), PAGE_TEXT);
}

#[test]
fn a_picture_page_of_its_own_reads_at_its_resolution() {
    assert_eq!(picture_page_text(page_read(2.0), 1190, 1684, 144.0).expect("text"), PAGE_TEXT);
    assert_eq!(picture_page_text(page_read(1.0), 595, 842, f64::NAN).expect("text"), PAGE_TEXT);
    assert_eq!(picture_page_text(PictureText::default(), 595, 842, 72.0), Err(PdfError::Scanned));
    assert_eq!(picture_page_text(page_read(1.0), 0, 0, 72.0), Err(PdfError::Scanned));
}

#[test]
fn a_jpeg_is_given_out_as_stored() {
    let jpeg = b"\xFF\xD8\xFF\xE0 not really a JPEG \xFF\xD9".to_vec();
    let dict = dictionary! { "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode" };
    let picture = only_picture(&scanned(image(640, 480, dict, jpeg.clone())));
    assert_eq!(picture.pixels, Pixels::Jpeg(jpeg.clone()));
    assert_eq!((picture.width, picture.height), (640, 480));
    // Hex-encoded first: the JPEG comes out decoded from the hex.
    let hex: String = jpeg.iter().map(|b| format!("{b:02X}")).collect::<String>() + ">";
    let filters = vec![Object::from("ASCIIHexDecode"), Object::from("DCTDecode")];
    let dict = dictionary! { "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => filters };
    assert_eq!(only_picture(&scanned(image(640, 480, dict, hex.into_bytes()))).pixels, Pixels::Jpeg(jpeg));
}

#[test]
fn an_rgb_picture_is_made_gray_by_its_luma() {
    let (w, h) = (64, 32);
    let rgb: Vec<u8> = (0..w * h).flat_map(|i| if i % 2 == 0 { [255, 0, 0] } else { [0, 0, 255] }).collect();
    let dict = dictionary! { "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "FlateDecode" };
    let picture = only_picture(&scanned(image(w as i64, h as i64, dict, zlib(&rgb))));
    let g = gray(&picture);
    assert_eq!(g.len(), w * h);
    assert_eq!(&g[..4], &[76, 29, 76, 29]);
}

#[test]
fn an_indexed_picture_is_made_gray_through_its_palette() {
    // Four-bit indices into a palette of black, white and pure green.
    let palette = Object::String(vec![0, 0, 0, 255, 255, 255, 0, 255, 0], lopdf::StringFormat::Hexadecimal);
    let space = vec![Object::from("Indexed"), Object::from("DeviceRGB"), 2.into(), palette];
    let dict = dictionary! { "ColorSpace" => space, "BitsPerComponent" => 4 };
    // 64 × 32 pixels: rows of 32 bytes, each byte two indices 1 (white), 2 (green), 0 (black).
    let row: Vec<u8> = [0x12, 0x01].repeat(16);
    let picture = only_picture(&scanned(image(64, 32, dict, row.repeat(32))));
    assert_eq!(&gray(&picture)[..4], &[255, 150, 0, 255]);
}

#[test]
fn an_image_mask_paints_black_where_its_samples_are_zero() {
    let dict = dictionary! { "ImageMask" => true, "Filter" => "RunLengthDecode" };
    // 64 × 32, one bit a pixel: each row 0xF0 then seven bytes of 0x00, run-length coded.
    let row = [0u8, 0xF0, 250, 0x00];
    let mut data = row.repeat(32);
    data.push(128);
    let picture = only_picture(&scanned(image(64, 32, dict, data)));
    let g = gray(&picture);
    assert_eq!(&g[..8], &[255, 255, 255, 255, 0, 0, 0, 0]);
    assert!(g[8..64].iter().all(|&p| p == 0));
    // /Decode [1 0]: the ones are painted.
    let dict = dictionary! { "ImageMask" => true, "Decode" => vec![1.into(), 0.into()] };
    let picture = only_picture(&scanned(image(64, 32, dict, [0xF0u8, 0, 0, 0, 0, 0, 0, 0].repeat(32))));
    assert_eq!(&gray(&picture)[..8], &[0, 0, 0, 0, 255, 255, 255, 255]);
}

#[test]
fn a_group_4_fax_picture_is_made_gray() {
    // 64 × 32: the left half black on the first row, white elsewhere.
    let mut encoder = fax::encoder::Encoder::new(fax::VecWriter::new());
    for y in 0..32 {
        let row = (0..64).map(|x| if y == 0 && x < 32 { fax::Color::Black } else { fax::Color::White });
        encoder.encode_line(row, 64).expect("encode");
    }
    let data = encoder.finish().expect("finish").finish();
    let dict = dictionary! {
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Filter" => "CCITTFaxDecode",
        "DecodeParms" => dictionary! { "K" => -1, "Columns" => 64, "Rows" => 32 },
    };
    let picture = only_picture(&scanned(image(64, 32, dict, data)));
    let g = gray(&picture);
    assert_eq!((&g[..32], &g[32..64]), (&[0; 32][..], &[255; 32][..]));
    assert!(g[64..].iter().all(|&p| p == 255));
    // Mixed one- and two-dimensional coding is not read.
    let dict = dictionary! {
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Filter" => "CCITTFaxDecode",
        "DecodeParms" => dictionary! { "K" => 4, "Columns" => 64 },
    };
    let layers = read_layers(&scanned(image(64, 32, dict, vec![0; 64])), &Budget::default()).expect("read");
    assert_eq!(
        layers.unread_pictures(),
        [(1, "第1页的图片为 CCITT 传真格式的一维、二维混合编码（K>0），无法识别".to_string())]
    );
}

/// A page of text lines with a pasted table picture (away from the text) and a seal (over it).
fn page_with_text_and_pictures() -> Vec<u8> {
    let lines: Vec<(f64, f64, &str)> =
        (0..10).map(|i| (72.0, 700.0 - 14.0 * i as f64, "Some text of the report")).collect();
    let mut ops = text(&lines);
    // The table: 400 × 200 pixels on 400 × 200 points, below the text.
    ops.extend(draw("Table", [400.0, 0.0, 0.0, 200.0, 72.0, 200.0]));
    // The seal: 300 × 300 pixels over the text lines (area enough, but over text).
    ops.extend(draw("Seal", [260.0, 0.0, 0.0, 260.0, 60.0, 500.0]));
    // A small logo on a page with text is not read.
    ops.extend(draw("Logo", [50.0, 0.0, 0.0, 50.0, 500.0, 780.0]));
    pdf(vec![(
        vec![
            ("Table", gray_image(400, 200, &vec![255; 400 * 200])),
            ("Seal", gray_image(300, 300, &vec![128; 300 * 300])),
            ("Logo", gray_image(400, 400, &vec![0; 400 * 400])),
        ],
        ops,
    )])
}

#[test]
fn a_table_pasted_as_a_picture_is_read_and_a_seal_over_the_text_is_not() {
    let bytes = page_with_text_and_pictures();
    let layers = read_layers(&bytes, &Budget::default()).expect("read");
    assert_eq!(layers.pictures().len(), 1);
    assert_eq!(layers.pictures()[0].placement, [400.0, 0.0, 0.0, 200.0, 72.0, 200.0]);
    assert!(layers.unread_pictures().is_empty());
    // Nothing read: the text layer as read_pdf gives it.
    let plain = read_pdf(&bytes, &Budget::default()).expect("text").text;
    assert_eq!(layers.text().expect("text"), plain);
    // The table read from the picture comes under the text, as a table.
    let read = PictureText {
        words: vec![word(20.0, 30.0, 48.0, 44.0, "事项"), word(220.0, 30.0, 234.0, 44.0, "12")],
        rules: vec![
            v(10.0, 20.0, 60.0),
            v(200.0, 20.0, 60.0),
            v(390.0, 20.0, 60.0),
            h(20.0, 10.0, 390.0),
            h(60.0, 10.0, 390.0),
        ],
    };
    let layers = read_layers(&bytes, &Budget::default()).expect("read");
    assert_eq!(layers.text_with(vec![read]).expect("text"), format!("{plain}事项 | 12\n"));
}

#[test]
fn jpeg_2000_jbig2_and_cut_data_are_listed_unread_with_their_reason() {
    let jpx = image(800, 1000, dictionary! { "Filter" => "JPXDecode" }, vec![0; 16]);
    let jbig2 = image(800, 1000, dictionary! { "Filter" => "JBIG2Decode", "BitsPerComponent" => 1 }, vec![0; 16]);
    let short = gray_image(800, 1000, &[255; 1000]);
    let full = [PAGE.0, 0.0, 0.0, PAGE.1, 0.0, 0.0];
    let bytes = pdf(vec![
        (vec![("Im1", jpx)], draw("Im1", full)),
        (vec![("Im1", jbig2)], draw("Im1", full)),
        (vec![("Im1", short)], draw("Im1", full)),
    ]);
    let layers = read_layers(&bytes, &Budget::default()).expect("read");
    assert!(layers.pictures().is_empty());
    assert_eq!(
        layers.unread_pictures(),
        [
            (1, "第1页的图片为 JPEG 2000 格式（JPXDecode），无法识别".to_string()),
            (2, "第2页的图片为 JBIG2 格式（JBIG2Decode），无法识别".to_string()),
            (3, "第3页的图片数据不完整（应有 800000 字节，只有 1000 字节），无法识别".to_string()),
        ]
    );
    assert_eq!(layers.text(), Err(PdfError::Scanned));
}

#[test]
fn pictures_past_the_budget_are_listed_unread_and_the_rest_is_read() {
    let bytes = pdf(vec![
        (vec![("Im1", gray_image(600, 800, &vec![255; 600 * 800]))], draw("Im1", [PAGE.0, 0.0, 0.0, PAGE.1, 0.0, 0.0])),
        (vec![("Im1", gray_image(100, 100, &vec![255; 100 * 100]))], draw("Im1", [PAGE.0, 0.0, 0.0, PAGE.1, 0.0, 0.0])),
        (vec![("Im1", gray_image(100, 100, &vec![255; 100 * 100]))], draw("Im1", [PAGE.0, 0.0, 0.0, PAGE.1, 0.0, 0.0])),
    ]);
    let budget = Budget { picture_pixels: 100_000, pictures: 1, ..Budget::default() };
    let layers = read_layers(&bytes, &budget).expect("read");
    assert_eq!(layers.pictures().len(), 1);
    assert_eq!(layers.pictures()[0].page, 2);
    assert_eq!(
        layers.unread_pictures(),
        [
            (1, "第1页的图片超过 10 万像素，未识别".to_string()),
            (3, "第3页的图片未识别：需识别的图片累计超过 1 张（读到第3页）".to_string()),
        ]
    );
    // A picture whose stream decodes past what the document may decode.
    let budget = Budget { document_bytes: 100_000, ..Budget::default() };
    let layers = read_layers(&bytes, &budget).expect("read");
    assert_eq!(layers.pictures().iter().map(|p| p.page).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(
        layers.unread_pictures()[0],
        (1, "第1页的图片未识别：解压的数据流累计超过 100000 字节（读到第1页）".to_string())
    );
    let texts = vec![PictureText { words: vec![word(0.0, 0.0, 10.0, 10.0, "字")], rules: vec![] }; 3];
    let layers = read_layers(&bytes, &Budget { glyphs: 0, ..Budget::default() }).expect("read");
    assert!(matches!(layers.text_with(texts), Err(PdfError::TooLarge { .. })));
}

#[test]
fn inline_images_and_small_pictures_are_not_given_out() {
    let mut content = b"q 595 0 0 842 0 0 cm BI /W 100 /H 100 /BPC 8 /CS /G ID ".to_vec();
    content.extend_from_slice(&[255; 10_000]);
    content.extend_from_slice(b" EI Q\n");
    let draws = [draw("Im1", [PAGE.0, 0.0, 0.0, PAGE.1, 0.0, 0.0]), draw("Im2", [5.0, 0.0, 0.0, 5.0, 0.0, 0.0])];
    content.extend(Content { operations: draws.concat() }.encode().expect("content"));
    let bytes = pdf_of(vec![(
        vec![("Im1", gray_image(40, 40, &[255; 1600])), ("Im2", gray_image(100, 100, &[255; 10_000]))],
        content,
    )]);
    let layers = read_layers(&bytes, &Budget::default()).expect("read");
    assert!(layers.pictures().is_empty() && layers.unread_pictures().is_empty(), "{layers:?}");
    assert_eq!(layers.text(), Err(PdfError::Scanned));
}

#[test]
fn read_pdf_gives_what_read_layers_gives_without_pictures() {
    let bytes = page_with_text_and_pictures();
    let reading = read_pdf(&bytes, &Budget::default()).expect("read");
    assert_eq!(reading.used.pictures, 0);
    let layers = read_layers(&bytes, &Budget::default()).expect("read");
    assert_eq!(layers.text().expect("text"), reading.text);
    let empty = pdf(vec![(vec![], vec![])]);
    assert_eq!(read_layers(&empty, &Budget::default()).map(|_| ()), Err(PdfError::NoText));
}

/// xorshift64*: a small, reproducible source of randomness.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1) as u64) as usize
    }
}

#[test]
fn mutated_picture_pdfs_never_panic() {
    let rgb = dictionary! { "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "FlateDecode",
    "DecodeParms" => dictionary! { "Predictor" => 15, "Colors" => 3, "Columns" => 64 } };
    let mut predicted = Vec::new();
    for _ in 0..32 {
        predicted.push(2u8);
        predicted.extend(std::iter::repeat_n(7u8, 64 * 3));
    }
    let palette = Object::String(vec![0, 0, 0, 255, 255, 255], lopdf::StringFormat::Hexadecimal);
    let indexed = dictionary! {
        "ColorSpace" => vec![Object::from("Indexed"), Object::from("DeviceRGB"), 1.into(), palette],
        "BitsPerComponent" => 1, "Decode" => vec![1.into(), 0.into()],
    };
    let sources = [
        scanned(image(64, 32, rgb, zlib(&predicted))),
        scanned(image(64, 32, indexed, vec![0x55; 8 * 32])),
        scanned(image(64, 32, dictionary! { "ImageMask" => true }, vec![0xAA; 8 * 32])),
        page_with_text_and_pictures(),
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for src in &sources {
        for _ in 0..60 {
            let mut m = src.clone();
            for _ in 0..1 + rng.below(6) {
                let at = rng.below(m.len());
                m[at] = match rng.below(3) {
                    0 => m[at] ^ (1 << rng.below(8)),
                    1 => b"0123456789"[rng.below(10)],
                    _ => rng.below(256) as u8,
                };
            }
            if let Ok(layers) = read_layers(&m, &Budget::default()) {
                let texts = layers.pictures().iter().map(|p| {
                    let (w, h) = (f64::from(p.width), f64::from(p.height));
                    PictureText {
                        words: vec![word(0.0, 0.0, w / 2.0, h / 4.0, "字1")],
                        rules: vec![v(w / 3.0, 0.0, h)],
                    }
                });
                let texts = texts.collect();
                let _ = layers.text_with(texts);
            }
        }
    }
}
