//! Strings made safe for a spreadsheet cell.
//!
//! Text scraped from published pages may hold control characters, which are not allowed in
//! XML 1.0, and strings of any length. A cell gets the text with control characters made
//! visible as every other output shows them ([`printable`]: ESC → ␛, the noncharacters
//! U+FFFE/U+FFFF → U+FFFD; tab and line feed kept, a carriage return before a line feed
//! dropped), a literal `_xHHHH_` protected (Excel and LibreOffice would read it as an escaped
//! character), and at most [`MAX_UNITS`] UTF-16 code units (Excel's limit, which counts a
//! character outside the Basic Multilingual Plane, such as 𠀀, as two), the cut marked with "…".
//! Strings are always written as text cells, so "=SUM(A1)" stays the text it is.

use nianbao_core::text::printable;

/// The most UTF-16 code units a cell holds (Excel's limit of 32,767 "characters").
pub const MAX_UNITS: usize = 32_767;

/// The text as it can be stored in a cell.
pub fn clean(s: &str) -> String {
    let visible = printable(s);
    let chars: Vec<char> = visible.chars().collect();
    let mut out = String::with_capacity(visible.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' && is_escape_at(&chars, i) {
            out.push_str("_x005F");
        }
        out.push(c);
    }
    if out.encode_utf16().count() > MAX_UNITS {
        // keep whole characters up to one unit less than the limit, then the mark of the cut
        let mut units = 0;
        let end = out
            .char_indices()
            .find(|(_, c)| {
                units += c.len_utf16();
                units > MAX_UNITS - 1
            })
            .map_or(out.len(), |(i, _)| i);
        out.truncate(end);
        out.push('…');
    }
    out
}

/// Whether `_xHHHH_` starts at `at`.
fn is_escape_at(chars: &[char], at: usize) -> bool {
    let Some(w) = chars.get(at..at + 7) else { return false };
    w[0] == '_' && w[1] == 'x' && w[2..6].iter().all(|c| c.is_ascii_hexdigit()) && w[6] == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_made_visible_and_line_breaks_kept() {
        assert_eq!(clean("表三\u{0}\u{1b}合计\r\n第二行\t完"), "表三␀␛合计\n第二行\t完");
        assert_eq!(clean("a\u{FFFE}b\u{FFFF}"), "a\u{FFFD}b\u{FFFD}");
    }

    #[test]
    fn literal_escapes_are_protected() {
        assert_eq!(clean("_x0041_"), "_x005F_x0041_");
        assert_eq!(clean("_x00G1_ 与 _x"), "_x00G1_ 与 _x");
    }

    #[test]
    fn long_text_is_cut_to_the_cell_limit() {
        let long = "字".repeat(MAX_UNITS + 10);
        let c = clean(&long);
        assert_eq!(c.chars().count(), MAX_UNITS);
        assert!(c.ends_with('…'));
        let exact = "字".repeat(MAX_UNITS);
        assert_eq!(clean(&exact), exact);
    }

    #[test]
    fn characters_outside_the_bmp_count_two_units() {
        // 20,000 × 𠀀 is 20,000 characters but 40,000 UTF-16 units: over Excel's limit
        let wide = "𠀀".repeat(20_000);
        let c = clean(&wide);
        assert!(c.encode_utf16().count() <= MAX_UNITS, "{}", c.encode_utf16().count());
        assert!(c.ends_with('…') && c.starts_with("𠀀𠀀"));
        assert_eq!(c.chars().filter(|&ch| ch == '𠀀').count(), (MAX_UNITS - 1) / 2, "whole characters kept");
        let exact = format!("{}a", "𠀀".repeat((MAX_UNITS - 1) / 2));
        assert_eq!(clean(&exact), exact, "exactly at the limit stays whole");
    }
}
