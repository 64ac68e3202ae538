//! Pictures built to exhaust or crash the reader: each is refused with a Chinese reason before
//! any pixel is decoded, never a panic or an allocation of the size it claims.

mod pictures;

use nianbao_ocr::{decode_picture, plan, Budget, Gray, OcrError};
use pictures::png_claiming;

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
    assert!(matches!(decode_picture(&pictures::jpeg_cut_short(), &Budget::default()), Err(OcrError::Damaged(_))));
    assert!(decode_picture(&pictures::tiff_pointing_away(), &Budget::default()).is_err());
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
