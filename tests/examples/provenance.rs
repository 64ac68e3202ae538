//! For every corpus file: how many table cells the importer read as printed, inferred (glued
//! digits split, rows realigned) and could not read, from `Report::provenance`.
//!
//! `cargo run -p nianbao-tests --example provenance`

use nianbao_core::import;
use nianbao_tests::{corpus_dir, corpus_files};

fn main() {
    let root = corpus_dir();
    println!("文件\t格式\t单元格\t读出\t其中空白\t推断\t无法读取");
    for path in corpus_files().into_iter().filter(|p| p.extension().is_some_and(|e| e != "tsv")) {
        let name = path.strip_prefix(&root).unwrap_or(&path).display().to_string();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                println!("{name}\t无法打开：{e}");
                continue;
            }
        };
        match import::import_bytes(&bytes) {
            Ok(r) => {
                let cells = r.layout().cells();
                let p = &r.provenance;
                let inferred = cells.iter().filter(|c| p.inferred.contains(c)).count();
                let unread = cells.iter().filter(|c| p.unread.contains(c)).count();
                let read: Vec<_> = cells.iter().filter(|c| !p.inferred.contains(c) && !p.unread.contains(c)).collect();
                let blank = read.iter().filter(|c| r.get(***c).is_none()).count();
                let total = if r.edition == nianbao_core::Edition::Pre2019 { 0 } else { cells.len() };
                let (read, blank) = if total == 0 { (0, 0) } else { (read.len(), blank) };
                println!("{name}\t{}\t{total}\t{read}\t{blank}\t{inferred}\t{unread}", r.edition.label());
            }
            Err(e) => println!("{name}\t未导入：{e}"),
        }
    }
}
