//! Reading and writing files in the browser: decoding uploaded bytes (GBK included, with the
//! browser's TextDecoder), HTML through the browser's own parser, downloads, backups.

use nianbao_core::import::{detect_form, import_text, Form};
use nianbao_core::read::html_text::{self, HtmlNode};
use nianbao_core::read::sniff::{declared_charset, mostly_controls, sniff, Sniff};
use nianbao_core::Report;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use wasm_bindgen::{JsCast, JsValue};

/// Decodes uploaded bytes: byte-order marks, UTF-16 without a mark, UTF-8, else GB18030 (or the
/// charset an HTML page declares). The error says, in Chinese, why the file is not text.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let (label, body) = match sniff(bytes) {
        Sniff::Refuse(why) => return Err(why),
        Sniff::Utf8Bom => ("utf-8", &bytes[3..]),
        Sniff::Utf16Le { bom } => ("utf-16le", &bytes[if bom { 2 } else { 0 }..]),
        Sniff::Utf16Be { bom } => ("utf-16be", &bytes[if bom { 2 } else { 0 }..]),
        Sniff::Bytes => match std::str::from_utf8(bytes) {
            Ok(s) => return checked(s.to_string()),
            Err(_) => {
                let declared = declared_charset(bytes).filter(|c| c != "utf-8" && c != "utf8");
                return decode_with(declared.as_deref().unwrap_or("gb18030"), bytes)
                    .map_err(|_| "既不是有效的 UTF-8，也不是有效的 GBK/GB18030 文本".to_string());
            }
        },
    };
    decode_with(label, body)
}

fn checked(text: String) -> Result<String, String> {
    if mostly_controls(&text) {
        Err("内容大多是控制字符，不是文本".to_string())
    } else {
        Ok(text)
    }
}

fn decode_with(label: &str, bytes: &[u8]) -> Result<String, String> {
    let opts = web_sys::TextDecoderOptions::new();
    opts.set_fatal(true);
    let decoder = web_sys::TextDecoder::new_with_label_and_options(label, &opts)
        .map_err(|_| format!("浏览器不支持 {label} 编码"))?;
    let text = decoder.decode_with_u8_array(bytes).map_err(|_| format!("文件按 {label} 编码读取时有无法解码的字节"))?;
    checked(text)
}

/// A DOM node as the shared HTML walker sees it.
struct DomNode(web_sys::Node);

impl HtmlNode for DomNode {
    fn text(&self) -> Option<Cow<'_, str>> {
        (self.0.node_type() == web_sys::Node::TEXT_NODE).then(|| Cow::Owned(self.0.node_value().unwrap_or_default()))
    }

    fn tag(&self) -> Option<Cow<'_, str>> {
        (self.0.node_type() == web_sys::Node::ELEMENT_NODE).then(|| Cow::Owned(self.0.node_name().to_ascii_lowercase()))
    }

    fn children(&self) -> Vec<Self> {
        let list = self.0.child_nodes();
        (0..list.length()).filter_map(|i| list.item(i)).map(DomNode).collect()
    }
}

/// HTML to the importer's text with the browser's parser (no script runs in a parsed document).
pub fn html_to_text(html: &str) -> Result<String, String> {
    html_text::check_nesting(html)?;
    let parser = web_sys::DomParser::new().map_err(|_| "浏览器无法解析 HTML".to_string())?;
    let doc = parser
        .parse_from_string(html, web_sys::SupportedType::TextHtml)
        .map_err(|_| "浏览器无法解析 HTML".to_string())?;
    let root = doc.document_element().ok_or("HTML 没有内容")?;
    Ok(html_text::to_text(&DomNode(root.into())))
}

/// Imports a draft JSON, an HTML page or a published text.
pub fn import_any(text: &str) -> Result<Report, String> {
    match detect_form(text) {
        Form::Draft => Report::from_json(text.trim_start_matches('\u{FEFF}')),
        Form::Html => import_text(&html_to_text(text)?).map_err(|e| e.to_string()),
        Form::Text => import_text(text).map_err(|e| e.to_string()),
    }
}

/// A file's text as the importer reads it, and what of it was read by OCR (the subject of the
/// I005 note: "本报告第2、3页为图片").
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FileText {
    /// The text the importer reads.
    pub text: String,
    /// What was read from pictures, when any was.
    pub ocr: Option<String>,
}

