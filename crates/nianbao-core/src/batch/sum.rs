//! 汇总: tables 三 and 四 of many reports (a county's departments and towns) added up cell by
//! cell, the sum checked with the 勾稽 rules, and compared with the government's own report.
//!
//! A cell of the sum is blank when it is blank in every report, and cannot be read when it
//! could not be read in any report (the sum would be wrong). Reports of the other edition are
//! mapped cell by cell ([`crate::draft::cell_id_in`]); reports of another year are left out.

use crate::draft::cell_id_in;
use crate::finding::{Finding, Severity};
use crate::layout::{layout, CellRef, Edition, TableId};
use crate::model::{Level, Number, Report};

/// The code of the finding that the government's report differs from the sum.
pub const SUM_MISMATCH: &str = "B701";

/// The result of adding up reports.
#[derive(Debug, Clone)]
pub struct Sum {
    /// The sum as a report (tables 三 and 四 only), in the edition of the report year.
    pub report: Report,
    /// Indices of the reports added up.
    pub included: Vec<usize>,
    /// Reports left out, with the reason.
    pub left_out: Vec<(usize, String)>,
    /// The government's report compared with the sum, if any.
    pub government: Option<usize>,
    /// What the 勾稽 rules say about the sum (A1xx).
    pub findings: Vec<Finding>,
    /// Where the government's report differs from the sum (warnings).
    pub comparison: Vec<Finding>,
}

/// The government report to compare a sum with: the one government report of the highest
/// tier among the reports (a county's own report among its towns'); None when there is none or
/// more than one of that tier.
pub fn find_government(reports: &[&Report]) -> Option<usize> {
    let govs: Vec<usize> = (0..reports.len()).filter(|&i| reports[i].meta.level == Level::Government).collect();
    let top = govs.iter().filter_map(|&i| reports[i].meta.tier).min();
    let of_top: Vec<usize> = govs.into_iter().filter(|&i| reports[i].meta.tier == top).collect();
    (of_top.len() == 1).then(|| of_top[0])
}

/// Adds up tables 三 and 四 of `reports` (except `government`, which is compared with the sum).
pub fn sum(reports: &[&Report], government: Option<usize>) -> Sum {
    let others: Vec<usize> = (0..reports.len()).filter(|&i| Some(i) != government).collect();
    let year = government.and_then(|g| reports[g].meta.year).or_else(|| most_common_year(reports, &others));
    let edition = year.map(Edition::for_year).unwrap_or(Edition::E2021);
    let l = layout(edition);
    let mut out = Report::new(edition);
    out.meta.year = year;
    out.meta.agency = "汇总".to_string();
    out.narrative = Default::default();
    let mut included = Vec::new();
    let mut left_out = Vec::new();
    for &i in &others {
        match reports[i].meta.year {
            y if y == year => included.push(i),
            Some(y) => left_out.push((i, format!("年度为{y}年，与汇总年度不同"))),
            None => left_out.push((i, "看不出报告年度".to_string())),
        }
    }
    let cells: Vec<CellRef> = l.cells().into_iter().filter(|c| c.table != TableId::T2).collect();
    for &i in &included {
        let r = reports[i];
        let from = r.layout();
        for cell in from.cells().into_iter().filter(|c| c.table != TableId::T2) {
            let Some(target) = l.parse_cell_id(&cell_id_in(r.edition, edition, from.cell_id(cell))) else { continue };
            if r.provenance.unread.contains(&cell) {
                out.provenance.unread.insert(target);
                continue;
            }
            match (r.get(cell).map(Number::as_int), out.get(target)) {
                (None, _) => {}
                (Some(Some(v)), Some(Number::Int(acc))) => out.set(target, Some(Number::Int(acc + v))),
                (Some(Some(v)), _) => out.set(target, Some(Number::Int(v))),
                (Some(None), _) => {
                    out.provenance.unread.insert(target);
                }
            }
        }
    }
    for cell in &out.provenance.unread {
        out.cells.remove(cell);
    }
    let findings = crate::rules::check(&out, None).into_iter().filter(|f| f.code.starts_with('A')).collect();
    let comparison = government.map(|g| compare(reports[g], &out, &cells)).unwrap_or_default();
    Sum { report: out, included, left_out, government, findings, comparison }
}

fn most_common_year(reports: &[&Report], among: &[usize]) -> Option<u16> {
    let mut years: Vec<u16> = among.iter().filter_map(|&i| reports[i].meta.year).collect();
    years.sort_unstable();
    let mut best: Option<(usize, u16)> = None;
    for y in &years {
        let n = years.iter().filter(|x| *x == y).count();
        if best.is_none_or(|(m, _)| n > m) {
            best = Some((n, *y));
        }
    }
    best.map(|(_, y)| y)
}

/// One warning per table listing the cells where the government's report differs from the sum
/// (blank counts as 0; cells unread on either side are not compared).
fn compare(gov: &Report, sum: &Report, cells: &[CellRef]) -> Vec<Finding> {
    let l = sum.layout();
    let gl = gov.layout();
    let mut out = Vec::new();
    for table in [TableId::T3, TableId::T4] {
        let mut diffs = Vec::new();
        let mut ids = Vec::new();
        for &cell in cells.iter().filter(|c| c.table == table) {
            let id = l.cell_id(cell);
            let Some(gcell) = gl.parse_cell_id(&cell_id_in(sum.edition, gov.edition, id.clone())) else { continue };
            if sum.provenance.unread.contains(&cell) || gov.provenance.unread.contains(&gcell) {
                continue;
            }
            let (Some(g), Some(s)) =
                (gov.get(gcell).map_or(Some(0), Number::as_int), sum.get(cell).map_or(Some(0), Number::as_int))
            else {
                continue;
            };
            if g != s {
                diffs.push(format!("{}政府年报为{g}、汇总为{s}", l.cell_name(cell)));
                ids.push(id);
            }
        }
        if !diffs.is_empty() {
            let n = diffs.len();
            let shown: Vec<String> = diffs.into_iter().take(8).collect();
            let more = if n > 8 { format!("等{n}处") } else { String::new() };
            out.push(
                Finding::new(
                    SUM_MISMATCH,
                    Severity::Warning,
                    format!(
                        "表{}与所汇总报告之和不一致：{}{more}（各地汇总范围不同，请核对是否漏报或多报）",
                        table.numeral(),
                        shown.join("；")
                    ),
                )
                .table(table)
                .cells(ids),
            );
        }
    }
    out
}
