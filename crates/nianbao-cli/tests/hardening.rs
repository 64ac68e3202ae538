//! Bad inputs as a supervisor meets them in a batch of downloaded files: each test reproduces one
//! fault found by trying the CLI with mutated and hand-made inputs (issue "Hardening").

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn corpus() -> PathBuf {
    match std::env::var("NIANBAO_CORPUS") {
        Ok(d) => PathBuf::from(d),
        Err(_) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    }
}

fn cmd(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    c.args(args).env("NO_COLOR", "1");
    c
}

fn nianbao(args: &[&str]) -> Output {
    cmd(args).output().expect("runs")
}

/// Runs with a time limit, so that a walk that blocks fails the test instead of hanging it.
fn nianbao_within(args: &[&str], limit: Duration) -> Output {
    let mut child = cmd(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("runs");
    let start = Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("nianbao {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("output")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!("one JSON document expected ({e}): {}{}", String::from_utf8_lossy(&o.stdout), stderr(o))
    })
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

fn seed() -> String {
    fs::read_to_string(corpus().join("2020_minhou_shangwuju.txt")).expect("corpus seed")
}

/// A folder with the clean seed report in it.
fn batch_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a_good.txt"), seed()).unwrap();
    dir
}

fn deep_html(depth: usize) -> String {
    format!("<p>一、总体情况</p>{}正文{}", "<span>".repeat(depth), "</span>".repeat(depth))
}

#[test]
fn html_nested_20000_deep_is_refused_and_loses_no_other_report() {
    let dir = batch_dir();
    fs::write(dir.path().join("deep.html"), deep_html(20_000)).unwrap();
    fs::write(dir.path().join("deeper.html"), deep_html(100_000)).unwrap();
    fs::write(dir.path().join("z_good.txt"), seed()).unwrap();
    let o = nianbao_within(&["check", "--format", "json", s(dir.path())], Duration::from_secs(60));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["reports"].as_array().unwrap().len(), 2, "both good reports are checked");
    let bad = v["unreadable"].as_array().unwrap();
    assert_eq!(bad.len(), 2);
    assert!(bad.iter().all(|u| u["error"].as_str().unwrap().contains("嵌套深度")), "{bad:?}");
}

#[test]
fn a_symlink_loop_is_walked_once() {
    let dir = batch_dir();
    std::os::unix::fs::symlink(".", dir.path().join("self")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("again")).unwrap();
    let o = nianbao_within(&["check", "--format", "json", s(dir.path())], Duration::from_secs(30));
    let v = json(&o);
    assert_eq!(v["reports"].as_array().unwrap().len(), 1, "{v}");
    let skipped: Vec<&str> = v["skipped"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
    assert!(skipped.iter().any(|p| p.ends_with("self")) && skipped.iter().any(|p| p.ends_with("again")), "{skipped:?}");
}

#[test]
fn a_fifo_is_skipped_and_devices_and_huge_files_are_refused() {
    let dir = batch_dir();
    let fifo = dir.path().join("b.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let o = nianbao_within(&["check", "--format", "json", s(dir.path())], Duration::from_secs(30));
    let v = json(&o);
    assert_eq!(v["reports"].as_array().unwrap().len(), 1);
    assert!(v["skipped"].as_array().unwrap().iter().any(|p| p.as_str().unwrap().ends_with("b.txt")), "{v}");

    let o = nianbao_within(&["check", "/dev/zero"], Duration::from_secs(30));
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("不是普通文件"), "{}", stdout(&o));

    let big = dir.path().join("big.txt");
    fs::File::create(&big).unwrap().set_len(65 * 1024 * 1024).unwrap();
    let o = nianbao_within(
        &["check", "--format", "json", s(&big), s(&dir.path().join("a_good.txt"))],
        Duration::from_secs(30),
    );
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert!(v["unreadable"][0]["error"].as_str().unwrap().contains("64 MB"), "{v}");
    assert_eq!(v["reports"].as_array().unwrap().len(), 1);
}

#[test]
fn terminal_escapes_in_a_report_or_its_name_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let text = seed().replacen("闽侯县商务局", "闽侯县商务局\u{1b}]0;pwned\u{7}\u{1b}[2J", 1);
    let name = dir.path().join("evil\u{1b}[31m.txt");
    fs::write(&name, text).unwrap();
    // colours forced on, as on a terminal: only nianbao's own styles may be escape sequences
    let o = cmd(&["check", s(&name)]).env_remove("NO_COLOR").env("CLICOLOR_FORCE", "1").output().unwrap();
    let out = stdout(&o);
    assert!(!out.contains("\u{1b}]0;") && !out.contains("\u{1b}[2J") && !out.contains("\u{1b}[31m.txt"), "{out:?}");
    assert!(out.contains("evil␛[31m.txt"), "the name is shown with the escape made visible: {out:?}");
}

