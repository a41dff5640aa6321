//! Query parameters (`--param NAME=VALUE`): binding a variable to a value before evaluation.
//!
//! A named query declares each parameter as a one-row `VALUES` line at the head of its `WHERE`
//! group (`VALUES ?keyword { "justice" }`), so that its text runs unchanged on any SPARQL 1.1
//! engine with the default; `--param` replaces that line's value, exactly as if the text had
//! said the other value. A parameter the query has no such line for is joined into the query
//! as a one-row `VALUES` table at the head of its `WHERE` group, exactly as if the query text
//! began `WHERE { VALUES ?NAME { VALUE } ...`. Either way, filters, `BIND`s and `OPTIONAL`s of
//! the group see the value, sub-queries do not (they have their own scope). Oxigraph's own
//! `substitute_variable` gives the same answers but hides the value from the optimiser, which
//! then plans the query as if the variable were unbound (`topics-by-sdg-target` was an order of
//! magnitude slower that way at 10^6 triples).

use super::QueryError;
use oxigraph::model::{Literal, NamedNode, Variable};
use spargebra::Query;
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;

/// `query` with each `NAME=VALUE` of `params` bound (`<iri>` for an IRI, anything else a
/// string): the value replaces the one of the query's `VALUES ?NAME { ... }` line if it has one
/// ([`declared_values`]), else a one-row `VALUES` table is joined at the head of the query's
/// group. A name the query does not have in scope (for SELECT: does not select) is
/// [`QueryError::UnknownParam`].
pub fn bind(mut query: Query, params: &[String]) -> Result<Query, QueryError> {
    let pattern = where_pattern(&mut query);
    let mut variables = Vec::with_capacity(params.len());
    let mut row = Vec::with_capacity(params.len());
    for param in params {
        let (name, value) = param
            .split_once('=')
            .ok_or_else(|| QueryError::MalformedParam(param.clone()))?;
        let variable = Variable::new(name.trim_start_matches(['?', '$']))
            .map_err(|_| QueryError::MalformedParam(param.clone()))?;
        let mut in_scope = false;
        pattern.on_in_scope_variable(|v| in_scope |= *v == variable);
        if !in_scope {
            return Err(QueryError::UnknownParam {
                name: variable.into_string(),
                known: Vec::new(),
            });
        }
        let mut declared = Vec::new();
        head_values(pattern, Level::Modifiers, &mut declared);
        let mut replaced = false;
        for (name, slot) in declared {
            if *name == variable {
                *slot = term(value);
                replaced = true;
            }
        }
        if !replaced {
            variables.push(variable);
            row.push(Some(term(value)));
        }
    }
    if !variables.is_empty() {
        let values = GraphPattern::Values {
            variables,
            bindings: vec![row],
        };
        *pattern = at_group_head(std::mem::take(pattern), values, Level::Modifiers);
    }
    Ok(query)
}

/// The parameter lines of `query`: each variable bound by a one-variable, one-row `VALUES`
/// table of the query's own `WHERE` group (not one inside `OPTIONAL`, `MINUS`, `UNION`, `GRAPH`
/// or a sub-query), with its value, in the order of the text.
pub fn declared_values(mut query: Query) -> Vec<(Variable, GroundTerm)> {
    let mut declared = Vec::new();
    head_values(where_pattern(&mut query), Level::Modifiers, &mut declared);
    declared
        .into_iter()
        .map(|(variable, value)| (variable.clone(), value.clone()))
        .collect()
}

fn where_pattern(query: &mut Query) -> &mut GraphPattern {
    match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    }
}

