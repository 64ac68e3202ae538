//! The report model and its JSON draft format.
//!
//! A [`Report`] is what a clerk writes and what the importer reads from a published page: meta
//! data, the opening paragraph and six parts, and the cells of the three tables. Cells are kept by
//! their position in the [`layout`](crate::layout) of the report's edition; a missing cell is
//! blank, which is not the same as 0. The JSON form (see [`Report::to_json`]) names cells by
//! their stable ids (`t3.new.total`), carries a `schema` version and is the draft format of both
//! the web app and `nianbao convert`.

use crate::finding::Finding;
use crate::layout::{layout_with_t2, CellRef, Edition, Layout, PARTS};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The version of the JSON draft format written by this build.
pub const SCHEMA_VERSION: u32 = 1;

/// The largest magnitude a cell may hold (just under 10^12): far beyond any real count or
/// amount, and small enough that no sum of a report's cells can overflow. Larger values are
/// reported (V201) and left out of the arithmetic.
pub const MAX_VALUE: i64 = 999_999_999_999;

/// A number in a table cell: an integer count or an exact decimal amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Number {
    /// An integer (counts; 2019 本年增/减 may be negative).
    Int(i64),
    /// An exact decimal: `mantissa / 10^scale` (money such as 24252.311082 万元).
    Dec {
        /// The digits without the decimal point.
        mantissa: i64,
        /// How many digits follow the point (1..=12).
        scale: u8,
    },
}

impl Number {
    /// The integer value, if the number is an integer.
    pub fn as_int(self) -> Option<i64> {
        match self {
            Number::Int(v) => Some(v),
            Number::Dec { .. } => None,
        }
    }

    /// The value as a float, for plausibility comparisons only.
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(v) => v as f64,
            Number::Dec { mantissa, scale } => mantissa as f64 / 10f64.powi(scale as i32),
        }
    }

    /// Whether the value's integer part is within [`MAX_VALUE`].
    pub fn in_range(self) -> bool {
        match self {
            Number::Int(v) => v.unsigned_abs() <= MAX_VALUE as u64,
            Number::Dec { mantissa, scale } => {
                (mantissa.unsigned_abs() / 10u64.saturating_pow(scale as u32)) <= MAX_VALUE as u64
            }
        }
    }

    /// Whether the value is below zero.
    pub fn is_negative(self) -> bool {
        match self {
            Number::Int(v) => v < 0,
            Number::Dec { mantissa, .. } => mantissa < 0,
        }
    }

    /// Parses a number as written in a cell: optional sign, digits, optional decimal part;
    /// thousands separators (`1,234`) are accepted. Units are not part of the number.
    pub fn parse(s: &str) -> Option<Number> {
        let s = s.trim();
        let (neg, body) = match s.as_bytes().first()? {
            b'+' => (false, &s[1..]),
            b'-' => (true, &s[1..]),
            _ => (false, s),
        };
        let body = body.trim_start();
        if body.is_empty() {
            return None;
        }
        // the usual case, a plain integer, without copying it
        if body.bytes().all(|b| b.is_ascii_digit()) {
            let v: i64 = body.parse().ok()?;
            return Some(Number::Int(if neg { -v } else { v }));
        }
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (body, None),
        };
        let int_digits: String = if int_part.contains(',') {
            let groups: Vec<&str> = int_part.split(',').collect();
            let ok = !groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3)
                && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                return None;
            }
            groups.concat()
        } else {
            int_part.to_string()
        };
        if int_digits.is_empty() || !int_digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match frac_part {
            None => {
                let v: i64 = int_digits.parse().ok()?;
                Some(Number::Int(if neg { -v } else { v }))
            }
            Some(f) => {
                if f.is_empty() || f.len() > 12 || !f.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let m: i64 = format!("{int_digits}{f}").parse().ok()?;
                Some(Number::Dec { mantissa: if neg { -m } else { m }, scale: f.len() as u8 })
            }
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Number::Int(v) => write!(f, "{v}"),
            Number::Dec { mantissa, scale } => {
                let neg = mantissa < 0;
                let digits = mantissa.unsigned_abs().to_string();
                let scale = scale as usize;
                let digits = if digits.len() <= scale { format!("{:0>w$}", digits, w = scale + 1) } else { digits };
                let (i, frac) = digits.split_at(digits.len() - scale);
                write!(f, "{}{}.{}", if neg { "-" } else { "" }, i, frac)
            }
        }
    }
}

