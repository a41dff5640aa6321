//! Parses the UN's web listing of thematic sessions, as text copied from the page.
//!
//! A session line reads `Thematic session N: topic; topic (D Month YYYY)`; the date may come
//! first (`Thematic session N (D Month YYYY): topic; topic`) or alone when the topics are not
//! published (`Thematic session N (D Month YYYY):`). Copies from web pages bring non-breaking
//! spaces, en or em dashes instead of colons, curly quotes around titles, weekday names and
//! `Month D, YYYY` dates; all are accepted, and so is a byte order mark at the start of the
//! text. Any other line (headings, prose) is skipped, except that a heading's year is used for
//! a session whose date has none.
//!
//! Every topic must be a label by `crate::label`'s rule (a letter or digit, no control,
//! invisible or bidirectional characters): a line whose topics are not is refused, naming it,
//! before anything is merged or written.

use chrono::NaiveDate;
use std::fmt;

/// A session as the listing states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedSession {
    /// Its number within its year's discussion.
    pub number: u32,
    /// The day it was held; its year names the discussion.
    pub date: NaiveDate,
    /// Its title split into topics by [`topic_labels`]; empty when the listing gives none.
    pub topics: Vec<String>,
    /// The 1-based line of the listing it was read from.
    pub line: usize,
}

/// A line that starts like a session but cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingError {
    /// 1-based line.
    pub line: usize,
    /// The line, as given.
    pub text: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl fmt::Display for ListingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}: {:?}", self.line, self.message, self.text)
    }
}

/// What a listing holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// The sessions, in the listing's order.
    pub sessions: Vec<ListedSession>,
    /// How many non-blank lines were not session lines (headings, prose).
    pub skipped: usize,
}

/// Parses `text`, or returns every session line that cannot be read.
pub fn parse(text: &str) -> Result<Listing, Vec<ListingError>> {
    // Editors on Windows save UTF-8 with a byte order mark; it is not part of the first line.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut listing = Listing::default();
    let mut errors = Vec::new();
    let mut heading_year: Option<i32> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = normalize_spaces(raw);
        if line.is_empty() {
            continue;
        }
        let Some(rest) = strip_session_prefix(&line) else {
            listing.skipped += 1;
            if let Some(year) = year_in_heading(&line) {
                heading_year = Some(year);
            }
            continue;
        };
        match session(rest, heading_year) {
            Ok((number, date, topics)) => listing.sessions.push(ListedSession {
                number,
                date,
                topics,
                line: i + 1,
            }),
            Err((message, hint)) => errors.push(ListingError {
                line: i + 1,
                text: raw.to_owned(),
                message,
                hint: hint.to_owned(),
            }),
        }
    }
    if errors.is_empty() {
        Ok(listing)
    } else {
        Err(errors)
    }
}

