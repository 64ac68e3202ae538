//! The work budget of one document: how much a PDF may make the reader decode, run and keep
//! before it is refused, so that no file — however it is built — can exhaust memory, hang the
//! reader or hold up a batch.
//!
//! [`Budget::default`] holds the limits [`pdf_to_text`](crate::pdf_to_text) reads with. They are
//! sized against a 300-page report (about 300 pages × 2,000 characters, 10 MB of decoded
//! streams) with ten times that or more to spare; `examples/budget.rs` prints what a PDF uses of
//! each, and its documentation lists what the corpus PDFs use.
//!
//! [`read_layers`](crate::read_layers) also takes out the pictures that hold text to read (a
//! scanned page, a table pasted as a picture): each within [`Budget::picture_pixels`], at most
//! [`Budget::pictures`] of them. A picture's stream may decode to more than
//! [`Budget::stream_bytes`] — a 300 dpi A4 page in gray is 8.7 MB, in colour 26 MB —, so it is
//! held to the larger of that and four bytes a pixel of [`Budget::picture_pixels`]; what it
//! decodes to, and the gray pixels made from it, are charged to [`Budget::document_bytes`] like
//! any stream (they are kept until the pictures are read). A picture past a limit is listed
//! among the pictures not read, with the limit; the text layer is read all the same.
//!
//! A limit that is reached ends the reading with [`PdfError::TooLarge`](crate::PdfError::TooLarge),
//! which says which limit and where; nothing is cut silently.

/// Limits on the work of reading one document (see the [module documentation](self)).
///
/// The same struct also reports what a reading used (see [`Reading::used`](crate::Reading)):
/// then each field holds the amount used, in the same unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Bytes one stream may decode to, each filter step included (a page's content streams
    /// count as one stream, as they make one content).
    pub stream_bytes: usize,
    /// Bytes all streams decoded for the document may add up to (a stream decoded twice counts
    /// twice: this bounds the work, not only the memory).
    pub document_bytes: usize,
    /// Bytes the document's object streams (`/Type /ObjStm`, objects packed into a compressed
    /// stream) may decode to in all. Lower than [`Budget::document_bytes`] because their objects
    /// are parsed and kept: lopdf's parsed objects take 30 to 60 times the bytes they are read
    /// from (8 MB: at most about 500 MB of objects, so that two readers at once stay within a
    /// 4 GB address space; a 300-page report packs about 0.3 MB).
    pub object_stream_bytes: usize,
    /// Content-stream operators the whole document may run (form XObjects included).
    pub operators: usize,
    /// Form XObjects the whole document may draw (each `Do` of a form, nested ones included).
    pub form_calls: usize,
    /// Characters the whole document may draw.
    pub glyphs: usize,
    /// Characters one page may keep.
    pub page_glyphs: usize,
    /// ToUnicode entries all fonts of the document may define (a `bfrange` line counts once
    /// per code it covers; a simple font read through its `/Encoding` counts 256).
    pub cmap_entries: usize,
    /// Width entries (`/W`, `/Widths`) all fonts of the document may define (a `c_first c_last
    /// w` range counts once per code it covers).
    pub width_entries: usize,
    /// Ruled lines (table borders) one page may draw.
    pub page_rules: usize,
    /// Steps the reading of one page's lines and table cells may take: a border or a character
    /// looked at for a row counts one, a cell cut counts eight (it is kept until the page is
    /// done).
    pub page_table_steps: usize,
    /// Steps (as [`Budget::page_table_steps`]) the reading of all pages' lines and table cells
    /// may take.
    pub table_steps: usize,
    /// Pixels (width × height) one picture taken out for reading may have; a larger one is not
    /// read. A picture's stream may decode to the larger of [`Budget::stream_bytes`] and four
    /// bytes a pixel of this (a 300 dpi A4 page is 8.7 MB in gray, 26 MB in colour); what it
    /// decodes to, and the gray pixels made from it, count in [`Budget::document_bytes`].
    pub picture_pixels: usize,
    /// Pictures the whole document may give out for reading.
    pub pictures: usize,
}

