//! Reports published as pictures (issue 17): scanned PDFs read back by OCR with the same cells
//! and findings as the text-layer PDFs they were made from.
//!
//! The fixtures are made here from the corpus PDFs, never from anything else:
//! - each page is rendered to a gray picture by `pdftoppm -gray` (Debian's poppler-utils) at
//!   150 dpi (a clean scan) or 200 dpi;
//! - the 200 dpi pages are made into a poor scan by ImageMagick: turned 0.7°, blurred, with
//!   noise of a fixed seed, saved as JPEG of quality 40 (`convert -seed 17 -rotate 0.7
//!   -blur 0x0.8 -attenuate 0.4 +noise Gaussian -quality 40`);
//! - the pictures are wrapped into an image-only PDF here with lopdf, one picture a page
//!   (FlateDecode gray samples for the clean scans, the JPEG as it is, DCTDecode, for the poor
//!   ones), as a scanner's PDF holds them.
//!
//! `scripts/setup.sh` installs Tesseract with chi_sim, poppler-utils and ImageMagick.

mod common;
#[path = "../../nianbao-pdf/tests/hostile/mod.rs"]
mod hostile;

use common::{corpus, nianbao};
use lopdf::{dictionary, Stream};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs a program of the fixture tool chain, failing the test with what it said.
fn run(program: &str, args: &[&str]) {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program} 无法运行：{e}"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// How a scan is made.
#[derive(Clone, Copy)]
enum Scan {
    /// 150 dpi gray, as rendered.
    Clean,
    /// 200 dpi, turned 0.7°, blurred, noisy, JPEG quality 40.
    Poor,
}