/// Collects into `out` the one-variable, one-row `VALUES` tables of the group [`at_group_head`]
/// walks down to: those that are, or are joined with, the group's other elements.
fn head_values<'a>(
    pattern: &'a mut GraphPattern,
    level: Level,
    out: &mut Vec<(&'a Variable, &'a mut GroundTerm)>,
) {
    use GraphPattern as P;
    use Level::{Group, Modifiers, Projection};
    match (pattern, level) {
        (P::Slice { inner, .. } | P::Distinct { inner } | P::Reduced { inner }, Modifiers) => {
            head_values(inner, Modifiers, out);
        }
        (P::Project { inner, .. }, Modifiers) => head_values(inner, Projection, out),
        (P::OrderBy { inner, .. }, Modifiers | Projection) => head_values(inner, level, out),
        (P::Group { inner, .. }, Modifiers | Projection) => head_values(inner, Group, out),
        (P::Filter { inner, .. } | P::Extend { inner, .. }, _) => head_values(inner, level, out),
        (P::Join { left, right }, _) => {
            head_values(left, Group, out);
            head_values(right, Group, out);
        }
        (P::LeftJoin { left, .. } | P::Minus { left, .. }, _) => head_values(left, Group, out),
        (
            P::Values {
                variables,
                bindings,
            },
            _,
        ) => {
            if let ([variable], [row]) = (variables.as_slice(), bindings.as_mut_slice())
                && let [Some(value)] = row.as_mut_slice()
            {
                out.push((variable, value));
            }
        }
        _ => {}
    }
}

/// The value of a parameter: an IRI if written `<...>` and valid, a plain string otherwise.
fn term(value: &str) -> GroundTerm {
    value
        .strip_prefix('<')
        .and_then(|v| v.strip_suffix('>'))
        .and_then(|iri| NamedNode::new(iri).ok())
        .map_or_else(|| Literal::from(value).into(), GroundTerm::from)
}

/// Where [`at_group_head`] is in a query's algebra.
#[derive(Clone, Copy)]
enum Level {
    /// Above the projection: slice, distinct, reduced, order.
    Modifiers,
    /// Below the projection: select expressions, HAVING, order, grouping.
    Projection,
    /// In the `WHERE` group.
    Group,
}

