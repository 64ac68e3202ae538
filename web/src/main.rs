//! nianbao web app: write the 政府信息公开工作年度报告 in the browser, with live checks, drafts
//! kept in localStorage, offline use, and exports. Everything runs in the browser; no request
//! leaves the page's origin.

mod app;
mod editor;
mod files;
mod findings;
mod home;
mod store;
mod table;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
