//! The Python of the CI venv, for the tests that run the clients users run (SPARQLWrapper,
//! pySHACL): `KYOTO_KG_CLIENTS_PYTHON` when set (`.ci/run` sets it; it must have the
//! packages), else `${TMPDIR:-/tmp}/kyoto-kg-ci-venv/bin/python` when that venv exists (it must
//! have them too). Without either, a test says so and skips: only a machine without the venv
//! skips; CI never does.

use std::path::PathBuf;
use std::process::Command;

/// The venv's Python, checked to import every module of `modules`; `None` when there is no
/// venv (the caller skips, saying why).
pub fn python_with(modules: &[&str]) -> Option<String> {
    let (python, origin) = match std::env::var("KYOTO_KG_CLIENTS_PYTHON") {
        Ok(python) => (python, "KYOTO_KG_CLIENTS_PYTHON"),
        Err(_) => {
            let venv = std::env::var_os("TMPDIR")
                .map_or_else(|| PathBuf::from("/tmp"), PathBuf::from)
                .join("kyoto-kg-ci-venv/bin/python");
            if !venv.is_file() {
                return None;
            }
            (venv.display().to_string(), "the CI venv")
        }
    };
    for module in modules {
        let imports = Command::new(&python)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            imports,
            "{origin} ({python}) cannot import {module}: run .ci/run, or pip install it into the venv"
        );
    }
    Some(python)
}
