//! `nianbao check` over a batch and `nianbao sum`, on copies of real reports in temporary
//! folders (the corpus itself is never written).

use serde_json::Value;
use std::path::Path;
mod common;
use common::{corpus, nianbao};
use std::process::Output;

fn text(name: &str) -> String {
    std::fs::read_to_string(corpus().join(name)).expect("UTF-8 corpus file")
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)))
}

fn report<'a>(v: &'a Value, file_end: &str) -> &'a Value {
    v["reports"].as_array().unwrap().iter().find(|r| r["file"].as_str().unwrap().ends_with(file_end)).unwrap()
}

fn s(p: &Path) -> String {
    p.to_string_lossy().to_string()
}

#[test]
fn a_report_dated_in_its_text_gets_published_and_on_time() {
    let dir = tempfile::tempdir().unwrap();
    let dated = dir.path().join("minhou_dated.txt");
    std::fs::write(&dated, format!("发布日期：2021-02-03\n{}", text("2020_minhou_shangwuju.txt"))).unwrap();
    let o = nianbao(&["check", "--format", "json", &s(&dated)]);
    let v = json(&o);
    let r = report(&v, "minhou_dated.txt");
    assert_eq!(r["published"], "2021-02-03");
    assert_eq!(r["published_source"], "页面发布日期");
    assert_eq!(r["deadline"], "2021-01-31", "a 商务局 is a department: 31 January");
    assert_eq!(r["on_time"], false);
    let o = nianbao(&["check", "--format", "json", "--deadline", "02-10", &s(&dated)]);
    assert_eq!(report(&json(&o), "minhou_dated.txt")["on_time"], true);
    // the corpus file itself has no date: 无法判断, never a guess
    let o = nianbao(&["check", "--format", "json", &s(&corpus().join("2020_minhou_shangwuju.txt"))]);
    let v = json(&o);
    let r = report(&v, "2020_minhou_shangwuju.txt");
    assert!(r["published"].is_null() && r["on_time"].is_null() && r["deadline"] == "2021-01-31");
    let o = nianbao(&["check", &s(&dated), "--deadline", "1月35日"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("截止日期“1月35日”无法识别"));
}

#[test]
fn reports_pair_with_the_same_units_previous_year() {
    let dir = tempfile::tempdir().unwrap();
    for n in ["2019_pingtan_gwh.txt", "2021_pingtan_gwh.txt", "2022_pingtan_gwh.txt", "2023_pingtan_gwh.txt"] {
        std::fs::copy(corpus().join(n), dir.path().join(n)).unwrap();
    }
    let o = nianbao(&["check", "--format", "json", &s(dir.path())]);
    let v = json(&o);
    assert!(report(&v, "2022_pingtan_gwh.txt")["previous"].as_str().unwrap().ends_with("2021_pingtan_gwh.txt"));
    assert!(report(&v, "2023_pingtan_gwh.txt")["previous"].as_str().unwrap().ends_with("2022_pingtan_gwh.txt"));
    assert!(report(&v, "2021_pingtan_gwh.txt")["previous"].is_null(), "no 2020 report in the folder");
    assert!(report(&v, "2022_pingtan_gwh.txt")["repetition"]["previous_percent"].is_number());
    // a 2020 report of the same unit (平潭's 2019 text moved on a year) is what 2021 pairs with
    let moved = text("2019_pingtan_gwh.txt").replace("2020", "2021").replace("2019", "2020");
    std::fs::write(dir.path().join("pingtan_2020.txt"), moved).unwrap();
    let o = nianbao(&["check", "--format", "json", &s(dir.path())]);
    let v = json(&o);
    assert!(report(&v, "2021_pingtan_gwh.txt")["previous"].as_str().unwrap().ends_with("pingtan_2020.txt"));
    let r20 = report(&v, "pingtan_2020.txt");
    assert!(r20["previous"].as_str().unwrap().ends_with("2019_pingtan_gwh.txt"));
    assert!(r20["repetition"]["previous_percent"].as_f64().unwrap() > 95.0);
    assert!(r20["findings"].as_array().unwrap().iter().any(|f| f["code"] == "D507"));
    let human = String::from_utf8_lossy(&nianbao(&["check", &s(dir.path())]).stdout).to_string();
    assert!(human.contains("批量检查汇总") && human.contains("与同一单位上年报告配对 4 份"), "{human}");
    assert!(human.contains("与上年重复率达50%：") && human.contains("pingtan_2020.txt（"), "{human}");
    assert!(!human.contains("同一报告的多个文件"), "{human}");
    std::fs::copy(corpus().join("2022_pingtan_gwh.txt"), dir.path().join("again_2022.txt")).unwrap();
    let human = String::from_utf8_lossy(&nianbao(&["check", &s(dir.path())]).stdout).to_string();
    assert!(human.contains("同一报告的多个文件（按一份计）：") && human.contains("again_2022.txt"), "{human}");
    let v = json(&nianbao(&["check", "--format", "json", &s(dir.path())]));
    assert!(report(&v, "again_2022.txt")["copies"][0].as_str().unwrap().ends_with("2022_pingtan_gwh.txt"));
}

#[test]
fn roster_units_without_a_report_are_missing_and_the_summary_csv_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("名单.csv");
    std::fs::write(
        &roster,
        "单位,类别,截止日期\n闽侯县商务局,部门,01-20\n平潭综合实验区管委会,政府,\n闽侯县统计局,部门,\n",
    )
    .unwrap();
    let out_csv = dir.path().join("检查结果.csv");
    let files = [
        corpus().join("2020_minhou_shangwuju.txt"),
        corpus().join("2022_pingtan_gwh.txt"),
        corpus().join("2023_suqian_shuyang_fgj.txt"),
    ];
    // the batch's year 2022: 闽侯县商务局 has only its 2020 report
    let mut args = vec!["check".to_string(), "--format".into(), "json".into(), "--roster".into(), s(&roster)];
    args.extend(["--year".into(), "2022".into()]);
    args.extend(["--summary".into(), s(&out_csv)]);
    args.extend(files.iter().map(|p| s(p)));
    let o = nianbao(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let v = json(&o);
    assert_eq!(v["missing"].as_array().unwrap().len(), 2);
    assert_eq!(v["missing"][0]["agency"], "闽侯县商务局");
    assert_eq!(v["missing"][1]["agency"], "闽侯县统计局");
    assert_eq!(v["missing"][1]["roster_line"], 4);
    assert_eq!(report(&v, "2023_suqian_shuyang_fgj.txt")["in_roster"], false);
    assert_eq!(report(&v, "2022_pingtan_gwh.txt")["in_roster"], true);
    let csv = std::fs::read_to_string(&out_csv).unwrap();
    // the 汇总 sheet of the workbook: the same columns as the .xlsx
    let header = nianbao_workbook::xlsx::SUMMARY_HEADER.map(|h| format!("\"{h}\"")).join(",");
    assert!(csv.starts_with(&format!("\u{FEFF}{header}\r\n")), "{csv}");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 3 + 2);
    assert!(lines[5].starts_with("\"闽侯县统计局\",\"部门\"") && lines[5].contains("\"未发布\""), "{}", lines[5]);
    assert!(lines[3].contains("\"2024-01-17\",\"页面发布日期\",\"2024-01-31\",\"按时\""), "{}", lines[3]);
    // the roster's own deadline for 闽侯县商务局 applies
    assert_eq!(report(&v, "2020_minhou_shangwuju.txt")["deadline"], "2021-01-20");
    // the human summary names the missing units of the batch's year (here 2020, its only year)
    let o = nianbao(&["check", "--roster", &s(&roster), &s(&files[0])]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("未发布2020年度年报：平潭综合实验区管委会、闽侯县统计局"), "{out}");
    // an existing summary is not overwritten, and that is said before any report is read
    let o = nianbao(&["check", "--roster", &s(&roster), "--summary", &s(&out_csv), &s(&files[0])]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stderr).contains("文件已存在"));
    let o = nianbao(&["check", "--summary", &s(&dir.path().join("x.ods")), &s(&files[0])]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("只能写成 .csv 或 .xlsx"));
}

