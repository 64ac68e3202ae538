//! The recogniser: whatever turns a small picture into words (Tesseract natively, tesseract.js
//! in the browser), behind one trait.

use crate::image::Gray;
use crate::OcrError;

/// What a picture handed to the recogniser holds, and so how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    /// One number on one line (a table's number cell): digits only, single-line mode.
    Number,
    /// A number cell of one digit: digits only, single-word mode (the line mode loses a lone
    /// `1`).
    Digit,
    /// A label cell: Chinese text, one or a few lines, read as a block.
    Label,
    /// The text of a page around its tables: Chinese, laid out by the recogniser.
    Page,
}

impl JobKind {
    /// Tesseract's language(s) for this kind.
    pub fn languages(self) -> &'static str {
        match self {
            JobKind::Number | JobKind::Digit => "eng",
            JobKind::Label | JobKind::Page => "chi_sim",
        }
    }

    /// Tesseract's page segmentation mode for this kind.
    pub fn page_segmentation(self) -> u8 {
        match self {
            JobKind::Number => 7,
            JobKind::Digit => 8,
            JobKind::Label => 6,
            JobKind::Page => 3,
        }
    }

    /// The only characters the recogniser may give for this kind, if it is limited.
    pub fn alphabet(self) -> Option<&'static str> {
        match self {
            JobKind::Number | JobKind::Digit => Some("0123456789."),
            JobKind::Label | JobKind::Page => None,
        }
    }
}

/// One picture to read.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// How to read it.
    pub kind: JobKind,
    /// The pixels (already cut out, scaled and given a white margin).
    pub image: Gray,
}

/// A word read, in the job picture's pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadWord {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
    /// The text.
    pub text: String,
    /// The recogniser's confidence, 0 to 100.
    pub confidence: f32,
    /// Which line of the job it is on (words of one line share it; lines in reading order).
    pub line: u32,
}

/// What the recogniser read from one job.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// The words, in reading order.
    pub words: Vec<ReadWord>,
}

/// Reads the text of small pictures. Jobs come in one batch so that an implementation can
/// start its engine once per kind; it answers one [`Reading`] per job, in order.
pub trait Recogniser {
    /// Reads every job.
    fn recognise(&mut self, jobs: &[Job]) -> Result<Vec<Reading>, OcrError>;
}

/// Parses Tesseract's TSV output (`tesseract … tsv`) of a list of pictures into one reading a
/// picture (`page_num` counts the pictures from 1); `count` is the number of pictures given.
pub fn parse_tsv(tsv: &str, count: usize) -> Vec<Reading> {
    let mut out = vec![Reading::default(); count];
    let mut lines: Vec<(usize, (u32, u32, u32))> = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let num = |i: usize| f[i].trim().parse::<f64>().unwrap_or(0.0);
        let Some(page) = f[1].trim().parse::<usize>().ok().and_then(|p| p.checked_sub(1)) else { continue };
        let Some(reading) = out.get_mut(page) else { continue };
        let text = f[11..].join("\t").trim().to_string();
        if text.is_empty() {
            continue;
        }
        let key = (num(2) as u32, num(3) as u32, num(4) as u32);
        let line = match lines.iter().position(|&(p, k)| p == page && k == key) {
            Some(i) => i,
            None => {
                lines.push((page, key));
                lines.len() - 1
            }
        } as u32;
        let (left, top, width, height) = (num(6), num(7), num(8), num(9));
        reading.words.push(ReadWord {
            x0: left,
            y0: top,
            x1: left + width,
            y1: top + height,
            text,
            confidence: num(10).clamp(0.0, 100.0) as f32,
            line,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_of_two_pictures() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t100\t40\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t12\t10\t30\t20\t96.5\t9487\n\
                   5\t2\t1\t1\t1\t1\t10\t10\t20\t20\t41\t8\n\
                   5\t2\t1\t1\t2\t1\t10\t40\t20\t20\t90\t行政\n";
        let r = parse_tsv(tsv, 3);
        assert_eq!(r[0].words[0].text, "9487");
        assert_eq!(r[0].words[0].x1, 42.0);
        assert_eq!(r[1].words.len(), 2);
        assert_ne!(r[1].words[0].line, r[1].words[1].line);
        assert!(r[2].words.is_empty());
    }
}