/// The topic rule of the data: split a session title on `;`, drop a leading "and ",
/// capitalise the first letter. Surrounding quotes, straight or curly, are removed.
pub fn topic_labels(title: &str) -> Vec<String> {
    title
        .split(';')
        .map(|part| {
            let part = strip_quotes(part.trim());
            let part = part.strip_prefix("and ").unwrap_or(part).trim();
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .filter(|label| !label.is_empty())
        .collect()
}

/// Collapses every run of whitespace (non-breaking spaces included) into one space, and trims.
fn normalize_spaces(line: &str) -> String {
    line.split(|c: char| c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What follows "Thematic session" (case-insensitive), if the line is a session line.
fn strip_session_prefix(line: &str) -> Option<&str> {
    const PREFIX: &str = "thematic session";
    let head = line.get(..PREFIX.len())?;
    if !head.eq_ignore_ascii_case(PREFIX) {
        return None;
    }
    let rest = line.get(PREFIX.len()..)?;
    rest.starts_with(|c: char| c == ' ' || c.is_ascii_digit())
        .then_some(rest.trim_start())
}

/// How to write a session line.
const LINE_HINT: &str = "write session lines as: Thematic session N: topic; topic (D Month YYYY)";

/// Parses what follows "Thematic session": the number, the date and the topics; or what is
/// wrong and how to fix it.
fn session(
    rest: &str,
    heading_year: Option<i32>,
) -> Result<(u32, NaiveDate, Vec<String>), (String, &'static str)> {
    let (number, date, topics) =
        session_parts(rest, heading_year).map_err(|message| (message, LINE_HINT))?;
    let flaws: Vec<String> = topics
        .iter()
        .filter_map(|topic| {
            crate::label::check(topic)
                .err()
                .map(|flaw| format!("the topic {topic:?} {flaw}"))
        })
        .collect();
    if !flaws.is_empty() {
        return Err((
            flaws.join("; "),
            "write each topic as words, separated by \";\"; delete characters that cannot be seen",
        ));
    }
    Ok((number, date, topics))
}

fn session_parts(
    rest: &str,
    heading_year: Option<i32>,
) -> Result<(u32, NaiveDate, Vec<String>), String> {
    let rest = rest.trim_start_matches(['N', 'o', '.', ' ']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number: u32 = digits
        .parse()
        .ok()
        .filter(|n| (1..=99).contains(n))
        .ok_or("expected a session number from 1 to 99 after \"Thematic session\"")?;
    let rest = rest.get(digits.len()..).unwrap_or_default();
    let (date, title) = split_date(rest, heading_year)?;
    let title = title
        .trim()
        .trim_start_matches([':', '-', '–', '—', ' '])
        .trim_end_matches([':', '-', '–', '—', ' ', '.']);
    Ok((number, date, topic_labels(title)))
}

/// Finds the session's date in `rest`: the last parenthesised date, or a date after a dash or
/// comma at the end. Returns it and the rest of the text (the title).
fn split_date(rest: &str, heading_year: Option<i32>) -> Result<(NaiveDate, String), String> {
    // Only the last few parenthesised groups can hold the date; looking further back would
    // make a line of pasted parentheses quadratic (found by probing with 200 000 of them).
    const MAX_GROUPS: usize = 8;
    let mut search_end = rest.len();
    let mut groups = 0;
    while let Some(open) = rest.get(..search_end).and_then(|r| r.rfind('(')) {
        groups += 1;
        if groups > MAX_GROUPS {
            break;
        }
        let after = rest.get(open + 1..).unwrap_or_default();
        if let Some(close) = after.find(')') {
            let inside = after.get(..close).unwrap_or_default();
            if let Some(date) = parse_date(inside, heading_year)? {
                let title = format!(
                    "{} {}",
                    rest.get(..open).unwrap_or_default(),
                    after.get(close + 1..).unwrap_or_default()
                );
                return Ok((date, title));
            }
        }
        search_end = open;
    }
    for sep in [" – ", " — ", " - ", ", ", ": "] {
        if let Some(at) = rest.rfind(sep) {
            let tail = rest.get(at + sep.len()..).unwrap_or_default();
            if let Some(date) = parse_date(tail.trim_end_matches(['.', ':']), heading_year)? {
                return Ok((date, rest.get(..at).unwrap_or_default().to_owned()));
            }
        }
    }
    let whole = rest.trim().trim_start_matches([':', '-', '–', '—', ' ']);
    if let Some(date) = parse_date(whole.trim_end_matches(['.', ':']), heading_year)? {
        return Ok((date, String::new()));
    }
    Err("no date found; write it as (D Month YYYY), e.g. (2 December 2024)".into())
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    let position = MONTHS.iter().position(|m| {
        *m == word || (m.starts_with(&word) && (word.len() == 3 || word == "sept"))
    })?;
    u32::try_from(position + 1).ok()
}

fn day(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h', ',']);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn year(word: &str) -> Option<i32> {
    let word = word.trim_end_matches(['.', ',']);
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// Parses `D Month YYYY` or `Month D, YYYY`, optionally after a weekday and with the year
/// taken from a heading when missing. `Ok(None)` when the text is not a date at all;
/// `Err` when it is one that no calendar has (31 February).
fn parse_date(text: &str, heading_year: Option<i32>) -> Result<Option<NaiveDate>, String> {
    let mut words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    if words
        .first()
        .is_some_and(|w| WEEKDAYS.contains(&w.trim_end_matches(',').to_lowercase().as_str()))
    {
        words.remove(0);
    }
    let parts = match words.as_slice() {
        [d, m, y] if day(d).is_some() && month(m).is_some() => (day(d), month(m), year(y)),
        [m, d, y] if month(m).is_some() && day(d).is_some() => (day(d), month(m), year(y)),
        [d, m] if day(d).is_some() && month(m).is_some() => (day(d), month(m), heading_year),
        [m, d] if month(m).is_some() && day(d).is_some() => (day(d), month(m), heading_year),
        _ => return Ok(None),
    };
    let (Some(d), Some(m), Some(y)) = parts else {
        return Err(format!(
            "the date {text:?} has no year, and no heading above gives one; write it as D Month YYYY"
        ));
    };
    NaiveDate::from_ymd_opt(y, m, d)
        .map(Some)
        .ok_or_else(|| format!("{text:?} is not a day of the calendar; check the day and month"))
}

/// A heading's year: a four-digit number from 2000 to 2100 standing alone in a short line.
fn year_in_heading(line: &str) -> Option<i32> {
    if line.chars().count() > 120 {
        return None;
    }
    line.split(|c: char| !c.is_ascii_digit())
        .filter_map(year)
        .find(|y| (2000..=2100).contains(y))
}

fn strip_quotes(text: &str) -> &str {
    const PAIRS: [(char, char); 4] = [('"', '"'), ('“', '”'), ('\'', '\''), ('‘', '’')];
    for (open, close) in PAIRS {
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            return inner.trim();
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn one(line: &str) -> ListedSession {
        let listing = parse(line).unwrap_or_default();
        assert_eq!(listing.sessions.len(), 1, "{line}");
        listing.sessions[0].clone()
    }

    #[test]
    fn the_seed_form_gives_number_topics_and_date() {
        let s = one(
            "Thematic session 2: Improving prison conditions; Reducing reoffending through rehabilitation and reintegration (6 December 2022)",
        );
        assert_eq!((s.number, s.date), (2, date(2022, 12, 6)));
        assert_eq!(
            s.topics,
            [
                "Improving prison conditions",
                "Reducing reoffending through rehabilitation and reintegration"
            ]
        );
    }

    #[test]
    fn a_leading_and_is_dropped_and_the_first_letter_capitalised() {
        assert_eq!(
            topic_labels("Mainstreaming x; addressing y; and empowering youth"),
            ["Mainstreaming x", "Addressing y", "Empowering youth"]
        );
    }

    #[test]
    fn a_date_without_topics_gives_a_session_without_topics() {
        let s = one("Thematic session 1 (2 December 2024):");
        assert_eq!((s.number, s.date), (1, date(2024, 12, 2)));
        assert!(s.topics.is_empty());
    }

    #[test]
    fn web_copies_with_dashes_nbsp_curly_quotes_and_weekdays_are_read() {
        let s = one(
            "Thematic\u{a0}session\u{a0}3 – “Access to legal aid” (Monday,\u{a0}4\u{a0}December\u{a0}2024)",
        );
        assert_eq!((s.number, s.date), (3, date(2024, 12, 4)));
        assert_eq!(s.topics, ["Access to legal aid"]);
        let s = one("Thematic session 2 — December 3, 2024");
        assert_eq!(
            (s.number, s.date, s.topics.len()),
            (2, date(2024, 12, 3), 0)
        );
        let s = one("Thematic session 1: Safeguarding victims’ rights (5 Dec 2022)");
        assert_eq!(s.topics, ["Safeguarding victims’ rights"]);
    }

    #[test]
    fn headings_are_skipped_and_give_the_year_of_dates_without_one() {
        let listing = parse("2025 – Pillar I\nThematic session 1 (3 March):\nSome prose.\n")
            .unwrap_or_default();
        assert_eq!(listing.skipped, 2);
        assert_eq!(listing.sessions[0].date, date(2025, 3, 3));
    }

    #[test]
    fn parentheses_inside_a_title_are_kept() {
        let s = one("Thematic session 1: Goal 16 (peace and justice); Other (21 September 2023)");
        assert_eq!(s.topics, ["Goal 16 (peace and justice)", "Other"]);
    }

    #[test]
    fn a_line_of_many_parentheses_is_read_without_retrying_each_one() {
        // Regression (issue 6 probing): the date search retried every '(' of the line, which
        // took seconds on this line; it now looks at the last few groups only.
        let line = format!("Thematic session 1: {}", "(".repeat(200_000));
        assert!(parse(&line).is_err());
        let line = format!("Thematic session 1: x {} (2 May 2024)", "(a) ".repeat(7));
        assert_eq!(one(&line).date, date(2024, 5, 2));
    }

    #[test]
    fn impossible_dates_and_missing_dates_are_errors_with_the_line_number() {
        let errors =
            parse("intro\nThematic session 1 (31 February 2024):\nThematic session 2: x\n")
                .err()
                .unwrap_or_default();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 2);
        assert!(
            errors[0].message.contains("not a day of the calendar"),
            "{}",
            errors[0]
        );
        assert_eq!(errors[1].line, 3);
        assert!(errors[1].message.contains("no date"), "{}", errors[1]);
    }
}
