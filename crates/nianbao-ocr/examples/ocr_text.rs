//! Prints the intermediate text read by OCR from a picture file or a PDF's pictures, with the
//! time it took: `cargo run --release -p nianbao-ocr --features tesseract --example ocr_text -- FILE`.
//! OCR marks are shown as `⟨confidence⟩`.

use nianbao_ocr::tesseract::Tesseract;
use nianbao_ocr::{Budget, Gray};
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let bytes = std::fs::read(&path).expect("readable");
    let budget = Budget::default();
    let start = Instant::now();
    let show = |text: String| {
        text.chars()
            .map(|c| match nianbao_core::text::ocr_confidence(c) {
                Some(conf) => format!("⟨{conf}⟩"),
                None => c.to_string(),
            })
            .collect::<String>()
    };
    if nianbao_ocr::picture_form(&bytes).is_some() {
        let page = nianbao_ocr::decode_picture(&bytes, &budget).expect("a picture");
        let plan = nianbao_ocr::plan(&page, &budget).expect("planned");
        eprintln!("skew {:.2}°, {} cells, {} jobs", plan.turned, plan.cells, plan.jobs().len());
        let text = nianbao_ocr::read_picture(&page, &mut Tesseract, &budget).expect("read");
        let text =
            nianbao_pdf::picture_page_text(text, page.width, page.height, nianbao_ocr::FILE_DPI).expect("laid out");
        println!("{}", show(text));
    } else {
        let layers = nianbao_pdf::read_layers(&bytes, &nianbao_pdf::Budget::default()).expect("a PDF");
        let mut texts = Vec::new();
        for p in layers.pictures() {
            let gray = nianbao_ocr::picture_gray(p, &budget).expect("pixels");
            dump(p.page, &gray);
            let t = Instant::now();
            let plan = nianbao_ocr::plan(&gray, &budget).expect("planned");
            eprintln!("page {}: skew {:.2}°, {} cells, {} jobs", p.page, plan.turned, plan.cells, plan.jobs().len());
            texts.push(nianbao_ocr::read_picture(&gray, &mut Tesseract, &budget).expect("read"));
            eprintln!("page {}: {:.1} s", p.page, t.elapsed().as_secs_f64());
        }
        println!("{}", show(layers.text_with(texts).expect("laid out")));
    }
    eprintln!("{:.1} s", start.elapsed().as_secs_f64());
}

/// With NIANBAO_OCR_DUMP=DIR: each job's picture as DIR/pPAGE-jN-KIND.pgm and its reading on stderr.
#[allow(dead_code)]
fn dump(page: u32, gray: &Gray) {
    let Ok(dir) = std::env::var("NIANBAO_OCR_DUMP") else { return };
    let budget = Budget::default();
    let plan = nianbao_ocr::plan(gray, &budget).expect("planned");
    for (i, job) in plan.jobs().iter().enumerate() {
        std::fs::write(format!("{dir}/p{page}-j{i}-{:?}.pgm", job.kind), job.image.pgm()).unwrap();
    }
    let readings = nianbao_ocr::Recogniser::recognise(&mut Tesseract, plan.jobs()).expect("read");
    for (i, (job, r)) in plan.jobs().iter().zip(&readings).enumerate() {
        let words: Vec<String> = r.words.iter().map(|w| format!("{}({:.0})", w.text, w.confidence)).collect();
        eprintln!("p{page} j{i} {:?}: {}", job.kind, words.join(" "));
    }
}
