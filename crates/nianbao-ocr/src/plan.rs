//! A page's reading, planned and finished: the picture made upright, its tables' cells cut out
//! one job each (numbers apart from labels), the text around the tables one job; then the
//! readings put back where they were read, as words and ruling lines of the picture.

use crate::grid::{self, Cell, Grids};
use crate::image::Gray;
use crate::prep;
use crate::recognise::{Job, JobKind, ReadWord, Reading};
use crate::{Budget, OcrError};
use nianbao_pdf::{PictureRule, PictureText, PictureWord};
use std::collections::HashMap;

/// The largest skew looked for, in degrees.
const MAX_SKEW: f64 = 3.5;
/// The white margin around a job's picture, in pixels.
const MARGIN: u32 = 12;
/// The height a job's characters are scaled to (about), in pixels: Tesseract reads best there
/// (measured on the corpus scans' number and label cells).
const JOB_EM: f64 = 27.0;
/// As [`JOB_EM`], for label cells.
const LABEL_EM: f64 = 22.0;
/// The gap between the cells of a row set side by side, in [`JOB_EM`]s: wide enough that the
/// recogniser keeps them apart as words.
const ROW_GAP: f64 = 2.5;
/// Below this confidence a number read from a cell is a doubtful reading (the importer's
/// threshold, [`nianbao_core::text::OCR_DOUBTFUL`]).
pub const DOUBTFUL: f32 = nianbao_core::text::OCR_DOUBTFUL as f32;

/// A box of pixels: (x0, y0, x1, y1), x1 and y1 past its edge.
type PixelBox = (u32, u32, u32, u32);

/// Where a job's reading goes back to.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Slot {
    /// The job picture's (0, 0) in the upright page, before the margin.
    x: f64,
    /// As `x`, vertically.
    y: f64,
    /// How much the job picture was enlarged.
    scale: f64,
    /// For a cell: its ink box in the page.
    ink: Option<(f64, f64, f64, f64)>,
    /// A number cell of one character.
    single: bool,
    /// A number cell whose characters are all thin upright bars: how many.
    bars: usize,
    /// The number of digits of a cell whose every digit is one stroke.
    count: Option<usize>,
    /// About how many digits the cell's ink is wide.
    width_digits: f64,
    /// A cell read both ways: the index of its label job.
    pair: Option<usize>,
    /// The label job of a cell read both ways (its reading is used by the number job's slot).
    paired: bool,
    /// A job of a table row's numbers side by side (its words go to the cells' slots).
    row: bool,
}

impl Slot {
    /// Whether a reading's number of digits fits the cell's ink: the count of its strokes when
    /// each digit is one, else about its width.
    fn fits(&self, digits: &str) -> bool {
        let n = digits.chars().filter(char::is_ascii_digit).count();
        match self.count {
            Some(c) => n == c,
            None => (n as f64 - self.width_digits).abs() <= 0.6 + 0.25 * self.width_digits,
        }
    }
}

/// A job of a table row's number cells side by side: which cell job each stretch of its
/// picture (from, to, in pixels) holds.
#[derive(Debug, Clone)]
struct RowJob {
    job: usize,
    cells: Vec<(usize, f64, f64)>,
}

/// The number cells grouped by table row (cells whose spans overlap by more than half), left to
/// right; rows of two cells or more.
fn table_rows(numbers: &[(usize, PixelBox, Cell)]) -> Vec<Vec<(usize, PixelBox)>> {
    let mut sorted: Vec<&(usize, PixelBox, Cell)> = numbers.iter().collect();
    sorted.sort_by(|a, b| a.2.y0.total_cmp(&b.2.y0).then(a.2.x0.total_cmp(&b.2.x0)));
    // (top, bottom, cells: (job, ink, left))
    type Row = (f64, f64, Vec<(usize, PixelBox, f64)>);
    let mut rows: Vec<Row> = Vec::new();
    for (job, bx, cell) in sorted {
        let overlap = |y0: f64, y1: f64| (y1.min(cell.y1) - y0.max(cell.y0)) > 0.5 * (y1 - y0).min(cell.y1 - cell.y0);
        match rows.iter_mut().find(|r| overlap(r.0, r.1)) {
            Some(r) => r.2.push((*job, *bx, cell.x0)),
            None => rows.push((cell.y0, cell.y1, vec![(*job, *bx, cell.x0)])),
        }
    }
    rows.into_iter()
        .filter(|r| r.2.len() >= 2)
        .map(|mut r| {
            r.2.sort_by(|a, b| a.2.total_cmp(&b.2));
            r.2.into_iter().map(|(j, b, _)| (j, b)).collect()
        })
        .collect()
}

