//! Reading the values of one row from its tokens.

use super::glued::{readings, Piece, RowSum};
use super::tokens::{Token, TokenKind};
use crate::layout::CellKind;
use crate::model::Number;

/// How the cells of a row were told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// As printed: one value per cell.
    Printed,
    /// Glued digits, split in the one way the row's own sums allow (or the only way at all).
    RowSums,
    /// Glued digits, one digit per cell: the digit count leaves one reading, whatever the sums.
    DigitCount,
    /// Glued digits that the row's sums could not split; the table's column relations chose.
    Columns,
}

impl Split {
    /// Whether the digits were glued and had to be split.
    pub fn inferred(self) -> bool {
        self != Split::Printed
    }
}

/// What the tokens of one row segment say.
#[derive(Debug, Clone, PartialEq)]
pub enum RowRead {
    /// Exactly one reading; `split` says how glued digits were split, if they were.
    Values {
        /// The cells (None = blank).
        cells: Vec<Option<Number>>,
        /// Units written after money values, by cell index.
        units: Vec<Option<&'static str>>,
        /// How the cells were told apart.
        split: Split,
    },
    /// Several full printed rows of values (labels and numbers out of step in the source).
    Groups(Vec<Vec<Option<Number>>>),
    /// Glued digits with several readings: resolved with other rows.
    Candidates {
        /// Every reading that fits (all of them: an incomplete list is never a candidate list).
        readings: Vec<Vec<Option<Number>>>,
        /// The digits as printed, for messages.
        raw: String,
        /// True when no reading fits the row's own sums: these readings break them, and only the
        /// column relations can choose.
        loose: bool,
    },
    /// No value at all.
    Empty,
    /// Values that cannot be read: the reason, in Chinese, and the raw text.
    Unreadable {
        /// Why.
        reason: String,
        /// What was there.
        raw: String,
    },
}