#[test]
fn a_draft_with_sorted_keys_is_read_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("d.json");
    let o = nianbao(&["convert", s(&corpus().join("2020_minhou_shangwuju.txt")), "-o", s(&draft)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // serde_json's Value keeps keys sorted, as `jq -S` writes them: "schema" last
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&draft).unwrap()).unwrap();
    let sorted = serde_json::to_string_pretty(&v).unwrap();
    assert!(sorted.find("\"schema\"").unwrap() > 2048, "the test needs schema beyond 2 KB");
    let sorted_path = dir.path().join("sorted.json");
    fs::write(&sorted_path, sorted).unwrap();
    let a = json(&nianbao(&["check", "--format", "json", s(&draft)]));
    let b = json(&nianbao(&["check", "--format", "json", s(&sorted_path)]));
    assert_eq!(a["reports"][0]["findings"], b["reports"][0]["findings"]);
    assert_eq!(b["reports"][0]["counts"]["error"], 0);
    // a JSON object that is no draft is a draft error, never a text report
    let other = dir.path().join("other.json");
    fs::write(&other, r#"{"hello": "一、总体情况"}"#).unwrap();
    let o = nianbao(&["check", "--format", "json", s(&other)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(json(&o)["unreadable"][0]["error"].as_str().unwrap().contains("草稿"));
}

#[test]
fn one_quoted_tag_leaves_a_text_report_text() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.txt");
    let tagged = dir.path().join("tagged.txt");
    let text = seed();
    fs::write(&plain, &text).unwrap();
    let at = text.find("二、").expect("part two");
    fs::write(&tagged, format!("{}网址：<p>见门户网站</p>\n{}", &text[..at], &text[at..])).unwrap();
    let a = json(&nianbao(&["check", "--format", "json", s(&plain)]));
    let b = json(&nianbao(&["check", "--format", "json", s(&tagged)]));
    assert_eq!(a["reports"][0]["counts"], b["reports"][0]["counts"], "{}", b["reports"][0]["findings"]);
}

#[test]
fn render_writes_through_no_planted_link_keeps_permissions_and_leaves_no_temp_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let src = corpus().join("2020_minhou_shangwuju.txt");
    let victim = dir.path().join("victim");
    fs::write(&victim, "keep me").unwrap();
    let out = dir.path().join("年报.txt");
    std::os::unix::fs::symlink(&victim, &out).unwrap();
    let o = nianbao(&["render", s(&src), "--to", "txt", "-o", s(&out), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me", "the link is replaced, not followed");
    assert!(fs::read_to_string(&out).unwrap().contains("闽侯县商务局"));

    fs::set_permissions(&out, fs::Permissions::from_mode(0o600)).unwrap();
    let o = nianbao(&["render", s(&src), "--to", "md", "-o", s(&out), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    assert_eq!(left.len(), 2, "only the victim and the output remain: {left:?}");

    // a folder as the output is named as such, with or without --force
    for force in [false, true] {
        let mut args = vec!["render", s(&src), "--to", "txt", "-o", s(dir.path())];
        if force {
            args.push("--force");
        }
        let o = nianbao(&args);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("是一个目录"), "{}", stderr(&o));
    }
}

#[test]
fn a_full_disk_on_stdout_is_said_and_exits_two() {
    let full = fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    let o = cmd(&["check", s(&corpus().join("2020_minhou_shangwuju.txt"))]).stdout(full).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("磁盘已满"), "{}", stderr(&o));
}

#[test]
fn usage_errors_name_the_missing_argument_and_the_summary_counts_right() {
    let src = corpus().join("2020_minhou_shangwuju.txt");
    let o = nianbao(&["render", s(&src), "--to", "docx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("未给出") && stderr(&o).contains("--output"), "{}", stderr(&o));

    let dir = batch_dir();
    fs::write(dir.path().join("b_good.txt"), seed()).unwrap();
    fs::write(dir.path().join("c_empty.txt"), "").unwrap();
    fs::write(dir.path().join("d_bin.txt"), [0u8, 1, 2, 3, 0, 0, 0, 9]).unwrap();
    let out = stdout(&nianbao(&["check", s(dir.path())]));
    assert!(out.contains("共 4 份：已检查 2 份（0 份有错误），2 份无法读取"), "{out}");
}

#[test]
fn a_file_name_that_is_not_utf8_maps_back_from_the_json() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let raw: &[u8] = b"bad\xff\xfename.txt";
    let name = dir.path().join(std::ffi::OsStr::from_bytes(raw));
    fs::write(&name, seed()).unwrap();
    let v = json(&nianbao(&["check", "--format", "json", s(dir.path())]));
    let bytes: Vec<u8> = v["reports"][0]["file_bytes"]
        .as_array()
        .expect("file_bytes")
        .iter()
        .map(|b| b.as_u64().unwrap() as u8)
        .collect();
    let back = std::path::PathBuf::from(std::ffi::OsStr::from_bytes(&bytes));
    assert_eq!(back, name);
    assert!(fs::metadata(&back).is_ok());
}
