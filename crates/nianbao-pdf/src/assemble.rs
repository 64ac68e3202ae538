//! Joins the pages' lines into one text: running headers, footers and page numbers dropped,
//! paragraphs re-joined across line and page breaks.

use crate::lines::Line;
use std::collections::HashMap;

/// One page's lines with the page height (for telling header and footer zones).
pub struct PageLines {
    /// Lines top to bottom.
    pub lines: Vec<Line>,
    /// Page height in points, when known.
    pub height: Option<f64>,
}

/// Whether a line's text is a page number: "— 3 —", "- 3 -", "第3页", "第 3 页 共 7 页", "3/7", "3".
pub fn is_page_number(text: &str) -> bool {
    if text.contains('|') {
        return false;
    }
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let dashes = |c: char| "-—–－‐―_·•".contains(c);
    let core = t.trim_matches(dashes);
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if digits(core) {
        return true;
    }
    if let Some(rest) = core.strip_prefix('第') {
        if let Some((n, tail)) = rest.split_once('页') {
            let tail_ok = tail.is_empty()
                || tail.strip_prefix('共').and_then(|s| s.strip_suffix('页')).is_some_and(digits)
                || tail
                    .strip_prefix('，')
                    .or(tail.strip_prefix(','))
                    .is_some_and(|s| s.strip_prefix('共').and_then(|s| s.strip_suffix('页')).is_some_and(digits));
            return digits(n) && tail_ok;
        }
    }
    if let Some((a, b)) = core.split_once('/') {
        return digits(a) && digits(b);
    }
    false
}

/// The text with its digits replaced, so that "第3页" and "第4页" compare equal.
fn shape(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}

/// Whether `line` is in the top or bottom eighth of its page (or is its first/last line when
/// the height is unknown).
fn in_margin(page: &PageLines, i: usize) -> bool {
    let n = page.lines.len();
    match page.height {
        Some(h) if h > 0.0 => {
            let y = page.lines[i].y;
            (y > h * 7.0 / 8.0 || y < h / 8.0) && (i < 2 || i + 2 >= n)
        }
        _ => i == 0 || i + 1 == n,
    }
}

/// Drops page numbers and lines repeated at the same place on most pages.
fn drop_furniture(pages: &mut [PageLines]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in pages.iter() {
        let mut shapes: Vec<String> =
            (0..page.lines.len()).filter(|&i| in_margin(page, i)).map(|i| shape(&page.lines[i].text)).collect();
        shapes.sort();
        shapes.dedup();
        for s in shapes {
            *seen.entry(s).or_default() += 1;
        }
    }
    let n_pages = pages.len();
    let repeated = |s: &str| n_pages >= 3 && seen.get(s).is_some_and(|&k| k * 3 >= n_pages * 2);
    for page in pages.iter_mut() {
        let keep: Vec<bool> = (0..page.lines.len())
            .map(|i| {
                let text = &page.lines[i].text;
                !(in_margin(page, i) && (is_page_number(text) || repeated(&shape(text))))
            })
            .collect();
        let mut k = keep.iter();
        page.lines.retain(|_| *k.next().unwrap_or(&true));
    }
}

/// Whether a line opens a new block: a heading, a list item, a table title.
fn opens_block(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars();
    let first = chars.next();
    let second = chars.next();
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    match (first, second) {
        (Some('（' | '(' | '【' | '〔' | '第' | '附' | '表'), _) => true,
        (Some(c), Some('、' | '.' | '．' | '，')) if numeral(c) || c.is_ascii_digit() => true,
        (Some(c), _) if numeral(c) && t.chars().take(4).any(|c| c == '、') => true,
        _ => false,
    }
}

/// The outermost value `v` (largest first) that at least three of the `(edge, tolerance)` pairs
/// reach: `|edge - v| <= tolerance`. The candidates are the edges themselves.
///
/// Counted with the intervals `[edge - tolerance, edge + tolerance]` sorted by their ends, so
/// that a document of a million lines takes n log n, not n² comparisons.
fn outermost_reached_by_three(pairs: &[(f64, f64)]) -> Option<f64> {
    let mut starts: Vec<f64> = pairs.iter().map(|&(e, t)| e - t).collect();
    let mut ends: Vec<f64> = pairs.iter().map(|&(e, t)| e + t).collect();
    starts.sort_by(f64::total_cmp);
    ends.sort_by(f64::total_cmp);
    let mut vals: Vec<f64> = pairs.iter().map(|&(e, _)| e).collect();
    vals.sort_by(|a, b| b.total_cmp(a));
    // Intervals holding v: those starting at or before it, less those ending before it.
    let holding = |v: f64| starts.partition_point(|&s| s <= v) - ends.partition_point(|&e| e < v);
    vals.into_iter().find(|&v| holding(v) >= 3)
}

/// The text column of the document: the leftmost start and the rightmost end that at least
/// three body lines reach (within half an em), so that a stray line does not widen it.
fn margins(pages: &[PageLines]) -> Option<(f64, f64)> {
    let body: Vec<&Line> =
        pages.iter().flat_map(|p| p.lines.iter()).filter(|l| !l.cells && l.text.chars().count() >= 8).collect();
    let reached = |edge: fn(&Line) -> f64, outward: f64| -> Option<f64> {
        let pairs: Vec<(f64, f64)> = body.iter().map(|l| (edge(l) * outward, 0.5 * l.size)).collect();
        outermost_reached_by_three(&pairs).map(|v| v * outward)
    };
    let left = reached(|l| l.x0, -1.0)?;
    let right = reached(|l| l.x1, 1.0)?;
    (right > left).then_some((left, right))
}

/// Joins all pages into one text, one line per visual line except where a paragraph runs on.
pub fn assemble(mut pages: Vec<PageLines>) -> String {
    drop_furniture(&mut pages);
    let margins = margins(&pages);
    let lines: Vec<&Line> = pages.iter().flat_map(|p| p.lines.iter()).collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(&line.text);
        let Some(next) = lines.get(i + 1) else { break };
        let runs_on = margins.is_some_and(|(left, right)| {
            let em = line.size.max(next.size);
            !line.cells
                && !next.cells
                && line.x1 >= right - 1.5 * em
                && (next.x0 - left).abs() < 0.5 * em
                && (line.size - next.size).abs() < 0.5
                && !opens_block(&next.text)
        });
        if !runs_on {
            out.push('\n');
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quadratic count the margins were first found with.
    fn outermost_by_counting(pairs: &[(f64, f64)]) -> Option<f64> {
        let mut vals: Vec<f64> = pairs.iter().map(|&(e, _)| e).collect();
        vals.sort_by(|a, b| b.total_cmp(a));
        vals.into_iter().find(|&v| pairs.iter().filter(|&&(e, t)| (e - v).abs() <= t).count() >= 3)
    }

    #[test]
    fn margins_counted_by_intervals_as_by_counting() {
        let mut x = 7u64;
        for n in [0, 2, 3, 10, 200] {
            let pairs: Vec<(f64, f64)> = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    ((x % 40) as f64 * 0.5 - 90.0, [5.0, 6.0, 7.5][(x % 3) as usize])
                })
                .collect();
            assert_eq!(outermost_reached_by_three(&pairs), outermost_by_counting(&pairs), "{pairs:?}");
        }
    }

    #[test]
    fn page_numbers() {
        for t in ["— 3 —", "- 3 -", "-12-", "第3页", "第 3 页 共 7 页", "3/7", "3", "－ 2 －"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["3 | 0 | 3", "第三页", "二、主动公开", "2024年", "12345"] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
