//! ToUnicode CMaps: from a font's character codes back to Unicode text.
//!
//! Only what a ToUnicode stream holds is read: `begincodespacerange`, `beginbfchar` and
//! `beginbfrange` sections (PDF 32000-1:2008 §9.10.3). Malformed entries are skipped, never guessed.
//!
//! The stream is read token by token (never all tokens at once), and every entry written is
//! charged to the document's [`Budget::cmap_entries`](crate::Budget::cmap_entries), so that a map
//! of hostile ranges ends the reading instead of building strings without end. Only one- and
//! two-byte codes are kept: the fonts here never split a string into longer codes.

use crate::budget::{Exceeded, Meter};
use std::collections::{HashMap, VecDeque};

/// The longest code kept, in bytes (see the module documentation).
const MAX_CODE_LEN: usize = 2;
/// The longest destination string read, in bytes (PDF 32000-1:2008 §9.10.3 allows 512).
const MAX_DST_LEN: usize = 512;

/// A parsed ToUnicode map.
#[derive(Debug, Default, Clone)]
pub struct ToUnicode {
    map: HashMap<(u8, u32), String>,
    /// Byte lengths declared by `codespacerange`, shortest first.
    pub code_lengths: Vec<u8>,
}

/// One token of a CMap stream.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(Vec<u8>),
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The tokens of a CMap stream, read one at a time.
struct Tokens<'a> {
    data: &'a [u8],
    i: usize,
}

impl Iterator for Tokens<'_> {
    type Item = Tok;

    fn next(&mut self) -> Option<Tok> {
        let mut out = None;
        while out.is_none() && self.i < self.data.len() {
            out = self.step();
        }
        out
    }
}

impl Tokens<'_> {
    /// Reads from the current byte: a token, or `None` after skipping space or a comment.
    fn step(&mut self) -> Option<Tok> {
        let data = self.data;
        let i = &mut self.i;
        let b = data[*i];
        let mut out = None;
        match b {
            b'%' => {
                while *i < data.len() && data[*i] != b'\n' && data[*i] != b'\r' {
                    *i += 1;
                }
            }
            b'<' if data.get(*i + 1) == Some(&b'<') => {
                out = Some(Tok::Word(b"<<".to_vec()));
                *i += 2;
            }
            b'<' => {
                *i += 1;
                let mut digits = Vec::new();
                while *i < data.len() && data[*i] != b'>' {
                    if let Some(v) = hex_val(data[*i]) {
                        digits.push(v);
                    }
                    *i += 1;
                }
                *i += 1;
                if digits.len() % 2 == 1 {
                    digits.push(0);
                }
                out = Some(Tok::Hex(digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect()));
            }
            b'[' => {
                out = Some(Tok::Open);
                *i += 1;
            }
            b']' => {
                out = Some(Tok::Close);
                *i += 1;
            }
            b'(' => {
                // Literal strings do not occur in bfchar/bfrange; skip them with nesting.
                let mut depth = 0usize;
                while *i < data.len() {
                    match data[*i] {
                        b'\\' => *i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                *i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    *i += 1;
                }
                out = Some(Tok::Word(Vec::new()));
            }
            b if b.is_ascii_whitespace() || b == 0 => *i += 1,
            _ => {
                let start = *i;
                while *i < data.len() && !data[*i].is_ascii_whitespace() && !b"<>[]()%".contains(&data[*i]) {
                    *i += 1;
                }
                if *i == start {
                    *i += 1;
                }
                out = Some(Tok::Word(data[start..*i].to_vec()));
            }
        }
        out
    }
}

/// A few tokens looked ahead of the one being read.
struct Ahead<'a> {
    tokens: Tokens<'a>,
    buf: VecDeque<Tok>,
}

impl<'a> Ahead<'a> {
    fn new(data: &'a [u8]) -> Ahead<'a> {
        Ahead { tokens: Tokens { data, i: 0 }, buf: VecDeque::new() }
    }

    /// Makes the next `n` tokens (as many as there are) readable with [`Ahead::get`].
    fn fill(&mut self, n: usize) {
        while self.buf.len() < n {
            match self.tokens.next() {
                Some(t) => self.buf.push_back(t),
                None => break,
            }
        }
    }

    /// The token `k` places ahead, if filled.
    fn get(&self, k: usize) -> Option<&Tok> {
        self.buf.get(k)
    }

    /// Moves on by `n` tokens.
    fn advance(&mut self, n: usize) {
        for _ in 0..n {
            if self.buf.pop_front().is_none() {
                self.tokens.next();
            }
        }
    }
}

fn code_of(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > MAX_CODE_LEN {
        return None;
    }
    Some((bytes.len() as u8, bytes.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b))))
}

/// UTF-16BE bytes to text; unpaired surrogates are dropped.
fn utf16be(bytes: &[u8]) -> String {
    let units = bytes.chunks(2).filter(|p| p.len() == 2).map(|p| u16::from_be_bytes([p[0], p[1]]));
    char::decode_utf16(units).filter_map(Result::ok).collect()
}

/// The destination `dst` with its last UTF-16 unit moved on by `offset`.
fn shifted(dst: &[u8], offset: u32) -> String {
    if dst.len() < 2 {
        return utf16be(dst);
    }
    let mut bytes = dst.to_vec();
    let n = bytes.len();
    let last = u16::from_be_bytes([bytes[n - 2], bytes[n - 1]]).wrapping_add(offset as u16);
    bytes[n - 2..].copy_from_slice(&last.to_be_bytes());
    utf16be(&bytes)
}

