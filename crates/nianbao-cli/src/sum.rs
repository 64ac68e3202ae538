//! `nianbao sum DIR... -o 汇总.json|csv`: tables 三 and 四 of the reports added up, the sum
//! checked with the 勾稽 rules, and compared with the government's own report in the folder.

use crate::batch::load_input;
use crate::files;
use crate::summary;
use nianbao_core::batch::sum::{find_government, sum, Sum};
use nianbao_core::finding::Finding;
use nianbao_core::layout::TableId;
use nianbao_core::rules::tally;
use nianbao_core::Report;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Serialize)]
struct SumOut<'a> {
    year: Option<u16>,
    edition: &'static str,
    files: Vec<&'a str>,
    left_out: Vec<LeftOut<'a>>,
    government: Option<&'a str>,
    /// Every cell of tables 三 and 四: the sum, or null when blank everywhere or not read.
    cells: BTreeMap<String, Option<i64>>,
    unread: Vec<String>,
    findings: &'a [Finding],
    comparison: &'a [Finding],
    unreadable: Vec<Unreadable>,
}

#[derive(Serialize)]
struct LeftOut<'a> {
    file: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct Unreadable {
    file: String,
    error: String,
}

/// Runs `nianbao sum`.
pub fn run(paths: &[PathBuf], government: Option<&Path>, output: &Path, force: bool) -> ExitCode {
    let ext = output.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if ext != "json" && ext != "csv" {
        anstream::eprintln!("不支持的输出文件类型“{}”：汇总结果可写成 .json 或 .csv", files::shown(output));
        return ExitCode::from(2);
    }
    if let Err(e) = files::check_target(output, force) {
        anstream::eprintln!("无法写入 {}：{e}", files::shown(output));
        return ExitCode::from(2);
    }
    let (inputs, skipped) = files::collect(paths);
    let mut names = Vec::new();
    let mut reports: Vec<Report> = Vec::new();
    let mut unreadable: Vec<Unreadable> =
        skipped.missing.iter().map(|(p, why)| Unreadable { file: files::shown(p), error: why.clone() }).collect();
    for p in &inputs {
        match load_input(p) {
            Ok(i) => {
                names.push(i.name);
                reports.push(i.report);
            }
            Err(e) => unreadable.push(Unreadable { file: files::shown(p), error: e }),
        }
    }
    let gov = match government {
        Some(g) => {
            let want = files::shown(g);
            match names.iter().position(|n| *n == want) {
                Some(i) => Some(i),
                None => match load_input(g) {
                    Ok(i) => {
                        names.push(i.name);
                        reports.push(i.report);
                        Some(reports.len() - 1)
                    }
                    Err(e) => {
                        anstream::eprintln!("无法读取政府年报 {want}：{e}");
                        return ExitCode::from(2);
                    }
                },
            }
        }
        None => None,
    };
    let refs: Vec<&Report> = reports.iter().collect();
    if refs.is_empty() {
        anstream::eprintln!("没有可以汇总的年报");
        return ExitCode::from(2);
    }
    let gov = gov.or_else(|| find_government(&refs));
    let s = sum(&refs, gov);
    let bytes = if ext == "csv" {
        summary::csv(&csv_rows(&s, &refs, gov)).into_bytes()
    } else {
        json(&s, &names, unreadable).into_bytes()
    };
    if let Err(e) = files::write_atomic(output, &bytes, force) {
        anstream::eprintln!("无法写入 {}：{e}", files::shown(output));
        return ExitCode::from(2);
    }
    let (e, _, _) = tally(&s.findings);
    let against = match gov {
        Some(g) => format!("；与政府年报 {} 比较：{} 张表不一致", names[g], s.comparison.len()),
        None => "；文件夹中没有可比较的政府年报（可用 --government 指定）".to_string(),
    };
    anstream::eprintln!(
        "已写入 {}：汇总 {} 份年报（另有 {} 份年度不同未汇总），勾稽关系 {e} 个错误{against}",
        files::shown(output),
        s.included.len(),
        s.left_out.len()
    );
    for f in s.findings.iter().chain(&s.comparison) {
        anstream::eprintln!("  {}[{}] {}", f.severity.label(), f.code, f.message);
    }
    ExitCode::SUCCESS
}

fn json(s: &Sum, names: &[String], unreadable: Vec<Unreadable>) -> String {
    let l = s.report.layout();
    let cells =
        l.cells().into_iter().filter(|c| c.table != TableId::T2).map(|c| (l.cell_id(c), s.report.int(c))).collect();
    let out = SumOut {
        year: s.report.meta.year,
        edition: s.report.edition.as_str(),
        files: s.included.iter().map(|&i| names[i].as_str()).collect(),
        left_out: s.left_out.iter().map(|(i, why)| LeftOut { file: &names[*i], reason: why }).collect(),
        government: s.government.map(|g| names[g].as_str()),
        cells,
        unread: s.report.provenance.unread.iter().map(|c| l.cell_id(*c)).collect(),
        findings: &s.findings,
        comparison: &s.comparison,
        unreadable,
    };
    serde_json::to_string_pretty(&out).unwrap_or_default()
}

fn csv_rows(s: &Sum, reports: &[&Report], gov: Option<usize>) -> Vec<Vec<String>> {
    let l = s.report.layout();
    let mut rows = vec![vec!["表".to_string(), "单元格".into(), "名称".into(), "汇总".into(), "政府年报".into()]];
    for c in l.cells().into_iter().filter(|c| c.table != TableId::T2) {
        let id = l.cell_id(c);
        let value =
            if s.report.provenance.unread.contains(&c) { "无法读取".to_string() } else { opt(s.report.int(c)) };
        let g = gov.map(|g| {
            let r = reports[g];
            let gl = r.layout();
            match gl.parse_cell_id(&nianbao_core::draft::cell_id_in(l.edition, r.edition, id.clone())) {
                Some(gc) if r.provenance.unread.contains(&gc) => "无法读取".to_string(),
                Some(gc) => opt(r.int(gc)),
                None => String::new(),
            }
        });
        rows.push(vec![format!("表{}", c.table.numeral()), id, l.cell_name(c), value, g.unwrap_or_default()]);
    }
    rows
}

fn opt(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}
