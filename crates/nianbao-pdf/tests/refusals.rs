//! PDFs that cannot be read get their own reason, in Chinese: scanned, encrypted, damaged,
//! truncated, not a PDF, no text, undecodable fonts; and the simple cases that can (a simple
//! font, a page drawn turned). The documents are made here with lopdf.

use lopdf::content::{Content, Operation};
use lopdf::encryption::crypt_filters::{Aes128CryptFilter, CryptFilter};
use lopdf::{dictionary, Document, EncryptionState, EncryptionVersion, Object, Permissions, Stream};
use nianbao_pdf::{pdf_to_text, PdfError};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

fn corpus_pdf() -> Vec<u8> {
    let dir = std::env::var("NIANBAO_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    std::fs::read(dir.join("2024_huaian_hongzequ.pdf")).expect("corpus PDF")
}

/// A one-page A4 document drawing `ops` with `resources`, added to `doc` (which may already hold
/// the objects the resources refer to).
fn page_in(mut doc: Document, resources: lopdf::Dictionary, ops: Vec<Operation>) -> Document {
    let pages_id = doc.new_object_id();
    let resources_id = doc.add_object(resources);
    let content = Content { operations: ops }.encode().expect("content");
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => resources_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let id = Object::String(b"nianbao-test-id!".to_vec(), lopdf::StringFormat::Hexadecimal);
    doc.trailer.set("ID", vec![id.clone(), id]);
    doc
}

fn one_page(resources: lopdf::Dictionary, ops: Vec<Operation>) -> Document {
    page_in(Document::with_version("1.5"), resources, ops)
}

fn bytes(doc: &mut Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

fn text_page(font: lopdf::Dictionary, shown: Object) -> Document {
    let resources = dictionary! { "Font" => dictionary! { "F1" => font } };
    let ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 12.into()]),
        Operation::new("Td", vec![72.into(), 700.into()]),
        Operation::new("Tj", vec![shown]),
        Operation::new("ET", vec![]),
    ];
    one_page(resources, ops)
}

fn helvetica_page(text: &str) -> Document {
    let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" };
    text_page(font, Object::string_literal(text))
}

#[test]
fn a_page_of_images_only_is_a_scanned_pdf() {
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0, 255, 255, 0],
    );
    let mut doc = Document::with_version("1.5");
    let image_id = doc.add_object(image);
    let resources = dictionary! { "XObject" => dictionary! { "Im1" => image_id } };
    let ops = vec![
        Operation::new("q", vec![]),
        Operation::new("cm", vec![595.into(), 0.into(), 0.into(), 842.into(), 0.into(), 0.into()]),
        Operation::new("Do", vec!["Im1".into()]),
        Operation::new("Q", vec![]),
    ];
    let mut page = page_in(doc, resources, ops);
    let err = pdf_to_text(&bytes(&mut page)).unwrap_err();
    assert_eq!(err, PdfError::Scanned);
    assert_eq!(err.to_string(), "PDF 为扫描图片，没有文字层，无法读取；请向发布机关索取文字版或可复制文字的 PDF");
}

#[test]
fn a_simple_font_page_reads_its_text() {
    let text = pdf_to_text(&bytes(&mut helvetica_page("Hello 2024"))).expect("readable");
    assert_eq!(text.trim(), "Hello 2024");
}

#[test]
fn an_empty_page_has_no_text() {
    let mut doc = one_page(dictionary! {}, vec![]);
    let err = pdf_to_text(&bytes(&mut doc)).unwrap_err();
    assert_eq!(err, PdfError::NoText);
    assert!(err.to_string().contains("没有任何文字"));
}

#[test]
fn identity_h_without_to_unicode_is_refused_not_guessed() {
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "SimSun", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "SimSun",
        })],
    };
    let mut doc = text_page(font, Object::String(vec![0x12, 0x34, 0x00, 0x56], lopdf::StringFormat::Hexadecimal));
    let err = pdf_to_text(&bytes(&mut doc)).unwrap_err();
    assert_eq!(err, PdfError::Undecodable { pages: vec![1] });
    assert!(err.to_string().contains("第1页"), "{err}");
}

#[test]
fn garbage_after_the_header_is_a_damaged_pdf() {
    let mut data = b"%PDF-1.7\n".to_vec();
    data.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    data.extend_from_slice(b"\nstartxref\n9\n%%EOF\n");
    let err = pdf_to_text(&data).unwrap_err();
    assert!(matches!(err, PdfError::Damaged(_)), "{err:?}");
    assert!(err.to_string().starts_with("PDF 文件已损坏"), "{err}");
}

#[test]
fn the_first_half_of_a_real_pdf_is_truncated() {
    let full = corpus_pdf();
    let err = pdf_to_text(&full[..full.len() / 2]).unwrap_err();
    assert_eq!(err, PdfError::Truncated);
    assert!(err.to_string().contains("不完整"));
}

#[test]
fn text_that_is_not_a_pdf_is_said_so() {
    let err = pdf_to_text("一、总体情况".as_bytes()).unwrap_err();
    assert_eq!(err, PdfError::NotPdf);
}

fn encrypted(user_password: &str) -> Vec<u8> {
    let mut doc = helvetica_page("Hello 2024");
    let filter: Arc<dyn CryptFilter> = Arc::new(Aes128CryptFilter);
    let crypt_filters = BTreeMap::from([(b"StdCF".to_vec(), filter)]);
    let state = EncryptionState::try_from(EncryptionVersion::V4 {
        document: &doc,
        encrypt_metadata: true,
        crypt_filters,
        stream_filter: b"StdCF".to_vec(),
        string_filter: b"StdCF".to_vec(),
        owner_password: "owner-secret",
        user_password,
        permissions: Permissions::all(),
    })
    .expect("encryption state");
    doc.encrypt(&state).expect("encrypt");
    bytes(&mut doc)
}

#[test]
fn a_pdf_that_needs_a_password_is_encrypted() {
    let data = encrypted("user-secret");
    let err = pdf_to_text(&data).unwrap_err();
    assert_eq!(err, PdfError::Encrypted);
    assert!(err.to_string().contains("已加密"));
}

#[test]
fn a_pdf_encrypted_with_an_empty_user_password_opens_like_a_reader_does() {
    let data = encrypted("");
    assert_eq!(pdf_to_text(&data).expect("opens without a password").trim(), "Hello 2024");
}

#[test]
fn text_drawn_turned_a_quarter_reads_top_down() {
    let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" };
    let resources = dictionary! { "Font" => dictionary! { "F1" => font } };
    let line = |x: i64, text: &str| {
        vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Tm", vec![0.into(), 1.into(), (-1).into(), 0.into(), x.into(), 100.into()]),
            Operation::new("Tj", vec![Object::string_literal(text)]),
            Operation::new("ET", vec![]),
        ]
    };
    // Text running up the page: the first line is the one furthest left.
    let mut ops = line(300, "World 42");
    ops.extend(line(280, "Hello"));
    let text = pdf_to_text(&bytes(&mut one_page(resources, ops))).expect("readable");
    assert_eq!(text, "Hello\nWorld 42\n");
}
