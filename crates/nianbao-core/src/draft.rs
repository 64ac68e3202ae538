//! Working with drafts: a new report, the next year's report from this one, computed totals.

use crate::layout::{layout, CellRef, Edition, TableId};
use crate::model::{Level, Number, Report};

/// A new, empty draft for a year: the edition follows the year. The opening paragraph has the
/// basis and the statistics period written out, and ×× where the clerk fills in where the report
/// is published (公布渠道) and whom to ask (联系方式).
pub fn new_draft(year: u16, agency: &str, level: Level) -> Report {
    let mut r = Report::new(Edition::for_year(year));
    r.meta.year = Some(year);
    r.meta.agency = agency.trim().to_string();
    r.meta.level = level;
    r.meta.tier = crate::import::classify_agency(agency).1;
    r.narrative.title = format!("{}{}年政府信息公开工作年度报告", r.meta.agency, year);
    r.narrative.opening = format!(
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，编制本报告。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。本报告电子版可在××门户网站（网址：××）查阅或下载。如对本报告有疑问，请与××联系（地址：××；邮编：××；电话：××；传真：××；电子邮箱：××）。"
    );
    r
}

/// The draft of the following year, carrying over what the format carries over:
/// 上年结转 = this year's 结转下年度继续办理 (per column, across the edition change); 2021
/// 现行有效件数 as the base of next year's; 2019 上一年项目数量 = this year's count + 增/减; the
/// title, opening paragraph and the six parts' text with the report year moved on (see
/// [`move_year_on`]). Every other cell starts blank.
pub fn next_year(prev: &Report) -> Report {
    let year = prev.meta.year.and_then(|y| y.checked_add(1)).unwrap_or(2021);
    let mut r = Report::new(Edition::for_year(year));
    r.meta = prev.meta.clone();
    r.meta.year = Some(year);
    r.meta.publish_date = None;
    let (pl, l) = (prev.layout(), r.layout());
    // 上年结转 ← 结转下年度继续办理
    if let (Some(next), Some(carry)) = (pl.t3_row("next"), l.t3_row("carry")) {
        for c in 0..l.t3_columns.len() {
            let v = prev.get(pl.t3(next, c)).or_else(|| computed(prev, pl.t3(next, c)).map(Number::Int));
            r.set(l.t3(carry, c), v);
        }
    }
    match (prev.t2_edition(), r.edition) {
        (Edition::E2021, Edition::E2021) => {
            for row in ["rule", "norm"] {
                if let (Some(a), Some(b)) = (pl.t2_by_key(row, "valid"), l.t2_by_key(row, "valid")) {
                    r.set(b, prev.get(a));
                }
            }
        }
        (Edition::E2019, Edition::E2019) => {
            for row in ["permit", "service", "penalty", "force", "fee"] {
                let (Some(p), Some(c)) = (pl.t2_by_key(row, "prev"), pl.t2_by_key(row, "change")) else { continue };
                if let (Some(pv), Some(cv)) = (prev.int(p), prev.int(c)) {
                    r.set(p, Some(Number::Int(pv + cv)));
                }
            }
        }
        _ => {}
    }
    let shift = |s: &str| move_year_on(s, prev.meta.year, year);
    r.narrative.title = shift(&prev.narrative.title);
    r.narrative.opening = shift(&prev.narrative.opening);
    // the parts start from last year's text (the clerk rewrites them; D504 warns while they are alike)
    for (i, part) in prev.narrative.parts.iter().enumerate().take(r.narrative.parts.len()) {
        r.narrative.parts[i].heading = part.heading.clone();
        r.narrative.parts[i].text = shift(&part.text);
    }
    // the same unit signs; the date is next year's to write
    r.narrative.signature.unit = prev.narrative.signature.unit.clone();
    if r.narrative.title.is_empty() {
        r.narrative.title = format!("{}{}年政府信息公开工作年度报告", r.meta.agency, year);
    }
    r
}

/// A text with the report year moved on: every "2024年" (the old report year) becomes "2025年".
/// Other years (a regulation's "2019年修订") are left alone; without an old year the text is kept.
pub fn move_year_on(text: &str, old: Option<u16>, new: u16) -> String {
    match old {
        Some(o) if o != new => text.replace(&format!("{o}年"), &format!("{new}年")),
        _ => text.to_string(),
    }
}

/// Whether a cell is computed by the editor (a total not switched to entry by hand).
pub fn is_computed(report: &Report, cell: CellRef) -> bool {
    total_parts(report.edition, cell).is_some() && !report.manual_totals.contains(&cell)
}

