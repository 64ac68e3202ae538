//! 汇总 in 批量检查 (as `nianbao sum` does): tables 三 and 四 of the batch's reports of its year
//! (a report in several files once) added up cell by cell, the sum checked with the 勾稽 rules
//! and compared with the government's own report among them (B701); the sum opens as a draft.

use super::read::Kept;
use crate::app::Shell;
use crate::home;
use leptos::prelude::*;
use nianbao_core::batch::notice::entries_of_year;
use nianbao_core::batch::sum::{find_government, sum};
use nianbao_core::{Finding, Report};

/// What the sum gave, as shown.
#[derive(Debug, Clone)]
struct Summed {
    /// The sum as a report (tables 三 and 四).
    report: Report,
    /// The files added up.
    files: Vec<String>,
    /// Files left out, with the reason.
    left_out: Vec<(String, String)>,
    /// The government's report compared with the sum.
    government: Option<String>,
    /// The 勾稽 findings of the sum and the comparison (B701).
    findings: Vec<Finding>,
}

fn summed(kept: &Kept) -> Option<Summed> {
    let files: Vec<&str> = entries_of_year(&kept.review).iter().map(|e| e.file.as_str()).collect();
    let inputs: Vec<(&str, &Report)> = kept
        .files
        .iter()
        .filter_map(|(name, r)| Some((name.as_str(), &r.as_ref().ok()?.0.report)))
        .filter(|(name, _)| files.contains(name))
        .collect();
    if inputs.is_empty() {
        return None;
    }
    let reports: Vec<&Report> = inputs.iter().map(|(_, r)| *r).collect();
    let gov = find_government(&reports);
    let s = sum(&reports, gov);
    Some(Summed {
        files: s.included.iter().map(|&i| inputs[i].0.to_string()).collect(),
        left_out: s.left_out.iter().map(|(i, why)| (inputs[*i].0.to_string(), why.clone())).collect(),
        government: s.government.map(|g| inputs[g].0.to_string()),
        findings: s.findings.iter().chain(&s.comparison).cloned().collect(),
        report: s.report,
    })
}

/// The 汇总 button and what it gave.
#[component]
pub fn SumPanel(kept: StoredValue<Kept>, #[prop(into)] disabled: Signal<bool>) -> impl IntoView {
    let shell = expect_context::<Shell>();
    let shown = RwSignal::new(None::<Summed>);
    let on_sum = move |_| match kept.with_value(summed) {
        Some(s) => shown.set(Some(s)),
        None => shell.tell("本批没有可以汇总的年报".to_string()),
    };
    let on_open = move |_| {
        if let Some(s) = shown.get_untracked() {
            let year = s.report.meta.year.map(|y| format!("{y}年度")).unwrap_or_default();
            home::create(shell, &s.report, &format!("{year}汇总（{}份年报）", s.files.len()));
        }
    };
    view! {
        <div class="batch-sum">
            <button data-testid="batch-sum" disabled=move || disabled.get() on:click=on_sum>"汇总表三、表四"</button>
            {move || shown.get().map(|s| {
                let (errors, _, _) = nianbao_core::rules::tally(&s.findings);
                let against = match &s.government {
                    Some(g) => format!("与政府本级年报“{g}”比较"),
                    None => "本批中没有可比较的政府本级年报".to_string(),
                };
                let left = (!s.left_out.is_empty()).then(|| {
                    let l: Vec<String> = s.left_out.iter().map(|(f, why)| format!("{f}（{why}）")).collect();
                    format!("未汇总：{}", l.join("；"))
                });
                view! {
                    <div class="batch-sum-result" data-testid="batch-sum-result">
                        <p>{format!("汇总{}份年报，{against}；勾稽关系{errors}个错误。", s.files.len())}</p>
                        {left.map(|l| view! { <p class="muted small">{l}</p> })}
                        <ul class="small">
                            {s.findings.iter().map(|f| view! { <li data-code=f.code.clone()>{format!("{}[{}] {}", f.severity.label(), f.code, f.message)}</li> }).collect_view()}
                        </ul>
                        <button data-testid="batch-sum-open" on:click=on_open>"打开汇总为草稿"</button>
                    </div>
                }
            })}
        </div>
    }
}
