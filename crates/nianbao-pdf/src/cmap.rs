//! ToUnicode CMaps: from a font's character codes back to Unicode text.
//!
//! Only what a ToUnicode stream holds is read: `begincodespacerange`, `beginbfchar` and
//! `beginbfrange` sections (PDF 32000-1:2008 §9.10.3). Malformed entries are skipped, never guessed.

use std::collections::HashMap;

/// The most codes one CMap may map (a bound against hostile ranges).
const MAX_CODES: usize = 1 << 18;

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

fn tokenize(data: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        match b {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                out.push(Tok::Word(b"<<".to_vec()));
                i += 2;
            }
            b'<' => {
                i += 1;
                let mut digits = Vec::new();
                while i < data.len() && data[i] != b'>' {
                    if let Some(v) = hex_val(data[i]) {
                        digits.push(v);
                    }
                    i += 1;
                }
                i += 1;
                if digits.len() % 2 == 1 {
                    digits.push(0);
                }
                out.push(Tok::Hex(digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect()));
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'(' => {
                // Literal strings do not occur in bfchar/bfrange; skip them with nesting.
                let mut depth = 0usize;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                out.push(Tok::Word(Vec::new()));
            }
            b if b.is_ascii_whitespace() || b == 0 => i += 1,
            _ => {
                let start = i;
                while i < data.len() && !data[i].is_ascii_whitespace() && !b"<>[]()%".contains(&data[i]) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                out.push(Tok::Word(data[start..i].to_vec()));
            }
        }
    }
    out
}

fn code_of(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
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
    /// Parses a (decompressed) ToUnicode stream.
    pub fn parse(data: &[u8]) -> ToUnicode {
        let toks = tokenize(data);
        let mut cmap = ToUnicode::default();
        let mut i = 0;
        while i < toks.len() {
            match &toks[i] {
                Tok::Word(w) if w == b"begincodespacerange" => {
                    i += 1;
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(_))) = (toks.get(i), toks.get(i + 1)) {
                        if (1..=4).contains(&lo.len()) && !cmap.code_lengths.contains(&(lo.len() as u8)) {
                            cmap.code_lengths.push(lo.len() as u8);
                        }
                        i += 2;
                    }
                }
                Tok::Word(w) if w == b"beginbfchar" => {
                    i += 1;
                    while let (Some(Tok::Hex(src)), Some(Tok::Hex(dst))) = (toks.get(i), toks.get(i + 1)) {
                        if let Some(code) = code_of(src) {
                            cmap.insert(code, utf16be(dst));
                        }
                        i += 2;
                    }
                }
                Tok::Word(w) if w == b"beginbfrange" => {
                    i += 1;
                    i = cmap.read_ranges(&toks, i);
                }
                _ => i += 1,
            }
        }
        cmap.code_lengths.sort_unstable();
        cmap
    }

    fn insert(&mut self, code: (u8, u32), text: String) {
        if self.map.len() < MAX_CODES || self.map.contains_key(&code) {
            self.map.insert(code, text);
        }
    }

    /// Reads `lo hi dst` triples from token `i`; returns the index after them.
    fn read_ranges(&mut self, toks: &[Tok], mut i: usize) -> usize {
        loop {
            let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) = (toks.get(i), toks.get(i + 1)) else {
                return i;
            };
            let (Some((len, lo)), Some((_, hi))) = (code_of(lo), code_of(hi)) else {
                return i + 2;
            };
            match toks.get(i + 2) {
                Some(Tok::Hex(dst)) => {
                    if hi >= lo {
                        for (k, code) in (lo..=hi).enumerate().take(MAX_CODES) {
                            self.insert((len, code), shifted(dst, k as u32));
                        }
                    }
                    i += 3;
                }
                Some(Tok::Open) => {
                    let mut j = i + 3;
                    let mut code = lo;
                    while let Some(Tok::Hex(dst)) = toks.get(j) {
                        if code <= hi {
                            self.insert((len, code), utf16be(dst));
                        }
                        code = code.saturating_add(1);
                        j += 1;
                    }
                    i = j + 1;
                }
                _ => return i + 2,
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

    #[test]
    fn reads_bfchar_and_both_bfrange_forms() {
        let src = b"1 begincodespacerange <0000> <FFFF> endcodespacerange
            2 beginbfchar <0003> <0020> <0010> <5E74> endbfchar
            2 beginbfrange <0020> <0022> <4E00> <0030> <0031> [<62A5> <D840DC00>] endbfrange";
        let m = ToUnicode::parse(src);
        assert_eq!(m.code_lengths, vec![2]);
        assert_eq!(m.get(2, 0x10), Some("年"));
        assert_eq!(m.get(2, 0x22), Some("丂"));
        assert_eq!(m.get(2, 0x30), Some("报"));
        assert_eq!(m.get(2, 0x31), Some("\u{20000}"));
        assert_eq!(m.get(2, 0x23), None);
    }

    #[test]
    fn hostile_input_is_bounded() {
        let m = ToUnicode::parse(b"beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange <> <");
        assert!(m.map.len() <= MAX_CODES);
    }
}