impl FileText {
    /// Imports the text here (see [`import_any`]); a report read by OCR carries the I005 note.
    /// For 批量检查's module, which holds the importer; the app imports in the import worker
    /// ([`FileText::import_in_worker`]).
    pub fn import(&self) -> Result<Report, String> {
        let mut report = import_any(&self.text)?;
        if let Some(what) = &self.ocr {
            nianbao_core::import::note_ocr(&mut report, what);
        }
        Ok(report)
    }

    /// Imports the text as [`FileText::import`] does, the importer running in the import worker
    /// (a module loaded on first use, so that the app's first load does not carry it): a draft
    /// JSON is read here, an HTML page made text by the browser's parser here, the text imported
    /// there.
    pub async fn import_in_worker(&self) -> Result<Report, String> {
        let text = match detect_form(&self.text) {
            Form::Draft => return Report::from_json(self.text.trim_start_matches('\u{FEFF}')),
            Form::Html => html_to_text(&self.text)?,
            Form::Text => self.text.clone(),
        };
        let job = serde_json::json!({ "text": text, "ocr": self.ocr }).to_string();
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            let fail = reject.clone();
            let done = move |r: Result<Vec<u8>, String>| {
                let _ = match r {
                    Ok(bytes) => resolve.call1(&JsValue::NULL, &js_sys::Uint8Array::from(&bytes[..])),
                    Err(e) => fail.call1(&JsValue::NULL, &JsValue::from_str(&e)),
                };
            };
            if let Err(e) = in_worker(&IMPORTER, &job, done) {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&e));
            }
        });
        let answer = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map_err(|e| e.as_string().unwrap_or_else(|| "导入时出错".to_string()))?;
        let json = String::from_utf8(js_sys::Uint8Array::new(&answer).to_vec()).map_err(|_| "导入结果无法读取")?;
        Report::from_json(&json)
    }
}

/// The import worker (src/bin/import-worker.rs).
const IMPORTER: OnDemand =
    OnDemand { loader: "./import-worker_loader.js", ready: "nianbao-import-worker-ready", job: "导入" };

/// The text of a file as the importer reads it: a PDF, a Word .docx or an OFD (any ZIP package),
/// a Word 97–2003 or WPS file (a compound file) or a picture (PNG, JPEG, TIFF) is read in the
/// reader worker, a separate wasm module loaded on first
/// use (pictures by OCR, with `progress(done, total)` called as their pieces are read); any other
/// file is decoded here. The error says, in Chinese, why the file cannot be read.
pub async fn report_text(bytes: Vec<u8>, progress: impl Fn(u32, u32) + 'static) -> Result<FileText, String> {
    use nianbao_core::read::sniff;
    if sniff::is_pdf(&bytes)
        || bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(sniff::OLE_MAGIC)
        || sniff::picture_form(&bytes).is_some()
    {
        return read_in_worker(bytes, progress).await;
    }
    decode(&bytes).map(|text| FileText { text, ocr: None })
}

/// The first message of the reader worker (src/bin/pdf-worker.rs), once it listens.
const READER_READY: &str = "nianbao-pdf-worker-ready";

