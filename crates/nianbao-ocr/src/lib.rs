//! Reports published as pictures — scanned PDFs, tables pasted into a page as images, picture
//! files — read into the same intermediate text the importer reads from text-layer PDFs.
//!
//! A page picture is made upright (its skew found from the ink's row profile and turned back),
//! its table grids are found from their ruling lines (merged cells included) and each cell is
//! read on its own: a cell whose ink is one line of narrow characters as a number (digits
//! only, single-line mode), any other as a Chinese label; the text around the tables is read as
//! one block. The words and ruling lines go back into `nianbao-pdf`'s line layout, so table rows
//! come out as `| a | b |` exactly as from a PDF with a text layer, and the layouts, rules and
//! renderers stay as they are.
//!
//! Every number read carries its confidence as an OCR mark (see
//! [`nianbao_core::text::ocr_mark`]); the importer keeps it per cell and the rules turn a sum
//! that a doubtful digit could explain into a doubt about the reading, never into a changed
//! cell.
//!
//! The recogniser is behind the [`Recogniser`] trait: the CLI runs Tesseract with `chi_sim`,
//! the browser tesseract.js in a worker. Reading is split in two so that it can be asynchronous:
//! [`plan`] (pixels → jobs), the recogniser, [`Plan::finish`] (readings → words). This crate does
//! no I/O and builds for `wasm32-unknown-unknown`; every step is bounded by a [`Budget`].
//!
//! ```no_run
//! # use nianbao_ocr::*;
//! # fn run(bytes: &[u8], recogniser: &mut dyn Recogniser) -> Result<(), Box<dyn std::error::Error>> {
//! let page = decode_picture(bytes, &Budget::default())?;
//! let text = read_picture(&page, recogniser, &Budget::default())?;
//! let intermediate = nianbao_pdf::picture_page_text(text, page.width, page.height, 150.0)?;
//! # Ok(()) }
//! ```

mod budget;
mod document;
mod error;
pub mod grid;
mod image;
mod plan;
pub mod prep;
mod recognise;
#[cfg(feature = "tesseract")]
pub mod tesseract;

pub use budget::Budget;
pub use document::{pages_subject, picture_gray, Plans, FILE_SUBJECT};
pub use error::OcrError;
pub use image::{decode_jpeg, decode_picture, luma, Gray};
pub use nianbao_core::read::sniff::{picture_form, PictureForm};
pub use plan::{plan, Plan, DOUBTFUL};
pub use recognise::{parse_tsv, Job, JobKind, ReadWord, Reading, Recogniser};

use nianbao_pdf::PictureText;

/// Reads one page picture with `recogniser`: [`plan`], recognise, [`Plan::second_round`] for
/// the number cells left unsettled, [`Plan::finish`].
pub fn read_picture(img: &Gray, recogniser: &mut dyn Recogniser, budget: &Budget) -> Result<PictureText, OcrError> {
    let plans = Plans::new(vec![plan(img, budget)?]);
    Ok(plans.read(recogniser)?.pop().unwrap_or_default())
}

/// The resolution a picture file is taken to have when it does not matter much: the layout
/// only compares sizes within the page.
pub const FILE_DPI: f64 = 150.0;