/// 空白单元格填0: sets every blank cell a clerk can type into (of one table, or of all tables) to
/// 0, then recomputes the totals. Computed totals are left to the computation. Returns how many
/// cells were filled.
pub fn fill_blank_zeros(report: &mut Report, table: Option<TableId>) -> usize {
    let cells: Vec<CellRef> = report
        .layout()
        .cells()
        .into_iter()
        .filter(|c| table.is_none_or(|t| c.table == t) && report.get(*c).is_none() && !is_computed(report, *c))
        .collect();
    for c in &cells {
        report.set(*c, Some(Number::Int(0)));
    }
    apply_computed_totals(report);
    cells.len()
}

/// The cells a total adds up, if `cell` is a total: table 三's 总计 column (its row), table 三's
/// （七）总计 row (the result rows of its column), table 四's group 总计.
pub fn total_parts(edition: Edition, cell: CellRef) -> Option<Vec<CellRef>> {
    let l = layout(edition);
    match cell.table {
        TableId::T3 => {
            let total_col = l.t3_total_col();
            if cell.col as usize == total_col {
                return Some((0..total_col).map(|c| l.t3(cell.row as usize, c)).collect());
            }
            if Some(cell.row as usize) == l.t3_row("total") {
                return Some(l.t3_result_rows().map(|r| l.t3(r, cell.col as usize)).collect());
            }
            None
        }
        TableId::T4 => {
            let total = l.t4_columns.len() - 1;
            (cell.col as usize == total).then(|| (0..total).map(|c| l.t4(cell.row as usize, c)).collect())
        }
        TableId::T2 => None,
    }
}

/// Whether a cell is a total the editor computes ([`total_parts`] is Some), without listing
/// its parts.
pub fn is_total(edition: Edition, cell: CellRef) -> bool {
    let l = layout(edition);
    match cell.table {
        TableId::T3 => cell.col as usize == l.t3_total_col() || Some(cell.row as usize) == l.t3_row("total"),
        TableId::T4 => cell.col as usize == l.t4_columns.len() - 1,
        TableId::T2 => false,
    }
}

/// The computed value of a total cell: the sum of its parts (computed in turn where they are
/// totals themselves), None when every part is blank or the sum would overflow.
pub fn computed(report: &Report, cell: CellRef) -> Option<i64> {
    computed_from(report.edition, cell, &|c| report.get(c))
}

/// [`computed`] over the values `get` gives.
fn computed_from(edition: Edition, cell: CellRef, get: &dyn Fn(CellRef) -> Option<Number>) -> Option<i64> {
    let parts = total_parts(edition, cell)?;
    let mut any = false;
    let mut sum = 0i64;
    for p in parts {
        let v = match get(p) {
            Some(v) => v.as_int(),
            None if p != cell && is_total(edition, p) => computed_from(edition, p, get),
            None => None,
        };
        if let Some(v) = v {
            any = true;
            sum = sum.checked_add(v)?;
        }
    }
    any.then_some(sum)
}

/// Marks as entered by hand every total whose value differs from its computed value, so that an
/// imported report keeps the totals it was published with (the editor would otherwise replace
/// them, and hide the report's own arithmetic errors).
pub fn keep_published_totals(report: &mut Report) {
    // the values of tables 三 and 四 laid out by cell (totals are added up again and again)
    let l = layout(report.edition);
    let mut laid_out = vec![None; l.t34_len()];
    for (c, v) in &report.cells {
        if let Some(i) = l.t34_index(*c) {
            laid_out[i] = Some(*v);
        }
    }
    let get = |c: CellRef| match l.t34_index(c) {
        Some(i) => laid_out[i],
        None => report.get(c),
    };
    let cells: Vec<CellRef> = report.cells.keys().copied().filter(|c| is_total(report.edition, *c)).collect();
    let published: Vec<CellRef> =
        cells.into_iter().filter(|&cell| report.int(cell) != computed_from(report.edition, cell, &get)).collect();
    report.manual_totals.extend(published);
}

/// Fills every total that is not entered by hand with its computed value (the editor keeps
/// totals computed unless the clerk switches a total to manual entry).
pub fn apply_computed_totals(report: &mut Report) {
    let l = report.layout();
    // row totals first, then the （七）总计 row (whose total column is a row total too)
    let mut cells: Vec<CellRef> = l.cells().into_iter().filter(|c| total_parts(report.edition, *c).is_some()).collect();
    let total_row = l.t3_row("total").map(|r| r as u8);
    cells.sort_by_key(|c| (c.table == TableId::T3 && Some(c.row) == total_row, c.col));
    for cell in cells {
        if report.manual_totals.contains(&cell) {
            continue;
        }
        let v = computed(report, cell).map(Number::Int);
        report.set(cell, v);
    }
}

