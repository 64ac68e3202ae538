//! Where the CLI writes and what it tells: no output ever replaces a device or a pipe, new files
//! follow the umask, every output is checked before a batch is read, roster text never reaches
//! the terminal raw, report files of forms that are not read are listed as unreadable, and one
//! odd cell never loses the workbook (issue "Hardening, round 3", items 4–8).

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn corpus() -> PathBuf {
    match std::env::var("NIANBAO_CORPUS") {
        Ok(d) => PathBuf::from(d),
        Err(_) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    }
}

fn seed_path() -> PathBuf {
    corpus().join("2020_minhou_shangwuju.txt")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// Runs nianbao through `sh` with a umask, within a time limit (a FIFO opened for writing would
/// block: the test fails instead of hanging). Its output is read while it runs, so a long one
/// cannot fill the pipe and stall it.
fn run_with_umask(umask: &str, args: &[&str]) -> Output {
    let child = Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(out) => out.expect("output"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("nianbao {args:?} did not finish within 120 s");
        }
    }
}

fn nianbao(args: &[&str]) -> Output {
    run_with_umask("022", args)
}

/// What kind of file a path is (not following a link), for before/after comparisons.
fn kind(p: &Path) -> &'static str {
    match fs::symlink_metadata(p) {
        Ok(m) if m.file_type().is_fifo() => "fifo",
        Ok(m) if m.file_type().is_char_device() => "char device",
        Ok(m) if m.file_type().is_symlink() => "link",
        Ok(m) if m.is_file() => "file",
        Ok(_) => "other",
        Err(_) => "missing",
    }
}

/// Special files to write to: a FIFO, a link to /dev/null and, where this process may make one
/// (as root, as CI runs), a character device node like /dev/null of its own.
fn special_targets(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let fifo = dir.join(format!("fifo.{ext}"));
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let link = dir.join(format!("null-link.{ext}"));
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let mut out = vec![fifo, link];
    let node = dir.join(format!("null.{ext}"));
    if Command::new("mknod").arg(&node).args(["c", "1", "3"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
    {
        out.push(node);
    }
    out
}

#[test]
fn no_output_replaces_a_device_or_a_pipe_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seed_path();
    let folder = dir.path().join("in");
    fs::create_dir(&folder).unwrap();
    fs::copy(&seed, folder.join("a.txt")).unwrap();
    let mut tried = 0;
    for (ext, command) in [
        ("txt", vec!["render", s(&seed), "--to", "txt", "-o"]),
        ("json", vec!["convert", s(&seed), "-o"]),
        ("xlsx", vec!["check", s(&folder), "--summary"]),
        ("csv", vec!["check", s(&folder), "--summary"]),
        ("json", vec!["check", s(&folder), "--write-baseline"]),
        ("csv", vec!["sum", s(&folder), "-o"]),
    ] {
        let sub = tempfile::tempdir_in(dir.path()).unwrap();
        for target in special_targets(sub.path(), ext) {
            let before = kind(&target);
            let mut args = command.clone();
            args.push(s(&target));
            args.push("--force");
            let o = nianbao(&args);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains("不是普通文件"), "{args:?}: {}", stderr(&o));
            assert_eq!(kind(&target), before, "{args:?} left {} as it was", target.display());
            tried += 1;
        }
    }
    assert!(tried >= 12, "every output kind was tried on a FIFO and a link at least");
    assert_eq!(kind(Path::new("/dev/null")), "char device");
}