/// One picture of a row's number cells: each cell's ink scaled to one digit height, set side by
/// side on a common baseline a wide gap apart; with the stretch each cell takes.
fn number_row(img: &Gray, row: &[(usize, PixelBox)]) -> (Gray, Vec<(usize, f64, f64)>) {
    let height = JOB_EM * 0.75;
    let gap = (JOB_EM * ROW_GAP).round() as u32;
    let parts: Vec<Gray> = row
        .iter()
        .map(|(_, b)| {
            let part = img.crop(b.0, b.1, b.2, b.3).on_white();
            let scale = height / f64::from((b.3 - b.1).max(1));
            part.scale(scale.clamp(0.25, 8.0))
        })
        .collect();
    let tallest = parts.iter().map(|p| p.height).max().unwrap_or(1);
    let width = parts.iter().map(|p| p.width).sum::<u32>() + gap * (parts.len() as u32).saturating_sub(1);
    let mut out = Gray::white(width + 2 * MARGIN, tallest + 2 * MARGIN);
    let mut x = MARGIN;
    let mut ranges = Vec::new();
    for ((job, _), part) in row.iter().zip(&parts) {
        let top = MARGIN + tallest - part.height;
        for y in 0..part.height {
            let from = (y * part.width) as usize;
            let to = ((top + y) * out.width + x) as usize;
            out.data[to..to + part.width as usize].copy_from_slice(&part.data[from..from + part.width as usize]);
        }
        ranges.push((*job, f64::from(x), f64::from(x + part.width)));
        x += part.width + gap;
    }
    (out, ranges)
}

/// A page's reading, planned: hand [`Plan::jobs`] to a recogniser, then give its readings to
/// [`Plan::finish`].
#[derive(Debug, Clone)]
pub struct Plan {
    jobs: Vec<Job>,
    slots: Vec<Slot>,
    rows: Vec<RowJob>,
    segments: Vec<grid::Segment>,
    em: f64,
    /// The angle the page was turned by to make it upright, in degrees.
    pub turned: f64,
    /// How many table cells were found.
    pub cells: usize,
}

impl Plan {
    /// The pictures to read.
    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// What each number cell's row reading (its row's cells read side by side) says of it, by
    /// cell job.
    fn row_readings(&self, readings: &[Reading]) -> HashMap<usize, (String, f32)> {
        let mut out = HashMap::new();
        let half_gap = JOB_EM * ROW_GAP / 2.0;
        for row in &self.rows {
            let Some(reading) = readings.get(row.job) else { continue };
            for &(job, from, to) in &row.cells {
                let inside: Vec<&ReadWord> = reading
                    .words
                    .iter()
                    .filter(|w| {
                        let mid = (w.x0 + w.x1) / 2.0;
                        mid >= from - half_gap && mid <= to + half_gap
                    })
                    .collect();
                // a word that runs into the next cell belongs to neither
                if inside.is_empty() || inside.iter().any(|w| w.x0 < from - half_gap || w.x1 > to + half_gap) {
                    continue;
                }
                let one = Reading { words: inside.into_iter().cloned().collect() };
                if let Some(d) = digits_of(&one) {
                    out.insert(job, d);
                }
            }
        }
        out
    }

