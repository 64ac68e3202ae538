//! A PDF read into its pages' layers — the text layer laid out into lines, the table borders, and
//! the pictures that hold text to read — so that text read from the pictures (by OCR, elsewhere)
//! can be put back on the pages and laid out by the same line reading ([`crate::lines`]) and
//! page joining ([`crate::assemble`]) as a text layer.

use crate::assemble::{self, PageLines};
use crate::budget::{Budget, Exceeded, Meter};
use crate::error::PdfError;
use crate::font::entry;
use crate::interp::{self, mul, turn_matrix, Glyph, Matrix, PageContent, Rule};
use crate::lines::{self, Line};
use crate::open;
use crate::picture::{self, Frame, Picture, PictureText};
use crate::pixels::{self, Refusal};
use lopdf::{Document, Object, ObjectId};

/// A page whose text is more undecodable characters than this share is refused.
const MAX_UNDECODABLE_SHARE: f64 = 0.02;
/// The most pictures of one page looked at for reading; the others are listed as not read.
pub const MAX_PAGE_PICTURES: usize = 64;
/// The page size taken for a page without a MediaBox (A4, in points).
const A4: (f64, f64) = (595.0, 842.0);

/// What laying out a page again with text read from its pictures needs.
struct Kept {
    /// The characters, in the page's reading orientation.
    glyphs: Vec<Glyph>,
    /// The borders, in the same orientation.
    rules: Vec<Rule>,
    /// The page size in that orientation.
    size: Option<(f64, f64)>,
    /// The quarter turns the page was turned by.
    quarter: usize,
}

/// One page as read.
struct Page {
    /// Its number, from 1.
    number: u32,
    /// Its lines as the text layer gives them.
    lines: Vec<Line>,
    /// Its height, for telling running headers and footers.
    height: Option<f64>,
    /// How many characters its text layer has.
    glyphs: usize,
    /// Its content, kept only while a picture of it is given out.
    content: Option<Kept>,
}

/// A PDF read into its pages' text layers, table borders and the pictures that need reading.
///
/// [`Layers::pictures`] are to be read (by OCR) and the text read given back to
/// [`Layers::text_with`], which lays the pages out as [`read_pdf`](crate::read_pdf) does.
///
/// # Which pictures are given out
///
/// Only image XObjects (inline images are counted, never read) of at least 32 pixels on their
/// short side:
///
/// - on a page without characters (a scanned page), every picture whose placed box covers at
///   least a fiftieth of the page and has at least 64 pixels on its long side;
/// - on a page with characters, a picture covering at least a sixteenth of the page, of at least
///   200 × 80 pixels, with no more than three of the page's characters inside its box: a table
///   pasted as a picture is read, a seal or stamp over the text is not.
///
/// At most 64 large pictures per page are looked at (a page of more is not a report) and
/// [`Budget::pictures`] in the document are given out or tried (a picture refused for its format
/// counts, one past [`Budget::picture_pixels`] does not; see there for the bytes a picture may
/// take). Those not given out for a limit or their format are listed, with the reason, in
/// [`Layers::unread_pictures`].
pub struct Layers {
    meter: Meter,
    pages: Vec<Page>,
    /// How many images the document draws (inline ones included).
    images: usize,
    pictures: Vec<Picture>,
    /// For each picture, the index of its page in `pages` and where its pixels land there.
    frames: Vec<(usize, Frame)>,
    unread: Vec<(u32, String)>,
}

impl std::fmt::Debug for Layers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Layers")
            .field("pages", &self.pages.len())
            .field("images", &self.images)
            .field("pictures", &self.pictures.len())
            .field("unread_pictures", &self.unread)
            .finish_non_exhaustive()
    }
}

/// A picture chosen for reading, not yet taken out.
struct Wanted {
    page: usize,
    id: ObjectId,
    placement: Matrix,
    /// The placement on the laid-out page.
    m: Matrix,
}

/// The box of the unit square through `m`: (x0, y0, x1, y1).
fn placed_box(m: &Matrix) -> (f64, f64, f64, f64) {
    let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)].map(|(u, v)| interp::apply(m, u, v));
    corners.iter().fold((f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY), |b, &(x, y)| {
        (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y))
    })
}

