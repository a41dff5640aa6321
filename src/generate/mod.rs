//! Synthetic source data of the real shape, for scale tests and benchmarks (`kyoto-kg generate`).
//!
//! [`Plan::for_scale`] turns a target number of triples into counts of records, and [`write()`]
//! writes them as `data/`-style TOML that the real loader ([`crate::source`]) accepts, so that
//! `kyoto-kg build --data DIR` yields about that many triples. The output is a pure function of
//! the scale: the same scale always gives byte-identical files.
//!
//! Every record is marked as synthetic (its source says "generated, not a real document"; URLs
//! are under `example.org`): generated data must never be mistaken for facts.
//!
//! ## Shape
//! - one file `declaration.toml`: a synthetic declaration, its resolution, body, workplan and
//!   the four pillars;
//! - one file per year `year-YYYY.toml`, as a curator would add a year: the year's listing
//!   (a source), the Commission's regular session (a meeting), its resolutions (each with its
//!   own source document), the thematic discussion, its sessions, their topics, and the topics'
//!   links to SDG targets. Years run 2021..=2100 then 2020 down to 2000, and at most 99
//!   sessions a year: the loader's guards. One session in ten has no recorded topics, like the
//!   2024 sessions of the real listing;
//! - `sdg/sdg-snapshot.ttl`: the project's real snapshot of the UN SDG vocabulary (public UN
//!   data, embedded at build time), which the links point into (Goal 16 targets).
//!
//! Triples are spread as about 15% sessions, 45% topics, 15% SDG links and 25% resolutions;
//! past 9,999 sessions (101 years of 99) the other kinds grow alone.
//!
//! ## Extension point
//! A new kind of record needs: a count in [`Plan`] with its share of the budget in
//! [`Plan::for_scale`] and its cost per record in `cost`, and the lines that write it in
//! `write_all` (per year) or `skeleton` (fixed records).

use crate::files::{self, StagingError};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

mod records;
use records::{SDG_SNAPSHOT, marker, sdg_links, session, skeleton, year_header};

/// The smallest scale accepted: below this the fixed records dominate.
pub const MIN_SCALE: u64 = 5_000;
/// The largest scale accepted (about 20 GB of TOML).
pub const MAX_SCALE: u64 = 100_000_000;
/// The file that marks a directory as written by `generate`, so that it may be replaced.
pub const MARKER: &str = "GENERATED.txt";

/// The loader accepts years 2000..=2100 and session numbers 1..=99.
const MAX_SESSIONS_PER_YEAR: u32 = 99;
const MAX_YEARS: u32 = 101;
/// Real discussions have a handful of sessions; small scales keep at least this many a year.
const MIN_SESSIONS_PER_YEAR: u32 = 3;

/// Triples per record, as [`crate::rdf`] maps them (for planning; `build` gives the real count).
mod cost {
    /// The ontology graph, the SDG snapshot graph, the declaration, its body, resolution,
    /// workplan and pillars.
    pub const FIXED: u64 = 1_030;
    /// A year's listing (3), the Commission's session (6) and the thematic discussion (11).
    pub const YEAR: u64 = 20;
    /// A session without its topic links.
    pub const SESSION: u64 = 10;
    /// A topic (8) and its session's link to it (1).
    pub const TOPIC: u64 = 9;
    /// A resolution (8) and its source document (5).
    pub const RESOLUTION: u64 = 13;
    /// An SDG link: the mapping triple (1) and its mapping record (11).
    pub const LINK: u64 = 12;
}

/// Why synthetic data could not be generated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GenerateError {
    /// The requested scale is outside [`MIN_SCALE`]..=[`MAX_SCALE`].
    #[error(
        "the scale {0} is out of range; choose a number of triples from {MIN_SCALE} to {MAX_SCALE}"
    )]
    Scale(u64),
    /// The output directory holds something `generate` did not write.
    #[error(
        "{0} already exists and was not written by `kyoto-kg generate`; choose another --out directory, or remove it first"
    )]
    NotGenerated(PathBuf),
    /// Writing failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

/// A number of triples as users type it: `100000`, `100_000`, `1e5`, `10^5`, `100k`, `1M`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale(pub u64);

impl FromStr for Scale {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "{s:?} is not a number of triples; write e.g. 100000, 100_000, 1e5, 10^5, 100k or 1M"
            )
        };
        let t: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, '_' | ','))
            .collect();
        let power = |base: &str, exp: &str| -> Option<u64> {
            let base: u64 = base.parse().ok()?;
            let exp: u32 = exp.parse().ok()?;
            base.checked_mul(10u64.checked_pow(exp)?)
        };
        let n = if let Some((base, exp)) = t.split_once(['e', 'E']) {
            power(base, exp)
        } else if let Some(exp) = t.strip_prefix("10^") {
            power("1", exp)
        } else if let Some(n) = t.strip_suffix(['k', 'K']) {
            n.parse::<u64>().ok().and_then(|n| n.checked_mul(1_000))
        } else if let Some(n) = t.strip_suffix('M') {
            n.parse::<u64>().ok().and_then(|n| n.checked_mul(1_000_000))
        } else {
            t.parse().ok()
        };
        n.map(Self).ok_or_else(bad)
    }
}

