//! The findings panel: every problem, live; a click goes to the cell or the sentence it is
//! about. The list can be copied as plain text (`data-testid="findings-copy"`) or saved as .csv
//! (`findings-csv`) for a reviewer's feedback.
//!
//! Hooks: the panel has `data-testid="findings"`, each finding `data-severity`, `data-code`,
//! `data-cells` (the cell ids it names) and `data-expected`.

use crate::editor::Doc;
use crate::files;
use leptos::prelude::*;
use nianbao_core::{Finding, Report, Severity};
use wasm_bindgen::JsCast;

/// The cell a finding most likely points at, among `cells`: a blank one the clerk can type
/// into, else the one the clerk typed into last (`recent`, the latest last), else the first the
/// clerk can type into, else the first.
fn likely_cell(cells: &[String], recent: &[String]) -> Option<web_sys::HtmlInputElement> {
    let inputs: Vec<web_sys::HtmlInputElement> = cells
        .iter()
        .filter_map(|id| document().query_selector(&format!("input[data-cell=\"{id}\"]")).ok().flatten())
        .filter_map(|e| e.dyn_into().ok())
        .collect();
    let editable = || inputs.iter().filter(|i| !i.read_only());
    let typed_last =
        recent.iter().rev().find_map(|id| editable().find(|i| i.get_attribute("data-cell").as_ref() == Some(id)));
    // a blank cell first (a sum cannot hold without it), then the one typed last
    editable()
        .find(|i| i.value().trim().is_empty())
        .or(typed_last)
        .or_else(|| editable().next())
        .or(inputs.first())
        .cloned()
}

/// The cells of a finding with, for each total the editor adds up itself, the cells it adds
/// (a wrong sum may come from any of them): every cell that could be wrong.
fn relation_cells(f: &Finding, report: &Report) -> Vec<String> {
    let l = report.layout();
    let mut out: Vec<String> = Vec::new();
    let mut todo: Vec<String> = f.cells.clone();
    while let Some(id) = todo.pop() {
        if out.contains(&id) || out.len() > 200 {
            continue;
        }
        if let Some(cell) = l.parse_cell_id(&id) {
            if !report.manual_totals.contains(&cell) {
                if let Some(parts) = nianbao_core::draft::total_parts(report.edition, cell) {
                    todo.extend(parts.into_iter().map(|c| l.cell_id(c)));
                }
            }
        }
        out.push(id);
    }
    out
}

/// Selects a range of a text box (byte offsets of its text) and scrolls to it.
fn select_text(key: &str, start: usize, end: usize) -> Option<web_sys::Element> {
    let el = document().query_selector(&format!("textarea[data-part=\"{key}\"]")).ok().flatten()?;
    let area = el.dyn_ref::<web_sys::HtmlTextAreaElement>()?;
    let text = area.value();
    let to_utf16 = |b: usize| text.get(..b.min(text.len())).map_or(0, |s| s.encode_utf16().count()) as u32;
    let _ = area.focus();
    let _ = area.set_selection_range(to_utf16(start), to_utf16(end.max(start)));
    Some(el)
}

/// The place in the text of a finding that carries no location: the title (S306), the
/// statistics period in the opening (S305).
fn text_place(f: &Finding, r: &Report) -> Option<(&'static str, usize, usize)> {
    match f.code.as_str() {
        "S306" => Some(("title", 0, r.narrative.title.len())),
        "S305" => {
            let o = &r.narrative.opening;
            match o.find("统计期限") {
                Some(i) => {
                    let end = o[i..].find('。').map_or(o.len(), |e| i + e + '。'.len_utf8());
                    Some(("opening", i, end))
                }
                None => Some(("opening", 0, o.len())),
            }
        }
        _ => None,
    }
}

/// Scrolls to the place of a finding, selects it and flashes its cells: the sentence for a
/// finding about the text, else the cell most likely wrong, else the table.
pub fn go_to(f: &Finding, report: &Report, recent: &[String]) {
    let cells = relation_cells(f, report);
    let document = document();
    let (target, focused): (Option<web_sys::Element>, bool) = if let Some(loc) = &f.location {
        let key = loc.part.map_or("opening".to_string(), |p| p.to_string());
        (select_text(&key, loc.start, loc.end), true)
    } else if let Some((key, start, end)) = text_place(f, report) {
        (select_text(key, start, end), true)
    } else if let Some(input) = likely_cell(&cells, recent) {
        (Some(input.into()), false)
    } else if let Some(t) = f.table {
        (document.query_selector(&format!("[data-table=\"{}\"]", t.numeral())).ok().flatten(), false)
    } else {
        (None, false)
    };
    let Some(el) = target else { return };
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    if !focused {
        if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            let _ = input.focus();
            input.select();
        }
    }
    for id in &cells {
        if let Ok(Some(e)) = document.query_selector(&format!("[data-cell=\"{id}\"]")) {
            let _ = e.class_list().add_1("flash");
            set_timeout(move || drop(e.class_list().remove_1("flash")), std::time::Duration::from_millis(2200));
        }
    }
}

