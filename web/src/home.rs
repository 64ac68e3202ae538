//! The home page: the drafts kept in this browser, a new draft, import, backup and restore.

use crate::app::{go, Route, Shell};
use crate::files;
use crate::store::{self, Entry};
use leptos::prelude::*;
use nianbao_core::draft::{new_draft, next_year};
use nianbao_core::model::Level;
use nianbao_core::{Edition, Report};

fn time_label(ms: f64) -> String {
    if ms <= 0.0 {
        return "—".to_string();
    }
    let d = js_sys::Date::new(&ms.into());
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Stores a new draft and opens it.
pub fn create(shell: Shell, report: &Report, name: &str) {
    let id = store::new_id();
    match store::save(&id, report, name) {
        Ok(_) => go(&Route::Draft(id)),
        Err(e) => shell.tell(e.message(false)),
    }
}

/// The name a new draft gets: "××局2023年年报".
pub fn default_name(r: &Report) -> String {
    let agency = if r.meta.agency.is_empty() { "未命名机关" } else { r.meta.agency.as_str() };
    match r.meta.year {
        Some(y) => format!("{agency}{y}年年报"),
        None => format!("{agency}年报"),
    }
}

/// The home page.
#[component]
pub fn Home() -> impl IntoView {
    let shell = expect_context::<Shell>();
    let entries = RwSignal::new(store::list());
    let refresh = move || entries.set(store::list());
    let this_year = js_sys::Date::new_0().get_full_year() as u16;
    let year = RwSignal::new(this_year.saturating_sub(1).to_string());
    let agency = RwSignal::new(String::new());
    let level = RwSignal::new(Level::Department);
    let pasted = RwSignal::new(String::new());
    // what the import is reading now ("正在识别…图片文字：120/540"), while it reads
    let reading = RwSignal::new(None::<String>);
    let year_value = move || year.get().trim().parse::<u16>().ok().filter(|y| (2008..=2100).contains(y));

    let on_new = move |_| {
        let Some(y) = year_value() else {
            shell.tell("请填写正确的年度（如 2025）");
            return;
        };
        if agency.get().trim().is_empty() {
            shell.tell("请填写发布机关名称");
            return;
        }
        let r = new_draft(y, &agency.get(), level.get());
        create(shell, &r, &default_name(&r));
    };

    let import_read = move |read: Result<Report, String>, source: &str| match read {
        Ok(r) => {
            let name = format!("{}（导入自{source}）", default_name(&r));
            create(shell, &r, &name);
        }
        Err(e) => shell.tell(format!("无法导入{source}：{e}")),
    };

    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = crate::files::chosen_file(&ev) else { return };
        let name = file.name();
        leptos::task::spawn_local(async move {
            reading.set(Some(format!("正在读取文件“{name}”…")));
            let shown = name.clone();
            let progress = move |done: u32, total: u32| {
                reading.set(Some(format!("正在识别文件“{shown}”中的图片文字：{done}/{total}")));
            };
            let text = match files::read_file(file).await {
                Ok(bytes) => files::report_text(bytes, progress).await,
                Err(e) => Err(e),
            };
            reading.set(None);
            match text {
                Ok(text) => import_read(text.import_in_worker().await, &format!("文件“{name}”")),
                Err(e) => shell.tell(format!("无法读取文件“{name}”：{e}")),
            }
        });
    };

    let on_restore = move |ev: leptos::ev::Event| {
        let Some(file) = crate::files::chosen_file(&ev) else { return };
        leptos::task::spawn_local(async move {
            let text = match files::read_file(file).await.and_then(|b| files::decode(&b)) {
                Ok(t) => t,
                Err(e) => return shell.tell(format!("无法读取备份文件：{e}")),
            };
            match files::read_backup(&text) {
                Ok(drafts) => {
                    let (mut ok, mut same, mut bad) = (0, 0, Vec::new());
                    for (name, r) in drafts {
                        match r {
                            // restoring the same backup twice must not double the drafts
                            Ok(r) if store::find_same(&r, &name).is_some() => same += 1,
                            Ok(r) => match store::save(&store::new_id(), &r, &name) {
                                Ok(_) => ok += 1,
                                Err(e) => bad.push(format!("{name}：{}", e.message(false))),
                            },
                            Err(e) => bad.push(format!("{name}：{e}")),
                        }
                    }
                    refresh();
                    let mut msg = format!("已从备份恢复 {ok} 份草稿（原有草稿未被覆盖）");
                    if same > 0 {
                        msg.push_str(&format!("；{same} 份与本浏览器中已有的草稿完全相同，未重复恢复"));
                    }
                    if !bad.is_empty() {
                        msg.push_str(&format!("；{} 份未能恢复：{}", bad.len(), bad.join("；")));
                    }
                    shell.tell(msg);
                }
                Err(e) => shell.tell(e),
            }
        });
    };

    let on_backup = move |_| {
        let drafts = store::all_for_backup();
        if drafts.is_empty() {
            return shell.tell("没有可备份的草稿");
        }
        let day = time_label(js_sys::Date::now()).chars().take(10).collect::<String>();
        match files::download(&format!("年报草稿备份-{day}.json"), "application/json", &files::backup_json(&drafts))
        {
            Ok(()) => shell.tell(format!("已导出 {} 份草稿的备份", drafts.len())),
            Err(e) => shell.tell(e),
        }
    };

    let edition_hint = move || match year_value() {
        Some(y) => format!("{}年度年报使用{}", y, Edition::for_year(y).label()),
        None => "请填写年度".to_string(),
    };

    view! {
        <section class="home">
            <h1>"我的年报草稿"</h1>
            <p class="batch-link">
                <a href=crate::app::BATCH data-testid="open-batch">"批量检查"</a>
                <span class="muted small">"：一次检查一个地区的多份已发布年报，导出检查结果（Excel）"</span>
            </p>
            <p class="muted">"草稿只保存在本浏览器中（不上传），每次修改自动保存。换电脑或清理浏览器前请“备份全部草稿”。"</p>
            <DraftList entries=entries refresh=refresh/>
            <div class="cards">
                <form class="card" on:submit=move |ev| {
                    ev.prevent_default();
                    on_new(());
                }>
                    <h2>"新建年报"</h2>
                    <label>"年度" <input type="number" min="2008" max="2100" data-testid="new-year" prop:value=move || year.get() on:input=move |ev| year.set(event_target_value(&ev))/></label>
                    <p class="muted small">{edition_hint}</p>
                    <label>"发布机关" <input type="text" placeholder="如：××县商务局" data-testid="new-agency" prop:value=move || agency.get() on:input=move |ev| agency.set(event_target_value(&ev))/></label>
                    <fieldset class="inline">
                        <legend>"类别"</legend>
                        <label><input type="radio" name="level" checked=move || level.get() == Level::Department on:change=move |_| level.set(Level::Department)/>"部门年报"</label>
                        <label><input type="radio" name="level" checked=move || level.get() == Level::Government on:change=move |_| level.set(Level::Government)/>"人民政府年报"</label>
                    </fieldset>
                    <button type="submit" class="primary" data-testid="new-draft">"新建"</button>
                </form>
                <div class="card">
                    <h2>"导入"</h2>
                    <p class="muted small">"草稿文件（.json）、已发布年报的 PDF（扫描件也可以）、Word（.docx、.doc）、WPS（.wps）、OFD、网页（.html）、文字（.txt）或图片（.png、.jpg、.tif），GBK 编码也可以。"</p>
                    <label class="file">"选择文件…" <input type="file" accept=".json,.txt,.html,.htm,.shtml,.md,.pdf,.docx,.doc,.wps,.ofd,.png,.jpg,.jpeg,.tif,.tiff,text/plain,text/html,application/json,application/pdf,image/png,image/jpeg,image/tiff" data-testid="import-file" on:change=on_file/></label>
                    {move || reading.get().map(|r| view! { <p class="muted small" role="status" data-testid="import-status">{r}</p> })}
                    <textarea rows="5" placeholder="或在此粘贴已发布年报的全文（网页文字或源代码）" data-testid="paste-report" prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                    <button data-testid="import-paste" on:click=move |_| {
                        let t = pasted.get();
                        if t.trim().is_empty() {
                            return shell.tell("请先粘贴年报内容");
                        }
                        let pasted = files::FileText { text: t, ocr: None };
                        leptos::task::spawn_local(async move {
                            import_read(pasted.import_in_worker().await, "粘贴的内容");
                        });
                    }>"导入粘贴的内容"</button>
                </div>
                <div class="card">
                    <h2>"备份与恢复"</h2>
                    <button on:click=on_backup data-testid="backup">"备份全部草稿"</button>
                    <label class="file">"从备份恢复…" <input type="file" accept=".json,application/json" data-testid="restore-file" on:change=on_restore/></label>
                </div>
            </div>
        </section>
    }
}

