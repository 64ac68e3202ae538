//! Reading a content stream one operator at a time (PDF 32000-1:2008 §7.2, §7.8.2), so that a
//! stream of millions of operators is never held in memory at once and the work can be counted
//! as it goes.
//!
//! The tokens follow lopdf's content parser (numbers, names with `#xx`, literal strings with
//! escapes and nested parentheses, hexadecimal strings, arrays, dictionaries, inline images), but
//! where lopdf stops at the first byte it cannot read, this reader skips that byte and goes on.

/// How deep arrays may nest inside an operand (deeper ones are skipped as one unknown operand).
const MAX_ARRAY_DEPTH: usize = 16;
/// How many operands, array elements included, one operator keeps; an operator with more is
/// malformed and is returned without operands (see [`Lexer::next`]).
pub const MAX_OPERANDS: usize = 65_536;
/// How deep literal strings may nest their parentheses (lopdf's `MAX_BRACKET`).
const MAX_PARENS: usize = 100;

/// One operand of an operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// An integer or real number.
    Number(f64),
    /// A name, `#xx` escapes decoded, without the slash.
    Name(Vec<u8>),
    /// A literal or hexadecimal string, decoded.
    Str(Vec<u8>),
    /// An array.
    Array(Vec<Operand>),
    /// `true` or `false`.
    Bool(bool),
    /// Anything else (null, dictionaries, arrays nested too deep).
    Other,
}

impl Operand {
    /// The name, if the operand is one.
    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Operand::Name(n) => Some(n),
            _ => None,
        }
    }

    /// The number, if the operand is a finite one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Operand::Number(v) if v.is_finite() => Some(*v),
            _ => None,
        }
    }
}

/// A content stream being read.
pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    /// Operands (array elements included) taken for the operator being read.
    taken: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

fn is_delimiter(b: u8) -> bool {
    b"()<>[]{}/%".contains(&b)
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

/// Whether `b` may be part of an operator (lopdf's rule: letters, `*`, `'` and `"`).
fn is_operator_char(b: u8) -> bool {
    b.is_ascii_alphabetic() || b"*'\"".contains(&b)
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|v| v as u8)
}