/// The pictures of a page chosen for reading.
struct Chosen {
    /// Those to take out.
    wanted: Vec<Wanted>,
    /// Large pictures past the first [`MAX_PAGE_PICTURES`] of the page, not looked at.
    past_page: usize,
    /// Pictures to read past what is left of [`Budget::pictures`].
    past_budget: usize,
    /// Pictures to read of more than [`Budget::picture_pixels`] (they take no room).
    too_large: usize,
}

/// The pictures of a page that hold text to read (see [`Layers`]), with
/// their placement on the laid-out page, at most `room` of them, each within `max_pixels`; the
/// page is the `index`th. Only the first [`MAX_PAGE_PICTURES`] large enough are compared with the
/// page's characters.
fn choose(doc: &Document, page: &PageContent, index: usize, room: usize, max_pixels: usize) -> Chosen {
    let (w, h) = page.size.unwrap_or(A4);
    let area = (w * h).abs();
    let drawn = match page.size {
        Some((w, h)) if page.quarter % 2 == 1 => (h, w),
        Some(size) => size,
        None => (0.0, 0.0),
    };
    let to_page = turn_matrix(page.quarter, drawn);
    let scanned = page.glyphs.is_empty();
    let mut out = Chosen { wanted: Vec::new(), past_page: 0, past_budget: 0, too_large: 0 };
    let mut looked = 0;
    for placed in &page.placed {
        if out.wanted.iter().any(|o| o.id == placed.id && o.placement == placed.ctm) {
            continue;
        }
        let dims = doc.get_object(placed.id).and_then(Object::as_stream).ok().map(|s| {
            let dim = |key: &[u8]| entry(doc, &s.dict, key).and_then(|o| o.as_i64().ok()).unwrap_or(0);
            (dim(b"Width"), dim(b"Height"))
        });
        let Some((pw, ph)) = dims else { continue };
        let (long, short) = (pw.max(ph), pw.min(ph));
        let m = mul(&placed.ctm, &to_page);
        let (x0, y0, x1, y1) = placed_box(&m);
        let covered = (x1 - x0) * (y1 - y0);
        let large = if scanned {
            covered * 50.0 >= area && long >= 64 && short >= 32
        } else {
            covered * 16.0 >= area && long >= 200 && short >= 80
        };
        if !(large && covered.is_finite()) {
            continue;
        }
        if looked == MAX_PAGE_PICTURES {
            out.past_page += 1;
            continue;
        }
        looked += 1;
        let inside = |g: &&Glyph| {
            let (cx, cy) = (g.x + g.w / 2.0, g.y + 0.3 * g.size);
            x0 <= cx && cx <= x1 && y0 <= cy && cy <= y1
        };
        if !scanned && page.glyphs.iter().filter(inside).take(4).count() > 3 {
            continue;
        }
        if u64::try_from(pw.saturating_mul(ph)).map_or(true, |n| n > max_pixels as u64) {
            out.too_large += 1;
            continue;
        }
        if out.wanted.len() == room {
            out.past_budget += 1;
            continue;
        }
        out.wanted.push(Wanted { page: index, id: placed.id, placement: placed.ctm, m });
    }
    out
}

/// Why a picture past a limit was not read, in Chinese.
fn over_limit(e: Exceeded, budget: &Budget, page: u32) -> String {
    let what = e.describe(budget, Some(page));
    if what.starts_with(&format!("第{page}页")) {
        format!("{what}，未识别")
    } else {
        format!("第{page}页的图片未识别：{what}")
    }
}