#[component]
fn DraftList(entries: RwSignal<Vec<Entry>>, refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let shell = expect_context::<Shell>();
    view! {
        <Show when=move || !entries.with(Vec::is_empty) fallback=|| view! { <p class="empty">"还没有草稿。在下面新建一份，或导入已发布的年报。"</p> }>
            <table class="drafts" data-testid="drafts">
                <thead>
                    <tr><th>"名称"</th><th>"年度"</th><th>"格式"</th><th>"最后保存"</th><th>"检查结果"</th><th>"操作"</th></tr>
                </thead>
                <tbody>
                    <For each=move || entries.get() key=|e| (e.id.clone(), e.saved_at.to_bits(), e.name.clone()) let:e>
                        <DraftRow e=e shell=shell refresh=refresh/>
                    </For>
                </tbody>
            </table>
        </Show>
    }
}

#[component]
fn DraftRow(e: Entry, shell: Shell, refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let id = e.id.clone();
    let name = e.name.clone();
    match e.report {
        Err((error, raw)) => {
            let id2 = id.clone();
            let name2 = name.clone();
            let future_schema = store::future_schema(&raw);
            view! {
                <tr class="damaged" data-testid="damaged-draft">
                    <td>{name.clone()}</td>
                    <td colspan="4">"已损坏，无法打开：" {error}</td>
                    <td class="actions">
                        <button on:click=move |_| {
                            if let Err(e) = files::download(&format!("{name}-原始内容.txt"), "text/plain", &raw) {
                                shell.tell(e);
                            }
                        }>"下载原始内容"</button>
                        <button data-testid="delete-damaged" on:click=move |_| {
                            // a draft written by a newer version is never removed without a question
                            if let Some(schema) = future_schema {
                                let ask = format!("“{name2}”由更新版本的年报助手保存（格式版本 {schema}），本版本无法打开，但较新的版本可以。\n\n确定删除吗？（删除后可在提示中撤销）");
                                if !window().confirm_with_message(&ask).unwrap_or(false) {
                                    return;
                                }
                            }
                            store::delete(&id2);
                            refresh();
                            let id = id2.clone();
                            shell.tell_with(format!("已删除“{name2}”"), "撤销", move || {
                                store::restore(&id);
                                refresh();
                            });
                        }>"删除"</button>
                    </td>
                </tr>
            }
            .into_any()
        }
        Ok(s) => {
            let open = {
                let id = id.clone();
                move |_| go(&Route::Draft(id.clone()))
            };
            let rename = {
                let (id, name) = (id.clone(), name.clone());
                move |_| {
                    let Ok(Some(new)) = window().prompt_with_message_and_default("新的名称：", &name) else {
                        return;
                    };
                    if new.trim().is_empty() {
                        return;
                    }
                    match store::rename(&id, &new) {
                        Ok(()) => refresh(),
                        Err(e) => shell.tell(e),
                    }
                }
            };
            let duplicate = {
                let (id, name) = (id.clone(), name.clone());
                move |_| match store::load(&id) {
                    Ok(r) => match store::save(&store::new_id(), &r, &format!("{name}（副本）")) {
                        Ok(_) => {
                            refresh();
                            shell.tell("已复制");
                        }
                        Err(e) => shell.tell(e.message(false)),
                    },
                    Err(e) => shell.tell(e),
                }
            };
            let next = {
                let id = id.clone();
                move |_| match store::load(&id) {
                    Ok(r) => {
                        let n = next_year(&r);
                        let year = n.meta.year.unwrap_or_default();
                        if let Some((_, existing, _)) = store::find_by_agency_year(&n.meta.agency, year, "") {
                            let ask =
                                format!("本浏览器中已有“{existing}”（{year}年度）。仍要再新建一份{year}年度的草稿吗？");
                            if !window().confirm_with_message(&ask).unwrap_or(false) {
                                return;
                            }
                        }
                        let name = default_name(&n);
                        create(shell, &n, &name);
                    }
                    Err(e) => shell.tell(e),
                }
            };
            let export = {
                let id = id.clone();
                move |_| match store::load(&id) {
                    Ok(r) => {
                        if let Err(e) =
                            files::download(&files::file_name(&r, "年报草稿.json"), "application/json", &r.to_json())
                        {
                            shell.tell(e);
                        }
                    }
                    Err(e) => shell.tell(e),
                }
            };
            let delete = {
                let (id, name) = (id.clone(), name.clone());
                move |_| {
                    store::delete(&id);
                    refresh();
                    let id = id.clone();
                    shell.tell_with(format!("已删除“{name}”"), "撤销", move || {
                        store::restore(&id);
                        refresh();
                    });
                }
            };
            let status = if s.errors + s.warnings == 0 {
                "无问题".to_string()
            } else {
                format!("{} 个错误，{} 个警告", s.errors, s.warnings)
            };
            let status_class = if s.errors > 0 {
                "bad"
            } else if s.warnings > 0 {
                "warn"
            } else {
                "good"
            };
            view! {
                <tr data-testid="draft-row" data-id=id.clone()>
                    <td><a href=format!("#/d/{id}") class="draft-name">{name.clone()}</a><div class="muted small">{s.agency.clone()}</div></td>
                    <td>{s.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into())}</td>
                    <td>{s.edition}</td>
                    <td>{time_label(e.saved_at)}</td>
                    <td class=status_class>{status}</td>
                    <td class="actions">
                        <button on:click=open>"打开"</button>
                        <button on:click=rename>"重命名"</button>
                        <button on:click=duplicate>"复制"</button>
                        <button on:click=next data-testid="next-year">"新建下一年度"</button>
                        <button on:click=export data-testid="export-draft">"导出草稿"</button>
                        <button on:click=delete data-testid="delete-draft">"删除"</button>
                    </td>
                </tr>
            }
            .into_any()
        }
    }
}
