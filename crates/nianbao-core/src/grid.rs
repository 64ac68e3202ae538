//! The printed form of the three tables: rows of cells with the official merged headers
//! (rowspan/colspan), built from the layout. The web form and the renderers draw the same grid.

use crate::layout::{layout, CellRef, Edition, Layout, TableId, T3_APPLICANT_HEADER, T3_NOTE, T3_ORG_HEADER};
use crate::layout::{T3_RESULTS_LABEL, T4_LITIGATION_HEADER};

/// One cell of the printed table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    /// The label text (empty for value cells).
    pub text: String,
    /// Rows spanned.
    pub rowspan: u16,
    /// Columns spanned.
    pub colspan: u16,
    /// A header or label cell (drawn as `<th>`).
    pub header: bool,
    /// The value cell it holds, if it is a value cell.
    pub cell: Option<CellRef>,
}

impl GridCell {
    fn label(text: impl Into<String>, rowspan: u16, colspan: u16) -> GridCell {
        GridCell { text: text.into(), rowspan, colspan, header: true, cell: None }
    }

    fn value(cell: CellRef) -> GridCell {
        GridCell { text: String::new(), rowspan: 1, colspan: 1, header: false, cell: Some(cell) }
    }
}

/// A printed row, and whether it is part of the header (repeated across pages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    /// The cells.
    pub cells: Vec<GridCell>,
    /// Header rows repeat at the top of each printed page.
    pub header: bool,
}

/// The grid of a table in the official layout of an edition.
pub fn grid(edition: Edition, table: TableId) -> Vec<GridRow> {
    grid_of(layout(edition), table)
}

/// The grid of a table in a layout (a report's own, see [`Report::layout`](crate::Report::layout)).
pub fn grid_of(l: &Layout, table: TableId) -> Vec<GridRow> {
    match table {
        TableId::T2 => t2(l),
        TableId::T3 => t3(l),
        TableId::T4 => t4(l),
    }
}

/// The number of grid columns of a table.
pub fn width(edition: Edition, table: TableId) -> u16 {
    width_of(layout(edition), table)
}

/// The number of grid columns of a table in a layout.
pub fn width_of(l: &Layout, table: TableId) -> u16 {
    match table {
        TableId::T2 => 1 + l.t2.iter().map(|b| b.columns.len() as u16).max().unwrap_or(1),
        TableId::T3 => 3 + l.t3_columns.len() as u16,
        TableId::T4 => (l.t4_groups.len() * l.t4_columns.len()) as u16,
    }
}

fn t2(l: &Layout) -> Vec<GridRow> {
    let w = width_of(l, TableId::T2);
    let mut rows = Vec::new();
    for (b, block) in l.t2.iter().enumerate() {
        rows.push(GridRow { cells: vec![GridCell::label(block.caption, 1, w)], header: false });
        let n = block.columns.len() as u16;
        let mut head = vec![GridCell::label("信息内容", 1, 1)];
        for (i, c) in block.columns.iter().enumerate() {
            // the last column takes up the width the block does not use
            let span = if i as u16 == n - 1 { w - n } else { 1 };
            head.push(GridCell::label(c.label, 1, span));
        }
        rows.push(GridRow { cells: head, header: false });
        for (r, row) in block.rows.iter().enumerate() {
            let mut cells = vec![GridCell::label(row.label, 1, 1)];
            for c in 0..block.columns.len() {
                let mut v = GridCell::value(l.t2(b, r, c));
                if c as u16 == n - 1 {
                    v.colspan = w - n;
                }
                cells.push(v);
            }
            rows.push(GridRow { cells, header: false });
        }
    }
    rows
}

