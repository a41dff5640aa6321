//! The version rule: how much a change matters to the people who use the graph, and the
//! [semantic version](https://semver.org/) a release with that change should get.
//!
//! - **breaking**: an IRI that consumers may hold is gone or renamed (an entity removed, a curated
//!   link withdrawn), a property an entity had is gone, an entity lost a class, or an ontology
//!   term was removed or its meaning (anything but its labels and comments) changed;
//! - **additive**: new entities, new properties, new values beside the old ones;
//! - **correction**: a value replaced or dropped among others (a label, a date, a link's
//!   rationale, grade or review), an ontology term relabelled or re-commented.
//!
//! A release bumps the major version for a breaking change, the minor version for an additive
//! one and the patch version for a correction (or for nothing at all: a new release is a new
//! version). Before 1.0.0, as Cargo reads semantic versions, everything moves one place down:
//! breaking bumps the minor version, additive and corrections the patch.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// How much a change matters, least first: the order is the rule's ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// A value corrected: a label, a date, a link's rationale.
    Correction,
    /// Something new: entities, properties, values.
    Additive,
    /// Something consumers relied on is gone or means something else.
    Breaking,
}

impl Class {
    /// The lower-case name (`breaking`, `additive`, `correction`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Correction => "correction",
            Self::Additive => "additive",
            Self::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A semantic version `MAJOR.MINOR.PATCH`, with an optional pre-release (`-rc.1`) and build
/// metadata (`+abc`, ignored when comparing).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version {
    /// The major version.
    pub major: u64,
    /// The minor version.
    pub minor: u64,
    /// The patch version.
    pub patch: u64,
    /// The pre-release identifiers, if any (`rc.1`).
    pub pre: Option<String>,
    /// The build metadata, if any.
    pub build: Option<String>,
}

/// A version that is not `MAJOR.MINOR.PATCH`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a semantic version MAJOR.MINOR.PATCH (such as 0.2.0 or 1.0.0-rc.1); releases compared with --previous need one"
)]
pub struct VersionError(pub String);

impl FromStr for Version {
    type Err = VersionError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || VersionError(text.to_owned());
        let (rest, build) = match text.split_once('+') {
            Some((rest, build)) => (rest, Some(build)),
            None => (text, None),
        };
        let (core, pre) = match rest.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (rest, None),
        };
        let identifiers_ok = |s: &str| {
            s.split('.').all(|id| {
                !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
        };
        if pre.is_some_and(|p| !identifiers_ok(p)) || build.is_some_and(|b| !identifiers_ok(b)) {
            return Err(error());
        }
        let numbers: Vec<&str> = core.split('.').collect();
        let [major, minor, patch] = numbers[..] else {
            return Err(error());
        };
        let number = |s: &str| -> Result<u64, VersionError> {
            if s.is_empty() || (s.len() > 1 && s.starts_with('0')) {
                return Err(error());
            }
            s.parse().map_err(|_| error())
        };
        Ok(Self {
            major: number(major)?,
            minor: number(minor)?,
            patch: number(patch)?,
            pre: pre.map(str::to_owned),
            build: build.map(str::to_owned),
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if let Some(pre) = &self.pre {
            write!(f, "-{pre}")?;
        }
        if let Some(build) = &self.build {
            write!(f, "+{build}")?;
        }
        Ok(())
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    /// Semantic-version precedence: numbers first; a pre-release comes before its release;
    /// pre-releases compare identifier by identifier (numbers numerically, below words). Build
    /// metadata only breaks ties, so that the order is total.
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (&self.pre, &other.pre) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(a), Some(b)) => compare_pre(a, b),
            })
            .then_with(|| self.build.cmp(&other.build))
    }
}

fn compare_pre(a: &str, b: &str) -> Ordering {
    let mut a = a.split('.');
    let mut b = b.split('.');
    loop {
        match (a.next(), b.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(x), Ok(y)) => x.cmp(&y),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    (Err(_), Err(_)) => x.cmp(y),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

impl Version {
    /// The version a release following `self` should have when its most important change is
    /// `class` (`None`: nothing changed). See the [module documentation](self).
    pub fn next(&self, class: Option<Class>) -> Self {
        let (major, minor, patch) = (self.major, self.minor, self.patch);
        // A pre-release of X.Y.Z is followed by X.Y.Z itself, whatever changed since.
        let (major, minor, patch) = if self.pre.is_some() {
            (major, minor, patch)
        } else if major == 0 {
            match class {
                Some(Class::Breaking) => (0, minor + 1, 0),
                _ => (0, minor, patch + 1),
            }
        } else {
            match class {
                Some(Class::Breaking) => (major + 1, 0, 0),
                Some(Class::Additive) => (major, minor + 1, 0),
                Some(Class::Correction) | None => (major, minor, patch + 1),
            }
        };
        Self {
            major,
            minor,
            patch,
            pre: None,
            build: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        match text.parse() {
            Ok(version) => version,
            Err(e) => unreachable!("{e}"),
        }
    }

    #[test]
    fn versions_parse_and_print_back() {
        for text in ["0.1.0", "1.0.0-rc.1", "2.10.3+build.7", "1.0.0-alpha-2.x"] {
            assert_eq!(v(text).to_string(), text);
        }
        for bad in [
            "1",
            "1.0",
            "01.0.0",
            "1.0.0-",
            "1.0.0-a..b",
            "v1.0.0",
            "1.0.x",
            "",
        ] {
            assert!(bad.parse::<Version>().is_err(), "{bad}");
        }
    }

    #[test]
    fn precedence_follows_semantic_versioning() {
        let ordered = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "2.0.0",
        ];
        for pair in ordered.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn the_next_version_moves_by_the_class_of_the_change() {
        let cases = [
            ("1.4.2", Some(Class::Breaking), "2.0.0"),
            ("1.4.2", Some(Class::Additive), "1.5.0"),
            ("1.4.2", Some(Class::Correction), "1.4.3"),
            ("1.4.2", None, "1.4.3"),
            ("0.1.0", Some(Class::Breaking), "0.2.0"),
            ("0.1.0", Some(Class::Additive), "0.1.1"),
            ("0.1.3", Some(Class::Correction), "0.1.4"),
            ("2.0.0-rc.1", Some(Class::Breaking), "2.0.0"),
        ];
        for (from, class, to) in cases {
            assert_eq!(v(from).next(class).to_string(), to, "{from} {class:?}");
        }
    }

    #[test]
    fn classes_rank_breaking_above_additive_above_correction() {
        assert!(Class::Breaking > Class::Additive && Class::Additive > Class::Correction);
    }
}