/// The names of a finding's cells, "表三“一、本年新收…”" joined by "、".
fn cell_names(f: &Finding, r: &Report) -> String {
    let l = r.layout();
    f.cells.iter().map(|id| l.parse_cell_id(id).map_or(id.clone(), |c| l.cell_name(c))).collect::<Vec<_>>().join("、")
}

/// One row per finding: severity, code, table, cells, found, expected, message.
fn rows(findings: &[Finding], r: &Report) -> Vec<[String; 7]> {
    findings
        .iter()
        .map(|f| {
            [
                f.severity.label().to_string(),
                f.code.clone(),
                f.table.map(|t| format!("表{}", t.numeral())).unwrap_or_default(),
                cell_names(f, r),
                f.found.clone().unwrap_or_default(),
                f.expected.clone().unwrap_or_default(),
                f.message.clone(),
            ]
        })
        .collect()
}

const COLUMNS: [&str; 7] = ["级别", "代码", "表", "单元格", "现为", "应为", "说明"];

/// The list as plain text: one finding a line, fields separated by tabs (pastes into a table).
pub fn as_text(findings: &[Finding], r: &Report) -> String {
    let mut out = COLUMNS.join("\t");
    for row in rows(findings, r) {
        out.push('\n');
        out.push_str(&row.iter().map(|s| s.replace(['\t', '\n'], " ")).collect::<Vec<_>>().join("\t"));
    }
    out.push('\n');
    out
}

/// The list as CSV (UTF-8 with a byte-order mark, which Excel/WPS need to read Chinese).
pub fn as_csv(findings: &[Finding], r: &Report) -> String {
    let field = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.map(field).join(","));
    for row in rows(findings, r) {
        out.push_str("\r\n");
        out.push_str(&row.iter().map(|s| field(s)).collect::<Vec<_>>().join(","));
    }
    out.push_str("\r\n");
    out
}

/// The panel.
#[component]
pub fn FindingsPanel() -> impl IntoView {
    let doc = expect_context::<Doc>();
    let findings = doc.findings;
    let count = move |s: Severity| findings.with(|f| f.iter().filter(|x| x.severity == s).count());
    let show_info = RwSignal::new(false);
    let shown = move || -> Vec<Finding> {
        findings.with(|f| f.iter().filter(|x| show_info.get() || x.severity != Severity::Info).cloned().collect())
    };
    let copy = move |_| {
        let text = doc.report.with_untracked(|r| as_text(&shown(), r));
        files::copy_text(text, doc.shell, "已复制问题清单，可粘贴到反馈意见或表格中", "导出问题清单");
    };
    let csv = move |_| {
        let (text, name) =
            doc.report.with_untracked(|r| (as_csv(&shown(), r), files::file_name(r, "年报问题清单.csv")));
        if let Err(e) = files::download(&name, "text/csv", &text) {
            doc.tell(e);
        }
    };
    let against = move || {
        doc.previous.with(|p| match p {
            Some(p) => format!("跨年度检查（D501–D504）对照的上年草稿：“{}”", p.name),
            None => "本浏览器中没有同一机关上一年度的草稿，未作跨年度检查（D501–D504）。".to_string(),
        })
    };
    view! {
        <aside class="findings" data-testid="findings" aria-label="检查结果">
            <h2>"检查结果"</h2>
            <p class="tally">
                // the cells whose typed text was not kept are errors too, listed below, as the toolbar counts them
                <span class="bad" data-testid="findings-errors">{move || count(Severity::Error) + doc.bad.with(|b| b.len())} " 个错误"</span>
                " · "
                <span class="warn">{move || count(Severity::Warning)} " 个警告"</span>
                " · "
                <label class="small"><input type="checkbox" prop:checked=move || show_info.get() on:change=move |_| show_info.update(|v| *v = !*v)/>
                    {move || format!("显示 {} 个提示", count(Severity::Info))}</label>
            </p>
            <p class="list-tools">
                <button class="small" data-testid="findings-copy" on:click=copy>"复制问题清单"</button>
                <button class="small" data-testid="findings-csv" on:click=csv>"导出问题清单（.csv）"</button>
            </p>
            <p class="muted small" data-testid="previous-draft">{against}</p>
            <BadCells/>
            <Show when=move || findings.with(|f| f.iter().all(|x| x.severity == Severity::Info))>
                <p class="good">"没有发现错误或警告。"</p>
            </Show>
            <ol>
                {move || shown().into_iter().map(|f| view! { <FindingItem f=f/> }).collect_view()}
            </ol>
        </aside>
    }
}