/// Reads a PDF's pages: each page's text layer laid out into lines as
/// [`read_pdf`](crate::read_pdf) does, and, with `pictures`, the pictures to read taken out.
pub fn read(bytes: &[u8], budget: &Budget, pictures: bool) -> Result<Layers, PdfError> {
    let mut meter = Meter::new(*budget);
    let doc = open::open(bytes, &mut meter)?;
    let numbers = doc.get_pages();
    if numbers.is_empty() {
        return Err(PdfError::Damaged("找不到任何页面（页面树为空或无法读取）".to_string()));
    }
    let too_large = |e: Exceeded, page: u32| PdfError::TooLarge { what: e.describe(budget, Some(page)) };
    let mut interp = interp::Interpreter::new(&doc);
    let mut pages = Vec::with_capacity(numbers.len());
    let (mut glyphs, mut images) = (0usize, 0usize);
    let mut undecodable = Vec::new();
    let mut wanted: Vec<Wanted> = Vec::new();
    let mut unread = Vec::new();
    for (&number, &id) in &numbers {
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
        let chosen = if pictures {
            let room = budget.pictures.saturating_sub(wanted.len());
            let chosen = choose(&doc, &page, pages.len(), room, budget.picture_pixels);
            let too_large = over_limit(Exceeded::PicturePixels, budget, number);
            unread.extend(std::iter::repeat_n((number, too_large), chosen.too_large));
            if chosen.past_page > 0 {
                let (n, k) = (MAX_PAGE_PICTURES, chosen.past_page);
                unread.push((number, format!("第{number}页的大幅图片超过 {n} 张，其余 {k} 张未识别")));
            }
            if chosen.past_budget > 0 {
                let what = Exceeded::Pictures.describe(budget, Some(number));
                let these = match chosen.past_budget {
                    1 => "的图片".to_string(),
                    k => format!("的 {k} 张图片"),
                };
                unread.push((number, format!("第{number}页{these}未识别：{what}")));
            }
            chosen.wanted
        } else {
            Vec::new()
        };
        let height = page.size.map(|s| s.1);
        let count = page.glyphs.len();
        let content = (!chosen.is_empty()).then_some(Kept {
            glyphs: page.glyphs,
            rules: page.rules,
            size: page.size,
            quarter: page.quarter,
        });
        wanted.extend(chosen);
        pages.push(Page { number, lines, height, glyphs: count, content });
    }
    if glyphs == 0 && images == 0 {
        return Err(PdfError::NoText);
    }
    if glyphs > 0 && !undecodable.is_empty() {
        return Err(PdfError::Undecodable { pages: undecodable });
    }
    let mut layers = Layers { meter, pages, images, pictures: Vec::new(), frames: Vec::new(), unread };
    layers.take_pictures(&doc, wanted);
    Ok(layers)
}

impl Layers {
    /// Takes the pixels of the pictures chosen for reading, within the budget; what cannot be
    /// taken is listed with its reason. Pages left without a picture drop what was kept of them.
    fn take_pictures(&mut self, doc: &Document, wanted: Vec<Wanted>) {
        let budget = *self.meter.budget();
        for w in wanted {
            let number = self.pages[w.page].number;
            let Some(stream) = doc.get_object(w.id).and_then(Object::as_stream).ok() else { continue };
            match pixels::take(doc, stream, &mut self.meter) {
                Ok(t) => {
                    let frame = Frame { m: w.m, width: f64::from(t.width), height: f64::from(t.height) };
                    self.frames.push((w.page, frame));
                    self.pictures.push(Picture {
                        page: number,
                        placement: w.placement,
                        width: t.width,
                        height: t.height,
                        pixels: t.pixels,
                    });
                }
                Err(Refusal::Format(why)) => self.unread.push((number, format!("第{number}页的图片{why}"))),
                Err(Refusal::Limit(e)) => self.unread.push((number, over_limit(e, &budget, number))),
            }
        }
        self.unread.sort_by_key(|(page, _)| *page);
        for (i, page) in self.pages.iter_mut().enumerate() {
            if !self.frames.iter().any(|(p, _)| *p == i) {
                page.content = None;
            }
        }
    }

    /// The pictures that hold text to read (see [`Layers`] for which), in page order.
    pub fn pictures(&self) -> &[Picture] {
        &self.pictures
    }

    /// Pictures on the pages that could not be taken (JPEG 2000, JBIG2, a fax coding or colour
    /// space not read here, data cut short, past a limit of the budget…), each with its page and
    /// the reason in Chinese ("第3页的图片为 JPEG 2000 格式（JPXDecode），无法识别"), in page order.
    pub fn unread_pictures(&self) -> &[(u32, String)] {
        &self.unread
    }

