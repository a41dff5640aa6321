//! The home page's content: the declaration, the pillars with their discussions, sessions and
//! topics (a timeline), their coverage of the SDG 16 targets (a heatmap), the named queries for
//! the editor and the query form, and the size of the graph.

use super::results::QueryForm;
use super::sdg::{self, Coverage};
use super::select::{node, rows, text};
use super::{Describer, Link, PageError};
use crate::query;
use oxigraph::store::Store;
use serde::Serialize;

/// One thematic session on the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionView {
    /// The session.
    pub link: Link,
    /// Its number within the year's discussion.
    pub number: String,
    /// Its date (ISO 8601).
    pub date: String,
    /// Its topics; empty when the source does not record them.
    pub topics: Vec<Link>,
    /// Whether the source records its topics.
    pub topics_recorded: bool,
}

/// One pillar, its discussion year(s) and sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PillarView {
    /// The pillar.
    pub link: Link,
    /// Its Roman numeral.
    pub notation: String,
    /// The discussions devoted to it: (discussion, year).
    pub discussions: Vec<(Link, String)>,
    /// Its sessions in date order.
    pub sessions: Vec<SessionView>,
}

/// A named query offered in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryView {
    /// Its name.
    pub name: String,
    /// The question it answers.
    pub question: String,
    /// Its standalone text: PREFIX lines and each parameter's default (a `VALUES` line)
    /// included, so that it runs as it is here and in any other SPARQL editor.
    pub text: String,
}

/// Everything the home page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Home {
    /// The declaration(s), with their adoption dates.
    pub declarations: Vec<(Link, String)>,
    /// The pillars in order.
    pub pillars: Vec<PillarView>,
    /// How the pillars' topics cover the targets of SDG 16 (the heatmap).
    pub coverage: Coverage,
    /// The named queries.
    pub queries: Vec<QueryView>,
    /// Triples in the store.
    pub triples: usize,
    /// The project's prefixes, to abbreviate IRIs in query results.
    pub prefixes: Vec<(String, String)>,
    /// The query form: the first named query, until a request asks for another query (the
    /// server fills it in, with the outcome, for `/?q=NAME` and `/?query=...`).
    pub form: QueryForm,
}

impl Home {
    /// The named query called `name`, as the editor shows it.
    pub fn query(&self, name: &str) -> Option<&QueryView> {
        self.queries.iter().find(|q| q.name == name)
    }
}

const TIMELINE: &str =
    "SELECT ?pillar ?notation ?discussion ?year ?session ?number ?date ?recorded ?topic WHERE {
  ?pillar a kyoto:Pillar ; skos:notation ?notation .
  OPTIONAL {
    ?discussion a kyoto:ThematicDiscussion ; kyoto:pillar ?pillar ; kyoto:year ?year .
    OPTIONAL {
      ?session a kyoto:ThematicSession ; schema:superEvent ?discussion ;
               kyoto:sessionNumber ?number ; schema:startDate ?date .
      OPTIONAL { ?session kyoto:topicsRecorded ?recorded }
      OPTIONAL { ?session kyoto:topic ?topic }
    }
  }
} ORDER BY ?pillar ?date ?number ?topic";

const DECLARATIONS: &str = "SELECT ?declaration ?date WHERE {
  ?declaration a kyoto:Declaration . OPTIONAL { ?declaration dct:dateAccepted ?date }
} ORDER BY ?declaration";

/// Builds the home page's content from `store`.
pub fn home(store: &Store, describer: &Describer<'_>) -> Result<Home, PageError> {
    let mut declarations = Vec::new();
    for row in rows(store, DECLARATIONS, &[])? {
        if let Some(d) = node(&row, "declaration") {
            declarations.push((describer.link(d.as_ref())?, text(&row, "date")));
        }
    }
    let mut pillars: Vec<PillarView> = Vec::new();
    for row in rows(store, TIMELINE, &[])? {
        let Some(pillar) = node(&row, "pillar") else {
            continue;
        };
        if pillars.last().is_none_or(|p| p.link.iri != pillar.as_str()) {
            pillars.push(PillarView {
                link: describer.link(pillar.as_ref())?,
                notation: text(&row, "notation"),
                discussions: Vec::new(),
                sessions: Vec::new(),
            });
        }
        let Some(view) = pillars.last_mut() else {
            continue;
        };
        if let Some(discussion) = node(&row, "discussion")
            && !view
                .discussions
                .iter()
                .any(|(l, _)| l.iri == discussion.as_str())
        {
            view.discussions
                .push((describer.link(discussion.as_ref())?, text(&row, "year")));
        }
        let Some(session) = node(&row, "session") else {
            continue;
        };
        if view
            .sessions
            .last()
            .is_none_or(|s| s.link.iri != session.as_str())
        {
            view.sessions.push(SessionView {
                link: describer.link(session.as_ref())?,
                number: text(&row, "number"),
                date: text(&row, "date"),
                topics: Vec::new(),
                topics_recorded: text(&row, "recorded") != "false",
            });
        }
        if let (Some(topic), Some(s)) = (node(&row, "topic"), view.sessions.last_mut()) {
            s.topics.push(describer.link(topic.as_ref())?);
        }
    }
    let queries: Vec<QueryView> = query::catalog()
        .into_iter()
        .map(|q| QueryView {
            name: q.name.to_owned(),
            question: q.question.clone(),
            text: q.text.to_owned(),
        })
        .collect();
    let form = QueryForm {
        name: queries.first().map(|q| q.name.clone()),
        text: queries.first().map(|q| q.text.clone()).unwrap_or_default(),
        outcome: None,
    };
    Ok(Home {
        declarations,
        pillars,
        coverage: sdg::coverage(store, describer)?,
        queries,
        triples: store.len()?,
        prefixes: crate::vocab::prefixes(),
        form,
    })
}
