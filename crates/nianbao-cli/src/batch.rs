//! `nianbao check` over a batch: reading inputs with their raw text (for the publication
//! date), the roster, the deadline and the review file; the batch fields of the JSON output and
//! the summary block for people.

use crate::files;
use crate::outln;
use nianbao_core::batch::{self, Batch, Date, Entry, Input, Options, RosterMatch, Totals};
use nianbao_core::import::ImportError;
use nianbao_core::reuse::REPEAT_WARN;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What a file that made the importer or a rule fail gets instead of findings.
const INTERNAL_ERROR: &str = "读取或检查时发生内部错误（请把该文件报告给 nianbao 的开发者）";

/// Reads and imports one file, keeping what the batch needs from its raw text.
pub fn load_input(path: &Path) -> Result<Input, String> {
    let bytes = files::read_input(path)?;
    let import = || {
        if let Some(read) = crate::ocr::import_pictured(path, &bytes) {
            return read.map(|(report, text)| Input::dated(&files::shown(path), report, &text));
        }
        Input::from_bytes(&files::shown(path), &bytes).map_err(|e| match e {
            ImportError::BadDraft(why) => why,
            other => other.to_string(),
        })
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(import)).unwrap_or_else(|_| Err(INTERNAL_ERROR.to_string()))
}

/// Reviews the batch; should a rule fail on some report, each report is reviewed alone (without
/// pairing), so that only the report at fault gets the internal error.
fn review_isolated(inputs: Vec<Input>, opts: &Options) -> (Vec<Input>, Vec<Result<Entry, String>>) {
    let all = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| batch::review(&inputs, opts)));
    if let Ok(b) = all {
        return (inputs, b.entries.into_iter().map(Ok).collect());
    }
    let entries = inputs
        .iter()
        .map(|i| {
            let one = || batch::review(std::slice::from_ref(i), opts).entries.pop();
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(one))
                .ok()
                .flatten()
                .ok_or_else(|| INTERNAL_ERROR.to_string())
        })
        .collect();
    (inputs, entries)
}

/// The batch options from the command line (roster, deadline, review file, local rubric, --previous).
pub fn options(
    roster: Option<&Path>,
    deadline: Option<&str>,
    baseline: Option<&Path>,
    profile: Option<&Path>,
    previous: Option<&Path>,
    no_info: bool,
) -> Result<Options, String> {
    let read = |p: &Path, what: &str| -> Result<String, String> {
        let bytes = files::read_input(p).map_err(|e| format!("无法读取{what} {}：{e}", files::shown(p)))?;
        nianbao_core::read::decode::decode(&bytes).map_err(|e| format!("无法读取{what} {}：{e}", files::shown(p)))
    };
    let roster = match roster {
        Some(p) => {
            let bytes = files::read_input(p).map_err(|e| format!("无法读取名单 {}：{e}", files::shown(p)))?;
            // a roster kept in a spreadsheet (.xlsx .xls .ods): its first sheet, as CSV
            let parsed = if bytes.starts_with(b"PK") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
                let sheets =
                    nianbao_sheet::read_any(&bytes).map_err(|e| format!("无法读取名单 {}：{e}", files::shown(p)))?;
                let rows = sheets.into_iter().next().map(|s| s.rows).unwrap_or_default();
                batch::parse_roster_rows(&rows)
            } else {
                batch::parse_roster(&read(p, "名单")?)
            };
            Some(parsed.map_err(|e| format!("{}：{e}", files::shown(p)))?)
        }
        None => None,
    };
    let deadline = match deadline {
        Some(d) => Some(Date::parse_month_day(d).ok_or_else(|| {
            format!("截止日期“{}”无法识别：请写成月-日，如 --deadline 01-26", nianbao_core::text::printable(d))
        })?),
        None => None,
    };
    let baseline = match baseline {
        Some(p) => {
            Some(batch::Baseline::parse(&read(p, "复核文件")?).map_err(|e| format!("{}：{e}", files::shown(p)))?)
        }
        None => None,
    };
    let previous = match previous {
        Some(p) => Some(load_input(p).map_err(|e| format!("无法读取上年报告 {}：{e}", files::shown(p)))?),
        None => None,
    };
    let profile = match profile {
        Some(p) => nianbao_core::Profile::from_json(&read(p, "地方细则文件")?)
            .map_err(|e| format!("{}：{e}", files::shown(p)))?,
        None => nianbao_core::Profile::default(),
    };
    Ok(Options { deadline, roster, baseline, no_info, previous, profile, year: None })
}