/// How many records of each kind to write for a scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The requested number of triples.
    pub scale: u64,
    /// The years, in the order they are filled.
    pub years: Vec<i32>,
    /// Sessions in a full year (the last year may have fewer).
    pub sessions_per_year: u32,
    /// All sessions.
    pub sessions: u32,
    /// All topics.
    pub topics: u64,
    /// All resolutions (each with its own source document).
    pub resolutions: u64,
    /// All links from topics to SDG targets.
    pub links: u64,
}

impl Plan {
    /// The plan for about `scale` triples.
    pub fn for_scale(scale: u64) -> Result<Self, GenerateError> {
        if !(MIN_SCALE..=MAX_SCALE).contains(&scale) {
            return Err(GenerateError::Scale(scale));
        }
        let budget = scale.saturating_sub(cost::FIXED);
        let max_sessions = u64::from(MAX_YEARS * MAX_SESSIONS_PER_YEAR);
        let sessions =
            (budget * 15 / 100 / (cost::SESSION + cost::YEAR / 3)).clamp(1, max_sessions);
        let sessions = u32::try_from(sessions).unwrap_or(MAX_YEARS * MAX_SESSIONS_PER_YEAR);
        let sessions_per_year = sessions
            .div_ceil(MAX_YEARS)
            .clamp(MIN_SESSIONS_PER_YEAR, MAX_SESSIONS_PER_YEAR);
        let year_count = sessions.div_ceil(sessions_per_year);
        let topics = budget * 45 / 100 / cost::TOPIC;
        let links = budget * 15 / 100 / cost::LINK;
        let used = u64::from(year_count) * cost::YEAR
            + u64::from(sessions) * cost::SESSION
            + topics * cost::TOPIC
            + links * cost::LINK;
        let resolutions = budget.saturating_sub(used) / cost::RESOLUTION;
        Ok(Self {
            scale,
            years: years().take(year_count as usize).collect(),
            sessions_per_year,
            sessions,
            topics,
            resolutions,
            links,
        })
    }

    /// The number of triples the plan should give (the ontology included).
    pub fn estimated_triples(&self) -> u64 {
        cost::FIXED
            + self.years.len() as u64 * cost::YEAR
            + u64::from(self.sessions) * cost::SESSION
            + self.topics * cost::TOPIC
            + self.resolutions * cost::RESOLUTION
            + self.links * cost::LINK
    }

    /// Links of the topic with global index `topic`: the plan's links spread evenly.
    fn links_of(&self, topic: u64) -> u64 {
        if self.topics == 0 {
            return 0;
        }
        let (links, topics, t) = (
            u128::from(self.links),
            u128::from(self.topics),
            u128::from(topic),
        );
        let n = (t + 1) * links / topics - t * links / topics;
        u64::try_from(n).unwrap_or(0)
    }

    /// Sessions of the year at `index` in [`Plan::years`].
    fn sessions_in_year(&self, index: usize) -> u32 {
        let before = self.sessions_per_year * index as u32;
        self.sessions
            .saturating_sub(before)
            .min(self.sessions_per_year)
    }

    /// Sessions that get topics: all but one in ten (the tenth, twentieth... of the whole plan).
    fn has_topics(&self, global: u32) -> bool {
        self.sessions < 10 || global % 10 != 9
    }

    fn sessions_with_topics(&self) -> u64 {
        (0..self.sessions).filter(|g| self.has_topics(*g)).count() as u64
    }

    fn share(total: u64, parts: u64, index: u64) -> u64 {
        if parts == 0 {
            return 0;
        }
        total / parts + u64::from(index < total % parts)
    }
}

/// What [`write()`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// A file [`write()`] has finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileWritten {
    /// Its name in the output directory.
    pub name: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// The triples its records should give, by the plan's costs.
    pub estimated_triples: u64,
}

/// The years in fill order: 2021..=2100, then 2020 down to 2000.
fn years() -> impl Iterator<Item = i32> {
    (2021..=2100).chain((2000..=2020).rev())
}

/// The pillar of a year's discussion: I to IV in turn from 2021, as in the real workplan.
fn pillar_of(year: i32) -> i32 {
    (year - 2021).rem_euclid(4) + 1
}

/// Writes the data of `plan` into `out`, calling `on_file` after each file.
///
/// The files are written to a staging directory beside `out` and moved into place once all are
/// complete (`crate::files`). An existing `out` is replaced only if it is empty or was
/// written by `generate`.
pub fn write(
    plan: &Plan,
    out: &Path,
    mut on_file: impl FnMut(&FileWritten),
) -> Result<Summary, GenerateError> {
    files::build_dir(
        out,
        "an output of `kyoto-kg generate`",
        |dir| dir.join(MARKER).is_file(),
        |staging| write_all(plan, staging, &mut on_file),
    )
    .map_err(|e| match e {
        StagingError::Fill(e) => e,
        StagingError::Occupied { path, .. } => GenerateError::NotGenerated(path),
        StagingError::Io { path, source } => GenerateError::Io { path, source },
    })
}