#[test]
fn new_outputs_follow_the_umask_and_replaced_ones_keep_their_mode() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seed_path();
    for (umask, mode) in [("022", 0o644), ("027", 0o640), ("077", 0o600)] {
        let out = dir.path().join(format!("年报-{umask}.html"));
        let o = run_with_umask(umask, &["render", s(&seed), "--to", "html", "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(fs::metadata(&out).unwrap().permissions().mode() & 0o777, mode, "umask {umask}");
        let book = dir.path().join(format!("检查结果-{umask}.xlsx"));
        let o = run_with_umask(umask, &["check", s(&seed), "--summary", s(&book)]);
        assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
        assert_eq!(fs::metadata(&book).unwrap().permissions().mode() & 0o777, mode, "umask {umask}");
    }
    let kept = dir.path().join("年报-022.html");
    fs::set_permissions(&kept, fs::Permissions::from_mode(0o604)).unwrap();
    let o = nianbao(&["render", s(&seed), "--to", "html", "-o", s(&kept), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::metadata(&kept).unwrap().permissions().mode() & 0o777, 0o604);
}

#[test]
fn outputs_are_checked_before_the_batch_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("检查结果.xlsx");
    fs::write(&existing, "keep").unwrap();
    let seed = seed_path();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["check", "--format", "json", s(&seed), "--summary", s(&existing)], "--force"),
        (vec!["check", "--format", "json", s(&seed), "--write-baseline", s(&existing)], "--force"),
    ];
    for (args, said) in cases {
        let o = nianbao(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "nothing was checked before the refusal: {}", String::from_utf8_lossy(&o.stdout));
        assert!(stderr(&o).contains(said), "{}", stderr(&o));
    }
    assert_eq!(fs::read_to_string(&existing).unwrap(), "keep");
    let nowhere = dir.path().join("没有这个文件夹").join("汇总.csv");
    for args in [
        vec!["check", "--format", "json", s(&seed), "--summary", s(&nowhere)],
        vec!["sum", s(&seed), "-o", s(&nowhere)],
        vec!["render", s(&seed), "--to", "txt", "-o", s(&nowhere)],
    ] {
        let o = nianbao(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(stderr(&o).contains("文件夹") && stderr(&o).contains("不存在"), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn roster_values_are_neutralised_before_they_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let planted = [
        "单位,类别,截止日期\n闽侯县商务局,部门,\u{1b}]0;标题\u{7}\n",
        "单位,类别,截止日期\n闽侯县商务局,\u{1b}]8;;http://example.invalid\u{7}部门\u{1b}]8;;\u{7},\n",
        "单位,类别,截止日期\n闽侯县商务局,部门,01-\u{1b}[2J\u{1b}[H31\n",
    ];
    // a roster of a county's units, one line of it planted
    let others: String = (1..60).map(|i| format!("第{i}局,部门,01-31\n")).collect();
    for text in planted {
        let roster = dir.path().join("名单.csv");
        fs::write(&roster, format!("{text}{others}")).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["check", s(&seed_path()), "--roster", s(&roster)])
            .env_remove("NO_COLOR")
            .env("CLICOLOR_FORCE", "1")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        assert!(err.contains("名单第2行"), "{err}");
        assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
        assert!(err.contains('␛'), "the escape is shown, not dropped: {err:?}");
    }
    let roster = dir.path().join("名单.csv");
    fs::write(&roster, "单位,类别\n闽侯县商务局,部门\n\"平潭综合实验区管委会,政府\n闽侯县统计局,部门\n").unwrap();
    let o = nianbao(&["check", s(&seed_path()), "--roster", s(&roster)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("名单第3行") && stderr(&o).contains("引号"), "{}", stderr(&o));
}

#[test]
fn report_files_of_forms_not_read_are_listed_as_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(seed_path(), dir.path().join("a.txt")).unwrap();
    // a Word 97–2003 file as far as its bytes tell: the compound file's magic and the name of
    // its WordDocument stream (UTF-16LE)
    let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    doc.resize(512, 0);
    doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(dir.path().join("年报.doc"), &doc).unwrap();
    fs::write(dir.path().join("年报.wps"), &doc).unwrap();
    fs::write(dir.path().join("年报.ofd"), b"PK\x03\x04 an OFD package cut short").unwrap();
    fs::write(dir.path().join("notes.tsv"), "a\tb\n").unwrap();
    let book = dir.path().join("out.xlsx");
    let o = nianbao(&["check", "--format", "json", s(dir.path()), "--summary", s(&book)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["reports"].as_array().unwrap().len(), 1);
    let unread = v["unreadable"].as_array().unwrap();
    let names: Vec<&str> = unread.iter().map(|u| u["file"].as_str().unwrap()).collect();
    for ext in ["doc", "wps", "ofd"] {
        assert!(names.iter().any(|n| n.ends_with(&format!("年报.{ext}"))), "{ext}: {names:?}");
    }
    assert!(unread.iter().all(|u| !u["error"].as_str().unwrap().is_empty()));
    assert!(unread.iter().any(|u| u["error"].as_str().unwrap().contains("Word 97-2003")), "{unread:?}");
    assert!(v["skipped"].as_array().unwrap().iter().any(|p| p.as_str().unwrap().ends_with("notes.tsv")));
    assert!(stderr(&o).contains("工作簿"), "the workbook is written: {}", stderr(&o));
    let sheet = xlsx_text(&book);
    assert!(sheet.contains("年报.doc") && sheet.contains("年报.ofd"), "listed in 未读取");
}

/// The shared strings of an .xlsx (every text cell of every sheet).
fn xlsx_text(book: &Path) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(fs::File::open(book).unwrap()).expect("an .xlsx is a zip package");
    let mut text = String::new();
    zip.by_name("xl/sharedStrings.xml").expect("shared strings").read_to_string(&mut text).unwrap();
    text
}

#[test]
fn a_unit_name_outside_the_bmp_still_writes_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("d.json");
    let o = nianbao(&["convert", s(&seed_path()), "-o", s(&draft)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&draft).unwrap()).unwrap();
    let wide = "𠀀".repeat(20_000);
    let meta = v.pointer_mut("/meta/agency").expect("a draft names its unit");
    *meta = serde_json::Value::String(wide.clone());
    fs::write(&draft, serde_json::to_string(&v).unwrap()).unwrap();
    let book = dir.path().join("out.xlsx");
    let o = nianbao(&["check", s(&draft), "--summary", s(&book)]);
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
    let text = xlsx_text(&book);
    assert!(text.contains("𠀀𠀀𠀀") && text.contains('…'), "the unit's name is in, cut and marked");
}

#[test]
fn a_pdf_with_a_line_break_before_its_header_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = fs::read(corpus().join("2024_huaian_hongzequ.pdf")).unwrap();
    let shifted = dir.path().join("洪泽区.pdf");
    fs::write(&shifted, [b"\n".as_slice(), &pdf].concat()).unwrap();
    let o = nianbao(&["check", "--format", "json", s(&shifted)]);
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&o.stdout));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["reports"][0]["agency"], "淮安市洪泽区人民政府");
}
