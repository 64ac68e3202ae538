//! PDF reading + import + check per corpus PDF, and the PDF reading alone.
//!
//! `cargo bench -p nianbao-pdf --bench pdf` (reads ../shared/corpus or $NIANBAO_CORPUS).

use criterion::{criterion_group, criterion_main, Criterion};
use nianbao_core::{check, import};
use std::hint::black_box;
use std::path::PathBuf;

const FILES: &[&str] = &["2024_huaian_hongzequ.pdf", "2024_huaian_szf.pdf"];

fn corpus() -> PathBuf {
    std::env::var("NIANBAO_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

fn bench(c: &mut Criterion) {
    let files: Vec<(&str, Vec<u8>)> = FILES
        .iter()
        .map(|name| {
            let path = corpus().join(name);
            (*name, std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())))
        })
        .collect();
    let mut group = c.benchmark_group("pdf_import_and_check");
    for (name, bytes) in &files {
        group.bench_function(*name, |b| {
            b.iter(|| {
                let text = nianbao_pdf::pdf_to_text(black_box(bytes)).expect("reads");
                let report = import::import_text(&text).expect("imports");
                black_box(check(&report, None))
            })
        });
    }
    group.finish();
    let mut group = c.benchmark_group("pdf_to_text");
    for (name, bytes) in &files {
        group.bench_function(*name, |b| b.iter(|| black_box(nianbao_pdf::pdf_to_text(black_box(bytes)))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