    /// The second round: number cells that the first round left unsettled — read as nothing,
    /// with too many or too few digits for their ink, doubtfully as one character, or otherwise
    /// alone than with their row — to be
    /// read once more in single-word mode (the line mode loses a lone `1`), as a third voice;
    /// as (job index, job).
    pub fn second_round(&self, first: &[Reading]) -> Vec<(usize, Job)> {
        let rows = self.row_readings(first);
        let unsettled = |i: usize| {
            let alone = first.get(i).and_then(digits_of);
            match (&alone, rows.get(&i)) {
                (None, _) => true,
                (Some(a), _) if !self.slots[i].fits(&a.0) => true,
                (Some(a), Some(r)) if a.0 != r.0 => true,
                (Some(a), _) => self.slots[i].single && a.1 < DOUBTFUL,
            }
        };
        (0..self.jobs.len())
            .filter(|&i| self.jobs[i].kind == JobKind::Number && !self.slots[i].row && unsettled(i))
            .map(|i| (i, Job { kind: JobKind::Digit, image: self.jobs[i].image.clone() }))
            .collect()
    }

    /// The words and ruling lines of the page from the readings of its jobs (one reading a job,
    /// in order; missing ones count as nothing read). Numbers carry their confidence as an OCR
    /// mark ([`nianbao_core::text::ocr_mark`]) right after their digits; a number cell whose
    /// ink gave no digits is written `?` with confidence 0: it is never left blank.
    pub fn finish(self, readings: &[Reading], second: &[(usize, Reading)]) -> PictureText {
        let mut words = Vec::new();
        let from_rows = self.row_readings(readings);
        let again: HashMap<usize, &Reading> = second.iter().map(|(i, r)| (*i, r)).collect();
        for (i, (job, slot)) in self.jobs.iter().zip(&self.slots).enumerate() {
            let empty = Reading::default();
            let reading = readings.get(i).unwrap_or(&empty);
            if slot.paired || slot.row {
                continue;
            }
            match job.kind {
                JobKind::Number | JobKind::Digit => {
                    let label = slot.pair.map(|p| readings.get(p).unwrap_or(&empty));
                    match label {
                        // read both ways: Chinese read with some confidence makes it a label
                        Some(label) if is_chinese(label) && confidence(label) >= confidence(reading) => {
                            words.extend(line_words(label, &self.slots[slot.pair.unwrap_or(i)]))
                        }
                        _ => {
                            let voices =
                                Voices { alone: reading, row: from_rows.get(&i), again: again.get(&i).copied(), label };
                            words.push(number_word(&voices, slot, self.em))
                        }
                    }
                }
                JobKind::Label => {
                    let lines = line_words(reading, slot);
                    if let Some(n) = as_number(reading) {
                        words.push(PictureWord { text: n, ..cell_word(slot, self.em) });
                    } else if lines.is_empty() {
                        // ink that reads as nothing: say so rather than leave the cell blank
                        words.push(PictureWord { text: "?".to_string(), ..cell_word(slot, self.em) });
                    } else {
                        words.extend(lines);
                    }
                }
                JobKind::Page => words.extend(line_words(reading, slot)),
            }
        }
        let rules = self
            .segments
            .iter()
            .map(|s| PictureRule { vertical: s.vertical, at: s.at, from: s.from, to: s.to })
            .collect();
        PictureText { words, rules }
    }
}

fn cell_word(slot: &Slot, em: f64) -> PictureWord {
    let (x0, y0, x1, y1) = slot.ink.unwrap_or((slot.x, slot.y, slot.x + 1.0, slot.y + 1.0));
    PictureWord { x0, y0, x1, y1, size: em, text: String::new() }
}

/// The least confidence of a reading's words; -1 when nothing was read.
fn confidence(reading: &Reading) -> f32 {
    if reading.words.is_empty() {
        return -1.0;
    }
    reading.words.iter().map(|w| w.confidence).fold(100f32, f32::min)
}

/// Whether a reading holds Chinese read with some confidence.
fn is_chinese(reading: &Reading) -> bool {
    reading.words.iter().any(|w| w.confidence >= 50.0 && w.text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)))
}

