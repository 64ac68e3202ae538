//! The text of the report: meta data (发布机关, 年度, 类别), title, opening paragraph and the
//! six parts with their headings. A text box keeps its own value while the clerk types (so the
//! browser's undo takes back a run of typing, and a deleted heading stays deleted); it is
//! written only when the report changes from elsewhere (undo of a table, another tab's version).

use super::tables::TableView;
use super::Doc;
use leptos::prelude::*;
use nianbao_core::draft::move_year_on;
use nianbao_core::layout::PARTS;
use nianbao_core::model::Level;
use nianbao_core::{Report, TableId};
use wasm_bindgen::JsCast;

/// Keeps an input or textarea showing `get(report)` without writing it while it already does.
fn bind<E>(node: NodeRef<E>, get: impl Fn(&Report) -> String + Send + Sync + 'static)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let doc = expect_context::<Doc>();
    Effect::new(move |ran: Option<bool>| {
        let want = doc.report.with(&get);
        let Some(el) = node.get() else { return false };
        let el: &wasm_bindgen::JsValue = el.unchecked_ref();
        if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            // measuring the height costs a layout: only when the text was written here
            if area.value() != want {
                area.set_value(&want);
                grow(area);
            } else if ran != Some(true) {
                grow(area);
            }
        } else if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            if input.value() != want {
                input.set_value(&want);
            }
        }
        true
    });
}

/// Makes a text box as tall as its text (no inner scrolling; the page scrolls).
fn grow(area: &web_sys::HtmlTextAreaElement) {
    let style = web_sys::HtmlElement::style(area);
    let _ = style.set_property("height", "auto");
    let _ = style.set_property("height", &format!("{}px", area.scroll_height() + 2));
}

/// A text box of the report bound to one text of it.
#[component]
fn TextBox(
    /// `data-part`: "title", "opening" or the part's index.
    key: String,
    /// Reads the text.
    get: fn(&Report) -> String,
    /// Writes the text.
    set: fn(&mut Report, String),
    /// Rows before it grows.
    rows: u32,
    /// Shown while empty.
    #[prop(optional)]
    placeholder: &'static str,
) -> impl IntoView {
    let doc = expect_context::<Doc>();
    let node = NodeRef::<leptos::html::Textarea>::new();
    bind(node, get);
    view! {
        <textarea
            node_ref=node
            data-part=key
            rows=rows
            placeholder=placeholder
            on:input=move |_| {
                let Some(area) = node.get_untracked() else { return };
                grow(&area);
                let v = area.value();
                doc.edit(move |r| set(r, v));
            }
        ></textarea>
    }
}

/// 发布机关, 年度, 类别.
#[component]
pub fn Meta() -> impl IntoView {
    let doc = expect_context::<Doc>();
    let agency = NodeRef::<leptos::html::Input>::new();
    bind(agency, |r| r.meta.agency.clone());
    let year = NodeRef::<leptos::html::Input>::new();
    bind(year, |r| r.meta.year.map(|y| y.to_string()).unwrap_or_default());
    let on_year = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev).trim().parse::<u16>().ok();
        let old = doc.report.with_untracked(|r| r.meta.year);
        doc.edit(|r| r.meta.year = v);
        offer_year_in_text(doc, old, v);
    };
    view! {
        <section class="meta">
            <label>"发布机关" <input node_ref=agency data-testid="agency" on:input=move |ev| {
                let v = event_target_value(&ev);
                doc.edit(move |r| {
                    r.meta.tier = nianbao_core::import::classify_agency(&v).1;
                    r.meta.agency = v;
                });
            }/></label>
            <label>"年度" <input node_ref=year type="number" min="2008" max="2100" data-testid="year" on:change=on_year/></label>
            <label>"类别" <select on:change=move |ev| {
                let gov = event_target_value(&ev) == "gov";
                doc.edit(move |r| r.meta.level = if gov { Level::Government } else { Level::Department });
            }>
                <option value="dept" selected=move || doc.report.with(|r| r.meta.level == Level::Department)>"部门年报"</option>
                <option value="gov" selected=move || doc.report.with(|r| r.meta.level == Level::Government)>"人民政府年报"</option>
            </select></label>
        </section>
    }
}

/// After the year changed: offers to change the old year in the title and opening.
fn offer_year_in_text(doc: Doc, old: Option<u16>, new: Option<u16>) {
    let (Some(old), Some(new)) = (old, new) else { return };
    let mention = format!("{old}年");
    let has =
        doc.report.with_untracked(|r| r.narrative.title.contains(&mention) || r.narrative.opening.contains(&mention));
    if old == new || !has {
        return;
    }
    let ask = format!("标题或开头中写的是“{old}年”。要一并改为“{new}年”吗？");
    if window().confirm_with_message(&ask).unwrap_or(false) {
        doc.edit(|r| {
            r.narrative.title = move_year_on(&r.narrative.title, Some(old), new);
            r.narrative.opening = move_year_on(&r.narrative.opening, Some(old), new);
        });
        doc.tell(format!("已把标题和开头中的“{old}年”改为“{new}年”"));
    }
}

/// The title and the opening paragraph.
#[component]
pub fn Front() -> impl IntoView {
    view! {
        <section class="front">
            <label class="muted small">"标题"</label>
            <TextBox key="title".into() get=|r| r.narrative.title.clone() set=|r, v| r.narrative.title = v rows=2/>
            <label class="muted small">"开头（编制依据、统计期限、公布渠道、联系方式）"</label>
            <TextBox key="opening".into() get=|r| r.narrative.opening.clone() set=|r, v| r.narrative.opening = v rows=4
                placeholder="根据《中华人民共和国政府信息公开条例》规定，编制本报告……本报告电子版可在××门户网站查阅或下载。如对本报告有疑问，请与××联系（地址、邮编、电话、传真、电子邮箱）。"/>
        </section>
    }
}

