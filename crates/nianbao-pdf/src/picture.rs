//! Pictures that hold text, and the text read from them: what [`read_layers`](crate::read_layers)
//! gives out for reading (by OCR, elsewhere) and what comes back, and how what comes back is put
//! on the page — each word as characters spread over its box, each ruled line as a table border
//! — so that the page is laid out like one with a text layer.

use crate::budget::{Exceeded, Meter};
use crate::interp::{apply, turn, Glyph, Matrix, PageContent, Rule, MIN_RULE};

/// Text read from a picture (by OCR), in the picture's pixel space: x right, y down, origin at
/// the top-left corner of the top-left pixel.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PictureText {
    /// The words (or a cell's text on one line), each with its box.
    pub words: Vec<PictureWord>,
    /// The ruled lines (table borders).
    pub rules: Vec<PictureRule>,
}

/// A word (or a cell's text on one line) read from a picture, with its box in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct PictureWord {
    /// Left edge of the box.
    pub x0: f64,
    /// Top edge of the box.
    pub y0: f64,
    /// Right edge of the box.
    pub x1: f64,
    /// Bottom edge of the box (the baseline is taken there).
    pub y1: f64,
    /// The em height of its line in pixels (font size).
    pub size: f64,
    /// The text, read left to right.
    pub text: String,
}

/// A ruled line (table border) found in a picture, in pixels: vertical (constant x = at) or
/// horizontal (constant y = at), from..to along its direction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PictureRule {
    /// Whether the line is vertical (constant x) rather than horizontal (constant y).
    pub vertical: bool,
    /// The constant coordinate: x of a vertical line, y of a horizontal one.
    pub at: f64,
    /// Where the line starts along its direction.
    pub from: f64,
    /// Where the line ends along its direction.
    pub to: f64,
}

/// A picture drawn on a PDF page that holds text to read: its pixels as stored and where it
/// lands.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// The page it is drawn on, from 1.
    pub page: u32,
    /// The CTM mapping the image's unit square to page space, as `cm` gives it (`[a b c d e f]`:
    /// x = a·u + c·v + e, y = b·u + d·v + f), as the page draws it.
    pub placement: [f64; 6],
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The pixels.
    pub pixels: Pixels,
}

/// A picture's pixels.
#[derive(Debug, Clone, PartialEq)]
pub enum Pixels {
    /// A JPEG stream (DCTDecode) as stored (other filters before it already undone, within the
    /// budget).
    Jpeg(Vec<u8>),
    /// 8-bit gray samples, one byte a pixel, row by row (width × height bytes), 0 black, 255
    /// white: every other colour space, bit depth, `/ImageMask`, `/Decode` array or `/Indexed`
    /// palette converted here.
    Gray(Vec<u8>),
}

/// Where a picture's pixels land on the page as it is laid out (turned upright, see
/// [`PageContent::turn_upright`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// The picture's unit square to the laid-out page.
    pub m: Matrix,
    /// Width in pixels.
    pub width: f64,
    /// Height in pixels.
    pub height: f64,
}

/// How far off a quarter turn (as a share of the largest entry) a placement may be for its
/// ruled lines to be kept.
const SKEW: f64 = 1e-3;

impl Frame {
    /// The page point of pixel position (`px`, `py`).
    pub fn point(&self, px: f64, py: f64) -> (f64, f64) {
        apply(&self.m, px / self.width, 1.0 - py / self.height)
    }

    /// The quarter turns that make text running along the pixels' x read left to right on the
    /// page (the nearest, for a picture drawn at a slant).
    fn quarter(&self) -> usize {
        let (ax, ay) = (self.m[0], self.m[1]);
        if ax.abs() >= ay.abs() {
            if ax >= 0.0 {
                0
            } else {
                2
            }
        } else if ay > 0.0 {
            1
        } else {
            3
        }
    }

    /// Whether the picture is drawn upright or turned by quarter turns (its rows and columns
    /// along the page's axes).
    fn axis_aligned(&self) -> bool {
        let [a, b, c, d, ..] = self.m;
        let most = a.abs().max(b.abs()).max(c.abs()).max(d.abs());
        most > 0.0
            && ((b.abs() <= SKEW * most && c.abs() <= SKEW * most)
                || (a.abs() <= SKEW * most && d.abs() <= SKEW * most))
    }

