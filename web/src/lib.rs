//! nianbao web app: write the 政府信息公开工作年度报告 in the browser, with live checks, drafts
//! kept in localStorage, offline use, and exports. Everything runs in the browser; no request
//! leaves the page's origin.
//!
//! Two page modules are built from this library: the app (`src/main.rs`: the drafts, the editor,
//! and the place of 批量检查) and the 批量检查 page (`src/bin/batch-page.rs`), a wasm module of
//! its own that the app loads the first time a supervisor opens 批量检查 ([`app::BatchHost`]), so
//! that the batch review does not weigh on a clerk's first load. The workers (`src/bin/*-worker.rs`)
//! use the core directly.

pub mod app;
pub mod batch;
pub mod editor;
pub mod files;
pub mod findings;
pub mod home;
pub mod ledger_page;
pub mod page_module;
pub mod store;
