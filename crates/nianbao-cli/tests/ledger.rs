//! `nianbao ledger`: a realistic application ledger, written by this test (as .xlsx with
//! rust_xlsxwriter, saved again as .xls and .ods by LibreOffice, and as a GBK .csv with other
//! header names), gives the table 三 this test
//! counts on its own from the true dates and kinds of the rows; the rows that cannot be read are
//! named, the applicants typed from their names are listed, the late answer is listed, and the
//! draft written checks clean.

#[allow(dead_code)]
mod common;
use common::nianbao;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;
use std::collections::BTreeMap;

/// A date as (year, month, day).
type Ymd = (u16, u8, u8);
/// The truth of a row: received, answered, applicant column, outcome row.
type Truth = Option<(Ymd, Option<Ymd>, &'static str, &'static str)>;

/// One ledger row: what the clerk wrote, and (for the rows that count) the truth.
struct App {
    /// 收到日期 as written in the .xlsx and in the .csv (an Excel date when `xlsx_date`).
    received: &'static str,
    received_csv: &'static str,
    xlsx_date: Option<Ymd>,
    name: &'static str,
    kind: &'static str,
    answered: &'static str,
    outcome: &'static str,
    extended: &'static str,
    /// The truth: received and answered dates, applicant column and outcome row (None: the row
    /// cannot be counted).
    truth: Truth,
}

#[allow(clippy::too_many_arguments)]
const fn app(
    received: &'static str,
    received_csv: &'static str,
    name: &'static str,
    kind: &'static str,
    answered: &'static str,
    outcome: &'static str,
    extended: &'static str,
    truth: Truth,
) -> App {
    App { received, received_csv, xlsx_date: None, name, kind, answered, outcome, extended, truth }
}

/// The ledger of 2025, rows in sheet order after two title rows and the header (row 4 on).
fn apps() -> Vec<App> {
    let mut v = vec![
        // carried in from 2024, answered in January
        app(
            "2024/12/20",
            "2024-12-20",
            "李某",
            "自然人",
            "2025年1月10日",
            "予以公开",
            "否",
            Some(((2024, 12, 20), Some((2025, 1, 10)), "np", "open")),
        ),
        // answered in 2024: not in 2025's table at all
        app(
            "2024.11.5",
            "2024/11/5",
            "王某",
            "自然人",
            "2024-11-20",
            "予以公开",
            "",
            Some(((2024, 11, 5), Some((2024, 11, 20)), "np", "open")),
        ),
        // an Excel date cell; a company without a type
        app(
            "",
            "2025-1-6",
            "福州某某科技有限公司",
            "",
            "2025-01-20",
            "部分公开",
            "",
            Some(((2025, 1, 6), Some((2025, 1, 20)), "biz", "partial")),
        ),
        app(
            "2025-02-10",
            "2025年2月10日",
            "某某律师事务所",
            "法人或其他组织-法律服务机构",
            "2025-03-03",
            "不予公开（属于四类过程性信息）",
            "否",
            Some(((2025, 2, 10), Some((2025, 3, 3)), "law", "deny_process")),
        ),
        // answered after 20 working days (due 2025-03-28): late
        app(
            "20250301",
            "2025.3.1",
            "赵某某",
            "自然人",
            "2025-04-20",
            "无法提供-本机关不掌握相关政府信息",
            "否",
            Some(((2025, 3, 1), Some((2025, 4, 20)), "np", "unable_none")),
        ),
        app(
            "2025-05-06",
            "2025-05-06",
            "钱某",
            "公民",
            "2025-05-20",
            "不予处理（重复申请）",
            "",
            Some(((2025, 5, 6), Some((2025, 5, 20)), "np", "reject_repeat")),
        ),
        app(
            "2025-06-03",
            "2025-06-03",
            "某某大学",
            "",
            "2025-06-10",
            "申请人撤回申请",
            "",
            Some(((2025, 6, 3), Some((2025, 6, 10)), "sci", "other_misc")),
        ),
        app(
            "2025-07-01",
            "2025-07-01",
            "某某环保志愿者协会",
            "社会公益组织",
            "2025-07-25",
            "其他处理（逾期不补正）",
            "",
            Some(((2025, 7, 1), Some((2025, 7, 25)), "npo", "other_overdue")),
        ),
        app(
            "2025-08-01",
            "2025-08-01",
            "某某村民委员会",
            "法人或其他组织",
            "2025-08-20",
            "其他处理：申请人逾期未按收费通知要求缴纳费用",
            "",
            Some(((2025, 8, 1), Some((2025, 8, 20)), "oth", "other_fee")),
        ),
        // carried out to 2026: not answered, or answered in January 2026
        app("2025-12-15", "2025-12-15", "孙某", "自然人", "", "", "", Some(((2025, 12, 15), None, "np", ""))),
        app(
            "2025-12-20",
            "2025/12/20",
            "周某",
            "个人",
            "2026-01-08",
            "予以公开",
            "",
            Some(((2025, 12, 20), Some((2026, 1, 8)), "np", "open")),
        ),
        // answered before received: left out (T104)
        app("2025-09-01", "2025-09-01", "吴某", "自然人", "2025-08-25", "予以公开", "", None),
        // a date that cannot be read: left out (T101)
        app("9月5日", "9月5日", "郑某", "自然人", "2025-09-20", "予以公开", "", None),
        // 不予公开 without its reason: left out (T102)
        app("2025-10-09", "2025-10-09", "冯某", "自然人", "2025-10-20", "不予公开", "", None),
        // extended: 40 working days, answered in time
        app(
            "2025-10-10",
            "2025-10-10",
            "陈某",
            "自然人",
            "2025-11-25",
            "予以公开",
            "是",
            Some(((2025, 10, 10), Some((2025, 11, 25)), "np", "open")),
        ),
        // no type: a person's name (T103)
        app(
            "2025-04-01",
            "2025-04-01",
            "张三",
            "",
            "2025-04-10",
            "同意公开",
            "",
            Some(((2025, 4, 1), Some((2025, 4, 10)), "np", "open")),
        ),
    ];
    v[2].xlsx_date = Some((2025, 1, 6));
    v
}

