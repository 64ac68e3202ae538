//! # nianbao-core
//!
//! The model, rules, importer and renderers of the 政府信息公开工作年度报告 (government
//! information disclosure annual report), shared by the `nianbao` CLI and the browser app.
//! Plain Rust with serde and no I/O: it compiles to native code and to wasm32 alike.
//!
//! - [`layout`]: the official table layouts of both editions, as data (rows, columns, labels,
//!   sum relations).
//! - [`model`]: the [`Report`] and its JSON draft format.
//! - [`import`]: reading published reports (HTML, scraped text, PDF-extracted text, Markdown,
//!   glued digits) into a [`Report`].
//! - [`rules`]: the rules, each with a stable code and explanation; [`check`] runs them.
//! - [`finding`]: what the rules report.
//! - [`draft`]: new drafts, next year's draft, computed totals.
//! - [`render`]: HTML, text, Markdown and Word output.
//! - [`grid`]: the tables as printed, with their merged headers.
//! - [`batch`]: many reports at once: pairing with last year, timeliness, roster, review file, 汇总.
//! - [`reuse`]: sentences of parts 一 and 五 repeated from another report.

pub mod batch;
pub mod draft;
pub mod finding;
pub mod grid;
pub mod import;
pub mod layout;
pub mod ledger;
pub mod model;
pub mod read;
pub mod render;
pub mod reuse;
pub mod rules;
pub mod text;

pub use finding::{Finding, Severity};
pub use layout::{Edition, TableId};
pub use model::{Number, Report};
pub use rules::{check, check_with, Profile};