impl Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Number::Int(v) => s.serialize_i64(v),
            Number::Dec { .. } => s.serialize_str(&self.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("数值（整数，或写成字符串的小数）")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Number, E> {
                i64::try_from(v).map(Number::Int).map_err(|_| E::custom(format!("数值 {v} 超出可计算的范围")))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Number, E> {
                Number::parse(&format!("{v}"))
                    .ok_or_else(|| E::custom(format!("无法识别的数值：{v}（超出范围或不是有限数）")))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Number, E> {
                Number::parse(s).ok_or_else(|| E::custom(format!("无法识别的数值：“{}”", crate::text::printable(s))))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Number, E> {
                Err(E::custom(format!("单元格的值应为数值，不能是 {v}")))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// Whether the report is a government's own report or a department's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Level {
    /// 各级人民政府（含管委会、乡镇、街道）: must also report 工作考核、社会评议和责任追究.
    #[serde(rename = "政府")]
    Government,
    /// 县级以上人民政府部门.
    #[default]
    #[serde(rename = "部门")]
    Department,
}

impl Level {
    /// "政府" or "部门".
    pub fn label(self) -> &'static str {
        match self {
            Level::Government => "政府",
            Level::Department => "部门",
        }
    }
}

/// The administrative tier of the publishing body, where it can be told from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tier {
    /// 国务院部门.
    #[serde(rename = "国务院部门")]
    State,
    /// 省级 (incl. 直辖市).
    #[serde(rename = "省级")]
    Province,
    /// 设区的市级.
    #[serde(rename = "设区的市级")]
    City,
    /// 县级.
    #[serde(rename = "县级")]
    County,
    /// 乡镇、街道.
    #[serde(rename = "乡级")]
    Township,
}

/// Facts about the report.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Meta {
    /// The publishing agency (发布机构), e.g. "闽侯县商务局".
    #[serde(default)]
    pub agency: String,
    /// The report year (the year reported on, not the year of publication).
    #[serde(default)]
    pub year: Option<u16>,
    /// 政府 or 部门.
    #[serde(default)]
    pub level: Level,
    /// The administrative tier, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    /// Publication date as written (YYYY-MM-DD), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_date: Option<String>,
}

/// One of the six parts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Part {
    /// The heading as written (empty when the part was not found).
    #[serde(default)]
    pub heading: String,
    /// The text of the part, paragraphs separated by `\n` (tables are not part of it).
    #[serde(default)]
    pub text: String,
    /// Where the heading stood in the imported source, to tell whether parts came in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_pos: Option<u32>,
}

/// The narrative: title, opening paragraph and the six parts in official order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Narrative {
    /// The title, e.g. "闽侯县商务局2020年政府信息公开工作年度报告".
    #[serde(default)]
    pub title: String,
    /// The opening paragraph (basis, period, where published, contact).
    #[serde(default)]
    pub opening: String,
    /// Exactly six parts, index 0 = 一、总体情况 … 5 = 六、其他需要报告的事项.
    #[serde(default = "six_parts")]
    pub parts: Vec<Part>,
    /// The 落款 after part 六: the issuing unit and the date, as written.
    #[serde(default, skip_serializing_if = "Signature::is_empty")]
    pub signature: Signature,
}

/// The 落款 (signature block) printed right-aligned after the last part: the unit's name and
/// the date, both kept as the clerk typed or the report printed them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Signature {
    /// 落款单位, e.g. "沭阳县发展和改革局" (empty: the report's agency is printed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// 成文日期 as written, e.g. "2024年1月17日" (empty: no date line).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
}

impl Signature {
    /// Whether neither the unit nor the date was given.
    pub fn is_empty(&self) -> bool {
        self.unit.trim().is_empty() && self.date.trim().is_empty()
    }
}

fn six_parts() -> Vec<Part> {
    vec![Part::default(); 6]
}

impl Default for Narrative {
    fn default() -> Self {
        Narrative { title: String::new(), opening: String::new(), parts: six_parts(), signature: Signature::default() }
    }
}

impl Narrative {
    /// A narrative with the official headings and empty texts (a new draft).
    pub fn blank() -> Narrative {
        let mut n = Narrative::default();
        for (p, (heading, _)) in n.parts.iter_mut().zip(PARTS.iter()) {
            p.heading = (*heading).to_string();
        }
        n
    }

    /// The text of part `i` (0-based), or "" when absent.
    pub fn part_text(&self, i: usize) -> &str {
        self.parts.get(i).map(|p| p.text.as_str()).unwrap_or("")
    }