impl<'a> Lexer<'a> {
    /// A reader at the start of `data`.
    pub fn new(data: &'a [u8]) -> Lexer<'a> {
        Lexer { data, pos: 0, taken: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn peek_at(&self, k: usize) -> Option<u8> {
        self.data.get(self.pos + k).copied()
    }

    /// Skips white space and comments.
    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.peek().is_some_and(|b| b != b'\n' && b != b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next operator, its operands put into `operands` (which is cleared first); `None` at the
    /// end of the stream. An operator given more than [`MAX_OPERANDS`] operands comes back with
    /// none, so that it is ignored like any other operator short of operands.
    pub fn next(&mut self, operands: &mut Vec<Operand>) -> Option<&'a [u8]> {
        operands.clear();
        self.taken = 0;
        loop {
            self.skip_space();
            let b = self.peek()?;
            if let Some(operand) = self.operand(b, 0) {
                self.taken += 1;
                if self.taken <= MAX_OPERANDS {
                    operands.push(operand);
                }
                continue;
            }
            if is_operator_char(b) {
                let op = self.operator();
                if self.taken > MAX_OPERANDS {
                    operands.clear();
                }
                if op == b"BI" {
                    operands.clear();
                    self.inline_image();
                }
                return Some(op);
            }
            // A byte no token starts with: skipped.
            self.pos += 1;
        }
    }

    /// Reads an operand starting with `b`, if one starts there.
    fn operand(&mut self, b: u8, depth: usize) -> Option<Operand> {
        match b {
            b'(' => Some(Operand::Str(self.literal_string())),
            b'<' if self.peek_at(1) == Some(b'<') => {
                self.skip_dictionary();
                Some(Operand::Other)
            }
            b'<' => Some(Operand::Str(self.hex_string())),
            b'[' => Some(self.array(depth)),
            b'/' => Some(Operand::Name(self.name())),
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number().map(Operand::Number),
            b't' | b'f' | b'n' => {
                let rest = &self.data[self.pos..];
                let word = [&b"true"[..], b"false", b"null"].into_iter().find(|w| rest.starts_with(w))?;
                if rest.get(word.len()).is_some_and(|&c| is_operator_char(c)) {
                    return None;
                }
                self.pos += word.len();
                Some(match word {
                    b"true" => Operand::Bool(true),
                    b"false" => Operand::Bool(false),
                    _ => Operand::Other,
                })
            }
            _ => None,
        }
    }

    fn operator(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_operator_char) {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    /// A number as lopdf reads one: `[+-]digits` (an integer), `[+-]digits.digits*` or
    /// `[+-].digits` (a real, read as `f32` like lopdf does, so that positions come out the same).
    fn number(&mut self) -> Option<f64> {
        let start = self.pos;
        let mut i = self.pos;
        if matches!(self.data.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let int_start = i;
        while self.data.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let has_int = i > int_start;
        if self.data.get(i) == Some(&b'.') {
            let frac_start = i + 1;
            let mut j = frac_start;
            while self.data.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            if has_int || j > frac_start {
                i = j;
            }
        }
        if !has_int && i == int_start {
            return None;
        }
        let text = std::str::from_utf8(&self.data[start..i]).ok()?;
        let value = if text.contains('.') {
            f64::from(text.parse::<f32>().ok()?)
        } else {
            text.parse::<i64>().map(|v| v as f64).or_else(|_| text.parse::<f64>()).ok()?
        };
        self.pos = i;
        Some(value)
    }

    fn name(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        while let Some(b) = self.peek().filter(|&b| is_regular(b)) {
            if b == b'#' {
                let pair = self.peek_at(1).and_then(hex_value).zip(self.peek_at(2).and_then(hex_value));
                match pair {
                    Some((hi, lo)) => {
                        out.push(hi << 4 | lo);
                        self.pos += 3;
                        continue;
                    }
                    None => break,
                }
            }
            out.push(b);
            self.pos += 1;
        }
        out
    }

    /// A literal string from its `(`: escapes decoded, balanced parentheses kept.
    fn literal_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.escape(&mut out),
                b'(' => {
                    depth += 1;
                    if depth > MAX_PARENS {
                        // lopdf stops reading such a string; here it just ends.
                        return out;
                    }
                    out.push(b);
                }
                b')' if depth == 0 => return out,
                b')' => {
                    depth -= 1;
                    out.push(b);
                }
                _ => out.push(b),
            }
        }
        out
    }

    /// One escape after a backslash (PDF 32000-1:2008 Table 3).
    fn escape(&mut self, out: &mut Vec<u8>) {
        let Some(c) = self.peek() else { return };
        match c {
            b'0'..=b'7' => {
                let mut v: u16 = 0;
                for _ in 0..3 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u16::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push(v as u8);
            }
            b'\r' => {
                self.pos += 1;
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
            }
            b'\n' => self.pos += 1,
            _ => {
                self.pos += 1;
                out.push(match c {
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'b' => 0x08,
                    b'f' => 0x0C,
                    other => other,
                });
            }
        }
    }

    /// A hexadecimal string from its `<`; an odd last digit is followed by 0.
    fn hex_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let Some(v) = hex_value(b) else { continue };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    /// An array from its `[`; nested arrays deeper than [`MAX_ARRAY_DEPTH`] are skipped.
    fn array(&mut self, depth: usize) -> Operand {
        if depth >= MAX_ARRAY_DEPTH {
            self.skip_nested(b'[', b']');
            return Operand::Other;
        }
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            let Some(b) = self.peek() else { break };
            if b == b']' {
                self.pos += 1;
                break;
            }
            match self.operand(b, depth + 1) {
                Some(item) => {
                    self.taken += 1;
                    if self.taken <= MAX_OPERANDS {
                        items.push(item);
                    }
                }
                // An operator or stray byte inside an array: skipped.
                None => self.pos += 1,
            }
        }
        Operand::Array(items)
    }

    /// A dictionary from its `<<`, skipped to its matching `>>`.
    fn skip_dictionary(&mut self) {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'<' if self.peek_at(1) == Some(b'<') => {
                    depth += 1;
                    self.pos += 2;
                }
                b'>' if self.peek_at(1) == Some(b'>') => {
                    self.pos += 2;
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                b'(' => {
                    self.literal_string();
                }
                b'<' => {
                    self.hex_string();
                }
                b'%' => self.skip_space(),
                _ => self.pos += 1,
            }
        }
    }

    /// Skips from an `open` byte to its matching `close`, strings and comments read as such.
    fn skip_nested(&mut self, open: u8, close: u8) {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'(' => {
                    self.literal_string();
                    continue;
                }
                b'%' => {
                    self.skip_space();
                    continue;
                }
                _ if b == open => depth += 1,
                _ if b == close => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.pos += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
    }

    /// Skips an inline image after its `BI`: the dictionary up to `ID`, the data, and `EI`.
    fn inline_image(&mut self) {
        let mut dict = Vec::new();
        loop {
            self.skip_space();
            let Some(b) = self.peek() else { return };
            if let Some(operand) = self.operand(b, 0) {
                if dict.len() < 64 {
                    dict.push(operand);
                }
                continue;
            }
            if is_operator_char(b) {
                if self.operator() == b"ID" {
                    break;
                }
                continue;
            }
            self.pos += 1;
        }
        // One white-space byte separates ID from the data.
        if self.peek().is_some_and(is_white) {
            self.pos += 1;
        }
        let data = &self.data[self.pos..];
        let end = image_length(&dict)
            .filter(|&n| n <= data.len() && ends_at_ei(&data[n..]))
            .or_else(|| find_ei(data))
            .unwrap_or(data.len());
        self.pos += end;
        self.skip_space();
        if self.data[self.pos..].starts_with(b"EI") {
            self.pos += 2;
        }
    }
}

