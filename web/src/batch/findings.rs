//! The findings of the report selected in the batch table, as the workbook's 问题清单 lists
//! them (cells by name, found and expected values), each with 确认 and 不予采纳 for the review
//! file. Hooks: `data-testid="batch-findings"`, each finding `data-code` and `data-severity`, its
//! buttons `finding-confirm` and `finding-waive`.

use super::read::Item;
use leptos::prelude::*;
use nianbao_core::{Finding, Report};
use nianbao_workbook::{FindingRow, ReportRow};
use std::sync::Arc;

/// The findings of the selected report.
#[component]
pub fn BatchFindings(item: Arc<Item>, on_review: Callback<(usize, Finding, bool)>) -> impl IntoView {
    let Ok(checked) = &item.outcome else { return ().into_any() };
    // errors first, then warnings, then notes; each in rule order
    let mut findings: Vec<_> = checked.findings.iter().collect();
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let rows: Vec<(String, usize, FindingRow, Option<String>, Finding)> = findings
        .into_iter()
        .map(|f| {
            let row = FindingRow::new(&item.file, &checked.report, f);
            (f.severity.as_str().to_string(), f.cells.len(), row, ocr_cells(&checked.report, f), f.clone())
        })
        .collect();
    let id = item.id;
    let ocr = ocr_fact(&checked.report);
    let title = if checked.row.agency.is_empty() { item.file.clone() } else { checked.row.agency.clone() };
    let facts = batch_facts(&checked.row);
    let year = checked.row.year.map(|y| format!("{y}年度")).unwrap_or_default();
    view! {
        <aside class="batch-findings" data-testid="batch-findings" aria-label="所选年报的检查结果">
            <h2>{title} " " {year}</h2>
            <p class="muted small">{item.file.clone()}</p>
            <ul class="facts small" data-testid="batch-facts">
                {facts.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
                {ocr.map(|o| view! { <li class="ocr" data-testid="batch-ocr">{o}</li> })}
            </ul>
            <p class="tally">
                <span class="bad">{checked.row.errors} " 个错误"</span>
                " · "
                <span class="warn">{checked.row.warnings} " 个警告"</span>
            </p>
            {if rows.is_empty() {
                view! { <p class="good">"未发现问题"</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {rows
                            .into_iter()
                            .map(|(sev, cell_count, r, read, finding)| {
                                // a long list of cells is in the message already (and the workbook)
                                let cells = match cell_count {
                                    0 => None,
                                    1..=3 => Some(r.cells.clone()),
                                    n => Some(format!("涉及 {n} 个单元格")),
                                };
                                // a derived rate has a value and nothing it should be: its message says it
                                let values = (!r.found.is_empty() && !r.expected.is_empty())
                                    .then(|| format!("现为 {}，应为 {}", r.found, r.expected));
                                view! {
                                    <li class=format!("finding {sev}") data-code=r.code.clone() data-severity=sev>
                                        <span class="code">{r.code.clone()}</span>
                                        <span class="level">{r.severity.clone()}</span>
                                        <span class="message">{r.message.clone()}</span>
                                        {cells.map(|c| view! { <div class="muted small">{c}</div> })}
                                        {values.map(|v| view! { <div class="muted small">{v}</div> })}
                                        {read.map(|o| view! { <div class="small ocr" data-testid="finding-ocr">{o}</div> })}
                                        <div class="review small">
                                            <button data-testid="finding-confirm" title="记入复核文件：此问题已确认，不再列出"
                                                on:click={
                                                    let f = finding.clone();
                                                    move |_| on_review.run((id, f.clone(), true))
                                                }>"确认"</button>
                                            <button data-testid="finding-waive" title="记入复核文件：不予采纳（需写明理由），不再列出"
                                                on:click=move |_| on_review.run((id, finding.clone(), false))>"不予采纳"</button>
                                        </div>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </aside>
    }
    .into_any()
}

/// What of a report was read from pictures by OCR: how many numbers, how many doubtful.
fn ocr_fact(report: &Report) -> Option<String> {
    let (read, doubtful) = report.provenance.ocr_counts();
    if read == 0 {
        return None;
    }
    let doubt = if doubtful > 0 { format!("，其中 {doubtful} 个识别把握较低") } else { String::new() };
    Some(format!("表格由文字识别（OCR）从图片读出：{read} 个数字{doubt}，请对照原件核对"))
}

/// The cells of a finding read from pictures by OCR, with the recogniser's confidence.
fn ocr_cells(report: &Report, f: &Finding) -> Option<String> {
    let layout = report.layout();
    let read: Vec<String> = f
        .cells
        .iter()
        .filter_map(|id| layout.parse_cell_id(id))
        .filter_map(|c| report.provenance.ocr.get(&c).map(|conf| (c, *conf)))
        .map(|(c, conf)| format!("{}（识别把握 {conf}%）", layout.cell_name(c)))
        .collect();
    match read.len() {
        0 => None,
        1..=3 => Some(format!("由图片识别读出：{}", read.join("；"))),
        n => Some(format!("其中 {n} 个单元格由图片识别读出")),
    }
}

/// What the batch review says of a report: publication date and timeliness, the paired
/// previous-year report, the most similar report of another unit, the roster.
fn batch_facts(r: &ReportRow) -> Vec<String> {
    let pct = |v: f64| format!("{:.0}%", v * 100.0);
    let mut out = Vec::new();
    let published = match (&r.published, &r.date_source) {
        (Some(d), Some(src)) => format!("发布日期：{d}（{src}）"),
        (Some(d), None) => format!("发布日期：{d}"),
        _ => "发布日期：未找到".to_string(),
    };
    let due = r.deadline.as_ref().map(|d| format!("，截止 {d}，{}", r.on_time_label())).unwrap_or_default();
    out.push(format!("{published}{due}"));
    out.push(match (&r.previous, r.repetition) {
        (Some(p), Some(share)) => format!("上年报告：{p}（第一、五部分与之重复 {}）", pct(share)),
        (Some(p), None) => format!("上年报告：{p}"),
        (None, _) => "上年报告：本批中没有".to_string(),
    });
    if let (Some(s), Some(share)) = (&r.similar, r.similar_share) {
        out.push(format!("最相似的同年度报告：{s}（重复 {}）", pct(share)));
    }
    if !r.roster.is_empty() {
        out.push(format!("名单：{}", r.roster));
    }
    out
}
