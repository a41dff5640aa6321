//! Merges listed sessions into the TOML files of a data directory, editing them in place with
//! `toml_edit` so that comments, ordering and layout survive.
//!
//! Rules: a session is identified by its year (from its date) and number. A new session is
//! added after the sessions before it, in the file that already holds its year's sessions (or
//! its discussion, or any session; else `sessions.toml`). An existing session keeps its record
//! and its topics' ids: a different date is updated, and topics the listing adds are appended
//! with ids from [`slugify`](crate::iri::slugify); topics the listing lacks are left alone.

use super::listing::ListedSession;
use super::{Change, ImportError};
use crate::iri::slugify;
use crate::model::Dataset;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value, value};

/// A data file being edited.
pub(super) struct EditedFile {
    /// Its path.
    pub path: PathBuf,
    /// Its text before the import (empty for a new file).
    pub before: String,
    /// Its document, edited.
    pub doc: DocumentMut,
}

impl EditedFile {
    /// Its text after the import.
    pub fn after(&self) -> String {
        self.doc.to_string()
    }

    /// Whether the import changes it.
    pub fn changed(&self) -> bool {
        self.before != self.after()
    }
}

/// Reads every TOML file of the data directory for editing.
pub(super) fn read_files(paths: &[PathBuf]) -> Result<Vec<EditedFile>, ImportError> {
    paths
        .iter()
        .map(|path| {
            let before = std::fs::read_to_string(path).map_err(|source| ImportError::Io {
                path: path.clone(),
                source,
            })?;
            let doc = before
                .parse::<DocumentMut>()
                .map_err(|e| ImportError::Toml {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
            Ok(EditedFile {
                path: path.clone(),
                before,
                doc,
            })
        })
        .collect()
}

/// Merges `sessions` into `files` (a checked `dataset` read from them), returning the changes.
pub(super) fn merge(
    dir: &Path,
    files: &mut Vec<EditedFile>,
    dataset: &Dataset,
    sessions: &[ListedSession],
    source: &str,
) -> Result<Vec<Change>, ImportError> {
    let mut topic_ids: BTreeSet<String> = dataset.topics().map(|(_, t)| t.id.clone()).collect();
    let mut changes = Vec::new();
    for listed in sessions {
        let year = listed.date.year();
        if dataset.discussion(year).is_none() {
            return Err(ImportError::NoDiscussion {
                year,
                number: listed.number,
                line: listed.line,
                known: dataset.discussions.iter().map(|d| d.year).collect(),
            });
        }
        let key = (year, listed.number);
        let existing = dataset.sessions.iter().find(|s| (s.year, s.number) == key);
        match existing {
            Some(session) => {
                let table = find_session(files, key).ok_or(ImportError::Internal(format!(
                    "session {} of {year} is in the data but not in any file",
                    listed.number
                )))?;
                changes.extend(update(table, session, listed, source, &mut topic_ids));
            }
            None => {
                let target = target_file(dir, files, year);
                let topics: Vec<(String, String)> = listed
                    .topics
                    .iter()
                    .map(|label| (fresh_id(label, &mut topic_ids), label.clone()))
                    .collect();
                let file = files
                    .get_mut(target)
                    .ok_or(ImportError::Internal("no target file".into()))?;
                insert_session(&mut file.doc, listed, source, &topics);
                changes.push(Change::Added(format!(
                    "session {} of {year} ({}) with {} into {}",
                    listed.number,
                    listed.date,
                    count(topics.len(), "topic"),
                    file.path.display()
                )));
                for (id, label) in &topics {
                    changes.push(Change::Added(format!(
                        "topic {id} ({label:?}) of session {} of {year}",
                        listed.number
                    )));
                }
            }
        }
    }
    Ok(changes)
}

/// Compares an existing session with its listing and edits its table.
fn update(
    table: &mut Table,
    session: &crate::model::Session,
    listed: &ListedSession,
    source: &str,
    topic_ids: &mut BTreeSet<String>,
) -> Vec<Change> {
    let name = format!("session {} of {}", session.number, session.year);
    let mut changes = Vec::new();
    if session.date != listed.date {
        set_date(table, listed.date);
        changes.push(Change::Changed(format!(
            "{name}: date {} -> {} (listing line {})",
            session.date, listed.date, listed.line
        )));
    }
    let known: Vec<String> = session
        .topics
        .iter()
        .map(|t| comparable(&t.label))
        .collect();
    let mut added = Vec::new();
    for label in &listed.topics {
        if !known.contains(&comparable(label)) {
            let id = fresh_id(label, topic_ids);
            changes.push(Change::Added(format!("topic {id} ({label:?}) of {name}")));
            added.push((id, label.clone()));
        }
    }
    if !added.is_empty() {
        let topics = table
            .entry("topic")
            .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
        if let Some(array) = topics.as_array_of_tables_mut() {
            for (id, label) in &added {
                array.push(topic_table(id, label));
            }
        }
    }
    if !listed.topics.is_empty() {
        let listed_labels: Vec<String> = listed.topics.iter().map(|l| comparable(l)).collect();
        for topic in &session.topics {
            if !listed_labels.contains(&comparable(&topic.label)) {
                changes.push(Change::LeftAlone(format!(
                    "topic {} of {name} is not in the listing; kept",
                    topic.id
                )));
            }
        }
    }
    if !changes.is_empty() && !session.sources.iter().any(|s| s == source) {
        // The new facts come from the listing: name it among the session's sources.
        if let Some(sources) = table.get_mut("sources").and_then(Item::as_array_mut) {
            sources.push(source);
            changes.push(Change::Changed(format!("{name}: sources += {source:?}")));
        }
    }
    if changes.is_empty() {
        changes.push(Change::Unchanged(format!(
            "{name} ({}, {})",
            session.date,
            count(session.topics.len(), "topic")
        )));
    }
    changes
}

/// A label compared loosely: case, quotes and spacing do not count.
fn comparable(label: &str) -> String {
    label
        .chars()
        .map(|c| match c {
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A topic id for `label` not among `taken` (then taken).
fn fresh_id(label: &str, taken: &mut BTreeSet<String>) -> String {
    let base = match slugify(label) {
        s if s.is_empty() => "topic".to_owned(),
        s => s,
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn integer(table: &Table, key: &str) -> Option<i64> {
    table.get(key).and_then(Item::as_integer)
}

/// The `[[session]]` table with this (year, number), in whichever file holds it.
fn find_session(files: &mut [EditedFile], (year, number): (i32, u32)) -> Option<&mut Table> {
    files.iter_mut().find_map(|file| {
        file.doc
            .get_mut("session")
            .and_then(Item::as_array_of_tables_mut)?
            .iter_mut()
            .find(|t| {
                integer(t, "year") == Some(i64::from(year))
                    && integer(t, "number") == Some(i64::from(number))
            })
    })
}

fn holds(file: &EditedFile, table: &str, year: Option<i32>) -> bool {
    file.doc
        .get(table)
        .and_then(Item::as_array_of_tables)
        .is_some_and(|tables| {
            tables
                .iter()
                .any(|t| year.is_none_or(|y| integer(t, "year") == Some(i64::from(y))))
        })
}

/// The index of the file a new session of `year` goes into, adding `sessions.toml` if needed.
fn target_file(dir: &Path, files: &mut Vec<EditedFile>, year: i32) -> usize {
    let found = files
        .iter()
        .position(|f| holds(f, "session", Some(year)))
        .or_else(|| {
            files
                .iter()
                .position(|f| holds(f, "discussion", Some(year)))
        })
        .or_else(|| files.iter().position(|f| holds(f, "session", None)));
    if let Some(i) = found {
        return i;
    }
    let path = dir.join("sessions.toml");
    if let Some(i) = files.iter().position(|f| f.path == path) {
        return i;
    }
    files.push(EditedFile {
        path,
        before: String::new(),
        doc: DocumentMut::new(),
    });
    files.len() - 1
}

/// Inserts a `[[session]]` after the sessions that come before it.
fn insert_session(
    doc: &mut DocumentMut,
    listed: &ListedSession,
    source: &str,
    topics: &[(String, String)],
) {
    let year = i64::from(listed.date.year());
    let number = i64::from(listed.number);
    let mut table = Table::new();
    table.insert("year", value(year));
    table.insert("number", value(number));
    table.insert("date", value(toml_date(listed.date)));
    table.insert("sources", value(Array::from_iter([source])));
    if !topics.is_empty() {
        let mut array = ArrayOfTables::new();
        for (id, label) in topics {
            array.push(topic_table(id, label));
        }
        table.insert("topic", Item::ArrayOfTables(array));
    }
    let sessions = doc
        .entry("session")
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    if let Some(array) = sessions.as_array_of_tables_mut() {
        let index = array
            .iter()
            .take_while(|t| {
                (
                    integer(t, "year").unwrap_or(0),
                    integer(t, "number").unwrap_or(0),
                ) < (year, number)
            })
            .count();
        array.insert(index, table);
    }
}

fn topic_table(id: &str, label: &str) -> Table {
    let mut table = Table::new();
    table.insert("id", value(id));
    table.insert("label", value(label));
    table
}

fn toml_date(date: NaiveDate) -> toml_edit::Datetime {
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: u16::try_from(date.year()).unwrap_or_default(),
            month: u8::try_from(date.month()).unwrap_or_default(),
            day: u8::try_from(date.day()).unwrap_or_default(),
        }),
        time: None,
        offset: None,
    }
}

/// Sets a table's `date`, keeping the spacing and comment around the old value.
fn set_date(table: &mut Table, date: NaiveDate) {
    let mut new = Value::from(toml_date(date));
    if let Some(old) = table.get("date").and_then(Item::as_value) {
        *new.decor_mut() = old.decor().clone();
    }
    table.insert("date", Item::Value(new));
}
