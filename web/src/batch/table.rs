//! The table of a batch: one row per report read, sortable by any column (a click on its
//! header; a second click reverses), filtered by 有错误 / 有警告 / 迟报 / 重复率高 / 未发布; a
//! click on a row selects it. Roster units without a report (未发布) follow the reports.

use super::read::Item;
use leptos::prelude::*;
use nianbao_core::reuse::REPEAT_WARN;
use nianbao_workbook::{totals_in_order, MissingRow, ReportRow};
use std::cmp::Ordering;
use std::sync::Arc;

/// What the table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Every report.
    All,
    /// Reports with at least one error.
    Errors,
    /// Reports with at least one warning.
    Warnings,
    /// Reports published after their deadline.
    Late,
    /// Reports repeating last year's or another unit's report by half or more.
    Repeated,
    /// Only the roster units without a report.
    Missing,
}

impl Filter {
    /// The filters, with their labels.
    pub const ALL: [(Filter, &'static str); 6] = [
        (Filter::All, "全部"),
        (Filter::Errors, "有错误"),
        (Filter::Warnings, "有警告"),
        (Filter::Late, "迟报"),
        (Filter::Repeated, "重复率高"),
        (Filter::Missing, "未发布"),
    ];

    fn keeps(self, row: &ReportRow) -> bool {
        let high = |v: Option<f64>| v.is_some_and(|v| v >= REPEAT_WARN);
        match self {
            Filter::All => true,
            Filter::Errors => row.errors > 0,
            Filter::Warnings => row.warnings > 0,
            Filter::Late => row.on_time == Some(false),
            Filter::Repeated => high(row.repetition) || high(row.similar_share),
            Filter::Missing => false,
        }
    }

    fn shows_missing(self) -> bool {
        matches!(self, Filter::All | Filter::Missing)
    }
}

/// A column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Agency,
    Level,
    Year,
    Edition,
    Published,
    OnTime,
    Errors,
    Warnings,
    /// One of the key totals, by its index in `totals_in_order`.
    Total(usize),
    Repetition,
    File,
}

/// The columns, with their headers.
const COLUMNS: [(Col, &str); 17] = [
    (Col::Agency, "单位"),
    (Col::Level, "类别"),
    (Col::Year, "年度"),
    (Col::Edition, "格式"),
    (Col::Published, "发布日期"),
    (Col::OnTime, "是否按时"),
    (Col::Errors, "错误"),
    (Col::Warnings, "警告"),
    (Col::Total(0), "本年新收"),
    (Col::Total(1), "上年结转"),
    (Col::Total(2), "办结"),
    (Col::Total(3), "结转下年度"),
    (Col::Total(4), "行政复议"),
    (Col::Total(5), "直接起诉"),
    (Col::Total(6), "复议后起诉"),
    (Col::Repetition, "与上年重复率"),
    (Col::File, "文件"),
];

/// Compares two rows by a column; blanks sort after values.
fn compare(col: Col, a: &ReportRow, b: &ReportRow) -> Ordering {
    fn blanks_last<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    match col {
        Col::Agency => a.agency.cmp(&b.agency),
        Col::Level => a.level.cmp(&b.level),
        Col::Year => blanks_last(a.year, b.year),
        Col::Edition => a.edition.cmp(&b.edition),
        Col::Published => blanks_last(a.published.as_ref(), b.published.as_ref()),
        Col::OnTime => a.on_time_label().cmp(b.on_time_label()),
        Col::Errors => a.errors.cmp(&b.errors),
        Col::Warnings => a.warnings.cmp(&b.warnings),
        Col::Total(i) => blanks_last(totals_in_order(&a.totals)[i], totals_in_order(&b.totals)[i]),
        Col::Repetition => a.repetition.partial_cmp(&b.repetition).unwrap_or(Ordering::Equal),
        Col::File => a.file.cmp(&b.file),
    }
}

fn cell_text(col: Col, row: &ReportRow) -> String {
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    match col {
        Col::Agency if row.agency.is_empty() => "（未写明）".to_string(),
        Col::Agency => row.agency.clone(),
        Col::Level => row.level.clone(),
        Col::Year => row.year.map(|y| y.to_string()).unwrap_or_else(|| "—".to_string()),
        Col::Edition => row.edition.trim_end_matches("格式").to_string(),
        Col::Published => row.published.clone().unwrap_or_default(),
        Col::OnTime => row.on_time_label().to_string(),
        Col::Errors => row.errors.to_string(),
        Col::Warnings => row.warnings.to_string(),
        Col::Total(i) => opt(totals_in_order(&row.totals)[i]),
        Col::Repetition => row.repetition.map(|p| format!("{:.0}%", p * 100.0)).unwrap_or_default(),
        Col::File => row.file.clone(),
    }
}

