//! Machine-readable output: one JSON document for all files.

use crate::files::raw_name;
use crate::files::{Outcome, Skipped};
use nianbao_core::finding::Finding;
use nianbao_core::rules::tally;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct Output<'a> {
    reports: Vec<ReportOut<'a>>,
    unreadable: Vec<Unreadable>,
    skipped: Vec<String>,
    /// Roster units without a report (batch review).
    missing: &'a [crate::batch::MissingOut],
}

#[derive(Serialize)]
struct ReportOut<'a> {
    file: String,
    /// The name's bytes when it is not valid UTF-8 (`file` then shows it lossily).
    #[serde(skip_serializing_if = "Option::is_none")]
    file_bytes: Option<Vec<u8>>,
    year: Option<u16>,
    edition: &'static str,
    agency: &'a str,
    level: &'static str,
    counts: Counts,
    findings: &'a [Finding],
    /// Publication date, deadline, pairing, repetition… (batch review).
    #[serde(flatten)]
    batch: Option<&'a crate::batch::ReportExtra>,
}

#[derive(Serialize)]
struct Counts {
    error: usize,
    warning: usize,
    info: usize,
}

#[derive(Serialize)]
struct Unreadable {
    file: String,
    /// The name's bytes when it is not valid UTF-8.
    #[serde(skip_serializing_if = "Option::is_none")]
    file_bytes: Option<Vec<u8>>,
    error: String,
}

fn unreadable(path: &Path, why: &str) -> Unreadable {
    Unreadable { file: path.display().to_string(), file_bytes: raw_name(path), error: why.to_string() }
}

/// Prints the JSON document for all results.
pub fn print(results: &[(PathBuf, Outcome)], skipped: &Skipped, extra: &crate::batch::JsonExtra) {
    let mut out = Output { reports: Vec::new(), unreadable: Vec::new(), skipped: Vec::new(), missing: &extra.1 };
    for ((path, outcome), batch) in results.iter().zip(&extra.0) {
        match outcome {
            Ok((report, findings)) => {
                let (error, warning, info) = tally(findings);
                out.reports.push(ReportOut {
                    file: path.display().to_string(),
                    file_bytes: raw_name(path),
                    year: report.meta.year,
                    edition: report.edition.as_str(),
                    agency: &report.meta.agency,
                    level: report.meta.level.label(),
                    counts: Counts { error, warning, info },
                    findings,
                    batch: batch.as_ref(),
                });
            }
            Err(e) => out.unreadable.push(unreadable(path, e)),
        }
    }
    for (p, why) in &skipped.missing {
        out.unreadable.push(unreadable(p, why));
    }
    out.skipped =
        skipped.other.iter().chain(skipped.special.iter().map(|(p, _)| p)).map(|p| p.display().to_string()).collect();
    // written as it is serialized (no copy of the whole document in memory, no scan for
    // terminal escapes: JSON escapes every control character)
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let written = serde_json::to_writer_pretty(&mut w, &out)
        .map_err(std::io::Error::from)
        .and_then(|()| w.write_all(b"\n"))
        .and_then(|()| w.flush());
    if let Err(e) = written {
        crate::stdout_failed(&e);
    }
}
