//! Drafts in the browser's localStorage (through gloo-storage).
//!
//! Each draft is kept under `nianbao:draft:<id>` as the same JSON that `nianbao convert` writes,
//! with its list data (name, time saved) under `nianbao:meta:<id>`. A deleted draft moves to
//! `nianbao:trash:<id>` until the undo has expired. `nianbao:open:<id>` tells other tabs that a
//! tab has the draft open.

use gloo_storage::{LocalStorage, Storage};
use nianbao_core::{check, rules::tally, Report};
use serde::{Deserialize, Serialize};

const DRAFT: &str = "nianbao:draft:";
const META: &str = "nianbao:meta:";
const TRASH: &str = "nianbao:trash:";
const TRASH_META: &str = "nianbao:trashmeta:";
/// Prefix of the key that announces which tab has a draft open.
pub const OPEN: &str = "nianbao:open:";

/// The storage key of a draft.
pub fn draft_key(id: &str) -> String {
    format!("{DRAFT}{id}")
}

/// List data of a draft.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct DraftMeta {
    /// The name shown in the list.
    pub name: String,
    /// When it was last saved (ms since 1970).
    pub saved_at: f64,
}

/// A draft as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The draft id.
    pub id: String,
    /// The name.
    pub name: String,
    /// Last saved (ms since 1970).
    pub saved_at: f64,
    /// The report, or why it cannot be read (with the raw text, to download).
    pub report: Result<Summary, (String, String)>,
}

/// What the list shows of a readable draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// 发布机关.
    pub agency: String,
    /// Year.
    pub year: Option<u16>,
    /// Edition label.
    pub edition: &'static str,
    /// Errors, warnings.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
}

fn raw() -> web_sys::Storage {
    LocalStorage::raw()
}

/// Every key of localStorage with a prefix, sorted.
fn keys_with(prefix: &str) -> Vec<String> {
    let s = raw();
    let n = s.length().unwrap_or(0);
    let mut out: Vec<String> =
        (0..n).filter_map(|i| s.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect();
    out.sort();
    out
}

/// Reads every draft for the list (damaged ones included), newest first.
pub fn list() -> Vec<Entry> {
    let mut out = Vec::new();
    for key in keys_with(DRAFT) {
        let id = key[DRAFT.len()..].to_string();
        let meta: DraftMeta = LocalStorage::get(format!("{META}{id}")).unwrap_or_default();
        let text = raw().get_item(&key).ok().flatten().unwrap_or_default();
        let report = match Report::from_json(&text) {
            Ok(r) => {
                let (errors, warnings, _) = tally(&check(&r, None));
                Ok(Summary {
                    agency: r.meta.agency.clone(),
                    year: r.meta.year,
                    edition: r.edition.label(),
                    errors,
                    warnings,
                })
            }
            Err(e) => Err((e, text)),
        };
        let name = if meta.name.is_empty() { format!("草稿 {id}") } else { meta.name };
        out.push(Entry { id, name, saved_at: meta.saved_at, report });
    }
    out.sort_by(|a, b| b.saved_at.total_cmp(&a.saved_at));
    out
}

/// Loads a draft.
pub fn load(id: &str) -> Result<Report, String> {
    let text = raw()
        .get_item(&draft_key(id))
        .ok()
        .flatten()
        .ok_or_else(|| "找不到这份草稿（可能已在其他标签页中删除）".to_string())?;
    Report::from_json(&text)
}

/// The name of a draft.
pub fn name(id: &str) -> String {
    LocalStorage::get::<DraftMeta>(format!("{META}{id}")).map(|m| m.name).unwrap_or_default()
}

/// Saves a draft; returns the time saved. The error is a Chinese sentence for the clerk.
pub fn save(id: &str, report: &Report, name: &str) -> Result<f64, String> {
    let now = js_sys::Date::now();
    raw().set_item(&draft_key(id), &report.to_json()).map_err(|e| storage_error(&e))?;
    let meta = DraftMeta { name: name.to_string(), saved_at: now };
    LocalStorage::set(format!("{META}{id}"), &meta).map_err(|e| format!("草稿已保存，但列表信息未能保存：{e}"))?;
    Ok(now)
}

/// Renames a draft.
pub fn rename(id: &str, name: &str) -> Result<(), String> {
    let mut meta: DraftMeta = LocalStorage::get(format!("{META}{id}")).unwrap_or_default();
    meta.name = name.trim().to_string();
    LocalStorage::set(format!("{META}{id}"), &meta).map_err(|e| format!("未能保存新名称：{e}"))
}

fn storage_error(e: &wasm_bindgen::JsValue) -> String {
    let name = js_sys::Reflect::get(e, &"name".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    if name.contains("Quota") {
        "浏览器的本地存储空间已满，本次修改没有保存（内容仍在本页中，未丢失）。请先“导出草稿”备份，再删除不用的草稿后继续。".to_string()
    } else {
        format!("浏览器不允许保存（{name}）：修改仍在本页中，请导出草稿备份")
    }
}

/// Moves the keys of a draft from one pair of prefixes to another.
fn move_keys(id: &str, pairs: [(&str, &str); 2]) {
    let s = raw();
    for (from, to) in pairs {
        if let Ok(Some(v)) = s.get_item(&format!("{from}{id}")) {
            let _ = s.set_item(&format!("{to}{id}"), &v);
            let _ = s.remove_item(&format!("{from}{id}"));
        }
    }
}

/// Moves a draft to the trash (undo with [`restore`]).
pub fn delete(id: &str) {
    move_keys(id, [(DRAFT, TRASH), (META, TRASH_META)]);
}

/// Brings a deleted draft back.
pub fn restore(id: &str) {
    move_keys(id, [(TRASH, DRAFT), (TRASH_META, META)]);
}

/// Empties the trash (the undo of earlier sessions has expired).
pub fn purge_trash() {
    for key in keys_with(TRASH).into_iter().chain(keys_with(TRASH_META)) {
        let _ = raw().remove_item(&key);
    }
}

/// Removes a draft for good (a damaged one).
pub fn remove(id: &str) {
    let _ = raw().remove_item(&draft_key(id));
    let _ = raw().remove_item(&format!("{META}{id}"));
}

/// A new draft id: time and randomness, base 36.
pub fn new_id() -> String {
    let t = js_sys::Date::now() as u64;
    let r = (js_sys::Math::random() * 1e9) as u64;
    format!("{}{}", radix36(t), radix36(r))
}

fn radix36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Every readable draft with its name, for a backup file.
pub fn all_for_backup() -> Vec<(String, Report)> {
    list()
        .into_iter()
        .filter_map(|e| {
            let r = load(&e.id).ok()?;
            Some((e.name, r))
        })
        .collect()
}

/// Announces that this tab has a draft open.
pub fn announce_open(id: &str, tab: &str) {
    let _ = raw().set_item(&format!("{OPEN}{id}"), &format!("{tab}:{}", js_sys::Date::now()));
}
