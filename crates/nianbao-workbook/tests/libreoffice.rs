//! The workbook of real corpus reports, opened by LibreOffice: every sheet converted to CSV
//! and compared with the rows it was written from; the header frozen and filtered, rows with
//! errors filled.

use nianbao_core::batch::{self, parse_roster, Input, Options};
use nianbao_core::import;
use nianbao_tests::{corpus_dir, load};
use nianbao_workbook::rows::{totals_in_order, FindingRow, ReportRow};
use nianbao_workbook::xlsx::{FINDINGS_HEADER, NOT_PUBLISHED, SHEETS, SUMMARY_HEADER};
use nianbao_workbook::{to_xlsx, Workbook};
use std::io::Read;
use std::path::Path;
use std::process::Command;

/// The complete reports of the corpus (every form: scraped text, HTML, PDF text, Markdown),
/// 平潭 2021 and 2022 among them (a pair of consecutive years of one unit).
const REPORTS: [&str; 9] = [
    "2019_shanghai_szfbgt.html",
    "2019_pingtan_gwh.txt",
    "2020_minhou_shangwuju.txt",
    "2021_pingtan_gwh.txt",
    "2022_pingtan_gwh.txt",
    "2023_suqian_shuyang_fgj.txt",
    "2024_huaian_hongzequ.txt",
    "2024_huaian_szf.txt",
    "2024_shanghai_kewei.txt",
];

/// The roster of the test: one unit with reports, one without.
const ROSTER: &str = "单位,类别\n平潭综合实验区管委会,政府\n闽侯县统计局,部门\n";

/// The workbook of a batch review of the corpus reports, the roster and a Word 97–2003 file
/// (unreadable).
fn corpus_workbook() -> Workbook {
    let inputs: Vec<Input> = REPORTS
        .iter()
        .map(|name| Input::from_bytes(name, &std::fs::read(corpus_dir().join(name)).unwrap()).unwrap())
        .collect();
    // the batch's year 2022: 平潭 has its report of that year, 闽侯县统计局 has none
    let opts = Options { roster: Some(parse_roster(ROSTER).unwrap()), year: Some(2022), ..Options::default() };
    let mut book = Workbook::from_batch(&batch::review(&inputs, &opts));
    // a damaged Word 97–2003 file is not read: its reason goes to 未读取
    let doc = "附件1.doc";
    let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    bytes.resize(4096, 0);
    let err = import::import_bytes(&bytes).expect_err("a damaged .doc is not read");
    book.add_unreadable(doc, &err.to_string());
    book
}

/// Converts every sheet to CSV (UTF-8) with LibreOffice; the rows of each sheet by name.
fn sheets_as_csv(xlsx: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.xlsx");
    std::fs::write(&path, xlsx).unwrap();
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.path().display());
    // 44 = comma, 34 = quote, 76 = UTF-8, cells as shown (percentages); -1: every sheet to its own file
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1";
    let out = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", filter, "--outdir"])
        .arg(dir.path())
        .arg(&path)
        .output()
        .expect("LibreOffice (soffice, Calc) is installed by scripts/setup.sh --all");
    SHEETS
        .iter()
        .map(|name| {
            let csv = dir.path().join(format!("book-{name}.csv"));
            assert!(
                csv.exists(),
                "LibreOffice did not write sheet {name}: {} {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            (name.to_string(), read_csv(&csv))
        })
        .collect()
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(path).unwrap();
    r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The 汇总 row as LibreOffice shows it.
fn expected_summary(r: &ReportRow) -> Vec<String> {
    let pct = |v: Option<f64>| opt(v.map(|p| format!("{:.0}%", p * 100.0)));
    let mut v = vec![
        r.agency.clone(),
        r.level.clone(),
        opt(r.year),
        r.edition.clone(),
        opt(r.published.clone()),
        opt(r.date_source.clone()),
        opt(r.deadline.clone()),
        r.on_time_label().to_string(),
        r.errors.to_string(),
        r.warnings.to_string(),
    ];
    v.extend(totals_in_order(&r.totals).iter().map(|t| opt(*t)));
    v.extend([opt(r.previous.clone()), pct(r.repetition), opt(r.similar.clone()), pct(r.similar_share)]);
    v.extend([r.roster.clone(), r.copies.join("\n"), r.file.clone()]);
    v
}

fn expected_finding(f: &FindingRow) -> Vec<String> {
    [&f.file, &f.agency, &f.code, &f.severity, &f.table, &f.cells, &f.found, &f.expected, &f.message]
        .into_iter()
        .cloned()
        .collect()
}

fn sheet<'a>(sheets: &'a [(String, Vec<Vec<String>>)], name: &str) -> &'a [Vec<String>] {
    &sheets.iter().find(|(n, _)| n == name).unwrap().1
}

