//! Machine-readable output: one JSON document for all files.

use crate::files::{Outcome, Skipped};
use crate::outln;
use nianbao_core::finding::Finding;
use nianbao_core::rules::tally;
use serde::Serialize;
use std::path::PathBuf;

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
    error: String,
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
                    year: report.meta.year,
                    edition: report.edition.as_str(),
                    agency: &report.meta.agency,
                    level: report.meta.level.label(),
                    counts: Counts { error, warning, info },
                    findings,
                    batch: batch.as_ref(),
                });
            }
            Err(e) => out.unreadable.push(Unreadable { file: path.display().to_string(), error: e.clone() }),
        }
    }
    for (p, why) in &skipped.missing {
        out.unreadable.push(Unreadable { file: p.display().to_string(), error: why.clone() });
    }
    out.skipped = skipped.other.iter().map(|p| p.display().to_string()).collect();
    let text = serde_json::to_string_pretty(&out).expect("findings serialize");
    outln!("{text}");
}
