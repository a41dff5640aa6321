//! The release history: every release in a directory of releases (each subdirectory with a
//! `SHA256SUMS`), read from the releases' own descriptions (`void.ttl`: version, issue date,
//! previous version, version notes, downloads) and change reports (`changes.json`, when made
//! with `release --previous`), newest first; and its HTML page (`kyoto-kg site --releases`).

use super::release_dir::{self, ReleaseDescription};
use super::{DiffError, Version};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One release of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its directory.
    pub dir: PathBuf,
    /// What its description says.
    pub description: ReleaseDescription,
    /// The counts of its `changes.json` (added, removed, renamed, changed) and its class.
    pub changes: Option<(super::Counts, Option<String>)>,
}

/// The releases of `dir`, newest (highest version) first; releases without a semantic version
/// last, by directory name.
pub fn read(dir: &Path) -> Result<Vec<Entry>, DiffError> {
    let entries = std::fs::read_dir(dir).map_err(|source| DiffError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| release_dir::is_release(p))
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for release in dirs {
        let description = release_dir::read(&release)?.description;
        let changes = match release_dir::checked_file(&release, "changes.json") {
            Ok(bytes) => serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|json| {
                    let counts = serde_json::from_value(json.get("counts")?.clone()).ok()?;
                    let class = json.get("class")?.as_str().map(str::to_owned);
                    Some((counts, class))
                }),
            Err(_) => None,
        };
        out.push(Entry {
            dir: release,
            description,
            changes,
        });
    }
    let version = |e: &Entry| {
        e.description
            .version
            .as_deref()
            .and_then(|v| v.parse::<Version>().ok())
    };
    out.sort_by(|a, b| version(b).cmp(&version(a)).then_with(|| a.dir.cmp(&b.dir)));
    Ok(out)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The history page: a table of the releases with their dates, what changed and downloads;
/// `root` is the site's root path (the stylesheet is `ROOT/assets/style.css`).
pub fn html(history: &[Entry], root: &str) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Releases · kyoto-kg</title>\n<link rel=\"stylesheet\" href=\"{root}assets/style.css\">\n</head>\n<body>\n<main>\n<h1>Releases</h1>\n<p><a href=\"{root}\">Home</a> · <a href=\"{root}dataset\">The dataset</a></p>\n"
    );
    if history.is_empty() {
        h.push_str("<p>No release yet.</p>\n");
    }
    for entry in history {
        let d = &entry.description;
        let version = d.version.as_deref().unwrap_or("(no version)");
        let _ = write!(
            h,
            "<section id=\"v{0}\">\n<h2>{0}</h2>\n<dl>\n<dt>Version IRI</dt><dd><a href=\"{1}\">{1}</a></dd>\n",
            escape(version),
            escape(d.version_iri().as_str())
        );
        if let Some(issued) = d.issued {
            let _ = writeln!(h, "<dt>Issued</dt><dd>{issued}</dd>");
        }
        if let Some(previous) = &d.previous {
            let _ = writeln!(
                h,
                "<dt>Previous version</dt><dd><a href=\"{0}\">{0}</a></dd>",
                escape(previous.as_str())
            );
        }
        if let Some((c, class)) = &entry.changes {
            let _ = writeln!(
                h,
                "<dt>Changes</dt><dd>{} added, {} removed, {} renamed, {} changed ({})</dd>",
                c.added,
                c.removed,
                c.renamed,
                c.changed,
                escape(class.as_deref().unwrap_or("no change"))
            );
        }
        if let Some(notes) = &d.notes {
            let _ = writeln!(h, "<dt>Notes</dt><dd>{}</dd>", escape(notes));
        }
        h.push_str("</dl>\n");
        if !d.distributions.is_empty() {
            h.push_str("<h3>Downloads</h3>\n<ul>\n");
            for dist in &d.distributions {
                let size = dist
                    .bytes
                    .map(|b| format!(" ({b} bytes)"))
                    .unwrap_or_default();
                let _ = writeln!(
                    h,
                    "<li><a href=\"{}\">{}</a>{size}</li>",
                    escape(&dist.url),
                    escape(if dist.title.is_empty() {
                        &dist.url
                    } else {
                        &dist.title
                    })
                );
            }
            if entry.changes.is_some()
                && let Some(base) = d.distributions.first().and_then(|f| f.url.rsplit_once('/'))
            {
                for name in ["CHANGES.md", "changes.json", "changes.ru"] {
                    let _ = writeln!(
                        h,
                        "<li><a href=\"{}/{name}\">{name}</a></li>",
                        escape(base.0)
                    );
                }
            }
            h.push_str("</ul>\n");
        }
        h.push_str("</section>\n");
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}
