//! Feedback on long work: a progress bar on a terminal (indicatif), nothing in pipes and CI,
//! and a one-line summary at the end.
//!
//! Everything goes to stderr, so that stdout stays the command's output (`export > file.ttl`).
//! The bar draws only when stderr is a terminal; the summary line is always printed.

#![expect(
    clippy::print_stderr,
    reason = "this module writes progress and the summary line to stderr"
)]

use crate::observe::Step;
use crate::store::LoadSpec;
use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};
use std::borrow::Cow;
use std::time::{Duration, Instant};

/// How often the bar is redrawn at most, per second.
const REFRESH_HZ: u8 = 10;

/// A progress display: a spinner or a bar on a terminal, hidden elsewhere. Dropping it (on an
/// error, say) clears it.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
}

impl Progress {
    /// Starts a display showing `message` (a spinner until [`Progress::task`] gives a length).
    pub fn start(message: impl Into<Cow<'static, str>>) -> Self {
        let bar =
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(REFRESH_HZ))
                .with_finish(ProgressFinish::AndClear);
        bar.set_style(spinner_style(""));
        bar.set_message(message);
        bar.enable_steady_tick(Duration::from_millis(100));
        Self {
            bar,
            started: Instant::now(),
        }
    }

    /// A display that never draws (for processes whose stderr is not the user's, like query
    /// workers).
    pub fn hidden() -> Self {
        Self {
            bar: ProgressBar::hidden(),
            started: Instant::now(),
        }
    }

    /// Moves on to a new task: a bar of `len` `unit`s when the length is known, else a spinner
    /// (counting `unit`s done, if a unit is given).
    pub fn task(&self, message: impl Into<Cow<'static, str>>, len: Option<u64>, unit: &str) {
        self.bar.set_message(message);
        self.bar.set_position(0);
        self.bar.reset_eta();
        match len {
            Some(len) => {
                self.bar.set_length(len);
                self.bar.set_style(bar_style(unit));
            }
            None => {
                self.bar.set_style(spinner_style(unit));
                self.bar.unset_length();
            }
        }
    }

    /// Sets how much of the current task is done.
    pub fn set_position(&self, done: u64) {
        self.bar.set_position(done);
    }

    /// Shows a library operation's progress events; `files` are the `--load` files it names.
    pub fn observe(&self, step: Step, files: &[LoadSpec]) {
        match step {
            #[cfg(feature = "rocksdb")]
            Step::Converting => self.task("converting to RDF", None, ""),
            Step::Loading { total } => self.task("loading the store", Some(total), "quads"),
            Step::ConvertingAndLoading => {
                self.task("converting to RDF and loading the store", None, "quads");
            }
            Step::LoadingFile { index } => {
                let name = files
                    .get(index)
                    .map_or_else(String::new, |f| f.path.display().to_string());
                self.task(format!("loading {name}"), None, "");
            }
            #[cfg(feature = "rocksdb")]
            Step::Compacting => self.task("compacting the store for reading", None, ""),
            Step::Reading => self.task("reading the store", None, ""),
            Step::Sorting { total } => {
                self.task(format!("sorting {} quads", HumanCount(total)), None, "");
            }
            Step::Writing { total } => self.task("writing", Some(total), "quads"),
            Step::Done(done) => self.set_position(done),
        }
    }

    /// Time since [`Progress::start`].
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Removes the bar from the terminal (before printing a report to stdout).
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }

    /// Adds to how much of the current task is done.
    pub fn inc(&self, done: u64) {
        self.bar.inc(done);
    }

    /// Clears the bar and prints the summary line: `<what>: N triples in S s (R triples/s)`,
    /// followed by `detail` if any.
    pub fn finish(self, what: &str, triples: Triples, detail: &str) {
        self.bar.finish_and_clear();
        eprintln!("{}", summary(what, triples, self.started.elapsed(), detail));
    }
}

/// A number of triples for the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Triples {
    /// Counted.
    Exactly(u64),
    /// Estimated.
    About(u64),
}

impl Triples {
    fn count(self) -> u64 {
        match self {
            Self::Exactly(n) | Self::About(n) => n,
        }
    }
}

/// The summary line of a finished piece of work.
pub fn summary(what: &str, triples: Triples, elapsed: Duration, detail: &str) -> String {
    let about = if matches!(triples, Triples::About(_)) {
        "about "
    } else {
        ""
    };
    let triples = triples.count();
    let seconds = elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        #[expect(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a rate for people, rounded"
        )]
        let rate = (triples as f64 / seconds).round() as u64;
        format!("{} triples/s", HumanCount(rate))
    } else {
        "too fast to measure".to_owned()
    };
    let detail = if detail.is_empty() {
        String::new()
    } else {
        format!("; {detail}")
    };
    format!(
        "{what}: {about}{} triples in {seconds:.2} s ({rate}){detail}",
        HumanCount(triples)
    )
}

fn spinner_style(unit: &str) -> ProgressStyle {
    let template = if unit.is_empty() {
        "{spinner} {msg} [{elapsed}]".to_owned()
    } else {
        format!("{{spinner}} {{msg}}: {{human_pos}} {unit} [{{elapsed}}]")
    };
    ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn bar_style(unit: &str) -> ProgressStyle {
    let template =
        format!("{{msg}} [{{wide_bar}}] {{human_pos}}/{{human_len}} {unit} ({{eta}} left)");
    ProgressStyle::with_template(&template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_triples_seconds_and_rate() {
        assert_eq!(
            summary(
                "build",
                Triples::Exactly(1_500_000),
                Duration::from_millis(2500),
                ""
            ),
            "build: 1,500,000 triples in 2.50 s (600,000 triples/s)"
        );
        assert_eq!(
            summary(
                "export",
                Triples::About(10),
                Duration::ZERO,
                "wrote out.ttl"
            ),
            "export: about 10 triples in 0.00 s (too fast to measure); wrote out.ttl"
        );
    }
}
