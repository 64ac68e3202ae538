//! The progress bar of a batch (reading pictures by OCR takes seconds a page): drawn on
//! standard error only when it is a terminal and the batch has taken more than a second, cleared
//! when the batch is done, so that piped or captured output never holds it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// How long a batch runs before its bar is shown.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// A batch's progress: one step a file.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar for `files` files, shown after a second if standard error is a terminal.
    pub fn start(files: usize) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("读取与检查 {bar:30} {pos}/{len} 份  已用 {elapsed}") {
            bar.set_style(style.progress_chars("█▉ "));
        }
        if std::io::stderr().is_terminal() {
            let shown = bar.clone();
            std::thread::spawn(move || {
                std::thread::sleep(SHOW_AFTER);
                if !shown.is_finished() {
                    shown.set_draw_target(ProgressDrawTarget::stderr());
                    shown.enable_steady_tick(Duration::from_millis(200));
                }
            });
        }
        Progress { bar }
    }

    /// One more file done.
    pub fn step(&self) {
        self.bar.inc(1);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
