//! Import + check per report, on real published reports; Word import of the same reports rendered
//! to .docx.
//!
//! `cargo bench -p nianbao-core --bench check` (reads ../shared/corpus or $NIANBAO_CORPUS).

use criterion::{criterion_group, criterion_main, Criterion};
use nianbao_core::{check, import};
use std::hint::black_box;
use std::path::PathBuf;

const FILES: &[&str] = &[
    "2020_minhou_shangwuju.txt",
    "2021_pingtan_gwh.txt",
    "2024_huaian_szf.txt",
    "2024_shanghai_kewei.txt",
    "2019_shanghai_szfbgt.html",
];

fn corpus() -> PathBuf {
    std::env::var("NIANBAO_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("import_and_check");
    for name in FILES {
        let Ok(bytes) = std::fs::read(corpus().join(name)) else {
            eprintln!("skipping {name}: corpus not found at {}", corpus().display());
            continue;
        };
        group.bench_function(*name, |b| {
            b.iter(|| {
                let report = import::import_bytes(black_box(&bytes)).expect("imports");
                black_box(check(&report, None))
            })
        });
    }
    group.finish();
    let mut group = c.benchmark_group("check_only");
    for name in FILES {
        let Ok(bytes) = std::fs::read(corpus().join(name)) else { continue };
        let report = import::import_bytes(&bytes).expect("imports");
        group.bench_function(*name, |b| b.iter(|| black_box(check(black_box(&report), None))));
    }
    group.finish();
    // Word import: each report rendered to .docx, read back (unzip, XML walk, import)
    let mut group = c.benchmark_group("import_docx");
    for name in FILES {
        let Ok(bytes) = std::fs::read(corpus().join(name)) else { continue };
        let docx = nianbao_core::render::render(
            &import::import_bytes(&bytes).expect("imports"),
            nianbao_core::render::Format::Docx,
        );
        group.bench_function(*name, |b| b.iter(|| black_box(import::import_bytes(black_box(&docx)).expect("imports"))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
