//! Reading pictures natively with Tesseract (`nianbao_ocr::tesseract`): the files that need it — PDFs whose pages (or pasted
//! tables) are pictures, and PNG/JPEG/TIFF files.

use nianbao_core::read::page_pictures::{self, page_pictures, with_picture_texts, PagePicture};
use nianbao_ocr::tesseract::{available, Tesseract};
use nianbao_ocr::Budget;
use rayon::prelude::*;
use std::path::Path;

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
    Ok(Pictured { text, what: nianbao_ocr::FILE_SUBJECT.to_string() })
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
            nianbao_ocr::picture_gray(p, &budget)
                .and_then(|g| nianbao_ocr::read_picture(&g, &mut Tesseract, &budget))
                .map_err(|e| format!("第{}页的图片：{e}", p.page))
        })
        .collect();
    let what = nianbao_ocr::pages_subject(layers.pictures());
    let texts = texts.into_iter().collect::<Result<Vec<_>, String>>()?;
    let text = layers.text_with(texts).map_err(|e| e.to_string())?;
    Ok(Pictured { text, what })
}

/// Reads a scanned OFD (pages that hold pictures and no text) by OCR, a page at a time: `None`
/// when no page is a scan (the OFD reader takes it). Each page's pictures are read as picture
/// files and their texts put one after another.
pub fn read_ofd_pictures(bytes: &[u8]) -> Option<Result<Pictured, String>> {
    let pages = nianbao_core::read::ofd::scanned_pictures(bytes).ok()?;
    if pages.iter().all(Vec::is_empty) {
        return None;
    }
    let read = || -> Result<Pictured, String> {
        available().map_err(|e| e.to_string())?;
        let numbered: Vec<(usize, &Vec<u8>)> =
            pages.iter().enumerate().flat_map(|(i, pics)| pics.iter().map(move |p| (i + 1, p))).collect();
        let texts: Vec<Result<String, String>> = numbered
            .par_iter()
            .map(|(page, bytes)| read_picture_file(bytes).map(|p| p.text).map_err(|e| format!("第{page}页的图片：{e}")))
            .collect();
        let text = texts.into_iter().collect::<Result<Vec<_>, String>>()?.join("\n");
        let mut numbers: Vec<String> = numbered.iter().map(|(page, _)| page.to_string()).collect();
        numbers.dedup();
        Ok(Pictured { text, what: format!("本报告第{}页为图片", numbers.join("、")) })
    };
    Some(read())
}

/// Reads the pictures an HTML page shows in place of its tables: each local picture is read
/// by OCR and its text put where the picture was, a paragraph a line. `None` when the page
/// shows no local picture.
fn read_page_pictures(html: &str, folder: &Path) -> Option<Result<Pictured, String>> {
    let pictures: Vec<PagePicture> =
        page_pictures(html).into_iter().filter(|p| folder.join(&p.path).is_file()).collect();
    if pictures.is_empty() {
        return None;
    }
    let read = || -> Result<Pictured, String> {
        available().map_err(|e| e.to_string())?;
        let texts: Vec<Result<Option<String>, String>> = pictures
            .par_iter()
            .map(|p| {
                let path = folder.join(&p.path);
                let shown = crate::files::shown(&path);
                let bytes = crate::files::read_input(&path).map_err(|e| format!("图片 {shown}：{e}"))?;
                if nianbao_ocr::picture_form(&bytes).is_none() {
                    return Ok(None); // not a picture read here (a GIF icon, an SVG): left as it is
                }
                read_picture_file(&bytes).map(|p| Some(p.text)).map_err(|e| format!("图片 {shown}：{e}"))
            })
            .collect();
        let texts = texts.into_iter().collect::<Result<Vec<_>, String>>()?;
        let (text, read) = with_picture_texts(html, &pictures, &texts);
        Ok(Pictured { text, what: page_pictures::subject(read) })
    };
    Some(read())
}

/// Imports a file whose report is (partly) in pictures: a picture file, a PDF with pages or
/// tables that are pictures, or an HTML page showing its tables as local pictures (`path` is the
/// page, to find them). `None` when the file has nothing to read by OCR (the ordinary readers
/// take it); otherwise the report, marked as read by OCR (I005), and the text it was read from.
pub fn import_pictured(path: &Path, bytes: &[u8]) -> Option<Result<(nianbao_core::Report, String), String>> {
    use nianbao_core::import::{self, Form};
    use nianbao_core::read;
    let read = if nianbao_ocr::picture_form(bytes).is_some() {
        read_picture_file(bytes)
    } else if read::sniff::is_pdf(bytes) {
        read_pdf_pictures(bytes)?
    } else if read::ofd::is_ofd(bytes) {
        read_ofd_pictures(bytes)?
    } else {
        let decoded = read::read_bytes(bytes).ok()?;
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