/// The confidence given to a cell of thin upright bars read as `1`s where the recogniser read
/// nothing or was unsure: below [`DOUBTFUL`], so that a sum it breaks is a doubt.
const BAR_CONFIDENCE: f32 = 70.0;

/// The confidence a reading is given at most when its number of digits does not fit the cell's
/// ink (one digit read for three printed): doubtful whatever the recogniser said.
const MISFIT_CONFIDENCE: f32 = 30.0;
const _: () = assert!((MISFIT_CONFIDENCE as u8) < nianbao_core::text::OCR_UNSURE);

/// The digits of a reading (a decimal point kept inside) and its confidence, if it has any.
fn digits_of(reading: &Reading) -> Option<(String, f32)> {
    let digits: String =
        reading.words.iter().flat_map(|w| w.text.chars()).filter(|c| c.is_ascii_digit() || *c == '.').collect();
    let digits = digits.trim_matches('.').to_string();
    (!digits.is_empty()).then(|| (digits, confidence(reading)))
}

/// The readings of one number cell.
struct Voices<'a> {
    /// The cell read alone, line mode.
    alone: &'a Reading,
    /// The cell as its row's reading has it.
    row: Option<&'a (String, f32)>,
    /// The cell read alone once more, single-word mode (second round).
    again: Option<&'a Reading>,
    /// The cell read as Chinese (a cell read both ways).
    label: Option<&'a Reading>,
}

/// A number cell's word: the digits read, with their confidence as an OCR mark; `?` with
/// confidence 0 when nothing was read. The readings at hand — the cell alone, with its row, in
/// single-word mode, as Chinese when that is all digits, and `1`s for a cell of thin upright
/// bars (the line model loses a lone serif `1` of a 150 dpi scan) — are weighed by whether they
/// fit the cell's ink (their number of digits: the count of its strokes when each digit is one,
/// else about its width). The cell read alone is taken when it fits (the others are fallbacks:
/// a row's context also misleads the recogniser); otherwise the fitting readings vote, the
/// most votes winning, then the surest. The result is doubtful when another reading that fits
/// says otherwise, and a reading that fits nothing is kept only as doubtful.
/// Nothing is made up: every digit shown is one a reading gave.
fn number_word(voices: &Voices<'_>, slot: &Slot, em: f64) -> PictureWord {
    let mut candidates: Vec<(String, f32)> = Vec::new();
    candidates.extend(digits_of(voices.alone));
    candidates.extend(voices.row.cloned());
    candidates.extend(voices.again.and_then(digits_of));
    candidates.extend(voices.label.and_then(as_plain_number));
    if slot.bars > 0 {
        candidates.push(("1".repeat(slot.bars), BAR_CONFIDENCE));
    }
    let fits = |d: &str| slot.fits(d);
    let fitting: Vec<&(String, f32)> = candidates.iter().filter(|c| fits(&c.0)).collect();
    let votes = |d: &str| fitting.iter().filter(|c| c.0 == d).count();
    let alone = digits_of(voices.alone).filter(|a| fits(&a.0));
    let winner = match &alone {
        Some(a) => Some(a.clone()),
        None => {
            fitting.iter().max_by(|a, b| votes(&a.0).cmp(&votes(&b.0)).then(a.1.total_cmp(&b.1))).map(|c| (*c).clone())
        }
    };
    let chosen = match winner {
        Some((d, conf)) => {
            let disputed = fitting.iter().any(|c| c.0 != d);
            Some((d, if disputed { conf.min(DOUBTFUL - 1.0) } else { conf }))
        }
        None => candidates
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(d, conf)| (d.clone(), conf.min(MISFIT_CONFIDENCE))),
    };
    let text = match chosen {
        Some((digits, conf)) => format!("{digits}{}", nianbao_core::text::ocr_mark(conf.round() as u8)),
        None => format!("?{}", nianbao_core::text::ocr_mark(0)),
    };
    PictureWord { text, ..cell_word(slot, em) }
}

