//! Text folding and searching shared by the importer and the text rules.
//!
//! Published reports mix full- and half-width punctuation, insert spaces and line breaks inside
//! labels and glue cells together. Labels are therefore matched on a *folded, compact* copy of the
//! text: full-width ASCII becomes half-width, "N、" after a digit becomes "N.", white space is
//! dropped. [`Compact`] keeps the way back to the original byte offsets.

/// The printed width of a line in half-width cells: ASCII and half-width forms count 1, CJK and
/// other full-width characters 2 (PDF text wraps at a width, not at a character count).
pub fn display_width(s: &str) -> usize {
    // over the bytes: an ASCII byte is 1, a lead byte 2, but 1 for the half-width forms
    // U+FF61–U+FFDC (EF BD A1 – EF BF 9C)
    let b = s.as_bytes();
    let mut width = 0;
    for (i, &x) in b.iter().enumerate() {
        if x < 0x80 {
            width += 1;
        } else if x >= 0xC0 {
            let half = x == 0xEF
                && matches!(
                    (b.get(i + 1), b.get(i + 2)),
                    (Some(0xBD), Some(0xA1..)) | (Some(0xBE), _) | (Some(0xBF), Some(..=0x9C))
                );
            width += if half { 1 } else { 2 };
        }
    }
    width
}

/// Folds one character: full-width ASCII to half-width, the ideographic and no-break spaces to a
/// space, dash variants to '-'. Other characters are returned unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' => ' ',
        '\u{2212}' | '\u{2013}' | '\u{FE63}' => '-',
        '\u{FE62}' => '+',
        _ => c,
    }
}

/// [`char::is_whitespace`] without its table lookup for CJK: the complete list of the Unicode
/// White_Space characters.
pub fn is_space(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, '\t' | '\n' | '\u{B}' | '\u{C}' | '\r' | ' ');
    }
    matches!(
        c,
        '\u{85}' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Whether a character is invisible noise (zero-width spaces, BOM, soft hyphen).
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{00AD}' | '\u{2060}')
}

/// The first of the OCR marks: a number read from a picture is followed in the importer's text
/// by one private-use character, `OCR_MARK + confidence` (confidence 0 to 100), so that the
/// importer knows the cell was read by OCR and how sure the reading was. Nothing else in a
/// report uses these characters; they never reach a value, a paragraph or an output.
pub const OCR_MARK: u32 = 0xE000;

/// Below this confidence a number read by OCR is a doubtful reading: a failed sum that one of
/// its easily confused digits would explain is a doubt about the reading (I006), not an error of
/// the report.
pub const OCR_DOUBTFUL: u8 = 80;

/// Below this confidence a number read by OCR is barely a reading: its digits do not fit the
/// ink of its cell (`nianbao-ocr` gives such readings 30). A failed sum that such a reading alone
/// would explain, whatever its digits, is a doubt about it (I006), not an error of the report.
pub const OCR_UNSURE: u8 = 50;

/// The OCR mark for a reading of `confidence` (0 to 100; more is taken as 100).
pub fn ocr_mark(confidence: u8) -> char {
    char::from_u32(OCR_MARK + u32::from(confidence.min(100))).unwrap_or('\u{E000}')
}

/// The confidence an OCR mark carries, if `c` is one.
pub fn ocr_confidence(c: char) -> Option<u8> {
    let v = u32::from(c).checked_sub(OCR_MARK)?;
    (v <= 100).then_some(v as u8)
}

/// Whether a character must not reach an output as it is: C0 controls other than tab and line
/// feed, DEL, C1 controls, and the bidirectional overrides that reorder what a terminal or a
/// viewer shows. XML 1.0 (Word's document.xml) forbids most of them outright; on a terminal they
/// are escape sequences.
pub fn is_unsafe_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}')
}

/// A name in quotation marks, as official Chinese writes a quotation inside another: the
/// outer marks “”, those inside the name turned to ‘’ (“表三‘（一）予以公开’行‘总计’列”).
pub fn quoted(name: &str) -> String {
    let inner: String = name
        .chars()
        .map(|c| match c {
            '“' => '‘',
            '”' => '’',
            c => c,
        })
        .collect();
    format!("“{inner}”")
}

