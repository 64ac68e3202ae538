//! Reading pictures natively with Tesseract (`nianbao_ocr::tesseract`): the files that need it — PDFs whose pages (or pasted
//! tables) are pictures, and PNG/JPEG/TIFF files.

use nianbao_ocr::tesseract::{available, Tesseract};
use nianbao_ocr::{Budget, Gray, OcrError};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What reading a file's pictures gave: the importer's text, and what was read by OCR, as the
/// subject of the OCR note ("本报告第3、4页为图片").
pub struct Pictured {
    /// The intermediate text (or, for a page, its HTML with the pictures' text in their place).
    pub text: String,
    /// What was read by OCR.
    pub what: String,
}

/// Reads a picture file (PNG, JPEG, TIFF) by OCR.
pub fn read_picture_file(bytes: &[u8]) -> Result<Pictured, String> {
    let budget = Budget::default();
    let page = nianbao_ocr::decode_picture(bytes, &budget).map_err(|e| e.to_string())?;
    let text = nianbao_ocr::read_picture(&page, &mut Tesseract, &budget).map_err(|e| e.to_string())?;
    let text = nianbao_pdf::picture_page_text(text, page.width, page.height, nianbao_ocr::FILE_DPI)
        .map_err(|e| e.to_string())?;
    Ok(Pictured { text, what: "本报告为图片".to_string() })
}

/// Reads a PDF whose pages (or tables pasted in them) are pictures: `None` when it has no
/// picture to read (the text layer is all).
pub fn read_pdf_pictures(bytes: &[u8]) -> Option<Result<Pictured, String>> {
    let layers = nianbao_pdf::read_layers(bytes, &nianbao_pdf::Budget::default()).ok()?;
    if layers.pictures().is_empty() {
        return None;
    }
    Some(read_layers(layers))
}

fn read_layers(layers: nianbao_pdf::Layers) -> Result<Pictured, String> {
    available().map_err(|e| e.to_string())?;
    let budget = Budget::default();
    let texts: Vec<Result<nianbao_pdf::PictureText, String>> = layers
        .pictures()
        .par_iter()
        .map(|p| {
            let gray = match &p.pixels {
                nianbao_pdf::Pixels::Jpeg(data) => nianbao_ocr::decode_jpeg(data, &budget),
                nianbao_pdf::Pixels::Gray(data) => Gray::new(p.width, p.height, data.clone())
                    .ok_or_else(|| OcrError::Damaged("图片像素数据不完整".to_string())),
            };
            gray.and_then(|g| nianbao_ocr::read_picture(&g, &mut Tesseract, &budget))
                .map_err(|e| format!("第{}页的图片：{e}", p.page))
        })
        .collect();
    let mut pages: Vec<String> = layers.pictures().iter().map(|p| p.page.to_string()).collect();
    pages.dedup();
    let texts = texts.into_iter().collect::<Result<Vec<_>, String>>()?;
    let text = layers.text_with(texts).map_err(|e| e.to_string())?;
    Ok(Pictured { text, what: format!("本报告第{}页为图片", pages.join("、")) })
}

/// The most pictures of one page read by OCR.
const MAX_PAGE_PICTURES: usize = 64;

/// The local pictures an HTML page shows (`<img src="…">`), as (the whole tag's byte range, the
/// path): relative paths only (a saved page's `名称_files/…`), never a URL, an absolute path or
/// one that climbs out of the page's folder; `%XX` escapes decoded.
fn page_pictures(html: &str, folder: &Path) -> Vec<(std::ops::Range<usize>, PathBuf)> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<img") {
        let start = at + found;
        let Some(len) = lower[start..].find('>') else { break };
        let end = start + len + 1;
        at = end;
        let tag = &html[start..end];
        let Some(src) = attribute(tag, "src") else { continue };
        let src = percent_decoded(src.trim());
        let relative = Path::new(&src);
        let local = !src.contains(':')
            && !src.starts_with('/')
            && !src.starts_with('\\')
            && relative
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
        if local && out.len() < MAX_PAGE_PICTURES {
            out.push((start..end, folder.join(relative)));
        }
    }
    out
}

/// The value of an attribute of a start tag (`src="…"`, `src='…'` or `src=…`).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = lower[at..].find(name) {
        let i = at + found;
        at = i + name.len();
        let before = lower[..i].chars().last();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag[at..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let rest = rest.trim_start();
        return match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next(),
            _ => rest.split(|c: char| c.is_whitespace() || c == '>').next(),
        };
    }
    None
}

fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Reads the pictures an HTML page shows in place of its tables: each local picture is read
/// by OCR and its text put where the picture was, a paragraph a line. `None` when the page
/// shows no local picture.
fn read_page_pictures(html: &str, folder: &Path) -> Option<Result<Pictured, String>> {
    let pictures: Vec<_> = page_pictures(html, folder).into_iter().filter(|(_, p)| p.is_file()).collect();
    if pictures.is_empty() {
        return None;
    }
    let read = || -> Result<Pictured, String> {
        available().map_err(|e| e.to_string())?;
        let texts: Vec<Result<Option<String>, String>> = pictures
            .par_iter()
            .map(|(_, path)| {
                let shown = crate::files::shown(path);
                let bytes = crate::files::read_input(path).map_err(|e| format!("图片 {shown}：{e}"))?;
                if nianbao_ocr::picture_form(&bytes).is_none() {
                    return Ok(None); // not a picture read here (a GIF icon, an SVG): left as it is
                }
                read_picture_file(&bytes).map(|p| Some(p.text)).map_err(|e| format!("图片 {shown}：{e}"))
            })
            .collect();
        let mut out = String::with_capacity(html.len());
        let mut at = 0;
        let mut read = 0;
        for ((range, _), text) in pictures.iter().zip(texts) {
            out.push_str(&html[at..range.start]);
            match text? {
                Some(text) => {
                    read += 1;
                    out.push_str("<div>");
                    for line in text.lines() {
                        out.push_str("<p>");
                        out.push_str(&escaped(line));
                        out.push_str("</p>");
                    }
                    out.push_str("</div>");
                }
                None => out.push_str(&html[range.clone()]),
            }
            at = range.end;
        }
        out.push_str(&html[at..]);
        Ok(Pictured { text: out, what: format!("本报告页面中的{read}张图片") })
    };
    Some(read())
}

/// Imports a file whose report is (partly) in pictures: a picture file, a PDF with pages or
/// tables that are pictures, or an HTML page showing its tables as local pictures (`path` is the
/// page, to find them). `None` when the file has nothing to read by OCR (the ordinary readers
/// take it); otherwise the report, marked as read by OCR (I005), and the text it was read from.
pub fn import_pictured(path: &Path, bytes: &[u8]) -> Option<Result<(nianbao_core::Report, String), String>> {
    use nianbao_core::import::{self, Form};
    let read = if nianbao_ocr::picture_form(bytes).is_some() {
        read_picture_file(bytes)
    } else if import::sniff::is_pdf(bytes) {
        read_pdf_pictures(bytes)?
    } else {
        let decoded = import::read_bytes(bytes).ok()?;
        if import::detect_form(&decoded.text) != Form::Html {
            return None;
        }
        let folder = path.parent().unwrap_or(Path::new("."));
        read_page_pictures(&decoded.text, folder)?
    };
    Some(read.and_then(|p| {
        let mut report = import::import(&p.text).map_err(|e| e.to_string())?;
        import::note_ocr(&mut report, &p.what);
        Ok((report, p.text))
    }))
}