    /// Whether part `i` has a heading or text.
    pub fn has_part(&self, i: usize) -> bool {
        self.parts.get(i).is_some_and(|p| !p.heading.trim().is_empty() || !p.text.trim().is_empty())
    }
}

/// Where imported values came from, when they were not read plainly.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Provenance {
    /// Cells whose value was inferred (glued digits split by the sum relations, or rows realigned).
    pub inferred: BTreeSet<CellRef>,
    /// Cells that could not be read; rules skip every relation that touches them.
    pub unread: BTreeSet<CellRef>,
    /// Subtotal rows a report added for a spanning group of table 三 (group key → 7 values).
    pub subtotals: BTreeMap<String, Vec<Option<Number>>>,
    /// What the importer had to say (findings with import codes).
    pub notes: Vec<Finding>,
    /// Cells read from a picture by OCR, with the recogniser's confidence (0 to 100).
    pub ocr: BTreeMap<CellRef, u8>,
    /// Some of the text (title, opening, parts) was read from pictures by OCR: its punctuation
    /// is the recogniser's, not necessarily what the report printed.
    pub ocr_text: bool,
    /// Table 三 counted from the application ledger: the file and each cell's ledger rows.
    pub ledger: Option<LedgerSource>,
}

/// Where table 三 came from when it was counted from the application ledger.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LedgerSource {
    /// The ledger file's name.
    pub file: String,
    /// The ledger rows (1-based, as the spreadsheet shows them) each cell counts.
    pub rows: BTreeMap<CellRef, Vec<u32>>,
}

impl Provenance {
    /// Whether a cell holds an OCR reading below [`OCR_DOUBTFUL`](crate::text::OCR_DOUBTFUL).
    pub fn doubtful(&self, cell: CellRef) -> bool {
        self.ocr.get(&cell).is_some_and(|&c| c < crate::text::OCR_DOUBTFUL)
    }

    /// How many cells hold an OCR reading, and how many of them doubtfully.
    pub fn ocr_counts(&self) -> (usize, usize) {
        (self.ocr.len(), self.ocr.keys().filter(|&&c| self.doubtful(c)).count())
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.inferred.is_empty()
            && self.unread.is_empty()
            && self.subtotals.is_empty()
            && self.notes.is_empty()
            && self.ocr.is_empty()
            && !self.ocr_text
            && self.ledger.is_none()
    }
}

/// A whole report: the unit that is written, imported, checked and rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The format edition the tables follow (for a hybrid report: tables 三 and 四).
    pub edition: Edition,
    /// The edition table 二 follows when it is not `edition` (a hybrid report, e.g. a 2021 report
    /// whose table 二 still has the 2019 columns); None when it is the same.
    pub t2_layout: Option<Edition>,
    /// Facts about the report.
    pub meta: Meta,
    /// Title, opening paragraph, six parts.
    pub narrative: Narrative,
    /// Filled cells; a cell that is absent is blank.
    pub cells: BTreeMap<CellRef, Number>,
    /// Units written in money cells ("元", "万元"), where the cell said so.
    pub units: BTreeMap<CellRef, String>,
    /// Totals the clerk entered by hand instead of letting the editor compute them.
    pub manual_totals: BTreeSet<CellRef>,
    /// Import provenance.
    pub provenance: Provenance,
}

impl Report {
    /// An empty report of an edition.
    pub fn new(edition: Edition) -> Report {
        Report {
            edition,
            t2_layout: None,
            meta: Meta::default(),
            narrative: Narrative::blank(),
            cells: BTreeMap::new(),
            units: BTreeMap::new(),
            manual_totals: BTreeSet::new(),
            provenance: Provenance::default(),
        }
    }

    /// The layout of the report: its edition's, with table 二 in the layout of
    /// [`t2_layout`](Report::t2_layout) when that is set.
    pub fn layout(&self) -> &'static Layout {
        layout_with_t2(self.edition, self.t2_edition())
    }

    /// The edition table 二 follows.
    pub fn t2_edition(&self) -> Edition {
        self.t2_layout.unwrap_or(self.edition)
    }

    /// The value of a cell (None = blank).
    pub fn get(&self, cell: CellRef) -> Option<Number> {
        self.cells.get(&cell).copied()
    }

    /// The integer value of a cell; blank, decimals and values beyond [`MAX_VALUE`] (reported by
    /// V201, kept out of the arithmetic) as None.
    pub fn int(&self, cell: CellRef) -> Option<i64> {
        self.get(cell).filter(|v| v.in_range()).and_then(Number::as_int)
    }

    /// Sets or clears a cell.
    pub fn set(&mut self, cell: CellRef, value: Option<Number>) {
        match value {
            Some(v) => {
                self.cells.insert(cell, v);
            }
            None => {
                self.cells.remove(&cell);
            }
        }
    }

    /// Serializes the draft JSON (pretty-printed).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&ReportJson::from_report(self)).expect("report JSON is always serializable")
    }

    /// Reads a draft JSON. The error is a Chinese sentence that says what is wrong and where.
    pub fn from_json(text: &str) -> Result<Report, String> {
        let raw: ReportJson = serde_json::from_str(text).map_err(|e| {
            format!("草稿 JSON 格式错误（第{}行第{}列）：{}", e.line(), e.column(), translate_serde(&e.to_string()))
        })?;
        raw.into_report()
    }
}

