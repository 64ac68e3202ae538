//! From positioned characters to the lines of one page, in reading order, with the cells of a
//! table row separated by ` | `.
//!
//! Where the page draws table borders, a line's cells are the spaces between the vertical
//! borders that cross it, and a blank cell in a column that holds numbers is kept as an empty
//! cell (`| 3 |  | 5 |`), so that the importer knows which cell is blank. Without borders, cells
//! are told apart by wide gaps.
//!
//! Looking up the borders of each row is charged to the page's [`Steps`]: a page of thousands of
//! rows and thousands of borders ends the reading instead of cutting billions of cells.

use crate::budget::{Exceeded, Steps};
use crate::interp::{Glyph, Rule};
use std::collections::{BTreeMap, BTreeSet};

/// A gap wider than this many ems between two characters on one line separates two cells.
const CELL_GAP_EM: f64 = 1.5;
/// Two numbers further apart than this many ems are two cells (a number never holds a space).
const DIGIT_GAP_EM: f64 = 0.25;
/// Baselines closer than this many ems are one line.
const SAME_LINE_EM: f64 = 0.3;
/// What a character whose text the font does not give is shown as.
const UNKNOWN: &str = "\u{FFFD}";
/// Borders closer than this (points) are one.
const SAME_RULE: f64 = 2.0;
/// The steps a cell costs when it is cut: it is kept (with its text) until the page is done, so
/// it weighs more than a border looked at.
const CELL_STEPS: usize = 8;

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
    /// Whether the line has more than one cell or lies inside a ruled table.
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

/// Whether a cell's text is one number as tables print them ("12", "-3", "+4", "96171.6").
///
/// A number read by OCR carries a mark after it (a private-use character, see
/// `nianbao_core::text::ocr_mark`); a number cell the OCR could not read is `?` and a mark.
fn is_number(t: &str) -> bool {
    let trimmed = t.trim();
    let t = trimmed.trim_end_matches(|c: char| ('\u{E000}'..='\u{E0FF}').contains(&c));
    if t == "?" && t.len() < trimmed.len() {
        return true;
    }
    let t = t.trim_start_matches(['+', '-']);
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.') && t.starts_with(|c: char| c.is_ascii_digit())
}

/// A row of glyphs on one baseline, left to right, each character once.
struct Row<'a> {
    glyphs: Vec<&'a Glyph>,
    y: f64,
    size: f64,
}

impl Row<'_> {
    fn mid(&self) -> f64 {
        self.y + 0.3 * self.size
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn rows(glyphs: &[Glyph]) -> Vec<Row<'_>> {
    let mut gs: Vec<&Glyph> = glyphs.iter().filter(|g| g.text.as_deref().is_none_or(|t| !is_blank(t))).collect();
    gs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    for g in gs {
        match groups.last_mut() {
            Some(row) if (row[0].y - g.y).abs() <= SAME_LINE_EM * row[0].size.max(g.size).max(1.0) => row.push(g),
            _ => groups.push(vec![g]),
        }
    }
    groups
        .into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            let size = median(row.iter().map(|g| g.size).collect()).max(1.0);
            let y = row[0].y;
            let mut kept: Vec<&Glyph> = Vec::with_capacity(row.len());
            for g in row {
                // The same character drawn again over itself (fake bold) is one character.
                let twice = kept
                    .last()
                    .is_some_and(|p: &&Glyph| p.text == g.text && (g.x - p.x).abs() < 0.3 * p.w.max(0.1 * size));
                if !twice {
                    kept.push(g);
                }
            }
            Row { glyphs: kept, y, size }
        })
        .collect()
}

/// The text of glyphs in a row; with `split`, wide gaps become cell separators.
fn join(glyphs: &[&Glyph], size: f64, split: bool) -> (String, bool) {
    let mut text = String::new();
    let mut cells = false;
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        // A character the font cannot name stays visible as U+FFFD: a number holding it is not
        // read as a number, so a digit is never lost silently.
        let t = g.text.as_deref().unwrap_or(UNKNOWN);
        if let Some(p) = prev {
            let gap = g.x - (p.x + p.w);
            let digits = ends_with_digit(&text) && t.starts_with(|c: char| c.is_ascii_digit());
            if split && (gap > CELL_GAP_EM * size || (digits && gap > DIGIT_GAP_EM * size)) {
                text.push_str(" | ");
                cells = true;
            } else if gap > 0.2 * size && ascii_word(text.chars().last()) && ascii_word(t.chars().next()) {
                text.push(' ');
            }
        }
        text.push_str(t);
        prev = Some(g);
    }
    (text, cells)
}