/// Reads every input (keeping the order) and reviews the batch. Returns the outcomes in the
/// form the per-file printers take, and the batch review (entries for the readable ones; their
/// findings only with `entry_findings`, for the summary, the review file and the people's
/// output: the outcomes hold them anyway).
pub fn run(inputs: &[PathBuf], opts: &Options, entry_findings: bool) -> (Vec<(PathBuf, files::Outcome)>, Batch) {
    use rayon::prelude::*;
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    // read on every core, kept in the order given
    let progress = crate::progress::Progress::start(inputs.len());
    let loaded: Vec<Result<Input, String>> = inputs
        .par_iter()
        .map(|p| {
            let read = load_input(p);
            progress.step();
            read
        })
        .collect();
    drop(progress);
    for l in loaded {
        match l {
            Ok(input) => {
                ok.push(input);
                failed.push(None);
            }
            Err(e) => failed.push(Some(e)),
        }
    }
    let (ok, entries) = review_isolated(ok, opts);
    let mut reviewed = ok.into_iter().zip(entries);
    let mut review = Batch::default();
    let results = inputs
        .iter()
        .zip(failed)
        .map(|(p, err)| {
            let outcome = match err {
                Some(e) => Err(e),
                None => match reviewed.next() {
                    Some((input, Ok(mut entry))) => {
                        let findings =
                            if entry_findings { entry.findings.clone() } else { std::mem::take(&mut entry.findings) };
                        review.entries.push(entry);
                        Ok((input.report, findings))
                    }
                    Some((_, Err(e))) => Err(e),
                    None => Err(INTERNAL_ERROR.to_string()),
                },
            };
            (p.clone(), outcome)
        })
        .collect();
    review.settle_year(opts);
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
    /// The roster's name of the unit when it was matched by a name a little apart.
    #[serde(skip_serializing_if = "Option::is_none")]
    roster_name: Option<String>,
    /// Other files of the batch that hold this same report (another form of it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    copies: Vec<String>,
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
            copies: e.copies.clone(),
            roster_name: match &e.roster {
                RosterMatch::Listed { name, approximate: true, .. } => Some(name.clone()),
                _ => None,
            },
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
        let year = review.year.map(|y| format!("{y}年度")).unwrap_or_default();
        line.push_str(&format!(
            "；名单中未发布{year}年报 {} 个单位，不在名单中 {} 份",
            review.missing.len(),
            not_listed.len()
        ));
    }
    outln!("{line}");
    for e in &late {
        let (d, s) = e.published.map(|(d, s)| (d.to_string(), s.label())).unwrap_or_default();
        let due = e.deadline.map(|d| d.to_string()).unwrap_or_default();
        outln!("  逾期：{}（{}，{s} {d}，截止 {due}）", nianbao_core::text::printable(&e.file), name(e));
    }
    list("发布日期无法判断", unknown.iter().map(|e| e.file.clone()).collect());
    let missing = review.year.map_or("未发布".to_string(), |y| format!("未发布{y}年度年报"));
    list(&missing, review.missing.iter().map(|u| u.name.clone()).collect());
    list("不在名单中", not_listed.iter().map(|e| format!("{}（{}）", e.file, name(e))).collect());
    let near: Vec<String> = review
        .entries
        .iter()
        .filter_map(|e| match &e.roster {
            RosterMatch::Listed { name: listed, approximate: true, .. } => {
                Some(format!("{}（{}）对应名单中的“{listed}”", e.file, name(e)))
            }
            _ => None,
        })
        .collect();
    list("按名称近似对应名单", near);
    // the same report in several files (HTML and PDF): shown as one report, its copies listed
    let mut shown: Vec<&str> = Vec::new();
    let mut doubles = Vec::new();
    for e in review.entries.iter().filter(|e| !e.copies.is_empty()) {
        if shown.contains(&e.file.as_str()) {
            continue;
        }
        shown.extend(e.copies.iter().map(String::as_str));
        doubles.push(format!("{} = {}", e.file, e.copies.join(" = ")));
    }
    list("同一报告的多个文件（按一份计）", doubles);
    let paired = review.entries.iter().filter(|e| e.previous.is_some()).count();
    if paired > 0 {
        outln!("  与同一单位上年报告配对 {paired} 份（跨年度规则 D501–D507 已检查）");
    }
    let repeated: Vec<String> = review
        .entries
        .iter()
        .filter_map(|e| {
            e.repetition.previous.filter(|s| *s >= REPEAT_WARN).map(|s| format!("{}（{:.0}%）", e.file, s * 100.0))
        })
        .collect();
    list("与上年重复率达50%", repeated);
    let copied: Vec<String> = review
        .entries
        .iter()
        .filter_map(|e| {
            let s = e.repetition.most_similar.as_ref().filter(|s| s.share >= REPEAT_WARN)?;
            Some(format!("{} 与 {}（{:.0}%）", e.file, s.file, s.share * 100.0))
        })
        .collect();
    list("与其他单位同年度报告大量相同", copied);
    if reviewed > 0 {
        outln!("  复核文件中已有、本次不再列出的问题 {reviewed} 个");
    }
}

/// The unit of a report as shown on a terminal (control characters made visible).
fn name(e: &Entry) -> std::borrow::Cow<'_, str> {
    if e.agency.is_empty() {
        "发布机关不详".into()
    } else {
        nianbao_core::text::printable(&e.agency)
    }
}

fn list(what: &str, items: Vec<String>) {
    if items.is_empty() {
        return;
    }
    // roster names and file names may carry planted escape sequences: made visible here
    let shown: Vec<std::borrow::Cow<'_, str>> =
        items.iter().take(20).map(|i| nianbao_core::text::printable(i)).collect();
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