/// Reads a file's text in the reader worker; the worker ends after its answer.
async fn read_in_worker(bytes: Vec<u8>, progress: impl Fn(u32, u32) + 'static) -> Result<FileText, String> {
    use wasm_bindgen::closure::Closure;
    const FAILED: &str = "浏览器无法启动读取文件的后台任务";
    let mut progress = Some(progress);
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let Ok(handle) = web_sys::Worker::new("./pdf-worker_loader.js") else {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(FAILED));
            return;
        };
        let w = handle.clone();
        let data = js_sys::Uint8Array::from(&bytes[..]);
        let fail = reject.clone();
        let progress = progress.take();
        let onmessage = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let d = ev.data();
            if d.as_string().as_deref() == Some(READER_READY) {
                let _ = w.post_message(&data);
                return;
            }
            let get = |k: &str| js_sys::Reflect::get(&d, &JsValue::from_str(k)).ok().filter(|v| !v.is_undefined());
            if let Some(pair) = get("progress") {
                let pair = js_sys::Array::from(&pair);
                let n = |i: u32| pair.get(i).as_f64().unwrap_or(0.0) as u32;
                if let Some(progress) = &progress {
                    progress(n(0), n(1));
                }
                return;
            }
            w.terminate();
            let field = |k: &str| get(k).and_then(|v| v.as_string());
            match (field("text"), field("error")) {
                (Some(text), _) => {
                    let answer = js_sys::Array::of2(&JsValue::from_str(&text), &get("ocr").unwrap_or(JsValue::NULL));
                    let _ = resolve.call1(&JsValue::NULL, &answer);
                }
                (None, why) => {
                    let why = why.unwrap_or_else(|| "读取文件时出错".to_string());
                    let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&why));
                }
            }
        });
        let h = handle.clone();
        let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            h.terminate();
            let _ = fail.call1(&JsValue::NULL, &JsValue::from_str(FAILED));
        });
        handle.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        handle.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        onmessage.forget();
        onerror.forget();
    });
    let answer = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| FAILED.to_string()))?;
    let answer = js_sys::Array::from(&answer);
    Ok(FileText { text: answer.get(0).as_string().unwrap_or_default(), ocr: answer.get(1).as_string() })
}

