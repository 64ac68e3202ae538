//! The picture reader never panics on any bytes: a picture file (PNG, JPEG, TIFF) or a PDF with
//! pictures is decoded within the budget, planned, "recognised" by a stand-in recogniser that
//! answers every job with a word made from its pixels (Tesseract cannot run here), finished,
//! laid out and imported.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nianbao_ocr::{Budget, Job, OcrError, ReadWord, Reading, Recogniser};

/// Answers each job with one word whose text and confidence come from the job's pixels.
struct Stand;

impl Recogniser for Stand {
    fn recognise(&mut self, jobs: &[Job]) -> Result<Vec<Reading>, OcrError> {
        Ok(jobs
            .iter()
            .map(|j| {
                let sum: u64 = j.image.data.iter().map(|&b| u64::from(b)).sum();
                Reading {
                    words: vec![ReadWord {
                        x0: 1.0,
                        y0: 1.0,
                        x1: f64::from(j.image.width.max(2)) - 1.0,
                        y1: f64::from(j.image.height.max(2)) - 1.0,
                        text: if sum % 3 == 0 { "行政".to_string() } else { (sum % 10_000).to_string() },
                        confidence: (sum % 101) as f32,
                        line: 0,
                    }],
                }
            })
            .collect())
    }
}

fuzz_target!(|data: &[u8]| {
    let budget = Budget::default();
    let text = if nianbao_ocr::picture_form(data).is_some() {
        let Ok(page) = nianbao_ocr::decode_picture(data, &budget) else { return };
        let Ok(read) = nianbao_ocr::read_picture(&page, &mut Stand, &budget) else { return };
        nianbao_pdf::picture_page_text(read, page.width, page.height, nianbao_ocr::FILE_DPI)
    } else {
        let Ok(layers) = nianbao_pdf::read_layers(data, &nianbao_pdf::Budget::default()) else { return };
        let mut texts = Vec::new();
        for p in layers.pictures() {
            let Ok(g) = nianbao_ocr::picture_gray(p, &budget) else { return };
            let Ok(read) = nianbao_ocr::read_picture(&g, &mut Stand, &budget) else { return };
            texts.push(read);
        }
        layers.text_with(texts)
    };
    if let Ok(text) = text {
        if let Ok(report) = nianbao_core::import::import_text(&text) {
            let _ = nianbao_core::check(&report, None);
        }
    }
});