/// Cells whose typed text was not kept (not a number the cell allows).
#[component]
fn BadCells() -> impl IntoView {
    let doc = expect_context::<Doc>();
    move || {
        let items = doc.bad.get();
        (!items.is_empty()).then(|| {
            let l = doc.report.with_untracked(|r| r.layout());
            let list = items
                .into_iter()
                .map(|(id, text)| {
                    let name = l.parse_cell_id(&id).map_or(id.clone(), |c| l.cell_name(c));
                    let go = id.clone();
                    view! {
                        <li class="finding error" data-severity="error" data-code="填写">
                            <button class="finding-go" on:click=move |_| {
                                if let Ok(Some(el)) = document().query_selector(&format!("input[data-cell=\"{go}\"]")) {
                                    if let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() {
                                        let _ = input.focus();
                                        input.select();
                                    }
                                }
                            }>
                                <span class="sev">"错误"</span>
                                <span class="msg">{format!("{name}：填写的“{text}”不是本栏允许的内容，未计入（按空白处理）")}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! { <ol class="bad-cells">{list}</ol> }
        })
    }
}

/// The rules of sums (勾稽关系): a failure says which cells are involved, not which is wrong.
const SUMS: [&str; 5] = ["A101", "A102", "A103", "A104", "A105"];

#[component]
fn FindingItem(f: Finding) -> impl IntoView {
    let doc = expect_context::<Doc>();
    let open = RwSignal::new(false);
    let cells_open = RwSignal::new(false);
    let sev = f.severity.as_str();
    let code = f.code.clone();
    // the rule's texts come from the importer worker when first asked for
    let explain = RwSignal::new(None::<crate::files::RuleText>);
    let rule_code = f.code.clone();
    let toggle = move |_| {
        if explain.with_untracked(Option::is_some) {
            return open.update(|o| *o = !*o);
        }
        let started = crate::files::rule_in_worker(&rule_code, move |r| match r {
            Ok(t) => {
                if explain.try_set(Some(t)).is_none() {
                    let _ = open.try_set(true);
                }
            }
            Err(e) => doc.tell(e),
        });
        if let Err(e) = started {
            doc.tell(e);
        }
    };
    let target = f.clone();
    let values = match (&f.found, &f.expected) {
        // a sum that does not hold: either side may hold the wrong cell
        (Some(a), Some(b)) if SUMS.contains(&f.code.as_str()) => {
            Some(format!("两边分别为 {a} 和 {b}，其中至少一格有误（点击查看涉及的各格）"))
        }
        (Some(a), Some(b)) => Some(format!("现为 {a}，应为 {b}")),
        _ => None,
    };
    // V203 lists many cells: one line with the count, the cells on demand
    let (message, cells_on_demand) = match (f.code.as_str(), f.message.split_once('：')) {
        ("V203", Some((head, _))) => {
            let names = doc.report.with_untracked(|r| cell_names(&f, r));
            (head.to_string(), Some(names))
        }
        _ => (f.message.clone(), None),
    };
    view! {
        <li class=format!("finding {sev}") data-severity=sev data-code=code.clone() data-cells=f.cells.join(" ") data-expected=f.expected.clone()>
            <button class="finding-go" on:click=move |_| {
                doc.report.with_untracked(|r| {
                    let l = r.layout();
                    let recent: Vec<String> = doc.recent.with_value(|v| v.iter().map(|c| l.cell_id(*c)).collect());
                    go_to(&target, r, &recent)
                })
            }>
                <span class="sev">{f.severity.label()}</span>
                <code>{code.clone()}</code>
                <span class="msg">{message}</span>
            </button>
            {values.map(|v| view! { <div class="values small">{v}</div> })}
            {cells_on_demand.map(|names| view! {
                <button class="link small" on:click=move |_| cells_open.update(|o| *o = !*o)>
                    {move || if cells_open.get() { "收起单元格" } else { "列出单元格" }}
                </button>
                <Show when=move || cells_open.get()>
                    <div class="explain small">{names.clone()}</div>
                </Show>
            })}
            <button class="link small" data-testid="explain" on:click=toggle>
                {move || if open.get() { "收起说明" } else { "规则说明" }}
            </button>
            <Show when=move || open.get()>
                {move || explain.get().map(|r| view! {
                    <div class="explain small">
                        <p><strong>{r.name}</strong>"：" {r.summary}</p>
                        <p>{r.explanation}</p>
                        <p class="bad">"错误示例：" {r.bad}</p>
                        <p class="good">"正确示例：" {r.good}</p>
                    </div>
                })}
            </Show>
        </li>
    }
}
