//! The batch's figures as small SVG bar charts (no chart library): the same tables as the
//! workbook's 统计图 sheet (`nianbao_workbook::xlsx::chart_tables`) — status of the units, problems
//! by kind, 本年新收 by unit, and by year when the batch holds several years.

use leptos::prelude::*;
use nianbao_workbook::xlsx::ChartTable;

/// Bar colours of the value columns (错误 red, 警告 amber; a single column blue).
const COLOURS: [&str; 3] = ["#4472c4", "#c0504d", "#f0a030"];

/// One chart: a row a bar (stacked when a row has several values), its label and total.
#[component]
fn BarChart(table: ChartTable) -> impl IntoView {
    let (title, header, rows) = table;
    let width = 420.0;
    let label_w = 150.0;
    let bar_w = width - label_w - 50.0;
    let row_h = 20.0;
    let max = rows.iter().map(|(_, v)| v.iter().sum::<i64>()).max().unwrap_or(0).max(1) as f64;
    let height = row_h * rows.len() as f64 + 8.0;
    let several = header.len() > 2;
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, values))| {
            let y = 4.0 + row_h * i as f64;
            let total: i64 = values.iter().sum();
            let shown: String = if label.chars().count() > 10 {
                format!("{}…", label.chars().take(9).collect::<String>())
            } else {
                label.clone()
            };
            let mut x = label_w;
            let segments = values
                .iter()
                .enumerate()
                .filter(|(_, v)| **v > 0)
                .map(|(k, v)| {
                    let w = bar_w * (*v as f64) / max;
                    let colour = if several { COLOURS[(k + 1).min(2)] } else { COLOURS[0] };
                    let rect = view! { <rect x=x y=y + 3.0 width=w height=row_h - 6.0 fill=colour/> };
                    x += w;
                    rect
                })
                .collect_view();
            view! {
                <g>
                    <title>{format!("{label}：{total}")}</title>
                    <text x=label_w - 6.0 y=y + 14.0 text-anchor="end" font-size="12">{shown}</text>
                    {segments}
                    <text x=x + 4.0 y=y + 14.0 font-size="12">{total}</text>
                </g>
            }
        })
        .collect_view();
    let legend = several.then(|| {
        header[1..]
            .iter()
            .enumerate()
            .map(|(k, h)| view! { <span class="legend"><i style=format!("background:{}", COLOURS[(k + 1).min(2)])></i>{h.clone()}</span> })
            .collect_view()
    });
    view! {
        <figure class="batch-chart" data-testid="batch-chart">
            <figcaption>{title} {legend}</figcaption>
            <svg viewBox=format!("0 0 {width} {height}") width="100%" role="img">{bars}</svg>
        </figure>
    }
}

/// The charts of the batch, a table a chart (tables without rows left out).
#[component]
pub fn BatchCharts(#[prop(into)] tables: Signal<Vec<ChartTable>>) -> impl IntoView {
    view! {
        <div class="batch-charts" data-testid="batch-charts">
            {move || {
                tables.get().into_iter().filter(|t| !t.2.is_empty()).map(|t| view! { <BarChart table=t/> }).collect_view()
            }}
        </div>
    }
}
