//! The app's page module: the drafts and the editor (see the library's documentation); 批量检查
//! is loaded on demand from its own module (src/bin/batch-page.rs).

use nianbao_web::app;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

/// Benchmark hook (window.wasmBindings.bench_recheck): reads a draft JSON (the importer is not
/// in this module: tests/e2e/bench.mjs imports the report through the page), then times what
/// one keystroke in a table costs — set a cell, recompute the totals, run every rule,
/// serialize the draft for saving — averaged over `rounds`. Returns milliseconds per keystroke.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_recheck(draft: &str, rounds: u32) -> f64 {
    use nianbao_core::{draft::apply_computed_totals, Number};
    let Ok(mut report) = nianbao_core::Report::from_json(draft) else { return f64::NAN };
    let cell = report.layout().t3(0, 0);
    let start = js_sys::Date::now();
    for i in 0..rounds.max(1) {
        report.set(cell, Some(Number::Int(i64::from(i % 50))));
        apply_computed_totals(&mut report);
        let findings = nianbao_core::check(&report, None);
        let json = report.to_json();
        std::hint::black_box((findings, json));
    }
    (js_sys::Date::now() - start) / f64::from(rounds.max(1))
}
