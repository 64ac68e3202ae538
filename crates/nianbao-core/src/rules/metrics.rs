//! Derived figures (M701–M702): information for the summary and the web panel, never a fault.

use super::Ctx;
use crate::finding::{Finding, Severity};
use crate::layout::TableId;

/// The 总计 of table 三 rows added up; None when a cell was not read.
fn t3_total(ctx: &Ctx<'_>, rows: &[&str]) -> Option<i64> {
    rows.iter().map(|r| ctx.t3_total(r).map(|(v, _)| v)).sum()
}

fn percent(part: i64, whole: i64) -> String {
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

/// M701: 实质公开率 = (予以公开 + 部分公开) / 办结（（七）总计）.
pub fn disclosure_rate(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let (Some(open), Some(total)) = (t3_total(ctx, &["open", "partial"]), t3_total(ctx, &["total"])) else { return };
    if total <= 0 {
        return;
    }
    let rate = percent(open, total);
    out.push(
        Finding::new(
            "M701",
            Severity::Info,
            format!("实质公开率为{rate}（予以公开与部分公开{open}件 ÷ 办结{total}件）"),
        )
        .table(TableId::T3)
        .measured(rate),
    );
}

/// M702: 复议纠错率 = 行政复议 结果纠正 / 行政复议 总计.
pub fn correction_rate(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let l = ctx.layout;
    let Some(correct) = l.t4_columns.iter().position(|c| c.key == "correct") else { return };
    let total_col = l.t4_columns.len() - 1;
    let (Some(corrected), Some(total)) = (ctx.eff(l.t4(0, correct)), ctx.eff(l.t4(0, total_col))) else { return };
    if total <= 0 {
        return;
    }
    let rate = percent(corrected, total);
    out.push(
        Finding::new(
            "M702",
            Severity::Info,
            format!("行政复议纠错率为{rate}（结果纠正{corrected}件 ÷ 复议总计{total}件）"),
        )
        .table(TableId::T4)
        .cells(vec![ctx.id(l.t4(0, correct)), ctx.id(l.t4(0, total_col))])
        .measured(rate),
    );
}
