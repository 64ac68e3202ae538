//! Text placed on pages by another fixed-layout form (OFD): its characters and table borders,
//! laid out into lines and table rows by the same reading as a PDF's text layer, so that every
//! fixed-layout form gives the importer the same text.

use crate::assemble::{self, PageLines};
use crate::budget::{Budget, Exceeded, Meter};
use crate::error::PdfError;
use crate::interp::{Glyph, Rule};
use crate::lines;

/// One page of placed text, in points, y up (as in PDF page space).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlacedPage {
    /// Page width.
    pub width: f64,
    /// Page height.
    pub height: f64,
    /// The characters, in drawing order.
    pub glyphs: Vec<Glyph>,
    /// The straight ruled lines drawn (table borders).
    pub rules: Vec<Rule>,
}

/// Lays the pages out as the PDF reader does its pages (lines top to bottom, table cells apart by
/// ` | `, running headers, footers and page numbers dropped), within [`Budget::default`]: a page
/// with more characters, borders or table steps than a PDF page may have is refused with
/// [`PdfError::TooLarge`]. [`PdfError::NoText`] when no page holds a character.
pub fn lay_out(pages: Vec<PlacedPage>) -> Result<String, PdfError> {
    let budget = Budget::default();
    let mut meter = Meter::new(budget);
    let mut out = Vec::with_capacity(pages.len());
    let mut glyphs = 0usize;
    for (i, page) in pages.into_iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let too_large = |e: Exceeded| PdfError::TooLarge { what: e.describe(&budget, Some(number)) };
        meter.page_glyphs(page.glyphs.len()).map_err(too_large)?;
        meter.page_rules(page.rules.len()).map_err(too_large)?;
        for _ in 0..page.glyphs.len() {
            meter.glyph().map_err(too_large)?;
        }
        glyphs += page.glyphs.len();
        let mut steps = meter.table_steps();
        let lines = lines::page_lines(&page.glyphs, &page.rules, &mut steps).map_err(too_large)?;
        meter.record_table_steps(&steps);
        out.push(PageLines { lines, height: Some(page.height) });
    }
    if glyphs == 0 {
        return Err(PdfError::NoText);
    }
    Ok(assemble::assemble(out))
}