/// The table of the reports of a batch.
#[component]
pub fn BatchTable(
    items: RwSignal<Vec<Arc<Item>>>,
    missing: RwSignal<Vec<MissingRow>>,
    filter: RwSignal<Filter>,
    year: RwSignal<Option<u16>>,
    selected: RwSignal<Option<usize>>,
    on_open: Callback<usize>,
) -> impl IntoView {
    let sort = RwSignal::new(None::<(Col, bool)>);
    let rows = Memo::new(move |_| {
        let f = filter.get();
        let y = year.get();
        let keeps = |r: &ReportRow| f.keeps(r) && (y.is_none() || r.year == y);
        let mut v: Vec<Arc<Item>> =
            items.with(|items| items.iter().filter(|i| report_row(i).is_some_and(keeps)).cloned().collect());
        if let Some((col, descending)) = sort.get() {
            v.sort_by(|a, b| {
                let o = match (report_row(a), report_row(b)) {
                    (Some(a), Some(b)) => compare(col, a, b),
                    _ => Ordering::Equal,
                };
                if descending {
                    o.reverse()
                } else {
                    o
                }
            });
        }
        v
    });
    let header = move |col: Col, label: &'static str| {
        let mark = move || match sort.get() {
            Some((c, false)) if c == col => " ▲",
            Some((c, true)) if c == col => " ▼",
            _ => "",
        };
        let on_click = move |_| {
            sort.update(|s| {
                *s = match *s {
                    Some((c, false)) if c == col => Some((col, true)),
                    _ => Some((col, false)),
                }
            })
        };
        view! { <th><button class="sort" on:click=on_click>{label}{mark}</button></th> }
    };
    view! {
        <table class="batch" data-testid="batch-table">
            <thead>
                // 操作 second, after the unit: in view at 1366 px without scrolling the table
                <tr>
                    {header(COLUMNS[0].0, COLUMNS[0].1)}
                    <th>"操作"</th>
                    {COLUMNS[1..].iter().map(|(c, l)| header(*c, l)).collect_view()}
                </tr>
            </thead>
            <tbody>
                <For each=move || rows.get() key=|i| i.id let:item>
                    {report_row(&item).cloned().map(|row| view! { <BatchRow id=item.id row=row selected=selected on_open=on_open/> })}
                </For>
                {move || {
                    filter
                        .get()
                        .shows_missing()
                        .then(|| missing.get().into_iter().map(|m| view! { <MissingLine m=m/> }).collect_view())
                }}
            </tbody>
        </table>
        <Show when=move || {
            rows.with(Vec::is_empty) && items.with(|v| v.iter().any(|i| i.outcome.is_ok()))
                && !(filter.get().shows_missing() && missing.with(|m| !m.is_empty()))
        }>
            <p class="muted">"没有符合筛选条件的年报。"</p>
        </Show>
    }
}

/// The 汇总 row of an item, if its file was read.
fn report_row(item: &Item) -> Option<&ReportRow> {
    item.outcome.as_ref().ok().map(|c| &c.row)
}

/// A roster unit without a report.
#[component]
fn MissingLine(m: MissingRow) -> impl IntoView {
    view! {
        <tr class="missing" data-testid="batch-missing">
            <td>{m.agency}</td>
            <td></td>
            <td>{m.level}</td>
            <td colspan=COLUMNS.len() - 1>"未发布（" {m.roster} "）"</td>
        </tr>
    }
}

#[component]
fn BatchRow(id: usize, row: ReportRow, selected: RwSignal<Option<usize>>, on_open: Callback<usize>) -> impl IntoView {
    let has_errors = row.errors > 0;
    let mut cells = COLUMNS
        .map(|(col, _)| {
            let numeric = !matches!(col, Col::Agency | Col::Level | Col::Edition | Col::File);
            view! { <td class:num=numeric class:errors=col == Col::Errors>{cell_text(col, &row)}</td> }
        })
        .to_vec();
    let rest = cells.split_off(1);
    view! {
        <tr
            data-testid="batch-row"
            class:has-errors=has_errors
            class:selected=move || selected.get() == Some(id)
            on:click=move |_| selected.set(Some(id))
        >
            {cells}
            <td>
                <button data-testid="batch-open" on:click=move |ev| {
                    ev.stop_propagation();
                    on_open.run(id);
                }>"打开为草稿"</button>
            </td>
            {rest}
        </tr>
    }
}
