//! Splitting a table region into value and text tokens.
//!
//! A line with `|` is split into cells; an empty cell between two bars is a blank. A line
//! without bars is split at white space. Digit runs become number tokens; a number that filled a
//! whole `|` cell is *single* (one value), any other run may hold several glued cells. A digit
//! before "." or "、" and a CJK character is an item number ("2.没有现成…"), not a value: it is cut
//! off the run, so "3700000372.没有" gives the run "370000037".

use crate::text::{fold_char, is_space, ocr_confidence};

/// One token of a table region.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Byte offset in the document.
    pub pos: usize,
    /// Byte offset of its end.
    pub end: usize,
    /// Line number within the region (tokens of one printed row share it).
    pub line: u32,
}

/// The kinds of tokens.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// A run of digits (folded to ASCII), maybe with sign, decimal point and unit.
    Num {
        /// The digits as written (ASCII, no separators), with '.' for a decimal point.
        digits: String,
        /// A leading '+' or '-'.
        sign: Option<char>,
        /// A unit written right after it ("元", "万元").
        unit: Option<&'static str>,
        /// True when the run filled a whole `|` cell: it is one value, not glued cells.
        single: bool,
        /// The confidence of an OCR reading, when the number was read from a picture (an OCR
        /// mark followed it, see [`crate::text::ocr_mark`]); `?` digits with confidence 0 are
        /// a cell whose ink could not be read.
        ocr: Option<u8>,
    },
    /// An empty cell between two bars (or a cell holding only a dash or slash).
    Blank,
    /// Anything else (the words are at `pos..end` of the document).
    Text,
}

impl Token {
    /// Whether this is a number or a blank.
    pub fn is_value(&self) -> bool {
        matches!(self.kind, TokenKind::Num { .. } | TokenKind::Blank)
    }
}

/// Tokenizes `doc[start..end]`.
pub fn tokenize(doc: &str, start: usize, end: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = Vec::new();
    let mut parts: Vec<(usize, &str)> = Vec::new();
    let mut line_no = 0u32;
    let mut line_start = start;
    for line in doc[start..end].split('\n') {
        let ls = line_start;
        line_start += line.len() + 1;
        if is_noise_line(line) {
            continue;
        }
        line_no += 1;
        if line.contains('|') {
            split_keep_offsets(line, '|', &mut parts);
            let n = parts.len();
            for (k, &(off, cell)) in parts.iter().enumerate() {
                let trimmed = cell.trim();
                let interior = k > 0 && k + 1 < n;
                if trimmed.is_empty() {
                    if interior {
                        out.push(Token { kind: TokenKind::Blank, pos: ls + off, end: ls + off, line: line_no });
                    }
                    continue;
                }
                if is_dash_cell(trimmed) {
                    out.push(Token {
                        kind: TokenKind::Blank,
                        pos: ls + off,
                        end: ls + off + cell.len(),
                        line: line_no,
                    });
                    continue;
                }
                let before = out.len();
                scan(cell, ls + off, line_no, &mut out, &mut chars);
                // a cell that is exactly one number is a single value
                if out.len() == before + 1 {
                    if let TokenKind::Num { single, .. } = &mut out[before].kind {
                        *single = true;
                    }
                }
            }
        } else {
            scan(line, ls, line_no, &mut out, &mut chars);
        }
    }
    debug_assert!(out.windows(2).all(|w| w[0].pos <= w[1].pos), "tokens are in document order");
    out
}

fn split_keep_offsets<'a>(line: &'a str, sep: char, out: &mut Vec<(usize, &'a str)>) {
    out.clear();
    let mut from = 0;
    for (i, _) in line.match_indices(sep) {
        out.push((from, &line[from..i]));
        from = i + sep.len_utf8();
    }
    out.push((from, &line[from..]));
}

