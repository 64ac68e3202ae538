//! `nianbao check` over a batch: reading inputs with their raw text (for the publication
//! date), the roster, the deadline and the review file; the batch fields of the JSON output and
//! the summary block for people.

use crate::files::{self, io_reason};
use crate::outln;
use nianbao_core::batch::{self, Batch, Date, Entry, Input, Options, RosterMatch, Totals};
use nianbao_core::import::ImportError;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Reads and imports one file, keeping what the batch needs from its raw text.
pub fn load_input(path: &Path) -> Result<Input, String> {
    let bytes = std::fs::read(path).map_err(|e| io_reason(&e))?;
    Input::from_bytes(&path.display().to_string(), &bytes).map_err(|e| match e {
        ImportError::BadDraft(why) => why,
        other => other.to_string(),
    })
}

/// The batch options from the command line (roster, deadline, review file, --previous).
pub fn options(
    roster: Option<&Path>,
    deadline: Option<&str>,
    baseline: Option<&Path>,
    previous: Option<&Path>,
    no_info: bool,
) -> Result<Options, String> {
    let read = |p: &Path, what: &str| -> Result<String, String> {
        let bytes = std::fs::read(p).map_err(|e| format!("无法读取{what} {}：{}", p.display(), io_reason(&e)))?;
        nianbao_core::import::decode::decode(&bytes).map_err(|e| format!("无法读取{what} {}：{e}", p.display()))
    };
    let roster = match roster {
        Some(p) => {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            if ext == "xlsx" || ext == "xls" {
                return Err(format!(
                    "名单 {} 是 Excel 文件：请在 Excel/WPS 中“另存为”CSV（逗号分隔）后再用 --roster 指定",
                    p.display()
                ));
            }
            Some(batch::parse_roster(&read(p, "名单")?).map_err(|e| format!("{}：{e}", p.display()))?)
        }
        None => None,
    };
    let deadline = match deadline {
        Some(d) => Some(
            Date::parse_month_day(d)
                .ok_or_else(|| format!("截止日期“{d}”无法识别：请写成月-日，如 --deadline 01-26"))?,
        ),
        None => None,
    };
    let baseline = match baseline {
        Some(p) => Some(batch::Baseline::parse(&read(p, "复核文件")?).map_err(|e| format!("{}：{e}", p.display()))?),
        None => None,
    };
    let previous = match previous {
        Some(p) => Some(load_input(p).map_err(|e| format!("无法读取上年报告 {}：{e}", p.display()))?),
        None => None,
    };
    Ok(Options { deadline, roster, baseline, no_info, previous })
}

/// Reads every input (keeping the order) and reviews the batch. Returns the outcomes in the
/// form the per-file printers take, and the batch review (entries for the readable ones).
pub fn run(inputs: &[PathBuf], opts: &Options) -> (Vec<(PathBuf, files::Outcome)>, Batch) {
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for p in inputs {
        match load_input(p) {
            Ok(input) => {
                ok.push(input);
                failed.push(None);
            }
            Err(e) => failed.push(Some(e)),
        }
    }
    let review = batch::review(&ok, opts);
    let mut reports = ok.into_iter().zip(&review.entries);
    let results = inputs
        .iter()
        .zip(failed)
        .map(|(p, err)| {
            let outcome = match err {
                Some(e) => Err(e),
                None => reports.next().map(|(i, e)| (i.report, e.findings.clone())).ok_or_else(String::new),
            };
            (p.clone(), outcome)
        })
        .collect();
    (results, review)
}

/// The batch fields of one report in the JSON output.
#[derive(Serialize)]
pub struct ReportExtra {
    published: Option<String>,
    published_source: Option<&'static str>,
    deadline: Option<String>,
    on_time: Option<bool>,
    previous: Option<String>,
    repetition: RepetitionOut,
    totals: Totals,
    unread_cells: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_roster: Option<bool>,
    reviewed: usize,
}

#[derive(Serialize)]
struct RepetitionOut {
    /// Share of parts 一 and 五 repeated from the previous report, in percent.
    previous_percent: Option<f64>,
    most_similar: Option<SimilarOut>,
}

#[derive(Serialize)]
struct SimilarOut {
    file: String,
    agency: String,
    percent: f64,
}

/// A roster unit without a report, in the JSON output.
#[derive(Serialize)]
pub struct MissingOut {
    agency: String,
    level: Option<&'static str>,
    roster_line: usize,
}

fn percent(share: f64) -> f64 {
    (share * 1000.0).round() / 10.0
}