/// Whether `rest` (after an inline image's data) starts with `EI`, white space before it allowed.
fn ends_at_ei(rest: &[u8]) -> bool {
    let start = rest.iter().position(|&b| !is_white(b)).unwrap_or(rest.len());
    rest[start..].starts_with(b"EI") && rest.get(start + 2).is_none_or(|&b| !is_regular(b))
}

/// Where an inline image's data ends when its length is not known: before the first `EI`
/// standing between white space (lopdf's rule).
fn find_ei(data: &[u8]) -> Option<usize> {
    data.windows(4)
        .position(|w| is_white(w[0]) && w[1] == b'E' && w[2] == b'I' && (is_white(w[3])))
        .or_else(|| data.ends_with(b" EI").then(|| data.len() - 3))
}

/// The byte length of an unfiltered inline image from its dictionary (`/W /H /BPC`, and `/CS`
/// or `/IM`), or `/L` / `/Length` when given; `None` when it cannot be known.
fn image_length(dict: &[Operand]) -> Option<usize> {
    let get = |short: &[u8], long: &[u8]| {
        dict.chunks(2).find(|p| p[0].as_name().is_some_and(|k| k == short || k == long)).and_then(|p| p.get(1))
    };
    let int = |o: Option<&Operand>| o.and_then(Operand::number).filter(|v| *v >= 0.0 && v.fract() == 0.0);
    if let Some(n) = int(get(b"L", b"Length")) {
        return Some(n as usize);
    }
    if get(b"F", b"Filter").is_some() {
        return None;
    }
    let (w, h, bpc) = (int(get(b"W", b"Width"))?, int(get(b"H", b"Height"))?, int(get(b"BPC", b"BitsPerComponent"))?);
    let mask = matches!(get(b"IM", b"ImageMask"), Some(Operand::Bool(true)));
    let colors = match get(b"CS", b"ColorSpace").and_then(Operand::as_name) {
        _ if mask => 1.0,
        Some(b"DeviceGray" | b"G") => 1.0,
        Some(b"DeviceRGB" | b"RGB") => 3.0,
        Some(b"DeviceCMYK" | b"CMYK") => 4.0,
        _ => return None,
    };
    let len = h * ((w * colors * bpc) / 8.0).ceil();
    (len.is_finite() && len < usize::MAX as f64 / 2.0).then_some(len as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(data: &[u8]) -> Vec<(String, Vec<Operand>)> {
        let mut lexer = Lexer::new(data);
        let mut operands = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = lexer.next(&mut operands) {
            out.push((String::from_utf8_lossy(op).into_owned(), operands.clone()));
        }
        out
    }

    #[test]
    fn reads_the_text_operators() {
        let got = ops(b"BT /F#31 12 Tf 1 0 0 1 72.5 -.5 Tm [(a\\(b\\)) -250 <4E2D>] TJ (x\\101\\\ny) ' T* ET");
        let names: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "Tm", "TJ", "'", "T*", "ET"]);
        assert_eq!(got[1].1, [Operand::Name(b"F1".to_vec()), Operand::Number(12.0)]);
        assert_eq!(got[2].1[5], Operand::Number(-0.5));
        assert_eq!(
            got[3].1,
            [Operand::Array(vec![
                Operand::Str(b"a(b)".to_vec()),
                Operand::Number(-250.0),
                Operand::Str(vec![0x4E, 0x2D])
            ])]
        );
        assert_eq!(got[4].1, [Operand::Str(b"xAy".to_vec())]);
    }

    #[test]
    fn skips_dictionaries_comments_and_inline_images() {
        let data = b"/P <</MCID 0 /A (>>)>> BDC % note\nBI /W 2 /H 1 /BPC 8 /CS /G ID \x00E EI Q EMC";
        let names: Vec<String> = ops(data).into_iter().map(|(o, _)| o).collect();
        assert_eq!(names, ["BDC", "BI", "Q", "EMC"]);
    }

    #[test]
    fn an_operator_with_too_many_operands_keeps_none() {
        let mut data = Vec::new();
        for _ in 0..=MAX_OPERANDS {
            data.extend_from_slice(b"1 ");
        }
        data.extend_from_slice(b"Td 5 w");
        let got = ops(&data);
        assert!(got[0].1.is_empty());
        assert_eq!(got[1].1, [Operand::Number(5.0)]);
    }

    #[test]
    fn deep_arrays_and_stray_bytes_do_not_stop_the_reading() {
        let mut data = vec![b'['; 10_000];
        data.extend(vec![b']'; 10_000]);
        data.extend_from_slice(b") } 1 2 Td 5. -.5 +3 Tc");
        let got = ops(&data);
        assert_eq!(got[0].0, "Td");
        assert_eq!(got[0].1[1..], [Operand::Number(1.0), Operand::Number(2.0)]);
        assert_eq!(got[1].1, [Operand::Number(5.0), Operand::Number(-0.5), Operand::Number(3.0)]);
    }
}
