//! Properties: any single change to a number of a clean table 三 or 四 is caught, with the cell
//! named; the draft JSON round-trips generated reports.

use nianbao_core::layout::{CellRef, TableId};
use nianbao_core::{check, Number, Report, Severity};
use nianbao_tests::load;
use proptest::prelude::*;

/// Clean reports from the corpus whose tables 三 and 四 were read completely (loaded once).
fn clean_reports() -> &'static [Report] {
    static REPORTS: std::sync::OnceLock<Vec<Report>> = std::sync::OnceLock::new();
    REPORTS.get_or_init(|| {
        ["2024_huaian_szf.txt", "2020_minhou_shangwuju.txt", "2021_pingtan_gwh.txt", "2024_huaian_hongzequ.txt"]
            .iter()
            .map(|n| load(n))
            .collect()
    })
}

fn number_cells(r: &Report) -> Vec<CellRef> {
    r.layout()
        .cells()
        .into_iter()
        .filter(|c| matches!(c.table, TableId::T3 | TableId::T4))
        .filter(|c| !r.provenance.unread.contains(c) && r.get(*c).is_some())
        .collect()
}

#[test]
fn the_clean_reports_have_no_arithmetic_error() {
    for r in clean_reports() {
        let f = check(r, None);
        assert!(!f.iter().any(|f| f.severity == Severity::Error), "{f:#?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn any_single_change_is_an_error_naming_the_cell(report in 0usize..4, pick in any::<prop::sample::Index>(), delta in prop_oneof![-50i64..=-1, 1i64..=50]) {
        let mut r = clean_reports()[report].clone();
        let cells = number_cells(&r);
        let cell = *pick.get(&cells);
        let old = r.int(cell).unwrap();
        let new = old + delta;
        r.set(cell, Some(Number::Int(new)));
        let id = r.layout().cell_id(cell);
        let findings = check(&r, None);
        let hit = findings.iter().any(|f| f.severity == Severity::Error && f.cells.contains(&id));
        prop_assert!(hit, "changing {} from {} to {} was not caught: {:#?}", id, old, new, findings);
    }
}

fn arb_report() -> impl Strategy<Value = Report> {
    use nianbao_core::Edition;
    (
        prop_oneof![Just(Edition::E2019), Just(Edition::E2021)],
        prop::collection::vec((any::<prop::sample::Index>(), prop::option::of(-5i64..100_000)), 0..60),
        "[一-龥，。0-9]{0,40}",
    )
        .prop_map(|(edition, values, text)| {
            let mut r = Report::new(edition);
            let cells = r.layout().cells();
            for (i, v) in values {
                r.set(*i.get(&cells), v.map(Number::Int));
            }
            r.narrative.parts[0].text = text;
            r.meta.year = Some(2023);
            r
        })
}

proptest! {
    #[test]
    fn draft_json_round_trips(r in arb_report()) {
        let back = Report::from_json(&r.to_json()).unwrap();
        prop_assert_eq!(back, r);
    }
}

/// Sentences as real reports write them (the generator draws paragraphs from these).
const SENTENCES: &[&str] = &[
    "本年度我局认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。",
    "全年主动公开政府信息120条，其中政策文件15件。",
    "严格落实保密审查制度，坚持先审查、后公开。",
    "及时更新政府信息公开指南，方便公众查询。",
    "加强政府网站和政务新媒体管理，确保信息发布准确及时。",
    "将政务公开工作纳入年度绩效考核，接受社会评议。",
    "一是政策解读形式不够丰富；二是公开内容的深度有待加强。",
    "下一步，我们将进一步完善工作机制，提升公开质量。",
    "本年度未收取信息处理费。",
    "2023年，共收到政府信息公开申请5件，均已按时答复。",
];

fn arb_paragraphs(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::collection::vec(0..SENTENCES.len(), 1..3), 0..max).prop_map(|paras| {
        paras
            .into_iter()
            .map(|p| p.into_iter().map(|i| SENTENCES[i]).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// A complete report as a clerk would write it, any numbers (consistent or not), blanks included.
fn arb_full_report() -> impl Strategy<Value = Report> {
    use nianbao_core::layout::CellKind;
    use nianbao_core::Edition;
    (prop_oneof![Just(Edition::E2019), Just(Edition::E2021)], 0u16..5, any::<u64>(), prop::collection::vec(arb_paragraphs(3), 6), any::<bool>())
        .prop_map(|(edition, dy, seed, texts, sub)| {
            let year = match edition {
                Edition::E2021 => 2021 + dy,
                // only the two current editions are generated
                _ => 2019 + dy % 2,
            };
            let mut r = nianbao_core::draft::new_draft(year, "测试县商务局", nianbao_core::model::Level::Department);
            r.narrative.opening = format!(
                "根据《中华人民共和国政府信息公开条例》，编制本报告。\n本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
            );
            for (i, t) in texts.into_iter().enumerate() {
                r.narrative.parts[i].text = if sub && i == 0 && !t.is_empty() { format!("（一）主动公开情况\n{t}") } else { t };
            }
            // a small deterministic generator over the seed for the cells
            let mut x = seed | 1;
            let mut next = move || {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x
            };
            let l = r.layout();
            for cell in l.cells() {
                let n = next();
                if n % 7 == 0 {
                    continue; // blank
                }
                let v = match l.kind(cell) {
                    CellKind::Count => Number::Int((n >> 8) as i64 % 5000),
                    CellKind::Signed => Number::Int((n >> 8) as i64 % 101 - 50),
                    CellKind::Money if n % 3 == 0 => Number::Int((n >> 8) as i64 % 100000),
                    CellKind::Money => Number::Dec { mantissa: ((n >> 8) % 10_000_000) as i64 + 1, scale: (n % 4) as u8 + 1 },
                };
                r.set(cell, Some(v));
                if l.kind(cell) == CellKind::Money && edition == Edition::E2019 && n % 5 == 0 {
                    r.units.insert(cell, if n % 2 == 0 { "元" } else { "万元" }.to_string());
                }
            }
            r
        })
}

fn same_content(a: &Report, b: &Report) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.edition, b.edition);
    prop_assert_eq!(&a.cells, &b.cells);
    prop_assert_eq!(&a.units, &b.units);
    prop_assert_eq!(&a.narrative.title, &b.narrative.title);
    prop_assert_eq!(&a.narrative.opening, &b.narrative.opening);
    for (i, (x, y)) in a.narrative.parts.iter().zip(&b.narrative.parts).enumerate() {
        prop_assert_eq!(&x.heading, &y.heading, "heading of part {}", i);
        prop_assert_eq!(&x.text, &y.text, "text of part {}", i);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn rendered_text_imports_back_to_the_same_report(r in arb_full_report()) {
        use nianbao_core::render::{render, Format};
        for format in [Format::Text, Format::Html, Format::Page, Format::Markdown, Format::Docx] {
            let bytes = render(&r, format);
            let back = nianbao_core::import::import_bytes(&bytes).unwrap();
            same_content(&r, &back).map_err(|e| TestCaseError::fail(format!("{format:?}: {e}")))?;
        }
    }
}

/// The parts of a .docx package, by name.
fn docx_parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut body = Vec::new();
            f.read_to_end(&mut body).unwrap();
            (f.name().to_string(), body)
        })
        .collect()
}

