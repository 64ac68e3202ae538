//! The review file (已复核.json): findings a reviewer has confirmed or waived, so that a second
//! pass shows only what is new.
//!
//! A finding is keyed by its report's unit and year, its rule code, its cells, (for text
//! findings) its part, and for a finding with neither its message without digits (so that the
//! two D504 findings of parts 一 and 五 stay apart) — not by file name or line, so the key
//! survives renaming the file and re-downloading the page. Should a message change its
//! wording, the finding shows again: nothing is hidden by mistake. The reviewer may edit `decision` ("已确认" or "不予采纳") and
//! `reason`; both are kept when the file is written again.

use super::agency::agency_key;
use crate::finding::Finding;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The version of the review file format.
pub const BASELINE_SCHEMA: u32 = 1;

/// The decision written for a new entry.
pub const DEFAULT_DECISION: &str = "已确认";

/// A review file (an empty one by [`Default`], of the current schema).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version.
    #[serde(default = "schema")]
    pub schema: u32,
    /// The reviewed findings.
    #[serde(default, rename = "已复核")]
    pub entries: Vec<Reviewed>,
}

fn schema() -> u32 {
    BASELINE_SCHEMA
}

impl Default for Baseline {
    fn default() -> Baseline {
        Baseline { schema: BASELINE_SCHEMA, entries: Vec::new() }
    }
}

/// One reviewed finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reviewed {
    /// The unit, as the report names it.
    #[serde(rename = "单位")]
    pub agency: String,
    /// The report year.
    #[serde(rename = "年度")]
    pub year: Option<u16>,
    /// The rule code.
    #[serde(rename = "代码")]
    pub code: String,
    /// The cells the finding concerns.
    #[serde(default, rename = "单元格", skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<String>,
    /// The part of the text (0 = 一 … 5 = 六) of a text finding.
    #[serde(default, rename = "部分", skip_serializing_if = "Option::is_none")]
    pub part: Option<u8>,
    /// The message when it was reviewed (for the reader; not part of the key).
    #[serde(default, rename = "说明")]
    pub message: String,
    /// The file it was found in (for the reader; not part of the key).
    #[serde(default, rename = "文件")]
    pub file: String,
    /// "已确认" or "不予采纳".
    #[serde(default = "decision", rename = "处理")]
    pub decision: String,
    /// Why (required in practice for 不予采纳).
    #[serde(default, rename = "理由")]
    pub reason: String,
}

fn decision() -> String {
    DEFAULT_DECISION.to_string()
}

/// The stable key of a finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FindingKey {
    agency: String,
    year: Option<u16>,
    code: String,
    cells: Vec<String>,
    part: Option<u8>,
    text: Option<String>,
}

/// The message of a finding without cells or place, without its digits.
fn text_key(cells: &[String], part: Option<u8>, message: &str) -> Option<String> {
    (cells.is_empty() && part.is_none()).then(|| message.chars().filter(|c| !c.is_ascii_digit()).collect())
}

impl FindingKey {
    /// The key of a finding of the report of `agency` for `year`.
    pub fn new(agency: &str, year: Option<u16>, f: &Finding) -> FindingKey {
        let mut cells = f.cells.clone();
        cells.sort();
        let part = if cells.is_empty() { f.location.as_ref().and_then(|l| l.part) } else { None };
        let text = text_key(&cells, part, &f.message);
        FindingKey { agency: agency_key(agency), year, code: f.code.clone(), cells, part, text }
    }

    fn of(r: &Reviewed) -> FindingKey {
        let mut cells = r.cells.clone();
        cells.sort();
        let text = text_key(&cells, r.part, &r.message);
        FindingKey { agency: agency_key(&r.agency), year: r.year, code: r.code.clone(), cells, part: r.part, text }
    }
}

impl Baseline {
    /// Reads a review file.
    pub fn parse(json: &str) -> Result<Baseline, String> {
        let b: Baseline = serde_json::from_str(json.trim_start_matches('\u{FEFF}'))
            .map_err(|e| format!("复核文件格式不对（第{}行第{}列）：{e}", e.line(), e.column()))?;
        if b.schema > BASELINE_SCHEMA {
            return Err(format!("复核文件版本为{}，本工具只能读取版本{BASELINE_SCHEMA}", b.schema));
        }
        Ok(b)
    }

    /// The keys of all entries.
    pub fn keys(&self) -> BTreeSet<FindingKey> {
        self.entries.iter().map(FindingKey::of).collect()
    }

    /// A review file of all the findings given (file, agency, year, finding); decisions and
    /// reasons of `earlier` entries with the same key are kept.
    pub fn from_findings<'a>(
        findings: impl IntoIterator<Item = (&'a str, &'a str, Option<u16>, &'a Finding)>,
        earlier: Option<&Baseline>,
    ) -> Baseline {
        let mut kept: BTreeMap<FindingKey, Reviewed> = BTreeMap::new();
        if let Some(e) = earlier {
            for r in &e.entries {
                kept.entry(FindingKey::of(r)).or_insert_with(|| r.clone());
            }
        }
        for (file, agency, year, f) in findings {
            let key = FindingKey::new(agency, year, f);
            kept.entry(key).or_insert_with(|| Reviewed {
                agency: agency.to_string(),
                year,
                code: f.code.clone(),
                cells: f.cells.clone(),
                part: if f.cells.is_empty() { f.location.as_ref().and_then(|l| l.part) } else { None },
                message: f.message.clone(),
                file: file.to_string(),
                decision: decision(),
                reason: String::new(),
            });
        }
        Baseline { schema: BASELINE_SCHEMA, entries: kept.into_values().collect() }
    }

    /// The review file as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    #[test]
    fn round_trip_keeps_decisions_and_ignores_file_names() {
        let f = Finding::new("A101", Severity::Error, "表三不平").cells(vec!["t3.new.total".into()]);
        let b = Baseline::from_findings([("a.txt", "闽侯县商务局", Some(2020), &f)], None);
        let mut parsed = Baseline::parse(&b.to_json()).unwrap();
        assert_eq!(parsed, b);
        parsed.entries[0].decision = "不予采纳".into();
        parsed.entries[0].reason = "原文如此".into();
        assert!(parsed.keys().contains(&FindingKey::new("闽侯县 商务局", Some(2020), &f)));
        assert!(!parsed.keys().contains(&FindingKey::new("闽侯县商务局", Some(2021), &f)));
        let again = Baseline::from_findings([("b.txt", "闽侯县商务局", Some(2020), &f)], Some(&parsed));
        assert_eq!(again.entries.len(), 1);
        assert_eq!(again.entries[0].reason, "原文如此");
        assert!(Baseline::parse("{\"已复核\": 3}").unwrap_err().starts_with("复核文件格式不对（第1行"));
        // two findings of one rule without cells or place stay apart, whatever their figures
        let one = Finding::new("D504", Severity::Warning, "“一、总体情况”与上年报告相似度为95%，内容雷同");
        let five =
            Finding::new("D504", Severity::Warning, "“五、存在的主要问题及改进情况”与上年报告相似度为92%，内容雷同");
        let b = Baseline::from_findings([("a.txt", "某局", Some(2023), &one)], None);
        let keys = Baseline::parse(&b.to_json()).unwrap().keys();
        assert!(!keys.contains(&FindingKey::new("某局", Some(2023), &five)));
        let again = Finding::new("D504", Severity::Warning, "“一、总体情况”与上年报告相似度为97%，内容雷同");
        assert!(keys.contains(&FindingKey::new("某局", Some(2023), &again)));
    }
}