/// A reading that is one number (digits only on one line), with its confidence.
fn as_plain_number(reading: &Reading) -> Option<(String, f32)> {
    let first = reading.words.first()?;
    if reading.words.iter().any(|w| w.line != first.line) {
        return None;
    }
    let text: String = reading.words.iter().map(|w| w.text.as_str()).collect();
    (!text.is_empty() && text.chars().all(|c| c.is_ascii_digit())).then(|| (text, confidence(reading)))
}

/// A label cell's reading that is one number (digits only on one line), with its mark.
fn as_number(reading: &Reading) -> Option<String> {
    as_plain_number(reading).map(|(text, conf)| format!("{text}{}", nianbao_core::text::ocr_mark(conf.round() as u8)))
}

/// The lines of a reading as words of the page: one word a line, its words joined (with a
/// space only between Latin letters or digits).
fn line_words(reading: &Reading, slot: &Slot) -> Vec<PictureWord> {
    let mut out: Vec<PictureWord> = Vec::new();
    let mut current: Option<(u32, PictureWord)> = None;
    let back =
        |x: f64, y: f64| (slot.x + (x - f64::from(MARGIN)) / slot.scale, slot.y + (y - f64::from(MARGIN)) / slot.scale);
    for w in &reading.words {
        let (x0, y0) = back(w.x0, w.y0);
        let (x1, y1) = back(w.x1, w.y1);
        match &mut current {
            Some((line, word)) if *line == w.line => {
                let spaced = word.text.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
                    && w.text.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
                if spaced {
                    word.text.push(' ');
                }
                word.text.push_str(&w.text);
                word.x0 = word.x0.min(x0);
                word.y0 = word.y0.min(y0);
                word.x1 = word.x1.max(x1);
                word.y1 = word.y1.max(y1);
            }
            _ => {
                if let Some((_, done)) = current.take() {
                    out.push(done);
                }
                current = Some((w.line, PictureWord { x0, y0, x1, y1, size: 0.0, text: w.text.clone() }));
            }
        }
    }
    if let Some((_, done)) = current {
        out.push(done);
    }
    for w in &mut out {
        w.size = (w.y1 - w.y0).max(1.0);
        w.text = ordinal_brackets(&w.text);
    }
    out.retain(|w| !w.text.trim().is_empty());
    out
}

