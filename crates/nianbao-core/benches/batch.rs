//! Batch review of 500 reports (real corpus reports, each under its own unit name, so that every
//! report of a year is compared with every other for template copying: the worst case).
//!
//! `cargo bench -p nianbao-core --bench batch` (reads ../shared/corpus or $NIANBAO_CORPUS).

use criterion::{criterion_group, criterion_main, Criterion};
use nianbao_core::batch::{review, Input, Options};
use std::hint::black_box;

const FILES: &[&str] = &[
    "2020_minhou_shangwuju.txt",
    "2019_pingtan_gwh.txt",
    "2021_pingtan_gwh.txt",
    "2022_pingtan_gwh.txt",
    "2023_pingtan_gwh.txt",
    "2023_suqian_shuyang_fgj.txt",
    "2024_huaian_hongzequ.txt",
    "2024_huaian_szf.txt",
    "2024_shanghai_kewei.txt",
    "2019_shanghai_szfbgt.html",
];

fn bench(c: &mut Criterion) {
    let dir = std::env::var("NIANBAO_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    let mut base = Vec::new();
    for name in FILES {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            eprintln!("skipping {name}: corpus not found at {}", dir.display());
            continue;
        };
        base.push(Input::from_bytes(name, &bytes).expect("imports"));
    }
    if base.is_empty() {
        return;
    }
    let inputs: Vec<Input> = (0..500)
        .map(|i| {
            let mut input = base[i % base.len()].clone();
            input.report.meta.agency = format!("{}{i}号单位", input.report.meta.agency);
            input.name = format!("{i}_{}", input.name);
            input
        })
        .collect();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.bench_function("review_500_distinct_units", |b| {
        b.iter(|| black_box(review(black_box(&inputs), &Options::default())))
    });
    let bytes: Vec<(String, Vec<u8>)> =
        FILES.iter().filter_map(|n| std::fs::read(dir.join(n)).ok().map(|b| (n.to_string(), b))).collect();
    group.bench_function("import_500_with_dates", |b| {
        b.iter(|| {
            for i in 0..500 {
                let (name, data) = &bytes[i % bytes.len()];
                black_box(Input::from_bytes(name, data).expect("imports"));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