/// Neutralises control characters for every output (Word, HTML, text, Markdown, terminal,
/// workbook): each one becomes its visible picture from the Unicode "Control Pictures" block
/// (ESC → ␛, BEL → ␇, DEL → ␡), other unsafe characters U+FFFD, so nothing is dropped unseen
/// and nothing acts on the reader's terminal or breaks the file. `\r` is kept only before `\n`.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe_control(c) || c == '\r') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            '\u{0}'..='\u{1F}' if is_unsafe_control(c) => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'))
            }
            '\u{7F}' => out.push('\u{2421}'),
            c if is_unsafe_control(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A set of bytes, for [`run_without`].
pub struct ByteSet([bool; 256]);

impl ByteSet {
    /// The set of these bytes.
    pub const fn of(bytes: &[u8]) -> ByteSet {
        ByteSet([false; 256]).with(bytes)
    }

    /// This set and these bytes.
    pub const fn with(mut self, bytes: &[u8]) -> ByteSet {
        let mut i = 0;
        while i < bytes.len() {
            self.0[bytes[i] as usize] = true;
            i += 1;
        }
        self
    }

    /// Whether the byte is in the set.
    pub fn contains(&self, b: u8) -> bool {
        self.0[b as usize]
    }
}

/// The length of the longest prefix of `bytes` without a byte of `set` (eight bytes a step: the
/// text passes are runs of characters copied as they are, between a few that are not).
pub fn run_without(bytes: &[u8], set: &ByteSet) -> usize {
    let t = &set.0;
    let mut i = 0;
    // (in the browser a byte a step: its first load counts more than these microseconds)
    #[cfg(not(target_arch = "wasm32"))]
    while i + 8 <= bytes.len() {
        let c = &bytes[i..i + 8];
        let hit = t[c[0] as usize]
            | t[c[1] as usize]
            | t[c[2] as usize]
            | t[c[3] as usize]
            | t[c[4] as usize]
            | t[c[5] as usize]
            | t[c[6] as usize]
            | t[c[7] as usize];
        if hit {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && !t[bytes[i] as usize] {
        i += 1;
    }
    i
}

/// ASCII white space as [`char::is_whitespace`] has it (vertical tab included).
pub(crate) const ASCII_SPACE: &[u8] = &[b'\t', b'\n', 0x0B, 0x0C, b'\r', b' '];

/// `\r` and the lead bytes of U+0080–U+00FF, U+1680, U+2000–U+206F, U+3000 and U+FE00–U+FFFF:
/// every character that [`fold`] or [`Compact`] change or drop starts with one of them.
const MAY_CHANGE: &[u8] = &[b'\r', 0xC2, 0xE1, 0xE2, 0xE3, 0xEF];

/// Where [`fold`] stops copying.
static FOLD_STOPS: ByteSet = ByteSet::of(MAY_CHANGE);
/// Where [`fold_compact`] and [`Compact`] stop copying: those and ASCII white space.
static COMPACT_STOPS: ByteSet = ByteSet::of(MAY_CHANGE).with(ASCII_SPACE);

fn ascii_space(b: u8) -> bool {
    ASCII_SPACE.contains(&b)
}

/// Whether a UTF-8 lead byte may start a character that [`fold`] or [`Compact`] change or drop
/// ([`MAY_CHANGE`]); every other character (CJK ideographs above all) is copied as it is, a
/// byte run at a time.
fn may_change(b: u8) -> bool {
    FOLD_STOPS.contains(b)
}

/// Whether a character is a CJK unified ideograph of the basic block (U+4E00–U+9FFF): a Chinese
/// character of running text.
pub fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Folds a string (see [`fold_char`]) and removes invisible characters; `\r\n` and `\r` become
/// `\n`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out, false);
    out
}

/// [`fold`] without white space: the compact text labels and keywords are looked for in.
pub fn fold_compact(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out, true);
    out
}

/// [`fold_compact`] appended to `out`.
pub fn fold_compact_into(s: &str, out: &mut String) {
    fold_into(s, out, true)
}

fn fold_into(s: &str, out: &mut String, drop_space: bool) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // a run of characters that stay as they are
        let run = run_without(&bytes[i..], if drop_space { &COMPACT_STOPS } else { &FOLD_STOPS });
        out.push_str(&s[i..i + run]);
        i += run;
        if i >= bytes.len() {
            break;
        }
        if bytes[i] == b'\r' {
            i += 1;
            if bytes.get(i) == Some(&b'\n') {
                i += 1;
            }
            if !drop_space {
                out.push('\n');
            }
            continue;
        }
        let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
        i += c.len_utf8();
        if is_invisible(c) {
            continue;
        }
        let c = fold_char(c);
        if !(drop_space && c.is_whitespace()) {
            out.push(c);
        }
    }
}

