//! Imports and checks the corpus text and HTML reports many times, for a profiler, and prints
//! the time per report of each file and overall:
//! `cargo run --release -p nianbao-core --example profile -- ../shared/corpus 200`.

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "../shared/corpus".to_string());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html"))
        .filter_map(|p| Some((p.file_name()?.to_string_lossy().into_owned(), std::fs::read(&p).ok()?)))
        .collect();
    files.sort();
    let mut findings = 0;
    let mut total = 0.0;
    for (name, bytes) in &files {
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            if let Ok(r) = nianbao_core::import::import_bytes(bytes) {
                findings += nianbao_core::check(&r, None).len();
            }
        }
        let took = start.elapsed().as_secs_f64();
        total += took;
        eprintln!("{name:40} {:8.1} µs", took * 1e6 / rounds as f64);
    }
    let n = rounds * files.len();
    eprintln!("{n} reports, {findings} findings, {:.1} µs per report", total * 1e6 / n as f64);
}
