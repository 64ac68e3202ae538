//! Helpers shared by the workspace tests: where the real reports are, and how to load them.

use nianbao_core::{import, Report};
use std::path::PathBuf;

/// The folder of real published reports (`../shared/corpus` beside the checkout, or
/// `$NIANBAO_CORPUS`).
pub fn corpus_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("NIANBAO_CORPUS") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

/// Reads and imports a corpus file by its name relative to the corpus folder.
pub fn load(name: &str) -> Report {
    let path = corpus_dir().join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    import::import_bytes(&bytes).unwrap_or_else(|e| panic!("{name} does not import: {e}"))
}

/// Every file of the corpus (recursively), sorted.
pub fn corpus_files() -> Vec<PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir).expect("corpus folder").map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&corpus_dir(), &mut out);
    out
}

/// The integer in a cell named by its id (`t3.new.total`); None when blank or not a cell.
pub fn cell(report: &Report, id: &str) -> Option<i64> {
    let c = report.layout().parse_cell_id(id).unwrap_or_else(|| panic!("no cell {id}"));
    report.int(c)
}

/// The seven values of a table 三 row (blank = None).
pub fn t3_row(report: &Report, row: &str) -> Vec<Option<i64>> {
    ["np", "biz", "sci", "npo", "law", "oth", "total"].iter().map(|c| cell(report, &format!("t3.{row}.{c}"))).collect()
}

/// The fifteen values of table 四 (blank = None).
pub fn t4(report: &Report) -> Vec<Option<i64>> {
    let mut out = Vec::new();
    for g in ["review", "direct", "after"] {
        for c in ["keep", "correct", "other", "pending", "total"] {
            out.push(cell(report, &format!("t4.{g}.{c}")));
        }
    }
    out
}
