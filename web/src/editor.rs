//! The editor: the whole report on one page, checked on every change and saved on every change.

use crate::app::{go, Route, Shell};
use crate::files;
use crate::findings::FindingsPanel;
use crate::store;
use crate::table::TableView;
use leptos::prelude::*;
use nianbao_core::draft::apply_computed_totals;
use nianbao_core::layout::PARTS;
use nianbao_core::model::Level;
use nianbao_core::{check, Finding, Report, Severity, TableId};
use std::collections::HashMap;

/// The state of saving.
#[derive(Clone, PartialEq)]
enum Saved {
    /// Saved at this time (ms).
    At(f64),
    /// Not saved: why, in Chinese (the edit stays in the page).
    Failed(String),
    /// Another tab has the draft: saving paused until the clerk decides.
    Paused,
}

fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
}

thread_local! {
    static TAB: String = store::new_id();
}

fn tab_id() -> String {
    TAB.with(Clone::clone)
}

/// The editor of one draft.
#[component]
pub fn Editor(id: String) -> impl IntoView {
    match store::load(&id) {
        Ok(r) => view! { <Loaded id=id report=r/> }.into_any(),
        Err(e) => view! {
            <section class="home">
                <h1>"无法打开草稿"</h1>
                <p class="bad">{e}</p>
                <p><a href="#/">"返回草稿列表"</a>"（损坏的草稿可在列表中下载原始内容）"</p>
            </section>
        }
        .into_any(),
    }
}