    /// The page's characters for one word: its characters spread evenly over the box, on the
    /// baseline (the box's edge lowest on the page once the text reads left to right), turned
    /// `q` quarter turns as [`Frame::quarter`] says, on a page of `size` (laid-out space).
    fn glyphs(&self, word: &PictureWord, size: (f64, f64)) -> (usize, Vec<Glyph>) {
        let q = self.quarter();
        let chars: Vec<char> = word.text.chars().collect();
        let (x0, x1) = (word.x0.min(word.x1), word.x0.max(word.x1));
        let (y0, y1) = (word.y0.min(word.y1), word.y0.max(word.y1));
        if chars.is_empty() || ![x0, x1, y0, y1].iter().all(|v| v.is_finite()) {
            return (q, Vec::new());
        }
        let em = if word.size.is_finite() && word.size > 0.0 { word.size } else { y1 - y0 };
        let per_px_x = self.m[0].hypot(self.m[1]) / self.width;
        let per_px_y = self.m[2].hypot(self.m[3]) / self.height;
        let step = (x1 - x0) / chars.len() as f64;
        let upright = |p: (f64, f64)| turn(q, p, size);
        let base = if upright(self.point(x0, y0)).1 < upright(self.point(x0, y1)).1 { y0 } else { y1 };
        let glyphs = chars
            .iter()
            .enumerate()
            .filter_map(|(k, c)| {
                let (x, y) = upright(self.point(x0 + k as f64 * step, base));
                let (w, size) = (step * per_px_x, em * per_px_y);
                [x, y, w, size].iter().all(|v| v.is_finite()).then(|| Glyph {
                    x,
                    y,
                    w,
                    size,
                    text: Some(c.to_string()),
                })
            })
            .collect();
        (q, glyphs)
    }

    /// The page's border for a ruled line of the picture, when the picture is drawn upright or
    /// turned by quarter turns and the line is long enough to be a border.
    fn rule(&self, r: &PictureRule) -> Option<Rule> {
        if !self.axis_aligned() {
            return None;
        }
        let (a, b) = if r.vertical {
            (self.point(r.at, r.from), self.point(r.at, r.to))
        } else {
            (self.point(r.from, r.at), self.point(r.to, r.at))
        };
        let vertical = (a.0 - b.0).abs() < (a.1 - b.1).abs();
        let rule = if vertical {
            Rule { vertical, at: (a.0 + b.0) / 2.0, from: a.1.min(b.1), to: a.1.max(b.1) }
        } else {
            Rule { vertical, at: (a.1 + b.1) / 2.0, from: a.0.min(b.0), to: a.0.max(b.0) }
        };
        (rule.at.is_finite() && rule.from.is_finite() && rule.to.is_finite() && rule.to - rule.from >= MIN_RULE)
            .then_some(rule)
    }
}

/// Puts the text read from a picture on its page: each character charged to `meter` (the
/// document's characters and the page's share), each border checked against the page's share.
/// The page is not turned here ([`PageContent::turn_upright`] does it once all is put).
pub fn put(content: &mut PageContent, frame: &Frame, text: &PictureText, meter: &mut Meter) -> Result<(), Exceeded> {
    let size = content.size.unwrap_or((0.0, 0.0));
    for word in &text.words {
        let (q, glyphs) = frame.glyphs(word, size);
        for g in glyphs {
            meter.glyph()?;
            let kept = content.glyphs.len() + content.turned.iter().map(Vec::len).sum::<usize>();
            meter.page_glyphs(kept + 1)?;
            match q {
                0 => content.glyphs.push(g),
                q => content.turned[q - 1].push(g),
            }
        }
    }
    for r in &text.rules {
        if let Some(rule) = frame.rule(r) {
            meter.page_rules(content.rules.len() + 1)?;
            content.rules.push(rule);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(x0: f64, y0: f64, x1: f64, y1: f64, text: &str) -> PictureWord {
        PictureWord { x0, y0, x1, y1, size: y1 - y0, text: text.into() }
    }

    #[test]
    fn a_word_is_spread_over_its_box_on_its_baseline() {
        // 1000 × 500 pixels on 500 × 250 points at (50, 100).
        let frame = Frame { m: [500.0, 0.0, 0.0, 250.0, 50.0, 100.0], width: 1000.0, height: 500.0 };
        let (q, glyphs) = frame.glyphs(&word(100.0, 40.0, 160.0, 60.0, "abc"), (600.0, 800.0));
        assert_eq!(q, 0);
        let xs: Vec<f64> = glyphs.iter().map(|g| g.x).collect();
        assert_eq!(xs, [100.0, 110.0, 120.0]);
        assert!(glyphs.iter().all(|g| g.y == 320.0 && g.w == 10.0 && g.size == 10.0));
    }

    #[test]
    fn a_picture_drawn_turned_reads_left_to_right_once_turned() {
        // The picture's x runs up the page.
        let frame = Frame { m: [0.0, 500.0, -250.0, 0.0, 300.0, 0.0], width: 1000.0, height: 500.0 };
        let (q, glyphs) = frame.glyphs(&word(100.0, 40.0, 160.0, 60.0, "ab"), (600.0, 800.0));
        assert_eq!(q, 1);
        assert!(glyphs[0].x < glyphs[1].x && glyphs[0].y == glyphs[1].y, "{glyphs:?}");
        let rule = frame.rule(&PictureRule { vertical: true, at: 10.0, from: 0.0, to: 100.0 }).expect("kept");
        assert!(!rule.vertical);
        let slanted = Frame { m: [400.0, 300.0, -150.0, 200.0, 0.0, 0.0], width: 10.0, height: 10.0 };
        assert_eq!(slanted.rule(&PictureRule { vertical: true, at: 1.0, from: 0.0, to: 10.0 }), None);
    }
}