fn write_all(
    plan: &Plan,
    dir: &Path,
    on_file: &mut impl FnMut(&FileWritten),
) -> Result<Summary, GenerateError> {
    let mut summary = Summary::default();
    let mut emit = |name: String, text: &str, estimated_triples: u64| {
        let path = dir.join(&name);
        let write = || -> io::Result<()> {
            let mut file = BufWriter::new(fs::File::create(&path)?);
            file.write_all(text.as_bytes())?;
            file.flush()
        };
        write().map_err(|source| GenerateError::Io { path, source })?;
        let bytes = text.len() as u64;
        summary.files += 1;
        summary.bytes += bytes;
        on_file(&FileWritten {
            name,
            bytes,
            estimated_triples,
        });
        Ok::<_, GenerateError>(())
    };
    emit(MARKER.to_owned(), &marker(plan), 0)?;
    let sdg = dir.join("sdg");
    fs::create_dir_all(&sdg).map_err(|source| GenerateError::Io {
        path: sdg.clone(),
        source,
    })?;
    emit("sdg/sdg-snapshot.ttl".to_owned(), SDG_SNAPSHOT, 0)?;
    emit("declaration.toml".to_owned(), &skeleton(plan), cost::FIXED)?;
    let with_topics = plan.sessions_with_topics();
    let mut global_session = 0u32;
    let mut topic_slot = 0u64;
    let mut next_topic = 0u64;
    for (index, &year) in plan.years.iter().enumerate() {
        let mut text = String::new();
        let year_plan = YearPlan {
            year,
            sessions: plan.sessions_in_year(index),
            resolutions: Plan::share(plan.resolutions, plan.years.len() as u64, index as u64),
        };
        let mut topics_here = 0u64;
        let first_topic = next_topic;
        year_header(&mut text, plan, &year_plan);
        for number in 1..=year_plan.sessions {
            let topics = if plan.has_topics(global_session) {
                let n = Plan::share(plan.topics, with_topics, topic_slot);
                topic_slot += 1;
                n
            } else {
                0
            };
            session(&mut text, year, number, next_topic..next_topic + topics);
            next_topic += topics;
            topics_here += topics;
            global_session += 1;
        }
        let mut links_here = 0u64;
        for topic in first_topic..next_topic {
            let links = plan.links_of(topic);
            sdg_links(&mut text, topic, links);
            links_here += links;
        }
        let estimated = cost::YEAR
            + u64::from(year_plan.sessions) * cost::SESSION
            + topics_here * cost::TOPIC
            + year_plan.resolutions * cost::RESOLUTION
            + links_here * cost::LINK;
        emit(format!("year-{year}.toml"), &text, estimated)?;
    }
    Ok(summary)
}

struct YearPlan {
    year: i32,
    sessions: u32,
    resolutions: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_read_in_the_usual_notations() {
        for (text, n) in [
            ("100000", 100_000),
            ("100_000", 100_000),
            ("1,000,000", 1_000_000),
            ("1e5", 100_000),
            ("10^6", 1_000_000),
            ("250k", 250_000),
            ("2M", 2_000_000),
        ] {
            assert_eq!(text.parse::<Scale>(), Ok(Scale(n)), "{text}");
        }
        for bad in ["", "ten", "1e", "10^", "-5", "1.5M", "1e99"] {
            assert!(bad.parse::<Scale>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn plans_stay_inside_the_loaders_guards_and_near_the_scale() {
        for scale in [MIN_SCALE, 10_000, 100_000, 1_000_000, 10_000_000, MAX_SCALE] {
            let plan = Plan::for_scale(scale).map_err(|e| e.to_string());
            let Ok(plan) = plan else {
                unreachable!("{plan:?}");
            };
            assert!(plan.years.len() <= MAX_YEARS as usize, "{plan:?}");
            assert!(plan.sessions_per_year <= MAX_SESSIONS_PER_YEAR, "{plan:?}");
            assert!(
                plan.years.iter().all(|y| (2000..=2100).contains(y)),
                "{plan:?}"
            );
            let estimate = plan.estimated_triples();
            assert!(
                estimate.abs_diff(scale) * 100 <= scale * 2,
                "{scale} planned as {estimate}: {plan:?}"
            );
        }
    }

    #[test]
    fn scales_out_of_range_are_refused_with_the_range() {
        let err = Plan::for_scale(10).map(|_| ()).map_err(|e| e.to_string());
        assert!(
            err.as_ref().is_err_and(|e| e.contains("5000 to 100000000")),
            "{err:?}"
        );
    }
}