/// Markdown rules (`|---|---|`) and page numbers (`-3-`, `— 3 —`) carry nothing.
fn is_noise_line(line: &str) -> bool {
    // only rules and page numbers are noise, and both have dashes
    // (a byte test first: '-' and the lead bytes of the other four dashes)
    if !line.bytes().any(|b| matches!(b, b'-' | 0xE2 | 0xEF))
        || !line.contains(['-', '—', '－', '\u{2013}', '\u{2212}'])
    {
        return false;
    }
    // both kinds hold nothing but bars, dashes, colons and digits: any other character (a
    // label) settles it without copying the line
    let printed = || line.chars().map(fold_char).filter(|c| !is_space(*c));
    if !printed().all(|c| matches!(c, '|' | '-' | ':' | '—' | '0'..='9')) {
        return false;
    }
    let t: String = printed().collect();
    if t.is_empty() {
        return false;
    }
    if t.contains("---") && t.chars().all(|c| matches!(c, '|' | '-' | ':')) {
        return true;
    }
    let inner = t.trim_matches(|c| c == '-' || c == '—');
    t.len() > inner.len()
        && !inner.is_empty()
        && inner.chars().all(|c| c.is_ascii_digit())
        && (t.starts_with('-') || t.starts_with('—'))
}

fn is_dash_cell(s: &str) -> bool {
    // the cell without white space, folded, is one of "-", "--", "—", "——", "/", "\"
    let mut t = s.chars().map(fold_char).filter(|c| !c.is_whitespace());
    matches!(
        (t.next(), t.next(), t.next()),
        (Some('-' | '—' | '/' | '\\'), None, None) | (Some('-'), Some('-'), None) | (Some('—'), Some('—'), None)
    )
}

