//! `kyoto-kg generate`: write synthetic source data for scale tests and benchmarks.

use crate::cli::GenerateArgs;
use crate::generate::{self, Plan};
use crate::progress::{Progress, Triples};
use anyhow::{Context, Result};

/// Runs `generate`.
pub(crate) fn run(args: &GenerateArgs) -> Result<()> {
    let plan = Plan::for_scale(args.scale.0)?;
    let progress = Progress::start("generating");
    let estimate = plan.estimated_triples();
    progress.task(
        format!("writing {}", args.out.display()),
        Some(estimate),
        "triples",
    );
    let summary = generate::write(&plan, &args.out, |file| {
        progress.inc(file.estimated_triples);
    })
    .with_context(|| format!("cannot generate data in {}", args.out.display()))?;
    let detail = format!(
        "{} years, {} sessions, {} topics, {} SDG links, {} resolutions in {} files ({:.1} MB) in {}",
        plan.years.len(),
        plan.sessions,
        plan.topics,
        plan.links,
        plan.resolutions,
        summary.files,
        summary.bytes as f64 / 1e6,
        args.out.display()
    );
    progress.finish("generate", Triples::About(estimate), &detail);
    Ok(())
}
