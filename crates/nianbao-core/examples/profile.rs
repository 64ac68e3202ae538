//! Imports and checks the corpus text and HTML reports many times, for a profiler:
//! `cargo run --release -p nianbao-core --example profile -- ../shared/corpus 200`.

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "../shared/corpus".to_string());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let files: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html"))
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    let start = std::time::Instant::now();
    let mut findings = 0;
    for _ in 0..rounds {
        for bytes in &files {
            if let Ok(r) = nianbao_core::import::import_bytes(bytes) {
                findings += nianbao_core::check(&r, None).len();
            }
        }
    }
    let n = rounds * files.len();
    eprintln!("{n} reports, {findings} findings, {:.1} µs per report", start.elapsed().as_secs_f64() * 1e6 / n as f64);
}