fn t3(l: &Layout) -> Vec<GridRow> {
    let ncols = l.t3_columns.len() as u16;
    let mut rows = vec![
        GridRow {
            cells: vec![GridCell::label(T3_NOTE, 3, 3), GridCell::label(T3_APPLICANT_HEADER, 1, ncols)],
            header: true,
        },
        GridRow {
            cells: vec![
                GridCell::label(l.t3_columns[0].label, 2, 1),
                GridCell::label(T3_ORG_HEADER, 1, ncols - 2),
                GridCell::label(l.t3_columns[ncols as usize - 1].label, 2, 1),
            ],
            header: true,
        },
        GridRow {
            cells: l.t3_columns[1..ncols as usize - 1].iter().map(|c| GridCell::label(c.label, 1, 1)).collect(),
            header: true,
        },
    ];
    let results = l.t3_result_rows();
    let nresults = results.len() as u16 + 1; // the result rows and （七）总计
    let total_row = l.t3_row("total");
    for (r, row) in l.t3_rows.iter().enumerate() {
        let mut cells = Vec::new();
        let in_results = results.contains(&r) || Some(r) == total_row;
        if r == results.start {
            cells.push(GridCell::label(T3_RESULTS_LABEL, nresults, 1));
        }
        match row.group {
            Some(g) => {
                let group_rows = l.t3_group_rows(g);
                if group_rows.first() == Some(&r) {
                    let label = l.t3_groups.iter().find(|x| x.key == g).map_or("", |x| x.label);
                    cells.push(GridCell::label(label, group_rows.len() as u16, 1));
                }
                cells.push(GridCell::label(row.label, 1, 1));
            }
            None if in_results => cells.push(GridCell::label(row.label, 1, 2)),
            None => cells.push(GridCell::label(row.label, 1, 3)),
        }
        for c in 0..ncols as usize {
            cells.push(GridCell::value(l.t3(r, c)));
        }
        rows.push(GridRow { cells, header: false });
    }
    rows
}

fn t4(l: &Layout) -> Vec<GridRow> {
    let nc = l.t4_columns.len() as u16;
    let mut top = vec![GridCell::label(l.t4_groups[0].label, 1, nc)];
    top.push(GridCell::label(T4_LITIGATION_HEADER, 1, nc * (l.t4_groups.len() as u16 - 1)));
    let mut second: Vec<GridCell> = l.t4_columns.iter().map(|c| GridCell::label(c.label, 2, 1)).collect();
    for g in &l.t4_groups[1..] {
        second.push(GridCell::label(g.label, 1, nc));
    }
    let third: Vec<GridCell> =
        l.t4_groups[1..].iter().flat_map(|_| l.t4_columns.iter().map(|c| GridCell::label(c.label, 1, 1))).collect();
    let data: Vec<GridCell> = (0..l.t4_groups.len())
        .flat_map(|g| (0..l.t4_columns.len()).map(move |c| (g, c)))
        .map(|(g, c)| GridCell::value(l.t4(g, c)))
        .collect();
    vec![
        GridRow { cells: top, header: true },
        GridRow { cells: second, header: true },
        GridRow { cells: third, header: true },
        GridRow { cells: data, header: false },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every grid is rectangular: each row covers the table's width once rowspans are counted.
    #[test]
    fn grids_are_rectangular_and_hold_every_cell_once() {
        let hybrids = [
            crate::layout::layout_with_t2(Edition::E2021, Edition::E2019),
            crate::layout::layout_with_t2(Edition::E2019, Edition::E2021),
        ];
        for l in [layout(Edition::E2019), layout(Edition::E2021)].into_iter().chain(hybrids) {
            let e = (l.edition, l.t2_edition);
            for t in TableId::ALL {
                let g = grid_of(l, t);
                let w = width_of(l, t) as usize;
                let mut carry = vec![0u16; w];
                for row in &g {
                    let mut col = 0;
                    for cell in &row.cells {
                        while col < w && carry[col] > 0 {
                            carry[col] -= 1;
                            col += 1;
                        }
                        for k in 0..cell.colspan as usize {
                            carry[col + k] = cell.rowspan - 1;
                        }
                        col += cell.colspan as usize;
                    }
                    while col < w && carry[col] > 0 {
                        carry[col] -= 1;
                        col += 1;
                    }
                    assert_eq!(col, w, "{e:?} {t:?} row {:?}", row.cells.iter().map(|c| &c.text).collect::<Vec<_>>());
                }
                let mut cells: Vec<CellRef> = g.iter().flat_map(|r| r.cells.iter().filter_map(|c| c.cell)).collect();
                let n = cells.len();
                cells.sort();
                cells.dedup();
                assert_eq!(cells.len(), n);
                let expected = l.cells().into_iter().filter(|c| c.table == t).count();
                assert_eq!(n, expected);
            }
        }
    }
}
