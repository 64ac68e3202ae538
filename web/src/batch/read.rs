//! Reading the files chosen for 批量检查: each is decoded and imported with the app's own
//! import path (files.rs: TextDecoder, the browser's HTML parser), its publication date read
//! from its text; then the whole batch is reviewed by the core (`nianbao_core::batch`): every
//! rule, last year's report of the same unit paired, deadline and timeliness, repetition,
//! the roster. No report becomes a draft: the batch's texts are kept for the tab
//! (IndexedDB, [`save`]/[`restore`], `store.rs`) until 清空本批, so that Back (after 打开为草稿)
//! and a reload show it again; files chosen later are added to it, a file already there once.

use crate::files::{self, FileText};
use leptos::prelude::*;
use nianbao_core::batch::{self, Baseline, Batch, Input, Options, Roster};
use nianbao_core::import::{detect_form, Form};
use nianbao_core::read::page_pictures::{self, page_pictures, with_picture_texts, PagePicture};
use nianbao_core::read::sniff::picture_form;
use nianbao_core::read::{PICTURE_EXTENSIONS, REPORT_EXTENSIONS};
use nianbao_core::{Finding, Report};
use nianbao_workbook::ReportRow;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// A report read and checked.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The report as imported.
    pub report: Report,
    /// Its findings.
    pub findings: Vec<Finding>,
    /// Its 汇总 row (for the table, the filters and the workbook).
    pub row: ReportRow,
}

/// One file of a batch.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its id, unique in this page (stable key of the table row).
    pub id: usize,
    /// The file name, with its folder when a folder was chosen.
    pub file: String,
    /// The checked report, or why the file could not be read (in Chinese).
    pub outcome: Result<Checked, String>,
}

/// Items are never changed after they are made, and ids are never reused: the same id is the
/// same item.
impl PartialEq for Item {
    fn eq(&self, other: &Item) -> bool {
        self.id == other.id
    }
}

/// The next item id.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// How far a batch is: files done, files to read, files skipped (not reports), and whether
/// the review of the whole batch is under way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Files read so far.
    pub done: usize,
    /// Files to read.
    pub total: usize,
    /// Files left out because they are not reports (images, spreadsheets…).
    pub skipped: usize,
    /// The batch is being reviewed (after the last file was read).
    pub reviewing: bool,
    /// How far the reading of the current file's pictures is (pieces read, pieces), while a
    /// file's pictures are read by OCR.
    pub pictures: Option<(u32, u32)>,
}

impl Progress {
    /// Whether files are still being read or reviewed.
    pub fn running(&self) -> bool {
        self.done < self.total || self.reviewing
    }
}

/// A file of the batch read: its input and the text it was read into (what is kept for the
/// tab), or why it could not be read.
pub type FileRead = Result<(Input, FileText), String>;

/// What the page keeps of a batch (not reactive: the table shows [`Item`]s).
#[derive(Debug, Default)]
pub struct Kept {
    /// The files read, in order, each by its name.
    pub files: Vec<(String, FileRead)>,
    /// The roster's CSV text and name, when one was loaded.
    pub roster: Option<(String, String)>,
    /// The review file: findings confirmed or not taken up, held back from the review.
    pub baseline: Option<Baseline>,
    /// The batch's report year chosen (None: the latest year among the reports).
    pub year: Option<u16>,
    /// The last review.
    pub review: Batch,
}

/// What is kept for the tab: each file's name and text (or why it could not be read) as `T`,
/// borrowed when it is written, owned when it is read back.
#[derive(serde::Serialize, serde::Deserialize)]
struct Saved<T> {
    texts: Vec<T>,
    roster: Option<(String, String)>,
    #[serde(default)]
    baseline: Option<Baseline>,
    #[serde(default)]
    year: Option<u16>,
}

/// Keeps the batch's texts, roster, review file and year for the tab ([`super::store`]); a
/// failure (the browser's storage full or not allowed) is told to the user.
pub fn save(kept: &Kept, shell: crate::app::Shell) {
    let saved = Saved {
        texts: kept
            .files
            .iter()
            .map(|(name, r)| (name.as_str(), r.as_ref().map(|(_, text)| text).map_err(String::as_str)))
            .collect(),
        roster: kept.roster.clone(),
        baseline: kept.baseline.clone(),
        year: kept.year,
    };
    match serde_json::to_string(&saved) {
        Ok(json) => super::store::keep(json, shell),
        Err(e) => shell.tell(format!("本批文件未能保存：{e}")),
    }
}