impl Default for Budget {
    /// The limits [`pdf_to_text`](crate::pdf_to_text) reads with.
    fn default() -> Budget {
        Budget {
            stream_bytes: 64 << 20,
            document_bytes: 256 << 20,
            object_stream_bytes: 8 << 20,
            operators: 20_000_000,
            form_calls: 50_000,
            glyphs: 6_000_000,
            page_glyphs: 200_000,
            cmap_entries: 1_000_000,
            width_entries: 2_000_000,
            page_rules: 50_000,
            page_table_steps: 20_000_000,
            table_steps: 200_000_000,
            picture_pixels: 64_000_000,
            pictures: 1000,
        }
    }
}

impl Budget {
    /// A budget with every amount zero: the starting point of a [`Meter`]'s record of use.
    const NONE: Budget = Budget {
        stream_bytes: 0,
        document_bytes: 0,
        object_stream_bytes: 0,
        operators: 0,
        form_calls: 0,
        glyphs: 0,
        page_glyphs: 0,
        cmap_entries: 0,
        width_entries: 0,
        page_rules: 0,
        page_table_steps: 0,
        table_steps: 0,
        picture_pixels: 0,
        pictures: 0,
    };

    /// The most bytes one picture's stream may decode to: the larger of
    /// [`Budget::stream_bytes`] and four bytes a pixel of [`Budget::picture_pixels`].
    pub(crate) fn picture_stream_bytes(&self) -> usize {
        self.stream_bytes.max(self.picture_pixels.saturating_mul(4))
    }
}

/// Which limit of the [`Budget`] a document went past, and (for a stream) what stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    /// One stream decoded to more than [`Budget::stream_bytes`]; the words name the stream.
    StreamBytes(&'static str),
    /// [`Budget::document_bytes`].
    DocumentBytes,
    /// [`Budget::object_stream_bytes`].
    ObjectStreamBytes,
    /// [`Budget::operators`].
    Operators,
    /// [`Budget::form_calls`].
    FormCalls,
    /// [`Budget::glyphs`].
    Glyphs,
    /// [`Budget::page_glyphs`].
    PageGlyphs,
    /// [`Budget::cmap_entries`].
    CmapEntries,
    /// [`Budget::width_entries`].
    WidthEntries,
    /// [`Budget::page_rules`].
    PageRules,
    /// [`Budget::page_table_steps`].
    PageTableSteps,
    /// [`Budget::table_steps`].
    TableSteps,
    /// [`Budget::picture_pixels`].
    PicturePixels,
    /// A picture's stream decoded to more than [`Budget::picture_stream_bytes`].
    PictureBytes,
    /// [`Budget::pictures`].
    Pictures,
}

/// A count of `unit`s in Chinese: whole ten-thousands as “万” ("5 万次", "2000 万条"), other
/// counts in digits ("1234 条").
fn count(n: usize, unit: &str) -> String {
    if n >= 10_000 && n % 10_000 == 0 {
        format!("{} 万{unit}", n / 10_000)
    } else {
        format!("{n} {unit}")
    }
}

/// A size in bytes: "64 MB", "512 KB", or "1000 字节".
fn size(n: usize) -> String {
    if n >= 1 << 20 && n % (1 << 20) == 0 {
        format!("{} MB", n >> 20)
    } else if n >= 1 << 10 && n % (1 << 10) == 0 {
        format!("{} KB", n >> 10)
    } else {
        format!("{n} 字节")
    }
}

/// A size in bytes as [`size`] says it, a size of a megabyte or more that is not whole megabytes
/// to a tenth of one ("244.1 MB").
fn rough_size(n: usize) -> String {
    if n >= 1 << 20 && n % (1 << 20) != 0 {
        format!("{:.1} MB", n as f64 / f64::from(1u32 << 20))
    } else {
        size(n)
    }
}