fn translate_serde(msg: &str) -> String {
    // serde's messages are English; keep them but prefix the common cases with Chinese.
    if msg.starts_with("missing field") {
        format!("缺少字段（{msg}）")
    } else if msg.starts_with("unknown variant") {
        format!("取值不在允许范围内（{msg}）")
    } else if msg.starts_with("invalid type") {
        format!("类型不对（{msg}）")
    } else if msg.starts_with("EOF") {
        format!("文件不完整（{msg}）")
    } else {
        msg.to_string()
    }
}

/// The serialized form of a report.
#[derive(Serialize, Deserialize)]
struct ReportJson {
    schema: u32,
    edition: Edition,
    /// Table 二's edition in a hybrid report (absent in drafts written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    t2_edition: Option<Edition>,
    #[serde(default)]
    meta: Meta,
    #[serde(default)]
    narrative: Narrative,
    /// A cell written as `null` is blank, as an omitted one.
    #[serde(default)]
    cells: BTreeMap<String, Option<Number>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    units: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    manual_totals: Vec<String>,
    #[serde(default, skip_serializing_if = "ProvenanceJson::is_empty")]
    provenance: ProvenanceJson,
}

#[derive(Serialize, Deserialize, Default)]
struct ProvenanceJson {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    inferred: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    unread: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    subtotals: BTreeMap<String, Vec<Option<Number>>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<Finding>,
    /// Cells read by OCR: cell id → confidence (0 to 100).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    ocr: BTreeMap<String, u8>,
    /// Text read by OCR.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    ocr_text: bool,
    /// Table 三 from the ledger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ledger: Option<LedgerJson>,
}

#[derive(Serialize, Deserialize, Default)]
struct LedgerJson {
    #[serde(default)]
    file: String,
    /// Cell id → ledger rows (cells counting no row are left out).
    #[serde(default)]
    rows: BTreeMap<String, Vec<u32>>,
}

impl ProvenanceJson {
    fn is_empty(&self) -> bool {
        self.inferred.is_empty()
            && self.unread.is_empty()
            && self.subtotals.is_empty()
            && self.notes.is_empty()
            && self.ocr.is_empty()
            && !self.ocr_text
            && self.ledger.is_none()
    }
}