/// A folded copy of a text with white space removed, mapping every byte back to the original.
#[derive(Debug, Clone)]
pub struct Compact {
    /// The compact text.
    pub text: String,
    /// The way back to the source, as runs of the compact text in order: each starts where the
    /// previous ends (the last ends with `text`).
    runs: Vec<Run>,
    /// Where the compacted range ends in the source.
    end: usize,
}

/// A run of the compact text: bytes copied from the source as they are, or one character that
/// was folded ("，" to ",").
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    /// Where the run starts in the compact text.
    at: u32,
    /// Where it starts in the source.
    src: u32,
    /// 0 for copied bytes (byte k of the run is source byte `src + k`); else the source length
    /// of the one folded character the run holds.
    folded: u8,
}

impl Compact {
    /// Builds the compact form of `src[start..end]` (offsets are of `src`).
    pub fn new(src: &str, start: usize, end: usize) -> Compact {
        let slice = &src[start..end];
        let bytes = slice.as_bytes();
        let mut c = Compact { text: String::with_capacity(slice.len()), runs: Vec::new(), end };
        let mut prev_digit = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if ascii_space(b) {
                i += 1;
                continue;
            }
            if !may_change(b) {
                // characters kept as they are (ASCII but white space, CJK…): copied as one run
                let run = run_without(&bytes[i..], &COMPACT_STOPS);
                c.copy(start + i, &slice[i..i + run]);
                prev_digit = bytes[i + run - 1].is_ascii_digit();
                i += run;
                continue;
            }
            let ch = slice[i..].chars().next().unwrap_or('\u{FFFD}');
            let len = ch.len_utf8();
            if !(ch.is_whitespace() || is_invisible(ch)) {
                let mut folded = fold_char(ch);
                // "1、" after a digit is an item number: fold it to "1."
                if folded == '、' && prev_digit {
                    folded = '.';
                }
                if folded == ch {
                    c.copy(start + i, &slice[i..i + len]);
                } else {
                    c.runs.push(Run { at: c.text.len() as u32, src: (start + i) as u32, folded: len as u8 });
                    c.text.push(folded);
                }
                prev_digit = folded.is_ascii_digit();
            }
            i += len;
        }
        c
    }

    /// The compact form of `src[start..end]`, cut from this compact form of `src` (which must
    /// cover that range) instead of folding the range again: equal to
    /// `Compact::new(src, start, end)` (the importer folds the document once and reads each
    /// table's region from it).
    pub fn slice(&self, src: &str, start: usize, end: usize) -> Compact {
        let (a, b) = (self.offset_of(start), self.offset_of(end).max(self.offset_of(start)));
        let mut out = Compact { text: String::with_capacity(b - a), runs: Vec::new(), end };
        if a == b {
            return out;
        }
        // the runs that hold compact bytes a..b, the first cut where the slice starts
        let first = self.runs.partition_point(|r| r.at as usize <= a) - 1;
        for r in &self.runs[first..] {
            if r.at as usize >= b {
                break;
            }
            let skip = a.saturating_sub(r.at as usize);
            let src_at = if r.folded > 0 { r.src } else { r.src + skip as u32 };
            out.runs.push(Run { at: (r.at as usize + skip - a) as u32, src: src_at, folded: r.folded });
        }
        out.text.push_str(&self.text[a..b]);
        // "、" is folded to "." only after a digit: at the start of the slice there is none
        if let Some(r) = out.runs.first_mut() {
            let s = r.src as usize;
            if r.folded > 0 && out.text.starts_with('.') && src[s..].starts_with('、') {
                out.text.replace_range(0..1, "、");
                let grow = '、'.len_utf8() as u32 - 1;
                for later in out.runs.iter_mut().skip(1) {
                    later.at += grow;
                }
            }
        }
        out
    }

    /// Appends source bytes `src_at..` as they are, extending the last run when it continues it.
    fn copy(&mut self, src_at: usize, piece: &str) {
        let continues = self
            .runs
            .last()
            .is_some_and(|r| r.folded == 0 && r.src as usize + (self.text.len() - r.at as usize) == src_at);
        if !continues {
            self.runs.push(Run { at: self.text.len() as u32, src: src_at as u32, folded: 0 });
        }
        self.text.push_str(piece);
    }

    /// The run holding compact byte `i` (< `text.len()`), and the compact offset where it ends.
    fn run_at(&self, i: usize) -> (Run, usize) {
        let k = self.runs.partition_point(|r| r.at as usize <= i) - 1;
        let end = self.runs.get(k + 1).map_or(self.text.len(), |r| r.at as usize);
        (self.runs[k], end)
    }

    /// The source offset where the character at compact offset `i` starts (the end of the
    /// compacted range for `i == text.len()`).
    pub fn source(&self, i: usize) -> usize {
        if i >= self.text.len() {
            return self.end;
        }
        let (r, _) = self.run_at(i);
        if r.folded > 0 {
            return r.src as usize;
        }
        r.src as usize + floor_boundary(&self.text, i) - r.at as usize
    }

    /// The source offset just after the character that ends at compact offset `i`.
    pub fn source_end(&self, i: usize) -> usize {
        if i == 0 {
            return self.source(0);
        }
        if i > self.text.len() {
            return self.end;
        }
        let (r, _) = self.run_at(i - 1);
        if r.folded > 0 {
            return r.src as usize + r.folded as usize;
        }
        r.src as usize + ceil_boundary(&self.text, i) - r.at as usize
    }

    /// The smallest compact offset whose character starts at or after source offset `source`.
    pub fn offset_of(&self, source: usize) -> usize {
        let k = self.runs.partition_point(|r| (r.src as usize) < source);
        if k == 0 {
            return 0;
        }
        let r = self.runs[k - 1];
        let end = self.runs.get(k).map_or(self.text.len(), |n| n.at as usize);
        if r.folded > 0 {
            return end;
        }
        let within = r.at as usize + (source - r.src as usize);
        if within >= end {
            end
        } else {
            ceil_boundary(&self.text, within)
        }
    }

    /// Finds `needle` at or after compact offset `from`.
    pub fn find_from(&self, needle: &str, from: usize) -> Option<usize> {
        if from > self.text.len() {
            return None;
        }
        let from = ceil_boundary(&self.text, from);
        // natively with memchr's SIMD substring search (the rules and the importer look for
        // hundreds of label keywords per report); in the browser with the standard library's,
        // which keeps the first load small
        #[cfg(not(target_arch = "wasm32"))]
        return finder::find(&self.text.as_bytes()[from..], needle).map(|i| i + from);
        #[cfg(target_arch = "wasm32")]
        return self.text[from..].find(needle).map(|i| i + from);
    }
}

