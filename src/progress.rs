//! A progress bar on stderr for long walks: only for a person at a terminal,
//! and only once the work has taken more than a second.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

pub struct Progress {
    message: &'static str,
    enabled: bool,
    started: Instant,
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn new(message: &'static str) -> Self {
        Progress {
            message,
            enabled: std::io::stderr().is_terminal(),
            started: Instant::now(),
            bar: None,
        }
    }

    /// `total` 0 means not known yet: the count is shown without a bar.
    pub fn update(&mut self, done: usize, total: usize) {
        if !self.enabled || self.started.elapsed() < Duration::from_secs(1) {
            return;
        }
        let bar = self
            .bar
            .get_or_insert_with(|| ProgressBar::new(0).with_message(self.message));
        if bar.length() != Some(total as u64) {
            bar.set_length(total as u64);
            let template = if total == 0 {
                "{msg}: {pos} commits"
            } else {
                "{msg} {bar:30} {pos}/{len} commits"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
        }
        bar.set_position(done as u64);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
