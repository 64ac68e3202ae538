//! Plausibility rules (P601–P603): warnings only.

use super::Ctx;
use crate::finding::{Finding, Severity};
use crate::layout::TableId;
use crate::model::Tier;

/// P601: 规章 numbers at county level or below.
pub fn county_rules(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if !matches!(ctx.report.meta.tier, Some(Tier::County) | Some(Tier::Township)) {
        return;
    }
    let l = ctx.layout;
    let Some(b) = l.t2.iter().position(|b| b.rows.iter().any(|r| r.key == "rule")) else { return };
    let r = l.t2[b].rows.iter().position(|r| r.key == "rule").unwrap_or(0);
    let cells: Vec<_> = (0..l.t2[b].columns.len())
        .map(|c| l.t2(b, r, c))
        .filter(|c| ctx.report.int(*c).is_some_and(|v| v != 0))
        .collect();
    if !cells.is_empty() {
        out.push(
            Finding::new(
                "P601",
                Severity::Warning,
                format!(
                    "“{}”属县级及以下机关，没有规章制定权，但表二“规章”行有非零数字：请核对是否应填在规范性文件行",
                    ctx.report.meta.agency
                ),
            )
            .table(TableId::T2)
            .cells(cells.iter().map(|c| ctx.id(*c)).collect()),
        );
    }
}

/// P602: the fee is probably in 元.
pub fn fee_unit(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(cell) = ctx.layout.t2_by_key("fee", "amount") else { return };
    let Some(v) = ctx.report.get(cell) else { return };
    if ctx.report.units.get(&cell).map(String::as_str) == Some("元") {
        out.push(
            Finding::new("P602", Severity::Warning, format!("本年收费金额写作{v}元：本栏单位是万元，请换算"))
                .table(TableId::T2)
                .cells(vec![ctx.id(cell)]),
        );
    } else if v.as_f64() >= 1_000_000.0 {
        out.push(
            Finding::new(
                "P602",
                Severity::Warning,
                format!("本年收费金额为{v}万元（超过100亿元），可能误按元填写；本栏单位是万元"),
            )
            .table(TableId::T2)
            .cells(vec![ctx.id(cell)])
            .values(v, format!("{}（若原数为元）", v.as_f64() / 10000.0)),
        );
    }
}

/// P603: many carried over relative to new applications.
pub fn large_carry(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let l = ctx.layout;
    let (Some(new), Some(next)) = (l.t3_row("new"), l.t3_row("next")) else { return };
    let col = l.t3_total_col();
    let (Some(n), Some(x)) = (ctx.eff(l.t3(new, col)), ctx.eff(l.t3(next, col))) else { return };
    if x >= 10 && x * 2 > n {
        out.push(
            Finding::new(
                "P603",
                Severity::Warning,
                format!("结转下年度继续办理{x}件，超过本年新收{n}件的一半，请核对是否填错行"),
            )
            .table(TableId::T3)
            .cells(vec![ctx.id(l.t3(next, col))]),
        );
    }
}
