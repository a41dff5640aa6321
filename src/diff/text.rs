//! A [`Diff`] for people: plain text (coloured on a terminal) and Markdown (release notes).
//!
//! Both list the changed entities by section (data, ontology, SDG snapshot, other graphs) and
//! kind (sessions, topics, links, ...), each marked `+` added, `-` removed, `>` renamed or `~`
//! changed with its class by the version rule, then the changed properties as `old -> new`,
//! then the quads per graph. The output depends only on the two datasets: byte-identical
//! across runs.

use super::{Change, Diff, EntityChange, EntityKind, PropertyChange, Section, Value};
use oxigraph::model::GraphName;
use std::fmt::Write as _;
use std::io::{self, Write};

/// ANSI colours, or none.
#[derive(Debug, Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn change(self, change: Change, text: &str) -> String {
        let code = match change {
            Change::Added => "32",
            Change::Removed => "31",
            Change::Renamed => "35",
            Change::Changed => "33",
        };
        self.wrap(code, text)
    }

    fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }
}

/// The one-character mark of a change.
pub const fn mark(change: Change) -> char {
    match change {
        Change::Added => '+',
        Change::Removed => '-',
        Change::Renamed => '>',
        Change::Changed => '~',
    }
}

/// A value as a report shows it.
pub fn value(value: &Value, diff: &Diff) -> String {
    match value {
        Value::Term(t) => diff.prefixes.term(t),
        Value::Structure(s) => s.clone(),
    }
}

