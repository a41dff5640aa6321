//! HTML pages of the graph: an entity page for every IRI (with its curated SDG links), the home
//! page with the declaration, pillars, timeline, SDG 16 coverage heatmap and query form (with
//! its results when the server ran the query, [`results`]), the dataset page and a "not found"
//! page.
//!
//! This module knows nothing of HTTP: it describes IRIs from a [`Store`] ([`describe`]) and
//! renders pages with [minijinja](https://docs.rs/minijinja) templates embedded in the binary
//! (`src/page/templates/`), so the server and a static-site generator render the same pages.
//! Links to IRIs under the base are turned into local paths by a [`Linker`].

mod dataset;
mod describe;
mod home;
pub mod releases;
mod results;
mod sdg;
mod select;

pub use dataset::{
    DATASET_FORMATS, DatasetView, Published, dataset_iri, dataset_quads, dataset_view,
    dataset_view_of,
};
pub use describe::{Describer, Description, Link};
pub use home::{Home, home};
pub use results::{Outcome, QueryForm, from_json as results_from_json};

use minijinja::Environment;
use minijinja::value::{Serde, Value as TemplateValue};
use oxigraph::model::NamedNode;
use oxigraph::store::StorageError;
use serde::Serialize;
use std::sync::LazyLock;

/// The prefixes pages abbreviate IRIs with: the project's ([`crate::vocab::prefixes`]),
/// the dataset description's (VoID, DCAT, SPARQL service description, SPDX) and VANN, which
/// the ontology document uses. Pages show `vann:preferredNamespacePrefix` where a raw
/// `<http://purl.org/vocab/vann/preferredNamespacePrefix>` would otherwise stand (issue 16).
pub fn display_prefixes() -> &'static [(String, String)] {
    static PREFIXES: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
        let mut out = crate::export::void::prefixes();
        out.push(("vann".into(), crate::vocab::vann::NAMESPACE.into()));
        out.sort();
        out.dedup();
        out
    });
    &PREFIXES
}

/// `prefix:local` for an IRI in a namespace of [`display_prefixes`], else `<iri>`.
pub fn short_name(iri: &str) -> String {
    let short = results::abbreviate(iri, display_prefixes());
    if short == iri {
        format!("<{iri}>")
    } else {
        short
    }
}

/// Maps IRIs under a base to local paths, and back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linker {
    base: String,
    root: String,
}

impl Linker {
    /// IRIs starting with `base` are linked as `root` + the rest (`root` is `/` for a server).
    pub fn new(base: impl Into<String>, root: impl Into<String>) -> Self {
        Self {
            base: base.into(),
            root: root.into(),
        }
    }

    /// Where a link to `iri` points.
    pub fn href(&self, iri: &str) -> String {
        match iri.strip_prefix(&self.base) {
            Some(rest) => format!("{}{rest}", self.root),
            None => iri.to_owned(),
        }
    }

    /// The IRI a local path (without the leading `/`) stands for.
    pub fn iri(&self, path: &str) -> Option<NamedNode> {
        NamedNode::new(format!("{}{path}", self.base)).ok()
    }
}

/// Why a page could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PageError {
    /// Reading the store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A template failed (a bug in the templates).
    #[error("cannot render the page: {0}")]
    Template(#[from] minijinja::Error),
    /// A query behind a page failed (a bug in the page queries).
    #[error("cannot build the page: {0}")]
    Query(String),
}

/// Site-wide values every page shows.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    /// The path prefix of local links (`/` for the server).
    pub root: String,
    /// The base IRI of the graph.
    pub base: String,
    /// Whether a SPARQL endpoint is available (`false` for static pages).
    pub endpoint: bool,
    /// Whether there is a release history page (`releases/`).
    pub releases: bool,
}

/// The page renderer: templates compiled once.
pub struct Pages {
    env: Environment<'static>,
    site: Site,
}

const TEMPLATES: [(&str, &str); 6] = [
    ("base.html", include_str!("templates/base.html")),
    ("entity.html", include_str!("templates/entity.html")),
    ("home.html", include_str!("templates/home.html")),
    ("dataset.html", include_str!("templates/dataset.html")),
    ("not_found.html", include_str!("templates/not_found.html")),
    ("releases.html", include_str!("templates/releases.html")),
];

impl Pages {
    /// Compiles the templates.
    pub fn new(site: Site) -> Result<Self, PageError> {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source)?;
        }
        Ok(Self { env, site })
    }

    fn render(&self, name: &str, page: impl Serialize) -> Result<String, PageError> {
        #[derive(Serialize)]
        struct Context<'a, T> {
            site: &'a Site,
            page: T,
        }
        let context = TemplateValue::from(Serde(Context {
            site: &self.site,
            page,
        }));
        Ok(self.env.get_template(name)?.render(context)?)
    }

    /// The page of one resource.
    pub fn entity(&self, description: &Description) -> Result<String, PageError> {
        self.render("entity.html", description)
    }

    /// The home page.
    pub fn home(&self, home: &Home) -> Result<String, PageError> {
        self.render("home.html", home)
    }

    /// The dataset page.
    pub fn dataset(&self, view: &DatasetView) -> Result<String, PageError> {
        self.render("dataset.html", view)
    }

    /// The release history page.
    pub fn releases(&self, view: &releases::ReleasesView) -> Result<String, PageError> {
        self.render("releases.html", view)
    }

    /// The page for an IRI the graph does not know.
    pub fn not_found(&self, iri: &str) -> Result<String, PageError> {
        #[derive(Serialize)]
        struct NotFound<'a> {
            iri: &'a str,
        }
        self.render("not_found.html", NotFound { iri })
    }
}