/// The first position of `needle` in `haystack`: natively with memchr's SIMD searchers (kept per
/// needle), in the browser with the standard library's.
pub fn find_str(haystack: &str, needle: &str) -> Option<usize> {
    #[cfg(not(target_arch = "wasm32"))]
    return finder::find(haystack.as_bytes(), needle);
    #[cfg(target_arch = "wasm32")]
    return haystack.find(needle);
}

/// Substring search with memchr's SIMD searchers, each needle's searcher built once per thread
/// (the importer and the rules look for the same few hundred label words in every report; building
/// the searcher costs more than searching a part's text).
#[cfg(not(target_arch = "wasm32"))]
mod finder {
    use memchr::memmem::Finder;
    use std::cell::RefCell;

    /// Slots of the per-thread cache of searchers, each for the needles whose address and
    /// length fall on it (most needles are the rules' and the layout's static words, found
    /// again at the same address); a slot keeps its needle's bytes, so a different needle at a
    /// reused address is told apart, and a needle that meets another on its slot replaces it.
    const SLOTS: usize = 4096;

    struct Slot {
        at: usize,
        needle: Box<[u8]>,
        finder: Finder<'static>,
    }

    thread_local! {
        static FINDERS: RefCell<Vec<Option<Slot>>> = const { RefCell::new(Vec::new()) };
    }

