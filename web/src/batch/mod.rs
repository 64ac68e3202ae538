//! 批量检查: a supervisor chooses or drops many published reports (or a whole folder); each is
//! read and checked in this browser, nothing is uploaded and nothing is stored. The batch is
//! reviewed by the core: each report paired with last year's report of the same unit, its
//! publication date, deadline and timeliness, repetition, and, with a roster (名单 CSV), the
//! units without a report. The page shows a progress bar, the table of reports ([`table`]),
//! the findings of the one clicked ([`findings`]), and 下载检查结果 writes the workbook
//! ([`export`]). A report becomes a draft only when the user clicks 打开为草稿 on its row.
//!
//! Hooks: the file input `data-testid="batch-files"`, the folder input `batch-folder`, the
//! roster input `batch-roster`, one `data-testid="batch-row"` per report and `batch-missing`
//! per unit without a report, the button `batch-download`, the progress bar `batch-progress`.

mod charts;
mod dropped;
mod export;
mod findings;
mod handing;
pub mod read;
mod store;
mod sum_panel;
mod table;

use crate::app::{NoticeLine, Shell};
use crate::home;
use charts::BatchCharts;
use findings::BatchFindings;
use handing::HandOn;
use leptos::prelude::*;
use nianbao_core::batch::{parse_roster, Roster};
use nianbao_core::read::{PICTURE_EXTENSIONS, REPORT_EXTENSIONS};
use nianbao_workbook::MissingRow;
use read::{read_batch, Item, Kept, Progress};
use std::sync::Arc;
use sum_panel::SumPanel;
use table::{BatchTable, Filter};
use wasm_bindgen::JsCast;

thread_local! {
    /// The page shown by [`mount`], unmounted when it is shown again.
    static SHOWN: std::cell::RefCell<Option<Box<dyn std::any::Any>>> = const { std::cell::RefCell::new(None) };
}

/// Shows the 批量检查 page, with its own notice line, in `host` (called by the page module,
/// src/bin/batch-page.rs). A page shown before is unmounted first.
pub fn mount(host: web_sys::HtmlElement) {
    SHOWN.with_borrow_mut(|shown| {
        drop(shown.take());
        let handle = leptos::mount::mount_to(host, || {
            let shell = Shell::new();
            provide_context(shell);
            view! {
                <BatchPage/>
                <NoticeLine shell/>
            }
        });
        *shown = Some(Box::new(handle));
    });
}

/// The files of a FileList, each with the name shown (its path inside a chosen folder).
fn file_list(list: Option<web_sys::FileList>) -> Vec<(String, web_sys::File)> {
    let files: Vec<web_sys::File> =
        list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default();
    files.into_iter().map(|f| (read::display_name(&f), f)).collect()
}

