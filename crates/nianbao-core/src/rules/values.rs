//! Value rules (V201–V203).

use super::Ctx;
use crate::finding::{Finding, Severity};
use crate::layout::{CellKind, TableId};
use crate::model::Number;

/// V201: counts are non-negative integers.
pub fn non_negative(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for (&cell, &v) in &ctx.report.cells {
        let kind = ctx.layout.kind(cell);
        let bad = !v.in_range()
            || match kind {
                CellKind::Count => v.is_negative() || matches!(v, Number::Dec { .. }),
                CellKind::Signed => matches!(v, Number::Dec { .. }),
                CellKind::Money => v.is_negative(),
            };
        if bad {
            let what = match kind {
                _ if !v.in_range() => "数值超出年报可填的范围（不超过 999999999999），无法参与勾稽计算",
                CellKind::Money => "金额不能为负数",
                CellKind::Signed => "增减数须为整数",
                CellKind::Count => "件数须为非负整数",
            };
            out.push(
                Finding::new("V201", Severity::Error, format!("{}为{v}：{what}", ctx.layout.cell_name(cell)))
                    .table(cell.table)
                    .cells(vec![ctx.id(cell)])
                    .values(v, "非负整数"),
            );
        }
    }
}

/// V202: 2019 上一年项目数量 + 本年增/减 ≥ 0.
pub fn change_not_below_zero(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let l = ctx.layout;
    for (b, block) in l.t2.iter().enumerate() {
        let (Some(prev), Some(change)) =
            (block.columns.iter().position(|c| c.key == "prev"), block.columns.iter().position(|c| c.key == "change"))
        else {
            continue;
        };
        for (r, row) in block.rows.iter().enumerate() {
            let (pc, cc) = (l.t2(b, r, prev), l.t2(b, r, change));
            let (Some(p), Some(c)) = (ctx.report.int(pc), ctx.report.int(cc)) else { continue };
            // values beyond range are V201's
            let Some(sum) = p.checked_add(c).filter(|s| s.unsigned_abs() <= 2 * crate::model::MAX_VALUE as u64) else {
                continue;
            };
            if sum < 0 {
                out.push(
                    Finding::new(
                        "V202",
                        Severity::Error,
                        format!(
                            "表二“{}”：上一年项目数量({p}) + 本年增/减({c}) = {}，项目数量不能为负",
                            row.label, sum
                        ),
                    )
                    .table(TableId::T2)
                    .cells(vec![ctx.id(pc), ctx.id(cc)])
                    .values(sum, "≥0"),
                );
            }
        }
    }
}

/// V203: blank cells, one finding per table, with the value a blank total should have.
pub fn blanks(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for table in TableId::ALL {
        let cells: Vec<_> = ctx
            .layout
            .cells()
            .into_iter()
            .filter(|c| c.table == table && ctx.report.get(*c).is_none() && !ctx.unread(*c))
            .collect();
        if cells.is_empty() {
            continue;
        }
        let mut totals = Vec::new();
        for c in &cells {
            if let Some(parts) = ctx.derived_total(*c) {
                if parts.iter().any(|p| ctx.report.get(*p).is_some_and(|v| v.as_int() != Some(0))) {
                    if let Some(v) = ctx.eff(*c) {
                        totals.push(format!("{}应为{v}", ctx.layout.cell_name(*c)));
                    }
                }
            }
        }
        let names: Vec<String> = cells.iter().take(4).map(|c| ctx.layout.cell_name(*c)).collect();
        let more = if cells.len() > 4 { format!("等{}个单元格", cells.len()) } else { String::new() };
        let mut msg =
            format!("表{}有{}个单元格未填写（按0计算）：{}{}", table.numeral(), cells.len(), names.join("、"), more);
        if !totals.is_empty() {
            let shown: Vec<&String> = totals.iter().take(3).collect();
            msg.push_str(&format!(
                "；其中合计项按分项之和：{}",
                shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("，")
            ));
            if totals.len() > 3 {
                msg.push_str(&format!("等{}项", totals.len()));
            }
        }
        out.push(
            Finding::new("V203", Severity::Warning, msg).table(table).cells(cells.iter().map(|c| ctx.id(*c)).collect()),
        );
    }
}