/// `pattern` with `values` joined at the head of its outermost group: below the solution
/// modifiers, projection and grouping, below the group's filters and binds, on the left of its
/// joins, optionals and minus, and never inside a sub-query.
fn at_group_head(pattern: GraphPattern, values: GraphPattern, level: Level) -> GraphPattern {
    use GraphPattern as P;
    use Level::{Group, Modifiers, Projection};
    let down = |inner: Box<P>, values, level| Box::new(at_group_head(*inner, values, level));
    match (pattern, level) {
        (
            P::Slice {
                inner,
                start,
                length,
            },
            Modifiers,
        ) => P::Slice {
            inner: down(inner, values, Modifiers),
            start,
            length,
        },
        (P::Distinct { inner }, Modifiers) => P::Distinct {
            inner: down(inner, values, Modifiers),
        },
        (P::Reduced { inner }, Modifiers) => P::Reduced {
            inner: down(inner, values, Modifiers),
        },
        (P::Project { inner, variables }, Modifiers) => P::Project {
            inner: down(inner, values, Projection),
            variables,
        },
        (P::OrderBy { inner, expression }, Modifiers | Projection) => P::OrderBy {
            inner: down(inner, values, level),
            expression,
        },
        (
            P::Group {
                inner,
                variables,
                aggregates,
            },
            Modifiers | Projection,
        ) => P::Group {
            inner: down(inner, values, Group),
            variables,
            aggregates,
        },
        (P::Filter { expr, inner }, _) => P::Filter {
            expr,
            inner: down(inner, values, level),
        },
        (
            P::Extend {
                inner,
                variable,
                expression,
            },
            _,
        ) => P::Extend {
            inner: down(inner, values, level),
            variable,
            expression,
        },
        (P::Join { left, right }, _) => P::Join {
            left: down(left, values, Group),
            right,
        },
        (
            P::LeftJoin {
                left,
                right,
                expression,
            },
            _,
        ) => P::LeftJoin {
            left: down(left, values, Group),
            right,
            expression,
        },
        (P::Minus { left, right }, _) => P::Minus {
            left: down(left, values, Group),
            right,
        },
        (other, _) => P::Join {
            left: Box::new(values),
            right: Box::new(other),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::{QueryError, prepare, run};
    use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, QuadRef};
    use oxigraph::sparql::QueryResults;
    use oxigraph::store::Store;

    type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

    /// `ex:a ex:p "x"`, `ex:b ex:p "y"`, `ex:c ex:p "y"`.
    fn store() -> Result<Store> {
        let store = Store::new()?;
        let p = NamedNodeRef::new("http://example.org/p")?;
        for (s, o) in [("a", "x"), ("b", "y"), ("c", "y")] {
            let s = NamedNode::new(format!("http://example.org/{s}"))?;
            let o = Literal::from(o);
            store.insert(QuadRef::new(&s, p, &o, GraphNameRef::DefaultGraph))?;
        }
        Ok(store)
    }

    /// The solutions of `text` with `params`, each row as `?var=value` pairs.
    fn rows(text: &str, params: &[&str]) -> Result<Vec<String>> {
        let params: Vec<String> = params.iter().map(|p| (*p).to_owned()).collect();
        let QueryResults::Solutions(solutions) = run(&store()?, prepare(text, &params)?)? else {
            return Err("not a SELECT".into());
        };
        let mut out = Vec::new();
        for solution in solutions {
            let row: Vec<String> = solution?.iter().map(|(v, t)| format!("{v}={t}")).collect();
            out.push(row.join(" "));
        }
        Ok(out)
    }

    const PREFIX: &str = "PREFIX ex: <http://example.org/> ";

    #[test]
    fn the_groups_filters_and_binds_see_the_value() -> Result<()> {
        let text = format!(
            "{PREFIX} SELECT ?s ?want ?label WHERE {{
               ?s ex:p ?o FILTER(?o = ?want) BIND(CONCAT(?want, \"!\") AS ?label)
             }} ORDER BY ?s"
        );
        assert_eq!(
            rows(&text, &["want=y"])?,
            [
                r#"?s=<http://example.org/b> ?want="y" ?label="y!""#,
                r#"?s=<http://example.org/c> ?want="y" ?label="y!""#,
            ]
        );
        Ok(())
    }

    #[test]
    fn an_iri_value_fixes_a_triple_pattern() -> Result<()> {
        let text = format!("{PREFIX} SELECT ?s ?o WHERE {{ ?s ex:p ?o }}");
        assert_eq!(
            rows(&text, &["s=<http://example.org/a>"])?,
            [r#"?s=<http://example.org/a> ?o="x""#]
        );
        Ok(())
    }

    #[test]
    fn aggregates_group_the_bound_solutions() -> Result<()> {
        let text = format!(
            "{PREFIX} SELECT ?o (COUNT(?s) AS ?n) WHERE {{ ?s ex:p ?o }} GROUP BY ?o \
             HAVING(COUNT(?s) > 0) ORDER BY ?o LIMIT 5"
        );
        let integer = "<http://www.w3.org/2001/XMLSchema#integer>";
        assert_eq!(
            rows(&text, &["o=y"])?,
            [format!(r#"?o="y" ?n="2"^^{integer}"#)]
        );
        Ok(())
    }

    #[test]
    fn a_sub_query_keeps_its_own_scope() -> Result<()> {
        // The inner ?o is not the outer one: binding the outer ?o leaves the sub-query's
        // count of all three triples alone.
        let text = format!(
            "{PREFIX} SELECT ?o ?n WHERE {{
               {{ SELECT (COUNT(*) AS ?n) WHERE {{ ?s ex:p ?o }} }}
             }}"
        );
        let integer = "<http://www.w3.org/2001/XMLSchema#integer>";
        assert_eq!(
            rows(&text, &["o=y"])?,
            [format!(r#"?o="y" ?n="3"^^{integer}"#)]
        );
        Ok(())
    }

    #[test]
    fn a_variable_the_query_does_not_select_is_refused() -> Result<()> {
        let text = format!("{PREFIX} SELECT ?s WHERE {{ ?s ex:p ?o }}");
        match prepare(&text, &["o=x".to_owned()]) {
            Err(QueryError::UnknownParam { name, .. }) => assert_eq!(name, "o"),
            other => return Err(format!("expected UnknownParam, got {:?}", other.err()).into()),
        }
        Ok(())
    }
}