/// The 批量检查 page.
#[component]
pub fn BatchPage() -> impl IntoView {
    let shell = expect_context::<Shell>();
    let items = RwSignal::new(Vec::<Arc<Item>>::new());
    let kept = StoredValue::new(Kept::default());
    let roster = StoredValue::new(None::<Roster>);
    let roster_name = RwSignal::new(None::<(String, usize)>);
    let missing = RwSignal::new(Vec::<MissingRow>::new());
    let progress = RwSignal::new(Progress::default());
    let generation = StoredValue::new(0u32);
    let filter = RwSignal::new(Filter::All);
    let selected = RwSignal::new(None::<usize>);
    let exporting = RwSignal::new(false);
    let dragging = RwSignal::new(false);
    let year = RwSignal::new(None::<u16>);
    // the batch kept for the tab (after 打开为草稿 and Back, or a reload)
    // (read back while the page shows; a batch begun before it comes back is kept as it is)
    leptos::task::spawn_local(async move {
        let Some((k, r)) = read::restore().await else { return };
        if kept.try_with_value(|k| !k.files.is_empty()) != Some(false) || progress.try_get_untracked().is_none() {
            return;
        }
        roster_name.set(k.roster.as_ref().map(|(name, _)| (name.clone(), r.as_ref().map_or(0, |r| r.units.len()))));
        roster.set_value(r);
        year.set(k.year);
        kept.set_value(k);
        kept.update_value(|k| read::review(k, roster.get_value(), items));
        missing.set(kept.with_value(|k| k.review.missing.iter().map(MissingRow::from_unit).collect()));
        let n = items.with_untracked(Vec::len);
        progress.set(Progress { done: n, total: n, ..Progress::default() });
    });

    // (also after a batch stopped because the page was left: then nothing is shown)
    let show_missing = move || {
        if let Some(rows) = kept.try_with_value(|k| k.review.missing.iter().map(MissingRow::from_unit).collect()) {
            missing.try_set(rows);
        }
    };
    let on_roster = move |ev: leptos::ev::Event| {
        let Some(file) = crate::files::chosen_file(&ev) else { return };
        let name = file.name();
        leptos::task::spawn_local(async move {
            // a roster in a spreadsheet (.xlsx .xls .ods): its first sheet, read in the workbook
            // worker; else CSV text
            let text = match crate::files::read_file(file).await {
                Ok(b) if b.starts_with(b"PK") || b.starts_with(b"\xD0\xCF\x11\xE0") => {
                    crate::files::roster_sheet_in_worker(&b).await
                }
                Ok(b) => crate::files::decode(&b),
                Err(e) => Err(e),
            };
            let parsed = text.and_then(|text| parse_roster(&text).map(|r| (r, text)));
            match parsed {
                Ok((r, text)) => {
                    roster_name.set(Some((name.clone(), r.units.len())));
                    roster.set_value(Some(r));
                    kept.update_value(|k| k.roster = Some((name, text)));
                    if !progress.get_untracked().running() && kept.with_value(|k| !k.files.is_empty()) {
                        selected.set(None);
                        kept.update_value(|k| read::review(k, roster.get_value(), items));
                        show_missing();
                    }
                    kept.try_with_value(|k| read::save(k, shell));
                }
                Err(e) => shell.tell(format!("无法读取名单“{name}”：{e}")),
            }
        });
    };
    let start = move |chosen: Vec<(String, web_sys::File)>| {
        if chosen.is_empty() {
            return;
        }
        selected.set(None);
        leptos::task::spawn_local(async move {
            read_batch(chosen, kept, roster, items, progress, generation, shell).await;
            show_missing();
        });
    };
    let on_input = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = ev.target().expect("input event target").unchecked_into();
        let chosen = file_list(input.files());
        input.set_value("");
        start(chosen);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let Some(dt) = ev.data_transfer() else { return };
        // folders are walked through their entries, which are only there during the event
        match dropped::entries(&dt) {
            Some(entries) => leptos::task::spawn_local(async move { start(dropped::files(entries).await) }),
            None => start(file_list(dt.files())),
        }
    };
    let on_open = Callback::new(move |id: usize| {
        let Some(item) = items.with_untracked(|v| v.iter().find(|i| i.id == id).cloned()) else { return };
        let Ok(checked) = &item.outcome else { return };
        let name = format!("{}（导入自文件“{}”）", home::default_name(&checked.report), item.file);
        home::create(shell, &checked.report, &name);
    });
    let on_download = move |_| {
        exporting.set(true);
        kept.with_value(|k| {
            export::download(k, move |result| {
                exporting.set(false);
                match result {
                    Ok(name) => shell.tell(format!("已生成“{name}”")),
                    Err(e) => shell.tell(e),
                }
            })
        });
    };

    // on a narrow screen the findings are below the table: the chosen row's come into view
    Effect::new(move |_| {
        if selected.get().is_none() {
            return;
        }
        let Some(w) = web_sys::window() else { return };
        if w.inner_width().ok().and_then(|v| v.as_f64()).is_none_or(|x| x >= 900.0) {
            return;
        }
        let show = wasm_bindgen::closure::Closure::once_into_js(|| {
            if let Some(panel) = document().query_selector("[data-testid=batch-findings]").ok().flatten() {
                panel.scroll_into_view();
            }
        });
        let _ = w.request_animation_frame(show.unchecked_ref());
    });
    // the review file: a finding confirmed or not taken up is held back from the review
    let reselect = move |file: String| {
        selected.set(items.with_untracked(|v| v.iter().find(|i| i.file == file).map(|i| i.id)));
    };
    let on_review = Callback::new(move |(id, f, confirm): (usize, nianbao_core::Finding, bool)| {
        let Some(item) = items.with_untracked(|v| v.iter().find(|i| i.id == id).cloned()) else { return };
        let Ok(checked) = &item.outcome else { return };
        let reason = if confirm {
            String::new()
        } else {
            match window().prompt_with_message("不予采纳的理由：") {
                Ok(Some(r)) if !r.trim().is_empty() => r.trim().to_string(),
                _ => return,
            }
        };
        let entry = nianbao_core::batch::baseline::Reviewed {
            agency: checked.report.meta.agency.clone(),
            year: checked.report.meta.year,
            code: f.code.clone(),
            part: if f.cells.is_empty() { f.location.as_ref().and_then(|l| l.part) } else { None },
            cells: f.cells.clone(),
            message: f.message.clone(),
            file: item.file.clone(),
            decision: if confirm { "已确认" } else { "不予采纳" }.to_string(),
            reason,
        };
        kept.update_value(|k| {
            k.baseline.get_or_insert_with(nianbao_core::batch::Baseline::default).entries.push(entry);
            read::review(k, roster.get_value(), items);
        });
        show_missing();
        reselect(item.file.clone());
        kept.try_with_value(|k| read::save(k, shell));
    });
    let on_baseline = move |ev: leptos::ev::Event| {
        let Some(file) = crate::files::chosen_file(&ev) else { return };
        let name = file.name();
        leptos::task::spawn_local(async move {
            let parsed = crate::files::read_file(file)
                .await
                .and_then(|b| crate::files::decode(&b))
                .and_then(|t| nianbao_core::batch::Baseline::parse(&t));
            match parsed {
                Ok(b) => {
                    let n = b.entries.len();
                    kept.update_value(|k| {
                        k.baseline = Some(b);
                        read::review(k, roster.get_value(), items);
                    });
                    selected.set(None);
                    show_missing();
                    shell.tell(format!("已载入复核文件“{name}”（{n} 条）"));
                    kept.try_with_value(|k| read::save(k, shell));
                }
                Err(e) => shell.tell(format!("无法读取复核文件“{name}”：{e}")),
            }
        });
    };
    let on_export_baseline = move |_| {
        let json = kept.with_value(|k| k.baseline.as_ref().map(nianbao_core::batch::Baseline::to_json));
        match json.map(|j| crate::files::download("复核文件.json", "application/json", &j)) {
            Some(Ok(())) => shell.tell("已生成“复核文件.json”：命令行用 --baseline 复核文件.json 可读取".to_string()),
            Some(Err(e)) => shell.tell(e),
            None => shell.tell("还没有复核过任何问题".to_string()),
        }
    };
    let reviewed = move || {
        items.with(|_| ());
        kept.with_value(|k| k.review.entries.iter().map(|e| e.reviewed).sum::<usize>())
    };
    let on_clear = move |_| {
        generation.update_value(|g| *g = g.wrapping_add(1));
        read::forget();
        kept.set_value(Kept::default());
        roster.set_value(None);
        roster_name.set(None);
        items.set(Vec::new());
        missing.set(Vec::new());
        selected.set(None);
        year.set(None);
        progress.set(Progress::default());
    };
    let years = move || {
        let mut ys: Vec<u16> = items.with(|v| v.iter().filter_map(|i| i.outcome.as_ref().ok()?.row.year).collect());
        ys.sort_unstable();
        ys.dedup();
        ys
    };
    let chart_tables = Signal::derive(move || {
        items.with(|_| ());
        missing.with(|_| ());
        kept.with_value(|k| nianbao_workbook::xlsx::chart_tables(&export::workbook(k)))
    });
    let counts = move || {
        items.with(|v| {
            let read = v.iter().filter(|i| i.outcome.is_ok()).count();
            let with_errors = v.iter().filter(|i| i.outcome.as_ref().is_ok_and(|c| c.row.errors > 0)).count();
            (read, v.len() - read, with_errors)
        })
    };
    let summary = move || {
        let p = progress.get();
        let (read, unread, with_errors) = counts();
        let mut s = format!("已读取 {read} 份年报，其中 {with_errors} 份有错误");
        if unread > 0 {
            s.push_str(&format!("；{unread} 个文件未能读取"));
        }
        if p.skipped > 0 {
            s.push_str(&format!("；跳过 {} 个非年报文件", p.skipped));
        }
        let m = missing.with(Vec::len);
        if m > 0 {
            let y = kept.with_value(|k| k.review.year).map(|y| format!("{y}年度")).unwrap_or_default();
            s.push_str(&format!("；名单中 {m} 个单位未发布{y}年报"));
        }
        s
    };
    let unreadable = move || {
        items.with(|v| {
            v.iter().filter_map(|i| i.outcome.as_ref().err().map(|e| (i.file.clone(), e.clone()))).collect::<Vec<_>>()
        })
    };
    let chosen_item = move || selected.get().and_then(|id| items.with(|v| v.iter().find(|i| i.id == id).cloned()));

    let accept =
        REPORT_EXTENSIONS.iter().chain(PICTURE_EXTENSIONS).map(|e| format!(".{e}")).collect::<Vec<_>>().join(",");

    view! {
        <section class="batch-page">
            <p><a href="#/">"← 草稿列表"</a></p>
            <h1>"批量检查"</h1>
            <p class="muted">
                "选择或拖入多份已发布的年报（PDF 含扫描件、Word .docx/.doc、WPS .wps、OFD、网页 .html、文字 .txt、草稿 .json、图片 .png/.jpg/.tif，GBK 编码也可以），或选择、拖入整个文件夹。"
                "全部在本浏览器中读取和检查，不上传，也不保存为草稿；需要修改时在该行点“打开为草稿”。"
            </p>
            <div
                class="dropzone"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label class="file">"选择文件…"
                    <input type="file" multiple accept=accept data-testid="batch-files" on:change=on_input/>
                </label>
                <label class="file">"选择文件夹…"
                    <input type="file" multiple prop:webkitdirectory=true data-testid="batch-folder" on:change=on_input/>
                </label>
                <span class="muted small">"或把文件、文件夹拖到这里"</span>
                <label class="file">"载入名单（CSV 或 Excel）…"
                    <input type="file" accept=".csv,.txt,.xlsx,.xls,.ods,text/csv,text/plain" data-testid="batch-roster" on:change=on_roster/>
                </label>
                <span class="muted small" data-testid="batch-roster-name">{move || {
                    roster_name
                        .get()
                        .map(|(n, count)| format!("名单：{n}（{count} 个单位）"))
                        .unwrap_or_else(|| "名单：单位, 类别（部门/政府）, 截止日期（MM-DD），可选".to_string())
                }}</span>
            </div>
            <Show when=move || { progress.get().total > 0 }>
                <div class="batch-status">
                    <progress data-testid="batch-progress" max=move || progress.get().total value=move || progress.get().done></progress>
                    <span>{move || {
                        let p = progress.get();
                        if p.reviewing {
                            format!("正在检查 {} 份年报（与上年报告配对、发布日期、重复率）…", p.total)
                        } else if let Some((read, all)) = p.pictures.filter(|_| p.running()) {
                            format!("正在读取 {} / {}：正在识别第 {} 份中的图片文字 {read}/{all}", p.done, p.total, p.done + 1)
                        } else if p.running() {
                            format!("正在读取 {} / {}", p.done, p.total)
                        } else {
                            summary()
                        }
                    }}</span>
                </div>
            </Show>
            <div class="batch-tools">
                <span class="filters" role="group" aria-label="筛选">
                    {Filter::ALL
                        .map(|(f, label)| {
                            view! {
                                <button class:active=move || filter.get() == f on:click=move |_| filter.set(f)>{label}</button>
                            }
                        })
                        .to_vec()}
                </span>
                <label class="year-filter">"年度 "
                    <select data-testid="batch-year" on:change=move |ev| {
                        // the batch's year too: 未发布, 概况, the charts and the 通报 follow it
                        let chosen: Option<u16> = event_target_value(&ev).parse().ok();
                        year.set(chosen);
                        kept.update_value(|k| {
                            k.year = chosen;
                            read::review(k, roster.get_value(), items);
                        });
                        selected.set(None);
                        show_missing();
                        kept.try_with_value(|k| read::save(k, shell));
                    }>
                        <option value="" selected=move || year.get().is_none()>"全部"</option>
                        {move || years().into_iter().map(|y| view! { <option value=y.to_string() selected=move || year.get() == Some(y)>{format!("{y}年度")}</option> }).collect_view()}
                    </select>
                </label>
                <label class="file">"载入复核文件…"
                    <input type="file" accept=".json,application/json" data-testid="batch-baseline" on:change=on_baseline/>
                </label>
                <button data-testid="batch-export-baseline" on:click=on_export_baseline>"导出复核文件"</button>
                <span class="muted small" data-testid="batch-reviewed">{move || {
                    let n = reviewed();
                    (n > 0).then(|| format!("已复核 {n} 条，未列出"))
                }}</span>
                <button data-testid="batch-clear" disabled=move || progress.get().running() on:click=on_clear>"清空本批"</button>
                <button
                    class="primary"
                    data-testid="batch-download"
                    disabled=move || {
                        progress.get().running() || exporting.get() || (items.with(Vec::is_empty) && missing.with(Vec::is_empty))
                    }
                    on:click=on_download
                >
                    {move || if exporting.get() { "正在生成…" } else { "下载检查结果" }}
                </button>
            </div>
            <HandOn kept=kept disabled=Signal::derive(move || progress.get().running() || items.with(Vec::is_empty))/>
            <SumPanel kept=kept disabled=Signal::derive(move || progress.get().running() || items.with(Vec::is_empty))/>
            <Show when=move || items.with(|v| !v.is_empty())>
                <BatchCharts tables=chart_tables/>
            </Show>
            <div class="batch-body">
                <div class="batch-table-wrap">
                    <BatchTable items=items missing=missing filter=filter year=year selected=selected on_open=on_open/>
                </div>
                {move || chosen_item().map(|item| view! { <BatchFindings item=item on_review=on_review/> })}
            </div>
            <Show when=move || !unreadable().is_empty()>
                <h2>"未能读取的文件"</h2>
                <ul class="batch-unread" data-testid="batch-unread">
                    {move || {
                        unreadable()
                            .into_iter()
                            .map(|(file, why)| view! { <li><strong>{file}</strong> "：" {why}</li> })
                            .collect_view()
                    }}
                </ul>
            </Show>
        </section>
    }
}
