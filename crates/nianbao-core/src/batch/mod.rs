//! Batch review: many reports of a jurisdiction at once, as a supervisor checks them.
//!
//! [`review`] takes the reports (each with its publication date read from the raw text, see
//! [`Input`]) and gives per report: the unit (normalised for matching), level, year, edition,
//! publication date and its source, deadline, whether it was on time ("无法判断" when no date
//! is found), the findings with last year's report of the same unit paired automatically (so
//! D501–D507 run), repetition from last year and from other units' reports of the year, key
//! totals, unread cells, and its place in the roster. Units of the roster without a report are
//! listed as missing (未发布). Findings in the review file ([`Baseline`]) are not reported again.
//!
//! Plain Rust without I/O, like the rest of the core: used by the CLI and the browser.

pub mod agency;
pub mod baseline;
pub mod dates;
pub mod notice;
pub mod roster;
pub mod sum;

pub use agency::agency_key;
pub use baseline::{Baseline, FindingKey};
pub use dates::{deadline, publication_date, Date, DateSource};
pub use roster::{parse_roster, parse_roster_rows, Roster, RosterUnit};

use crate::finding::{Finding, Severity};
use crate::import::{self, Form, ImportError};
use crate::model::{Level, Report};
#[cfg(feature = "decode")]
use crate::read;
use crate::reuse::{ReuseIndex, Sentences};
use crate::rules;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One report of a batch, with the publication date read from its raw text.
#[derive(Debug, Clone)]
pub struct Input {
    /// The file name (or any label the caller shows).
    pub name: String,
    /// The imported report.
    pub report: Report,
    /// The publication date and where it was read.
    pub published: Option<(Date, DateSource)>,
}

impl Input {
    /// Imports a report from its text (HTML, scraped or extracted text, Markdown, draft JSON;
    /// see [`import::import`]) and reads its publication date from the whole text, before the
    /// importer cuts it into parts.
    pub fn from_text(name: &str, text: &str) -> Result<Input, ImportError> {
        Ok(Input::dated(name, import::import(text)?, text))
    }

    /// Reads raw bytes of any form (text in any encoding, Word, PDF: [`read::read_bytes`]) and
    /// imports them ([`Input::from_text`]).
    #[cfg(feature = "decode")]
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Input, ImportError> {
        let decoded = read::read_bytes(bytes)?;
        Ok(Input::dated(name, import::import_decoded(&decoded)?, &decoded.text))
    }

    /// A report already imported or written as a draft; its date is the draft's 发布日期.
    pub fn from_report(name: &str, report: Report) -> Input {
        let published =
            report.meta.publish_date.as_deref().and_then(Date::parse_prefix).map(|(d, _)| (d, DateSource::Draft));
        Input { name: name.to_string(), report, published }
    }

    /// The input of a report imported from `raw`, dated from `raw` (an HTML page's tags count
    /// as line breaks). For callers that import by themselves: the browser parses HTML with its
    /// own DOM.
    pub fn dated(name: &str, report: Report, raw: &str) -> Input {
        let published = match import::detect_form(raw) {
            Form::Draft => return Input::from_report(name, report),
            Form::Html => publication_date(&dates::tags_to_lines(raw)),
            Form::Text => publication_date(raw),
        };
        Input { name: name.to_string(), report, published }
    }
}

/// What the batch is checked against.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A deadline (month, day) for every unit, instead of the statutory one.
    pub deadline: Option<(u8, u8)>,
    /// The roster of units that must publish.
    pub roster: Option<Roster>,
    /// Findings already reviewed.
    pub baseline: Option<Baseline>,
    /// Leave out findings of level 提示.
    pub no_info: bool,
    /// Last year's report given by hand: used for every report instead of the pairing.
    pub previous: Option<Input>,
    /// A local rubric's checks (rules `L9xx`), off by default.
    pub profile: rules::Profile,
    /// The batch's report year: the roster's units without a report of that year are 未发布.
    /// None: the latest year among the reports.
    pub year: Option<u16>,
}

/// The key totals of a report, as printed (None = blank or not read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    /// 表三 一、本年新收 总计.
    pub new: Option<i64>,
    /// 表三 二、上年结转 总计.
    pub carry: Option<i64>,
    /// 表三 （七）总计 (办结) 总计.
    pub concluded: Option<i64>,
    /// 表三 四、结转下年度继续办理 总计.
    pub next: Option<i64>,
    /// 表四 行政复议 总计.
    pub review: Option<i64>,
    /// 表四 行政诉讼 未经复议直接起诉 总计.
    pub litigation_direct: Option<i64>,
    /// 表四 行政诉讼 复议后起诉 总计.
    pub litigation_after: Option<i64>,
}

