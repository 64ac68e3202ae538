//! A web worker that imports a published report's text into a draft: the importer (parts,
//! tables, rows, tokens, meta: `nianbao_core::import`) is the largest piece of the core, and the
//! app needs it only when a clerk imports, so it is a module of its own, loaded then, and the
//! app's first load stays small. It first says it is ready (`nianbao-import-worker-ready`).
//!
//! Message in: a JSON object `{ "text": the importer's text, "ocr": what was read by OCR or
//! null }`. Message out: the draft JSON as bytes (a Uint8Array), or the reason in Chinese (a
//! string). It also answers `rule:CODE` with the rule's name, summary, explanation, bad and
//! good example, apart by U+001F: the findings panel's 规则说明, kept out of the first load too.

use serde::Deserialize;

#[path = "../worker.rs"]
mod worker;

/// What the app hands over.
#[derive(Deserialize)]
struct Job {
    text: String,
    #[serde(default)]
    ocr: Option<String>,
}

fn main() {
    worker::serve(READY, answer);
}

/// Imports the text; a report read by OCR gets its I005 note.
fn answer(input: &str) -> Result<Vec<u8>, String> {
    if let Some(code) = input.strip_prefix("rule:") {
        let r = nianbao_core::rules::rule(code).ok_or_else(|| format!("没有规则 {code}"))?;
        // five texts apart by the unit separator (the app reads them without a JSON parser)
        return Ok([r.name, r.summary, r.explanation, r.bad, r.good].join("\u{1f}").into_bytes());
    }
    let job: Job = serde_json::from_str(input).map_err(|_| "导入任务的内容无法识别".to_string())?;
    let mut report = nianbao_core::import::import_text(&job.text).map_err(|e| e.to_string())?;
    if let Some(what) = &job.ocr {
        nianbao_core::import::note_ocr(&mut report, what);
    }
    Ok(report.to_json().into_bytes())
}

/// The first message of the worker, once it listens.
const READY: &str = "nianbao-import-worker-ready";