impl Exceeded {
    /// What went past which limit, in Chinese: on page `page` (from 1), or while reading the
    /// file's structure when `None` (a document-wide limit says how far the reading got).
    pub fn describe(self, budget: &Budget, page: Option<u32>) -> String {
        let b = budget;
        let (at, upto) = match page {
            Some(n) => (format!("第{n}页"), format!("读到第{n}页")),
            None => ("文件的".to_string(), "读取文件结构时".to_string()),
        };
        match self {
            Exceeded::StreamBytes(stream) => format!("{at}{stream}解压后超过 {}", size(b.stream_bytes)),
            Exceeded::DocumentBytes => format!("解压的数据流累计超过 {}（{upto}）", size(b.document_bytes)),
            Exceeded::ObjectStreamBytes => {
                format!("对象流（ObjStm）解压后累计超过 {}（{upto}）", size(b.object_stream_bytes))
            }
            Exceeded::Operators => format!("绘制指令累计超过 {}（{upto}）", count(b.operators, "条")),
            Exceeded::FormCalls => {
                format!("表单对象（Form XObject）调用累计超过 {}（{upto}）", count(b.form_calls, "次"))
            }
            Exceeded::Glyphs => format!("文字累计超过 {}（{upto}）", count(b.glyphs, "个")),
            Exceeded::PageGlyphs => format!("{at}的文字超过 {}", count(b.page_glyphs, "个")),
            Exceeded::CmapEntries => {
                format!("字体的 ToUnicode 对照表累计超过 {}（{upto}）", count(b.cmap_entries, "项"))
            }
            Exceeded::WidthEntries => format!("字体的字宽表累计超过 {}（{upto}）", count(b.width_entries, "项")),
            Exceeded::PageRules => format!("{at}的表格线超过 {}", count(b.page_rules, "条")),
            Exceeded::PageTableSteps => {
                format!("{at}的表格过于复杂（比对超过 {}）", count(b.page_table_steps, "次"))
            }
            Exceeded::TableSteps => format!("表格比对累计超过 {}（{upto}）", count(b.table_steps, "次")),
            Exceeded::PicturePixels => format!("{at}的图片超过 {}", count(b.picture_pixels, "像素")),
            Exceeded::PictureBytes => format!("{at}的图片解压后超过 {}", rough_size(b.picture_stream_bytes())),
            Exceeded::Pictures => format!("需识别的图片累计超过 {}（{upto}）", count(b.pictures, "张")),
        }
    }
}

/// The running account of one document's reading against its [`Budget`].
///
/// Document-wide amounts add up; per-stream and per-page amounts are checked one stream or page
/// at a time, and [`Meter::used`] keeps the largest seen.
#[derive(Debug)]
pub struct Meter {
    budget: Budget,
    used: Budget,
}

/// Adds `n` to `total`; `Err(what)` when the sum passes `limit`.
fn charge(total: &mut usize, n: usize, limit: usize, what: Exceeded) -> Result<(), Exceeded> {
    *total = total.saturating_add(n);
    if *total > limit {
        Err(what)
    } else {
        Ok(())
    }
}

/// Records `n` as the peak of a per-page amount, and whether it is past `limit`.
fn peak(most: &mut usize, n: usize, limit: usize, what: Exceeded) -> Result<(), Exceeded> {
    *most = (*most).max(n);
    if n > limit {
        Err(what)
    } else {
        Ok(())
    }
}

impl Meter {
    /// A meter with nothing used yet.
    pub fn new(budget: Budget) -> Meter {
        Meter { budget, used: Budget::NONE }
    }

    /// The limits.
    pub fn budget(&self) -> &Budget {
        &self.budget
    }

    /// What has been used so far (totals for document-wide limits, the largest single amount for
    /// per-stream and per-page ones).
    pub fn used(&self) -> Budget {
        self.used
    }

    /// What is left of the document's decoded bytes.
    fn document_left(&self) -> usize {
        self.budget.document_bytes.saturating_sub(self.used.document_bytes)
    }

    /// The most bytes a stream that has decoded `so_far` bytes may decode to next: what is left
    /// of the per-stream limit or of the document's, whichever is smaller.
    pub fn room(&self, so_far: usize) -> usize {
        self.budget.stream_bytes.saturating_sub(so_far).min(self.document_left())
    }

    /// The limit a stream that had decoded `so_far` bytes ran into when its next part would not
    /// fit in [`Meter::room`].
    pub fn overflow(&self, so_far: usize, stream: &'static str) -> Exceeded {
        if self.budget.stream_bytes.saturating_sub(so_far) <= self.document_left() {
            Exceeded::StreamBytes(stream)
        } else {
            Exceeded::DocumentBytes
        }
    }

    /// Charges `n` decoded bytes of a stream that now has `total` (`stream` names it).
    pub fn decoded(&mut self, total: usize, n: usize, stream: &'static str) -> Result<(), Exceeded> {
        self.used.stream_bytes = self.used.stream_bytes.max(total);
        if total > self.budget.stream_bytes {
            return Err(Exceeded::StreamBytes(stream));
        }
        charge(&mut self.used.document_bytes, n, self.budget.document_bytes, Exceeded::DocumentBytes)
    }