/// The id a cell of edition `from` has in edition `to` (the same id, except that the 2019
/// （六）其他处理 row becomes the 2021 “3.其他” row, and the three 2021 sub-rows of （六） all
/// become the one 2019 row). The id may not exist in `to` (most of table 二).
pub fn cell_id_in(from: Edition, to: Edition, id: String) -> String {
    match (from, to, id.split('.').collect::<Vec<_>>().as_slice()) {
        (Edition::E2019, Edition::E2021, ["t3", "other", col]) => format!("t3.other_misc.{col}"),
        (Edition::E2021, Edition::E2019, ["t3", row, col]) if row.starts_with("other_") => format!("t3.other.{col}"),
        _ => id,
    }
}

/// The draft in another edition's tables: the narrative, meta and every cell whose row and
/// column keys exist in both layouts are kept (tables 三 and 四 entirely, except that the 2019
/// （六）其他处理 row becomes the 2021 “3.其他” row and back); returns the names of the cells that
/// had a value and have no place in the new edition (most of table 二).
pub fn convert_edition(report: &Report, edition: Edition) -> (Report, Vec<String>) {
    let (from, to) = (report.layout(), layout(edition));
    let mut out = Report::new(edition);
    out.meta = report.meta.clone();
    out.narrative = report.narrative.clone();
    let mut lost = Vec::new();
    for (&cell, &value) in &report.cells {
        let mapped = cell_id_in(report.edition, edition, from.cell_id(cell));
        let Some(target) = to.parse_cell_id(&mapped) else {
            lost.push(from.cell_name(cell));
            continue;
        };
        let sum = match (out.get(target), value) {
            (Some(Number::Int(a)), Number::Int(b)) => Number::Int(a + b),
            _ => value,
        };
        out.set(target, Some(sum));
        if let Some(u) = report.units.get(&cell) {
            out.units.insert(target, u.clone());
        }
    }
    for cell in &report.manual_totals {
        if let Some(target) = to.parse_cell_id(&from.cell_id(*cell)) {
            out.manual_totals.insert(target);
        }
    }
    apply_computed_totals(&mut out);
    (out, lost)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_year_starts_the_parts_from_last_years_text() {
        let mut r = new_draft(2024, "测试县商务局", Level::Department);
        r.narrative.parts[0].text = "2024年，本局共收到申请12件。2019年修订的《条例》施行以来……".into();
        r.narrative.parts[4].heading = "五、存在的主要问题及改进情况".into();
        let n = next_year(&r);
        assert_eq!(n.narrative.parts[0].text, "2025年，本局共收到申请12件。2019年修订的《条例》施行以来……");
        assert_eq!(n.narrative.parts[4].heading, "五、存在的主要问题及改进情况");
        assert!(n.narrative.opening.contains("2025年1月1日"));
    }

    #[test]
    fn fill_blank_zeros_fills_what_a_clerk_types_and_leaves_totals_computed() {
        let mut r = new_draft(2025, "测试县商务局", Level::Department);
        let l = r.layout();
        let new = l.t3_row("new").unwrap();
        r.set(l.t3(new, 0), Some(Number::Int(7)));
        apply_computed_totals(&mut r);
        let filled = fill_blank_zeros(&mut r, Some(TableId::T3));
        assert!(filled > 100, "{filled}");
        let blank: Vec<_> = l.cells().into_iter().filter(|c| c.table == TableId::T3 && r.get(*c).is_none()).collect();
        assert!(blank.is_empty(), "{blank:?}");
        assert_eq!(r.int(l.t3(new, 0)), Some(7), "a typed value is kept");
        assert_eq!(r.int(l.t3(new, l.t3_total_col())), Some(7), "the total is computed, not 0");
        assert!(r.get(l.t2_by_key("norm", "valid").unwrap()).is_none(), "other tables untouched");
        assert!(fill_blank_zeros(&mut r, None) > 0);
        assert_eq!(fill_blank_zeros(&mut r, None), 0, "nothing left to fill");
    }

    #[test]
    fn next_year_carries_over() {
        let mut r = new_draft(2022, "测试县商务局", Level::Department);
        let l = r.layout();
        let next = l.t3_row("next").unwrap();
        r.set(l.t3(next, 0), Some(Number::Int(3)));
        r.set(l.t3(next, 6), Some(Number::Int(3)));
        r.set(l.t2_by_key("norm", "valid").unwrap(), Some(Number::Int(40)));
        let n = next_year(&r);
        assert_eq!(n.meta.year, Some(2023));
        let carry = n.layout().t3_row("carry").unwrap();
        assert_eq!(n.int(n.layout().t3(carry, 0)), Some(3));
        assert_eq!(n.int(n.layout().t2_by_key("norm", "valid").unwrap()), Some(40));
        assert!(n.narrative.opening.contains("自2023年1月1日起至2023年12月31日止"));
        assert_eq!(n.narrative.title, "测试县商务局2023年政府信息公开工作年度报告");
    }

    #[test]
    fn next_year_across_the_edition_change() {
        let mut r = new_draft(2020, "测试局", Level::Department);
        assert_eq!(r.edition, Edition::E2019);
        let l = r.layout();
        r.set(l.t3(l.t3_row("next").unwrap(), 0), Some(Number::Int(2)));
        r.set(l.t2_by_key("permit", "prev").unwrap(), Some(Number::Int(5)));
        r.set(l.t2_by_key("permit", "change").unwrap(), Some(Number::Int(-2)));
        let n = next_year(&r);
        assert_eq!(n.edition, Edition::E2021);
        assert_eq!(n.int(n.layout().t3(n.layout().t3_row("carry").unwrap(), 0)), Some(2));
        let same = next_year(&{
            let mut x = r.clone();
            x.meta.year = Some(2019);
            x
        });
        assert_eq!(same.int(same.layout().t2_by_key("permit", "prev").unwrap()), Some(3));
    }

    #[test]
    fn converting_the_edition_keeps_tables_three_and_four() {
        // a 2021 report written in the old tables
        let mut r = Report::new(Edition::E2019);
        r.meta.year = Some(2021);
        let l = r.layout();
        r.set(l.t3(l.t3_row("new").unwrap(), 0), Some(Number::Int(3)));
        r.set(l.t3(l.t3_row("other").unwrap(), 0), Some(Number::Int(1)));
        r.set(l.t4(0, 0), Some(Number::Int(2)));
        r.set(l.t2_by_key("permit", "prev").unwrap(), Some(Number::Int(9)));
        let (n, lost) = convert_edition(&r, Edition::E2021);
        let nl = n.layout();
        assert_eq!(n.edition, Edition::E2021);
        assert_eq!(n.int(nl.t3(nl.t3_row("new").unwrap(), 0)), Some(3));
        assert_eq!(n.int(nl.t3(nl.t3_row("other_misc").unwrap(), 0)), Some(1));
        assert_eq!(n.int(nl.t4(0, 0)), Some(2));
        assert_eq!(lost.len(), 1, "{lost:?}");
        assert!(lost[0].contains("上一年项目数量"));
        let (back, _) = convert_edition(&n, Edition::E2019);
        assert_eq!(back.int(l.t3(l.t3_row("other").unwrap(), 0)), Some(1));
    }

    #[test]
    fn is_total_agrees_with_total_parts() {
        for e in [Edition::E2019, Edition::E2021] {
            for cell in layout(e).cells() {
                assert_eq!(is_total(e, cell), total_parts(e, cell).is_some(), "{cell:?}");
            }
        }
    }

    #[test]
    fn computed_totals_follow_the_layout() {
        let mut r = new_draft(2023, "测试局", Level::Department);
        let l = r.layout();
        let open = l.t3_row("open").unwrap();
        r.set(l.t3(open, 0), Some(Number::Int(4)));
        r.set(l.t3(open, 1), Some(Number::Int(1)));
        apply_computed_totals(&mut r);
        assert_eq!(r.int(l.t3(open, 6)), Some(5));
        let total = l.t3_row("total").unwrap();
        assert_eq!(r.int(l.t3(total, 0)), Some(4));
        assert_eq!(r.int(l.t3(total, 6)), Some(5));
        assert_eq!(r.int(l.t3(l.t3_row("new").unwrap(), 6)), None, "blank rows stay blank");
        r.manual_totals.insert(l.t3(open, 6));
        r.set(l.t3(open, 6), Some(Number::Int(9)));
        apply_computed_totals(&mut r);
        assert_eq!(r.int(l.t3(open, 6)), Some(9), "a total entered by hand is kept");
    }
}