impl ReportJson {
    fn from_report(r: &Report) -> ReportJson {
        let l = r.layout();
        let ids = |set: &BTreeSet<CellRef>| set.iter().map(|c| l.cell_id(*c)).collect::<Vec<_>>();
        ReportJson {
            schema: SCHEMA_VERSION,
            edition: r.edition,
            t2_edition: r.t2_layout,
            meta: r.meta.clone(),
            narrative: r.narrative.clone(),
            cells: r.cells.iter().map(|(c, v)| (l.cell_id(*c), Some(*v))).collect(),
            units: r.units.iter().map(|(c, v)| (l.cell_id(*c), v.clone())).collect(),
            manual_totals: ids(&r.manual_totals),
            provenance: ProvenanceJson {
                inferred: ids(&r.provenance.inferred),
                unread: ids(&r.provenance.unread),
                subtotals: r.provenance.subtotals.clone(),
                notes: r.provenance.notes.clone(),
                ocr: r.provenance.ocr.iter().map(|(c, v)| (l.cell_id(*c), *v)).collect(),
                ocr_text: r.provenance.ocr_text,
                ledger: r.provenance.ledger.as_ref().map(|g| LedgerJson {
                    file: g.file.clone(),
                    rows: g
                        .rows
                        .iter()
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(c, v)| (l.cell_id(*c), v.clone()))
                        .collect(),
                }),
            },
        }
    }

    fn into_report(self) -> Result<Report, String> {
        if self.schema == 0 || self.schema > SCHEMA_VERSION {
            return Err(format!(
                "草稿格式版本 schema={} 不受支持：本程序读取 1 至 {} 版，请升级程序或重新导出草稿",
                self.schema, SCHEMA_VERSION
            ));
        }
        let t2 = self.t2_edition.filter(|&e| e != self.edition);
        let l = layout_with_t2(self.edition, t2.unwrap_or(self.edition));
        let cell = |id: &str| {
            l.parse_cell_id(id)
                .ok_or_else(|| format!("草稿中的单元格编号“{id}”不属于{}，无法读取", self.edition.label()))
        };
        let mut report = Report::new(self.edition);
        report.t2_layout = t2;
        report.meta = self.meta;
        report.narrative = self.narrative;
        if report.narrative.parts.len() != 6 {
            return Err(format!("草稿的正文应有六个部分，实际为{}个", report.narrative.parts.len()));
        }
        for (id, v) in &self.cells {
            let c = cell(id)?;
            if let Some(v) = v {
                report.cells.insert(c, *v);
            }
        }
        for (id, u) in &self.units {
            report.units.insert(cell(id)?, u.clone());
        }
        for id in &self.manual_totals {
            report.manual_totals.insert(cell(id)?);
        }
        for id in &self.provenance.inferred {
            report.provenance.inferred.insert(cell(id)?);
        }
        for id in &self.provenance.unread {
            report.provenance.unread.insert(cell(id)?);
        }
        report.provenance.subtotals = self.provenance.subtotals;
        report.provenance.notes = self.provenance.notes;
        for (id, conf) in &self.provenance.ocr {
            report.provenance.ocr.insert(cell(id)?, (*conf).min(100));
        }
        report.provenance.ocr_text = self.provenance.ocr_text;
        if let Some(g) = self.provenance.ledger {
            let mut rows = BTreeMap::new();
            for (id, v) in g.rows {
                rows.insert(cell(&id)?, v);
            }
            report.provenance.ledger = Some(LedgerSource { file: g.file, rows });
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_and_print() {
        assert_eq!(Number::parse("24252.311082").unwrap().to_string(), "24252.311082");
        assert_eq!(Number::parse("+3"), Some(Number::Int(3)));
        assert_eq!(Number::parse("-8"), Some(Number::Int(-8)));
        assert_eq!(Number::parse("1,234"), Some(Number::Int(1234)));
        assert_eq!(Number::parse("0.05").unwrap().to_string(), "0.05");
        assert_eq!(Number::parse("1,23"), None);
        assert_eq!(Number::parse(""), None);
        assert_eq!(Number::parse("12a"), None);
        assert_eq!(Number::parse("-"), None);
    }

    #[test]
    fn draft_json_round_trips() {
        let l = crate::layout::layout(Edition::E2021);
        let mut r = Report::new(Edition::E2021);
        r.meta.agency = "测试局".into();
        r.meta.year = Some(2023);
        r.set(l.t3(0, 0), Some(Number::Int(5)));
        r.set(l.t2_by_key("fee", "amount").unwrap(), Number::parse("12.5"));
        let back = Report::from_json(&r.to_json()).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn bad_drafts_get_chinese_errors() {
        assert!(Report::from_json("{").unwrap_err().contains("草稿 JSON 格式错误"));
        let e = Report::from_json(r#"{"schema":9,"edition":"2021"}"#).unwrap_err();
        assert!(e.contains("schema=9"), "{e}");
        let e = Report::from_json(r#"{"schema":1,"edition":"2021","cells":{"t3.bogus.np":1}}"#).unwrap_err();
        assert!(e.contains("t3.bogus.np"), "{e}");
    }

    #[test]
    fn null_cells_are_blank_and_huge_numbers_are_refused() {
        let r = Report::from_json(r#"{"schema":1,"edition":"2021","cells":{"t3.new.np":null,"t3.new.total":3}}"#)
            .expect("null is a blank cell");
        assert_eq!(r.cells.len(), 1);
        let e = Report::from_json(r#"{"schema":1,"edition":"2021","cells":{"t3.new.np":9223372036854775808}}"#)
            .unwrap_err();
        assert!(e.contains("9223372036854775808") && e.contains("超出"), "{e}");
        assert!(!e.contains("untagged"), "{e}");
        let e = Report::from_json(r#"{"schema":1,"edition":"2021","cells":{"t3.new.np":true}}"#).unwrap_err();
        assert!(e.contains("数值"), "{e}");
    }
}