/// Scans a cell or line into number and text tokens.
fn scan(s: &str, base: usize, line: u32, out: &mut Vec<Token>, chars: &mut Vec<(usize, char)>) {
    chars.clear();
    chars.reserve(s.len());
    for (i, c) in s.char_indices() {
        chars.push((i, fold_char(c)));
    }
    let chars = &*chars;
    let mut i = 0;
    let mut text_start: Option<usize> = None;
    let flush_text = |from: Option<usize>, to: usize, out: &mut Vec<Token>| {
        if let Some(f) = from {
            let t = s[f..to].trim();
            if !t.is_empty() {
                let lead = s[f..to].len() - s[f..to].trim_start().len();
                out.push(Token { kind: TokenKind::Text, pos: base + f + lead, end: base + f + lead + t.len(), line });
            }
        }
    };
    while i < chars.len() {
        let (off, c) = chars[i];
        let sign_here = (c == '+' || c == '-')
            && chars.get(i + 1).is_some_and(|x| x.1.is_ascii_digit())
            && (i == 0 || !chars[i - 1].1.is_ascii_digit());
        if c.is_ascii_digit() || sign_here {
            // a digit that is the item number of a label: "2.没有" / "2、没有"
            let mut j = if sign_here { i + 1 } else { i };
            let sign = if sign_here { Some(c) } else { None };
            let mut digits = String::with_capacity(8);
            while j < chars.len() && chars[j].1.is_ascii_digit() {
                digits.push(chars[j].1);
                j += 1;
            }
            let next = chars.get(j).map(|x| x.1);
            let after = chars.get(j + 1).map(|x| x.1);
            let is_ordinal =
                matches!(next, Some('.') | Some('、')) && after.is_some_and(|a| !a.is_ascii_digit() && !is_space(a));
            if is_ordinal && sign.is_none() {
                // everything but the last digit is a value glued to the label number
                flush_text(text_start.take(), off, out);
                if digits.len() > 1 {
                    let val_end = chars[j - 1].0;
                    out.push(Token {
                        kind: TokenKind::Num {
                            digits: digits[..digits.len() - 1].to_string(),
                            sign: None,
                            unit: None,
                            single: false,
                            ocr: None,
                        },
                        pos: base + off,
                        end: base + val_end,
                        line,
                    });
                }
                text_start = Some(chars[j - 1].0);
                i = j + 1;
                continue;
            }
            // decimal part
            if next == Some('.') && after.is_some_and(|a| a.is_ascii_digit()) {
                digits.push('.');
                j += 1;
                while j < chars.len() && chars[j].1.is_ascii_digit() {
                    digits.push(chars[j].1);
                    j += 1;
                }
            } else {
                // thousands separators: 1,234,567
                while chars.get(j).is_some_and(|x| x.1 == ',')
                    && (1..=3).all(|k| chars.get(j + k).is_some_and(|x| x.1.is_ascii_digit()))
                    && !chars.get(j + 4).is_some_and(|x| x.1.is_ascii_digit())
                    && digits.len() <= 3
                {
                    for k in 1..=3 {
                        digits.push(chars[j + k].1);
                    }
                    j += 4;
                }
            }
            let mut unit = None;
            let rest = &s[chars.get(j).map_or(s.len(), |x| x.0)..];
            let rest_trim = rest.trim_start();
            if rest_trim.starts_with("万元") {
                unit = Some("万元");
            } else if rest_trim.starts_with('元') {
                unit = Some("元");
            }
            flush_text(text_start.take(), off, out);
            let mut end_off = chars.get(j).map_or(s.len(), |x| x.0);
            if let Some(u) = unit {
                end_off = s.len() - rest_trim.len() + u.len();
                while j < chars.len() && chars[j].0 < end_off {
                    j += 1;
                }
            }
            // an OCR mark right after the number: its confidence
            let ocr = chars.get(j).and_then(|x| ocr_confidence(x.1));
            if ocr.is_some() {
                j += 1;
            }
            out.push(Token {
                kind: TokenKind::Num { digits, sign, unit, single: false, ocr },
                pos: base + off,
                end: base + end_off,
                line,
            });
            i = j;
            continue;
        }
        // a cell the OCR saw ink in but could not read: `?` and a mark
        if c == '?' {
            if let Some(conf) = chars.get(i + 1).and_then(|x| ocr_confidence(x.1)) {
                flush_text(text_start.take(), off, out);
                out.push(Token {
                    kind: TokenKind::Num {
                        digits: "?".to_string(),
                        sign: None,
                        unit: None,
                        single: false,
                        ocr: Some(conf),
                    },
                    pos: base + off,
                    end: base + off + 1,
                    line,
                });
                i += 2;
                continue;
            }
        }
        if ocr_confidence(c).is_some() {
            // a stray mark (after text the OCR read in a number cell): never part of a word
            flush_text(text_start.take(), off, out);
            i += 1;
            continue;
        }
        if is_space(c) {
            flush_text(text_start.take(), off, out);
        } else if text_start.is_none() {
            text_start = Some(off);
        }
        i += 1;
    }
    flush_text(text_start.take(), s.len(), out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<String> {
        tokenize(s, 0, s.len())
            .into_iter()
            .map(|t| match t.kind.clone() {
                TokenKind::Num { digits, single, unit, sign, .. } => {
                    format!(
                        "{}{}{}{}",
                        sign.map(String::from).unwrap_or_default(),
                        digits,
                        unit.unwrap_or(""),
                        if single { "!" } else { "" }
                    )
                }
                TokenKind::Blank => "_".into(),
                TokenKind::Text => format!("[{}]", &s[t.pos..t.end]),
            })
            .collect()
    }

    #[test]
    fn item_numbers_are_cut_from_glued_runs() {
        assert_eq!(
            kinds("本机关不掌握相关政府信息 3700000372.没有现成"),
            vec!["[本机关不掌握相关政府信息]", "370000037", "[2.没有现成]"]
        );
        assert_eq!(kinds("00000003.危及"), vec!["0000000", "[3.危及]"]);
        assert_eq!(kinds("1、申请人"), vec!["[1、申请人]"]);
    }

    #[test]
    fn bars_make_cells_and_blanks() {
        assert_eq!(kinds("一、本年新收 | 26 |  |  | 26"), vec!["[一、本年新收]", "26!", "_", "_", "26!"]);
        assert_eq!(kinds("0 |\n||\n"), vec!["0!", "_"]);
        assert_eq!(kinds("| 1 | 0 |\n|---|---|\n| 2 | 3 |"), vec!["1!", "0!", "2!", "3!"]);
    }

    #[test]
    fn decimals_signs_and_units() {
        assert_eq!(kinds("行政事业性收费24252.311082"), vec!["[行政事业性收费]", "24252.311082"]);
        assert_eq!(kinds("采购 160.5964万元 |"), vec!["[采购]", "160.5964万元"]);
        assert_eq!(kinds("| +126 | -8 |"), vec!["+126!", "-8!"]);
        assert_eq!(kinds("-4-\n5"), vec!["5"]);
    }
}
