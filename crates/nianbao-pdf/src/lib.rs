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
//! # Pictures
//!
//! A scanned page, or a table pasted into a report as a picture, has no text layer to read.
//! [`read_layers`] reads a PDF as [`read_pdf`] does and also takes out the pictures that hold
//! text ([`Layers::pictures`]: their pixels, gray or JPEG, and where they are drawn); what is read
//! from them elsewhere (by OCR) comes back as [`PictureText`] — words and ruled lines in the
//! picture's pixels — and [`Layers::text_with`] puts it on the pages and lays them out with the
//! same line and table reading, so that a scanned PDF gives the same text as one with a text
//! layer. [`picture_page_text`] does the same for a picture that is a page of its own.
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
mod layers;
mod lines;
mod open;
mod picture;
mod pixels;
mod placed;
mod xref;

pub use budget::Budget;
pub use error::PdfError;
pub use interp::{Glyph, Rule};
pub use layers::{picture_page_text, Layers};
pub use picture::{Picture, PictureRule, PictureText, PictureWord, Pixels};
pub use placed::{lay_out, PlacedPage};

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
/// this with [`Budget::default`]. Pictures are not taken out (see [`read_layers`]).
pub fn read_pdf(bytes: &[u8], budget: &Budget) -> Result<Reading, PdfError> {
    let (text, used) = layers::read(bytes, budget, false)?.finish(Vec::new())?;
    Ok(Reading { text, used })
}

/// Reads a PDF's layers within `budget`: each page's text layer and table borders, and the
/// pictures that hold text to read ([`Layers::pictures`]; those that cannot be taken are in
/// [`Layers::unread_pictures`]). Refused as by [`read_pdf`] — not a PDF, truncated, encrypted,
/// damaged, undecodable fonts, past the budget —, except that a scanned document (images and no
/// text) is read, for its pictures: [`Layers::text`] then says [`PdfError::Scanned`], unless
/// text read from the pictures is given to [`Layers::text_with`]. A document with neither text
/// nor images is [`PdfError::NoText`].
pub fn read_layers(bytes: &[u8], budget: &Budget) -> Result<Layers, PdfError> {
    layers::read(bytes, budget, true)
}
