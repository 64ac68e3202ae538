//! `nianbao ledger`: table 三 counted from the application ledger (.xlsx .xls .ods .csv), with
//! the rows that could not be read, the applicants typed from their names and the late answers;
//! `-o` writes a draft (with `--merge`, an existing draft with its table 三 replaced).

use crate::files;
use crate::outln;
use nianbao_core::ledger::{self, columns, Column, Outcome};
use nianbao_core::text::printable;
use nianbao_core::{Edition, Report};
use std::path::Path;
use std::process::ExitCode;

/// The options of `nianbao ledger`.
pub struct Args<'a> {
    /// The ledger file.
    pub file: &'a Path,
    /// The report year.
    pub year: u16,
    /// A mapping file (JSON).
    pub map: Option<&'a Path>,
    /// The sheet's name.
    pub sheet: Option<&'a str>,
    /// The draft to write.
    pub output: Option<&'a Path>,
    /// The draft whose table 三 is replaced.
    pub merge: Option<&'a Path>,
    /// The unit (a new draft's 发布机关).
    pub agency: Option<&'a str>,
    /// JSON output.
    pub json: bool,
    /// Overwrite the output.
    pub force: bool,
}

fn fail(what: String) -> ExitCode {
    anstream::eprintln!("{}", printable(&what));
    ExitCode::from(2)
}

/// Runs `nianbao ledger`.
pub fn run(a: &Args<'_>) -> ExitCode {
    if let Some(out) = a.output {
        if let Err(e) = files::check_target(out, a.force) {
            return fail(format!("无法写入 {}：{e}", files::shown(out)));
        }
    }
    if a.merge.is_some() && a.output.is_none() {
        return fail("--merge 需要同时用 -o 指定写入的草稿文件".to_string());
    }
    let base = match a.merge {
        Some(p) => match files::load(p) {
            Ok(r) => Some(r),
            Err(e) => return fail(format!("无法读取草稿 {}：{e}", files::shown(p))),
        },
        None => None,
    };
    let edition = base.as_ref().map_or_else(|| Edition::for_year(a.year), |r| r.edition);
    let bytes = match files::read_input(a.file) {
        Ok(b) => b,
        Err(e) => return fail(format!("无法读取台账 {}：{e}", files::shown(a.file))),
    };
    let sheets = match nianbao_sheet::read_any(&bytes) {
        Ok(s) => s,
        Err(e) => return fail(format!("无法读取台账 {}：{e}", files::shown(a.file))),
    };
    let mapping = match a.map {
        Some(p) => {
            let text = match files::read_input(p)
                .and_then(|b| String::from_utf8(b).map_err(|_| "不是 UTF-8 文本".into()))
            {
                Ok(t) => t,
                Err(e) => return fail(format!("无法读取对应关系文件 {}：{e}", files::shown(p))),
            };
            // header texts name columns in the mapping file
            let sheet = match ledger::choose_sheet(&sheets, a.sheet) {
                Ok(s) => s,
                Err(e) => return fail(format!("台账 {}：{e}", files::shown(a.file))),
            };
            let header = sheet.rows.get(columns::header_row(&sheet.rows)).cloned().unwrap_or_default();
            match columns::parse_mapping(&text, &header) {
                Ok(m) => Some(m),
                Err(e) => return fail(format!("{}：{e}", files::shown(p))),
            }
        }
        None => None,
    };
    let outcome = match ledger::run(&sheets, a.year, edition, a.sheet, mapping.as_ref()) {
        Ok(o) => o,
        Err(e) => return fail(format!("台账 {}：{e}", files::shown(a.file))),
    };
    let name = a.file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let mut report = base.unwrap_or_else(|| {
        let agency = a.agency.unwrap_or("");
        nianbao_core::draft::new_draft(a.year, agency, nianbao_core::import::classify_agency(agency).0)
    });
    let counts = outcome.counts(report.layout());
    ledger::apply(&mut report, &counts, &name);
    let checked: Vec<_> = nianbao_core::check(&report, None)
        .into_iter()
        .filter(|f| {
            let counted = f.table == Some(nianbao_core::TableId::T3)
                || (f.table == Some(nianbao_core::TableId::T4) && !outcome.cases_sheet.is_empty());
            counted && f.code.starts_with('A')
        })
        .collect();
    if a.json {
        print_json(&outcome, &checked);
    } else {
        print_human(a.file, &outcome, &report, &checked, a.year);
    }
    if let Some(out) = a.output {
        if let Err(e) = files::write_atomic(out, report.to_json().as_bytes(), a.force) {
            return fail(format!("无法写入 {}：{e}", files::shown(out)));
        }
        anstream::eprintln!("已写入 {}", files::shown(out));
    }
    ExitCode::SUCCESS
}