    /// The first position of `needle` in `haystack`.
    pub fn find(haystack: &[u8], needle: &str) -> Option<usize> {
        let n = needle.as_bytes();
        if n.len() > haystack.len() {
            return None;
        }
        if n.is_empty() || haystack.len() < 64 {
            // a short text: tried at each place (building a searcher costs more)
            return haystack.windows(n.len().max(1)).position(|w| w == n).or(n.is_empty().then_some(0));
        }
        let at = n.as_ptr() as usize;
        let slot = ((at ^ n.len().rotate_left(32)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) % SLOTS;
        FINDERS.with(|cell| {
            let mut slots = cell.borrow_mut();
            if slots.is_empty() {
                slots.resize_with(SLOTS, || None);
            }
            match &slots[slot] {
                Some(s) if s.at == at && *s.needle == *n => s.finder.find(haystack),
                _ => {
                    let finder = Finder::new(n).into_owned();
                    let found = finder.find(haystack);
                    slots[slot] = Some(Slot { at, needle: n.into(), finder });
                    found
                }
            }
        })
    }
}

/// The smallest char boundary of `s` at or after `i`.
pub fn ceil_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The largest char boundary of `s` at or before `i`.
pub fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Chinese numerals 一 … 十 as numbers.
pub fn cn_numeral(c: char) -> Option<u8> {
    Some(match c {
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
}

/// Finds every integer in `s` (ASCII digits; "1,234" is one number), with byte ranges. Digits
/// of decimals or dates are returned as they are: callers filter by context.
pub fn integers(s: &str) -> Vec<(i64, usize, usize)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = 0;
    while i < b.len() {
        if !digit(i) {
            i += 1;
            continue;
        }
        let start = i;
        loop {
            while digit(i) {
                i += 1;
            }
            // a thousands separator: ",ddd" not followed by another digit
            if b.get(i) == Some(&b',') && digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4) {
                i += 4;
            } else {
                break;
            }
        }
        let digits: String = s[start..i].chars().filter(char::is_ascii_digit).collect();
        if let Ok(v) = digits.parse::<i64>() {
            out.push((v, start, i));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quotation_inside_a_quotation_gets_single_marks() {
        assert_eq!(quoted("表三“（一）予以公开”行“总计”列"), "“表三‘（一）予以公开’行‘总计’列”");
        assert_eq!(quoted("总计"), "“总计”");
    }

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(printable("一、总体情况"), "一、总体情况");
        assert_eq!(printable("a\u{1b}]0;x\u{7}b\u{b}c\u{2}"), "a␛]0;x␇b␋c␂");
        assert_eq!(printable("x\r\ny\rz\u{7f}\u{9b}\u{202e}"), "x\ny\nz␡\u{FFFD}\u{FFFD}");
        assert!(!printable("\u{1b}[2J\t\n").chars().any(is_unsafe_control));
    }

    #[test]
    fn folds_full_width() {
        assert_eq!(fold("（一）１２３：ａ\r\n"), "(一)123:a\n");
        let mixed = "　一、\u{200b}总体 情况\r\n（１）\u{a0}公开\r—－\u{2013}\u{3000}\t\u{b}ｘ\u{feff}。";
        assert_eq!(fold(mixed), " 一、总体 情况\n(1) 公开\n—-- \t\u{b}x。");
        // the byte-run implementation agrees with folding one character at a time
        for s in [mixed, "\u{85}a\u{1680}b\u{2028}c\u{205f}d\u{fe62}\u{fe63}\u{ffe5}\u{2060}\u{ad}\r", "纯中文，无变化"]
        {
            assert_eq!(fold(s), fold_by_char(s), "{s:?}");
            let compact: String = fold_by_char(s).chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(fold_compact(s), compact, "{s:?}");
        }
    }

    #[test]
    fn a_slice_starting_at_an_item_comma_keeps_it() {
        let src = "表1、申请 2、人，３、";
        let whole = Compact::new(src, 0, src.len());
        assert_eq!(whole.text, "表1.申请2.人,3.");
        for (from, _) in src.char_indices() {
            let (cut, own) = (whole.slice(src, from, src.len()), Compact::new(src, from, src.len()));
            assert_eq!(cut.text, own.text, "from {from}");
            for i in 0..=own.text.len() {
                assert_eq!((cut.source(i), cut.source_end(i)), (own.source(i), own.source_end(i)), "{from} {i}");
            }
        }
        assert_eq!(whole.slice(src, 4, src.len()).text, "、申请2.人,3.");
    }

    #[test]
    fn compact_maps_back() {
        let src = "前文 1、申请 人\n逾期";
        let c = Compact::new(src, 0, src.len());
        assert_eq!(c.text, "前文1.申请人逾期");
        let at = c.find_from("申请人", 0).unwrap();
        assert_eq!(&src[c.source(at)..], "申请 人\n逾期");
        let end = c.source_end(at + "申请人".len());
        assert_eq!(&src[..end], "前文 1、申请 人");
    }

    #[test]
    fn finds_integers() {
        let v: Vec<i64> = integers("收到75件，其中1,234件和2020年").iter().map(|x| x.0).collect();
        assert_eq!(v, vec![75, 1234, 2020]);
    }

    /// The reference [`fold`] must agree with: one character at a time.
    fn fold_by_char(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\r' {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            } else if !is_invisible(c) {
                out.push(fold_char(c));
            }
        }
        out
    }