/// Table 三 for `year`, counted here from the truth of each row.
fn expected(year: u16) -> BTreeMap<String, i64> {
    let cols = ["np", "biz", "sci", "npo", "law", "oth"];
    let mut out: BTreeMap<String, i64> = BTreeMap::new();
    let mut add = |row: &str, col: &str| {
        *out.entry(format!("t3.{row}.{col}")).or_default() += 1;
        *out.entry(format!("t3.{row}.total")).or_default() += 1;
    };
    let (start, end) = ((year, 1, 1), (year, 12, 31));
    for a in apps() {
        let Some((rec, ans, col, res)) = a.truth else { continue };
        if rec >= start && rec <= end {
            add("new", col);
        }
        if rec < start && ans.is_none_or(|x| x >= start) {
            add("carry", col);
        }
        if let Some(x) = ans.filter(|x| *x >= start && *x <= end) {
            let _ = x;
            add(res, col);
            add("total", col);
        }
        if rec <= end && ans.is_none_or(|x| x > end) {
            add("next", col);
        }
    }
    for c in cols {
        out.entry(format!("t3.new.{c}")).or_default();
    }
    out
}

fn write_xlsx(path: &std::path::Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("2025年台账").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.write(0, 0, "某某县商务局2025年政府信息公开申请办理台账").unwrap();
    sheet.write(1, 0, "填报单位：某某县商务局").unwrap();
    for (c, h) in [
        "序号",
        "收到申请日期",
        "申请人姓名/名称",
        "申请人性质",
        "申请内容",
        "答复日期",
        "办理结果",
        "是否延期",
        "备注",
    ]
    .iter()
    .enumerate()
    {
        sheet.write(2, c as u16, *h).unwrap();
    }
    let mut r = 3u32;
    for (i, a) in apps().iter().enumerate() {
        if i == 6 {
            r += 1; // a blank row in the middle
        }
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        match a.xlsx_date {
            Some((y, m, d)) => {
                sheet.write_datetime_with_format(r, 1, ExcelDateTime::from_ymd(y, m, d).unwrap(), &date).unwrap();
            }
            None => {
                sheet.write(r, 1, a.received).unwrap();
            }
        }
        sheet.write(r, 2, a.name).unwrap();
        sheet.write(r, 3, a.kind).unwrap();
        sheet.write(r, 4, "某项政府信息").unwrap();
        sheet.write(r, 5, a.answered).unwrap();
        sheet.write(r, 6, a.outcome).unwrap();
        sheet.write(r, 7, a.extended).unwrap();
        r += 1;
    }
    sheet.write(r, 0, "合计").unwrap();
    sheet.write_number(r, 1, apps().len() as f64).unwrap();
    book.save(path).unwrap();
}