#[test]
fn a_second_pass_with_the_review_file_shows_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    for n in ["2022_pingtan_gwh.txt", "2019_shanghai_szfbgt.html"] {
        std::fs::copy(corpus().join(n), reports.join(n)).unwrap();
    }
    let baseline = dir.path().join("已复核.json");
    let first = nianbao(&["check", "--format", "json", "--write-baseline", &s(&baseline), &s(&reports)]);
    assert_eq!(first.status.code(), Some(1), "the 上海 report has two errors");
    let v1 = json(&first);
    let total: usize = v1["reports"].as_array().unwrap().iter().map(|r| r["findings"].as_array().unwrap().len()).sum();
    let b: Value = serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert!(!b["已复核"].as_array().unwrap().is_empty() && b["已复核"].as_array().unwrap().len() <= total);
    // renamed file, same report: still reviewed (keyed by unit and year, not file name)
    std::fs::rename(reports.join("2022_pingtan_gwh.txt"), reports.join("pingtan_renamed.txt")).unwrap();
    let second = nianbao(&["check", "--format", "json", "--baseline", &s(&baseline), &s(&reports)]);
    assert_eq!(second.status.code(), Some(0), "{}", String::from_utf8_lossy(&second.stdout));
    let v2 = json(&second);
    for r in v2["reports"].as_array().unwrap() {
        assert!(r["findings"].as_array().unwrap().is_empty(), "{r}");
        assert!(r["reviewed"].as_u64().unwrap() > 0);
    }
    // a new report brings its own findings, and only those
    std::fs::copy(corpus().join("2023_suqian_shuyang_fgj.txt"), reports.join("2023_suqian_shuyang_fgj.txt")).unwrap();
    let third = nianbao(&["check", "--format", "json", "--baseline", &s(&baseline), &s(&reports)]);
    let v3 = json(&third);
    let with_findings: Vec<&str> = v3["reports"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["findings"].as_array().unwrap().is_empty())
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert_eq!(with_findings.len(), 1);
    assert!(with_findings[0].ends_with("2023_suqian_shuyang_fgj.txt"));
    // writing the review file again keeps the reviewer's reasons
    let edited = std::fs::read_to_string(&baseline).unwrap().replacen("\"理由\": \"\"", "\"理由\": \"原文如此\"", 1);
    std::fs::write(&baseline, edited).unwrap();
    let o = nianbao(&["check", "--baseline", &s(&baseline), "--write-baseline", &s(&baseline), &s(&reports)]);
    assert!(o.status.code() != Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    let again = std::fs::read_to_string(&baseline).unwrap();
    assert!(again.contains("原文如此") && again.contains("沭阳县发展和改革局"));
}

