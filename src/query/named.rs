//! The named queries of `queries/*.rq`, embedded at build time, and their header comments.
//!
//! A named query opens with comment lines: the first is the question it answers, the next
//! ones (until the query) describe it, and `@param NAME DEFAULT DESCRIPTION` lines declare the
//! variables a user may set with `--param NAME=VALUE` (DEFAULT is bound when they don't).

include!(concat!(env!("OUT_DIR"), "/named_queries.rs"));

/// A query parameter declared in a named query's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The variable name, without `?`.
    pub name: String,
    /// The value bound when the user gives none (`<iri>` or a string).
    pub default: String,
    /// What it means.
    pub description: String,
}

/// A named query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedQuery {
    /// Its name: the file stem (`timeline` for `queries/timeline.rq`).
    pub name: &'static str,
    /// The question it answers (first header line).
    pub question: String,
    /// Further explanation from the header.
    pub description: String,
    /// Its parameters.
    pub params: Vec<Param>,
    /// The SPARQL text, header included.
    pub text: &'static str,
}

impl NamedQuery {
    fn parse(name: &'static str, text: &'static str) -> Self {
        let mut question = String::new();
        let mut description: Vec<&str> = Vec::new();
        let mut params = Vec::new();
        for line in text.lines() {
            let Some(comment) = line.trim_start().strip_prefix('#') else {
                break;
            };
            let comment = comment.trim();
            if let Some(decl) = comment.strip_prefix("@param") {
                params.extend(parse_param(decl));
            } else if question.is_empty() {
                question = comment.to_owned();
            } else {
                description.push(comment);
            }
        }
        Self {
            name,
            question,
            description: description.join(" ").trim().to_owned(),
            params,
            text,
        }
    }

    /// The `--param` bindings to use: the user's, then each declared default not overridden.
    pub fn bindings(&self, given: &[String]) -> Vec<String> {
        let mut out = given.to_vec();
        for param in &self.params {
            let set = given.iter().any(|g| {
                g.split_once('=')
                    .is_some_and(|(n, _)| n.trim_start_matches(['?', '$']) == param.name)
            });
            if !set {
                out.push(format!("{}={}", param.name, param.default));
            }
        }
        out
    }
}

/// Parses `NAME DEFAULT DESCRIPTION`, where DEFAULT is `<iri>`, `"text"` or one word.
fn parse_param(decl: &str) -> Option<Param> {
    let decl = decl.trim();
    let (name, rest) = decl.split_once(char::is_whitespace)?;
    let rest = rest.trim_start();
    let (default, description) = if let Some(quoted) = rest.strip_prefix('"') {
        let (value, after) = quoted.split_once('"')?;
        (value.to_owned(), after)
    } else {
        let (value, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        (value.to_owned(), after)
    };
    Some(Param {
        name: name.to_owned(),
        default,
        description: description.trim().to_owned(),
    })
}

/// Every named query, sorted by name.
pub fn catalog() -> Vec<NamedQuery> {
    SOURCES
        .iter()
        .map(|(name, text)| NamedQuery::parse(name, text))
        .collect()
}

/// The named query called `name`, or the list of valid names.
pub fn find(name: &str) -> Result<NamedQuery, String> {
    catalog()
        .into_iter()
        .find(|q| q.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = SOURCES.iter().map(|(n, _)| *n).collect();
            format!(
                "there is no named query {name:?}; choose from: {} (see `kyoto-kg queries`)",
                names.join(", ")
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_query_says_what_question_it_answers() {
        let catalog = catalog();
        assert!(catalog.len() >= 8, "{} named queries", catalog.len());
        for query in catalog {
            assert!(
                query.question.ends_with('?'),
                "{}: the first header line should be a question, got {:?}",
                query.name,
                query.question
            );
        }
    }

    #[test]
    fn params_parse_quoted_and_iri_defaults() {
        let p = parse_param(r#"keyword "prison" A word to look for."#);
        assert_eq!(
            p.map(|p| (p.name, p.default, p.description)),
            Some((
                "keyword".into(),
                "prison".into(),
                "A word to look for.".into()
            ))
        );
        let p = parse_param("session <https://w3id.org/kyoto-kg/id/session/2022-2> The session.");
        assert_eq!(
            p.map(|p| p.default),
            Some("<https://w3id.org/kyoto-kg/id/session/2022-2>".into())
        );
    }
}