/// Item numbers in brackets as printed: `（一）`. The recogniser takes the full-width bracket
/// before a Chinese numeral for a look-alike (`《一)`, `〈五)`, `<六)`); only such a bracket,
/// directly before one numeral and its closing bracket, is put back.
fn ordinal_brackets(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let numeral = |k: usize| chars.get(k).is_some_and(|n| "一二三四五六七八九十".contains(*n));
        let closing = |k: usize| chars.get(k).is_some_and(|n| matches!(n, ')' | '）' | '〉' | '》'));
        if matches!(c, '《' | '〈' | '<' | '(' | '（' | '「' | '『') && numeral(i + 1) && closing(i + 2) {
            out.push('（');
            out.push(chars[i + 1]);
            out.push('）');
            i += 3;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The ink box of a cell (inside its borders, a little in from them), if it holds any ink
/// worth reading: specks of a noisy scan and what is left of a border along the cell's edge
/// are not ink.
fn cell_ink(mask: &[bool], width: u32, cell: &Cell, em: f64) -> Option<(u32, u32, u32, u32, usize)> {
    let inset = 2.0;
    let (x0, y0) = ((cell.x0 + inset).max(0.0) as u32, (cell.y0 + inset).max(0.0) as u32);
    let (x1, y1) = ((cell.x1 - inset).max(0.0) as u32, (cell.y1 - inset).max(0.0) as u32);
    if x1 <= x0 || y1 <= y0 {
        return None;
    }
    let (w, h) = (x1 - x0, y1 - y0);
    let mut sub = Vec::with_capacity((w * h) as usize);
    for y in y0..y1 {
        let row = y as usize * width as usize;
        sub.extend((x0..x1).map(|x| mask.get(row + x as usize).copied().unwrap_or(false)));
    }
    let comps = grid::components(&sub, w, h, 4096)?;
    let speck = (em / 8.0).max(3.0);
    let mut bb: Option<PixelBox> = None;
    for c in comps {
        let (cw, ch) = (f64::from(c.2 - c.0 + 1), f64::from(c.3 - c.1 + 1));
        if cw.max(ch) < speck {
            continue;
        }
        let edge = c.0 == 0 || c.1 == 0 || c.2 + 1 == w || c.3 + 1 == h;
        if edge && (cw >= f64::from(w) * 0.8 || ch >= f64::from(h) * 0.8) && cw.min(ch) <= 4.0 {
            continue;
        }
        bb = Some(match bb {
            None => c,
            Some(b) => (b.0.min(c.0), b.1.min(c.1), b.2.max(c.2), b.3.max(c.3)),
        });
    }
    let (a, b, c, d) = bb?;
    let count = (b..=d).flat_map(|y| (a..=c).map(move |x| (x, y))).filter(|&(x, y)| sub[(y * w + x) as usize]).count();
    let min_ink = ((em * em) / 60.0).max(6.0) as usize;
    (count >= min_ink).then_some((x0 + a, y0 + b, x0 + c + 1, y0 + d + 1, count))
}

/// What a cell's ink looks like, before it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One line of `count` digits: each character one stroke as tall as the line and at most
    /// about as wide as half its height, a decimal point allowed (Chinese characters are square
    /// and most are several strokes). `bars`: every character is a thin upright bar (a `1`).
    Digits { count: usize, bars: bool },
    /// One short line of characters, not all one-stroke digits: digits the scan broke or
    /// blurred together, or a short Chinese label; read both ways.
    Narrow {
        /// Every character narrow and as tall as the line: most likely digits, read with the
        /// row's other numbers too.
        digits_like: bool,
    },
    /// Anything else: a label.
    Other,
}

fn cell_shape(mask: &[bool], width: u32, ink: PixelBox, em: f64) -> Shape {
    let (x0, y0, x1, y1) = ink;
    let (w, h) = (x1 - x0, y1 - y0);
    // (no upper bound from the page's text height: a table's digits may be taller than the
    // strokes the height is estimated from; two lines fail the stroke tests below)
    if h < 6 || f64::from(h) < em * 0.3 {
        return Shape::Other;
    }
    let mut sub = Vec::with_capacity((w * h) as usize);
    for y in y0..y1 {
        let row = y as usize * width as usize;
        sub.extend_from_slice(&mask[row + x0 as usize..row + x1 as usize]);
    }
    let Some(mut comps) = grid::components(&sub, w, h, 64) else { return Shape::Other };
    comps.sort_by_key(|c| c.0);
    // characters: strokes that overlap side by side
    let mut glyphs: Vec<Vec<PixelBox>> = Vec::new();
    for c in comps {
        match glyphs.last_mut() {
            Some(g) if g.iter().any(|d| c.0 <= d.2) => g.push(c),
            _ => glyphs.push(vec![c]),
        }
    }
    let hf = f64::from(h);
    let (mut digits, mut points, mut bars, mut narrow) = (0, 0, 0, true);
    let mut one_stroke = true;
    // one line: some character as tall as the ink; no character of three strokes or more
    // (Chinese); then it may be digits the scan blurred together or broke, and is read both ways
    let tallest = glyphs
        .iter()
        .map(|g| g.iter().map(|c| c.3).max().unwrap_or(0) - g.iter().map(|c| c.1).min().unwrap_or(0) + 1)
        .max()
        .unwrap_or(0);
    let one_line = f64::from(tallest) >= hf * 0.6 && glyphs.len() <= 8 && f64::from(w) <= hf * 8.0;
    for g in &glyphs {
        let gx0 = g.iter().map(|c| c.0).min().unwrap_or(0);
        let gx1 = g.iter().map(|c| c.2).max().unwrap_or(0);
        let gy0 = g.iter().map(|c| c.1).min().unwrap_or(0);
        let gy1 = g.iter().map(|c| c.3).max().unwrap_or(0);
        let (gw, gh) = (f64::from(gx1 - gx0 + 1), f64::from(gy1 - gy0 + 1));
        let dot = gh <= hf * 0.3 && gw <= hf * 0.35 && f64::from(gy1) >= hf * 0.7;
        if dot && points == 0 && g.len() == 1 {
            points += 1;
            continue;
        }
        if gh < hf * 0.55 || gw > hf * 0.85 {
            narrow = false;
            continue;
        }
        if g.len() != 1 {
            one_stroke = false;
            continue;
        }
        digits += 1;
        // a bar: thin, and filling most of its box
        let filled = (gy0..=gy1)
            .flat_map(|y| (gx0..=gx1).map(move |x| (x, y)))
            .filter(|&(x, y)| sub[(y * w + x) as usize])
            .count() as f64;
        if gw <= hf * 0.38 && filled >= gw * gh * 0.5 {
            bars += 1;
        }
    }
    match (narrow, one_stroke) {
        (true, true) if digits > 0 && digits <= 15 => {
            Shape::Digits { count: digits, bars: bars == digits && points == 0 }
        }
        (true, false) if glyphs.len() <= 15 && hf <= em * 1.5 => Shape::Narrow { digits_like: true },
        _ if one_line && hf <= em * 1.5 => Shape::Narrow { digits_like: false },
        _ => Shape::Other,
    }
}

/// Cuts a job's picture: the box from the page, enlarged to read well, with a white margin.
fn job_picture(img: &Gray, bx: PixelBox, em: f64, kind: JobKind) -> (Gray, f64) {
    let part = img.crop(bx.0, bx.1, bx.2, bx.3).on_white();
    let scale = match kind {
        JobKind::Label => (LABEL_EM / em.max(1.0)).clamp(0.5, 4.0),
        _ => (JOB_EM / em.max(1.0)).clamp(1.0, 4.0),
    };
    let (scaled, scale) = if (scale - 1.0).abs() > 0.05 { (part.scale(scale), scale) } else { (part, 1.0) };
    (scaled.pad(MARGIN), scale)
}

/// Plans the reading of a page picture within `budget`.
pub fn plan(img: &Gray, budget: &Budget) -> Result<Plan, OcrError> {
    budget.check_size(img.width, img.height)?;
    let (upright, turned) = prep::deskew(img, MAX_SKEW);
    let (threshold, line_threshold) = prep::thresholds(&upright);
    let mask = prep::ink(&upright, threshold);
    let too_many = |what: &str| OcrError::TooLarge { what: what.to_string() };
    let em = grid::text_height(&mask, upright.width, upright.height, budget.components)
        .ok_or_else(|| too_many(&format!("墨迹碎块超过 {} 个（图片噪点过多，或不是文字页面）", budget.components)))?;
    let line_mask = prep::ink(&upright, line_threshold);
    let grids: Grids = grid::find(&line_mask, upright.width, upright.height, em, budget.cells)
        .ok_or_else(|| too_many(&format!("表格单元格超过 {} 个", budget.cells)))?;
    let mut jobs = Vec::new();
    let mut slots = Vec::new();
    // number cells: (number job, ink box, cell)
    let mut numbers: Vec<(usize, PixelBox, Cell)> = Vec::new();
    for cell in &grids.cells {
        // (the lighter mask: a faint digit of a blurred scan falls apart into specks on the other)
        let Some((x0, y0, x1, y1, _)) = cell_ink(&line_mask, upright.width, cell, em) else { continue };
        // strokes are told apart on the lighter mask: a thin digit's strokes are half-gray
        let shape = cell_shape(&line_mask, upright.width, (x0, y0, x1, y1), em);
        let ink = Some((f64::from(x0), f64::from(y0), f64::from(x1), f64::from(y1)));
        // the picture cut a little wider than the ink (a thin stroke may be lighter than the
        // ink threshold), within the cell
        let pad = (em * 0.15).max(2.0);
        let bx = (
            (f64::from(x0) - pad).max(cell.x0 + 3.0).max(0.0) as u32,
            (f64::from(y0) - pad).max(cell.y0 + 3.0).max(0.0) as u32,
            (f64::from(x1) + pad).min(cell.x1 - 3.0).max(f64::from(x1)) as u32,
            (f64::from(y1) + pad).min(cell.y1 - 3.0).max(f64::from(y1)) as u32,
        );
        let digit_em = f64::from(y1 - y0) / 0.75;
        let width_digits = f64::from(x1 - x0) / (f64::from(y1 - y0) * 0.55);
        let slot = |scale| Slot { x: f64::from(x0), y: f64::from(y0), scale, ink, width_digits, ..Slot::default() };
        match shape {
            Shape::Digits { count, bars } => {
                numbers.push((jobs.len(), bx, *cell));
                let (image, scale) = job_picture(&upright, bx, digit_em, JobKind::Number);
                jobs.push(Job { kind: JobKind::Number, image });
                slots.push(Slot {
                    single: count == 1,
                    bars: if bars { count } else { 0 },
                    count: Some(count),
                    ..slot(scale)
                });
            }
            Shape::Narrow { digits_like } => {
                if digits_like {
                    numbers.push((jobs.len(), bx, *cell));
                }
                let (image, scale) = job_picture(&upright, bx, digit_em, JobKind::Number);
                jobs.push(Job { kind: JobKind::Number, image });
                slots.push(Slot { pair: Some(jobs.len()), ..slot(scale) });
                let (image, scale) = job_picture(&upright, bx, em, JobKind::Label);
                jobs.push(Job { kind: JobKind::Label, image });
                slots.push(Slot { paired: true, ..slot(scale) });
            }
            Shape::Other => {
                let (image, scale) = job_picture(&upright, bx, em, JobKind::Label);
                jobs.push(Job { kind: JobKind::Label, image });
                slots.push(slot(scale));
            }
        }
    }
    // each table row's numbers once more side by side on one line: the line model reads a
    // digit better among others than alone
    let mut rows = Vec::new();
    for row in table_rows(&numbers) {
        let (image, ranges) = number_row(&upright, &row);
        rows.push(RowJob { job: jobs.len(), cells: ranges });
        jobs.push(Job { kind: JobKind::Number, image });
        slots.push(Slot { row: true, ..Slot::default() });
    }
    // the text around the tables
    let mut rest = upright.clone();
    grid::whiten(&mut rest, &grids.tables, 3.0);
    let rest_mask = prep::ink(&rest, threshold);
    if let Some((x0, y0, x1, y1)) = ink_box(&rest_mask, rest.width, rest.height) {
        let (image, scale) = job_picture(&rest, (x0, y0, x1, y1), em, JobKind::Page);
        jobs.push(Job { kind: JobKind::Page, image });
        slots.push(Slot { x: f64::from(x0), y: f64::from(y0), scale, ..Slot::default() });
    }
    Ok(Plan { jobs, slots, rows, segments: grids.segments, em, turned, cells: grids.cells.len() })
}

/// The box around all the ink of a picture, if it holds more than a few specks.
fn ink_box(mask: &[bool], width: u32, height: u32) -> Option<PixelBox> {
    let w = width as usize;
    let mut bb: Option<PixelBox> = None;
    let mut count = 0usize;
    for (i, _) in mask.iter().enumerate().filter(|(_, &b)| b) {
        count += 1;
        let (x, y) = ((i % w) as u32, (i / w) as u32);
        bb = Some(match bb {
            None => (x, y, x, y),
            Some(b) => (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y)),
        });
    }
    let _ = height;
    let (a, b, c, d) = bb?;
    (count >= 30).then_some((a, b, c + 1, d + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinal_brackets_are_put_back() {
        assert_eq!(ordinal_brackets("《六)其他处理"), "（六）其他处理");
        assert_eq!(ordinal_brackets("〈二)部分公开〈区分处理的"), "（二）部分公开〈区分处理的");
        assert_eq!(ordinal_brackets("《条例》"), "《条例》");
    }
}
