//! Cross-year rules (D501–D507): need last year's report (given, or paired in a batch).

use super::Ctx;
use crate::finding::{Finding, Severity};
use crate::layout::{Edition, TableId};

use crate::reuse::{Sentences, REPEAT_WARN};
use crate::text::{fold_char, is_invisible};

/// D501: 上年结转 (N) = 结转下年度继续办理 (N−1), per column.
pub fn carry_over(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(prev) = ctx.previous else { return };
    if let (Some(y), Some(py)) = (ctx.report.meta.year, prev.meta.year) {
        if py.checked_add(1) != Some(y) {
            out.push(Finding::new(
                "D501",
                Severity::Warning,
                format!("所给上年报告是{py}年度的，不是{}年度的，跨年度检查可能无意义", y.saturating_sub(1)),
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

/// D502: 现行有效件数 continuity (table 二 in the 2021 edition both years).
pub fn valid_count(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(prev) = ctx.previous else { return };
    if ctx.report.t2_edition() != Edition::E2021 || prev.t2_edition() != Edition::E2021 {
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

/// D503: 上一年项目数量 continuity (table 二 in the 2019 edition both years).
pub fn item_count(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(prev) = ctx.previous else { return };
    if ctx.report.t2_edition() != Edition::E2019 || prev.t2_edition() != Edition::E2019 {
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

/// How many items the two lists share, counted with repeats (the size of the multiset
/// intersection): `a`'s items are counted in an open-addressing table, each of `b`'s takes one
/// that is left. No item may be `u64::MAX` (a bigram of two characters never is).
fn common_count(a: &[u64], b: &[u64]) -> usize {
    const EMPTY: u64 = u64::MAX;
    let cap = (a.len() * 2).next_power_of_two().max(16);
    let mut keys = vec![EMPTY; cap];
    let mut counts = vec![0u32; cap];
    let slot = |keys: &[u64], g: u64| {
        let mut i = (g.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & (cap - 1);
        while keys[i] != g && keys[i] != EMPTY {
            i = (i + 1) & (cap - 1);
        }
        i
    };
    for &g in a {
        let i = slot(&keys, g);
        keys[i] = g;
        counts[i] += 1;
    }
    let mut common = 0;
    for &g in b {
        let i = slot(&keys, g);
        if keys[i] == g && counts[i] > 0 {
            counts[i] -= 1;
            common += 1;
        }
    }
    common
}

/// Dice coefficient of character bigrams (after folding, without white space and digits).
pub fn similarity(a: &str, b: &str) -> f64 {
    // folded a character at a time (as `fold` does), without white space and digits
    let norm = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|&c| !is_invisible(c))
            .map(fold_char)
            .filter(|c| !c.is_whitespace() && !c.is_ascii_digit())
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    if a.len() < 2 || b.len() < 2 {
        return 0.0;
    }
    // each bigram as one number
    let grams = |v: &[char]| -> Vec<u64> { v.windows(2).map(|w| u64::from(w[0]) << 32 | u64::from(w[1])).collect() };
    let (ga, gb) = (grams(&a), grams(&b));
    let common = common_count(&ga, &gb);
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

/// D508: a part whose text is last year's with only the report year moved on (a next year's
/// draft starts so); parts 一 and 五 long enough for D504 are left to it.
pub fn carried_text(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(prev) = ctx.previous else { return };
    let Some(year) = ctx.report.meta.year else { return };
    for (i, (name, _)) in crate::layout::PARTS.iter().enumerate() {
        let text = ctx.report.narrative.part_text(i);
        let n = text.chars().filter(|c| !c.is_whitespace()).count();
        if n < 10 || ((i == 0 || i == 4) && text.chars().count() >= 40) {
            continue;
        }
        if crate::draft::move_year_on(prev.narrative.part_text(i), prev.meta.year, year) != text {
            continue;
        }
        // the first sentence shows which text is meant
        let end = text
            .find('。')
            .map_or_else(|| text.char_indices().nth(60).map_or(text.len(), |(b, _)| b), |b| b + '。'.len_utf8());
        // a figure other than a year (3940元, 5件) is most likely last year's: a warning
        let figure = figures_besides_years(text);
        let (severity, what) = if figure { (Severity::Warning, "数字和情况") } else { (Severity::Info, "情况") };
        out.push(
            Finding::new(
                "D508",
                severity,
                format!("“{name}”的文字与上年报告相同（只改了年份），其中的{what}可能仍是上年的"),
            )
            .at(Some(i as u8), text, 0, end),
        );
    }
}

/// Whether a text holds a number that is not a year ("2025年" is one, "3940元" and "5件" are not).
fn figures_besides_years(text: &str) -> bool {
    let mut digits = 0;
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits += 1;
            continue;
        }
        if digits > 0 && !(digits == 4 && (c == '年' || c == '-' || c == '.')) {
            return true;
        }
        digits = 0;
    }
    false
}

/// The cells of tables 三 and 四 that both years' layouts share (表三's rows by key, 表四 all),
/// with this year's and last year's value.
fn shared_t3_t4(ctx: &Ctx<'_>, prev: &crate::model::Report) -> Vec<(Option<i64>, Option<i64>)> {
    let (l, pl) = (ctx.layout, prev.layout());
    let mut out = Vec::new();
    for (r, row) in l.t3_rows.iter().enumerate() {
        let Some(pr) = pl.t3_row(row.key) else { continue };
        for c in 0..l.t3_columns.len() {
            out.push((ctx.report.int(l.t3(r, c)), prev.int(pl.t3(pr, c))));
        }
    }
    for g in 0..l.t4_groups.len() {
        for c in 0..l.t4_columns.len() {
            out.push((ctx.report.int(l.t4(g, c)), prev.int(pl.t4(g, c))));
        }
    }
    out
}

/// D505: tables 三 and 四 identical to last year's, with numbers in them.
pub fn copied_tables(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(prev) = ctx.previous else { return };
    let t34 = |r: &crate::model::Report| r.provenance.unread.iter().any(|c| c.table != TableId::T2);
    if t34(ctx.report) || t34(prev) {
        return;
    }
    let cells = shared_t3_t4(ctx, prev);
    let nonzero = cells.iter().filter(|(a, _)| a.unwrap_or(0) != 0).count();
    if nonzero > 0 && cells.iter().all(|(a, b)| a.unwrap_or(0) == b.unwrap_or(0)) {
        out.push(
            Finding::new(
                "D505",
                Severity::Warning,
                format!("表三、表四的数据与上年报告完全相同（{nonzero}个非零单元格一致），请核实是否照搬上年数据"),
            )
            .values("与上年相同", "本年度实际数据"),
        );
    }
}

/// D506: 本年新收, 复议 or 诉讼 totals changing by five times or more (both years ≥ 10).
pub fn large_changes(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(prev) = ctx.previous else { return };
    let t4_total = |r: &crate::model::Report, groups: &[usize]| -> Option<i64> {
        let lay = r.layout();
        groups.iter().map(|&g| r.int(lay.t4(g, lay.t4_columns.len() - 1))).sum()
    };
    let new_total = |r: &crate::model::Report| {
        let lay = r.layout();
        lay.t3_row("new").and_then(|row| r.int(lay.t3(row, lay.t3_total_col())))
    };
    let figures = [
        ("本年新收政府信息公开申请", new_total(ctx.report), new_total(prev), TableId::T3),
        ("行政复议总计", t4_total(ctx.report, &[0]), t4_total(prev, &[0]), TableId::T4),
        ("行政诉讼总计", t4_total(ctx.report, &[1, 2]), t4_total(prev, &[1, 2]), TableId::T4),
    ];
    for (what, now, before, table) in figures {
        let (Some(now), Some(before)) = (now, before) else { continue };
        let (lo, hi) = (now.min(before), now.max(before));
        if lo >= 10 && hi >= 5 * lo {
            let trend = if now > before { "增加" } else { "减少" };
            out.push(
                Finding::new(
                    "D506",
                    Severity::Info,
                    format!(
                        "{what}由上年{before}件{trend}到{now}件（{:.1}倍），变化较大，建议复核统计口径",
                        hi as f64 / lo as f64
                    ),
                )
                .table(table)
                .values(now, format!("上年{before}")),
            );
        }
    }
}

/// D507: half or more of the text of parts 一 and 五 repeats last year's sentences.
pub fn repeated_sentences(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(prev) = ctx.previous else { return };
    let own = Sentences::of(ctx.report);
    // too little text to speak of a repetition rate (as D504: 40 characters)
    if own.len() < 40 {
        return;
    }
    let Some(r) = own.reuse_of(&Sentences::of(prev)) else { return };
    if r.share >= REPEAT_WARN {
        let pct = format!("{:.0}%", r.share * 100.0);
        out.push(
            Finding::new(
                "D507",
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The multiset intersection by sorting both lists and merging them.
    fn by_merge(a: &[u64], b: &[u64]) -> usize {
        let (mut a, mut b) = (a.to_vec(), b.to_vec());
        a.sort_unstable();
        b.sort_unstable();
        let (mut i, mut j, mut common) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Equal => (i, j, common) = (i + 1, j + 1, common + 1),
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
            }
        }
        common
    }

    proptest::proptest! {
        #[test]
        fn common_count_is_the_multiset_intersection(
            a in proptest::collection::vec(0u64..40, 0..300),
            b in proptest::collection::vec(0u64..40, 0..300),
        ) {
            proptest::prop_assert_eq!(common_count(&a, &b), by_merge(&a, &b));
        }
    }

    #[test]
    fn figures_are_numbers_that_are_not_years() {
        assert!(figures_besides_years("2025年，全年收取信息处理费3940元。"));
        assert!(figures_besides_years("发布信息5条"));
        assert!(!figures_besides_years("2025年，无收取信息处理费情况。"));
        assert!(!figures_besides_years("2024-2025年"));
    }

    #[test]
    fn similar_texts() {
        assert_eq!(similarity("本机关全年主动公开信息", "本机关全年主动公开信息"), 1.0);
        assert_eq!(similarity("甲乙", "丙丁"), 0.0);
        let s = similarity("2023年本局公开信息120条", "2024年本局公开信息80条");
        assert!((s - 1.0).abs() < 1e-9, "years and numbers are left out: {s}");
    }
}