/// The x positions of the vertical borders crossing height `y`, left to right.
fn borders_at(rules: &[Rule], y: f64, steps: &mut Steps) -> Result<Vec<f64>, Exceeded> {
    steps.take(rules.len())?;
    let mut xs: Vec<f64> =
        rules.iter().filter(|r| r.vertical && r.from - 1.0 <= y && y <= r.to + 1.0).map(|r| r.at).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < SAME_RULE);
    Ok(xs)
}

/// A cell interval, in whole points, as a key.
type Span = (i64, i64);

fn span(a: f64, b: f64) -> Span {
    (a.round() as i64, b.round() as i64)
}

/// A row cut into the cells between the borders crossing it.
struct RuledRow {
    cells: Vec<(Span, String)>,
}

/// Cuts a row at the borders `xs` (sorted): each character goes to the cell its middle is in.
fn cut(row: &Row<'_>, xs: &[f64], steps: &mut Steps) -> Result<RuledRow, Exceeded> {
    let mut bounds = vec![f64::NEG_INFINITY];
    bounds.extend_from_slice(xs);
    bounds.push(f64::INFINITY);
    steps.take(bounds.len().saturating_mul(CELL_STEPS) + row.glyphs.len())?;
    let mut inside: Vec<Vec<&Glyph>> = vec![Vec::new(); bounds.len() - 1];
    for g in &row.glyphs {
        let mid = g.x + g.w / 2.0;
        // The cell [bounds[k], bounds[k + 1]) holding `mid`: k is one less than the number of
        // bounds not above it.
        let k = bounds.partition_point(|&b| b <= mid);
        if let Some(cell) = k.checked_sub(1).and_then(|k| inside.get_mut(k)) {
            cell.push(g);
        }
    }
    let cells = bounds
        .windows(2)
        .zip(inside)
        .filter_map(|(w, inside)| {
            let outer = w[0].is_infinite() || w[1].is_infinite();
            if outer && inside.is_empty() {
                return None;
            }
            Some((span(w[0].max(-1e6), w[1].min(1e6)), join(&inside, row.size, false).0))
        })
        .collect();
    Ok(RuledRow { cells })
}

/// The horizontal borders below and above a table row (whole points), where there are any.
type Band = (Option<i64>, Option<i64>);

/// The horizontal borders just above and below height `y` at `x` (the row band of a table).
fn band(rules: &[Rule], x: f64, y: f64, steps: &mut Steps) -> Result<Band, Exceeded> {
    steps.take(rules.len())?;
    let crossing = rules.iter().filter(|r| !r.vertical && r.from - 1.0 <= x && x <= r.to + 1.0);
    let (mut below, mut above): (Option<f64>, Option<f64>) = (None, None);
    for r in crossing {
        if r.at < y {
            below = Some(below.map_or(r.at, |b: f64| b.max(r.at)));
        } else {
            above = Some(above.map_or(r.at, |a: f64| a.min(r.at)));
        }
    }
    Ok((below.map(|v| v.round() as i64), above.map(|v| v.round() as i64)))
}

/// The cells of consecutive rows in one row band, each cell's lines joined top to bottom, left
/// to right.
fn merge(rows: &[&RuledRow]) -> Vec<(Span, String)> {
    let mut cells: BTreeMap<Span, String> = BTreeMap::new();
    for r in rows {
        for (s, t) in &r.cells {
            cells.entry(*s).or_default().push_str(t);
        }
    }
    cells.into_iter().collect()
}

/// A row cut at the borders crossing it, with its row band; `None` when fewer than two borders
/// cross it.
fn ruled_row(row: &Row<'_>, rules: &[Rule], steps: &mut Steps) -> Result<Option<(RuledRow, Band)>, Exceeded> {
    let xs = borders_at(rules, row.mid(), steps)?;
    if xs.len() < 2 {
        return Ok(None);
    }
    // The band is read at the last column, which every row of a table has.
    let x = (xs[xs.len() - 2] + xs[xs.len() - 1]) / 2.0;
    Ok(Some((cut(row, &xs, steps)?, band(rules, x, row.mid(), steps)?)))
}