#[test]
fn sum_adds_up_and_compares_with_the_government_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("汇总.json");
    let hz = s(&corpus().join("2024_huaian_hongzequ.txt"));
    let szf = s(&corpus().join("2024_huaian_szf.txt"));
    let o = nianbao(&["sum", &hz, &szf, "-o", &s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(v["government"].as_str().unwrap().ends_with("2024_huaian_szf.txt"), "the city's own report is compared");
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    assert_eq!(v["year"], 2024);
    let hz_json = json(&nianbao(&["check", "--format", "json", &hz]));
    assert_eq!(v["cells"]["t3.new.total"], hz_json["reports"][0]["totals"]["new"]);
    assert!(v["comparison"].as_array().unwrap().iter().any(|f| f["code"] == "B701"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("与政府年报"));
    let csv = dir.path().join("汇总.csv");
    let o = nianbao(&["sum", &hz, &szf, "-o", &s(&csv)]);
    assert_eq!(o.status.code(), Some(0));
    let t = std::fs::read_to_string(&csv).unwrap();
    assert!(t.starts_with("\u{FEFF}\"表\",\"单元格\",\"名称\",\"汇总\",\"政府年报\""));
    assert!(t.contains("\"t3.new.total\"") && t.contains(",\"3119\""), "{t}");
    let o = nianbao(&["sum", &hz, "-o", &s(&dir.path().join("汇总.xlsx"))]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_corpus_workbook_with_a_roster_opens_in_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("名单.csv");
    std::fs::write(&roster, "单位,类别\n平潭综合实验区管委会,政府\n闽侯县统计局,部门\n").unwrap();
    let xlsx = dir.path().join("out.xlsx");
    let o = nianbao(&["check", "--summary", &s(&xlsx), "--roster", &s(&roster), "--year", "2022", &s(&corpus())]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("工作簿"));
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.path().display());
    let out = std::process::Command::new("soffice")
        // the second sheet, 汇总 (after 概况)
        .args([
            &profile,
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,2",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&xlsx)
        .output()
        .expect("LibreOffice (soffice) is installed by scripts/setup.sh --all");
    let csv = std::fs::read_to_string(dir.path().join("out-汇总.csv"))
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let rows = nianbao_core::batch::roster::csv_records(&csv, ',');
    assert_eq!(rows[0][0], "单位", "the 汇总 sheet");
    let missing = rows.iter().find(|r| r[0] == "闽侯县统计局").expect("the unit without a report");
    assert!(missing.contains(&"未发布".to_string()), "{missing:?}");
    let pt = rows.iter().find(|r| r.last().is_some_and(|f| f.ends_with("2022_pingtan_gwh.txt"))).unwrap();
    assert!(pt.contains(&"2023-02-20".to_string()) && pt.contains(&"按时".to_string()), "{pt:?}");
    assert!(pt.iter().any(|f| f.ends_with("2021_pingtan_gwh.txt")), "paired with 2021: {pt:?}");
}

#[allow(dead_code)]
#[path = "../../../tests/ofd_writer.rs"]
mod ofd_writer;

/// A folder of Word 97–2003, WPS and OFD files (issue 18) is checked like .docx and PDF: each
/// file read by its bytes. The .doc is saved by LibreOffice from `render`'s .docx (installed by
/// `scripts/setup.sh --all`); the .wps holds the same Word binary, as WPS writes by default; the
/// OFD is written by `tests/ofd_writer.rs` from the .docx's text.
#[test]
fn a_folder_of_doc_wps_and_ofd_files_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let docx = dir.path().join("minhou.docx");
    let out = nianbao(&["render", &s(&corpus().join("2020_minhou_shangwuju.txt")), "--to", "docx", "-o", &s(&docx)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.path().display());
    let lo = std::process::Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "doc:MS Word 97", "--outdir"])
        .arg(&reports)
        .arg(&docx)
        .output()
        .expect("LibreOffice (soffice) is installed by scripts/setup.sh --all");
    assert!(lo.status.success(), "{}", String::from_utf8_lossy(&lo.stderr));
    std::fs::copy(reports.join("minhou.doc"), reports.join("minhou_wps.wps")).unwrap();
    let text = nianbao_core::read::read_bytes(&std::fs::read(&docx).unwrap()).unwrap().text;
    std::fs::write(reports.join("minhou.ofd"), ofd_writer::ofd_from_text(&text)).unwrap();
    std::fs::write(reports.join("broken.doc"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 cut short").unwrap();
    let out = nianbao(&["check", "--format", "json", &s(&reports)]);
    let v = json(&out);
    let read: Vec<&str> = v["reports"].as_array().unwrap().iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert_eq!(read.len(), 3, "{read:?}");
    let codes = |end: &str| -> Vec<String> {
        report(&v, end)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes("minhou.doc"), codes("minhou_wps.wps"));
    assert_eq!(
        codes("minhou.doc").iter().filter(|c| *c != "W803").collect::<Vec<_>>(),
        codes("minhou.ofd").iter().filter(|c| *c != "W803").collect::<Vec<_>>()
    );
    let unreadable = v["unreadable"].as_array().unwrap();
    assert_eq!(unreadable.len(), 1, "{unreadable:?}");
    assert!(unreadable[0].to_string().contains("Word 97-2003 文件已损坏"), "{unreadable:?}");
}

/// The text of a Word file's body (its paragraphs and table cells), for looking inside.
fn docx_text(path: &Path) -> String {
    let text = nianbao_core::read::read_bytes(&std::fs::read(path).unwrap()).unwrap().text;
    assert!(!text.is_empty(), "{}", path.display());
    text
}

/// What a supervisor hands on (issue 20): a batch of 2024 reports — one on time, one late, one
/// with a table 三 that does not add up — and a roster with a unit without a report and a unit
/// whose name in the roster is a character or two apart: the 通报 gives the batch's own counts
/// and names every unit with errors, the late one and the missing ones; one Word list per unit
/// with problems; LibreOffice opens the 通报.
#[test]
fn the_notice_and_the_unit_lists_name_every_unit_to_act() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    std::fs::write(reports.join("淮安市.txt"), format!("发布日期：2025-03-20\n{}", text("2024_huaian_szf.txt")))
        .unwrap();
    std::fs::write(reports.join("洪泽区.txt"), format!("发布日期：2025-04-15\n{}", text("2024_huaian_hongzequ.txt")))
        .unwrap();
    // another unit's report whose 本年新收 of 自然人 was mistyped (95 → 96): its rows and
    // columns no longer add up
    let wrong = text("2024_huaian_hongzequ.txt")
        .replace("洪泽区", "淮阴区")
        .replace("一、本年新收政府信息公开申请数量 | 95 |", "一、本年新收政府信息公开申请数量 | 96 |");
    std::fs::write(reports.join("淮阴区.txt"), format!("发布日期：2025-03-28\n{wrong}")).unwrap();
    // the 2023 report of a unit of the roster: the batch's year is 2024, so it has not published
    std::fs::copy(corpus().join("2023_suqian_shuyang_fgj.txt"), reports.join("沭阳县发改局2023.txt")).unwrap();
    let roster = dir.path().join("名单.csv");
    std::fs::write(
        &roster,
        "单位名称,类别\n淮安市人民政府,政府\n淮安市洪泽区人民政府,政府\n淮安市淮阴区人民政府,政府\n沭阳县发展和改革局,部门\n淮安市清江浦区人民政府,政府\n",
    )
    .unwrap();
    let notice = dir.path().join("通报.docx");
    let lists = dir.path().join("清单");
    let book = dir.path().join("检查结果.xlsx");
    let o = nianbao(&[
        "check",
        &s(&reports),
        "--roster",
        &s(&roster),
        "--summary",
        &s(&book),
        "--notice",
        &s(&notice),
        "--unit-lists",
        &s(&lists),
        "--issuer",
        "淮安市人民政府办公室",
        "--notice-date",
        "2025年5月6日",
        "--fix-by",
        "2025年5月30日",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "errors found: {err}");
    assert!(err.contains("已写入通报") && err.contains("份单位问题清单"), "{err}");
    let body = docx_text(&notice);
    assert!(body.contains("关于2024年度政府信息公开工作年度报告检查情况的通报"), "{body}");
    assert!(body.contains("本次检查名单内单位5家，已发布年报3家"), "{body}");
    assert!(body.contains("逾期发布1家（淮安市洪泽区人民政府）"), "{body}");
    assert!(body.contains("未发布2家（沭阳县发展和改革局、淮安市清江浦区人民政府）"), "{body}");
    assert!(body.contains("统计表勾稽关系错误") && body.contains("淮安市淮阴区人民政府（"), "{body}");
    assert!(body.contains("于2025年5月30日前") && body.contains("淮安市人民政府办公室"), "{body}");
    assert!(body.contains("| 序号 | 单位 | 级别 | 位置 | 问题 | 应为 |"), "the attachment: {body}");
    assert!(!body.contains("t3.") && !body.contains("t4."), "cells by their names, never ids: {body}");
    // one list per unit with problems, of the batch's year
    let mut names: Vec<String> =
        std::fs::read_dir(&lists).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    assert!(names.contains(&"淮安市淮阴区人民政府2024年度问题清单.docx".to_string()), "{names:?}");
    assert!(names.contains(&"淮安市洪泽区人民政府2024年度问题清单.docx".to_string()), "late: {names:?}");
    assert!(!names.iter().any(|n| n.contains("沭阳")), "not of the batch's year: {names:?}");
    let list = docx_text(&lists.join("淮安市淮阴区人民政府2024年度问题清单.docx"));
    assert!(list.contains("有错误") && list.contains("错误") && list.contains("表三"), "{list}");
    // LibreOffice opens the 通报
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.path().display());
    let lo = std::process::Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&notice)
        .output()
        .expect("LibreOffice (soffice) is installed by scripts/setup.sh --all");
    assert!(dir.path().join("通报.pdf").exists(), "{}", String::from_utf8_lossy(&lo.stderr));
}