fn write_gbk_csv(path: &std::path::Path) {
    let mut text = String::from("某某县商务局政府信息公开申请登记台账（2025年度）\n");
    text.push_str("受理日期,申请人名称,申请人类别,办结日期,答复结果,是否延长,备注\n");
    for a in apps() {
        text.push_str(&format!(
            "{},{},{},{},\"{}\",{},\n",
            a.received_csv, a.name, a.kind, a.answered, a.outcome, a.extended
        ));
    }
    let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    std::fs::write(path, bytes).unwrap();
}

fn table(out: &Value) -> BTreeMap<String, i64> {
    out["table"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_i64().unwrap()))
        .filter(|(_, v)| *v > 0)
        .collect()
}

/// The workbook saved by LibreOffice in another format (`xls:MS Excel 97`, `ods`), as a clerk
/// whose ledger is kept in WPS or LibreOffice would hand it in.
fn libreoffice(book: &std::path::Path, filter: &str, ext: &str) -> std::path::PathBuf {
    let dir = book.parent().unwrap();
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let out = dir.join(ext);
    let lo = std::process::Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", filter, "--outdir"])
        .arg(&out)
        .arg(book)
        .output()
        .expect("LibreOffice (soffice) is installed by scripts/setup.sh --all");
    assert!(lo.status.success(), "{}", String::from_utf8_lossy(&lo.stderr));
    out.join(format!("{}.{ext}", book.file_stem().unwrap().to_string_lossy()))
}