const HINTS: [&str; 6] = [
    "建议按（一）主动公开（二）依申请公开（三）政府信息管理（四）平台建设（五）监督保障分述。",
    "可在表前作简要说明（可不写）。",
    "可在表前作简要说明（可不写）；表三数字须满足勾稽关系。",
    "可在表前作简要说明（可不写）。",
    "写明存在的主要问题和改进措施，以及上年度问题的整改情况。",
    "2021年起请说明本年度收取信息处理费的情况；没有其他事项的写“无”。",
];

fn text_of(i: usize) -> fn(&Report) -> String {
    [
        |r: &Report| r.narrative.part_text(0).to_string(),
        |r: &Report| r.narrative.part_text(1).to_string(),
        |r: &Report| r.narrative.part_text(2).to_string(),
        |r: &Report| r.narrative.part_text(3).to_string(),
        |r: &Report| r.narrative.part_text(4).to_string(),
        |r: &Report| r.narrative.part_text(5).to_string(),
    ][i]
}

fn set_text_of(i: usize) -> fn(&mut Report, String) {
    [
        |r: &mut Report, v| r.narrative.parts[0].text = v,
        |r: &mut Report, v| r.narrative.parts[1].text = v,
        |r: &mut Report, v| r.narrative.parts[2].text = v,
        |r: &mut Report, v| r.narrative.parts[3].text = v,
        |r: &mut Report, v| r.narrative.parts[4].text = v,
        |r: &mut Report, v| r.narrative.parts[5].text = v,
    ][i]
}

/// One of the six parts: heading, text, and its table (parts 二, 三, 四).
#[component]
pub fn Part(index: usize) -> impl IntoView {
    let doc = expect_context::<Doc>();
    let i = index;
    let table = match i {
        1 => Some(TableId::T2),
        2 => Some(TableId::T3),
        3 => Some(TableId::T4),
        _ => None,
    };
    let heading = NodeRef::<leptos::html::Input>::new();
    bind(heading, move |r| r.narrative.parts.get(i).map(|p| p.heading.clone()).unwrap_or_default());
    let edition = Memo::new(move |_| doc.report.with(|r| r.edition));
    let last_year =
        move || doc.previous.with(|p| p.as_ref().map(|p| doc.report.with(|r| p.same_part(r, i)))) == Some(true);
    view! {
        <section class="part" id=format!("part-{i}")>
            <input
                node_ref=heading
                class="heading"
                aria-label=format!("第{}部分标题", i + 1)
                placeholder=PARTS[i].0
                // focused by Tab, the heading keeps its text unselected (the caret at its end):
                // a stray key adds a character, it never replaces the heading
                on:focus=move |_| {
                    if let Some(el) = heading.get_untracked() {
                        let end = el.value().encode_utf16().count() as u32;
                        let _ = el.set_selection_range(end, end);
                    }
                }
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    doc.edit(move |r| r.narrative.parts[i].heading = v);
                }
            />
            <p class="muted small">{HINTS[i]}</p>
            <Show when=last_year>
                <p class="last-year small" data-testid=format!("last-year-{i}")>
                    "上年内容：这部分仍是上年度报告的文字（年份已改为本年度），请按本年度情况改写。"
                </p>
            </Show>
            <TextBox key=i.to_string() get=text_of(i) set=set_text_of(i) rows=if table.is_some() { 2 } else { 6 }/>
            {(i == 2).then(|| view! { <super::ledger::LedgerTools/> })}
            {move || {
                // drawn again only when the edition (and so the layout) changes
                let _edition = edition.get();
                table.map(|t| view! { <TableView table=t/> })
            }}
        </section>
    }
}

/// The 落款 after part 六: the unit's name and the date, printed right-aligned in the Word
/// export, the HTML and the print.
#[component]
pub fn Signature() -> impl IntoView {
    let doc = expect_context::<Doc>();
    let unit = NodeRef::<leptos::html::Input>::new();
    bind(unit, |r| r.narrative.signature.unit.clone());
    let date = NodeRef::<leptos::html::Input>::new();
    bind(date, |r| r.narrative.signature.date.clone());
    let agency = move || doc.report.with(|r| r.meta.agency.trim().to_string());
    let today = move |_| {
        let d = js_sys::Date::new_0();
        let v = format!("{}年{}月{}日", d.get_full_year(), d.get_month() + 1, d.get_date());
        doc.edit(move |r| r.narrative.signature.date = v);
    };
    view! {
        <section class="signature-block" data-testid="signature">
            <h3 class="small">"落款"</h3>
            <p class="muted small">"印在报告末尾、右对齐：单位名称一行，成文日期一行。单位名称不填时用发布机关；日期不填则不写日期。"</p>
            <label>"落款单位" <input node_ref=unit data-testid="signature-unit" placeholder=agency on:input=move |ev| {
                let v = event_target_value(&ev);
                doc.edit(move |r| r.narrative.signature.unit = v);
            }/></label>
            <label>"成文日期" <input node_ref=date data-testid="signature-date" placeholder="如 2026年1月20日" on:input=move |ev| {
                let v = event_target_value(&ev);
                doc.edit(move |r| r.narrative.signature.date = v);
            }/></label>
            <button on:click=today data-testid="signature-today">"填今天的日期"</button>
        </section>
    }
}