fn repack(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        for (name, body) in parts {
            z.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
            z.write_all(body).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    /// A real report's .docx with its document.xml damaged (bytes cut out, changed or the rest
    /// dropped), and the package itself cut or changed: the reader never panics, and what it
    /// refuses it refuses with a Chinese reason.
    #[test]
    fn damaged_word_files_never_panic(
        report in 0usize..4,
        cuts in prop::collection::vec((any::<prop::sample::Index>(), 0usize..40, any::<u8>()), 1..6),
        truncate in any::<prop::sample::Index>(),
        whole in any::<bool>(),
    ) {
        use nianbao_core::import::{self, ImportError};
        use nianbao_core::render::{render, Format};
        let bytes = render(&clean_reports()[report], Format::Docx);
        let damaged = if whole {
            let mut b = bytes.clone();
            for (at, _, byte) in &cuts {
                let i = at.index(b.len());
                b[i] = *byte;
            }
            b.truncate(truncate.index(b.len()).max(4));
            b
        } else {
            let mut parts = docx_parts(&bytes);
            let doc = parts.iter_mut().find(|(n, _)| n == "word/document.xml").unwrap();
            for (at, len, byte) in &cuts {
                let i = at.index(doc.1.len());
                let end = (i + len).min(doc.1.len());
                doc.1.splice(i..end, [*byte]);
            }
            repack(&parts)
        };
        match import::import_bytes(&damaged) {
            Ok(r) => { let _ = check(&r, None); }
            Err(ImportError::Unsupported(why) | ImportError::NotText(why)) => {
                prop_assert!(why.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}", why);
            }
            Err(e) => { let _ = e.to_string(); }
        }
    }
}

/// Words the text rules look for, and characters that end their clauses, to splice into a real
/// report's text.
const RULE_WORDS: &[&str] = &[
    "未收到政府信息公开申请",
    "所有申请均已办结",
    "未发生行政复议、行政诉讼",
    "未收取信息处理费",
    "其中自然人申请",
    "法人或其他组织",
    "现行有效行政规范性文件",
    "行政许可",
    "收费",
    "万元",
    "件",
    "12",
    "3.5",
    "。",
    "，",
    "；",
    "：",
    "（",
    "）",
    "\n",
    "上年",
    "其余",
    "均在法定期限内",
    "无",
    "零",
    "𠀀",
    "é",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Rule words and clause ends spliced anywhere into a real report never make the importer
    /// or a rule panic (the text rules cut clauses by byte offsets).
    #[test]
    fn words_spliced_into_a_real_report_never_panic(
        file in 0usize..4,
        splices in proptest::collection::vec((0usize..20_000, 0usize..RULE_WORDS.len()), 1..40),
    ) {
        let name = ["2020_minhou_shangwuju.txt", "2022_pingtan_gwh.txt", "2024_huaian_szf.txt", "2019_shanghai_szfbgt.html"][file];
        let mut text = std::fs::read_to_string(nianbao_tests::corpus_dir().join(name)).unwrap();
        for (at, w) in splices {
            let mut i = at % (text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            text.insert_str(i, RULE_WORDS[w]);
        }
        if let Ok(r) = nianbao_core::import::import(&text) {
            let _ = check(&r, Some(&load("2021_pingtan_gwh.txt")));
        }
    }
}