impl ToUnicode {
    /// Parses a (decoded) ToUnicode stream, charging each entry to `meter`.
    pub fn parse(data: &[u8], meter: &mut Meter) -> Result<ToUnicode, Exceeded> {
        let mut toks = Ahead::new(data);
        let mut cmap = ToUnicode::default();
        loop {
            toks.fill(1);
            let Some(tok) = toks.get(0) else { break };
            let section = match tok {
                Tok::Word(w) => w.clone(),
                _ => Vec::new(),
            };
            toks.advance(1);
            match section.as_slice() {
                b"begincodespacerange" => cmap.read_codespace(&mut toks),
                b"beginbfchar" => cmap.read_chars(&mut toks, meter)?,
                b"beginbfrange" => cmap.read_ranges(&mut toks, meter)?,
                _ => {}
            }
        }
        cmap.code_lengths.sort_unstable();
        Ok(cmap)
    }

    /// Reads `lo hi` pairs of a `codespacerange` section.
    fn read_codespace(&mut self, toks: &mut Ahead<'_>) {
        loop {
            toks.fill(2);
            let (Some(Tok::Hex(lo)), Some(Tok::Hex(_))) = (toks.get(0), toks.get(1)) else { return };
            if (1..=4).contains(&lo.len()) && !self.code_lengths.contains(&(lo.len() as u8)) {
                self.code_lengths.push(lo.len() as u8);
            }
            toks.advance(2);
        }
    }

    /// Reads `src dst` pairs of a `bfchar` section.
    fn read_chars(&mut self, toks: &mut Ahead<'_>, meter: &mut Meter) -> Result<(), Exceeded> {
        loop {
            toks.fill(2);
            let (Some(Tok::Hex(src)), Some(Tok::Hex(dst))) = (toks.get(0), toks.get(1)) else { return Ok(()) };
            if let Some(code) = code_of(src).filter(|_| dst.len() <= MAX_DST_LEN) {
                meter.cmap_entries(1)?;
                self.map.insert(code, utf16be(dst));
            }
            toks.advance(2);
        }
    }

    /// Reads `lo hi dst` and `lo hi [dst …]` entries of a `bfrange` section.
    fn read_ranges(&mut self, toks: &mut Ahead<'_>, meter: &mut Meter) -> Result<(), Exceeded> {
        loop {
            toks.fill(3);
            let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) = (toks.get(0), toks.get(1)) else {
                return Ok(());
            };
            let (Some((len, lo)), Some((_, hi))) = (code_of(lo), code_of(hi)) else {
                toks.advance(2);
                return Ok(());
            };
            match toks.get(2) {
                Some(Tok::Hex(dst)) => {
                    if hi >= lo && dst.len() <= MAX_DST_LEN {
                        let dst = dst.clone();
                        for (k, code) in (lo..=hi).enumerate() {
                            meter.cmap_entries(1)?;
                            self.map.insert((len, code), shifted(&dst, k as u32));
                        }
                    }
                    toks.advance(3);
                }
                Some(Tok::Open) => {
                    toks.advance(3);
                    let mut code = lo;
                    loop {
                        toks.fill(1);
                        let Some(Tok::Hex(dst)) = toks.get(0) else { break };
                        if code <= hi && dst.len() <= MAX_DST_LEN {
                            meter.cmap_entries(1)?;
                            let text = utf16be(dst);
                            self.map.insert((len, code), text);
                        }
                        code = code.saturating_add(1);
                        toks.advance(1);
                    }
                    // The closing bracket.
                    toks.advance(1);
                }
                _ => {
                    toks.advance(2);
                    return Ok(());
                }
            }
        }
    }

    /// The text for a code of `len` bytes, if the map has it.
    pub fn get(&self, len: u8, code: u32) -> Option<&str> {
        self.map.get(&(len, code)).map(String::as_str)
    }

    /// Whether the map has any entry.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::budget::Budget;

    fn parse(data: &[u8], budget: Budget) -> Result<ToUnicode, Exceeded> {
        ToUnicode::parse(data, &mut Meter::new(budget))
    }

    #[test]
    fn reads_bfchar_and_both_bfrange_forms() {
        let src = b"1 begincodespacerange <0000> <FFFF> endcodespacerange
            2 beginbfchar <0003> <0020> <0010> <5E74> endbfchar
            2 beginbfrange <0020> <0022> <4E00> <0030> <0031> [<62A5> <D840DC00>] endbfrange";
        let m = parse(src, Budget::default()).unwrap();
        assert_eq!(m.code_lengths, vec![2]);
        assert_eq!(m.get(2, 0x10), Some("年"));
        assert_eq!(m.get(2, 0x22), Some("丂"));
        assert_eq!(m.get(2, 0x30), Some("报"));
        assert_eq!(m.get(2, 0x31), Some("\u{20000}"));
        assert_eq!(m.get(2, 0x23), None);
    }

    #[test]
    fn hostile_input_is_bounded() {
        // Four-byte codes are never looked up: such a range costs nothing.
        let m = parse(b"beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange <> <", Budget::default()).unwrap();
        assert!(m.is_empty());
        let full = b"beginbfrange <0000> <FFFF> <0041> <0000> <FFFF> <0041> endbfrange";
        let small = Budget { cmap_entries: 100_000, ..Budget::default() };
        assert_eq!(parse(full, small).unwrap_err(), Exceeded::CmapEntries);
    }
}
