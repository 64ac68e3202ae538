//! Batch review over the real corpus: pairing with last year, publication dates, roster,
//! repetition, 汇总.

use nianbao_core::batch::sum::sum;
use nianbao_core::batch::{self, parse_roster, DateSource, Input, Options, RosterMatch};
use nianbao_core::layout::TableId;
use nianbao_core::{rules, Report};
use nianbao_tests::corpus_dir;

fn text(name: &str) -> String {
    let bytes = std::fs::read(corpus_dir().join(name)).expect("corpus file");
    nianbao_core::read::decode::decode(&bytes).expect("text")
}

fn input(name: &str) -> Input {
    Input::from_text(name, &text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const PINGTAN: [&str; 4] =
    ["2019_pingtan_gwh.txt", "2021_pingtan_gwh.txt", "2022_pingtan_gwh.txt", "2023_pingtan_gwh.txt"];

#[test]
fn pingtan_reports_pair_with_the_previous_year_and_run_the_cross_year_rules() {
    let mut inputs: Vec<Input> = PINGTAN.iter().rev().map(|n| input(n)).collect();
    inputs.push(input("2020_minhou_shangwuju.txt"));
    let b = batch::review(&inputs, &Options::default());
    let prev = |name: &str| b.entries.iter().find(|e| e.file == name).unwrap().previous.clone();
    assert_eq!(prev("2023_pingtan_gwh.txt").as_deref(), Some("2022_pingtan_gwh.txt"));
    assert_eq!(prev("2022_pingtan_gwh.txt").as_deref(), Some("2021_pingtan_gwh.txt"));
    // the corpus has no 平潭 2020 report: 2021 is not paired with 2019 (its 结转 is two years old)
    assert_eq!(prev("2021_pingtan_gwh.txt"), None);
    assert_eq!(prev("2019_pingtan_gwh.txt"), None);
    assert_eq!(prev("2020_minhou_shangwuju.txt"), None);
    // the findings are those of the rules with last year's report given by hand
    let e22 = b.entries.iter().find(|e| e.file == "2022_pingtan_gwh.txt").unwrap();
    let i21 = inputs.iter().find(|i| i.name == "2021_pingtan_gwh.txt").unwrap();
    let i22 = inputs.iter().find(|i| i.name == "2022_pingtan_gwh.txt").unwrap();
    assert_eq!(e22.findings, rules::check(&i22.report, Some(&i21.report)));
    assert_eq!((e22.totals.carry, e22.totals.new, e22.totals.concluded), (Some(1), Some(74), Some(75)));
    let rep = e22.repetition.previous.expect("paired, so a repetition figure");
    assert!((0.0..0.5).contains(&rep), "平潭 rewrote its 2022 text: {rep}");
}

#[test]
fn publication_dates_come_from_the_page_and_decide_timeliness() {
    let inputs =
        vec![input("2019_pingtan_gwh.txt"), input("2023_suqian_shuyang_fgj.txt"), input("2020_minhou_shangwuju.txt")];
    let b = batch::review(&inputs, &Options::default());
    let [pt, sy, mh] = &b.entries[..] else { panic!() };
    assert_eq!(pt.published.map(|(d, s)| (d.to_string(), s)), Some(("2020-01-20".into(), DateSource::Page)));
    assert_eq!(pt.deadline.unwrap().to_string(), "2020-03-31", "a 管委会 reports as a government");
    assert_eq!(pt.on_time, Some(true));
    assert_eq!(sy.published.map(|(d, _)| d.to_string()).as_deref(), Some("2024-01-17"));
    assert_eq!(sy.deadline.unwrap().to_string(), "2024-01-31");
    assert_eq!(sy.on_time, Some(true));
    assert_eq!(mh.published, None, "the 闽侯 page text has no date");
    assert_eq!(mh.on_time, None);
    // a page header "时间:2025-01-21 来源:" (代县卫生健康局 2024)
    let dx = batch::review(&[input("partial/2024_xinzhou_daixian_wsjkj_partial.txt")], &Options::default());
    assert_eq!(dx.entries[0].published.map(|(d, _)| d.to_string()).as_deref(), Some("2025-01-21"));
    assert_eq!(dx.entries[0].on_time, Some(true));
    let strict = batch::review(&inputs, &Options { deadline: Some((1, 15)), ..Options::default() });
    assert_eq!(strict.entries[0].on_time, Some(false));
    assert_eq!(strict.entries[1].on_time, Some(false));
}

#[test]
fn the_date_under_the_signature_is_used_when_the_page_has_none() {
    let signed = format!("{}\n闽侯县商务局\n2021年1月25日\n", text("2020_minhou_shangwuju.txt"));
    let i = Input::from_text("signed.txt", &signed).unwrap();
    assert_eq!(i.published.map(|(d, s)| (d.to_string(), s)), Some(("2021-01-25".into(), DateSource::Signature)));
    let b = batch::review(&[i], &Options::default());
    assert_eq!(b.entries[0].on_time, Some(true));
}

#[test]
fn roster_lists_units_without_a_report_and_reports_not_in_it() {
    let roster =
        parse_roster("单位,类别,截止日期\n闽侯县商务局,部门,01-20\n平潭综合实验区管委会,政府,\n闽侯县统计局,部门,\n")
            .unwrap();
    let inputs =
        vec![input("2020_minhou_shangwuju.txt"), input("2022_pingtan_gwh.txt"), input("2023_suqian_shuyang_fgj.txt")];
    // the batch's year is the latest, 2023: only 沭阳 (not in the roster) has a 2023 report
    let latest = batch::review(&inputs, &Options { roster: Some(roster.clone()), ..Options::default() });
    assert_eq!(latest.year, Some(2023));
    let names = |b: &batch::Batch| b.missing.iter().map(|u| u.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&latest), ["闽侯县商务局", "平潭综合实验区管委会", "闽侯县统计局"]);
    // the year chosen: 平潭 published its 2022 report, 闽侯县商务局 only its 2020 one
    let b = batch::review(&inputs, &Options { roster: Some(roster), year: Some(2022), ..Options::default() });
    assert_eq!(names(&b), ["闽侯县商务局", "闽侯县统计局"]);
    assert!(
        matches!(&b.entries[1].roster, RosterMatch::Listed { name, line: 3, approximate: false } if name == "平潭综合实验区管委会")
    );
    assert_eq!(b.entries[2].roster, RosterMatch::NotListed);
    // the 汇总 sheet: the three reports, then the units without a report of 2022
    let rows = nianbao_workbook::summary_table(&nianbao_workbook::Workbook::from_batch(&b));
    assert_eq!(rows.len(), 1 + 3 + 2);
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    assert_eq!(rows[5][col("单位")], "闽侯县统计局");
    assert_eq!(rows[5][col("是否按时")], "未发布");
}

#[test]
fn repetition_from_last_year_warns_and_template_copies_are_found() {
    // a 2024 report that only moved the years of 平潭's 2023 text on
    let moved = text("2023_pingtan_gwh.txt").replace("2024年", "2025年").replace("2023", "2024");
    let inputs = vec![input("2023_pingtan_gwh.txt"), Input::from_text("moved.txt", &moved).unwrap()];
    assert_eq!(inputs[1].report.meta.year, Some(2024));
    let b = batch::review(&inputs, &Options::default());
    let e = &b.entries[1];
    assert_eq!(e.previous.as_deref(), Some("2023_pingtan_gwh.txt"));
    assert!(e.repetition.previous.unwrap() > 0.95, "{:?}", e.repetition);
    let d507 = e.findings.iter().find(|f| f.code == "D507").expect("D507 warning");
    assert_eq!(d507.severity, nianbao_core::Severity::Warning);
    let pct: f64 = d507.found.as_deref().unwrap().trim_end_matches('%').parse().unwrap();
    assert!(pct >= 95.0 && d507.message.contains(&format!("{pct:.0}%")), "{}", d507.message);
    // another unit's report of the same year with the same text: template copying
    let copied = text("2020_minhou_shangwuju.txt").replace("闽侯县商务局", "闽清县商务局");
    let inputs = vec![input("2020_minhou_shangwuju.txt"), Input::from_text("minqing.txt", &copied).unwrap()];
    let b = batch::review(&inputs, &Options::default());
    let s = b.entries[1].repetition.most_similar.as_ref().expect("the 闽侯 report");
    assert_eq!((s.file.as_str(), s.agency.as_str()), ("2020_minhou_shangwuju.txt", "闽侯县商务局"));
    assert!((s.share - 1.0).abs() < 1e-9);
    assert_eq!(b.entries[1].previous, None);
}

#[test]
fn sum_of_two_reports_is_the_cell_wise_sum() {
    let a = input("2024_huaian_hongzequ.txt").report;
    let b = input("2024_huaian_szf.txt").report;
    let reports: Vec<&Report> = vec![&a, &b];
    let s = sum(&reports, None);
    assert_eq!(s.included, [0, 1]);
    let l = s.report.layout();
    let mut compared = 0;
    for cell in l.cells().into_iter().filter(|c| c.table != TableId::T2) {
        let unread = a.provenance.unread.contains(&cell) || b.provenance.unread.contains(&cell);
        let expected = match (a.int(cell), b.int(cell)) {
            (None, None) => None,
            (x, y) => Some(x.unwrap_or(0) + y.unwrap_or(0)),
        };
        if unread {
            assert!(s.report.provenance.unread.contains(&cell) && s.report.get(cell).is_none());
        } else {
            assert_eq!(s.report.int(cell), expected, "{}", l.cell_id(cell));
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared}");
    let new = l.t3(l.t3_row("new").unwrap(), l.t3_total_col());
    assert_eq!(s.report.int(new), Some(a.int(new).unwrap() + 3119));
    // both reports balance, so their sum does too
    assert!(s.findings.iter().all(|f| f.severity != nianbao_core::Severity::Error), "{:#?}", s.findings);
    // compared with the city's own report, the district's numbers alone differ
    let alone = sum(&reports, Some(1));
    assert_eq!(alone.included, [0]);
    assert!(alone.comparison.iter().any(|f| f.code == "B701" && f.table == Some(TableId::T3)));
}

mod properties {
    use nianbao_core::batch::{agency_key, parse_roster, publication_date, Baseline, Date, DateSource, Input};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

        #[test]
        fn text_of_any_kind_never_panics_and_dates_found_are_real(s in "\\PC{0,200}", t in "[0-9年月日:：\\-/ 发布时间期]{0,40}") {
            for text in [s.as_str(), t.as_str(), &format!("{s}\n{t}")] {
                if let Some((d, _)) = publication_date(text) {
                    prop_assert_eq!(Date::new(d.year, d.month, d.day), Some(d));
                }
                let _ = agency_key(text);
                let _ = parse_roster(text);
                let _ = Baseline::parse(text);
                let _ = Date::parse_month_day(text);
            }
        }

        #[test]
        fn a_date_line_added_to_a_real_report_is_read_back(y in 2015u16..2030, m in 1u8..=12, d in 1u8..=28, cjk in any::<bool>()) {
            let date = Date::new(y, m, d).unwrap();
            let line = if cjk { format!("发布时间：{y}年{m}月{d}日") } else { format!("发布日期: {date} 10:00") };
            let text = format!("{line}\n{}", super::text("2020_minhou_shangwuju.txt"));
            let i = Input::from_text("x.txt", &text).unwrap();
            prop_assert_eq!(i.published, Some((date, DateSource::Page)));
        }
    }
}

/// A scraped page whose header holds no 标题 line but 发布机构 and 栏目 field lines (issue
/// "Hardening, round 3", item 9): made from the corpus's 平潭 2022 page by dropping its 标题
/// line and filling its empty 发布机构 line.
#[test]
fn a_page_with_field_lines_gives_its_unit_and_pairs_with_last_year() {
    let page = text("2022_pingtan_gwh.txt")
        .lines()
        .filter(|l| !l.starts_with("标题:"))
        .map(|l| if l.starts_with("发布机构:") { "发布机构: 平潭综合实验区管委会" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(page.contains("栏目: 政府信息公开年报"));
    let fields = Input::from_text("2022_fields.txt", &page).unwrap();
    assert_eq!(fields.report.meta.agency, "平潭综合实验区管委会");
    let b = batch::review(&[input("2021_pingtan_gwh.txt"), fields], &Options::default());
    let e = b.entries.iter().find(|e| e.file == "2022_fields.txt").unwrap();
    assert_eq!(e.previous.as_deref(), Some("2021_pingtan_gwh.txt"));
}
