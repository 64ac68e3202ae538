//! The real published PDFs of the corpus read to the same tables as their text twins (which a
//! layout-preserving extraction gave), and check without errors.

use nianbao_core::finding::Severity;
use nianbao_core::import::import_text;
use nianbao_core::{check, Report, TableId};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("NIANBAO_CORPUS") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn read(name: &str) -> Vec<u8> {
    let path = corpus_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn pdf_report(name: &str) -> Report {
    let text = nianbao_pdf::pdf_to_text(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    import_text(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn twin_report(name: &str) -> Report {
    let bytes = read(name);
    import_text(std::str::from_utf8(&bytes).expect("utf-8 twin")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn table(r: &Report, t: TableId) -> BTreeMap<String, String> {
    let layout = r.layout();
    layout
        .cells()
        .into_iter()
        .filter(|c| c.table == t)
        .map(|c| (layout.cell_id(c), r.get(c).map_or("空".to_string(), |n| format!("{n:?}"))))
        .collect()
}

/// Reads `pdf` and its twin `txt`: tables 二, 三, 四 equal cell by cell, no errors, the six parts
/// and the opening found.
fn same_as_twin(pdf: &str, txt: &str) -> Report {
    let from_pdf = pdf_report(pdf);
    let twin = twin_report(txt);
    assert_eq!(from_pdf.edition, twin.edition, "{pdf}: edition");
    for t in [TableId::T2, TableId::T3, TableId::T4] {
        let (a, b) = (table(&from_pdf, t), table(&twin, t));
        let diff: Vec<_> = a.iter().filter(|(k, v)| b.get(*k) != Some(v)).map(|(k, v)| (k, v, &b[k])).collect();
        assert!(diff.is_empty(), "{pdf}: table {t:?} cells (id, from pdf, twin) differ: {diff:?}");
    }
    assert_eq!(from_pdf.provenance.unread, twin.provenance.unread, "{pdf}: cells not read");
    assert_eq!(from_pdf.provenance.inferred, twin.provenance.inferred, "{pdf}: cells inferred");
    let findings = check(&from_pdf, None);
    let errors: Vec<_> = findings.iter().filter(|f| f.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{pdf}: {errors:#?}");
    let codes =
        |fs: &[nianbao_core::Finding]| fs.iter().map(|f| (f.code.to_string(), f.message.clone())).collect::<Vec<_>>();
    assert_eq!(codes(&findings), codes(&check(&twin, None)), "{pdf}: findings differ from the twin's");
    for i in 0..6 {
        assert!(from_pdf.narrative.has_part(i), "{pdf}: part {} not found", i + 1);
    }
    // The twin keeps the PDF's line breaks inside paragraphs; the reader joins them.
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(flat(&from_pdf.narrative.opening), flat(&twin.narrative.opening), "{pdf}: opening");
    for (a, b) in from_pdf.narrative.parts.iter().zip(&twin.narrative.parts) {
        assert_eq!(a.heading, b.heading, "{pdf}: part heading");
    }
    assert_eq!(from_pdf.meta.agency, twin.meta.agency, "{pdf}: agency");
    assert_eq!(from_pdf.meta.year, twin.meta.year, "{pdf}: year");
    from_pdf
}

#[test]
fn hongzequ_2024_pdf_reads_like_its_twin() {
    let r = same_as_twin("2024_huaian_hongzequ.pdf", "2024_huaian_hongzequ.txt");
    // The known truth (INDEX.tsv): 95 = 50 + 9 + 3 + 32 + 1.
    let layout = r.layout();
    let at = |id: &str| r.int(layout.parse_cell_id(id).expect("cell id"));
    assert_eq!(at("t3.new.total"), Some(95));
    assert_eq!(at("t3.open.total"), Some(50));
    assert_eq!(at("t3.partial.total"), Some(9));
    assert_eq!(at("t3.total.total"), Some(95));
}

#[test]
fn huaian_szf_2024_pdf_reads_like_its_twin() {
    let r = same_as_twin("2024_huaian_szf.pdf", "2024_huaian_szf.txt");
    // The known truth (INDEX.tsv): 3119 + 34 = 3050 + 103.
    let layout = r.layout();
    let at = |id: &str| r.int(layout.parse_cell_id(id).expect("cell id"));
    assert_eq!(at("t3.new.total"), Some(3119));
    assert_eq!(at("t3.carry.total"), Some(34));
    assert_eq!(at("t3.total.total"), Some(3050));
    assert_eq!(at("t3.next.total"), Some(103));
}

/// Every Chinese character poppler's `pdftotext -layout` finds (the reference, test only) is
/// read, as often as poppler reads it: no glyph is lost or invented by the decoding.
#[test]
fn the_same_chinese_characters_as_poppler() {
    for name in ["2024_huaian_hongzequ.pdf", "2024_huaian_szf.pdf"] {
        let path = corpus_dir().join(name);
        let out = std::process::Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .expect("poppler-utils (pdftotext) is installed by scripts/setup.sh --all");
        assert!(out.status.success(), "pdftotext failed on {name}");
        let count = |text: &str| {
            let mut m: BTreeMap<char, usize> = BTreeMap::new();
            for c in text.chars().filter(|c| !c.is_ascii() && c.is_alphanumeric()) {
                *m.entry(c).or_default() += 1;
            }
            m
        };
        let ours = nianbao_pdf::pdf_to_text(&read(name)).expect("reads");
        let (a, b) = (count(&ours), count(&String::from_utf8_lossy(&out.stdout)));
        let diff: Vec<_> = a
            .keys()
            .chain(b.keys())
            .filter(|c| a.get(c) != b.get(c))
            .map(|c| (*c, a.get(c).copied().unwrap_or(0), b.get(c).copied().unwrap_or(0)))
            .collect();
        assert!(diff.is_empty(), "{name}: (character, ours, poppler's) differ: {diff:?}");
    }
}
