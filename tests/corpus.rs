//! The importer and the checker on real published reports (../shared/corpus). Every expected
//! value below was read by hand from the source file (and agrees with corpus/INDEX.tsv).

use nianbao_core::import::{self, ImportError};
use nianbao_core::{check, Edition, Finding, Severity};
use nianbao_tests::{cell, corpus_files, load, t3_row, t4};

fn s(v: &[i64]) -> Vec<Option<i64>> {
    v.iter().map(|x| Some(*x)).collect()
}

fn codes(findings: &[Finding], sev: Severity) -> Vec<&str> {
    findings.iter().filter(|f| f.severity == sev).map(|f| f.code.as_str()).collect()
}

fn errors(findings: &[Finding]) -> Vec<&Finding> {
    findings.iter().filter(|f| f.severity == Severity::Error).collect()
}

#[test]
fn every_corpus_file_imports_or_is_refused_with_a_reason() {
    let files = corpus_files();
    assert!(files.len() >= 25, "corpus has {} files", files.len());
    let mut imported = 0;
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        match import::import_bytes(&bytes) {
            Ok(report) => {
                imported += 1;
                // checking never panics either, and the draft JSON round-trips
                let _ = check(&report, None);
                let back = nianbao_core::Report::from_json(&report.to_json()).unwrap();
                assert_eq!(back, report, "{name}");
            }
            Err(ImportError::NotText(why)) => assert!(name.ends_with(".pdf"), "{name}: {why}"),
            Err(e) => assert!(name == "INDEX.tsv", "{name}: {e}"),
        }
    }
    assert!(imported >= 28, "imported {imported}");
}

#[test]
fn minhou_2020_reads_fully_and_checks_clean() {
    let r = load("2020_minhou_shangwuju.txt");
    assert_eq!(r.edition, Edition::E2019);
    assert_eq!(r.meta.year, Some(2020));
    assert_eq!(r.meta.agency, "闽侯县商务局");
    assert!(r.provenance.unread.is_empty() && r.provenance.inferred.is_empty());
    for row in ["new", "carry", "open", "total", "next"] {
        assert_eq!(t3_row(&r, row), s(&[0; 7]), "{row}");
    }
    assert_eq!(t4(&r), s(&[0; 15]));
    assert_eq!(cell(&r, "t2.permit.prev"), Some(2));
    assert_eq!(cell(&r, "t2.permit.change"), Some(5));
    assert_eq!(cell(&r, "t2.service.prev"), Some(54));
    assert_eq!(cell(&r, "t2.service.change"), Some(6));
    assert_eq!(cell(&r, "t2.penalty.prev"), Some(65));
    assert_eq!(cell(&r, "t2.force.prev"), Some(1));
    assert_eq!(cell(&r, "t2.purchase.count"), Some(0));
    assert!(r.narrative.parts.iter().all(|p| !p.heading.is_empty()), "six parts found");
    assert!(r.narrative.part_text(5).contains('无'));
    let findings = check(&r, None);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
}

