//! Drafts in the browser's localStorage (through gloo-storage).
//!
//! Each draft is kept under `nianbao:draft:<id>` as the same JSON that `nianbao convert` writes,
//! with its list data (name, time saved) under `nianbao:meta:<id>`. A deleted draft moves to
//! `nianbao:trash:<id>` until the undo has expired. `nianbao:open:<id>` tells other tabs that a
//! tab has the draft open. An edit that could not be stored is kept for the tab in sessionStorage
//! under `nianbao:unsaved:<id>` until it is stored or discarded.

use gloo_storage::{LocalStorage, Storage};
use nianbao_core::{check, rules::tally, Report};
use serde::{Deserialize, Serialize};

const DRAFT: &str = "nianbao:draft:";
const META: &str = "nianbao:meta:";
const TRASH: &str = "nianbao:trash:";
const TRASH_META: &str = "nianbao:trashmeta:";
/// sessionStorage: an edit this tab could not store.
const UNSAVED: &str = "nianbao:unsaved:";
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

/// Why a draft could not be stored.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// The storage is full: how large the draft is and how much the other stored data takes
    /// (in characters, as the browser counts them).
    Full {
        /// The draft's JSON.
        draft: usize,
        /// Everything else kept by this site.
        others: usize,
    },
    /// The browser refused for another reason (its name).
    Refused(String),
}

impl SaveError {
    /// The sentence for the clerk. `kept_in_page` says whether the content is still in the page
    /// (an edit in the editor) or nothing at all was kept (a new draft, an import, a restore).
    pub fn message(&self, kept_in_page: bool) -> String {
        let after = if kept_in_page {
            "本次修改没有保存，但仍在本页中：请先“导出草稿”保存为文件。"
        } else {
            "草稿没有创建，什么也没有保存。"
        };
        match self {
            SaveError::Full { draft, others } if draft > others => format!(
                "这份草稿约 {:.1} MB，比浏览器给本站的全部本地存储空间还大，删除其他草稿也存不下。{after}",
                *draft as f64 * 2.0 / 1_048_576.0
            ),
            SaveError::Full { .. } => {
                format!("浏览器的本地存储空间已满。{after}请删除不用的草稿（删除前可“备份全部草稿”）后重试。")
            }
            SaveError::Refused(name) => format!("浏览器不允许保存（{name}）。{after}"),
        }
    }
}

/// How many characters the stored data takes, except the keys of one draft.
fn stored_chars_except(id: &str) -> usize {
    let s = raw();
    let own = [draft_key(id), format!("{META}{id}")];
    (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| !own.contains(k))
        .map(|k| k.len() + s.get_item(&k).ok().flatten().map_or(0, |v| v.len()))
        .sum()
}

/// Saves a draft; returns the time saved.
pub fn save(id: &str, report: &Report, name: &str) -> Result<f64, SaveError> {
    let now = js_sys::Date::now();
    let json = report.to_json();
    raw().set_item(&draft_key(id), &json).map_err(|e| {
        let kind = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        if kind.contains("Quota") {
            SaveError::Full { draft: json.encode_utf16().count(), others: stored_chars_except(id) }
        } else {
            SaveError::Refused(kind)
        }
    })?;
    let meta = DraftMeta { name: name.to_string(), saved_at: now };
    LocalStorage::set(format!("{META}{id}"), &meta).map_err(|e| SaveError::Refused(format!("列表信息：{e}")))?;
    Ok(now)
}

/// A stored draft that is the same as `report` under the same name, if there is one (a backup
/// restored twice must not double the drafts).
pub fn find_same(report: &Report, name: &str) -> Option<String> {
    let json = report.to_json();
    keys_with(DRAFT)
        .into_iter()
        .map(|k| k[DRAFT.len()..].to_string())
        .find(|id| self::name(id) == name && raw().get_item(&draft_key(id)).ok().flatten().is_some_and(|t| t == json))
}

/// The newest readable stored draft (other than `except`) of an agency and year, with its id
/// and name: last year's draft for the cross-year checks, or an existing next-year draft.
pub fn find_by_agency_year(agency: &str, year: u16, except: &str) -> Option<(String, String, Report)> {
    let agency = agency.trim();
    if agency.is_empty() {
        return None;
    }
    let mut best: Option<(f64, String, Report)> = None;
    for key in keys_with(DRAFT) {
        let id = &key[DRAFT.len()..];
        if id == except {
            continue;
        }
        let Some(text) = raw().get_item(&key).ok().flatten() else { continue };
        let Ok(r) = Report::from_json(&text) else { continue };
        if r.meta.agency.trim() != agency || r.meta.year != Some(year) {
            continue;
        }
        let at = LocalStorage::get::<DraftMeta>(format!("{META}{id}")).map(|m| m.saved_at).unwrap_or(0.0);
        if best.as_ref().is_none_or(|(t, _, _)| at > *t) {
            best = Some((at, id.to_string(), r));
        }
    }
    best.map(|(_, id, r)| {
        let name = self::name(&id);
        (id, name, r)
    })
}

/// The format version a stored text says it has, when it is newer than this build reads
/// (a draft written by a newer version of the app).
pub fn future_schema(text: &str) -> Option<u64> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let schema = v.get("schema")?.as_u64()?;
    (schema > u64::from(nianbao_core::model::SCHEMA_VERSION)).then_some(schema)
}

/// An edit that could not be stored, kept for this tab (sessionStorage) so that a reload
/// offers it back.
pub fn keep_unsaved(id: &str, report: &Report, name: &str) {
    if let Ok(Some(s)) = window().session_storage() {
        let text = serde_json::json!({ "name": name, "at": js_sys::Date::now(), "report": report.to_json() });
        let _ = s.set_item(&format!("{UNSAVED}{id}"), &text.to_string());
    }
}

/// The edit of a draft that this tab could not store (name, time, report), if any.
pub fn unsaved(id: &str) -> Option<(String, f64, Report)> {
    let s = window().session_storage().ok()??;
    let text = s.get_item(&format!("{UNSAVED}{id}")).ok()??;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let report = Report::from_json(v.get("report")?.as_str()?).ok()?;
    Some((v.get("name")?.as_str()?.to_string(), v.get("at")?.as_f64()?, report))
}

/// Forgets the kept unsaved edit of a draft (it was stored, or the clerk discarded it).
pub fn forget_unsaved(id: &str) {
    if let Ok(Some(s)) = window().session_storage() {
        let _ = s.remove_item(&format!("{UNSAVED}{id}"));
    }
}

fn window() -> web_sys::Window {
    leptos::prelude::window()
}

/// Renames a draft.
pub fn rename(id: &str, name: &str) -> Result<(), String> {
    let mut meta: DraftMeta = LocalStorage::get(format!("{META}{id}")).unwrap_or_default();
    meta.name = name.trim().to_string();
    LocalStorage::set(format!("{META}{id}"), &meta).map_err(|e| format!("未能保存新名称：{e}"))
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
