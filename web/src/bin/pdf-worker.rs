//! A web worker that reads the text of a PDF, a Word (.docx, .doc, .wps) or OFD file or a picture. It is a separate
//! wasm module, loaded only when a clerk imports such a file, so that the PDF reader (lopdf), the
//! Word reader (zip, roxmltree) and the picture reader (nianbao-ocr) do not weigh on the app's
//! first load. It first says it is ready (the string `nianbao-pdf-worker-ready`).
//!
//! Message in: the file's bytes (Uint8Array or ArrayBuffer). Messages out: while pictures are
//! read, `{ progress: [done, total] }` now and then; at the end an object `{ text }` with the text
//! the importer reads (`nianbao_core::import::import_text`), plus `ocr` (what was read by OCR,
//! the subject of the I005 note) when pictures were read, or `{ error }` with the reason in
//! Chinese.
//!
//! Pictures (a scanned PDF's pages, a table pasted into a PDF as a picture, a PNG/JPEG/TIFF file)
//! are planned here by `nianbao-ocr` exactly as the CLI plans them; the recogniser is
//! tesseract.js, run by `tesseract/recognise.js` (loaded with importScripts only when a document
//! holds pictures) on a worker a core.

use nianbao_ocr::{Budget, Gray, Job, Plans, Reading};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let onmessage = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let reply = reply.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let out = answer(&ev.data()).await;
            let _ = reply.post_message(&out);
        });
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    // messages sent before the module was ready are lost: say when it is
    let _ = scope.post_message(&JsValue::from_str(READY));
}

/// What reading a file gave: the importer's text, and what was read by OCR.
struct Read {
    text: String,
    ocr: Option<String>,
}

/// The reply to one message: `{ text, ocr? }` or `{ error }`.
async fn answer(data: &JsValue) -> JsValue {
    let out = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&out, &JsValue::from_str(k), &JsValue::from_str(v));
    };
    if !(data.is_instance_of::<js_sys::Uint8Array>() || data.is_instance_of::<js_sys::ArrayBuffer>()) {
        set("error", "无法读取文件：没有收到文件内容");
        return out.into();
    }
    let bytes = js_sys::Uint8Array::new(data).to_vec();
    match read(&bytes).await {
        Ok(read) => {
            set("text", &read.text);
            if let Some(what) = read.ocr {
                set("ocr", &what);
            }
        }
        Err(why) => set("error", &why),
    }
    out.into()
}

/// Reads a picture file, a PDF (its pictures by OCR when it has any) or a Word file.
async fn read(bytes: &[u8]) -> Result<Read, String> {
    let budget = Budget::default();
    if nianbao_ocr::picture_form(bytes).is_some() {
        let page = nianbao_ocr::decode_picture(bytes, &budget).map_err(|e| e.to_string())?;
        let (width, height) = (page.width, page.height);
        let text = read_pictures(vec![page], &budget, |_| "图片".to_string()).await?.pop().unwrap_or_default();
        let text =
            nianbao_pdf::picture_page_text(text, width, height, nianbao_ocr::FILE_DPI).map_err(|e| e.to_string())?;
        return Ok(Read { text, ocr: Some(nianbao_ocr::FILE_SUBJECT.to_string()) });
    }
    if nianbao_core::read::sniff::is_pdf(bytes) {
        // read once: the layers give the text layer as `pdf_to_text` does, and the pictures
        let layers = nianbao_pdf::read_layers(bytes, &nianbao_pdf::Budget::default()).map_err(|e| e.to_string())?;
        if layers.pictures().is_empty() {
            return layers.text().map(|text| Read { text, ocr: None }).map_err(|e| e.to_string());
        }
        let pages: Vec<u32> = layers.pictures().iter().map(|p| p.page).collect();
        let grays = layers
            .pictures()
            .iter()
            .map(|p| nianbao_ocr::picture_gray(p, &budget).map_err(|e| format!("第{}页的图片：{e}", p.page)))
            .collect::<Result<Vec<Gray>, String>>()?;
        let what = nianbao_ocr::pages_subject(layers.pictures());
        let texts = read_pictures(grays, &budget, |i| format!("第{}页的图片", pages[i])).await?;
        let text = layers.text_with(texts).map_err(|e| e.to_string())?;
        return Ok(Read { text, ocr: Some(what) });
    }
    if bytes.starts_with(nianbao_core::read::sniff::OLE_MAGIC) {
        return nianbao_core::read::doc::doc_to_text(bytes)
            .map(|text| Read { text, ocr: None })
            .map_err(|e| e.to_string());
    }
    if nianbao_core::read::ofd::is_ofd(bytes) {
        return read_ofd(bytes, &budget).await;
    }
    nianbao_core::read::docx::docx_to_text(bytes).map(|text| Read { text, ocr: None }).map_err(|e| e.to_string())
}

