//! Prints what reading each PDF uses of the work budget, beside the limit, so that the limits of
//! `Budget::default()` can be checked against real reports.
//!
//! `cargo run -p nianbao-pdf --example budget -- a.pdf b.pdf` (without arguments: the corpus PDFs
//! in ../shared/corpus or $NIANBAO_CORPUS).
//!
//! Measured (release build): the two corpus PDFs (WPS, 2024, with tables), the same rewritten
//! by lopdf with object streams, and three LibreOffice PDFs of corpus text twins. Per-stream and
//! per-page amounts are the largest stream or page; the others are document totals.
//!
//! | limit | default | 洪泽区 (5 pages) | 淮安市 (6 pages) | LibreOffice (3–7 pages) |
//! |---|---|---|---|---|
//! | stream_bytes | 64 MB | 43,569 | 34,736 | ≤ 59,988 |
//! | document_bytes | 256 MB | 144,341 | 157,496 | ≤ 124,800 |
//! | object_stream_bytes | 8 MB | 0 (5,871 rewritten) | 0 (8,448 rewritten) | 0 |
//! | operators | 20,000,000 | 15,288 | 16,361 | ≤ 10,986 |
//! | form_calls | 50,000 | 0 | 0 | 0 |
//! | glyphs | 6,000,000 | 2,243 | 2,879 | ≤ 6,297 |
//! | page_glyphs | 200,000 | 600 | 691 | ≤ 3,106 |
//! | cmap_entries | 1,000,000 | 908 | 926 | ≤ 719 |
//! | width_entries | 2,000,000 | 45 | 46 | ≤ 723 |
//! | page_rules | 50,000 | 44 | 45 | ≤ 108 |
//! | page_table_steps | 20,000,000 | 6,903 | 8,223 | ≤ 7,496 |
//! | table_steps | 200,000,000 | 12,738 | 17,222 | ≤ 16,131 |
//! | picture_pixels | 64,000,000 | 0 | 0 | 0 |
//! | pictures | 1,000 | 0 | 0 | 0 |
//!
//! `read_pdf` takes no pictures out (so the last two are 0 here); `read_layers` does: a scanned
//! A4 page at 300 dpi is 8.7 million pixels, 8.7 MB of gray.
//!
//! Scaled to a 300-page report (per page: about 3,000 operators, 30 KB decoded, 1,000
//! characters, 1 KB of object streams, 3,000 table steps) every limit keeps ten times or more
//! to spare: 0.9 M operators, 9 MB decoded, 0.3 M characters, 0.3 MB of object streams,
//! 0.9 M table steps.

use nianbao_pdf::{read_pdf, Budget};
use std::path::PathBuf;

fn corpus_pdfs() -> Vec<PathBuf> {
    let dir = std::env::var("NIANBAO_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    found.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
    found.sort();
    found
}

/// The fields of a budget, named, in order.
fn fields(b: &Budget) -> [(&'static str, usize); 14] {
    [
        ("stream_bytes", b.stream_bytes),
        ("document_bytes", b.document_bytes),
        ("object_stream_bytes", b.object_stream_bytes),
        ("operators", b.operators),
        ("form_calls", b.form_calls),
        ("glyphs", b.glyphs),
        ("page_glyphs", b.page_glyphs),
        ("cmap_entries", b.cmap_entries),
        ("width_entries", b.width_entries),
        ("page_rules", b.page_rules),
        ("page_table_steps", b.page_table_steps),
        ("table_steps", b.table_steps),
        ("picture_pixels", b.picture_pixels),
        ("pictures", b.pictures),
    ]
}

fn main() {
    let mut paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        paths = corpus_pdfs();
    }
    let budget = Budget::default();
    for path in paths {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("无法读取 {}：{e}", path.display());
                continue;
            }
        };
        let pages = lopdf::Document::load_mem(&bytes).map(|d| d.get_pages().len()).unwrap_or(0);
        let started = std::time::Instant::now();
        match read_pdf(&bytes, &budget) {
            Ok(reading) => {
                println!("{} ({} pages, {:?})", path.display(), pages, started.elapsed());
                for ((name, used), (_, limit)) in fields(&reading.used).iter().zip(fields(&budget)) {
                    let share = *used as f64 / limit as f64 * 100.0;
                    println!("  {name:<20} {used:>12} / {limit:>12}  ({share:.3}%)");
                }
            }
            Err(e) => println!("{}: {e}", path.display()),
        }
    }
}