    /// Charges `n` bytes decoded again (a stream already charged once, read another time):
    /// only the document's total.
    pub fn redecoded(&mut self, n: usize) -> Result<(), Exceeded> {
        charge(&mut self.used.document_bytes, n, self.budget.document_bytes, Exceeded::DocumentBytes)
    }

    /// Charges `n` decoded bytes of object streams (already charged as a stream with
    /// [`Meter::decoded`]).
    pub fn object_stream(&mut self, n: usize) -> Result<(), Exceeded> {
        let limit = self.budget.object_stream_bytes;
        charge(&mut self.used.object_stream_bytes, n, limit, Exceeded::ObjectStreamBytes)
    }

    /// What is left of the object streams' share (see [`Budget::object_stream_bytes`]).
    pub fn object_stream_left(&self) -> usize {
        self.budget.object_stream_bytes.saturating_sub(self.used.object_stream_bytes)
    }

    /// Charges one content-stream operator.
    pub fn operator(&mut self) -> Result<(), Exceeded> {
        charge(&mut self.used.operators, 1, self.budget.operators, Exceeded::Operators)
    }

    /// Charges one call of a form XObject.
    pub fn form_call(&mut self) -> Result<(), Exceeded> {
        charge(&mut self.used.form_calls, 1, self.budget.form_calls, Exceeded::FormCalls)
    }

    /// Charges one drawn character.
    pub fn glyph(&mut self) -> Result<(), Exceeded> {
        charge(&mut self.used.glyphs, 1, self.budget.glyphs, Exceeded::Glyphs)
    }

    /// Checks that a page keeps no more than its share of characters (`n` so far).
    pub fn page_glyphs(&mut self, n: usize) -> Result<(), Exceeded> {
        peak(&mut self.used.page_glyphs, n, self.budget.page_glyphs, Exceeded::PageGlyphs)
    }

    /// Charges `n` ToUnicode entries.
    pub fn cmap_entries(&mut self, n: usize) -> Result<(), Exceeded> {
        charge(&mut self.used.cmap_entries, n, self.budget.cmap_entries, Exceeded::CmapEntries)
    }

    /// Charges `n` width entries.
    pub fn width_entries(&mut self, n: usize) -> Result<(), Exceeded> {
        charge(&mut self.used.width_entries, n, self.budget.width_entries, Exceeded::WidthEntries)
    }

    /// Checks that a page draws no more ruled lines than its share (`n` so far).
    pub fn page_rules(&mut self, n: usize) -> Result<(), Exceeded> {
        peak(&mut self.used.page_rules, n, self.budget.page_rules, Exceeded::PageRules)
    }

    /// A fresh account of one page's table steps: within the page's limit and what is left of
    /// the document's.
    pub fn table_steps(&self) -> Steps {
        let left = self.budget.table_steps.saturating_sub(self.used.table_steps);
        let (limit, what) = if self.budget.page_table_steps <= left {
            (self.budget.page_table_steps, Exceeded::PageTableSteps)
        } else {
            (left, Exceeded::TableSteps)
        };
        Steps { used: 0, limit, what }
    }

    /// Checks that a picture of `pixels` pixels may be read, and counts it among the document's
    /// pictures.
    pub fn picture(&mut self, pixels: usize) -> Result<(), Exceeded> {
        if self.used.pictures >= self.budget.pictures {
            return Err(Exceeded::Pictures);
        }
        peak(&mut self.used.picture_pixels, pixels, self.budget.picture_pixels, Exceeded::PicturePixels)?;
        charge(&mut self.used.pictures, 1, self.budget.pictures, Exceeded::Pictures)
    }

    /// The most bytes a picture's stream may decode to: what is left of its own limit
    /// ([`Budget::picture_stream_bytes`]) or of the document's, whichever is smaller.
    pub fn picture_room(&self) -> usize {
        self.budget.picture_stream_bytes().min(self.document_left())
    }

    /// The limit a picture's stream ran into when it would not fit in [`Meter::picture_room`].
    pub fn picture_overflow(&self) -> Exceeded {
        if self.budget.picture_stream_bytes() <= self.document_left() {
            Exceeded::PictureBytes
        } else {
            Exceeded::DocumentBytes
        }
    }

