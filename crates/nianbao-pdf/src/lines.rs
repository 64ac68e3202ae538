//! From positioned characters to the lines of one page, in reading order, with the cells of a
//! table row separated by ` | `.

use crate::interp::Glyph;

/// A gap wider than this many ems between two characters on one line separates two cells.
const CELL_GAP_EM: f64 = 1.5;
/// Two numbers further apart than this many ems are two cells (a number never holds a space).
const DIGIT_GAP_EM: f64 = 0.25;
/// Baselines closer than this many ems are one line.
const SAME_LINE_EM: f64 = 0.3;

/// One visual line of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The line's text; cells separated by ` | `.
    pub text: String,
    /// Left edge of the first character.
    pub x0: f64,
    /// Right edge of the last character.
    pub x1: f64,
    /// Baseline (page space, y up).
    pub y: f64,
    /// The most common font size on the line.
    pub size: f64,
    /// Whether the line has more than one cell.
    pub cells: bool,
}

fn is_blank(t: &str) -> bool {
    t.chars().all(|c| c.is_whitespace() || c == '\u{3000}')
}

fn ends_with_digit(text: &str) -> bool {
    text.chars().last().is_some_and(|c| c.is_ascii_digit())
}

/// Whether a space between two characters is a real word space: between Latin letters and
/// digits only (the narrow gap between a Chinese character and a digit is typesetting).
fn ascii_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || ".,;:%()".contains(c))
}

/// Groups the characters of a page into lines, top to bottom, each left to right.
pub fn page_lines(glyphs: &[Glyph]) -> Vec<Line> {
    let mut gs: Vec<&Glyph> = glyphs.iter().filter(|g| g.text.as_deref().is_some_and(|t| !is_blank(t))).collect();
    gs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for g in gs {
        match rows.last_mut() {
            Some(row) if (row[0].y - g.y).abs() <= SAME_LINE_EM * row[0].size.max(g.size).max(1.0) => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter().map(build_line).collect()
}

fn build_line(mut row: Vec<&Glyph>) -> Line {
    row.sort_by(|a, b| a.x.total_cmp(&b.x));
    let size = median(row.iter().map(|g| g.size).collect()).max(1.0);
    let mut text = String::new();
    let mut cells = false;
    let mut prev: Option<&Glyph> = None;
    for g in &row {
        let t = g.text.as_deref().unwrap_or_default();
        if let Some(p) = prev {
            // The same character drawn again over itself (fake bold) is one character.
            if p.text == g.text && (g.x - p.x).abs() < 0.3 * p.w.max(0.1 * size) {
                continue;
            }
            let gap = g.x - (p.x + p.w);
            let digits = ends_with_digit(&text) && t.starts_with(|c: char| c.is_ascii_digit());
            if gap > CELL_GAP_EM * size || (digits && gap > DIGIT_GAP_EM * size) {
                text.push_str(" | ");
                cells = true;
            } else if gap > 0.2 * size && ascii_word(text.chars().last()) && ascii_word(t.chars().next()) {
                text.push(' ');
            }
        }
        text.push_str(t);
        prev = Some(g);
    }
    let x0 = row.first().map_or(0.0, |g| g.x);
    let x1 = row.iter().map(|g| g.x + g.w).fold(x0, f64::max);
    Line { text, x0, x1, y: row[0].y, size, cells }
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(x: f64, y: f64, t: &str) -> Glyph {
        Glyph { x, y, w: 10.0, size: 10.0, text: Some(t.to_string()) }
    }

    #[test]
    fn lines_top_down_cells_by_wide_gaps() {
        let glyphs = vec![
            g(100.0, 700.0, "规"),
            g(110.0, 700.5, "章"),
            g(200.0, 700.0, "1"),
            g(20.0, 720.0, "表"),
            g(300.0, 699.8, "0"),
            g(300.3, 699.8, "0"),
            g(314.0, 700.0, "7"),
            g(324.0, 700.0, "2"),
        ];
        let lines = page_lines(&glyphs);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "表");
        assert_eq!(lines[1].text, "规章 | 1 | 0 | 72");
        assert!(lines[1].cells);
    }
}