/// Forgets the batch kept for the tab (清空本批).
pub fn forget() {
    super::store::forget();
}

/// The batch kept for the tab, read again (its texts imported again, nothing read twice from
/// the files), and its roster; None when nothing is kept.
pub async fn restore() -> Option<(Kept, Option<Roster>)> {
    let json = super::store::kept().await?;
    let saved: Saved<(String, Result<FileText, String>)> = serde_json::from_str(&json).ok()?;
    let mut kept = Kept { roster: saved.roster, baseline: saved.baseline, year: saved.year, ..Kept::default() };
    for (name, read) in saved.texts {
        let read = read.and_then(|t| Ok((Input::dated(&name, t.import()?, &t.text), t)));
        kept.files.push((name, read));
    }
    let roster = kept.roster.as_ref().and_then(|(_, text)| batch::parse_roster(text).ok());
    Some((kept, roster))
}

/// The name shown for a chosen file: its path inside the chosen folder, else its name.
pub fn display_name(file: &web_sys::File) -> String {
    js_sys::Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| file.name())
}

fn extension(name: &str) -> String {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// Whether a chosen file lies in the `名称_files` (or `名称.files`) folder a browser saves beside
/// a page `名称.htm(l)` that was chosen too: it is one of the page's pictures, not a report.
pub fn of_saved_page(name: &str, chosen: &HashSet<String>) -> bool {
    let parts: Vec<&str> = name.split('/').collect();
    (0..parts.len().saturating_sub(1)).any(|i| {
        let folder = parts[i];
        let Some(stem) = folder.strip_suffix("_files").or_else(|| folder.strip_suffix(".files")) else {
            return false;
        };
        let prefix: String = parts[..i].iter().map(|p| format!("{p}/")).collect();
        ["htm", "html", "shtml"].iter().any(|ext| chosen.contains(&format!("{prefix}{stem}.{ext}")))
    })
}

/// Reads and imports one file's bytes (HTML through the browser's parser, PDF, Word and
/// pictures in the reader worker, like the app's import), dated from its text. A saved web page
/// whose tables are pictures has them read by OCR when they were chosen with it (`beside`: the
/// batch's files by name, the page's `名称_files` folder among them). `progress` hears how far
/// the reading of pictures is.
pub async fn input_of(
    bytes: Vec<u8>,
    file: &str,
    beside: &HashMap<String, web_sys::File>,
    progress: impl Fn(u32, u32) + Clone + 'static,
) -> FileRead {
    let mut read = files::report_text(bytes, progress.clone()).await?;
    if read.ocr.is_none() && detect_form(&read.text) == Form::Html {
        if let Some(pictured) = read_page_pictures(&read.text, file, beside, progress).await? {
            read = pictured;
        }
    }
    Ok((Input::dated(file, read.import()?, &read.text), read))
}

/// The page with the text of its pictures in their place, when any picture it shows was chosen
/// with it; `None` when none was.
async fn read_page_pictures(
    html: &str,
    file: &str,
    beside: &HashMap<String, web_sys::File>,
    progress: impl Fn(u32, u32) + Clone + 'static,
) -> Result<Option<FileText>, String> {
    let folder = file.rsplit_once('/').map(|(dir, _)| format!("{dir}/")).unwrap_or_default();
    let pictures: Vec<(PagePicture, web_sys::File)> = page_pictures(html)
        .into_iter()
        .filter_map(|p| beside.get(&format!("{folder}{}", p.path)).map(|f| (p, f.clone())))
        .collect();
    if pictures.is_empty() {
        return Ok(None);
    }
    let mut texts = Vec::with_capacity(pictures.len());
    for (p, f) in &pictures {
        let bytes = files::read_file(f.clone()).await?;
        if picture_form(&bytes).is_none() {
            texts.push(None); // not a picture read here (a GIF icon, an SVG): left as it is
            continue;
        }
        let read = files::report_text(bytes, progress.clone()).await.map_err(|e| format!("图片 {}：{e}", p.path))?;
        texts.push(Some(read.text));
    }
    let shown: Vec<PagePicture> = pictures.into_iter().map(|(p, _)| p).collect();
    let (text, read) = with_picture_texts(html, &shown, &texts);
    Ok((read > 0).then(|| FileText { text, ocr: Some(page_pictures::subject(read)) }))
}

/// Reviews the files read (with the roster, if any) and shows the result in `items`.
pub fn review(kept: &mut Kept, roster: Option<Roster>, items: RwSignal<Vec<Arc<Item>>>) {
    let inputs: Vec<Input> = kept.files.iter().filter_map(|(_, r)| r.as_ref().ok().map(|(i, _)| i.clone())).collect();
    let opts = Options { roster, baseline: kept.baseline.clone(), year: kept.year, ..Options::default() };
    kept.review = batch::review(&inputs, &opts);
    let mut entries = kept.review.entries.iter().zip(inputs);
    let shown = kept
        .files
        .iter()
        .map(|(file, r)| {
            let outcome = match r {
                Ok(_) => match entries.next() {
                    Some((e, input)) => Ok(Checked {
                        report: input.report,
                        findings: e.findings.clone(),
                        row: ReportRow::from_entry(e),
                    }),
                    None => Err("检查结果缺失".to_string()),
                },
                Err(why) => Err(why.clone()),
            };
            Arc::new(Item { id: NEXT_ID.fetch_add(1, Ordering::Relaxed), file: file.clone(), outcome })
        })
        .collect();
    items.set(shown);
}

/// Lets the browser paint (a macrotask turn).
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Reads the files chosen and adds them to the batch (a file of the same name already there is
/// not read again), updating `progress` as it goes, then reviews the whole batch and keeps it for
/// the tab (a failure to keep it is told through `shell`). A later choice (a higher
/// `generation`) stops this one.
pub async fn read_batch(
    chosen: Vec<(String, web_sys::File)>,
    kept: StoredValue<Kept>,
    roster: StoredValue<Option<Roster>>,
    items: RwSignal<Vec<Arc<Item>>>,
    progress: RwSignal<Progress>,
    generation: StoredValue<u32>,
    shell: crate::app::Shell,
) {
    let mine = generation.get_value().wrapping_add(1);
    generation.set_value(mine);
    let names: HashSet<String> = chosen.iter().map(|(n, _)| n.clone()).collect();
    // every file chosen, by name: a saved page's pictures are read with the page
    let beside: HashMap<String, web_sys::File> = chosen.iter().cloned().collect();
    let there: HashSet<String> = kept.with_value(|k| k.files.iter().map(|(n, _)| n.clone()).collect());
    let (reports, skipped): (Vec<_>, Vec<_>) = chosen.into_iter().partition(|(name, _)| {
        let ext = extension(name);
        !there.contains(name)
            && (REPORT_EXTENSIONS.contains(&ext.as_str())
                || (PICTURE_EXTENSIONS.contains(&ext.as_str()) && !of_saved_page(name, &names)))
    });
    progress.set(Progress { done: 0, total: reports.len(), skipped: skipped.len(), ..Progress::default() });
    let mut read = Vec::with_capacity(reports.len());
    let mut last_paint = js_sys::Date::now();
    for (i, (name, file)) in reports.into_iter().enumerate() {
        let input = match files::read_file(file).await {
            Ok(bytes) => {
                // (the page may have been left while the pictures are read)
                let pictures = move |done: u32, total: u32| {
                    progress.try_update(|p| p.pictures = Some((done, total)));
                };
                input_of(bytes, &name, &beside, pictures).await
            }
            Err(e) => Err(e),
        };
        // a later batch, or the page left, stops this one
        if generation.try_get_value() != Some(mine) {
            return;
        }
        read.push((name, input));
        progress.update(|p| {
            p.done = i + 1;
            p.pictures = None;
        });
        // the progress bar is redrawn a few times a second, not once per file
        if js_sys::Date::now() - last_paint > 200.0 {
            yield_to_browser().await;
            last_paint = js_sys::Date::now();
        }
    }
    progress.update(|p| p.reviewing = true);
    yield_to_browser().await;
    if generation.try_get_value() != Some(mine) {
        return;
    }
    kept.try_update_value(|k| {
        k.files.extend(read);
        review(k, roster.get_value(), items);
        save(k, shell);
    });
    progress.update(|p| p.reviewing = false);
}
