//! The rules that read what supervisors find in the text (X406–X411), last year's numbers (D505,
//! D506) and the derived figures (M701, M702), each on a real corpus report or a report made
//! from one by a single change.

use nianbao_core::{check, Finding, Number, Report, Severity};
use nianbao_tests::load;

fn set(r: &mut Report, id: &str, v: i64) {
    let c = r.layout().parse_cell_id(id).unwrap_or_else(|| panic!("no cell {id}"));
    r.set(c, Some(Number::Int(v)));
}

fn found<'a>(findings: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.code == code).collect()
}

/// Appends a sentence to a part's text.
fn say(r: &mut Report, part: usize, sentence: &str) {
    let t = &mut r.narrative.parts[part].text;
    t.push('\n');
    t.push_str(sentence);
}

#[test]
fn the_clean_seed_still_checks_without_errors() {
    let f = check(&load("2020_minhou_shangwuju.txt"), None);
    let errors: Vec<_> = f.iter().filter(|f| f.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn x406_no_applications_said_while_the_table_has_some() {
    let mut r = load("2020_minhou_shangwuju.txt");
    assert!(found(&check(&r, None), "X406").is_empty(), "0 in the table agrees with the text");
    set(&mut r, "t3.new.np", 3);
    set(&mut r, "t3.new.total", 3);
    let f = check(&r, None);
    let x = found(&f, "X406");
    assert_eq!(x.len(), 1, "{f:?}");
    assert_eq!(x[0].severity, Severity::Error);
    assert!(x[0].excerpt.as_deref().unwrap().contains("未收到依申请公开"), "{:?}", x[0]);
    assert_eq!(x[0].cells, vec!["t3.new.total"]);
    assert_eq!(x[0].expected.as_deref(), Some("3"));
}

#[test]
fn x407_all_completed_said_while_cases_are_carried_over() {
    let mut r = load("2021_pingtan_gwh.txt");
    assert_eq!(nianbao_tests::cell(&r, "t3.next.total"), Some(1));
    say(&mut r, 2, "本年度所有申请均已办结。");
    let f = check(&r, None);
    let x = found(&f, "X407");
    assert_eq!(x.len(), 1, "{f:?}");
    assert_eq!(x[0].severity, Severity::Error);
    assert!(x[0].excerpt.as_deref().unwrap().contains("均已办结"));
    // a narrower statement is no contradiction
    let mut r = load("2021_pingtan_gwh.txt");
    say(&mut r, 2, "其余申请均已办结。");
    assert!(found(&check(&r, None), "X407").is_empty());
}

#[test]
fn x408_no_appeals_said_while_table_four_has_a_review() {
    let mut r = load("2023_suqian_shuyang_fgj.txt");
    assert_eq!(nianbao_tests::cell(&r, "t4.review.total"), Some(1));
    say(&mut r, 3, "本年度未发生因政府信息公开引起的行政复议、行政诉讼。");
    let f = check(&r, None);
    let x = found(&f, "X408");
    assert_eq!(x.len(), 1, "only 复议 contradicts (诉讼 is 0): {x:?}");
    assert_eq!(x[0].severity, Severity::Error);
    assert_eq!(x[0].cells, vec!["t4.review.total"]);
    assert!(x[0].excerpt.as_deref().unwrap().starts_with("未发生"));
}

#[test]
fn x409_no_fee_said_while_fee_notices_went_unpaid() {
    let mut r = load("2023_suqian_shuyang_fgj.txt");
    assert!(found(&check(&r, None), "X409").is_empty());
    set(&mut r, "t3.other_fee.np", 1);
    set(&mut r, "t3.other_fee.total", 1);
    let f = check(&r, None);
    let x = found(&f, "X409");
    assert_eq!(x.len(), 1, "{f:?}");
    assert_eq!(x[0].severity, Severity::Warning, "no fee may have been paid in the end");
    assert!(x[0].excerpt.as_deref().unwrap().contains("未发生收费"), "{:?}", x[0].excerpt);
}

#[test]
fn x410_applicant_counts_against_the_table() {
    // real: 平潭 2022 counts 上年结转 into 收到 ("收到75件，涉及自然人72件"; 新收 71 + 结转 1)
    let r = load("2022_pingtan_gwh.txt");
    let f = check(&r, None);
    let x = found(&f, "X410");
    assert_eq!(x.len(), 1, "{x:?}");
    assert_eq!(x[0].severity, Severity::Warning);
    assert!(x[0].message.contains("上年结转"), "{}", x[0].message);
    assert_eq!(x[0].cells, vec!["t3.new.np"]);
    // a plain wrong count is an error
    let mut r = load("2022_pingtan_gwh.txt");
    for p in r.narrative.parts.iter_mut() {
        p.text = p.text.replace("自然人72件", "自然人60件");
    }
    let x: Vec<Finding> = found(&check(&r, None), "X410").into_iter().cloned().collect();
    assert_eq!(x.len(), 1);
    assert_eq!(
        (x[0].severity, x[0].found.as_deref(), x[0].expected.as_deref()),
        (Severity::Error, Some("60"), Some("71"))
    );
}

#[test]
fn x411_table_two_numbers_quoted_in_the_text() {
    // real: 平潭 2023's 表二 row is glued beyond reading; the text's 393 is given beside it
    let r = load("2023_pingtan_gwh.txt");
    let f = check(&r, None);
    let x = found(&f, "X411");
    assert!(x.iter().any(|x| x.severity == Severity::Info && x.message.contains("393件")), "{x:?}");
    let norm = r.layout().parse_cell_id("t2.norm.valid").unwrap();
    assert_eq!(r.get(norm), None, "the text's number never fills the cell");
    // a quote that differs from a read cell is a warning
    let mut r = load("2024_huaian_szf.txt");
    let valid = nianbao_tests::cell(&r, "t2.norm.valid").expect("read");
    say(&mut r, 1, &format!("现行有效行政规范性文件{}件。", valid + 7));
    let x: Vec<Finding> = found(&check(&r, None), "X411").into_iter().cloned().collect();
    assert_eq!(x.len(), 1, "{x:?}");
    assert_eq!(x[0].severity, Severity::Warning);
    assert_eq!(x[0].expected.as_deref(), Some(valid.to_string().as_str()));
}

#[test]
fn d505_tables_identical_to_last_year() {
    let r = load("2021_pingtan_gwh.txt");
    let mut prev = r.clone();
    prev.meta.year = Some(2020);
    let x: Vec<Finding> = found(&check(&r, Some(&prev)), "D505").into_iter().cloned().collect();
    assert_eq!(x.len(), 1);
    assert_eq!(x[0].severity, Severity::Warning);
    // one cell different: no warning
    set(&mut prev, "t3.open.np", 99);
    assert!(found(&check(&r, Some(&prev)), "D505").is_empty());
}

#[test]
fn d506_a_fivefold_change_is_information() {
    let r = load("2022_pingtan_gwh.txt");
    let mut prev = load("2021_pingtan_gwh.txt");
    assert!(found(&check(&r, Some(&prev)), "D506").is_empty(), "70 → 74 is no jump");
    set(&mut prev, "t3.new.total", 12);
    let x: Vec<Finding> = found(&check(&r, Some(&prev)), "D506").into_iter().cloned().collect();
    assert_eq!(x.len(), 1);
    assert_eq!(x[0].severity, Severity::Info);
    assert!(x[0].message.contains("12件") && x[0].message.contains("74件"), "{}", x[0].message);
}

#[test]
fn m701_m702_derived_figures_are_information() {
    let f = check(&load("2024_huaian_szf.txt"), None);
    let m701 = found(&f, "M701");
    assert_eq!(m701.len(), 1);
    assert_eq!(m701[0].found.as_deref(), Some("59.5%"), "(1816) ÷ 3050");
    let m702 = found(&f, "M702");
    assert_eq!(m702[0].found.as_deref(), Some("18.2%"), "64 ÷ 351");
    assert!(m701.iter().chain(&m702).all(|f| f.severity == Severity::Info));
    // a rate has no value it should be: never “应为 仅供参考”
    assert!(m701.iter().chain(&m702).all(|f| f.expected.is_none()), "{m701:?} {m702:?}");
}

/// A faint `4` read by OCR as `1` with little confidence (as the browser's model reads 淮安市's
/// 表三 “其他” column): the sums it breaks are a doubt about the reading (I006), and the text's
/// “受理…3119件”, which agrees with the printed total, is not said to disagree with the table.
#[test]
fn a_doubtful_ocr_reading_is_a_doubt_in_the_tables_and_not_held_against_the_text() {
    let mut r = load("2024_huaian_szf.txt");
    let before: Vec<Finding> = check(&r, None).into_iter().filter(|f| f.code.starts_with('X')).collect();
    for id in ["t3.new.oth", "t3.total.oth"] {
        set(&mut r, id, 1);
        let c = r.layout().parse_cell_id(id).unwrap();
        r.provenance.ocr.insert(c, 60);
    }
    let f = check(&r, None);
    let doubts = found(&f, "I006");
    assert_eq!(doubts.len(), 2, "{f:?}");
    assert!(doubts.iter().all(|d| d.severity == Severity::Warning && d.expected.as_deref() == Some("4")), "{doubts:?}");
    assert!(f.iter().all(|f| !f.code.starts_with("A10")), "no arithmetic error: {f:?}");
    let after: Vec<&Finding> = f.iter().filter(|f| f.code.starts_with('X')).collect();
    assert_eq!(after.len(), before.len(), "the text rules find what they found before: {after:?}");

    // the printed total doubtful too: the text agrees with one of the two witnesses, and that is enough
    let total = r.layout().parse_cell_id("t3.total.total").unwrap();
    r.provenance.ocr.insert(total, 60);
    let f = check(&r, None);
    assert!(f.iter().all(|f| !f.code.starts_with("X40")), "{f:?}");

    // read with confidence, the same cells are the report's arithmetic errors
    r.provenance.ocr.clear();
    let f = check(&r, None);
    assert!(found(&f, "I006").is_empty() && !found(&f, "A103").is_empty(), "{f:?}");
    assert!(!found(&f, "X401").is_empty(), "{f:?}");
}

/// A number whose reading does not fit its cell's ink (447 read as `1`, given 30% by the
/// reader): the sums it breaks are a doubt naming the value that fits, not arithmetic errors.
#[test]
fn a_reading_that_does_not_fit_its_cell_is_a_doubt_with_the_value_that_fits() {
    let mut r = load("2024_huaian_szf.txt");
    set(&mut r, "t3.partial.np", 1);
    let c = r.layout().parse_cell_id("t3.partial.np").unwrap();
    r.provenance.ocr.insert(c, 30);
    let f = check(&r, None);
    let doubts = found(&f, "I006");
    assert_eq!(doubts.len(), 1, "one doubt for the cell, however many sums: {f:?}");
    assert_eq!(doubts[0].expected.as_deref(), Some("447"), "{doubts:?}");
    assert!(doubts[0].message.contains("字迹不符"), "{}", doubts[0].message);
    assert!(f.iter().all(|f| !f.code.starts_with("A10")), "{f:?}");
    // a doubtful reading that merely looks like another (conf 70) is not stretched that far
    r.provenance.ocr.insert(c, 70);
    let f = check(&r, None);
    assert!(found(&f, "I006").is_empty() && !found(&f, "A103").is_empty(), "{f:?}");
}

/// D508: next year's draft of 淮安市政府2024 (each part starting from last year's text) lists the
/// parts still holding it; a part rewritten is no longer listed.
#[test]
fn next_years_draft_lists_the_parts_still_holding_last_years_text() {
    let prev = nianbao_tests::load("2024_huaian_szf.txt");
    let mut next = nianbao_core::draft::next_year(&prev);
    let carried = |r: &nianbao_core::Report| -> Vec<u8> {
        nianbao_core::check(r, Some(&prev))
            .iter()
            .filter(|f| f.code == "D508")
            .filter_map(|f| f.location.as_ref().and_then(|l| l.part))
            .collect()
    };
    let parts = carried(&next);
    // part 六 ("2025年，市政府严格落实…收取…3940元") is last year's text with the year moved on
    assert!(parts.contains(&5), "{parts:?}");
    assert!(!prev.narrative.parts[5].text.contains("2025年") && next.narrative.parts[5].text.contains("2025年"));
    next.narrative.parts[5].text = "2025年，市政府全年收取政府信息公开信息处理费0元。".into();
    assert!(!carried(&next).contains(&5));
}