    /// The reference the byte-run fast paths must agree with: one character at a time.
    fn compact_by_char(src: &str) -> (String, Vec<(u32, u32)>) {
        let (mut text, mut map, mut prev) = (String::new(), Vec::new(), None::<char>);
        let mut iter = src.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let next = iter.peek().map_or(src.len(), |(j, _)| *j);
            if c.is_whitespace() || is_invisible(c) {
                continue;
            }
            let mut c = fold_char(c);
            if c == '、' && prev.is_some_and(|p| p.is_ascii_digit()) {
                c = '.';
            }
            map.extend(std::iter::repeat_n((i as u32, next as u32), c.len_utf8()));
            text.push(c);
            prev = Some(c);
        }
        (text, map)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]
        #[test]
        fn fast_folding_agrees_with_char_by_char(s in "[\\PC\\s\u{3000}\u{a0}\u{85}\u{200b}-\u{200d}\u{feff}\u{ff01}-\u{ff5e}\u{2000}-\u{206f}\u{fe62}\u{fe63}\u{ff5f}-\u{ffef}、1２a\r\n\t\u{b}]{0,40}") {
            // a range cut from the whole text's compact form is the range's own compact form
            let whole = Compact::new(&s, 0, s.len());
            let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            for (x, &from) in bounds.iter().enumerate().step_by(3) {
                for &to in bounds[x..].iter().step_by(5) {
                    let cut = whole.slice(&s, from, to);
                    let own = Compact::new(&s, from, to);
                    proptest::prop_assert_eq!(&cut.text, &own.text, "{}..{}", from, to);
                    proptest::prop_assert_eq!(cut.end, own.end);
                    for i in 0..=own.text.len() + 1 {
                        proptest::prop_assert_eq!(cut.source(i), own.source(i), "source({}) of {}..{}", i, from, to);
                        proptest::prop_assert_eq!(cut.source_end(i), own.source_end(i), "source_end({}) of {}..{}", i, from, to);
                    }
                    for at in from..=to + 1 {
                        proptest::prop_assert_eq!(cut.offset_of(at), own.offset_of(at), "offset_of({}) of {}..{}", at, from, to);
                    }
                }
            }
            // the whole text, and a range of it (offsets of the whole)
            let cut = s.char_indices().nth(3).map_or(0, |(i, _)| i);
            for (from, to) in [(0, s.len()), (cut, s.len())] {
                let c = Compact::new(&s, from, to);
                let (text, map) = compact_by_char(&s[from..to]);
                let map: Vec<(u32, u32)> = map.iter().map(|r| (r.0 + from as u32, r.1 + from as u32)).collect();
                proptest::prop_assert_eq!(&c.text, &text);
                for i in 0..=text.len() + 1 {
                    let source = map.get(i).map_or(to, |r| r.0 as usize);
                    proptest::prop_assert_eq!(c.source(i), source, "source({})", i);
                    let end = if i == 0 { source } else { map.get(i - 1).map_or(to, |r| r.1 as usize) };
                    proptest::prop_assert_eq!(c.source_end(i), end, "source_end({})", i);
                }
                for at in 0..=s.len() + 1 {
                    let offset = map.partition_point(|r| (r.0 as usize) < at);
                    proptest::prop_assert_eq!(c.offset_of(at), offset, "offset_of({})", at);
                }
            }
            let folded = fold_by_char(&s);
            // substring search (short and long texts, cached searchers) finds what str::find finds
            let long = s.repeat(3);
            for hay in [s.as_str(), long.as_str()] {
                let bounds: Vec<usize> = hay.char_indices().map(|(i, _)| i).chain([hay.len()]).collect();
                for w in bounds.windows(3).step_by(4) {
                    for needle in [&hay[w[0]..w[1]], &hay[w[0]..w[2]], "申请", ""] {
                        proptest::prop_assert_eq!(find_str(hay, needle), hay.find(needle), "{:?} in {:?}", needle, hay);
                    }
                }
            }
            let width: usize = s.chars().map(|c| if c.is_ascii() || ('\u{FF61}'..='\u{FFDC}').contains(&c) { 1 } else { 2 }).sum();
            proptest::prop_assert_eq!(display_width(&s), width);
            for ch in s.chars() {
                proptest::prop_assert_eq!(is_space(ch), ch.is_whitespace(), "{:?}", ch);
            }
            proptest::prop_assert_eq!(fold(&s), folded.clone());
            let no_space: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
            proptest::prop_assert_eq!(fold_compact(&s), no_space);
        }
    }
}