/// Reads an OFD: its text, or — a scan, pages of pictures and no text — its pages' pictures by
/// OCR, each laid out as a page of its own.
async fn read_ofd(bytes: &[u8], budget: &Budget) -> Result<Read, String> {
    use nianbao_core::read::ofd;
    let pages = ofd::scanned_pictures(bytes).map_err(|e| e.to_string())?;
    if pages.iter().all(Vec::is_empty) {
        return ofd::ofd_to_text(bytes).map(|text| Read { text, ocr: None }).map_err(|e| e.to_string());
    }
    let mut numbers = Vec::new();
    let mut grays = Vec::new();
    for (i, pictures) in pages.iter().enumerate() {
        for picture in pictures {
            let gray = nianbao_ocr::decode_picture(picture, budget).map_err(|e| format!("第{}页的图片：{e}", i + 1))?;
            numbers.push(i + 1);
            grays.push(gray);
        }
    }
    let sizes: Vec<(u32, u32)> = grays.iter().map(|g| (g.width, g.height)).collect();
    let texts = read_pictures(grays, budget, |i| format!("第{}页的图片", numbers[i])).await?;
    let mut out = Vec::with_capacity(texts.len());
    for (text, (width, height)) in texts.into_iter().zip(sizes) {
        out.push(
            nianbao_pdf::picture_page_text(text, width, height, nianbao_ocr::FILE_DPI).map_err(|e| e.to_string())?,
        );
    }
    let mut listed: Vec<String> = numbers.iter().map(usize::to_string).collect();
    listed.dedup();
    Ok(Read { text: out.join("\n"), ocr: Some(format!("本报告第{}页为图片", listed.join("、"))) })
}

/// Reads pictures by OCR: every job of every picture in one batch, then the second round.
async fn read_pictures(
    pictures: Vec<Gray>,
    budget: &Budget,
    name: impl Fn(usize) -> String,
) -> Result<Vec<nianbao_pdf::PictureText>, String> {
    let plans = pictures
        .iter()
        .enumerate()
        .map(|(i, g)| nianbao_ocr::plan(g, budget).map_err(|e| format!("{}：{e}", name(i))))
        .collect::<Result<Vec<_>, String>>()?;
    drop(pictures);
    let plans = Plans::new(plans);
    let recogniser = Recogniser::load()?;
    let first = recogniser.recognise(&plans.jobs()).await;
    let second = match &first {
        Ok(first) => {
            let jobs = plans.second_round(first);
            if jobs.is_empty() {
                Ok(Vec::new())
            } else {
                recogniser.recognise(&jobs).await
            }
        }
        Err(e) => Err(e.clone()),
    };
    recogniser.end().await;
    Ok(plans.finish(&first?, &second?))
}

/// tesseract.js, run by `tesseract/recognise.js`.
struct Recogniser {
    recognise: js_sys::Function,
    end: Option<js_sys::Function>,
}

/// Why pictures cannot be read when the recogniser cannot be loaded.
const UNLOADED: &str = "无法加载文字识别程序（tesseract.js），图片无法识别：请确认本网页的 tesseract 文件夹完整，或联网打开一次本网页后再试";

impl Recogniser {
    /// Loads `tesseract/recognise.js` (and with it tesseract.js) into this worker.
    fn load() -> Result<Recogniser, String> {
        let global = js_sys::global();
        let get = |k: &str| js_sys::Reflect::get(&global, &JsValue::from_str(k)).ok().and_then(|f| f.dyn_into().ok());
        if get("nianbaoRecognise").is_none() {
            let import: js_sys::Function = get("importScripts").ok_or(UNLOADED)?;
            import.call1(&global, &JsValue::from_str("./tesseract/recognise.js")).map_err(|_| UNLOADED.to_string())?;
        }
        Ok(Recogniser { recognise: get("nianbaoRecognise").ok_or(UNLOADED)?, end: get("nianbaoRecogniseEnd") })
    }

