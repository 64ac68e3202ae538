//! Fonts of a page: how to split a shown string into character codes, what each code's text is
//! and how far it moves the pen.

use crate::budget::{Exceeded, Meter};
use crate::cmap::ToUnicode;
use crate::decode::decode_charged;
use lopdf::{Dictionary, Document, Encoding, Object};
use std::collections::HashMap;

/// The largest code a width is kept for: codes are one or two bytes here.
const MAX_CODE: u32 = 0xFFFF;

/// One decoded code of a shown string.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// The text the code stands for; `None` when the font gives no way to know it.
    pub text: Option<String>,
    /// Advance in text space units per unit of font size (glyph width / 1000).
    pub advance: f64,
    /// Whether the code is the single byte 32 (word spacing applies to it).
    pub is_space: bool,
}

/// What the text extraction needs to know of one font.
pub struct Font {
    /// Composite (Type0) fonts use two-byte codes here; simple fonts one byte.
    two_byte: bool,
    to_unicode: Option<ToUnicode>,
    /// Two-byte codes that are UCS-2/UTF-16 themselves (UniGB-UCS2-H and the like).
    ucs2: bool,
    /// Text of each single byte for simple fonts without ToUnicode.
    simple: Option<Vec<Option<String>>>,
    widths: HashMap<u32, f64>,
    default_width: f64,
}

fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// Follows references (bounded) to the object itself.
pub fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

/// A dictionary entry, references followed.
pub fn entry<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().and_then(|o| resolve(doc, o))
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Widths of a CIDFont's `/W` array: `c [w1 w2 …]` and `c_first c_last w`, each width
/// written charged to `meter`.
fn cid_widths(doc: &Document, w: &[Object], out: &mut HashMap<u32, f64>, meter: &mut Meter) -> Result<(), Exceeded> {
    let mut i = 0;
    while i < w.len() {
        let Some(first) = resolve(doc, &w[i]).and_then(num) else {
            return Ok(());
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).and_then(|o| resolve(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, wo) in list.iter().enumerate().take(65536) {
                    let code = first.saturating_add(k as u32);
                    if code > MAX_CODE {
                        break;
                    }
                    if let Some(v) = resolve(doc, wo).and_then(num).and_then(finite) {
                        meter.width_entries(1)?;
                        out.insert(code, v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let (Some(last), Some(v)) = (num(o), w.get(i + 2).and_then(|o| resolve(doc, o)).and_then(num)) else {
                    return Ok(());
                };
                let last = last.max(0.0) as u32;
                if last >= first && last - first <= 65536 {
                    for c in first..=last.min(MAX_CODE) {
                        meter.width_entries(1)?;
                        out.insert(c, v);
                    }
                }
                i += 3;
            }
            None => return Ok(()),
        }
    }
    Ok(())
}

/// The font's ToUnicode map, decoded and parsed within the budget; `None` when it has none that
/// can be read.
fn to_unicode(doc: &Document, dict: &Dictionary, meter: &mut Meter) -> Result<Option<ToUnicode>, Exceeded> {
    let Some(stream) = entry(doc, dict, b"ToUnicode").and_then(|o| o.as_stream().ok()) else {
        return Ok(None);
    };
    let Some(data) = decode_charged(stream, meter, 0, "字体的 ToUnicode 对照表")? else {
        return Ok(None);
    };
    Ok(Some(ToUnicode::parse(&data, meter)?).filter(|m| !m.is_empty()))
}

impl Font {
    /// Reads a font dictionary, its maps charged to `meter`.
    pub fn new(doc: &Document, dict: &Dictionary, meter: &mut Meter) -> Result<Font, Exceeded> {
        let subtype = entry(doc, dict, b"Subtype").and_then(|o| o.as_name().ok()).unwrap_or(b"");
        let to_unicode = to_unicode(doc, dict, meter)?;
        let mut widths = HashMap::new();
        if subtype == b"Type0" {
            let encoding = entry(doc, dict, b"Encoding").and_then(|o| o.as_name().ok()).unwrap_or(b"");
            let ucs2 = encoding.starts_with(b"Uni") && (encoding.windows(4).any(|w| w == b"UCS2" || w == b"UTF1"));
            let mut default_width = 1000.0;
            let descendant = entry(doc, dict, b"DescendantFonts")
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| resolve(doc, o))
                .and_then(|o| o.as_dict().ok());
            if let Some(d) = descendant {
                if let Some(dw) = entry(doc, d, b"DW").and_then(num).and_then(finite) {
                    default_width = dw;
                }
                if let Some(Object::Array(w)) = entry(doc, d, b"W") {
                    cid_widths(doc, w, &mut widths, meter)?;
                }
            }
            return Ok(Font { two_byte: true, to_unicode, ucs2, simple: None, widths, default_width });
        }
        let first = entry(doc, dict, b"FirstChar").and_then(num).unwrap_or(0.0).max(0.0) as u32;
        if let Some(Object::Array(w)) = entry(doc, dict, b"Widths") {
            for (k, wo) in w.iter().enumerate().take(256) {
                if let Some(v) = resolve(doc, wo).and_then(num).and_then(finite) {
                    meter.width_entries(1)?;
                    widths.insert(first.saturating_add(k as u32), v);
                }
            }
        }
        let simple = match to_unicode {
            Some(_) => None,
            None => {
                // The table of a simple font's 256 codes counts like 256 ToUnicode entries.
                meter.cmap_entries(256)?;
                simple_table(doc, dict)
            }
        };
        Ok(Font { two_byte: false, to_unicode, ucs2: false, simple, widths, default_width: 500.0 })
    }

    /// Splits a shown string into codes with their text and advance, one at a time.
    pub fn decode<'s>(&'s self, bytes: &'s [u8]) -> impl Iterator<Item = Code> + 's {
        let len = if self.two_byte { 2 } else { 1 };
        bytes.chunks(len).map(|c| {
            let code = c.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b));
            let text = self.text_of(c.len() as u8, code);
            let fallback = match &text {
                Some(t) if t.chars().next().is_some_and(|ch| ch as u32 >= 0x2E80) => 1000.0,
                _ => self.default_width,
            };
            let advance = self.widths.get(&code).copied().unwrap_or(fallback) / 1000.0;
            Code { text, advance, is_space: !self.two_byte && code == 32 }
        })
    }

    fn text_of(&self, len: u8, code: u32) -> Option<String> {
        if let Some(t) = self.to_unicode.as_ref().and_then(|m| m.get(len, code)) {
            return Some(t.to_string());
        }
        if self.ucs2 && len == 2 {
            return char::from_u32(code).map(String::from);
        }
        if let Some(table) = &self.simple {
            return table.get(code as usize).cloned().flatten();
        }
        None
    }
}

/// The text of each byte of a simple font from its `/Encoding` (standard encoding by default).
///
/// lopdf is asked without the font's `/ToUnicode`: that map was already tried (and found empty
/// or unreadable), and lopdf would decode and parse it again without a bound.
fn simple_table(doc: &Document, dict: &Dictionary) -> Option<Vec<Option<String>>> {
    let mut dict = dict.clone();
    dict.remove(b"ToUnicode");
    let encoding: Encoding<'_> = dict.get_font_encoding(doc).ok()?;
    let table = (0u8..=255)
        .map(|b| {
            let mut s = String::new();
            match encoding.write_to_string(&[b], &mut s) {
                Ok(()) if !s.is_empty() && !s.contains('\u{FFFD}') => Some(s),
                _ => None,
            }
        })
        .collect();
    Some(table)
}