fn values(list: &[Value], diff: &Diff) -> String {
    if list.is_empty() {
        return "(none)".to_owned();
    }
    list.iter()
        .map(|v| value(v, diff))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The summary line: how many entities changed, and how.
pub fn summary(diff: &Diff) -> String {
    if diff.is_same() {
        return "OLD and NEW are the same dataset: no changes.".to_owned();
    }
    let c = diff.counts();
    let total = c.added + c.removed + c.renamed + c.changed;
    let class = diff.class().map_or("none", super::Class::name);
    format!(
        "{total} entities changed: {} added, {} removed, {} renamed, {} changed; {} breaking, {} additive, {} corrections (the release counts as {class})",
        c.added, c.removed, c.renamed, c.changed, c.breaking, c.additive, c.correction
    )
}

fn entity_title(e: &EntityChange, diff: &Diff) -> String {
    let mut title = e.id.clone();
    if let Some(old) = &e.old_iri {
        title = format!("{} -> {title}", diff.prefixes.iri(old.as_str()));
    }
    if let Some(label) = &e.label {
        let _ = write!(title, " \"{label}\"");
    }
    if let Some((old, new)) = e.copies {
        let _ = write!(title, " ({old} copies in OLD, {new} in NEW)");
    }
    title
}

fn property_line(p: &PropertyChange, change: Change, diff: &Diff) -> String {
    match change {
        Change::Added => format!("{}: {}", p.name, values(&p.new, diff)),
        Change::Removed => format!("{}: {}", p.name, values(&p.old, diff)),
        Change::Renamed | Change::Changed => format!(
            "{}: {} -> {} [{}]",
            p.name,
            values(&p.old, diff),
            values(&p.new, diff),
            p.class
        ),
    }
}

/// The (section, kind) groups that have entities, in report order.
fn groups(diff: &Diff) -> Vec<(Section, EntityKind, Vec<&EntityChange>)> {
    let mut out: Vec<(Section, EntityKind, Vec<&EntityChange>)> = Vec::new();
    for e in &diff.entities {
        match out.last_mut() {
            Some((s, k, list)) if *s == e.section && *k == e.kind => list.push(e),
            _ => out.push((e.section, e.kind, vec![e])),
        }
    }
    out
}

fn graph_name(graph: &GraphName, diff: &Diff) -> String {
    match graph {
        GraphName::NamedNode(n) => diff.prefixes.iri(n.as_str()),
        GraphName::DefaultGraph => "default graph".to_owned(),
        GraphName::BlankNode(b) => b.to_string(),
    }
}

/// Writes `diff` as text, with ANSI colours when `colour`.
pub fn write_text(diff: &Diff, colour: bool, out: &mut impl Write) -> io::Result<()> {
    let paint = Paint(colour);
    let mut t = String::new();
    let _ = writeln!(t, "OLD: {}", diff.old.describe());
    let _ = writeln!(t, "NEW: {}", diff.new.describe());
    let _ = writeln!(t, "{}", summary(diff));
    if let Some((old, next)) = diff.next_version() {
        let _ = writeln!(t, "Next version after {old}: {next}");
    }
    let mut section = None;
    for (s, kind, list) in groups(diff) {
        if section != Some(s) {
            let _ = write!(t, "\n{}\n", paint.bold(&format!("== {} ==", s.title())));
            section = Some(s);
        }
        let _ = writeln!(t, "{} ({})", kind.title(), list.len());
        for e in list {
            let head = format!(
                "  {} {} [{}]",
                mark(e.change),
                entity_title(e, diff),
                e.class
            );
            let _ = writeln!(t, "{}", paint.change(e.change, &head));
            for p in &e.properties {
                let _ = writeln!(t, "      {}", property_line(p, e.change, diff));
            }
        }
    }
    if !diff.is_same() {
        let _ = write!(t, "\n{}\n", paint.bold("== Quads per graph =="));
        for g in diff.graphs() {
            if g.removed_count + g.added_count == 0 {
                continue;
            }
            let _ = writeln!(
                t,
                "  {}: -{} +{} ({} -> {} quads)",
                graph_name(&g.graph, diff),
                g.removed_count,
                g.added_count,
                g.old_quads,
                g.new_quads
            );
        }
    }
    out.write_all(t.as_bytes())
}

/// Escapes what Markdown would read as markup in running text (`>` only quotes at the start
/// of a line, which these items never are, so `old -> new` stays readable).
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Writes `diff` as Markdown, for release notes; `heading` is the title's level (1: `#`).
pub fn write_markdown(diff: &Diff, heading: usize, out: &mut impl Write) -> io::Result<()> {
    let h = |level: usize| "#".repeat(heading + level);
    let mut t = String::new();
    let _ = writeln!(t, "{} Changes\n", h(0));
    let _ = writeln!(t, "- OLD: {}", md(&diff.old.describe()));
    let _ = writeln!(t, "- NEW: {}", md(&diff.new.describe()));
    if let Some((old, next)) = diff.next_version() {
        let _ = writeln!(t, "- Next version after {old} by the version rule: {next}");
    }
    let _ = writeln!(t, "\n{}", md(&summary(diff)));
    let mut section = None;
    for (s, kind, list) in groups(diff) {
        if section != Some(s) {
            let _ = write!(t, "\n{} {}\n", h(1), s.title());
            section = Some(s);
        }
        let _ = write!(t, "\n{} {} ({})\n\n", h(2), kind.title(), list.len());
        for e in list {
            let _ = writeln!(
                t,
                "- **{}** {} ({})",
                e.change.name(),
                md(&entity_title(e, diff)),
                e.class
            );
            for p in &e.properties {
                let _ = writeln!(t, "  - {}", md(&property_line(p, e.change, diff)));
            }
        }
    }
    if !diff.is_same() {
        let _ = write!(
            t,
            "\n{} Quads per graph\n\n| graph | removed | added | OLD | NEW |\n|---|---:|---:|---:|---:|\n",
            h(1)
        );
        for g in diff.graphs() {
            if g.removed_count + g.added_count == 0 {
                continue;
            }
            let _ = writeln!(
                t,
                "| {} | {} | {} | {} | {} |",
                md(&graph_name(&g.graph, diff)),
                g.removed_count,
                g.added_count,
                g.old_quads,
                g.new_quads
            );
        }
    }
    out.write_all(t.as_bytes())
}
