//! `git:REV`: the data directory as it was at a git revision, read with the `git` command.
//!
//! The data directory (`--data`) is located in its git repository; its files at REV are copied
//! into a scratch directory ([`crate::files::ScratchDir`]) and loaded as a data directory. The
//! ontology is the repository's `ontology/kyoto.ttl` at REV when the repository has one there
//! (as the kyoto-kg repository does: a release made at REV would have carried that ontology),
//! else the ontology built into this kyoto-kg.

use super::DiffError;
use super::side::{Side, SideKind, dataset_quads};
use crate::iri::graph;
use crate::{files, source, store};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the repository keeps the ontology, relative to its top level.
pub const ONTOLOGY_PATH: &str = "ontology/kyoto.ttl";

struct Repo {
    top: PathBuf,
    rev: String,
}

impl Repo {
    fn error(&self, message: impl Into<String>) -> DiffError {
        DiffError::Git {
            rev: self.rev.clone(),
            message: message.into(),
        }
    }

    /// Runs `git ARGS` at the top level; its standard output, or an error with its message.
    fn git(&self, args: &[&str]) -> Result<Vec<u8>, DiffError> {
        run(&self.top, args).map_err(|message| self.error(message))
    }
}

fn run(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| {
            format!("cannot run git ({e}); install git, or compare directories instead")
        })?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The data directory `data_dir` at the revision `rev`, as a side named `git:REV`.
pub fn load(rev: &str, data_dir: &Path) -> Result<Side, DiffError> {
    let error = |message: String| DiffError::Git {
        rev: rev.to_owned(),
        message,
    };
    if rev.is_empty() || rev.starts_with('-') {
        return Err(error(
            "name a revision after git:, such as git:HEAD, git:v0.1.0 or git:HEAD~3".to_owned(),
        ));
    }
    let data = data_dir.canonicalize().map_err(|e| {
        error(format!(
            "the data directory {} is not there ({e}); git:REV reads it at REV, so it must exist in the working tree",
            data_dir.display()
        ))
    })?;
    let top = run(&data, &["rev-parse", "--show-toplevel"]).map_err(|m| {
        error(format!(
            "{} is not in a git repository: {m}",
            data_dir.display()
        ))
    })?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
    let top = top.canonicalize().unwrap_or(top);
    let prefix = data
        .strip_prefix(&top)
        .map_err(|_| {
            error(format!(
                "{} is outside its repository {}",
                data.display(),
                top.display()
            ))
        })?
        .to_string_lossy()
        .into_owned();
    let repo = Repo {
        top,
        rev: rev.to_owned(),
    };
    let commit = repo
        .git(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ])
        .map_err(|_| repo.error("no such revision in the repository"))?;
    let commit = String::from_utf8_lossy(&commit).trim().to_owned();
    let scratch = files::ScratchDir::new("diff-git").map_err(|source| DiffError::Io {
        path: std::env::temp_dir(),
        source,
    })?;
    let copied = copy_tree(&repo, &commit, &prefix, scratch.path())?;
    if copied == 0 {
        return Err(repo.error(format!(
            "the revision has no files under {}/",
            if prefix.is_empty() { "." } else { &prefix }
        )));
    }
    let shown = Path::new(&format!("git:{rev}")).join(&prefix);
    let dataset = source::load(scratch.path()).map_err(|e| e.relocated(scratch.path(), &shown))?;
    let ontology = ontology(&repo, &commit)?;
    let quads = dataset_quads(&dataset, ontology);
    Ok(Side::new(format!("git:{rev}"), SideKind::Git, None, quads))
}

/// Copies the files under `prefix` at `commit` into `to`; how many.
fn copy_tree(repo: &Repo, commit: &str, prefix: &str, to: &Path) -> Result<usize, DiffError> {
    let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", commit];
    if !prefix.is_empty() {
        args.extend(["--", prefix]);
    }
    let listing = repo.git(&args)?;
    let mut copied = 0;
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (Some(mode), Some("blob"), Some(object)) = (meta.next(), meta.next(), meta.next())
        else {
            continue;
        };
        // Symbolic links and submodules are not data files.
        if !mode.starts_with("100") {
            continue;
        }
        let relative = Path::new(path)
            .strip_prefix(prefix)
            .unwrap_or_else(|_| Path::new(path));
        if relative
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            continue;
        }
        let bytes = repo.git(&["cat-file", "blob", object])?;
        let target = to.join(relative);
        let io = |source| DiffError::Io {
            path: target.clone(),
            source,
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&target, bytes).map_err(io)?;
        copied += 1;
    }
    Ok(copied)
}

/// The ontology at `commit`, or the built-in one if the repository has none there.
fn ontology(repo: &Repo, commit: &str) -> Result<Vec<Quad>, DiffError> {
    let spec = format!("{commit}:{ONTOLOGY_PATH}");
    if repo.git(&["cat-file", "-e", &spec]).is_err() {
        return Ok(store::ontology_quads()?);
    }
    let text = repo.git(&["cat-file", "blob", &spec])?;
    RdfParser::from_format(RdfFormat::Turtle)
        .with_default_graph(graph::ONTOLOGY)
        .for_slice(&text)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| repo.error(format!("{ONTOLOGY_PATH} is not valid Turtle: {e}")))
}
