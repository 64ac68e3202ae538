//! Pictures built to exhaust or crash the reader: each is refused with a Chinese reason before
//! any pixel is decoded, never a panic or an allocation of the size it claims.

use nianbao_ocr::{decode_picture, plan, Budget, Gray, OcrError};

/// A PNG whose header claims `w × h` pixels, with one empty compressed stream after it.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn a_picture_claiming_billions_of_pixels_is_refused_before_decoding() {
    let err = decode_picture(&png_claiming(100_000, 100_000), &Budget::default()).unwrap_err();
    assert!(matches!(&err, OcrError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("100000×100000"), "{err}");
}

#[test]
fn damaged_and_unknown_pictures_get_their_reason() {
    let err = decode_picture(&png_claiming(40, 30), &Budget::default()).unwrap_err();
    assert!(matches!(err, OcrError::Damaged(_)), "{err}");
    assert!(err.to_string().starts_with("图片已损坏"), "{err}");
    let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1];
    assert!(matches!(decode_picture(&jpeg, &Budget::default()), Err(OcrError::Damaged(_))));
    assert_eq!(decode_picture(b"GIF89a", &Budget::default()), Err(OcrError::NotPicture));
}

#[test]
fn a_page_of_noise_is_refused_by_its_fragment_budget() {
    // a black dot every other pixel each way: half a million fragments
    let (w, h) = (2000u32, 1000u32);
    let data = (0..w * h).map(|i| if (i % w) % 2 == 0 && (i / w) % 2 == 0 { 0 } else { 255 }).collect();
    let page = Gray::new(w, h, data).unwrap();
    let budget = Budget { components: 100_000, ..Budget::default() };
    let err = plan(&page, &budget).unwrap_err();
    assert!(matches!(&err, OcrError::TooLarge { .. }), "{err}");
}

#[test]
fn a_blank_page_plans_nothing_to_read() {
    let plan = plan(&Gray::white(800, 1000), &Budget::default()).unwrap();
    assert!(plan.jobs().is_empty());
    assert!(plan.finish(&[], &[]).words.is_empty());
}
