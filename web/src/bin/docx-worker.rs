//! A web worker that renders a draft to .docx. It is a separate wasm module, loaded only when a
//! clerk exports Word, so that the Word writer (docx-rs) does not weigh on the app's first load.
//! It first says it is ready (the string `nianbao-docx-worker-ready`). Message in: the draft JSON
//! (string). Message out: the .docx bytes (Uint8Array), or a Chinese error (string).

#[path = "../worker.rs"]
mod worker;

fn main() {
    worker::serve(READY, |json| match nianbao_core::Report::from_json(json) {
        Ok(report) => Ok(nianbao_core::render::docx::docx(&report)),
        Err(e) => Err(format!("无法生成 Word 文件：{e}")),
    });
}

/// The first message of the worker, once it listens.
const READY: &str = "nianbao-docx-worker-ready";