#[test]
fn libreoffice_reads_every_sheet_as_written() {
    let book = corpus_workbook();
    let xlsx = to_xlsx(&book).expect("workbook written");
    let sheets = sheets_as_csv(&xlsx);
    assert_eq!(sheets.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), SHEETS);

    let summary = sheet(&sheets, "汇总");
    assert_eq!(summary[0], SUMMARY_HEADER.map(String::from));
    assert_eq!(summary.len(), 1 + REPORTS.len() + 1);
    for (row, r) in summary[1..].iter().zip(&book.reports) {
        assert_eq!(row, &expected_summary(r), "汇总 row of {}", r.file);
    }
    let missing = summary.last().unwrap();
    assert_eq!(&missing[..5], ["闽侯县统计局", "部门", "", "", NOT_PUBLISHED]);
    assert_eq!((missing[7].as_str(), missing[21].as_str()), (NOT_PUBLISHED, "名单第3行"));

    let col = |name: &str| SUMMARY_HEADER.iter().position(|h| *h == name).unwrap();
    let row_of = |file: &str| summary.iter().find(|r| r[col("文件")] == file).unwrap();
    // the figures the reports printed (INDEX.tsv): 淮安市人民政府 3119 + 34 = 3050 + 103
    let szf = row_of("2024_huaian_szf.txt");
    assert_eq!(&szf[col("本年新收")..=col("诉讼（复议后起诉）")], ["3119", "34", "3050", "103", "351", "26", "20"]);
    assert_eq!(szf[col("类别")], "政府");
    // 上海市人民政府办公厅 2019: 859 + 18 = 805 + 72, and its text contradicts its tables;
    // the page says 发布日期 2020-01-31, the deadline of a department's report
    let sh = row_of("2019_shanghai_szfbgt.html");
    assert_eq!(&sh[col("本年新收")..=col("结转下年度")], ["859", "18", "805", "72"]);
    assert_ne!(sh[col("错误")], "0", "the 上海 report has text-vs-table errors");
    assert_eq!(sh[col("发布日期")], "2020-01-31");
    assert_eq!(sh[col("是否按时")], "按时");
    // 平潭 2022 is paired with its 2021 report, and the roster lists 平潭
    let pt = row_of("2022_pingtan_gwh.txt");
    assert_eq!(pt[col("上年报告")], "2021_pingtan_gwh.txt");
    assert!(pt[col("与上年重复率")].ends_with('%'), "repetition from 2021: {pt:?}");
    assert_eq!(pt[col("名单")], "在名单中");
    assert_eq!(row_of("2024_huaian_szf.txt")[col("名单")], "不在名单中");

    let findings = sheet(&sheets, "问题清单");
    assert_eq!(findings[0], FINDINGS_HEADER.map(String::from));
    // errors first, then warnings; the information on 阅读提示
    let (act, notes) = nianbao_workbook::xlsx::split_findings(&book);
    assert_eq!(findings.len(), 1 + act.len());
    assert!(act.len() > REPORTS.len(), "the corpus reports have findings");
    for (row, f) in findings[1..].iter().zip(&act) {
        assert_eq!(row, &expected_finding(f));
    }
    let first_warning = act.iter().position(|f| f.severity == "警告").unwrap();
    assert!(act[first_warning..].iter().all(|f| f.severity == "警告"), "errors before warnings");
    let reading = sheet(&sheets, "阅读提示");
    assert_eq!(reading.len(), 1 + notes.len());
    assert!(reading[1..].iter().all(|r| r[3] == "提示"));
    assert_eq!(act.len() + notes.len(), book.findings.len());
    // 概况 and the tables of 统计图
    let overview = sheet(&sheets, "概况");
    let value = |what: &str| overview.iter().find(|r| r[0].starts_with(what)).map(|r| r[1].clone()).unwrap();
    assert_eq!(value("名单内未发布"), book.missing.len().to_string());
    assert_eq!(value("错误"), book.findings.iter().filter(|f| f.severity == "错误").count().to_string());
    let charts = sheet(&sheets, "统计图");
    assert!(charts.iter().any(|r| r[0] == "年报发布情况") && charts.iter().any(|r| r[0] == "问题按类别"));
    let parts = {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&xlsx)).unwrap();
        (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().to_string()).collect::<Vec<_>>()
    };
    assert!(parts.iter().filter(|p| p.starts_with("xl/charts/chart")).count() >= 3, "native charts: {parts:?}");
    // printing: landscape, fit to the width, the header row repeated
    let summary_xml = part(&xlsx, "xl/worksheets/sheet2.xml");
    assert!(summary_xml.contains(r#"orientation="landscape""#) && summary_xml.contains(r#"fitToHeight="0""#));
    assert!(part(&xlsx, "xl/workbook.xml").contains("_xlnm.Print_Titles"));

    let unread = sheet(&sheets, "未读取");
    assert_eq!(unread[1], [book.unreadable[0].file.clone(), book.unreadable[0].reason.clone()]);

    let rules = sheet(&sheets, "规则说明");
    assert_eq!(rules.len(), 1 + nianbao_core::rules::RULES.len());
    assert_eq!(rules[1][0], nianbao_core::rules::RULES[0].code);
    assert_eq!(rules[1][1], nianbao_core::rules::RULES[0].severity.label());
}

#[test]
fn formula_looking_and_control_characters_stay_plain_text() {
    let mut book = Workbook::new();
    let report = load("2020_minhou_shangwuju.txt");
    book.add_report("=1+1.txt", &report, &[]);
    book.add_unreadable("@SUM(A1:A3)\u{1}\u{8}.html", "+A1\u{0}-2\r\n第二行");
    let xlsx = to_xlsx(&book).unwrap();
    let sheets = sheets_as_csv(&xlsx);
    assert_eq!(sheet(&sheets, "汇总")[1].last().unwrap(), "=1+1.txt");
    // control characters shown as their pictures, as every other output shows them, never raw
    assert_eq!(sheet(&sheets, "未读取")[1], ["@SUM(A1:A3)␁␈.html", "+A1␀-2\n第二行"]);
}

/// One file of the .xlsx zip, as text.
fn part(xlsx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn header_is_frozen_and_filtered_and_error_rows_are_filled() {
    let book = corpus_workbook();
    let xlsx = to_xlsx(&book).unwrap();
    // 汇总 is the second sheet, after 概况
    let sheet1 = part(&xlsx, "xl/worksheets/sheet2.xml");
    assert!(sheet1.contains(r#"ySplit="1""#) && sheet1.contains(r#"state="frozen""#), "frozen header");
    let last = 1 + book.reports.len() + book.missing.len();
    assert!(sheet1.contains(&format!(r#"<autoFilter ref="A1:X{last}"/>"#)), "autofilter over 汇总");
    let styles = part(&xlsx, "xl/styles.xml");
    assert!(styles.contains("FFFFC7CE"), "a light red fill for rows with errors");
    // the row of a report with errors uses a style other than the one of a clean report
    let with_errors = 2 + book.reports.iter().position(|r| r.errors > 0).unwrap();
    let clean = 2 + book.reports.iter().position(|r| r.errors == 0).unwrap();
    let style_of = |row: usize| {
        let at = sheet1.find(&format!(r#"<c r="A{row}""#)).unwrap();
        let cell = &sheet1[at..at + sheet1[at..].find('>').unwrap()];
        cell.split(r#"s=""#).nth(1).map(|s| s.split('"').next().unwrap().to_string())
    };
    assert!(style_of(with_errors).is_some());
    assert_ne!(style_of(with_errors), style_of(clean));
}
