//! Embeds the named queries of `queries/*.rq` into the binary, so that `kyoto-kg` answers them
//! from any working directory. Adding a `.rq` file is enough to add a named query.
//! Likewise embeds the quality checks of `queries/checks/*-violation.rq` (run by `validate`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let queries = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?).join("queries");
    embed(
        &queries,
        "named_queries.rs",
        "/// The named queries: (name, text), sorted by name.",
    )?;
    embed(
        &queries.join("checks"),
        "quality_checks.rs",
        "/// The quality checks: (name, text), sorted by name.",
    )
}

/// Writes `OUT_DIR/out`: a `SOURCES` array of every `.rq` file directly in `dir`.
fn embed(dir: &Path, out_name: &str, doc: &str) -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "rq"));
    files.sort();
    let mut out = format!("{doc}\npub(super) const SOURCES: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or("query file names must be UTF-8")?;
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )?;
    }
    out.push_str("];\n");
    fs::write(PathBuf::from(env::var("OUT_DIR")?).join(out_name), out)?;
    Ok(())
}
