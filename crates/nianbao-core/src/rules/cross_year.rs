//! Cross-year rules (D501–D505): need last year's report (given, or paired in a batch).

use super::Ctx;
use crate::finding::{Finding, Severity};
use crate::layout::{Edition, TableId};

use crate::reuse::{Sentences, REPEAT_WARN};
use crate::text::fold;

/// D501: 上年结转 (N) = 结转下年度继续办理 (N−1), per column.
pub fn carry_over(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(prev) = ctx.previous else { return };
    if let (Some(y), Some(py)) = (ctx.report.meta.year, prev.meta.year) {
        if py + 1 != y {
            out.push(Finding::new(
                "D501",
                Severity::Warning,
                format!("所给上年报告是{py}年度的，不是{}年度的，跨年度检查可能无意义", y - 1),
            ));
        }
    }
    let l = ctx.layout;
    let pl = prev.layout();
    let (Some(carry), Some(next)) = (l.t3_row("carry"), pl.t3_row("next")) else { return };
    let mut diffs = Vec::new();
    let mut cells = Vec::new();
    for c in 0..l.t3_columns.len() {
        let cur = l.t3(carry, c);
        let old = pl.t3(next, c);
        if ctx.unread(cur) || prev.provenance.unread.contains(&old) {
            continue;
        }
        let a = ctx.report.int(cur).unwrap_or(0);
        let b = prev.int(old).unwrap_or(0);
        if a != b {
            diffs.push(format!("“{}”列本年{a}、上年{b}", l.t3_columns[c].label));
            cells.push(ctx.id(cur));
        }
    }
    if !diffs.is_empty() {
        out.push(
            Finding::new(
                "D501",
                Severity::Error,
                format!("表三“二、上年结转”与上年报告“四、结转下年度继续办理”不一致：{}", diffs.join("；")),
            )
            .table(TableId::T3)
            .cells(cells),
        );
    }
}

/// D502: 现行有效件数 continuity (2021 edition both years).
pub fn valid_count(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(prev) = ctx.previous else { return };
    if ctx.report.edition != Edition::E2021 || prev.edition != Edition::E2021 {
        return;
    }
    let l = ctx.layout;
    for row in ["rule", "norm"] {
        let (Some(valid), Some(made), Some(abolished)) =
            (l.t2_by_key(row, "valid"), l.t2_by_key(row, "made"), l.t2_by_key(row, "abolished"))
        else {
            continue;
        };
        let (Some(v), Some(m), Some(a), Some(pv)) =
            (ctx.report.int(valid), ctx.report.int(made), ctx.report.int(abolished), prev.int(valid))
        else {
            continue;
        };
        if pv + m - a != v {
            let label = l.t2[valid.block as usize].rows[valid.row as usize].label;
            out.push(
                Finding::new(
                    "D502",
                    Severity::Warning,
                    format!(
                        "表二“{label}”现行有效件数为{v}，但上年现行有效{pv} + 本年制发{m} − 本年废止{a} = {}（文件修订等可能造成差异，请核对）",
                        pv + m - a
                    ),
                )
                .table(TableId::T2)
                .cells(vec![ctx.id(valid)])
                .values(v, pv + m - a),
            );
        }
    }
}

/// D503: 上一年项目数量 continuity (2019 edition both years).
pub fn item_count(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(prev) = ctx.previous else { return };
    if ctx.report.edition != Edition::E2019 || prev.edition != Edition::E2019 {
        return;
    }
    let l = ctx.layout;
    for row in ["permit", "service", "penalty", "force", "fee"] {
        let (Some(pc), Some(cc)) = (l.t2_by_key(row, "prev"), l.t2_by_key(row, "change")) else { continue };
        let (Some(now), Some(p_prev), Some(p_change)) = (ctx.report.int(pc), prev.int(pc), prev.int(cc)) else {
            continue;
        };
        if p_prev + p_change != now {
            let label = l.t2[pc.block as usize].rows[pc.row as usize].label;
            out.push(
                Finding::new(
                    "D503",
                    Severity::Warning,
                    format!(
                        "表二“{label}”上一年项目数量为{now}，但上年报告为{p_prev}、本年增/减{p_change:+}，应为{}",
                        p_prev + p_change
                    ),
                )
                .table(TableId::T2)
                .cells(vec![ctx.id(pc)])
                .values(now, p_prev + p_change),
            );
        }
    }
}

/// Dice coefficient of character bigrams (after folding, without white space and digits).
pub fn similarity(a: &str, b: &str) -> f64 {
    let norm =
        |s: &str| -> Vec<char> { fold(s).chars().filter(|c| !c.is_whitespace() && !c.is_ascii_digit()).collect() };
    let (a, b) = (norm(a), norm(b));
    if a.len() < 2 || b.len() < 2 {
        return 0.0;
    }
    let grams = |v: &[char]| {
        let mut g: Vec<(char, char)> = v.windows(2).map(|w| (w[0], w[1])).collect();
        g.sort_unstable();
        g
    };
    let (ga, gb) = (grams(&a), grams(&b));
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < ga.len() && j < gb.len() {
        match ga[i].cmp(&gb[j]) {
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    2.0 * common as f64 / (ga.len() + gb.len()) as f64
}

/// D504: parts 一 and 五 nearly identical to last year's.
pub fn similar_text(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(prev) = ctx.previous else { return };
    for (i, name) in [(0usize, "一、总体情况"), (4, "五、存在的主要问题及改进情况")] {
        let (a, b) = (ctx.report.narrative.part_text(i), prev.narrative.part_text(i));
        if a.chars().count() < 40 {
            continue;
        }
        let s = similarity(a, b);
        if s >= 0.9 {
            out.push(
                Finding::new(
                    "D504",
                    Severity::Warning,
                    format!("“{name}”与上年报告相似度为{:.0}%，内容雷同", s * 100.0),
                )
                .values(format!("{:.0}%", s * 100.0), "低于90%"),
            );
        }
    }
}

/// D505: half or more of the text of parts 一 and 五 repeats last year's sentences.
pub fn repeated_sentences(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(prev) = ctx.previous else { return };
    let Some(r) = Sentences::of(ctx.report).reuse_of(&Sentences::of(prev)) else { return };
    if r.share >= REPEAT_WARN {
        let pct = format!("{:.0}%", r.share * 100.0);
        out.push(
            Finding::new(
                "D505",
                Severity::Warning,
                format!(
                    "“一、总体情况”和“五、存在的主要问题及改进情况”与上年报告重复率为{pct}（{}个分句中有{}个与上年相同，仅年份、数字不同的也算相同）",
                    r.sentences, r.repeated
                ),
            )
            .values(pct, "低于50%"),
        );
    }
}
