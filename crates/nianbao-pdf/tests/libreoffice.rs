//! Reports rendered to Word and turned into PDF by LibreOffice read back to the same cells, in
//! both editions: generated reports with arbitrary numbers (consistent or not) and blanks.

use nianbao_core::draft::new_draft;
use nianbao_core::layout::CellKind;
use nianbao_core::model::{Level, Number};
use nianbao_core::render::{render, Format};
use nianbao_core::Report;
use std::process::Command;

/// A report of `year` with cells drawn from `seed` (about one in seven left blank).
fn generated(year: u16, seed: u64) -> Report {
    let mut r = new_draft(year, "测试县商务局", Level::Department);
    r.narrative.opening = format!(
        "根据《中华人民共和国政府信息公开条例》，编制本报告。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    );
    let texts = [
        "本年度，本局严格落实政府信息公开各项要求，主动公开工作有序开展，公开内容覆盖机构职能、政策文件、规划计划等方面。",
        "本年度主动公开政府信息的情况见下表。",
        "本年度依申请公开工作依法依规办理。",
        "本年度未发生因政府信息公开引起的行政复议、行政诉讼以外的其他情况。",
        "存在的主要问题是公开内容不够全面，下一步将加强培训，提高公开质量。",
        "本年度未收取信息处理费。",
    ];
    for (part, text) in r.narrative.parts.iter_mut().zip(texts) {
        part.text = text.to_string();
    }
    let mut x = seed | 1;
    let layout = r.layout();
    for cell in layout.cells() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if x % 7 == 0 {
            continue;
        }
        let v = match layout.kind(cell) {
            CellKind::Count => Number::Int((x >> 8) as i64 % 5000),
            CellKind::Signed => Number::Int((x >> 8) as i64 % 101 - 50),
            CellKind::Money if x % 3 == 0 => Number::Int((x >> 8) as i64 % 100_000),
            CellKind::Money => Number::Dec { mantissa: ((x >> 8) % 10_000_000) as i64 + 1, scale: (x % 4) as u8 + 1 },
        };
        r.set(cell, Some(v));
    }
    r
}

#[test]
fn word_files_turned_into_pdf_by_libreoffice_read_back_to_the_same_cells() {
    let reports: Vec<(String, Report)> = [(2020, 11u64), (2019, 12), (2021, 13), (2024, 14)]
        .iter()
        .map(|&(year, seed)| (format!("r{year}_{seed}"), generated(year, seed)))
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut docx = Vec::new();
    for (stem, r) in &reports {
        let path = dir.path().join(format!("{stem}.docx"));
        std::fs::write(&path, render(r, Format::Docx)).expect("write docx");
        docx.push(path);
    }
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.path().display());
    let out = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .args(&docx)
        .output()
        .expect("LibreOffice (soffice) is installed by scripts/setup.sh --all");
    for (stem, r) in &reports {
        let pdf = dir.path().join(format!("{stem}.pdf"));
        let bytes = std::fs::read(&pdf)
            .unwrap_or_else(|_| panic!("LibreOffice did not convert {stem}: {}", String::from_utf8_lossy(&out.stderr)));
        let text = nianbao_pdf::pdf_to_text(&bytes).unwrap_or_else(|e| panic!("{stem}: {e}"));
        let back = nianbao_core::import::import_text(&text).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert_eq!(back.edition, r.edition, "{stem}: edition");
        let layout = r.layout();
        let diff: Vec<String> = layout
            .cells()
            .into_iter()
            .filter(|&c| back.get(c) != r.get(c))
            .map(|c| format!("{}: {:?} read as {:?}", layout.cell_id(c), r.get(c), back.get(c)))
            .collect();
        assert!(diff.is_empty(), "{stem}: {} cells differ: {diff:#?}\n--- text ---\n{text}", diff.len());
        assert_eq!(back.meta.year, r.meta.year, "{stem}: year");
        // LibreOffice leaves out a punctuation mark ("。", "，") that falls at the very end of a
        // full line (poppler's pdftotext sees the same PDF without it), so the text is compared
        // by its characters and digits.
        let flat = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
        assert_eq!(flat(&back.narrative.opening), flat(&r.narrative.opening), "{stem}: opening");
        for (i, (a, b)) in back.narrative.parts.iter().zip(&r.narrative.parts).enumerate() {
            assert_eq!(a.heading, b.heading, "{stem}: heading of part {}", i + 1);
            assert_eq!(flat(&a.text), flat(&b.text), "{stem}: text of part {}", i + 1);
        }
    }
}
