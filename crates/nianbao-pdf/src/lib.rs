//! Reads the text layer of a PDF the way a reader sees the page: characters placed by position,
//! lines top to bottom, table cells side by side separated by ` | `, pages joined without their
//! running headers, footers and page numbers, paragraphs re-joined across line and page breaks.
//!
//! The result is what `nianbao_core::import::import_text` reads (it was written for text
//! extracted this way). Pure Rust, no I/O, builds for `wasm32-unknown-unknown`.
//!
//! # Why lopdf and our own interpreter
//!
//! Measured on the corpus PDFs (WPS, Type0 Identity-H + ToUnicode) and a LibreOffice PDF of a
//! generated report with blank cells, each text given to `import_text` + `check`:
//!
//! | reader | 洪泽区 | 淮安市 | LibreOffice, blanks | 300 mutated files |
//! |---|---|---|---|---|
//! | this crate (lopdf 0.42 + positions + borders) | = twin, 0 errors | = twin, 0 errors | all cells | 0 panics (8000 in the test) |
//! | pdf-extract 0.12 (`extract_text_from_mem`) | = twin | = twin | 150 cells unread, 5 errors | 94 panics |
//! | pdf_oxide 0.3.78 (`extract_text`, no default features) | 115 unread | 109 unread, 1 error | 182 unread | 0 panics |
//!
//! pdf-extract panics on damaged input (a panic cannot be caught in the browser build) and has no
//! table cells; pdf_oxide's reading order loses the table rows and it brings 167 crates (lopdf 62).
//! lopdf parses the file; the content streams are run here, where glyph positions and table
//! borders are known.
//!
//! # Work budget
//!
//! A PDF can be built to make a reader decode gigabytes from a kilobyte, run a content stream
//! forever or keep billions of table cells. Every step of the reading here — decoding streams,
//! running operators, calling forms, drawing characters, reading fonts' maps and widths, cutting
//! table cells — is charged to one [`Budget`] per document, sized far above what real reports
//! use; a file that goes past a limit is refused with [`PdfError::TooLarge`], which says which
//! limit and where. lopdf's own unbounded steps while loading (cross-reference streams, object
//! streams, encrypted files' object streams) are done or checked here within the same budget.
//! [`read_pdf`] reads with a given budget and reports what the reading used.
//!
//! ```no_run
//! let bytes = std::fs::read("年报.pdf").unwrap();
//! match nianbao_pdf::pdf_to_text(&bytes) {
//!     Ok(text) => println!("{text}"),
//!     Err(why) => eprintln!("{why}"),
//! }
//! ```

mod assemble;
mod budget;
mod cmap;
mod content;
mod decode;
mod error;
mod font;
mod interp;
mod lines;
mod open;
mod xref;

pub use budget::Budget;
pub use error::PdfError;

use assemble::PageLines;
use budget::{Exceeded, Meter};

/// A page whose text is more undecodable characters than this share is refused.
const MAX_UNDECODABLE_SHARE: f64 = 0.02;

/// The layout-preserving text of a PDF (see the crate documentation), or why there is none.
///
/// Never guesses: a document whose text cannot be decoded, a scanned document, an encrypted,
/// damaged or truncated file each get their [`PdfError`]. The reading stays within
/// [`Budget::default`]: a file that would take more is refused with [`PdfError::TooLarge`].
pub fn pdf_to_text(bytes: &[u8]) -> Result<String, PdfError> {
    read_pdf(bytes, &Budget::default()).map(|r| r.text)
}

/// What [`read_pdf`] gives: the text, and the work it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The layout-preserving text (as [`pdf_to_text`] gives it).
    pub text: String,
    /// What the reading used of each limit of the budget, in the same units: totals for the
    /// document-wide limits, the largest single stream or page for the others.
    pub used: Budget,
}

/// The text of a PDF read within `budget`, with what the reading used of it; [`pdf_to_text`] is
/// this with [`Budget::default`].
pub fn read_pdf(bytes: &[u8], budget: &Budget) -> Result<Reading, PdfError> {
    let mut meter = Meter::new(*budget);
    let doc = open::open(bytes, &mut meter)?;
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(PdfError::Damaged("找不到任何页面（页面树为空或无法读取）".to_string()));
    }
    let too_large = |e: Exceeded, page: u32| PdfError::TooLarge { what: e.describe(budget, Some(page)) };
    let mut interp = interp::Interpreter::new(&doc);
    let mut out = Vec::with_capacity(pages.len());
    let (mut glyphs, mut images) = (0usize, 0usize);
    let mut undecodable = Vec::new();
    for (&number, &id) in &pages {
        let page = interp.page(id, &mut meter).map_err(|e| too_large(e, number))?;
        glyphs += page.glyphs.len();
        images += page.images;
        let unknown = page.glyphs.iter().filter(|g| g.text.is_none()).count();
        if unknown > 0 && unknown as f64 > MAX_UNDECODABLE_SHARE * page.glyphs.len() as f64 {
            undecodable.push(number);
        }
        let mut steps = meter.table_steps();
        let lines = lines::page_lines(&page.glyphs, &page.rules, &mut steps).map_err(|e| too_large(e, number))?;
        meter.record_table_steps(&steps);
        out.push(PageLines { lines, height: page.size.map(|s| s.1) });
    }
    if glyphs == 0 {
        return Err(if images > 0 { PdfError::Scanned } else { PdfError::NoText });
    }
    if !undecodable.is_empty() {
        return Err(PdfError::Undecodable { pages: undecodable });
    }
    Ok(Reading { text: assemble::assemble(out), used: meter.used() })
}