    /// The text of the document with what was read from its pictures: `texts[i]` is what was
    /// read from `pictures()[i]` (missing entries: nothing read; entries past the pictures are
    /// ignored). Words become characters placed in page space through the picture's placement,
    /// ruled lines become the page's table borders; then the pages are laid out exactly as
    /// [`read_pdf`](crate::read_pdf) does.
    ///
    /// Errors as [`read_pdf`](crate::read_pdf)'s: [`PdfError::Scanned`] when no page has any
    /// character (of the text layer or read), [`PdfError::TooLarge`] when the characters or
    /// borders read go past the [`Budget`].
    pub fn text_with(self, texts: Vec<PictureText>) -> Result<String, PdfError> {
        self.finish(texts).map(|(text, _)| text)
    }

    /// [`Layers::text_with`] with nothing read: what [`read_pdf`](crate::read_pdf) gives.
    pub fn text(self) -> Result<String, PdfError> {
        self.text_with(Vec::new())
    }

    /// [`Layers::text_with`], with what the whole reading used of the budget.
    pub(crate) fn finish(self, texts: Vec<PictureText>) -> Result<(String, Budget), PdfError> {
        let Layers { mut meter, pages, images, frames, .. } = self;
        let budget = *meter.budget();
        let mut read: Vec<Vec<(Frame, PictureText)>> = (0..pages.len()).map(|_| Vec::new()).collect();
        for ((page, frame), text) in frames.iter().zip(texts) {
            if !text.words.is_empty() || !text.rules.is_empty() {
                read[*page].push((*frame, text));
            }
        }
        let mut glyphs = 0usize;
        let mut out = Vec::with_capacity(pages.len());
        for (page, read) in pages.into_iter().zip(read) {
            let number = page.number;
            let too_large = |e: Exceeded| PdfError::TooLarge { what: e.describe(&budget, Some(number)) };
            let (Some(kept), false) = (page.content, read.is_empty()) else {
                glyphs += page.glyphs;
                out.push(PageLines { lines: page.lines, height: page.height });
                continue;
            };
            let mut content = PageContent {
                glyphs: kept.glyphs,
                rules: kept.rules,
                size: kept.size,
                quarter: kept.quarter,
                ..PageContent::default()
            };
            for (frame, text) in &read {
                picture::put(&mut content, frame, text, &mut meter).map_err(too_large)?;
            }
            content.turn_upright();
            glyphs += content.glyphs.len();
            let mut steps = meter.table_steps();
            let lines = lines::page_lines(&content.glyphs, &content.rules, &mut steps).map_err(too_large)?;
            meter.record_table_steps(&steps);
            out.push(PageLines { lines, height: content.size.map(|s| s.1) });
        }
        if glyphs == 0 {
            return Err(if images > 0 { PdfError::Scanned } else { PdfError::NoText });
        }
        Ok((assemble::assemble(out), meter.used()))
    }
}

/// Lays out the text read from a picture that is a page of its own (an image file): the page is
/// `width` × `height` pixels at `dpi` pixels an inch (72 points), so that sizes and gaps are
/// measured as on a printed page (a `dpi` that is not a positive number is taken as 72: a point
/// a pixel). Within [`Budget::default`]; [`PdfError::Scanned`] when nothing was read.
pub fn picture_page_text(text: PictureText, width: u32, height: u32, dpi: f64) -> Result<String, PdfError> {
    let dpi = if dpi.is_finite() && dpi > 0.0 { dpi } else { 72.0 };
    let (w, h) = (f64::from(width) * 72.0 / dpi, f64::from(height) * 72.0 / dpi);
    let budget = Budget::default();
    let mut meter = Meter::new(budget);
    let too_large = |e: Exceeded| PdfError::TooLarge { what: e.describe(&budget, Some(1)) };
    let frame = Frame { m: [w, 0.0, 0.0, h, 0.0, 0.0], width: f64::from(width), height: f64::from(height) };
    let mut content = PageContent { size: Some((w, h)), ..PageContent::default() };
    picture::put(&mut content, &frame, &text, &mut meter).map_err(too_large)?;
    content.turn_upright();
    if content.glyphs.is_empty() {
        return Err(PdfError::Scanned);
    }
    let mut steps = meter.table_steps();
    let lines = lines::page_lines(&content.glyphs, &content.rules, &mut steps).map_err(too_large)?;
    Ok(assemble::assemble(vec![PageLines { lines, height: Some(h) }]))
}