fn raw_of(vals: &[&Token]) -> String {
    vals.iter()
        .map(|t| match &t.kind {
            TokenKind::Num { digits, sign, unit, .. } => {
                format!("{}{}{}", sign.map(String::from).unwrap_or_default(), digits, unit.unwrap_or(""))
            }
            TokenKind::Blank => "（空）".to_string(),
            TokenKind::Text => String::new(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn value_of(t: &Token) -> Result<(Option<Number>, Option<&'static str>), ()> {
    match &t.kind {
        TokenKind::Blank => Ok((None, None)),
        TokenKind::Num { digits, sign, unit, .. } => {
            let n = match sign {
                None => Number::parse(digits),
                Some(sign) => Number::parse(&format!("{sign}{digits}")),
            };
            n.map(|n| (Some(n), *unit)).ok_or(())
        }
        TokenKind::Text => Err(()),
    }
}

/// Drops blanks at the ends while there are more than `n` values: trailing first, then leading.
fn trim_blanks(vals: &mut Vec<&Token>, n: usize) {
    while vals.len() > n && vals.last().is_some_and(|t| t.kind == TokenKind::Blank) {
        vals.pop();
    }
    while vals.len() > n && vals.first().is_some_and(|t| t.kind == TokenKind::Blank) {
        vals.remove(0);
    }
}

/// Reads `kinds.len()` cells from the tokens of a row segment, using `sums` to split glued runs.
pub fn read_row(tokens: &[Token], kinds: &[CellKind], sums: &[RowSum]) -> RowRead {
    let n = kinds.len();
    let mut vals: Vec<&Token> = tokens.iter().filter(|t| t.is_value()).collect();
    trim_blanks(&mut vals, n);
    if vals.iter().all(|t| t.kind == TokenKind::Blank) {
        return if vals.len() == n { direct(&vals, kinds) } else { RowRead::Empty };
    }
    if vals.len() == n {
        return direct(&vals, kinds);
    }
    if vals.len() > n {
        return split_lines(&vals, kinds);
    }
    // fewer tokens than cells: glued digits?
    let mut pieces = Vec::new();
    for t in &vals {
        match &t.kind {
            TokenKind::Blank => pieces.push(Piece::Fixed(None)),
            TokenKind::Num { digits, sign, single: true, .. } => {
                let v = Number::parse(&format!("{}{}", sign.map(String::from).unwrap_or_default(), digits));
                if v.is_none() {
                    // a cell that holds something but no number (an OCR `?`): never a blank
                    return RowRead::Unreadable { reason: "无法识别的数值".to_string(), raw: raw_of(&vals) };
                }
                pieces.push(Piece::Fixed(v));
            }
            TokenKind::Num { digits, sign, .. } => pieces.push(Piece::Run(digits.clone(), *sign)),
            TokenKind::Text => {}
        }
    }
    let raw = raw_of(&vals);
    if !pieces.iter().any(|p| matches!(p, Piece::Run(..))) {
        return RowRead::Unreadable { reason: format!("应有{n}个数，只找到{}个", vals.len()), raw };
    }
    let units = unit_positions(&vals, n);
    let strict = readings(&pieces, kinds, sums);
    let mut found = strict.list;
    found.dedup();
    if found.len() == 1 {
        let split = if sums.is_empty() { Split::DigitCount } else { Split::RowSums };
        return RowRead::Values { cells: found.pop().unwrap_or_default(), units, split };
    }
    if found.len() > 1 {
        if !strict.complete {
            return too_many(raw);
        }
        return RowRead::Candidates { readings: found, raw, loose: false };
    }
    // no reading keeps the row's sums: the report is wrong, or the digits are not what they seem.
    // One digit per cell is read as printed; otherwise the table's other relations may choose.
    let loose = readings(&pieces, kinds, &[]);
    let mut any = loose.list;
    any.dedup();
    if any.len() == 1 {
        return RowRead::Values { cells: any.pop().unwrap_or_default(), units, split: Split::DigitCount };
    }
    if !sums.is_empty() && any.len() > 1 && loose.complete {
        return RowRead::Candidates { readings: any, raw, loose: true };
    }
    if any.len() > 1 && !loose.complete {
        return too_many(raw);
    }
    RowRead::Unreadable {
        reason: if sums.is_empty() {
            format!("数字粘连，无法拆成{n}个数")
        } else {
            "数字粘连，且没有一种拆分能满足本行的合计关系".to_string()
        },
        raw,
    }
}

fn too_many(raw: String) -> RowRead {
    RowRead::Unreadable {
        reason: format!("数字粘连，可拆法超过{}种，无法确定", super::glued::MAX_READINGS), raw
    }
}

fn unit_positions(vals: &[&Token], n: usize) -> Vec<Option<&'static str>> {
    // a unit can only be placed when it sits on the last value of the row
    let mut units = vec![None; n];
    if let Some(TokenKind::Num { unit: Some(u), .. }) = vals.last().map(|t| &t.kind) {
        units[n - 1] = Some(*u);
    }
    units
}

fn direct(vals: &[&Token], kinds: &[CellKind]) -> RowRead {
    let mut cells = Vec::with_capacity(vals.len());
    let mut units = Vec::with_capacity(vals.len());
    for (t, kind) in vals.iter().zip(kinds) {
        match value_of(t) {
            Ok((v, u)) => {
                if v.is_some_and(|v| matches!(v, Number::Dec { .. })) && *kind != CellKind::Money {
                    return RowRead::Unreadable {
                        reason: "计数单元格中出现小数".to_string(), raw: raw_of(vals)
                    };
                }
                cells.push(v);
                units.push(u);
            }
            Err(()) => return RowRead::Unreadable { reason: "无法识别的数值".to_string(), raw: raw_of(vals) },
        }
    }
    RowRead::Values { cells, units, split: Split::Printed }
}

/// More values than cells: several printed rows of values in one segment, or stray numbers.
fn split_lines(vals: &[&Token], kinds: &[CellKind]) -> RowRead {
    let n = kinds.len();
    let mut groups: Vec<Vec<&Token>> = Vec::new();
    for t in vals {
        match groups.last_mut() {
            Some(g) if g[0].line == t.line => g.push(t),
            _ => groups.push(vec![t]),
        }
    }
    // Every line must be a full row of values or a stray number or two left by the conversion.
    let mut full: Vec<Vec<&Token>> = Vec::new();
    for mut g in groups {
        trim_blanks(&mut g, n);
        if g.len() == n {
            full.push(g);
        } else if g.len() > 2 || n <= 2 {
            full.clear();
            break;
        }
    }
    if !full.is_empty() {
        let mut out = Vec::new();
        for g in &full {
            match direct(g, kinds) {
                RowRead::Values { cells, units, .. } if full.len() == 1 => {
                    return RowRead::Values { cells, units, split: Split::Printed };
                }
                RowRead::Values { cells, .. } => out.push(cells),
                other => return other,
            }
        }
        return RowRead::Groups(out);
    }
    RowRead::Unreadable { reason: format!("应有{n}个数，却找到{}个", vals.len()), raw: raw_of(vals) }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn read(s: &str, n: usize, sums: &[RowSum]) -> RowRead {
        read_row(&tokenize(s, 0, s.len()), &vec![CellKind::Count; n], sums)
    }

    #[test]
    fn reads_plain_and_blank_cells() {
        match read("| 26 |  |  |  |  |  | 26", 7, &[]) {
            RowRead::Values { cells, split: Split::Printed, .. } => {
                assert_eq!(cells[0], Some(Number::Int(26)));
                assert_eq!(cells[1], None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reads_two_printed_rows_as_groups() {
        match read("| 9 | 0 | 9 |\n| 0 | 0 | 0 |", 3, &[]) {
            RowRead::Groups(g) => assert_eq!(g.len(), 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn too_few_single_values_are_unreadable() {
        assert!(matches!(read("| 1 | 2 |", 3, &[]), RowRead::Unreadable { .. }));
    }
}
