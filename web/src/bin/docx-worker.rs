//! A web worker that writes Word files. It is a separate wasm module, loaded only when one is
//! asked for, so that the Word writer (docx-rs) does not weigh on the app's first load. It first
//! says it is ready (the string `nianbao-docx-worker-ready`). Message in (a string): a draft's
//! JSON (the report as .docx); `document:` and a document's JSON (批量检查's 通报, as .docx);
//! `documents:` and a JSON list of [file name, document] (the units' lists, as one .zip of
//! .docx files). Message out: the bytes (Uint8Array), or a Chinese error (string).

#[path = "../worker.rs"]
mod worker;

use nianbao_core::render::document::Document;
use nianbao_core::render::docx::document_docx;
use std::io::Write;

fn main() {
    worker::serve(READY, answer);
}

fn answer(message: &str) -> Result<Vec<u8>, String> {
    if let Some(json) = message.strip_prefix("document:") {
        let doc: Document = serde_json::from_str(json).map_err(|e| format!("无法生成 Word 文件：{e}"))?;
        return Ok(document_docx(&doc));
    }
    if let Some(json) = message.strip_prefix("documents:") {
        let docs: Vec<(String, Document)> = serde_json::from_str(json).map_err(|e| format!("无法生成问题清单：{e}"))?;
        return zip_of(&docs).map_err(|e| format!("无法生成问题清单压缩包：{e}"));
    }
    match nianbao_core::Report::from_json(message) {
        Ok(report) => Ok(nianbao_core::render::docx::docx(&report)),
        Err(e) => Err(format!("无法生成 Word 文件：{e}")),
    }
}

/// The documents as .docx files in one ZIP (names as given; stored, .docx are compressed).
fn zip_of(docs: &[(String, Document)]) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, doc) in docs {
            z.start_file(name.as_str(), opts)?;
            z.write_all(&document_docx(doc))?;
        }
        z.finish()?;
    }
    Ok(out.into_inner())
}

/// The first message of the worker, once it listens.
const READY: &str = "nianbao-docx-worker-ready";
