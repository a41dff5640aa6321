//! Checks across records: within a year's discussion, sessions are numbered in date order.

use super::{Checker, ParsedFile};
use chrono::NaiveDate;
use std::ops::Range;

impl Checker {
    /// Within a year's discussion, sessions are numbered in date order: a session dated before
    /// an earlier-numbered one has a mistyped date or number (the quality check
    /// `session-date-order-violation` guards the same rule in the graph).
    pub(super) fn date_order(
        &mut self,
        mut dated: Vec<(i32, i64, NaiveDate, &ParsedFile, Range<usize>)>,
    ) {
        dated.sort_by_key(|&(year, number, ..)| (year, number));
        // The latest date among the earlier-numbered sessions of the same year so far.
        let mut latest: Option<(i32, i64, NaiveDate)> = None;
        for (year, number, date, file, span) in dated {
            match latest {
                Some((y, earlier, earlier_date)) if y == year && earlier_date > date => {
                    self.report(
                        file,
                        span,
                        format!(
                            "session {number} is dated {date}, before session {earlier} of the same discussion ({earlier_date})"
                        ),
                        Some("sessions are numbered in date order: fix the date or the number".into()),
                    );
                }
                Some((y, _, earlier_date)) if y == year && earlier_date >= date => {}
                _ => latest = Some((year, number, date)),
            }
        }
    }
}