/// Renders `pdf` to page pictures and wraps them into an image-only PDF at `out`.
fn scan(pdf: &Path, how: Scan, dir: &Path, out: &Path) {
    let prefix = dir.join("page");
    let dpi = match how {
        Scan::Clean => "150",
        Scan::Poor => "200",
    };
    run("pdftoppm", &["-r", dpi, "-gray", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .collect();
    pages.sort();
    let mut pictures = Vec::new();
    for page in &pages {
        match how {
            Scan::Clean => pictures.push(Picture::Gray(std::fs::read(page).unwrap())),
            Scan::Poor => {
                let jpg = page.with_extension("jpg");
                run(
                    "convert",
                    &[
                        "-seed",
                        "17",
                        page.to_str().unwrap(),
                        "-background",
                        "white",
                        "-rotate",
                        "0.7",
                        "-blur",
                        "0x0.8",
                        "-attenuate",
                        "0.4",
                        "+noise",
                        "Gaussian",
                        "-colorspace",
                        "Gray",
                        "-quality",
                        "40",
                        jpg.to_str().unwrap(),
                    ],
                );
                pictures.push(Picture::Jpeg(std::fs::read(&jpg).unwrap()));
            }
        }
    }
    std::fs::write(out, image_pdf(&pictures)).unwrap();
}

/// A page picture for [`image_pdf`].
enum Picture {
    /// A binary PGM file (`P5`).
    Gray(Vec<u8>),
    /// A gray JPEG file.
    Jpeg(Vec<u8>),
}

fn pgm_size(pgm: &[u8]) -> (u32, u32) {
    let header = String::from_utf8_lossy(&pgm[..64.min(pgm.len())]).to_string();
    let mut it = header.split_ascii_whitespace().skip(1);
    (it.next().unwrap().parse().unwrap(), it.next().unwrap().parse().unwrap())
}

fn jpeg_size(jpg: &[u8]) -> (u32, u32) {
    // the first start-of-frame marker holds the height and width
    let mut i = 2;
    while i + 9 < jpg.len() {
        let marker = jpg[i + 1];
        let len = u16::from_be_bytes([jpg[i + 2], jpg[i + 3]]) as usize;
        if (0xC0..=0xCF).contains(&marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC {
            let h = u16::from_be_bytes([jpg[i + 5], jpg[i + 6]]) as u32;
            let w = u16::from_be_bytes([jpg[i + 7], jpg[i + 8]]) as u32;
            return (w, h);
        }
        i += 2 + len;
    }
    panic!("JPEG without a frame header");
}

/// An A4 PDF with one picture filling each page, and no text.
fn image_pdf(pictures: &[Picture]) -> Vec<u8> {
    use std::io::Write;
    let mut pdf = hostile::Pdf::new();
    for pic in pictures {
        let (w, h, filter, data) = match pic {
            Picture::Gray(pgm) => {
                let (w, h) = pgm_size(pgm);
                let samples = &pgm[pgm.len() - (w * h) as usize..];
                let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
                z.write_all(samples).unwrap();
                (w, h, "FlateDecode", z.finish().unwrap())
            }
            Picture::Jpeg(jpg) => {
                let (w, h) = jpeg_size(jpg);
                (w, h, "DCTDecode", jpg.clone())
            }
        };
        let image = pdf.add(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64, "Height" => h as i64,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => filter,
            },
            data,
        ));
        let content = pdf.add(Stream::new(dictionary! {}, b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec()));
        pdf.page(dictionary! { "XObject" => dictionary! { "Im0" => image } }, content.into());
    }
    pdf.bytes()
}

/// The cells of a report as the CLI's draft gives them.
fn cells(path: &Path, dir: &Path) -> BTreeMap<String, Value> {
    let draft = dir.join(format!("{}.json", path.file_stem().unwrap().to_string_lossy()));
    let out = nianbao(&["convert", path.to_str().unwrap(), "-o", draft.to_str().unwrap(), "--force"]);
    assert!(out.status.success(), "convert {}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&std::fs::read(&draft).unwrap()).unwrap();
    v["cells"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// The findings of a report: (code, cells) of each, in order.
fn findings(path: &Path) -> (Vec<(String, String)>, Value) {
    let out = nianbao(&["check", "--format", "json", path.to_str().unwrap()]);
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    let report = v["reports"][0].clone();
    let list = report["findings"].as_array().cloned().unwrap_or_default();
    let codes = list.iter().map(|f| (f["code"].as_str().unwrap_or("").to_string(), f["cells"].to_string())).collect();
    (codes, report)
}

/// Scans a corpus PDF, reads the scan back and compares it with the text-layer PDF: every cell
/// the same, or — where the scan was too poor for a digit — a doubt (I006) about that very cell
/// whose other reading is the printed value (the cell itself is never changed); the findings
/// the same apart from the OCR note (I005) and those doubts. Returns the number of doubts.
fn compare(name: &str, how: Scan) -> usize {
    let pdf = corpus().join(name);
    let dir = tempfile::tempdir().unwrap();
    let scanned = dir.path().join("scan.pdf");
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    scan(&pdf, how, &pages, &scanned);
    // NIANBAO_KEEP_SCANS=DIR keeps the scans made (to look at them, or to time the reading)
    if let Ok(keep) = std::env::var("NIANBAO_KEEP_SCANS") {
        let tag = match how {
            Scan::Clean => "clean",
            Scan::Poor => "poor",
        };
        std::fs::copy(&scanned, Path::new(&keep).join(format!("{}-{tag}.pdf", name.trim_end_matches(".pdf")))).unwrap();
    }
    let want = cells(&pdf, dir.path());
    let got = cells(&scanned, dir.path());
    let (want_f, _) = findings(&pdf);
    let (got_f, report) = findings(&scanned);
    let list = report["findings"].as_array().unwrap();
    let doubt = |cell: &str, printed: &Value| {
        list.iter().any(|f| {
            f["code"] == "I006" && f["cells"][0] == cell && f["expected"].as_str() == Some(&printed.to_string())
        })
    };
    let wrong: Vec<String> = want
        .iter()
        .filter(|(k, v)| got.get(*k) != Some(v) && !doubt(k, v))
        .map(|(k, v)| format!("{k}: 文字层 {v}，识别 {:?}", got.get(k)))
        .chain(got.keys().filter(|k| !want.contains_key(*k)).map(|k| format!("{k}: 多出 {}", got[k])))
        .collect();
    assert!(wrong.is_empty(), "{name}：{} 个单元格不同（共 {} 个）：\n{}", wrong.len(), want.len(), wrong.join("\n"));
    let got_f: Vec<(String, String)> = got_f.into_iter().filter(|(c, _)| c != "I005" && c != "I006").collect();
    assert_eq!(got_f, want_f, "{name}: findings differ");
    let note = list.iter().find(|f| f["code"] == "I005");
    assert!(note.is_some_and(|n| n["message"].as_str().unwrap().contains("OCR")), "the OCR note: {report}");
    list.iter().filter(|f| f["code"] == "I006").count()
}

/// Where a word is printed on a page of a PDF (pdftotext's boxes, in points from the top-left).
fn word_box(pdf: &Path, page: u32, word: &str) -> (f64, f64, f64, f64) {
    let out = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string(), "-bbox", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout).to_string();
    let line = html.lines().find(|l| l.contains(&format!(">{word}</word>"))).expect("the word is on the page");
    let attr = |name: &str| -> f64 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    (attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax"))
}

#[test]
fn clean_scans_read_like_their_text_layer() {
    // a clean scan leaves no doubt at all
    assert_eq!(compare("2024_huaian_hongzequ.pdf", Scan::Clean), 0);
    assert_eq!(compare("2024_huaian_szf.pdf", Scan::Clean), 0);
}

#[test]
fn poor_scans_read_like_their_text_layer() {
    // a digit the poor scan loses is a doubt that names the printed value, never a wrong sum
    let doubts = compare("2024_huaian_hongzequ.pdf", Scan::Poor) + compare("2024_huaian_szf.pdf", Scan::Poor);
    assert!(doubts <= 2, "{doubts} doubts");
}

/// A digit of the table blotted out on the scan (a stamp, a stain): the reading is doubtful,
/// and the broken sum is reported as a doubt about that cell, not as the report's error.
#[test]
fn a_blotted_digit_is_a_doubt_not_a_wrong_number() {
    let pdf = corpus().join("2024_huaian_hongzequ.pdf");
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    let prefix = pages.join("page");
    run("pdftoppm", &["-r", "150", "-gray", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&pages).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    // table 三, 予以公开, 自然人: "50"; a blot over the lower part of its "5"
    let (x0, y0, x1, y1) = word_box(&pdf, 3, "50");
    let px = |pt: f64| (pt * 150.0 / 72.0).round() as i64;
    let mut page = std::fs::read(&files[2]).unwrap();
    let (w, h) = pgm_size(&page);
    let start = page.len() - (w * h) as usize;
    let (cx, cy) = (px(x0 + (x1 - x0) * 0.25), px(y0 + (y1 - y0) * 0.72));
    let r = px((y1 - y0) * 0.3);
    for y in cy - r..=cy + r {
        for x in cx - r..=cx + r {
            if (x - cx).pow(2) + (y - cy).pow(2) <= r * r {
                page[start + (y * i64::from(w) + x) as usize] = 40;
            }
        }
    }
    std::fs::write(&files[2], &page).unwrap();
    let pictures: Vec<Picture> = files.iter().map(|f| Picture::Gray(std::fs::read(f).unwrap())).collect();
    let scanned = dir.path().join("blotted.pdf");
    std::fs::write(&scanned, image_pdf(&pictures)).unwrap();
    let (codes, report) = findings(&scanned);
    let list = report["findings"].as_array().unwrap();
    let doubt = list.iter().find(|f| f["code"] == "I006");
    assert!(doubt.is_some_and(|d| d["cells"][0] == "t3.open.np"), "a doubt about the blotted cell: {codes:?}");
    assert!(!codes.iter().any(|(c, _)| c.starts_with("A1")), "no arithmetic error of the report: {codes:?}");
    // the cell keeps what was read: the doubt's reading, never the sum's value
    let got = cells(&scanned, dir.path());
    assert_eq!(
        got.get("t3.open.np").map(Value::to_string),
        doubt.and_then(|d| d["found"].as_str()).map(str::to_string)
    );
}

#[test]
fn without_tesseract_the_scan_is_unreadable_with_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    let scanned = dir.path().join("scan.pdf");
    scan(&corpus().join("2024_huaian_hongzequ.pdf"), Scan::Clean, &pages, &scanned);
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", scanned.to_str().unwrap()])
        .env("PATH", "/nonexistent")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("apt-get install tesseract-ocr tesseract-ocr-chi-sim"), "{said}");
}

/// A page whose tables were pasted into the CMS as pictures (the page text then holds the
/// headings with nothing between them): the saved page and its `_files` folder read with the
/// same cells and findings as the page with its tables. The pictures are Chromium screenshots
/// of the corpus page's own tables (`chromium --headless --screenshot`, at a device scale of 2
/// as a laptop's screen takes them).
#[test]
fn a_page_whose_tables_are_pictures_reads_like_the_page() {
    let page = corpus().join("2019_shanghai_szfbgt.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("年报_files");
    std::fs::create_dir(&files).unwrap();
    let mut pictured = String::new();
    let mut at = 0;
    let mut n = 0;
    while let Some(start) = html[at..].find("<table").map(|i| at + i) {
        let end = html[start..].find("</table>").map(|i| start + i + "</table>".len()).unwrap();
        let shot = dir.path().join(format!("table{n}.html"));
        std::fs::write(
            &shot,
            format!(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>body{{margin:12px;font-family:'WenQuanYi Micro Hei',sans-serif;font-size:15px}}</style></head><body>{}</body></html>",
                &html[start..end]
            ),
        )
        .unwrap();
        let png = files.join(format!("image{n}.png"));
        run(
            "chromium",
            &[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--hide-scrollbars",
                "--force-device-scale-factor=2",
                "--window-size=1500,1500",
                &format!("--screenshot={}", png.display()),
                &format!("file://{}", shot.display()),
            ],
        );
        pictured.push_str(&html[at..start]);
        pictured.push_str(&format!("<p><img src=\"年报_files/image{n}.png\" /></p>"));
        at = end;
        n += 1;
    }
    pictured.push_str(&html[at..]);
    assert_eq!(n, 3, "the page's three tables");
    let saved = dir.path().join("年报.html");
    std::fs::write(&saved, pictured).unwrap();
    let want = cells(&page, dir.path());
    let got = cells(&saved, dir.path());
    let (want_f, _) = findings(&page);
    let (got_f, report) = findings(&saved);
    let list = report["findings"].as_array().unwrap();
    let wrong: Vec<String> = want
        .iter()
        .filter(|(k, v)| got.get(*k) != Some(v))
        .map(|(k, v)| format!("{k}: 网页 {v}，识别 {:?}", got.get(k)))
        .chain(got.keys().filter(|k| !want.contains_key(*k)).map(|k| format!("{k}: 多出 {}", got[k])))
        .collect();
    assert!(wrong.is_empty(), "{} 个单元格不同（共 {} 个）：\n{}", wrong.len(), want.len(), wrong.join("\n"));
    // A row the page leaves wholly blank (`&nbsp;` in every cell) may be "unread" (I001) on one
    // side and "not filled in" (V203) on the other: the same blank cells either way; every other
    // finding is the same.
    let blank_cells = |f: &[(String, String)], codes: &[&str]| -> std::collections::BTreeSet<String> {
        f.iter()
            .filter(|(c, _)| codes.contains(&c.as_str()))
            .flat_map(|(_, cells)| serde_json::from_str::<Vec<String>>(cells).unwrap_or_default())
            .collect()
    };
    let (got_blank, want_blank) = (blank_cells(&got_f, &["I001", "V203"]), blank_cells(&want_f, &["I001", "V203"]));
    assert_eq!(
        got_blank,
        want_blank,
        "blank cells: only on the picture {:?}, only on the page {:?}",
        got_blank.difference(&want_blank).collect::<Vec<_>>(),
        want_blank.difference(&got_blank).collect::<Vec<_>>()
    );
    let other = |f: Vec<(String, String)>| -> Vec<(String, String)> {
        f.into_iter().filter(|(c, _)| !["I001", "V203", "I005"].contains(&c.as_str())).collect()
    };
    assert_eq!(other(got_f), other(want_f), "findings differ");
    let note = list.iter().find(|f| f["code"] == "I005").expect("the OCR note");
    assert!(note["message"].as_str().unwrap().contains("3张图片"), "{note}");
    // a folder check reads the page with its pictures, and not the pictures as reports of their own
    let out = nianbao(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = v["reports"].as_array().unwrap().iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert!(names.iter().any(|f| f.ends_with("年报.html")), "{names:?}");
    assert!(!names.iter().any(|f| f.contains("年报_files")), "{names:?}");
}

#[allow(dead_code)]
#[path = "../../../tests/ofd_writer.rs"]
mod ofd_writer;

/// A scanned OFD (issue 18): the corpus PDF's pages rendered by `pdftoppm -png -gray` at 150 dpi
/// and wrapped into an OFD of picture pages by `tests/ofd_writer.rs` reads by OCR with the cells
/// and findings of the text-layer PDF.
#[test]
fn a_scanned_ofd_reads_like_its_text_layer() {
    let pdf = corpus().join("2024_huaian_hongzequ.pdf");
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    run("pdftoppm", &["-r", "150", "-gray", "-png", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pages.sort();
    let ofd = dir.path().join("scan.ofd");
    std::fs::write(&ofd, ofd_writer::ofd_of_pictures(pages.iter().map(|p| std::fs::read(p).unwrap()).collect()))
        .unwrap();
    assert_eq!(cells(&ofd, dir.path()), cells(&pdf, dir.path()));
    let (want, _) = findings(&pdf);
    let (got, report) = findings(&ofd);
    let got: Vec<(String, String)> = got.into_iter().filter(|(c, _)| c != "I005").collect();
    assert_eq!(got, want);
    let note = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "I005").cloned();
    let numbers: Vec<String> = (1..=pages.len()).map(|n| n.to_string()).collect();
    let subject = format!("本报告第{}页为图片", numbers.join("、"));
    assert!(note.is_some_and(|n| n["message"].as_str().unwrap().contains(&subject)), "{subject}: {report}");
}