/// Reads a picked file's bytes.
pub async fn read_file(file: web_sys::File) -> Result<Vec<u8>, String> {
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("无法读取文件“{}”", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Offers a text as a file download.
pub fn download(filename: &str, mime: &str, content: &str) -> Result<(), String> {
    download_parts(filename, mime, &js_sys::Array::of1(&JsValue::from_str(content)))
}

/// Offers bytes as a file download.
pub fn download_bytes(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    download_parts(filename, mime, &js_sys::Array::of1(&js_sys::Uint8Array::from(bytes)))
}

fn download_parts(filename: &str, mime: &str, parts: &js_sys::Array) -> Result<(), String> {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &opts).map_err(|_| "无法生成文件".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "无法生成下载链接".to_string())?;
    let document = leptos::prelude::document();
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| "无法生成下载链接".to_string())?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    if let Some(body) = document.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A file name for a report: "××局2023年年报草稿.json".
pub fn file_name(report: &Report, suffix: &str) -> String {
    let agency = if report.meta.agency.is_empty() { "年报" } else { report.meta.agency.as_str() };
    let year = report.meta.year.map(|y| format!("{y}年")).unwrap_or_default();
    let clean: String = format!("{agency}{year}{suffix}").chars().filter(|c| !"\\/:*?\"<>|".contains(*c)).collect();
    clean
}

/// The backup file: every draft with its name.
#[derive(Serialize, Deserialize)]
pub struct Backup {
    /// Format marker and version.
    pub nianbao_backup: u32,
    /// The drafts.
    pub drafts: Vec<BackupDraft>,
}

/// One draft of a backup.
#[derive(Serialize, Deserialize)]
pub struct BackupDraft {
    /// Its name.
    pub name: String,
    /// The draft JSON, as `nianbao convert` writes it.
    pub report: serde_json::Value,
}

/// Writes a backup of all drafts.
pub fn backup_json(drafts: &[(String, Report)]) -> String {
    let backup = Backup {
        nianbao_backup: 1,
        drafts: drafts
            .iter()
            .map(|(name, r)| BackupDraft {
                name: name.clone(),
                report: serde_json::from_str(&r.to_json()).unwrap_or(serde_json::Value::Null),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&backup).unwrap_or_default()
}

/// A draft of a backup, read: its name, and the report or why it could not be read.
pub type Restored = (String, Result<Report, String>);

/// Reads a backup file: each draft, or why it could not be read.
pub fn read_backup(text: &str) -> Result<Vec<Restored>, String> {
    let backup: Backup = serde_json::from_str(text).map_err(|e| format!("不是有效的备份文件：{e}"))?;
    if backup.nianbao_backup != 1 {
        return Err(format!("备份文件版本 {} 不受支持", backup.nianbao_backup));
    }
    Ok(backup.drafts.into_iter().map(|d| (d.name, Report::from_json(&d.report.to_string()))).collect())
}

/// The Word worker (src/bin/docx-worker.rs).
pub const DOCX_WORKER: OnDemand =
    OnDemand { loader: "./docx-worker_loader.js", ready: "nianbao-docx-worker-ready", job: "生成 Word" };

/// Renders a draft to .docx in the Word worker (a separate wasm module, loaded on first use) and
/// calls `done` with the bytes or a Chinese error.
pub fn docx_in_worker(json: &str, done: impl FnOnce(Result<Vec<u8>, String>) + 'static) -> Result<(), String> {
    in_worker(&DOCX_WORKER, json, done)
}

/// Has `worker` answer `message` and offers its bytes as a download named `name`; `done` is
/// called once, with the name or a Chinese error — also when the worker does not start.
pub fn download_from_worker(
    worker: &OnDemand,
    message: &str,
    name: String,
    mime: &'static str,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let answer = done.clone();
    let started = in_worker(worker, message, move |result| {
        let out = result.and_then(|bytes| download_bytes(&name, mime, &bytes).map(|()| name));
        if let Some(done) = answer.borrow_mut().take() {
            done(out);
        }
    });
    if let Err(e) = started {
        if let Some(done) = done.borrow_mut().take() {
            done(Err(e));
        }
    }
}

/// The file chosen in a file input (the input emptied, so that the same file can be chosen
/// again), if any.
pub fn chosen_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files().and_then(|l| l.get(0));
    input.set_value("");
    file
}

/// A rule's texts, for 规则说明 (the rules' texts are not in the first load).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleText {
    /// The short name.
    pub name: String,
    /// One line: what it checks.
    pub summary: String,
    /// Why, and on what basis.
    pub explanation: String,
    /// An example that breaks the rule.
    pub bad: String,
    /// The same example, right.
    pub good: String,
}

/// A rule's texts, from the importer worker (loaded on demand).
pub fn rule_in_worker(code: &str, done: impl FnOnce(Result<RuleText, String>) + 'static) -> Result<(), String> {
    in_worker(&IMPORTER, &format!("rule:{code}"), move |r| {
        done(r.and_then(|b| {
            let text = String::from_utf8(b).map_err(|_| "规则说明无法读取".to_string())?;
            let mut parts = text.split('\u{1f}').map(str::to_string);
            let mut next = || parts.next().ok_or_else(|| "规则说明无法读取".to_string());
            Ok(RuleText { name: next()?, summary: next()?, explanation: next()?, bad: next()?, good: next()? })
        }));
    })
}

/// The workbook worker (src/bin/xlsx-worker.rs), doing `job`.
pub const fn xlsx_worker(job: &'static str) -> OnDemand {
    OnDemand { loader: "./xlsx-worker_loader.js", ready: "nianbao-xlsx-worker-ready", job }
}

/// The blank application ledger (.xlsx) of an edition, written by the workbook worker.
pub fn ledger_template_in_worker(
    edition: nianbao_core::Edition,
    done: impl FnOnce(Result<Vec<u8>, String>) + 'static,
) -> Result<(), String> {
    let which = if edition == nianbao_core::Edition::E2019 { "2019" } else { "2021" };
    in_worker(&xlsx_worker("生成台账模板"), &format!("ledger-template:{which}"), done)
}

/// Reads a roster kept in a spreadsheet (.xlsx .xls .ods) in the workbook worker (calamine is
/// not in 批量检查's module): its first sheet as CSV text, or a Chinese error.
pub async fn roster_sheet_in_worker(bytes: &[u8]) -> Result<String, String> {
    spreadsheet_in_worker("roster:", "读取名单", bytes).await
}

/// Reads a ledger kept in a spreadsheet (.xlsx .xls .ods) or CSV in the workbook worker: its
/// sheets as JSON (`Vec<nianbao_core::ledger::Sheet>`), or a Chinese error. A file that makes
/// the reader fail ends only the worker.
pub async fn ledger_sheets_in_worker(bytes: &[u8]) -> Result<String, String> {
    spreadsheet_in_worker("sheets:", "读取台账", bytes).await
}

/// Sends a spreadsheet's bytes (in hex, after `prefix`: the worker reads string messages) to the
/// workbook worker and waits for its answer, UTF-8 text.
async fn spreadsheet_in_worker(prefix: &str, job: &'static str, bytes: &[u8]) -> Result<String, String> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut message = String::with_capacity(prefix.len() + bytes.len() * 2);
    message.push_str(prefix);
    for b in bytes {
        message.push(char::from(DIGITS[usize::from(b >> 4)]));
        message.push(char::from(DIGITS[usize::from(b & 0xF)]));
    }
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let fail = reject.clone();
        let started = in_worker(&xlsx_worker(job), &message, move |r| {
            let _ = match r.and_then(|b| String::from_utf8(b).map_err(|_| format!("{job}：内容无法读取"))) {
                Ok(text) => resolve.call1(&JsValue::NULL, &JsValue::from_str(&text)),
                Err(e) => reject.call1(&JsValue::NULL, &JsValue::from_str(&e)),
            };
        });
        if let Err(e) = started {
            let _ = fail.call1(&JsValue::NULL, &JsValue::from_str(&e));
        }
    });
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(v) => Ok(v.as_string().unwrap_or_default()),
        Err(e) => Err(e.as_string().unwrap_or_else(|| format!("{job}时出错"))),
    }
}

