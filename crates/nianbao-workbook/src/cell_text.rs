//! Strings made safe for a spreadsheet cell.
//!
//! Text scraped from published pages may hold control characters, which are not allowed in
//! XML 1.0, and strings of any length. A cell gets the text with control characters removed
//! (tab and line feed kept, a carriage return dropped), the noncharacters U+FFFE/U+FFFF
//! removed, a literal `_xHHHH_` protected (Excel and LibreOffice would read it as an escaped
//! character), and at most [`MAX_CHARS`] characters (Excel's limit), the cut marked with "…".
//! Strings are always written as text cells, so "=SUM(A1)" stays the text it is.

/// The most characters a cell holds (Excel's limit).
pub const MAX_CHARS: usize = 32_767;

/// The text as it can be stored in a cell.
pub fn clean(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if (c.is_control() && c != '\t' && c != '\n') || c == '\u{FFFE}' || c == '\u{FFFF}' {
            continue;
        }
        if c == '_' && is_escape_at(&chars, i) {
            out.push_str("_x005F");
        }
        out.push(c);
    }
    if out.chars().count() > MAX_CHARS {
        out = out.chars().take(MAX_CHARS - 1).collect();
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
    fn control_characters_are_removed_and_line_breaks_kept() {
        assert_eq!(clean("表三\u{0}\u{1b}合计\r\n第二行\t完"), "表三合计\n第二行\t完");
        assert_eq!(clean("a\u{FFFE}b\u{FFFF}"), "ab");
    }

    #[test]
    fn literal_escapes_are_protected() {
        assert_eq!(clean("_x0041_"), "_x005F_x0041_");
        assert_eq!(clean("_x00G1_ 与 _x"), "_x00G1_ 与 _x");
    }

    #[test]
    fn long_text_is_cut_to_the_cell_limit() {
        let long = "字".repeat(MAX_CHARS + 10);
        let c = clean(&long);
        assert_eq!(c.chars().count(), MAX_CHARS);
        assert!(c.ends_with('…'));
        let exact = "字".repeat(MAX_CHARS);
        assert_eq!(clean(&exact), exact);
    }
}