/// Groups the characters of a page into lines, top to bottom, each left to right; the rows of a
/// ruled table become one line per table row. The table work is charged to `steps`.
pub fn page_lines(glyphs: &[Glyph], rules: &[Rule], steps: &mut Steps) -> Result<Vec<Line>, Exceeded> {
    let rows = rows(glyphs);
    let ruled = rows.iter().map(|row| ruled_row(row, rules, steps)).collect::<Result<Vec<_>, _>>()?;
    // Columns that hold numbers somewhere on the page: a blank there is an empty cell.
    let numeric: BTreeSet<Span> = ruled
        .iter()
        .flatten()
        .flat_map(|(r, _)| r.cells.iter().filter(|(_, t)| is_number(t)).map(|(s, _)| *s))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let row = &rows[i];
        let x0 = row.glyphs.first().map_or(0.0, |g| g.x);
        let x1 = row.glyphs.iter().map(|g| g.x + g.w).fold(x0, f64::max);
        let Some((_, key)) = &ruled[i] else {
            let (text, cells) = join(&row.glyphs, row.size, true);
            out.push(Line { text, x0, x1, y: row.y, size: row.size, cells });
            i += 1;
            continue;
        };
        let mut group: Vec<&RuledRow> = Vec::new();
        let mut j = i;
        while let Some(Some((r, k))) = ruled.get(j) {
            if k != key || (key.0.is_none() && key.1.is_none() && j > i) {
                break;
            }
            group.push(r);
            j += 1;
        }
        let cells = merge(&group);
        let in_numeric = |s: &Span| numeric.contains(s);
        let numbers = cells.iter().any(|(_, t)| is_number(t));
        // Where the labels end: blank cells right of the last word cell are number cells.
        let words_end = cells.iter().filter(|(_, t)| !t.is_empty() && !is_number(t)).map(|(s, _)| s.1).max();
        let first_numeric = cells.iter().find(|(s, _)| in_numeric(s)).map(|(s, _)| s.0);
        let keep_blank = |s: &Span| {
            if numbers {
                in_numeric(s) || words_end.is_none_or(|end| s.0 >= end)
            } else {
                // A labelled row whose number cells are all blank shows its blanks (those of
                // columns with no number on the page too: a column blank on the whole page);
                // a heading row (words over the number columns) does not.
                words_end.zip(first_numeric).is_some_and(|(end, first)| end <= first && s.0 >= end)
            }
        };
        let kept: Vec<&str> =
            cells.iter().filter(|(s, t)| !t.is_empty() || keep_blank(s)).map(|(_, t)| t.as_str()).collect();
        let text =
            if kept.iter().any(|c| c.is_empty()) { format!("| {} |", kept.join(" | ")) } else { kept.join(" | ") };
        if !text.trim().is_empty() {
            out.push(Line { text, x0, x1, y: row.y, size: row.size, cells: true });
        }
        i = j;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_lines(glyphs: &[Glyph], rules: &[Rule]) -> Vec<Line> {
        super::page_lines(glyphs, rules, &mut Steps::unlimited()).unwrap()
    }

    fn g(x: f64, y: f64, t: &str) -> Glyph {
        Glyph { x, y, w: 10.0, size: 10.0, text: Some(t.to_string()) }
    }

    fn v(at: f64) -> Rule {
        Rule { vertical: true, at, from: 600.0, to: 720.0 }
    }

    fn h(at: f64) -> Rule {
        Rule { vertical: false, at, from: 90.0, to: 400.0 }
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
        let lines = page_lines(&glyphs, &[]);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "表");
        assert_eq!(lines[1].text, "规章 | 1 | 0 | 72");
        assert!(lines[1].cells);
    }

    #[test]
    fn an_unknown_character_is_kept_as_a_replacement_mark() {
        let mut glyphs = vec![g(100.0, 700.0, "1"), g(110.0, 700.0, "2")];
        glyphs[1].text = None;
        assert_eq!(page_lines(&glyphs, &[])[0].text, "1\u{FFFD}");
    }

    #[test]
    fn ruled_cells_keep_blanks_in_number_columns() {
        // Columns: label 90–180, then 180–250, 250–320, 320–400.
        let rules = [v(90.0), v(180.0), v(250.0), v(320.0), v(400.0), h(690.0), h(710.0), h(670.0), h(650.0)];
        let glyphs = vec![
            g(100.0, 695.0, "甲"),
            g(200.0, 695.0, "3"),
            g(340.0, 695.0, "5"),
            g(100.0, 675.0, "乙"),
            g(100.0, 655.0, "丙"),
            g(270.0, 655.0, "7"),
        ];
        let lines = page_lines(&glyphs, &rules);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["| 甲 | 3 |  | 5 |", "| 乙 |  |  |  |", "| 丙 |  | 7 |  |"]);
    }

    #[test]
    fn a_number_wrapped_in_a_narrow_cell_is_one_number() {
        let rules = [v(90.0), v(180.0), v(250.0), h(690.0), h(720.0)];
        let glyphs = vec![g(100.0, 705.0, "甲"), g(200.0, 705.0, "2"), g(210.0, 705.0, "8"), g(200.0, 695.0, "2")];
        let texts: Vec<String> = page_lines(&glyphs, &rules).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["甲 | 282"]);
    }
}