#[test]
fn pingtan_2019_glued_digits_are_split_where_the_sums_allow() {
    let r = load("2019_pingtan_gwh.txt");
    assert_eq!(r.edition, Edition::E2019);
    assert_eq!(t3_row(&r, "new"), s(&[23, 0, 0, 0, 0, 0, 23]));
    assert_eq!(t3_row(&r, "open"), s(&[7, 0, 0, 0, 0, 0, 7]));
    assert_eq!(t3_row(&r, "partial"), s(&[1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(t3_row(&r, "unable_none"), s(&[7, 0, 0, 0, 0, 0, 7]));
    assert_eq!(t3_row(&r, "unable_unclear"), s(&[5, 0, 0, 0, 0, 0, 5]));
    assert_eq!(t3_row(&r, "reject_repeat"), s(&[3, 0, 0, 0, 0, 0, 3]));
    assert_eq!(t3_row(&r, "total"), s(&[23, 0, 0, 0, 0, 0, 23]));
    assert_eq!(t4(&r), s(&[0; 15]));
    // table 二 has no sums: "行政许可3960181" has several readings and is not guessed
    let l = r.layout();
    assert!(r.provenance.unread.contains(&l.t2_by_key("permit", "prev").unwrap()));
    assert_eq!(cell(&r, "t2.permit.prev"), None);
    let findings = check(&r, None);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    assert!(findings.iter().any(|f| f.code == "I001" && f.message.contains("3960181")));
    assert!(findings.iter().any(|f| f.code == "I002" && f.severity == Severity::Info));
}

#[test]
fn pingtan_2021_tables_three_and_four() {
    let r = load("2021_pingtan_gwh.txt");
    assert_eq!(r.edition, Edition::E2021);
    assert_eq!(t3_row(&r, "new"), s(&[64, 0, 0, 2, 0, 4, 70]));
    assert_eq!(t3_row(&r, "total"), s(&[63, 0, 0, 2, 0, 4, 69]));
    assert_eq!(t3_row(&r, "next"), s(&[1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(t3_row(&r, "unable_none"), s(&[22, 0, 0, 0, 0, 3, 25]));
    assert_eq!(t4(&r), s(&[1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]));
    assert_eq!(r.get(r.layout().t2_by_key("fee", "amount").unwrap()).unwrap().to_string(), "24252.311082");
    assert_eq!(cell(&r, "t2.permit.decisions"), Some(2293));
    let findings = check(&r, None);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
}

#[test]
fn pingtan_2022_text_counts_carry_over_as_received() {
    let r = load("2022_pingtan_gwh.txt");
    assert_eq!(t3_row(&r, "new"), s(&[71, 3, 0, 0, 0, 0, 74]));
    assert_eq!(t3_row(&r, "carry"), s(&[1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(t3_row(&r, "total"), s(&[72, 3, 0, 0, 0, 0, 75]));
    assert_eq!(t3_row(&r, "next"), s(&[0; 7]));
    assert_eq!(t4(&r), s(&[0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]));
    let findings = check(&r, None);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    let x = findings.iter().find(|f| f.code == "X401").expect("收到75件 is found");
    assert_eq!(x.severity, Severity::Warning);
    assert_eq!((x.found.as_deref(), x.expected.as_deref()), (Some("75"), Some("74")));
    assert!(x.message.contains("上年结转"));
}

#[test]
fn pingtan_2023_tables() {
    let r = load("2023_pingtan_gwh.txt");
    assert_eq!(t3_row(&r, "new"), s(&[80, 1, 0, 0, 0, 0, 81]));
    assert_eq!(t3_row(&r, "total"), s(&[80, 1, 0, 0, 0, 0, 81]));
    assert_eq!(t4(&r), s(&[1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2]));
    assert!(errors(&check(&r, None)).is_empty());
}

#[test]
fn shuyang_2023_blank_legal_person_columns() {
    let r = load("2023_suqian_shuyang_fgj.txt");
    assert_eq!(t3_row(&r, "new"), vec![Some(26), None, None, None, None, None, Some(26)]);
    assert_eq!(t4(&r)[3..5], s(&[1, 1])[..]);
    assert_eq!(cell(&r, "t2.norm.made"), Some(8));
    assert_eq!(cell(&r, "t2.norm.valid"), Some(18));
    let findings = check(&r, None);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    assert!(findings.iter().any(|f| f.code == "V203" && f.cells.contains(&"t3.new.biz".to_string())));
    // the heading variant 存在的主要问题及整改措施 is part 五
    assert!(r.narrative.parts[4].heading.contains("整改措施"));
}

#[test]
fn hongzequ_2024_pdf_text_and_single_other_row() {
    let r = load("2024_huaian_hongzequ.txt");
    assert_eq!(r.meta.agency, "淮安市洪泽区人民政府");
    assert_eq!(t3_row(&r, "new"), s(&[95, 0, 0, 0, 0, 0, 95]));
    assert_eq!(cell(&r, "t3.open.total"), Some(50));
    assert_eq!(cell(&r, "t3.partial.total"), Some(9));
    assert_eq!(cell(&r, "t3.unable_none.total"), Some(31));
    assert_eq!(cell(&r, "t3.reject_petition.total"), Some(1));
    assert_eq!(t4(&r), s(&[1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]));
    let findings = check(&r, None);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    assert!(codes(&findings, Severity::Warning).contains(&"S304"));
    // the one printed （六） row had 0 in every column, so each of its three rows is 0 (inferred)
    for key in ["other_overdue", "other_fee", "other_misc"] {
        assert_eq!(t3_row(&r, key), s(&[0; 7]), "{key}");
        let id = format!("t3.{key}.np");
        assert!(r.provenance.inferred.iter().any(|c| r.layout().cell_id(*c) == id), "{id}");
    }
}

/// A merged （六） row with a number in a column: that column's three rows are not guessed.
#[test]
fn a_merged_other_row_with_numbers_leaves_those_columns_unread() {
    let text = std::fs::read_to_string(nianbao_tests::corpus_dir().join("2024_huaian_hongzequ.txt")).unwrap();
    let changed = text
        .replace("（六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0", "（六）其他处理 | 2 | 0 | 0 | 0 | 0 | 0 | 2")
        .replace("（七）总计 | 95 | 0 | 0 | 0 | 0 | 0 | 95", "（七）总计 | 97 | 0 | 0 | 0 | 0 | 0 | 97");
    assert_ne!(changed, text);
    let r = import::import_text(&changed).unwrap();
    for key in ["other_overdue", "other_fee", "other_misc"] {
        let row = t3_row(&r, key);
        assert_eq!(row[0], None, "{key}");
        assert_eq!(row[6], None, "{key}");
        assert_eq!(&row[1..6], s(&[0; 5]).as_slice(), "{key}");
    }
    assert!(codes(&check(&r, None), Severity::Warning).contains(&"S304"));
}

#[test]
fn huaian_2024_large_pdf_report() {
    let r = load("2024_huaian_szf.txt");
    assert_eq!(t3_row(&r, "new"), s(&[3001, 53, 0, 0, 61, 4, 3119]));
    assert_eq!(t3_row(&r, "carry"), s(&[34, 0, 0, 0, 0, 0, 34]));
    assert_eq!(t3_row(&r, "total"), s(&[2932, 53, 0, 0, 61, 4, 3050]));
    assert_eq!(t3_row(&r, "next"), s(&[103, 0, 0, 0, 0, 0, 103]));
    assert_eq!(t3_row(&r, "other_misc"), s(&[108, 2, 0, 0, 0, 0, 110]));
    assert_eq!(t4(&r), s(&[72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]));
    assert_eq!(cell(&r, "t2.penalty.decisions"), Some(3985758));
    assert!(r.provenance.unread.is_empty());
    let findings = check(&r, None);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    // the opening keeps its first words; lines wrapped at the page width (and across the page
    // break after "-1-") are one paragraph again; a wrapped line starting "公开目录，" is text
    assert!(
        r.narrative.opening.starts_with("本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》"),
        "{}",
        r.narrative.opening
    );
    let one = r.narrative.part_text(0);
    assert!(one.contains("申请集中的领域和热点问题"), "{one}");
    assert!(one.contains("“建设‘四最’一流营商环境高质量推进产业发展”"), "{one}");
    assert!(one.contains("优化主动公开目录，着力为群众提供看得懂、找得到、用得上的政府信息公开服务"), "{one}");
    assert_eq!(one.lines().count(), 6, "{one}");
}

#[test]
fn kewei_2024_markdown_rows_out_of_step_are_realigned() {
    let r = load("2024_shanghai_kewei.txt");
    assert_eq!(t3_row(&r, "new"), s(&[32, 2, 0, 0, 0, 0, 34]));
    assert_eq!(t3_row(&r, "carry"), s(&[2, 0, 0, 0, 0, 0, 2]));
    assert_eq!(t3_row(&r, "total"), s(&[33, 2, 0, 0, 0, 0, 35]));
    assert_eq!(t3_row(&r, "next"), vec![Some(1), Some(0), Some(0), Some(0), Some(0), Some(0), None]);
    // text: 同意公开9，部分公开0，不予公开2，无法提供10，不予处理0，其他处理14
    let total = |rows: &[&str]| rows.iter().map(|x| cell(&r, &format!("t3.{x}.total")).unwrap()).sum::<i64>();
    assert_eq!(total(&["open"]), 9);
    assert_eq!(total(&["partial"]), 0);
    assert_eq!(total(&["deny_internal", "deny_process"]), 2);
    assert_eq!(total(&["unable_none", "unable_make", "unable_unclear"]), 10);
    assert_eq!(total(&["other_overdue", "other_fee", "other_misc"]), 14);
    assert_eq!(t4(&r)[..5], s(&[1, 0, 0, 0, 1])[..]);
    let findings = check(&r, None);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    assert!(findings.iter().any(|f| f.code == "I003"));
    assert!(findings.iter().any(|f| f.code == "V203" && f.cells == ["t3.next.total"] && f.message.contains("应为1")));
}

#[test]
fn shanghai_2019_html_text_contradicts_table() {
    let r = load("2019_shanghai_szfbgt.html");
    assert_eq!(r.edition, Edition::E2019);
    assert_eq!(r.meta.publish_date.as_deref(), Some("2020-01-31"));
    assert_eq!(t3_row(&r, "new"), vec![Some(821), Some(35), None, None, Some(2), Some(1), Some(859)]);
    assert_eq!(cell(&r, "t3.carry.total"), Some(18));
    assert_eq!(cell(&r, "t3.total.total"), Some(805));
    assert_eq!(cell(&r, "t3.next.total"), Some(72));
    assert_eq!(cell(&r, "t3.open.total"), None, "the 总计 of result rows is blank (&nbsp;)");
    assert_eq!(t4(&r)[..10], [Some(5), None, None, Some(2), Some(7), Some(8), None, None, Some(1), Some(9)]);
    assert_eq!(cell(&r, "t2.purchase.amount"), Some(251000));
    let findings = check(&r, None);
    let errs = errors(&findings);
    // the two real errors of this report, and nothing invented from its blank cells
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(errs.iter().all(|f| f.code == "X405"));
    let vals: Vec<(&str, &str)> =
        errs.iter().map(|f| (f.found.as_deref().unwrap(), f.expected.as_deref().unwrap())).collect();
    assert!(vals.contains(&("265", "337")), "{vals:?}");
    assert!(vals.contains(&("258", "275")), "{vals:?}");
    let f = errs.iter().find(|f| f.found.as_deref() == Some("265")).unwrap();
    assert_eq!(f.excerpt.as_deref(), Some("无法提供265件"));
}

#[test]
fn partial_reports_say_what_is_missing_without_errors() {
    for path in corpus_files().into_iter().filter(|p| p.to_string_lossy().contains("/partial/")) {
        let bytes = std::fs::read(&path).unwrap();
        let r = import::import_bytes(&bytes).unwrap();
        let findings = check(&r, None);
        assert!(errors(&findings).is_empty(), "{}: {findings:#?}", path.display());
        assert!(findings.iter().any(|f| matches!(f.code.as_str(), "S303" | "I001" | "S302")), "{}", path.display());
    }
}

#[test]
fn partial_ankang_2019_table_two_with_money_unit() {
    let r = load("partial/2019_ankang_unknownju_partial.txt");
    assert_eq!(r.edition, Edition::E2019);
    assert_eq!(cell(&r, "t2.norm.made"), Some(30));
    assert_eq!(cell(&r, "t2.purchase.count"), Some(8));
    let amount = r.layout().t2_by_key("purchase", "amount").unwrap();
    assert_eq!(r.get(amount).unwrap().to_string(), "160.5964");
    assert_eq!(r.units.get(&amount).map(String::as_str), Some("万元"));
}

#[test]
fn gbk_and_utf16_files_read_the_same() {
    let path = nianbao_tests::corpus_dir().join("2020_minhou_shangwuju.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let utf8 = import::import(&text).unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    assert_eq!(import::import_bytes(&gbk).unwrap(), utf8);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    assert_eq!(import::import_bytes(&utf16).unwrap(), utf8);
}

#[test]
fn a_page_laid_out_in_a_table_reads_the_same() {
    let path = nianbao_tests::corpus_dir().join("2019_shanghai_szfbgt.html");
    let html = std::fs::read_to_string(path).unwrap();
    let plain = import::import(&html).unwrap();
    let body_start = html.find("<body>").unwrap() + "<body>".len();
    let body_end = html.find("</body>").unwrap();
    let wrapped = format!(
        "{}<table width=\"100%\"><tr><td class=\"nav\">首页 &gt; 政府信息公开年报</td></tr><tr><td>{}</td></tr></table>{}",
        &html[..body_start],
        &html[body_start..body_end],
        &html[body_end..]
    );
    let laid_out = import::import(&wrapped).unwrap();
    assert_eq!(laid_out.cells, plain.cells);
    let texts = |r: &nianbao_core::Report| {
        r.narrative.parts.iter().map(|p| (p.heading.clone(), p.text.clone())).collect::<Vec<_>>()
    };
    assert!(texts(&laid_out) == texts(&plain), "the narrative reads the same");
}

#[test]
fn real_reports_rendered_to_word_import_back_to_the_same_cells_and_text() {
    use nianbao_core::render::{render, Format};
    let mut read = 0;
    for path in corpus_files() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !(name.ends_with(".txt") || name.ends_with(".html")) || path.to_string_lossy().contains("partial") {
            continue;
        }
        let r = load(&name);
        let back = import::import_bytes(&render(&r, Format::Docx)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back.edition, r.edition, "{name}");
        assert_eq!(back.cells, r.cells, "{name}");
        assert_eq!(back.narrative.opening, r.narrative.opening, "{name}");
        for (a, b) in r.narrative.parts.iter().zip(&back.narrative.parts) {
            assert_eq!(a.text, b.text, "{name}");
            // a part missing in the source is rendered under its official heading
            if !a.heading.is_empty() {
                assert_eq!(a.heading, b.heading, "{name}");
            }
        }
        read += 1;
    }
    assert!(read >= 10, "{read} reports");
}

#[test]
fn damaged_word_files_are_refused_with_their_reason() {
    let docx = nianbao_core::render::render(&load("2020_minhou_shangwuju.txt"), nianbao_core::render::Format::Docx);
    let reason = |b: &[u8]| match import::import_bytes(b) {
        Err(ImportError::Unsupported(why)) => why,
        other => panic!("{:?}", other.map(|r| r.meta.year)),
    };
    assert!(reason(&docx[..docx.len() * 2 / 3]).contains("Word 文件已损坏"));
    let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    doc.extend(std::iter::repeat_n(0u8, 512));
    doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
    // a compound file's header without its sectors (see forms.rs for real .doc files)
    assert_eq!(reason(&doc), "Word 97-2003 文件已损坏：无法按 Office 复合文档打开，文件可能不完整或已被截断");
}

/// The 平潭 2021 report (glued digits in the original) as clean text, with the lines that start
/// with each prefix replaced: a hand-made variant of a real report.
fn pingtan_2021_with(edit: impl Fn(&mut nianbao_core::Report), lines: &[(&str, &str)]) -> nianbao_core::Report {
    use nianbao_core::render::{render, Format};
    let mut r = load("2021_pingtan_gwh.txt");
    edit(&mut r);
    let text = String::from_utf8(render(&r, Format::Text)).unwrap();
    let mut replaced = 0;
    let out: Vec<String> = text
        .lines()
        .map(|l| match lines.iter().find(|(prefix, _)| l.starts_with(prefix)) {
            Some((_, new)) => {
                replaced += 1;
                new.to_string()
            }
            None => l.to_string(),
        })
        .collect();
    assert_eq!(replaced, lines.len(), "every edited line was found");
    import::import_text(&out.join("\n")).unwrap()
}

fn set_row(r: &mut nianbao_core::Report, row: &str, v: &[i64]) {
    for (c, x) in ["np", "biz", "sci", "npo", "law", "oth", "total"].iter().zip(v) {
        let cell = r.layout().parse_cell_id(&format!("t3.{row}.{c}")).unwrap();
        r.set(cell, Some(nianbao_core::model::Number::Int(*x)));
    }
}

fn finding<'a>(findings: &'a [Finding], code: &str, cell: &str) -> Option<&'a Finding> {
    findings.iter().find(|f| f.code == code && f.cells.iter().any(|c| c == cell))
}

#[test]
fn glued_row_with_one_digit_per_cell_is_read_as_printed_and_its_error_shows() {
    let r = pingtan_2021_with(
        |_| {},
        &[("| （二）部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）8100008")],
    );
    assert_eq!(t3_row(&r, "partial"), s(&[8, 1, 0, 0, 0, 0, 8]));
    let findings = check(&r, None);
    let i002 = finding(&findings, "I002", "t3.partial.total").expect("I002 on the row");
    assert!(i002.message.contains("按位数"), "{}", i002.message);
    assert!(finding(&findings, "I001", "t3.partial.total").is_none(), "{findings:#?}");
    let a103 = finding(&findings, "A103", "t3.partial.total").expect("the row does not add up");
    assert_eq!(a103.severity, Severity::Error);
}

#[test]
fn glued_table_four_with_one_digit_per_cell_shows_the_zero_total() {
    let r = pingtan_2021_with(|_| {}, &[("| 1 | 0 | 2 | 0 | 3 | 12 |", "010000000000000")]);
    assert_eq!(t4(&r), s(&[0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    let findings = check(&r, None);
    assert!(finding(&findings, "I002", "t4.review.total").is_some_and(|f| f.message.contains("按位数")));
    let a104 = finding(&findings, "A104", "t4.review.total").expect("结果纠正 1 but 总计 0");
    assert_eq!(a104.severity, Severity::Error);
}

/// A table 三 whose 总计 column leaves out the 商业企业 column: 19 + 1 written as 19.
fn nineteen(r: &mut nianbao_core::Report) {
    let rows: Vec<&str> = r.layout().t3_rows.iter().map(|row| row.key).collect();
    for row in rows {
        set_row(r, row, &[0; 7]);
    }
    set_row(r, "new", &[19, 1, 0, 0, 0, 0, 19]);
    set_row(r, "open", &[19, 1, 0, 0, 0, 0, 19]);
    set_row(r, "total", &[19, 1, 0, 0, 0, 0, 19]);
}

#[test]
fn glued_total_row_that_only_the_column_relations_resolve() {
    let r = pingtan_2021_with(nineteen, &[("| （七）总计", "（七）总计 191000019")]);
    assert_eq!(t3_row(&r, "total"), s(&[19, 1, 0, 0, 0, 0, 19]));
    assert!(r.provenance.unread.iter().all(|c| c.table != nianbao_core::TableId::T3));
    let findings = check(&r, None);
    let i002 = finding(&findings, "I002", "t3.total.total").expect("I002 on the row");
    assert!(i002.message.contains("各列的勾稽关系"), "{}", i002.message);
    // the relations that chose the reading hold; the row's own sum does not, and is reported
    assert!(!findings.iter().any(|f| f.code == "A101" || f.code == "A102"), "{findings:#?}");
    assert_eq!(finding(&findings, "A103", "t3.total.total").map(|f| f.severity), Some(Severity::Error));
}

#[test]
fn glued_rows_that_stay_ambiguous_are_not_read() {
    // 本年新收, 予以公开 and 总计 all glued: any reading shared by the three fits the columns
    let r = pingtan_2021_with(
        nineteen,
        &[
            ("| 一、本年新收", "一、本年新收政府信息公开申请数量 191000019"),
            ("| 三、本年度办理结果 | （一）予以公开", "三、本年度办理结果 （一）予以公开 191000019"),
            ("| （七）总计", "（七）总计 191000019"),
        ],
    );
    for row in ["new", "open", "total"] {
        assert_eq!(t3_row(&r, row), vec![None; 7], "{row}");
        let id = format!("t3.{row}.total");
        assert!(r.provenance.unread.contains(&r.layout().parse_cell_id(&id).unwrap()), "{row}");
    }
    let findings = check(&r, None);
    assert!(finding(&findings, "I001", "t3.total.total").is_some_and(|f| f.message.contains("191000019")));
    // no sum relation is checked over the unread rows (the text's "1件结转" against 0 is another matter)
    let arith = |f: &&Finding| f.code.starts_with('A') && f.cells.iter().any(|c| c.starts_with("t3."));
    assert!(!errors(&findings).iter().any(arith), "{:#?}", errors(&findings));
}

#[test]
fn a_report_in_the_format_before_2019_is_recognised_and_not_checked_as_current() {
    // hand-made on the structure of a 2017 report: 一、概述 … 六、存在的主要问题及改进措施 and the
    // 政府信息公开情况统计表 (its "2017年度" must not be read as table 四)
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/pre2019_2017_county_bureau.txt");
    let r = import::import_bytes(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(r.edition, Edition::Pre2019);
    assert_eq!(r.edition.label(), "2019年以前格式");
    assert_eq!(r.meta.year, Some(2017));
    assert!(r.cells.is_empty() && r.provenance.is_empty(), "no table is read");
    assert!(r.to_json().contains(r#""edition":"pre2019""#) || r.to_json().contains(r#""edition": "pre2019""#));
    assert_eq!(nianbao_core::Report::from_json(&r.to_json()).unwrap(), r);
    assert!(r.narrative.part_text(1).contains("主动公开政府信息186条"));
    let findings = check(&r, None);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!((findings[0].code.as_str(), findings[0].severity), ("S300", Severity::Info));
    assert!(findings[0].message.contains("2017年度"));
}

/// The text of a rendered report from `from` (inclusive) to `to` (exclusive).
fn section(text: &str, from: &str, to: &str) -> String {
    let a = text.find(from).unwrap_or_else(|| panic!("no {from}"));
    let b = a + text[a..].find(to).unwrap_or_else(|| panic!("no {to}"));
    text[a..b].to_string()
}

#[test]
fn a_2021_report_with_the_2019_table_two_reads_each_table_in_its_own_layout() {
    use nianbao_core::render::{render, Format};
    // hand-made from two real reports: 平潭 2021 (tables 三/四 with the 2021 （六） sub-rows) with
    // the 2019-edition 表二 of 闽侯县商务局 2020 (本年新制作数量…, 上一年项目数量/本年增/减)
    let (new, old) = (load("2021_pingtan_gwh.txt"), load("2020_minhou_shangwuju.txt"));
    let text = |r: &nianbao_core::Report| String::from_utf8(render(r, Format::Text)).unwrap();
    let (new_text, old_text) = (text(&new), text(&old));
    let (h2, h3) = ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况");
    let hybrid = new_text.replace(&section(&new_text, h2, h3), &section(&old_text, h2, h3));
    let r = import::import_text(&hybrid).unwrap();
    assert_eq!(r.edition, Edition::E2021);
    assert_eq!(r.t2_layout, Some(Edition::E2019));
    for id in ["t2.permit.prev", "t2.permit.change", "t2.service.prev", "t2.penalty.prev", "t2.purchase.count"] {
        assert_eq!(cell(&r, id), cell(&old, id), "{id}");
    }
    for row in ["new", "total", "other_misc", "next"] {
        assert_eq!(t3_row(&r, row), t3_row(&new, row), "{row}");
    }
    assert_eq!(t4(&r), t4(&new));
    let findings = check(&r, None);
    let s301: Vec<&Finding> = findings.iter().filter(|f| f.code == "S301").collect();
    assert_eq!(s301.len(), 1, "{findings:#?}");
    assert_eq!(s301[0].severity, Severity::Error);
    assert_eq!(s301[0].table, Some(nianbao_core::TableId::T2));
    assert!(s301[0].message.contains("表二仍使用2019年版"), "{}", s301[0].message);
    assert!(errors(&findings).iter().all(|f| f.code == "S301"), "{findings:#?}");
    // the draft keeps table 二's edition, and drafts without it still load
    let json = r.to_json();
    assert!(json.contains("t2_edition"));
    assert_eq!(nianbao_core::Report::from_json(&json).unwrap(), r);
    assert!(!new.to_json().contains("t2_edition"));
    // rendered, table 二 is drawn in its own layout and reads back the same
    let back = import::import_text(&text(&r)).unwrap();
    assert_eq!((back.edition, back.t2_layout, &back.cells), (r.edition, r.t2_layout, &r.cells));
}

#[test]
fn huaian_2024_a_wrong_total_is_reported_once_not_against_the_correct_text() {
    // the text says 受理…3119件, the columns of “一、本年新收” add up to 3119; a total of 3129
    // (typed by hand) is wrong (A103) and the correct text must not be called wrong (X401)
    let mut r = load("2024_huaian_szf.txt");
    let total = r.layout().parse_cell_id("t3.new.total").unwrap();
    r.set(total, Some(nianbao_core::Number::Int(3129)));
    r.manual_totals.insert(total);
    let findings = check(&r, None);
    let a103 = findings.iter().find(|f| f.code == "A103").expect("the wrong total is found");
    assert_eq!((a103.found.as_deref(), a103.expected.as_deref()), (Some("3129"), Some("3119")), "{a103:#?}");
    assert!(!findings.iter().any(|f| f.code == "X401"), "{findings:#?}");
}
