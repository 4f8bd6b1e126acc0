//! Progress display on standard error (indicatif), silent with `--quiet` or when
//! standard error is not a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::time::Duration;

/// A spinner showing the current phase of a run.
pub struct Progress {
    bar: ProgressBar,
    quiet: bool,
}

impl Progress {
    /// A spinner, hidden when `quiet`.
    pub fn new(quiet: bool) -> Self {
        let bar = if quiet { ProgressBar::hidden() } else { ProgressBar::new_spinner() };
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}").unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Self { bar, quiet }
    }

    /// Print a line on standard error unless quiet, also when it is not a terminal
    /// (progress that belongs in a log, e.g. Benders iterations).
    pub fn note(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            self.bar.suspend(|| eprintln!("{}", msg.as_ref()));
        }
    }

    /// Show a new phase.
    pub fn phase(&self, msg: impl Into<String>) {
        self.bar.set_message(msg.into());
    }

    /// Print a line above the spinner (suppressed when hidden).
    pub fn println(&self, msg: impl AsRef<str>) {
        self.bar.println(msg.as_ref());
    }

    /// Remove the spinner.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
