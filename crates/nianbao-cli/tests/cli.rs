//! The `nianbao` binary as a user runs it: exit codes, output formats, files.

mod common;
use common::{corpus, nianbao};
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn path(name: &str) -> String {
    corpus().join(name).to_string_lossy().to_string()
}

#[test]
fn a_clean_report_exits_zero() {
    let o = nianbao(&["check", &path("2020_minhou_shangwuju.txt")]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(!stdout(&o).contains("错误["));
    assert!(stdout(&o).contains("0 个错误"));
}

#[test]
fn the_corpus_folder_exits_one_and_lists_the_real_errors() {
    let o = nianbao(&["check", &corpus().to_string_lossy()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{}", stderr(&o));
    assert!(out.contains("错误[X405]"), "{out}");
    assert!(out.contains("无法提供265件"));
    assert!(out.contains("跳过目录中") && out.contains("INDEX.tsv"), "the TSV file is skipped and said so");
}

#[test]
fn the_corpus_pdfs_are_read_with_their_twins_totals_and_no_error() {
    let o = nianbao(&["check", "--format", "json", &corpus().to_string_lossy()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    let reports = v["reports"].as_array().unwrap();
    let by_name = |name: &str| {
        reports
            .iter()
            .find(|r| r["file"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} is checked"))
    };
    for stem in ["2024_huaian_szf", "2024_huaian_hongzequ"] {
        let (pdf, txt) = (by_name(&format!("{stem}.pdf")), by_name(&format!("{stem}.txt")));
        assert_eq!(pdf["counts"]["error"], 0, "{stem}.pdf: {}", pdf["findings"]);
        assert_eq!(pdf["totals"], txt["totals"], "{stem}: the PDF reads the totals of its text twin");
        assert_eq!(pdf["unread_cells"], txt["unread_cells"], "{stem}");
    }
    assert_eq!(by_name("2024_huaian_szf.pdf")["totals"]["new"], 3119);
    assert_eq!(by_name("2024_huaian_hongzequ.pdf")["totals"]["new"], 95);
    assert!(v["skipped"].as_array().unwrap().iter().all(|p| !p.as_str().unwrap().ends_with(".pdf")));
}

#[test]
fn json_output_has_the_fixed_fields() {
    let o = nianbao(&["check", "--format", "json", &path("2019_shanghai_szfbgt.html"), &path("2022_pingtan_gwh.txt")]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    let sh = &reports[0];
    assert!(sh["file"].as_str().unwrap().ends_with("2019_shanghai_szfbgt.html"));
    assert_eq!(sh["year"], 2019);
    assert_eq!(sh["edition"], "2019");
    let f = sh["findings"].as_array().unwrap().iter().find(|f| f["code"] == "X405").unwrap();
    assert_eq!(f["severity"], "error");
    assert_eq!(f["table"], "三");
    assert!(f["message"].as_str().unwrap().contains("与表三不符"));
    let pt = &reports[1];
    assert_eq!(pt["edition"], "2021");
    let w = pt["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "V203" || f["code"] == "S311" || f["code"] == "I001")
        .unwrap();
    assert!(w["table"].is_null() || w["table"].is_string());
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let p = path("2020_minhou_shangwuju.txt");
    assert_eq!(nianbao(&["check", &p]).status.code(), Some(0));
    assert_eq!(nianbao(&["check", "--deny-warnings", &p]).status.code(), Some(1));
}

#[test]
fn explain_works_for_every_rule() {
    let list = stdout(&nianbao(&["rules"]));
    let codes: Vec<String> = list
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| c.len() == 4)
        .map(String::from)
        .collect();
    assert!(codes.len() >= 30, "{list}");
    for code in codes {
        let o = nianbao(&["explain", &code.to_lowercase()]);
        assert_eq!(o.status.code(), Some(0), "{code}");
        let text = stdout(&o);
        assert!(text.contains("错误示例") && text.contains("正确示例"), "{code}: {text}");
    }
    let o = nianbao(&["explain", "Z999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有规则“Z999”"));
}

#[test]
fn unreadable_files_are_named_and_the_rest_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("坏文件.txt");
    std::fs::write(&bad, [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    let o = nianbao(&["check", &bad.to_string_lossy(), &path("2020_minhou_shangwuju.txt")]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(out.contains("坏文件.txt") && out.contains("不是文本"), "{out}");
    assert!(out.contains("2020_minhou_shangwuju.txt（闽侯县商务局"), "{out}");
    let o = nianbao(&["check", "/no/such/file.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("不存在"));
}

#[test]
fn convert_writes_a_draft_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("draft.json");
    let o = nianbao(&["convert", &path("2021_pingtan_gwh.txt"), "-o", &out.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = std::fs::read_to_string(&out).unwrap();
    assert!(json.contains("\"schema\": 1") && json.contains("\"t3.new.total\": 70"));
    std::fs::write(&out, "keep me").unwrap();
    let o = nianbao(&["convert", &path("2021_pingtan_gwh.txt"), "-o", &out.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let o = nianbao(&["convert", &path("2021_pingtan_gwh.txt"), "-o", &out.to_string_lossy(), "--force"]);
    assert_eq!(o.status.code(), Some(0));
    // the draft checks like the source
    let a = stdout(&nianbao(&["check", "--format", "json", &out.to_string_lossy()]));
    let b = stdout(&nianbao(&["check", "--format", "json", &path("2021_pingtan_gwh.txt")]));
    let fa: serde_json::Value = serde_json::from_str(&a).unwrap();
    let fb: serde_json::Value = serde_json::from_str(&b).unwrap();
    assert_eq!(fa["reports"][0]["findings"], fb["reports"][0]["findings"]);
    assert!(std::fs::read_dir(dir.path()).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".tmp")));
}

#[test]
fn previous_year_carry_over_is_checked() {
    let o = nianbao(&[
        "check",
        "--format",
        "json",
        "--previous",
        &path("2021_pingtan_gwh.txt"),
        &path("2022_pingtan_gwh.txt"),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = v["reports"][0]["findings"].as_array().unwrap();
    // 2021 结转下年度 1 (自然人) = 2022 上年结转 1: no D501
    assert!(!f.iter().any(|f| f["code"] == "D501"), "{f:#?}");
    let o = nianbao(&[
        "check",
        "--format",
        "json",
        "--previous",
        &path("2022_pingtan_gwh.txt"),
        &path("2023_pingtan_gwh.txt"),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = v["reports"][0]["findings"].as_array().unwrap();
    assert!(!f.iter().any(|f| f["code"] == "D501"), "2022 结转 0 = 2023 上年结转 0");
}

#[test]
fn usage_errors_are_explained_in_chinese() {
    let o = nianbao(&["chekc"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("用法错误"), "{}", stderr(&o));
    let o = nianbao(&["check", "--format", "xml", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("参数取值不对"));
    let o = nianbao(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("用法"));
}

#[test]
fn a_batch_on_every_core_prints_what_one_core_prints() {
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0;
    for round in 0..4 {
        for e in std::fs::read_dir(corpus()).unwrap().filter_map(|e| e.ok()) {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "txt" || x == "html") {
                n += 1;
                std::fs::copy(&p, dir.path().join(format!("{round}_{}", p.file_name().unwrap().to_string_lossy())))
                    .unwrap();
            }
        }
    }
    let run = |threads: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["check", "--format", "json", &dir.path().to_string_lossy()])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap()
    };
    let (one, all) = (run("1"), run("4"));
    assert_eq!(one.status.code(), all.status.code());
    assert!(one.stdout == all.stdout, "the JSON of a parallel run differs from the single-threaded one");
    let v: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(v["reports"].as_array().unwrap().len(), n);
}

/// A local rubric (--profile) turns L901 on: 淮安市政府2024's 总体情况 is longer than a 1,000-
/// character cap; without the file, or with a higher cap, nothing is said. A file with an unknown
/// item is refused in Chinese, naming it.
#[test]
fn a_local_rubric_turns_its_checks_on() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = |name: &str, json: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, json).unwrap();
        p.to_string_lossy().to_string()
    };
    let report = path("2024_huaian_szf.txt");
    let capped = rubric("cap.json", r#"{"名称": "某市年报评估细则", "总体情况字数上限": 1000}"#);
    let out = stdout(&nianbao(&["check", &report, "--profile", &capped]));
    assert!(out.contains("警告[L901]") && out.contains("超过某市年报评估细则规定的1000字"), "{out}");
    assert!(!stdout(&nianbao(&["check", &report])).contains("L901"));
    let loose = rubric("loose.json", r#"{"总体情况字数上限": 100000}"#);
    assert!(!stdout(&nianbao(&["check", &report, "--profile", &loose])).contains("L901"));
    let wrong = rubric("wrong.json", r#"{"总体情况字数": 1000}"#);
    let o = nianbao(&["check", &report, "--profile", &wrong]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("地方细则文件格式有误") && stderr(&o).contains("总体情况字数"), "{}", stderr(&o));
}