#[test]
fn a_ledger_gives_the_table_counted_from_its_rows_from_xlsx_xls_ods_and_gbk_csv() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("台账.xlsx");
    let csv = dir.path().join("台账.csv");
    write_xlsx(&xlsx);
    write_gbk_csv(&csv);
    let xls = libreoffice(&xlsx, "xls:MS Excel 97", "xls");
    let ods = libreoffice(&xlsx, "ods", "ods");
    let want: BTreeMap<String, i64> = expected(2025).into_iter().filter(|(_, v)| *v > 0).collect();
    // the rows the test holds (title rows and header above): 3 title/header rows in the
    // workbooks (a blank row after the 6th application), 2 in the .csv
    for (file, first_row, blank_after) in
        [(&xlsx, 4u32, Some(6usize)), (&xls, 4, Some(6)), (&ods, 4, Some(6)), (&csv, 3, None)]
    {
        assert!(file.exists(), "{}", file.display());
        let draft = dir.path().join(format!("{}.json", file.extension().unwrap().to_string_lossy()));
        let o = nianbao(&[
            "ledger",
            &file.to_string_lossy(),
            "--year",
            "2025",
            "--format",
            "json",
            "-o",
            &draft.to_string_lossy(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let out: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(table(&out), want, "{}", file.display());
        // the rows left out, by number
        let row_of = |i: usize| first_row + i as u32 + u32::from(blank_after.is_some_and(|b| i >= b));
        let findings = out["findings"].as_array().unwrap();
        let said = |code: &str, row: u32| {
            findings
                .iter()
                .any(|f| f["code"] == code && f["message"].as_str().unwrap().contains(&format!("台账第{row}行")))
        };
        assert!(said("T104", row_of(11)), "answered before received: {findings:#?}");
        assert!(said("T101", row_of(12)), "9月5日");
        assert!(said("T102", row_of(13)), "不予公开 without reason");
        assert!(said("T105", row_of(4)), "the late answer");
        assert_eq!(findings.iter().filter(|f| f["code"] == "T105").count(), 1, "one late answer: {findings:#?}");
        let named = findings.iter().find(|f| f["code"] == "T103").expect("applicants typed from names");
        let msg = named["message"].as_str().unwrap();
        for (i, who) in [(2, "福州某某科技有限公司"), (6, "某某大学"), (8, "某某村民委员会"), (15, "张三")]
        {
            assert!(msg.contains(&format!("第{}行“{who}”", row_of(i))), "{msg}");
        }
        assert!(!findings.iter().any(|f| f["code"].as_str().unwrap().starts_with('A')), "adds up: {findings:#?}");
        // the draft: table 三 as counted, the ledger rows of each cell, and no error
        let report = nianbao_core::Report::from_json(&std::fs::read_to_string(&draft).unwrap()).unwrap();
        let errors: Vec<_> = nianbao_core::check(&report, None)
            .into_iter()
            .filter(|f| f.severity == nianbao_core::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let src = report.provenance.ledger.as_ref().expect("the draft says table 三 came from the ledger");
        let l = report.layout();
        let open_np = l.parse_cell_id("t3.open.np").unwrap();
        assert_eq!(src.rows[&open_np], vec![row_of(0), row_of(14), row_of(15)]);
    }
}

#[test]
fn a_mapping_file_corrects_the_columns_and_bad_input_is_refused_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("台账.csv");
    // headers nobody would recognise: the mapping file names the columns
    let mut text = String::from("日期,人,类,复,果\n");
    text.push_str("2025-03-03,张三,自然人,2025-03-10,予以公开\n2025-03-04,某某公司,,2025-03-12,部分公开\n");
    std::fs::write(&csv, text).unwrap();
    let o = nianbao(&["ledger", &csv.to_string_lossy(), "--year", "2025"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("没有找到台账的表头"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let map = dir.path().join("map.json");
    std::fs::write(&map, r#"{"收到日期": "A", "申请人": "人", "申请人类型": "C", "答复日期": "4", "办理结果": "E"}"#)
        .unwrap();
    let o = nianbao(&[
        "ledger",
        &csv.to_string_lossy(),
        "--year",
        "2025",
        "--map",
        &map.to_string_lossy(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let out: Value = serde_json::from_slice(&o.stdout).unwrap();
    let t = table(&out);
    assert_eq!((t["t3.new.total"], t["t3.open.np"], t["t3.partial.biz"]), (2, 1, 1), "{t:?}");
    std::fs::write(&map, r#"{"收件日期": "A"}"#).unwrap();
    let o = nianbao(&["ledger", &csv.to_string_lossy(), "--year", "2025", "--map", &map.to_string_lossy()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("不是台账的列名"));
    // a damaged workbook, and --merge without -o
    let bad = dir.path().join("坏.xlsx");
    std::fs::write(&bad, b"PK\x03\x04 not a zip at all").unwrap();
    let o = nianbao(&["ledger", &bad.to_string_lossy(), "--year", "2025"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("无法打开表格文件"), "{}", String::from_utf8_lossy(&o.stderr));
    let o = nianbao(&["ledger", &csv.to_string_lossy(), "--year", "2025", "--merge", &csv.to_string_lossy()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("--merge 需要同时用 -o"));
}

/// One 复议/诉讼 case of the test ledger's second sheet: kind, route, filed, decided, result, and
/// the truth (group, column) it counts in for 2025, or None when it is left out or not counted.
struct Case {
    kind: &'static str,
    route: &'static str,
    filed: &'static str,
    decided: &'static str,
    result: &'static str,
    truth: Option<(&'static str, &'static str)>,
    left_out: Option<&'static str>,
}

const fn case(
    kind: &'static str,
    route: &'static str,
    filed: &'static str,
    decided: &'static str,
    result: &'static str,
    truth: Option<(&'static str, &'static str)>,
    left_out: Option<&'static str>,
) -> Case {
    Case { kind, route, filed, decided, result, truth, left_out }
}

fn cases() -> Vec<Case> {
    vec![
        case("行政复议", "", "2025-02-01", "2025年3月20日", "维持原答复", Some(("review", "keep")), None),
        case("行政复议", "", "2024/11/10", "2025-01-15", "撤销原答复，责令重新答复", Some(("review", "correct")), None),
        case("行政复议", "", "2025.12.1", "", "", Some(("review", "pending")), None),
        case("行政诉讼", "未经复议", "2025-04-01", "2025-09-01", "驳回诉讼请求", Some(("direct", "keep")), None),
        case("行政诉讼", "经复议", "2025-05-01", "2025-06-30", "原告撤诉", Some(("after", "other")), None),
        case("行政诉讼", "是", "2024-03-01", "2024-12-01", "维持", None, None),
        case("行政诉讼", "", "2023-06-01", "2026-01-10", "判决驳回", Some(("direct", "pending")), None),
        case("信访事项", "", "2025-03-01", "2025-03-30", "办结", None, Some("T102")),
        case("行政复议", "", "2025-03-01", "2025-13-40", "维持", None, Some("T101")),
        case("行政复议", "", "2025-05-01", "2025-07-01", "待定", None, Some("T102")),
    ]
}

/// A ledger whose workbook also holds a sheet of 复议/诉讼 cases gives table 四, counted here
/// from the truth of each case: results for the cases decided in 2025, 尚未审结 for those filed by
/// the end of 2025 and decided after it; rows that cannot be read are named and left out.
#[test]
fn a_sheet_of_review_and_litigation_cases_gives_table_four() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("台账.xlsx");
    write_xlsx(&xlsx);
    // the same workbook with a second sheet of cases (rust_xlsxwriter writes a new file: both sheets)
    let mut book = Workbook::new();
    {
        let first = book.add_worksheet();
        first.set_name("申请台账").unwrap();
        let sheets = nianbao_sheet::read_any(&std::fs::read(&xlsx).unwrap()).unwrap();
        for (r, row) in sheets[0].rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                first.write(r as u32, c as u16, v.as_str()).unwrap();
            }
        }
    }
    let sheet = book.add_worksheet();
    sheet.set_name("行政复议诉讼").unwrap();
    sheet.write(0, 0, "2025年政府信息公开行政复议、行政诉讼案件台账").unwrap();
    for (c, h) in ["序号", "案件类型", "是否经复议", "收到日期", "结案日期", "结果", "备注"].iter().enumerate()
    {
        sheet.write(1, c as u16, *h).unwrap();
    }
    for (i, k) in cases().iter().enumerate() {
        let r = (i + 2) as u32;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        for (c, v) in [k.kind, k.route, k.filed, k.decided, k.result].iter().enumerate() {
            sheet.write(r, (c + 1) as u16, *v).unwrap();
        }
    }
    let both = dir.path().join("台账与案件.xlsx");
    book.save(&both).unwrap();
    let draft = dir.path().join("draft.json");
    let o = nianbao(&[
        "ledger",
        &both.to_string_lossy(),
        "--year",
        "2025",
        "--format",
        "json",
        "-o",
        &draft.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let out: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(out["sheet"], "申请台账", "the applications' sheet, not the cases'");
    assert_eq!(out["cases_sheet"], "行政复议诉讼");
    // table 三 as from the ledger alone
    let want3: BTreeMap<String, i64> = expected(2025).into_iter().filter(|(_, v)| *v > 0).collect();
    let got = table(&out);
    let got3: BTreeMap<String, i64> =
        got.iter().filter(|(k, _)| k.starts_with("t3.")).map(|(k, v)| (k.clone(), *v)).collect();
    assert_eq!(got3, want3);
    // table 四 from the truth of each case
    let mut want4: BTreeMap<String, i64> = BTreeMap::new();
    for k in cases() {
        if let Some((g, c)) = k.truth {
            *want4.entry(format!("t4.{g}.{c}")).or_default() += 1;
            *want4.entry(format!("t4.{g}.total")).or_default() += 1;
        }
    }
    let got4: BTreeMap<String, i64> = got.into_iter().filter(|(k, _)| k.starts_with("t4.")).collect();
    assert_eq!(got4, want4);
    let findings = out["findings"].as_array().unwrap();
    for (i, k) in cases().iter().enumerate() {
        if let Some(code) = k.left_out {
            let row = i + 3;
            assert!(
                findings
                    .iter()
                    .any(|f| f["code"] == code
                        && f["message"].as_str().unwrap().contains(&format!("复议诉讼台账第{row}行"))),
                "case row {row} ({code}): {findings:#?}"
            );
        }
    }
    // the draft: table 四 written with the rows of each cell, and it adds up
    let report = nianbao_core::Report::from_json(&std::fs::read_to_string(&draft).unwrap()).unwrap();
    let l = report.layout();
    assert_eq!(report.int(l.parse_cell_id("t4.review.total").unwrap()), Some(3));
    assert_eq!(report.int(l.parse_cell_id("t4.after.keep").unwrap()), Some(0), "a counted 0, not a blank");
    let src = report.provenance.ledger.as_ref().unwrap();
    assert_eq!(src.rows[&l.parse_cell_id("t4.direct.pending").unwrap()], vec![9]);
    let errors: Vec<_> = nianbao_core::check(&report, None)
        .into_iter()
        .filter(|f| f.severity == nianbao_core::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