    /// Charges `n` bytes decoded or made for a picture to the document's total (a picture's
    /// stream is held to [`Meter::picture_room`], not to the per-stream limit, so it is not
    /// recorded as [`Budget::stream_bytes`] used).
    pub fn picture_bytes(&mut self, n: usize) -> Result<(), Exceeded> {
        charge(&mut self.used.document_bytes, n, self.budget.document_bytes, Exceeded::DocumentBytes)
    }

    /// Records what a page's table reading used.
    pub fn record_table_steps(&mut self, steps: &Steps) {
        self.used.page_table_steps = self.used.page_table_steps.max(steps.used);
        self.used.table_steps = self.used.table_steps.saturating_add(steps.used);
    }
}

/// The steps one page's line and table reading has taken, against its limit.
#[derive(Debug)]
pub struct Steps {
    used: usize,
    limit: usize,
    /// The limit that is reached first: the page's or the document's.
    what: Exceeded,
}

impl Steps {
    /// Charges `n` steps.
    pub fn take(&mut self, n: usize) -> Result<(), Exceeded> {
        charge(&mut self.used, n, self.limit, self.what)
    }

    /// An account without a limit (for tests of the line reading alone).
    #[cfg(test)]
    pub fn unlimited() -> Steps {
        Steps { used: 0, limit: usize::MAX, what: Exceeded::PageTableSteps }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_said_in_chinese_units() {
        let b = Budget::default();
        assert_eq!(Exceeded::StreamBytes("内容流").describe(&b, Some(3)), "第3页内容流解压后超过 64 MB");
        assert_eq!(Exceeded::Operators.describe(&b, Some(5)), "绘制指令累计超过 2000 万条（读到第5页）");
        assert_eq!(Exceeded::StreamBytes("对象流").describe(&b, None), "文件的对象流解压后超过 64 MB");
        assert_eq!(size(1000), "1000 字节");
        assert_eq!(count(1234, "条"), "1234 条");
        assert_eq!(Exceeded::PicturePixels.describe(&b, Some(2)), "第2页的图片超过 6400 万像素");
        assert_eq!(Exceeded::PictureBytes.describe(&b, Some(2)), "第2页的图片解压后超过 244.1 MB");
        assert_eq!(Exceeded::Pictures.describe(&b, Some(9)), "需识别的图片累计超过 1000 张（读到第9页）");
    }

    #[test]
    fn pictures_count_per_picture_and_in_all() {
        let mut m = Meter::new(Budget { picture_pixels: 100, pictures: 2, ..Budget::default() });
        assert_eq!(m.picture(101), Err(Exceeded::PicturePixels));
        m.picture(100).unwrap();
        m.picture(10).unwrap();
        assert_eq!(m.picture(10), Err(Exceeded::Pictures));
        assert_eq!(m.used().pictures, 2);
        assert_eq!(m.used().picture_pixels, 101);
    }

    #[test]
    fn a_stream_may_use_what_the_document_has_left() {
        let mut m = Meter::new(Budget { stream_bytes: 100, document_bytes: 150, ..Budget::default() });
        assert_eq!(m.room(0), 100);
        m.decoded(100, 100, "内容流").unwrap();
        assert_eq!(m.room(0), 50);
        assert_eq!(m.room(70), 30);
        assert_eq!(m.overflow(0, "内容流"), Exceeded::DocumentBytes);
        assert_eq!(m.overflow(70, "内容流"), Exceeded::StreamBytes("内容流"));
        assert_eq!(m.decoded(60, 60, "内容流"), Err(Exceeded::DocumentBytes));
        assert_eq!(m.decoded(101, 1, "内容流"), Err(Exceeded::StreamBytes("内容流")));
    }

    #[test]
    fn table_steps_count_per_page_and_in_all() {
        let mut m = Meter::new(Budget { page_table_steps: 100, table_steps: 250, ..Budget::default() });
        for _ in 0..2 {
            let mut steps = m.table_steps();
            steps.take(100).unwrap();
            assert_eq!(steps.take(1), Err(Exceeded::PageTableSteps));
            m.record_table_steps(&steps);
        }
        let mut steps = m.table_steps();
        assert_eq!(steps.take(50), Err(Exceeded::TableSteps));
    }
}
