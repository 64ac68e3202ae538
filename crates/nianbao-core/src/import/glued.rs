//! Splitting glued digit runs back into cells.
//!
//! Crawlers that drop the cell borders turn the row `64 | 0 | 0 | 2 | 0 | 4 | 70` into
//! "640020470". A run can be cut back into cells only where the layout's sum relations leave one
//! reading. [`readings`] lists every reading that fits: numbers never start with a 0 unless they
//! are 0, and every sum relation inside the row holds. The caller decides what a single reading,
//! several readings or none mean.

use crate::layout::CellKind;
use crate::model::Number;

/// A piece of a row as tokenized.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// A value that is certainly one cell (blank = None).
    Fixed(Option<Number>),
    /// A digit run that holds one or more cells: the digits ('.' allowed) and a leading sign.
    Run(String, Option<char>),
}

/// A sum relation among the cells of one row: `sum(parts) == total`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowSum {
    /// Indices of the addends.
    pub parts: Vec<usize>,
    /// Index of the total.
    pub total: usize,
}

/// At most this many readings are collected; more mean "ambiguous" anyway.
pub const MAX_READINGS: usize = 64;

/// The readings found, and whether the search saw them all.
#[derive(Debug, Clone, PartialEq)]
pub struct Readings {
    /// Every reading found (at most [`MAX_READINGS`]).
    pub list: Vec<Vec<Option<Number>>>,
    /// False when the search stopped early: more readings may exist.
    pub complete: bool,
}

/// Lists the readings of `pieces` as exactly `kinds.len()` cells that satisfy every `sums`.
/// Stops after [`MAX_READINGS`] (then `complete` is false).
pub fn readings(pieces: &[Piece], kinds: &[CellKind], sums: &[RowSum]) -> Readings {
    let n = kinds.len();
    let mut out = Vec::new();
    if pieces.is_empty() || pieces.len() > n {
        return Readings { list: out, complete: true };
    }
    // A relation is checked as soon as its last cell is placed.
    let mut check_at: Vec<Vec<&RowSum>> = vec![Vec::new(); n];
    for s in sums {
        let last = s.parts.iter().copied().chain([s.total]).max().unwrap_or(0);
        if last < n {
            check_at[last].push(s);
        }
    }
    let mut cells: Vec<Option<Number>> = Vec::with_capacity(n);
    let mut budget = 200_000usize;
    dfs(pieces, 0, 0, kinds, &check_at, &mut cells, &mut out, &mut budget);
    let complete = out.len() < MAX_READINGS && budget > 0;
    Readings { list: out, complete }
}

#[allow(clippy::too_many_arguments)]
fn dfs(
    pieces: &[Piece],
    piece: usize,
    offset: usize,
    kinds: &[CellKind],
    check_at: &[Vec<&RowSum>],
    cells: &mut Vec<Option<Number>>,
    out: &mut Vec<Vec<Option<Number>>>,
    budget: &mut usize,
) {
    if out.len() >= MAX_READINGS || *budget == 0 {
        return;
    }
    *budget -= 1;
    let n = kinds.len();
    if piece == pieces.len() {
        if cells.len() == n {
            out.push(cells.clone());
        }
        return;
    }
    let k = cells.len();
    if k >= n {
        return;
    }
    // every later piece needs at least one cell
    let later = pieces.len() - piece - 1;
    match &pieces[piece] {
        Piece::Fixed(v) => {
            if offset != 0 {
                return;
            }
            cells.push(*v);
            if holds(cells, &check_at[k]) {
                dfs(pieces, piece + 1, 0, kinds, check_at, cells, out, budget);
            }
            cells.pop();
        }
        Piece::Run(digits, sign) => {
            let rest = &digits[offset..];
            let cells_left = n - k - later;
            for len in 1..=rest.len() {
                let chunk = &rest[..len];
                let last_of_run = len == rest.len();
                if !last_of_run && cells_left <= 1 {
                    continue;
                }
                let Some(v) = cell_value(chunk, if offset == 0 { *sign } else { None }, kinds[k]) else {
                    continue;
                };
                cells.push(Some(v));
                if holds(cells, &check_at[k]) {
                    if last_of_run {
                        dfs(pieces, piece + 1, 0, kinds, check_at, cells, out, budget);
                    } else {
                        dfs(pieces, piece, offset + len, kinds, check_at, cells, out, budget);
                    }
                }
                cells.pop();
            }
        }
    }
}

fn cell_value(chunk: &str, sign: Option<char>, kind: CellKind) -> Option<Number> {
    let b = chunk.as_bytes();
    if b.first() == Some(&b'.') || b.last() == Some(&b'.') {
        return None;
    }
    if sign.is_some() && kind != CellKind::Signed {
        return None;
    }
    if !b.contains(&b'.') {
        // the hot path: an integer, parsed without allocating
        if (b.len() > 1 && b[0] == b'0') || b.len() > 15 {
            return None;
        }
        let v = b.iter().fold(0i64, |v, d| v * 10 + i64::from(d - b'0'));
        return Some(Number::Int(if sign == Some('-') { -v } else { v }));
    }
    let int_part = chunk.split('.').next().unwrap_or("");
    if (int_part.len() > 1 && int_part.starts_with('0')) || kind != CellKind::Money {
        return None;
    }
    Number::parse(chunk)
}

fn holds(cells: &[Option<Number>], sums: &[&RowSum]) -> bool {
    sums.iter().all(|s| {
        let val = |i: usize| cells[i].and_then(Number::as_int).unwrap_or(0);
        if cells[s.total].is_none() {
            return true;
        }
        s.parts.iter().map(|&i| val(i)).sum::<i64>() == val(s.total)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t3_sum() -> Vec<RowSum> {
        vec![RowSum { parts: (0..6).collect(), total: 6 }]
    }

    fn ints(r: &[Option<Number>]) -> Vec<i64> {
        r.iter().map(|v| v.unwrap().as_int().unwrap()).collect()
    }

    #[test]
    fn splits_the_pingtan_row() {
        let r = readings(&[Piece::Run("640020470".into(), None)], &[CellKind::Count; 7], &t3_sum()).list;
        assert_eq!(r.len(), 1);
        assert_eq!(ints(&r[0]), vec![64, 0, 0, 2, 0, 4, 70]);
    }

    #[test]
    fn splits_table_four() {
        let sums: Vec<RowSum> =
            (0..3).map(|g| RowSum { parts: (g * 5..g * 5 + 4).collect(), total: g * 5 + 4 }).collect();
        let r = readings(&[Piece::Run("10203120001200000".into(), None)], &[CellKind::Count; 15], &sums).list;
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(ints(&r[0]), vec![1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn unconstrained_runs_are_ambiguous() {
        let r = readings(&[Piece::Run("693665".into(), None)], &[CellKind::Count; 3], &[]);
        assert!(r.list.len() > 1 && r.complete);
        let r = readings(&[Piece::Run("000".into(), None)], &[CellKind::Count; 3], &[]);
        assert_eq!(r.list.len(), 1);
        let r = readings(&[Piece::Run("1234567891234567".into(), None)], &[CellKind::Count; 8], &[]);
        assert!(r.list.len() == MAX_READINGS && !r.complete);
    }

    #[test]
    fn spaces_are_cell_borders() {
        let pieces = [Piece::Run("230".into(), None), Piece::Run("000023".into(), None)];
        let r = readings(&pieces, &[CellKind::Count; 7], &t3_sum()).list;
        assert_eq!(r.len(), 1);
        assert_eq!(ints(&r[0]), vec![23, 0, 0, 0, 0, 0, 23]);
    }
}
