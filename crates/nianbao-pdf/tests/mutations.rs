//! No input makes the reader panic: the corpus PDFs, as published and with their streams
//! decompressed (so that content streams and ToUnicode maps are hit too), mutated at random —
//! bytes flipped, runs overwritten, cut, repeated or spliced.
//!
//! `NIANBAO_PDF_MUTATIONS` sets how many mutated inputs are tried per source (default 100).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

fn corpus(name: &str) -> Vec<u8> {
    let dir = std::env::var("NIANBAO_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    std::fs::read(dir.join(name)).expect("corpus PDF")
}

/// The same PDF with every stream stored uncompressed.
fn decompressed(bytes: &[u8]) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(bytes).expect("corpus PDF loads");
    doc.decompress();
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

/// xorshift64*: a small, reproducible source of randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: [&[u8]; 12] =
    [b" 0 0 R", b"<<", b">>", b"[", b"]", b" Tj", b" TJ", b" Tf", b" Do", b"beginbfrange", b"<FFFF>", b"-999999999"];

fn mutate(src: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut v = src.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = v.len().max(1);
        let at = rng.below(len);
        match rng.below(6) {
            0 => {
                for _ in 0..1 + rng.below(8) {
                    let i = rng.below(len).min(v.len().saturating_sub(1));
                    if let Some(b) = v.get_mut(i) {
                        *b ^= 1 << rng.below(8);
                    }
                }
            }
            1 => {
                let n = rng.below(64).min(v.len() - at.min(v.len()));
                for b in &mut v[at.min(len - 1)..][..n.min(len - at.min(len - 1))] {
                    *b = rng.next() as u8;
                }
            }
            2 => v.truncate(at),
            3 => {
                let n = rng.below(256).min(v.len().saturating_sub(at));
                let chunk = v[at..at + n].to_vec();
                let to = rng.below(v.len().max(1));
                v.splice(to..to, chunk);
            }
            4 => {
                let n = rng.below(512).min(v.len().saturating_sub(at));
                v.drain(at..at + n);
            }
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())];
                let to = rng.below(v.len().max(1));
                v.splice(to..to, t.iter().copied());
            }
        }
    }
    v
}

#[test]
fn mutated_corpus_pdfs_never_panic() {
    let per_source: usize = std::env::var("NIANBAO_PDF_MUTATIONS").ok().and_then(|s| s.parse().ok()).unwrap_or(100);
    let mut sources = Vec::new();
    for name in ["2024_huaian_hongzequ.pdf", "2024_huaian_szf.pdf"] {
        let raw = corpus(name);
        sources.push((format!("{name} (decompressed)"), decompressed(&raw)));
        sources.push((name.to_string(), raw));
    }
    let (mut ok, mut refused, mut tried) = (0usize, 0usize, 0usize);
    for (si, (name, src)) in sources.iter().enumerate() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (si as u64 + 1));
        for k in 0..per_source {
            let input = mutate(src, &mut rng);
            tried += 1;
            match catch_unwind(AssertUnwindSafe(|| nianbao_pdf::pdf_to_text(&input))) {
                Ok(Ok(text)) => {
                    ok += 1;
                    // Whatever is read imports or is refused without a panic.
                    let _ = nianbao_core::import::import_text(&text);
                }
                Ok(Err(e)) => {
                    refused += 1;
                    assert!(!e.to_string().is_empty());
                }
                Err(_) => {
                    let path = std::env::temp_dir().join(format!("nianbao-pdf-panic-{si}-{k}.pdf"));
                    let _ = std::fs::write(&path, &input);
                    panic!("{name}: mutation {k} panics (input kept in {})", path.display());
                }
            }
        }
    }
    eprintln!("{tried} mutated PDFs: {ok} read, {refused} refused with a reason, 0 panics");
    assert_eq!(ok + refused, tried);
    assert!(refused > 0 && ok > 0, "the mutations should both break and spare some files");
}