#[component]
fn Loaded(id: String, report: Report) -> impl IntoView {
    let shell = expect_context::<Shell>();
    let name = RwSignal::new(store::name(&id));
    let report = RwSignal::new(report);
    let saved = RwSignal::new(Saved::At(js_sys::Date::now()));
    let conflict = RwSignal::new(None::<String>);
    let id = StoredValue::new(id);

    let save = move || {
        if conflict.get_untracked().is_some() {
            saved.set(Saved::Paused);
            return;
        }
        let result = report.with_untracked(|r| store::save(&id.get_value(), r, &name.get_untracked()));
        saved.set(match result {
            Ok(t) => Saved::At(t),
            Err(e) => Saved::Failed(e),
        });
    };
    let edit = Callback::new(move |f: Box<dyn FnOnce(&mut Report)>| {
        report.update(|r| {
            f(r);
            apply_computed_totals(r);
        });
        save();
    });
    let tell = Callback::new(move |s: String| shell.tell(s));

    // tell other tabs that this one has the draft open; listen to them
    store::announce_open(&id.get_value(), &tab_id());
    let _ = window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
        let Some(key) = ev.key() else { return };
        let me = id.get_value();
        if key == format!("{}{me}", store::OPEN) {
            let other = ev.new_value().unwrap_or_default();
            if !other.starts_with(&tab_id()) {
                conflict.set(Some(
                    "这份草稿刚在另一个标签页中打开。两处同时编辑会互相覆盖，本页已暂停自动保存。".to_string(),
                ));
            }
        } else if key == store::draft_key(&me) {
            conflict
                .set(Some("这份草稿刚在另一个标签页中被修改。为免覆盖对方的修改，本页已暂停自动保存。".to_string()));
        }
    });

    let findings: Memo<Vec<Finding>> = Memo::new(move |_| report.with(|r| check(r, None)));
    let marks: Memo<HashMap<String, Severity>> = Memo::new(move |_| {
        let mut m: HashMap<String, Severity> = HashMap::new();
        for f in findings.get().iter().filter(|f| f.severity >= Severity::Warning) {
            for c in &f.cells {
                let e = m.entry(c.clone()).or_insert(f.severity);
                if f.severity > *e {
                    *e = f.severity;
                }
            }
        }
        m
    });

    let export_json = move |_| {
        let r = report.get_untracked();
        if let Err(e) = files::download(&files::file_name(&r, "年报草稿.json"), "application/json", &r.to_json()) {
            shell.tell(e);
        }
    };

    // exports: a report with errors is exported only after the clerk has seen them
    let confirm_errors = move || -> bool {
        let errors: Vec<String> = findings.with_untracked(|f| {
            f.iter().filter(|x| x.severity == Severity::Error).map(|x| format!("[{}] {}", x.code, x.message)).collect()
        });
        if errors.is_empty() {
            return true;
        }
        let shown: Vec<&str> = errors.iter().take(8).map(String::as_str).collect();
        let more = if errors.len() > 8 { format!("\n……等共 {} 个错误", errors.len()) } else { String::new() };
        let msg = format!("本年报还有 {} 个错误：\n\n{}{more}\n\n仍要导出吗？", errors.len(), shown.join("\n"));
        window().confirm_with_message(&msg).unwrap_or(false)
    };
    let download = move |suffix: &'static str, mime: &'static str, bytes: Vec<u8>| {
        let name = report.with_untracked(|r| files::file_name(r, suffix));
        if let Err(e) = files::download_bytes(&name, mime, &bytes) {
            shell.tell(e);
        }
    };
    let export_page = move |_| {
        if confirm_errors() {
            download(
                "政府信息公开工作年度报告.html",
                "text/html",
                report.with_untracked(nianbao_core::render::html::page).into_bytes(),
            );
        }
    };
    let export_text = move |_| {
        if confirm_errors() {
            download(
                "政府信息公开工作年度报告.txt",
                "text/plain",
                report.with_untracked(nianbao_core::render::text::plain).into_bytes(),
            );
        }
    };
    let export_docx = move |_| {
        if !confirm_errors() {
            return;
        }
        shell.tell("正在生成 Word 文件……");
        let json = report.with_untracked(Report::to_json);
        let done = move |result: Result<Vec<u8>, String>| match result {
            Ok(bytes) => {
                download(
                    "政府信息公开工作年度报告.docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    bytes,
                );
                shell.tell("已导出 Word 文件");
            }
            Err(e) => shell.tell(e),
        };
        if let Err(e) = files::docx_in_worker(&json, done) {
            shell.tell(e);
        }
    };
    let copy_html = move |_| {
        if !confirm_errors() {
            return;
        }
        let html = report.with_untracked(nianbao_core::render::html::fragment);
        let clipboard = window().navigator().clipboard();
        leptos::task::spawn_local(async move {
            let done = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&html)).await;
            match done {
                Ok(_) => shell.tell("已复制 HTML，可直接粘贴到网站内容管理系统的“源代码”编辑框"),
                Err(_) => shell.tell("浏览器不允许写入剪贴板：请改用“下载 HTML”"),
            }
        });
    };
    let print_page = move |_| {
        if confirm_errors() {
            let _ = window().print();
        }
    };

    let status = move || {
        match saved.get() {
        Saved::At(t) => view! { <span class="saved" data-testid="saved">{format!("已保存 {}", clock(t))}</span> }.into_any(),
        Saved::Failed(e) => view! {
            <span class="save-failed" data-testid="save-failed">{e}" "<button on:click=export_json>"导出草稿"</button></span>
        }
        .into_any(),
        Saved::Paused => view! { <span class="save-failed" data-testid="save-paused">"自动保存已暂停"</span> }.into_any(),
    }
    };

    let text_field = move |key: &'static str, get: fn(&Report) -> String, set: fn(&mut Report, String), rows: u32| {
        view! {
            <textarea
                data-part=key
                rows=rows
                prop:value=move || report.with(get)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    edit.run(Box::new(move |r: &mut Report| set(r, v)));
                }
            ></textarea>
        }
    };

    let edition = Memo::new(move |_| report.with(|r| r.edition));
    let part = move |i: usize| {
        let table = match i {
            1 => Some(TableId::T2),
            2 => Some(TableId::T3),
            3 => Some(TableId::T4),
            _ => None,
        };
        let hint = match i {
            0 => "建议按（一）主动公开（二）依申请公开（三）政府信息管理（四）平台建设（五）监督保障分述。",
            1 => "可在表前作简要说明（可不写）。",
            2 => "可在表前作简要说明（可不写）；表三数字须满足勾稽关系。",
            3 => "可在表前作简要说明（可不写）。",
            4 => "写明存在的主要问题和改进措施，以及上年度问题的整改情况。",
            _ => "2021年起请说明本年度收取信息处理费的情况；没有其他事项的写“无”。",
        };
        view! {
            <section class="part" id=format!("part-{i}")>
                <input
                    class="heading"
                    aria-label=format!("第{}部分标题", i + 1)
                    prop:value=move || report.with(|r| {
                        let h = &r.narrative.parts[i].heading;
                        if h.is_empty() { PARTS[i].0.to_string() } else { h.clone() }
                    })
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        edit.run(Box::new(move |r: &mut Report| r.narrative.parts[i].heading = v));
                    }
                />
                <p class="muted small no-print">{hint}</p>
                <textarea
                    data-part=i.to_string()
                    rows=if table.is_some() { 3 } else { 10 }
                    prop:value=move || report.with(|r| r.narrative.parts[i].text.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        edit.run(Box::new(move |r: &mut Report| {
                            r.narrative.parts[i].text = v;
                            if r.narrative.parts[i].heading.is_empty() {
                                r.narrative.parts[i].heading = PARTS[i].0.to_string();
                            }
                        }));
                    }
                ></textarea>
                {move || {
                    // drawn again only when the edition (and so the layout) changes
                    let _edition = edition.get();
                    table.map(|t| view! { <TableView table=t report=report edit=edit marks=marks tell=tell/> })
                }}
            </section>
        }
    };

    let edition_label = move || report.with(|r| r.edition.label());
    // the year asks for the other edition: offer to move the draft over
    let wanted_edition =
        move || report.with(|r| r.meta.year.map(nianbao_core::Edition::for_year).filter(|e| *e != r.edition));
    let convert = move |_| {
        let Some(edition) = wanted_edition() else { return };
        let (converted, lost) = report.with_untracked(|r| nianbao_core::draft::convert_edition(r, edition));
        if !lost.is_empty() {
            let shown: Vec<&str> = lost.iter().take(10).map(String::as_str).collect();
            let msg = format!(
                "改用{}后，以下 {} 个单元格在新表中没有对应位置，将被清空：\n\n{}{}\n\n表三、表四和正文保留。继续吗？",
                edition.label(),
                lost.len(),
                shown.join("\n"),
                if lost.len() > 10 { "\n……" } else { "" }
            );
            if !window().confirm_with_message(&msg).unwrap_or(false) {
                return;
            }
        }
        report.set(converted);
        save();
        shell.tell(format!("已改用{}", edition.label()));
    };

    view! {
        <div class="editor">
            <div class="toolbar no-print">
                <a href="#/" class="back">"← 草稿列表"</a>
                <input class="draft-name" aria-label="草稿名称" prop:value=move || name.get() on:change=move |ev| {
                    name.set(event_target_value(&ev));
                    save();
                }/>
                <span class="edition">{edition_label}</span>
                {status}
                <span class="spacer"></span>
                <button on:click=export_docx data-testid="export-docx">"导出 Word"</button>
                <button on:click=copy_html data-testid="copy-html">"复制 HTML"</button>
                <button on:click=export_page data-testid="export-html">"下载 HTML"</button>
                <button on:click=export_text data-testid="export-txt">"下载文本"</button>
                <button on:click=print_page data-testid="print">"打印"</button>
                <button on:click=export_json data-testid="export-json">"导出草稿"</button>
            </div>
            {move || conflict.get().map(|msg| view! {
                <div class="banner no-print" data-testid="conflict" role="alert">
                    <span>{msg}</span>
                    <button on:click=move |_| {
                        store::announce_open(&id.get_value(), &tab_id());
                        conflict.set(None);
                        save();
                    }>"以本页为准继续编辑"</button>
                    <button on:click=move |_| {
                        match store::load(&id.get_value()) {
                            Ok(r) => {
                                report.set(r);
                                store::announce_open(&id.get_value(), &tab_id());
                                conflict.set(None);
                                saved.set(Saved::At(js_sys::Date::now()));
                            }
                            Err(e) => shell.tell(e),
                        }
                    }>"载入另一标签页的版本"</button>
                </div>
            })}
            {move || wanted_edition().map(|e| view! {
                <div class="banner no-print" data-testid="edition-banner">
                    <span>{move || report.with(|r| format!("{}年度年报应使用{}，本草稿用的是{}。", r.meta.year.unwrap_or_default(), e.label(), r.edition.label()))}</span>
                    <button on:click=convert data-testid="convert-edition">{format!("改用{}", e.label())}</button>
                </div>
            })}
            <div class="columns">
                <article class="report">
                    <section class="meta no-print">
                        <label>"发布机关" <input data-testid="agency" prop:value=move || report.with(|r| r.meta.agency.clone()) on:input=move |ev| {
                            let v = event_target_value(&ev);
                            edit.run(Box::new(move |r: &mut Report| {
                                r.meta.tier = nianbao_core::import::classify_agency(&v).1;
                                r.meta.agency = v;
                            }));
                        }/></label>
                        <label>"年度" <input type="number" min="2008" max="2100" data-testid="year" prop:value=move || report.with(|r| r.meta.year.map(|y| y.to_string()).unwrap_or_default()) on:change=move |ev| {
                            let v = event_target_value(&ev).trim().parse::<u16>().ok();
                            edit.run(Box::new(move |r: &mut Report| r.meta.year = v));
                        }/></label>
                        <label>"类别" <select on:change=move |ev| {
                            let gov = event_target_value(&ev) == "gov";
                            edit.run(Box::new(move |r: &mut Report| r.meta.level = if gov { Level::Government } else { Level::Department }));
                        }>
                            <option value="dept" selected=move || report.with(|r| r.meta.level == Level::Department)>"部门年报"</option>
                            <option value="gov" selected=move || report.with(|r| r.meta.level == Level::Government)>"人民政府年报"</option>
                        </select></label>
                    </section>
                    <section class="front">
                        <label class="muted small no-print">"标题"</label>
                        {text_field("title", |r| r.narrative.title.clone(), |r, v| r.narrative.title = v, 2)}
                        <label class="muted small no-print">"开头（编制依据、统计期限、公布渠道、联系方式）"</label>
                        {text_field("opening", |r| r.narrative.opening.clone(), |r, v| r.narrative.opening = v, 4)}
                    </section>
                    {(0..6).map(part).collect_view()}
                    <p class="no-print"><button class="link" on:click=move |_| go(&Route::Home)>"返回草稿列表"</button></p>
                </article>
                <FindingsPanel findings=findings/>
            </div>
        </div>
    }
}
