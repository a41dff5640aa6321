//! Keeps the module order of `src/lib.rs` and docs/architecture.md true: reads every source file
//! and fails on an import of a module that comes later in the order (which is what makes an
//! import cycle possible), on a module missing from the order, and on a source file longer than
//! [`MAX_LINES`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The crate's modules, bottom first: each may use only the modules before it.
const ORDER: &[&str] = &[
    // Foundations: threads, IRIs, vocabularies, labels, progress, files, HTTP, RDF formats.
    "threads",
    "iri",
    "vocab",
    "label",
    "observe",
    "files",
    "http_client",
    "jsonld",
    "serialize",
    // Input: the model and the source data that fills it.
    "model",
    "source",
    // The pipeline: RDF, the store, queries and validation.
    "rdf",
    "store",
    "query",
    "validate",
    // Output: SDG files, exports and releases, diffs, import, synthetic data, push.
    "sdg",
    "export",
    "diff",
    "import",
    "generate",
    "push",
    // Presentation: pages, w3id rules, the server, the static site.
    "page",
    "w3id",
    "server",
    "site",
    // The command line (what `src/main.rs` runs): progress bars, error reports, the arguments,
    // the commands.
    "progress",
    "report",
    "cli",
    "commands",
];

/// The longest a source file may be.
const MAX_LINES: usize = 600;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `mod NAME;` declarations of the crate root.
fn declared_modules() -> Vec<String> {
    let text = std::fs::read_to_string(src().join("lib.rs")).unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            let rest = line
                .strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("pub(crate) mod "))
                .or_else(|| line.strip_prefix("mod "))?;
            rest.strip_suffix(';').map(str::to_owned)
        })
        .filter(|name| name != "layering")
        .collect()
}

/// The code of a file without its comments and its unit tests.
fn code(text: &str) -> String {
    let text = text
        .find("#[cfg(test)]\nmod tests")
        .map_or(text, |at| &text[..at]);
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules `code` names after `prefix` (`crate::`).
fn named_modules(code: &str, prefix: &str) -> Vec<String> {
    code.match_indices(prefix)
        .filter(|(at, _)| {
            // Not the tail of a longer path or identifier.
            code[..*at]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'))
        })
        .map(|(at, _)| {
            code[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Every use of a later module in the source tree `src`, as "file: A uses B".
fn violations(src: &Path) -> Vec<String> {
    let rank = |order: &[&str], name: &str| order.iter().position(|m| *m == name);
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap_or(&file).to_path_buf();
        let Some(first) = relative.iter().next().and_then(|c| c.to_str()) else {
            continue;
        };
        let module = first.trim_end_matches(".rs");
        if matches!(module, "lib" | "main" | "layering") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let code = code(&text);
        let Some(own) = rank(ORDER, module) else {
            found.push(format!(
                "{}: module {module} is not in the order",
                relative.display()
            ));
            continue;
        };
        for used in named_modules(&code, "crate::") {
            // A name that is not a module (a macro, a re-export) has no rank.
            if rank(ORDER, &used).is_some_and(|r| r > own) {
                found.push(format!(
                    "{}: {module} uses {used}, which comes after it",
                    relative.display()
                ));
            }
        }
    }
    found
}

#[test]
fn every_module_is_in_the_order() {
    assert_eq!(
        {
            let mut m = declared_modules();
            m.sort();
            m
        },
        {
            let mut m: Vec<String> = ORDER.iter().map(|s| (*s).to_owned()).collect();
            m.sort();
            m
        },
        "src/lib.rs and the module order disagree"
    );
}

#[test]
fn no_module_uses_a_module_after_it() {
    let found = violations(&src());
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn a_use_of_a_later_module_is_found_and_named() -> std::io::Result<()> {
    let tree = tempfile::tempdir()?;
    std::fs::create_dir_all(tree.path().join("commands"))?;
    std::fs::write(
        tree.path().join("vocab.rs"),
        "//! Uses crate::server in a comment only.\nuse crate::iri::BASE;\nfn f() { crate::server::run(); }\n",
    )?;
    std::fs::write(
        tree.path().join("report.rs"),
        "use crate::commands::x;\nuse crate::site;\n",
    )?;
    std::fs::write(tree.path().join("commands/mod.rs"), "use crate::report;\n")?;
    assert_eq!(
        violations(tree.path()),
        [
            "report.rs: report uses commands, which comes after it",
            "vocab.rs: vocab uses server, which comes after it"
        ]
    );
    Ok(())
}

#[test]
fn the_check_sees_a_use_of_a_later_module() {
    assert_eq!(
        named_modules(
            "use crate::store::Store;\nlet x = crate::vocab::kyoto::TOPIC; a::crate::no",
            "crate::"
        ),
        ["store", "vocab"]
    );
    assert_eq!(
        code("use a;\n// crate::server\n//! crate::site\nuse b;"),
        "use a;\nuse b;"
    );
}

#[test]
fn no_source_file_is_too_long() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: BTreeMap<String, usize> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).ok()?.lines().count();
            (lines > MAX_LINES).then(|| (f.display().to_string(), lines))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines (split them by what each part does): {long:?}"
    );
}
