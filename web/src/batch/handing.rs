//! What a supervisor hands on from 批量检查 (as `nianbao check --notice --unit-lists` does): the
//! 通报 and one list of problems for each unit, written by the Word worker (a separate wasm
//! module, loaded on first use) from the core's documents (`nianbao_core::batch::notice`).

use super::read::Kept;
use crate::app::Shell;
use crate::files;
use leptos::prelude::*;
use nianbao_core::batch::notice::{entries_of_year, list_file_name, notice, unit_list, unit_name, NoticeOptions};

/// The media type of .docx files.
const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Today as a 公文 date: "2026年2月10日".
fn today() -> String {
    let d = js_sys::Date::new_0();
    format!("{}年{}月{}日", d.get_full_year(), d.get_month() + 1, d.get_date())
}

/// The 通报 of the batch kept, as a download; `done` gets the file name or a Chinese error.
fn download_notice(kept: &Kept, o: &NoticeOptions, done: impl FnOnce(Result<String, String>) + 'static) {
    let unreadable: Vec<(String, String)> =
        kept.files.iter().filter_map(|(f, r)| r.as_ref().err().map(|e| (f.clone(), e.clone()))).collect();
    let doc = notice(&kept.review, &unreadable, o);
    let year = kept.review.year.map(|y| format!("{y}年度")).unwrap_or_default();
    let name = format!("{year}年报检查情况通报.docx");
    let json = match serde_json::to_string(&doc) {
        Ok(j) => format!("document:{j}"),
        Err(e) => return done(Err(format!("通报无法整理：{e}"))),
    };
    send(&json, name, DOCX_TYPE, done);
}

/// The units' lists (the batch's year, a report in several files once) as one .zip.
fn download_lists(kept: &Kept, o: &NoticeOptions, done: impl FnOnce(Result<String, String>) + 'static) {
    let mut used = Vec::new();
    let docs: Vec<(String, nianbao_core::render::document::Document)> = entries_of_year(&kept.review)
        .into_iter()
        .filter_map(|e| Some((list_file_name(&unit_name(e), e.year, &mut used), unit_list(e, o)?)))
        .collect();
    if docs.is_empty() {
        return done(Err("本批年报没有需要整改的问题，未生成问题清单".to_string()));
    }
    let json = match serde_json::to_string(&docs) {
        Ok(j) => format!("documents:{j}"),
        Err(e) => return done(Err(format!("问题清单无法整理：{e}"))),
    };
    let year = kept.review.year.map(|y| format!("{y}年度")).unwrap_or_default();
    send(&json, format!("{year}各单位问题清单（{}份）.zip", docs.len()), "application/zip", done);
}

/// Has the Word worker write `json` and offers the bytes as `name`.
fn send(json: &str, name: String, mime: &'static str, done: impl FnOnce(Result<String, String>) + 'static) {
    files::download_from_worker(&files::DOCX_WORKER, json, name, mime, done);
}

/// The issuer and deadline fields and the two downloads.
#[component]
pub fn HandOn(kept: StoredValue<Kept>, #[prop(into)] disabled: Signal<bool>) -> impl IntoView {
    let shell = expect_context::<Shell>();
    let issuer = RwSignal::new(String::new());
    let deadline = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let options =
        move || NoticeOptions { issuer: issuer.get_untracked(), date: today(), deadline: deadline.get_untracked() };
    let finish = move |r: Result<String, String>| {
        busy.set(false);
        match r {
            Ok(name) => shell.tell(format!("已生成“{name}”")),
            Err(e) => shell.tell(e),
        }
    };
    let on_notice = move |_| {
        busy.set(true);
        kept.with_value(|k| download_notice(k, &options(), finish));
    };
    let on_lists = move |_| {
        busy.set(true);
        kept.with_value(|k| download_lists(k, &options(), finish));
    };
    view! {
        <div class="batch-handon" data-testid="batch-handon">
            <label>"落款单位 "
                <input type="text" placeholder="如 某某县人民政府办公室" data-testid="batch-issuer"
                    prop:value=move || issuer.get() on:input=move |ev| issuer.set(event_target_value(&ev))/>
            </label>
            <label>"整改期限 "
                <input type="text" placeholder="如 2026年3月10日" data-testid="batch-fix-by"
                    prop:value=move || deadline.get() on:input=move |ev| deadline.set(event_target_value(&ev))/>
            </label>
            <button data-testid="batch-notice" disabled=move || disabled.get() || busy.get() on:click=on_notice>"下载通报"</button>
            <button data-testid="batch-lists" disabled=move || disabled.get() || busy.get() on:click=on_lists>"下载各单位问题清单"</button>
        </div>
    }
}