fn mapping_line(read: &Outcome) -> String {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for c in Column::ALL {
        match read.mapping.get(&c) {
            Some(&i) => {
                let header = read.headers.get(i).map(|h| printable(h.trim()).into_owned()).unwrap_or_default();
                found.push(format!("{} = {}列“{header}”", c.label(), columns::column_letter(i)));
            }
            None => missing.push(c.label()),
        }
    }
    let missing = if missing.is_empty() { String::new() } else { format!("（未找到：{}）", missing.join("、")) };
    format!("{}{missing}", found.join("；"))
}

fn print_human(file: &Path, read: &Outcome, report: &Report, checked: &[nianbao_core::Finding], year: u16) {
    let sheet =
        if read.sheet.is_empty() { String::new() } else { format!("工作表“{}”，", printable(&read.sheet)) };
    outln!("== 台账 {}（{sheet}表头在第{}行）", files::shown(file), read.header_row);
    outln!("各列：{}", mapping_line(read));
    let left_out = read.findings.iter().filter(|f| matches!(f.code.as_str(), "T101" | "T102" | "T104")).count();
    outln!("读取{}件申请；未计入{left_out}行\n", read.applications);
    let l = report.layout();
    outln!("表三（{year}年度，{}）：", report.edition.label());
    let heads: Vec<&str> = l.t3_columns.iter().map(|c| c.label).collect();
    outln!("\t{}", heads.join("\t"));
    for (r, row) in l.t3_rows.iter().enumerate() {
        let values: Vec<String> =
            (0..l.t3_columns.len()).map(|c| report.int(l.t3(r, c)).map_or(String::new(), |v| v.to_string())).collect();
        // a sub-row with its group: "（三）不予公开 1.属于国家秘密"
        let group = row.group.and_then(|g| l.t3_groups.iter().find(|x| x.key == g)).map(|g| format!("{} ", g.label));
        let label = format!("{}{}", group.unwrap_or_default(), nianbao_core::layout::short_label(row.label));
        outln!("{label}\t{}", values.join("\t"));
    }
    if !read.cases_sheet.is_empty() {
        outln!(
            "\n表四（{year}年度，由工作表“{}”的{}件复议、诉讼案件统计）：",
            printable(&read.cases_sheet),
            read.cases
        );
        let heads: Vec<&str> = l.t4_columns.iter().map(|c| c.label).collect();
        outln!("\t{}", heads.join("\t"));
        for (g, group) in l.t4_groups.iter().enumerate() {
            let values: Vec<String> = (0..l.t4_columns.len())
                .map(|c| report.int(l.t4(g, c)).map_or(String::new(), |v| v.to_string()))
                .collect();
            outln!("{}\t{}", group.label, values.join("\t"));
        }
    }
    outln!("");
    for f in read.findings.iter().chain(checked) {
        outln!("{}", crate::human::render_finding(file, report, f));
    }
    let tables = if read.cases_sheet.is_empty() { "表三" } else { "表三、表四" };
    outln!("{tables}勾稽检查：{} 个错误", checked.len());
}

fn print_json(read: &Outcome, checked: &[nianbao_core::Finding]) {
    let table: serde_json::Map<String, serde_json::Value> =
        read.cells.iter().map(|(id, rows)| (id.clone(), serde_json::json!(rows.len()))).collect();
    let rows: serde_json::Map<String, serde_json::Value> =
        read.cells.iter().filter(|(_, r)| !r.is_empty()).map(|(id, r)| (id.clone(), serde_json::json!(r))).collect();
    let mapping: serde_json::Map<String, serde_json::Value> = read
        .mapping
        .iter()
        .map(|(c, i)| (c.label().to_string(), serde_json::json!(columns::column_letter(*i))))
        .collect();
    let out = serde_json::json!({
        "sheet": read.sheet,
        "header_row": read.header_row,
        "mapping": mapping,
        "applications": read.applications,
        "cases_sheet": read.cases_sheet,
        "cases": read.cases,
        "table": table,
        "rows": rows,
        "findings": read.findings.iter().chain(checked).collect::<Vec<_>>(),
    });
    outln!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
}
