//! Exports: Word (in a worker), HTML (download or clipboard), plain text, print, the draft file.
//! A report with errors is exported only after the clerk has seen them.

use super::Doc;
use crate::files;
use leptos::prelude::*;
use nianbao_core::{Report, Severity};

/// Offers the draft file (.json) for download.
pub fn draft_file(doc: &Doc) {
    let r = doc.report.get_untracked();
    if let Err(e) = files::download(&files::file_name(&r, "年报草稿.json"), "application/json", &r.to_json()) {
        doc.tell(e);
    }
}

/// Asks before exporting a report that has errors (or cells whose typed text was not kept).
fn confirm_errors(doc: &Doc) -> bool {
    let mut errors: Vec<String> = doc.bad.with_untracked(|b| {
        b.iter().map(|(id, text)| format!("[填写] {id}：“{text}”不是本栏允许的内容，未计入")).collect()
    });
    doc.findings.with_untracked(|f| {
        errors.extend(f.iter().filter(|x| x.severity == Severity::Error).map(|x| format!("[{}] {}", x.code, x.message)))
    });
    if errors.is_empty() {
        return true;
    }
    let shown: Vec<&str> = errors.iter().take(8).map(String::as_str).collect();
    let more = if errors.len() > 8 { format!("\n……等共 {} 个错误", errors.len()) } else { String::new() };
    let msg = format!("本年报还有 {} 个错误：\n\n{}{more}\n\n仍要导出吗？", errors.len(), shown.join("\n"));
    window().confirm_with_message(&msg).unwrap_or(false)
}

fn download(doc: &Doc, suffix: &str, mime: &str, bytes: &[u8]) {
    let name = doc.report.with_untracked(|r| files::file_name(r, suffix));
    if let Err(e) = files::download_bytes(&name, mime, bytes) {
        doc.tell(e);
    }
}

fn render_and_download(doc: &Doc, suffix: &str, mime: &str, render: fn(&Report) -> String) {
    if confirm_errors(doc) {
        download(doc, suffix, mime, doc.report.with_untracked(render).as_bytes());
    }
}

fn word(doc: Doc) {
    if !confirm_errors(&doc) {
        return;
    }
    doc.tell("正在生成 Word 文件……");
    let json = doc.report.with_untracked(Report::to_json);
    let done = move |result: Result<Vec<u8>, String>| match result {
        Ok(bytes) => {
            download(
                &doc,
                "政府信息公开工作年度报告.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                &bytes,
            );
            doc.tell("已导出 Word 文件");
        }
        Err(e) => doc.tell(e),
    };
    if let Err(e) = files::docx_in_worker(&json, done) {
        doc.tell(e);
    }
}

fn copy_html(doc: Doc) {
    if !confirm_errors(&doc) {
        return;
    }
    let html = doc.report.with_untracked(nianbao_core::render::html::fragment);
    files::copy_text(html, doc.shell, "已复制 HTML，可直接粘贴到网站内容管理系统的“源代码”编辑框", "下载 HTML");
}

/// The export buttons. On a phone they are a menu opened by 导出 at the start of the toolbar
/// (a click on an action closes it).
#[component]
pub fn Buttons() -> impl IntoView {
    let doc = expect_context::<Doc>();
    let open = RwSignal::new(false);
    view! {
        <button
            class="export-toggle"
            data-testid="export-menu"
            aria-haspopup="true"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            "导出 ▾"
        </button>
        <span class="exports" class:open=open on:click=move |_| open.set(false)>
            <button on:click=move |_| word(doc) data-testid="export-docx">"导出 Word"</button>
            <button on:click=move |_| copy_html(doc) data-testid="copy-html">"复制 HTML"</button>
            <button on:click=move |_| render_and_download(&doc, "政府信息公开工作年度报告.html", "text/html", nianbao_core::render::html::page) data-testid="export-html">"下载 HTML"</button>
            <button on:click=move |_| render_and_download(&doc, "政府信息公开工作年度报告.txt", "text/plain", nianbao_core::render::text::plain) data-testid="export-txt">"下载文本"</button>
            <button on:click=move |_| if confirm_errors(&doc) { super::print::print(doc) } data-testid="print">"打印"</button>
            <button on:click=move |_| draft_file(&doc) data-testid="export-json">"导出草稿"</button>
        </span>
    }
}