impl Totals {
    /// Reads the key totals of a report.
    pub fn of(r: &Report) -> Totals {
        let l = r.layout();
        let total = l.t3_total_col();
        let t3 = |key: &str| l.t3_row(key).map(|row| l.t3(row, total)).and_then(|c| read(r, c));
        let t4 = |group: usize| read(r, l.t4(group, l.t4_columns.len() - 1));
        Totals {
            new: t3("new"),
            carry: t3("carry"),
            concluded: t3("total"),
            next: t3("next"),
            review: t4(0),
            litigation_direct: t4(1),
            litigation_after: t4(2),
        }
    }
}

fn read(r: &Report, cell: crate::layout::CellRef) -> Option<i64> {
    (!r.provenance.unread.contains(&cell)).then(|| r.int(cell)).flatten()
}

/// Another unit's report of the same year most like this one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Similar {
    /// Its file.
    pub file: String,
    /// Its unit.
    pub agency: String,
    /// Share of this report's parts 一 and 五 in sentences found there, 0.0..=1.0.
    pub share: f64,
    /// Its place among the batch's inputs.
    #[serde(skip)]
    pub index: usize,
}

/// How much of parts 一 and 五 repeats other reports.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Repetition {
    /// Share repeated from the paired previous-year report (None without one).
    pub previous: Option<f64>,
    /// The most similar other unit's report of the same year in the batch.
    pub most_similar: Option<Similar>,
}

/// A report's place in the roster.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RosterMatch {
    /// No roster was given.
    NoRoster,
    /// The roster line it matches.
    Listed {
        /// The name in the roster.
        name: String,
        /// The roster line.
        line: usize,
        /// Matched by a name a character or two apart, or without its zone's name (see
        /// [`Roster::find_near`]): shown with the roster's name, never silent.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        approximate: bool,
    },
    /// The unit is not in the roster.
    NotListed,
}

/// The review of one report.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The input's name.
    pub file: String,
    /// The unit as the report names it.
    pub agency: String,
    /// The matching key of the unit.
    pub key: String,
    /// The report year.
    pub year: Option<u16>,
    /// The format edition of the tables.
    pub edition: crate::layout::Edition,
    /// 政府 or 部门 (the roster's 类别 when it gives one).
    pub level: Level,
    /// The publication date and its source.
    pub published: Option<(Date, DateSource)>,
    /// The deadline that applies.
    pub deadline: Option<Date>,
    /// Published by the deadline; None = 无法判断 (no date, or no year).
    pub on_time: Option<bool>,
    /// The name of the previous-year report the cross-year rules used (paired in the batch, or
    /// given in [`Options::previous`]).
    pub previous: Option<String>,
    /// Repetition figures.
    pub repetition: Repetition,
    /// The findings, without those in the review file.
    pub findings: Vec<Finding>,
    /// How many findings the review file held back.
    pub reviewed: usize,
    /// Key totals.
    pub totals: Totals,
    /// Cells that could not be read.
    pub unread: usize,
    /// Place in the roster.
    pub roster: RosterMatch,
    /// The other files of the batch that hold this same report (the unit's report of the same
    /// year in another form, HTML and PDF; or one whose text and totals are the same): listed
    /// here, never taken for another unit's report like it.
    pub copies: Vec<String>,
}