impl ReportExtra {
    /// The batch fields of an entry.
    pub fn of(e: &Entry) -> ReportExtra {
        ReportExtra {
            published: e.published.map(|(d, _)| d.to_string()),
            published_source: e.published.map(|(_, s)| s.label()),
            deadline: e.deadline.map(|d| d.to_string()),
            on_time: e.on_time,
            previous: e.previous.clone(),
            repetition: RepetitionOut {
                previous_percent: e.repetition.previous.map(percent),
                most_similar: e.repetition.most_similar.as_ref().map(|s| SimilarOut {
                    file: s.file.clone(),
                    agency: s.agency.clone(),
                    percent: percent(s.share),
                }),
            },
            totals: e.totals,
            unread_cells: e.unread,
            in_roster: match e.roster {
                RosterMatch::NoRoster => None,
                RosterMatch::Listed { .. } => Some(true),
                RosterMatch::NotListed => Some(false),
            },
            reviewed: e.reviewed,
        }
    }
}

/// The batch part of the JSON document: per result (None for unreadable files), and the
/// missing units.
pub type JsonExtra = (Vec<Option<ReportExtra>>, Vec<MissingOut>);

/// The batch part of the JSON document for these results.
pub fn json_extra(results: &[(PathBuf, files::Outcome)], review: &Batch) -> JsonExtra {
    let mut entries = review.entries.iter();
    let per = results.iter().map(|(_, o)| o.as_ref().ok().and_then(|_| entries.next()).map(ReportExtra::of)).collect();
    let missing = review
        .missing
        .iter()
        .map(|u| MissingOut { agency: u.name.clone(), level: u.level.map(|l| l.label()), roster_line: u.line })
        .collect();
    (per, missing)
}

/// Prints the summary block of the batch (for people).
pub fn print_summary(review: &Batch) {
    let n = review.entries.len();
    let with_errors = review.entries.iter().filter(|e| e.has_errors()).count();
    let late: Vec<&Entry> = review.entries.iter().filter(|e| e.on_time == Some(false)).collect();
    let unknown: Vec<&Entry> = review.entries.iter().filter(|e| e.on_time.is_none()).collect();
    let not_listed: Vec<&Entry> = review.entries.iter().filter(|e| e.roster == RosterMatch::NotListed).collect();
    let reviewed: usize = review.entries.iter().map(|e| e.reviewed).sum();
    outln!("\n批量检查汇总");
    let mut line = format!(
        "  年报 {n} 份：有错误 {with_errors} 份，逾期 {} 份，发布日期无法判断 {} 份",
        late.len(),
        unknown.len()
    );
    if review.entries.iter().any(|e| e.roster != RosterMatch::NoRoster) || !review.missing.is_empty() {
        line.push_str(&format!("；名单中未发布 {} 个单位，不在名单中 {} 份", review.missing.len(), not_listed.len()));
    }
    outln!("{line}");
    for e in &late {
        let (d, s) = e.published.map(|(d, s)| (d.to_string(), s.label())).unwrap_or_default();
        let due = e.deadline.map(|d| d.to_string()).unwrap_or_default();
        outln!("  逾期：{}（{}，{s} {d}，截止 {due}）", e.file, name(e));
    }
    list("发布日期无法判断", unknown.iter().map(|e| e.file.clone()).collect());
    list("未发布", review.missing.iter().map(|u| u.name.clone()).collect());
    list("不在名单中", not_listed.iter().map(|e| format!("{}（{}）", e.file, name(e))).collect());
    for e in &review.entries {
        if let Some(p) = &e.previous {
            let rep = e.repetition.previous.map(|s| format!("，与上年重复率 {:.0}%", s * 100.0)).unwrap_or_default();
            outln!("  与上年报告配对：{} ← {p}{rep}", e.file);
        }
    }
    if reviewed > 0 {
        outln!("  复核文件中已有、本次不再列出的问题 {reviewed} 个");
    }
}

fn name(e: &Entry) -> &str {
    if e.agency.is_empty() {
        "发布机关不详"
    } else {
        &e.agency
    }
}

fn list(what: &str, items: Vec<String>) {
    if items.is_empty() {
        return;
    }
    let shown: Vec<&str> = items.iter().take(20).map(String::as_str).collect();
    let more = if items.len() > 20 { format!(" 等{}个", items.len()) } else { String::new() };
    outln!("  {what}：{}{more}", shown.join("、"));
}

/// Writes the review file of this pass (earlier decisions kept); returns the number of entries.
pub fn write_baseline(path: &Path, review: &Batch, opts: &Options, force: bool) -> Result<usize, String> {
    let findings = review
        .entries
        .iter()
        .flat_map(|e| e.findings.iter().map(move |f| (e.file.as_str(), e.agency.as_str(), e.year, f)));
    let b = batch::Baseline::from_findings(findings, opts.baseline.as_ref());
    files::write_atomic(path, b.to_json().as_bytes(), force)?;
    Ok(b.entries.len())
}