/// A worker module loaded on demand: its loader script, the message it sends once it listens,
/// and what it does (for messages: "生成 Word").
pub struct OnDemand {
    /// The loader script trunk writes for the worker (`<bin>_loader.js`).
    pub loader: &'static str,
    /// The worker's first message.
    pub ready: &'static str,
    /// What the worker does, in Chinese, for error messages.
    pub job: &'static str,
}

/// Starts a worker module, sends it `input` once it is ready and calls `done` with the bytes it
/// answers or a Chinese error; the worker is ended after its answer.
pub fn in_worker(
    worker: &OnDemand,
    input: &str,
    done: impl FnOnce(Result<Vec<u8>, String>) + 'static,
) -> Result<(), String> {
    in_worker_value(worker, JsValue::from_str(input), done)
}

/// [`in_worker`] with any message the worker reads (an array of bytes and options).
pub fn in_worker_value(
    worker: &OnDemand,
    input: JsValue,
    done: impl FnOnce(Result<Vec<u8>, String>) + 'static,
) -> Result<(), String> {
    use wasm_bindgen::closure::Closure;
    let job = worker.job;
    let ready = worker.ready;
    let handle = web_sys::Worker::new(worker.loader).map_err(|_| format!("浏览器无法启动后台任务（{job}）"))?;
    let w = handle.clone();
    // answered once: by the worker's message or its error
    type Done = Box<dyn FnOnce(Result<Vec<u8>, String>)>;
    let finish: std::rc::Rc<std::cell::RefCell<Option<Done>>> =
        std::rc::Rc::new(std::cell::RefCell::new(Some(Box::new(done))));
    let done = finish.clone();
    let onmessage = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let data = ev.data();
        if data.as_string().as_deref() == Some(ready) {
            if w.post_message(&input).is_err() {
                w.terminate();
                if let Some(done) = done.borrow_mut().take() {
                    done(Err(format!("无法把数据交给后台任务（{job}）")));
                }
            }
            return;
        }
        let result = match data.dyn_ref::<js_sys::Uint8Array>() {
            Some(bytes) => Ok(bytes.to_vec()),
            None => Err(data.as_string().unwrap_or_else(|| format!("后台任务（{job}）出错"))),
        };
        w.terminate();
        if let Some(done) = done.borrow_mut().take() {
            done(result);
        }
    });
    // a worker that fails (a file its reader cannot survive) ends with an error event
    let failed = handle.clone();
    let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        ev.prevent_default();
        failed.terminate();
        if let Some(done) = finish.borrow_mut().take() {
            done(Err(format!("后台任务（{job}）出错，文件可能已损坏或不是所说的格式")));
        }
    });
    handle.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    handle.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    onmessage.forget();
    onerror.forget();
    Ok(())
}

/// Puts a text on the clipboard and says so; if the browser refuses, names the download to use
/// instead.
pub fn copy_text(text: String, shell: crate::app::Shell, done: &'static str, instead: &'static str) {
    let clipboard = leptos::prelude::window().navigator().clipboard();
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text)).await {
            Ok(_) => shell.tell(done),
            Err(_) => shell.tell(format!("浏览器不允许写入剪贴板：请改用“{instead}”")),
        }
    });
}