impl Entry {
    /// Errors, warnings, infos.
    pub fn counts(&self) -> (usize, usize, usize) {
        rules::tally(&self.findings)
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// The review of a batch.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// One entry per input, in input order.
    pub entries: Vec<Entry>,
    /// Roster units without a report of the batch's year (未发布).
    pub missing: Vec<RosterUnit>,
    /// The batch's report year ([`Options::year`], or the latest year among the reports).
    pub year: Option<u16>,
}

/// Reviews a batch of reports.
pub fn review(inputs: &[Input], opts: &Options) -> Batch {
    let keys: Vec<String> = inputs.iter().map(|i| agency_key(&i.report.meta.agency)).collect();
    // each named unit's reports by year, in input order: the pairing takes the first of last
    // year's, the other files of the same unit and year are copies of one report
    let mut by_unit_year: HashMap<(&str, Option<u16>), Vec<usize>> = HashMap::new();
    for (i, input) in inputs.iter().enumerate() {
        if !keys[i].is_empty() {
            by_unit_year.entry((keys[i].as_str(), input.report.meta.year)).or_default().push(i);
        }
    }
    let sentences: Vec<Sentences> = par_map(inputs.len(), |i| Sentences::of(&inputs[i].report));
    let years: Vec<Option<u16>> = inputs.iter().map(|i| i.report.meta.year).collect();
    let mut unit_ids: HashMap<&str, u32> = HashMap::new();
    let units: Vec<u32> = keys
        .iter()
        .map(|k| {
            let next = unit_ids.len() as u32;
            *unit_ids.entry(k.as_str()).or_insert(next)
        })
        .collect();
    let index = ReuseIndex::new(&years, &sentences);
    let given_sentences = opts.previous.as_ref().map(|p| Sentences::of(&p.report));
    let reviewed_keys = opts.baseline.as_ref().map(Baseline::keys).unwrap_or_default();
    // each report's entry depends only on the shared data above: on all cores with `parallel`
    let entry = |i: usize| -> Entry {
        let input = &inputs[i];
        let r = &input.report;
        let year = r.meta.year;
        let paired = year
            .and_then(|y| y.checked_sub(1))
            .and_then(|py| by_unit_year.get(&(keys[i].as_str(), Some(py))).map(|v| v[0]))
            .filter(|&p| p != i);
        let previous: Option<(&Input, &Sentences)> = match (&opts.previous, &given_sentences) {
            (Some(p), Some(ps)) => Some((p, ps)),
            _ => paired.map(|p| (&inputs[p], &sentences[p])),
        };
        let listed = opts.roster.as_ref().map(|ro| ro.find_near(&keys[i]));
        let unit = listed.flatten().map(|u| u.0);
        let level = unit.and_then(|u| u.level).unwrap_or(r.meta.level);
        let month_day = unit.and_then(|u| u.deadline).or(opts.deadline);
        let due = year.and_then(|y| deadline(y, level, month_day));
        let on_time = match (input.published, due) {
            (Some((d, _)), Some(due)) => Some(d <= due),
            _ => None,
        };
        let mut findings = rules::check_with(r, previous.map(|(p, _)| &p.report), &opts.profile);
        let before = findings.len();
        if !reviewed_keys.is_empty() {
            findings.retain(|f| !reviewed_keys.contains(&FindingKey::new(&r.meta.agency, year, f)));
        }
        let reviewed = before - findings.len();
        if opts.no_info {
            findings.retain(|f| f.severity != Severity::Info);
        }
        // the same unit's report of the same year in another file is a copy; so is another
        // file with the same text and cells whose unit is not named or named a little apart (a
        // PDF whose title was read differently)
        let mut copies: Vec<String> = by_unit_year
            .get(&(keys[i].as_str(), year))
            .into_iter()
            .flatten()
            .filter(|&&j| j != i)
            .map(|&j| inputs[j].name.clone())
            .collect();
        let mut similar = most_similar(i, inputs, &keys, &units, &sentences, &index);
        if let Some(s) = similar.take_if(|s| {
            s.share >= SAME_TEXT
                && inputs[s.index].report.cells == r.cells
                && (keys[s.index].is_empty() || keys[i].is_empty() || roster::near_keys(&keys[s.index], &keys[i]))
        }) {
            copies.push(s.file);
        }
        let repetition = Repetition {
            previous: previous.and_then(|(_, ps)| sentences[i].reuse_of(ps)).map(|x| x.share),
            most_similar: similar,
        };
        Entry {
            file: input.name.clone(),
            agency: r.meta.agency.clone(),
            key: keys[i].clone(),
            year,
            edition: r.edition,
            level,
            published: input.published,
            deadline: due,
            on_time,
            previous: previous.map(|(p, _)| p.name.clone()),
            repetition,
            findings,
            reviewed,
            totals: Totals::of(r),
            unread: r.provenance.unread.len(),
            roster: match listed {
                None => RosterMatch::NoRoster,
                Some(Some((u, approximate))) => RosterMatch::Listed { name: u.name.clone(), line: u.line, approximate },
                Some(None) => RosterMatch::NotListed,
            },
            copies,
        }
    };
    let entries = par_map(inputs.len(), entry);
    let mut batch = Batch { entries, ..Batch::default() };
    batch.settle_year(opts);
    batch
}

impl Batch {
    /// Sets the batch's report year ([`Options::year`], else the latest year among its reports)
    /// and the roster's units without a report of that year (未发布). A report whose year is not
    /// known counts as published: a unit is not called missing for want of a year.
    pub fn settle_year(&mut self, opts: &Options) {
        self.year = opts.year.or_else(|| self.entries.iter().filter_map(|e| e.year).max());
        let year = self.year;
        let published = self.entries.iter().filter(|e| e.year.is_none() || e.year == year).map(|e| e.key.as_str());
        self.missing = opts.roster.as_ref().map(|ro| ro.missing(published)).unwrap_or_default();
    }
}

/// The share of sentences from which another file is the same report (with the same cells).
const SAME_TEXT: f64 = 0.95;

/// `f(0), f(1), …, f(n − 1)` in order: on every core with the `parallel` feature (the CLI), one
/// after another without it (the browser).
fn par_map<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..n).into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        (0..n).map(f).collect()
    }
}

/// The other unit's report of the same year that holds most of this report's sentences.
fn most_similar(
    i: usize,
    inputs: &[Input],
    keys: &[String],
    units: &[u32],
    sentences: &[Sentences],
    index: &ReuseIndex,
) -> Option<Similar> {
    let year = inputs[i].report.meta.year?;
    // another unit's reports only (a report without a unit name is compared with every other)
    let own_unit = (!keys[i].is_empty()).then_some(units[i]);
    let (j, share) = index.most_shared(i, year, |j| own_unit == Some(units[j]), sentences)?;
    Some(Similar { file: inputs[j].name.clone(), agency: inputs[j].report.meta.agency.clone(), share, index: j })
}