    /// Reads the jobs, one reading a job, in order; progress goes to the page.
    ///
    /// tesseract.js's models (tessdata 4.0.0 "best_int") are surer than Debian's of some wrong
    /// readings: a faint `4` read as `1` with 96% confidence. So every number job is read a
    /// second time with the `chi_sim` model, and where the two models disagree about its
    /// digits the reading is doubtful (confidence at most [`DISAGREEING`]): the relations then
    /// decide, and a sum such a reading breaks is a 识别存疑, never an arithmetic error. The
    /// second model never changes a digit.
    async fn recognise(&self, jobs: &[Job]) -> Result<Vec<Reading>, String> {
        let list = js_sys::Array::new();
        let add = |job: &Job, lang: &str| {
            let o = js_sys::Object::new();
            let set = |k: &str, v: &JsValue| {
                let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
            };
            set("image", &js_sys::Uint8Array::from(&job.image.pgm()[..]).into());
            set("lang", &JsValue::from_str(lang));
            set("psm", &JsValue::from(job.kind.page_segmentation()));
            set("alphabet", &JsValue::from_str(job.kind.alphabet().unwrap_or("")));
            list.push(&o);
        };
        for job in jobs {
            add(job, job.kind.languages());
        }
        let checked: Vec<usize> = (0..jobs.len()).filter(|&i| jobs[i].kind.alphabet().is_some()).collect();
        for &i in &checked {
            add(&jobs[i], CHECK_LANGUAGE);
        }
        let answer = self.call(&list).await?;
        let reading = |i: usize| {
            let tsv = answer.get(i as u32).as_string().unwrap_or_default();
            // tesseract.js gives the TSV without its header row
            nianbao_ocr::parse_tsv(&format!("header\n{tsv}"), 1).pop().unwrap_or_default()
        };
        let mut out: Vec<Reading> = (0..jobs.len()).map(reading).collect();
        for (n, &i) in checked.iter().enumerate() {
            if digits(&out[i]) != digits(&reading(jobs.len() + n)) {
                for w in &mut out[i].words {
                    w.confidence = w.confidence.min(DISAGREEING);
                }
            }
        }
        Ok(out)
    }

    /// Hands the job list to `nianbaoRecognise`, passing its progress on to the page.
    async fn call(&self, list: &js_sys::Array) -> Result<js_sys::Array, String> {
        let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let mut last = 0.0;
        let progress = Closure::<dyn FnMut(u32, u32)>::new(move |done: u32, total: u32| {
            let now = js_sys::Date::now();
            if now - last < 250.0 && done < total {
                return;
            }
            last = now;
            let o = js_sys::Object::new();
            let pair = js_sys::Array::of2(&JsValue::from(done), &JsValue::from(total));
            let _ = js_sys::Reflect::set(&o, &JsValue::from_str("progress"), &pair);
            let _ = scope.post_message(&o);
        });
        let failed = |e: JsValue| {
            let why = e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .or_else(|| e.as_string())
                .unwrap_or_default();
            format!("文字识别（tesseract.js）出错：{}", nianbao_core::text::printable(&why))
        };
        let promise = self.recognise.call2(&JsValue::NULL, list, progress.as_ref()).map_err(failed)?;
        let answer = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await.map_err(failed)?;
        Ok(js_sys::Array::from(&answer))
    }

    /// Ends tesseract.js's workers.
    async fn end(&self) {
        if let Some(end) = &self.end {
            if let Ok(p) = end.call0(&JsValue::NULL) {
                let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(p)).await;
            }
        }
    }
}

/// The model that reads every number job a second time, as a check.
const CHECK_LANGUAGE: &str = "chi_sim";

/// The highest confidence of a number reading the check model disagrees with: doubtful
/// ([`nianbao_core::text::OCR_DOUBTFUL`] is the line).
const DISAGREEING: f32 = 60.0;

/// The digits of a reading, its words run together.
fn digits(r: &Reading) -> String {
    r.words.iter().flat_map(|w| w.text.chars()).filter(char::is_ascii_digit).collect()
}

/// The first message of the worker, once it listens.
const READY: &str = "nianbao-pdf-worker-ready";
