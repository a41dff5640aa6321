//! The redirect rules that make the graph's IRIs (`https://w3id.org/kyoto-kg/...`) resolve: an
//! Apache `.htaccess` in the format of the [w3id.org repository](https://github.com/perma-id/w3id.org)
//! (one directory per namespace, with a `README.md` naming the project and its maintainers),
//! sending each IRI to the static site that `kyoto-kg site` writes ([`crate::site`]).
//!
//! What the rules do, for the site published at `SITE` (its `--site-url`):
//!
//! | IRI (after `https://w3id.org/kyoto-kg/`) | answer |
//! |---|---|
//! | a thing: `id/...`, `graph/...`, `ontology`, `dataset` | **303 See Other** to its description: `SITE{path}.ttl`, `.jsonld`, `.nt` or `.rdf` by `Accept`, else its page `SITE{path}/` |
//! | the namespace itself (empty path) | 303 to the home page, or to the dataset's description for RDF clients |
//! | a document: `{thing}.ttl`, `.jsonld`, `.nt`, `.rdf`, `.html` | 302 to the file (`.html` to the page) |
//! | `context.jsonld`, `dataset/kyoto.*`, `release/...`, anything else | 302 to the same path on the site |
//!
//! `Accept` is read the way mod_rewrite can: HTML when the client lists `text/html` (or XHTML)
//! first, as browsers do; otherwise the first of Turtle (`text/turtle`, `application/x-turtle`,
//! `text/n3`), JSON-LD (`application/ld+json`, `application/json`), N-Triples
//! (`application/n-triples`) and RDF/XML (`application/rdf+xml`) that the client lists without
//! `q=0`; otherwise HTML. Quality values other than 0 are not weighed: any type a client lists is
//! one it can read. `tests/w3id.rs` runs the rules in a real Apache httpd in front of a site.

use std::fmt::Write as _;

/// The folder of the w3id.org repository that the rules go in, also where `kyoto-kg site`
/// writes them: `w3id.org/kyoto-kg/` (`.htaccess` and `README.md`).
pub const DIRECTORY: &str = "w3id.org/kyoto-kg";

/// The namespace the rules serve (the graph's base IRI).
pub const NAMESPACE: &str = crate::iri::BASE;

/// The site the rules point to when `kyoto-kg site` is given no `--site-url`: the local server
/// its closing message suggests (`python3 -m http.server -d DIR 8000`), for trying them out.
pub const LOCAL_SITE: &str = "http://localhost:8000";

/// Why a site address cannot be a redirect target.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum SiteUrlError {
    /// Not an absolute `http://` or `https://` address ending with `/`.
    #[error(
        "the site URL {0:?} must be an absolute http:// or https:// address ending with '/' (e.g. https://example.org/kyoto-kg/)"
    )]
    NotAbsolute(String),
    /// A character that would change the meaning of a rewrite rule.
    #[error(
        "the site URL {url:?} contains {character:?}, which the redirect rules cannot carry; use letters, digits and -._~:/@!&'()*+,;= only"
    )]
    Character {
        /// The address.
        url: String,
        /// The first character refused.
        character: char,
    },
    /// Its path is not the site's root, so the pages' links would miss.
    #[error(
        "the site URL {url:?} has the path {path:?}, but the site's links are under --root {root:?}; give a URL whose path is {root:?} or build with --root {path:?}"
    )]
    Root {
        /// The address.
        url: String,
        /// Its path.
        path: String,
        /// The site's root.
        root: String,
    },
}

/// Checks that `url` can be the target of the rules for a site whose links are under `root`.
pub fn check_site_url(url: &str, root: &str) -> Result<(), SiteUrlError> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .filter(|rest| !rest.is_empty() && url.ends_with('/'))
        .ok_or_else(|| SiteUrlError::NotAbsolute(url.to_owned()))?;
    if let Some(character) = url
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || "-._~:/@!&'()*+,;=".contains(c)))
    {
        return Err(SiteUrlError::Character {
            url: url.to_owned(),
            character,
        });
    }
    let path = rest.find('/').map_or("/", |at| &rest[at..]);
    if path.is_empty() || rest.starts_with('/') {
        return Err(SiteUrlError::NotAbsolute(url.to_owned()));
    }
    if path != root {
        return Err(SiteUrlError::Root {
            url: url.to_owned(),
            path: path.to_owned(),
            root: root.to_owned(),
        });
    }
    Ok(())
}

/// The RDF formats a thing's description comes in: the site's file extension and the
/// (case-insensitive) `Accept` pattern that asks for it, in the order they are tried.
const FORMATS: [(&str, &str, &str); 4] = [
    (
        "ttl",
        "Turtle",
        r"(text/turtle|application/x-turtle|text/n3)",
    ),
    ("jsonld", "JSON-LD", r"application/(ld\+)?json"),
    ("nt", "N-Triples", r"application/n-triples"),
    ("rdf", "RDF/XML", r"application/rdf\+xml"),
];

/// The paths of things: what the graph names under the namespace (the site's entity paths are
/// letters, digits, `-._~` and `/`).
const THING: &str = r"((id|graph)/[A-Za-z0-9._~/-]+|ontology|dataset)";

/// A `RewriteCond` pattern that holds when `Accept` lists a type matching `media` without
/// `q=0`.
fn accepts(media: &str) -> String {
    format!(r"(^|,)\s*{media}\s*(,|$|;(?!\s*q\s*=\s*0(\.0*)?\s*(,|$)))")
}

/// The `.htaccess` for w3id.org, redirecting to the site at `site` (absolute, ending with `/`;
/// see [`check_site_url`]).
pub fn htaccess(site: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "# {NAMESPACE}: the IRIs of kyoto-kg, a knowledge graph of the follow-up to the Kyoto
# Declaration (crime prevention and criminal justice). See README.md for the maintainers.
# Written by `kyoto-kg site` (kyoto-kg {version}); the site is published at {site}
#
# Things (sessions, topics, pillars, the ontology, the dataset, its graphs) answer 303 See Other
# with their description in the format the client accepts: Turtle, JSON-LD, N-Triples, RDF/XML,
# or HTML (browsers, and clients that state no preference). Documents (a description with its
# extension, the JSON-LD context, downloads, releases) answer 302 with their location.
# Quality values other than q=0 are not weighed: the first RDF type a client lists wins, in the
# order below, unless it lists text/html first.

Options -MultiViews
RewriteEngine on
<IfModule mod_headers.c>
Header always merge Vary Accept
</IfModule>

# Documents: a thing's description in a given format, and its page.
RewriteRule ^{THING}\\.(ttl|jsonld|nt|rdf)$ {site}$1.$3 [R=302,L]
RewriteRule ^{THING}\\.html$ {site}$1/ [R=302,L]

# Things: HTML for browsers (text/html or XHTML listed first).
RewriteCond %{{HTTP_ACCEPT}} ^\\s*(text/html|application/xhtml\\+xml) [NC]
RewriteRule ^{THING}$ {site}$1/ [R=303,L]
",
        version = env!("CARGO_PKG_VERSION"),
    );
    for (ext, name, media) in FORMATS {
        let _ = write!(
            out,
            "
# Things: {name}.
RewriteCond %{{HTTP_ACCEPT}} {accept} [NC]
RewriteRule ^{THING}$ {site}$1.{ext} [R=303,L]
",
            accept = accepts(media),
        );
    }
    let _ = write!(
        out,
        "
# Things: HTML otherwise.
RewriteRule ^{THING}$ {site}$1/ [R=303,L]

# The namespace itself: the home page for browsers, the dataset's description for RDF clients.
RewriteCond %{{HTTP_ACCEPT}} ^\\s*(text/html|application/xhtml\\+xml) [NC]
RewriteRule ^$ {site} [R=303,L]
"
    );
    for (ext, _, media) in FORMATS {
        let _ = write!(
            out,
            "RewriteCond %{{HTTP_ACCEPT}} {accept} [NC]
RewriteRule ^$ {site}dataset.{ext} [R=303,L]
",
            accept = accepts(media),
        );
    }
    let _ = write!(
        out,
        "RewriteRule ^$ {site} [R=303,L]

# Everything else (the JSON-LD context, the downloads dataset/kyoto.*, releases under
# release/VERSION/, assets): the same path on the site, which answers 404 for what it lacks.
RewriteRule ^(.+)$ {site}$1 [R=302,L]
"
    );
    out
}

/// The `README.md` for the w3id.org directory: what the namespace is, where it redirects, and
/// what the maintainers must add before the pull request.
pub fn readme(site: &str) -> String {
    let local = site.starts_with(LOCAL_SITE);
    let mut out = format!(
        "# kyoto-kg

Permanent identifiers for kyoto-kg, a knowledge graph of the follow-up to the Kyoto
Declaration on Advancing Crime Prevention, Criminal Justice and the Rule of Law
(crime prevention, criminal justice): its sessions, topics, pillars, ontology and dataset.

`{NAMESPACE}` redirects to the static linked-data site at <{site}>, written by
`kyoto-kg site`:

| IRI | redirects to |
|---|---|
| `{NAMESPACE}id/...`, `graph/...`, `ontology`, `dataset` | 303 to the description (`.ttl`, `.jsonld`, `.nt`, `.rdf` by `Accept`) or the HTML page |
| `{NAMESPACE}` | 303 to the home page, or the dataset's description for RDF clients |
| `{NAMESPACE}context.jsonld` | 302 to the JSON-LD context |
| `{NAMESPACE}release/VERSION/FILE` | 302 to the release's files |

Examples:

- <{NAMESPACE}ontology>
- <{NAMESPACE}dataset>
- <{NAMESPACE}context.jsonld>

## Contacts

"
    );
    out.push_str(
        "Add the maintainers here before submitting (w3id.org asks for contact information): a
name, a GitHub account and an e-mail address for each.
",
    );
    if local {
        out.push_str(&format!(
            "
**These rules point to {LOCAL_SITE}, for trying them out. Rebuild with
`kyoto-kg site --out DIR --site-url https://HOST/PATH/` (the address the site is published at)
before registering them.**
"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_url_must_be_absolute_safe_and_at_the_site_root() {
        assert_eq!(check_site_url("https://example.org/", "/"), Ok(()));
        assert_eq!(
            check_site_url("http://127.0.0.1:8080/kyoto-kg/", "/kyoto-kg/"),
            Ok(())
        );
        assert!(matches!(
            check_site_url("example.org/", "/"),
            Err(SiteUrlError::NotAbsolute(_))
        ));
        assert!(matches!(
            check_site_url("https://example.org", "/"),
            Err(SiteUrlError::NotAbsolute(_))
        ));
        assert!(matches!(
            check_site_url("https:///x/", "/x/"),
            Err(SiteUrlError::NotAbsolute(_))
        ));
        assert!(matches!(
            check_site_url("https://example.org/$1/", "/$1/"),
            Err(SiteUrlError::Character { character: '$', .. })
        ));
        assert!(matches!(
            check_site_url("https://example.org/a b/", "/a b/"),
            Err(SiteUrlError::Character { character: ' ', .. })
        ));
        assert!(matches!(
            check_site_url("https://example.org/kyoto/", "/"),
            Err(SiteUrlError::Root { .. })
        ));
    }

    #[test]
    fn the_rules_send_every_kind_of_iri_to_the_site() {
        let rules = htaccess("https://example.org/kg/");
        assert!(rules.contains("RewriteEngine on"));
        assert!(rules.contains("https://example.org/kg/$1.ttl [R=303,L]"));
        assert!(rules.contains("https://example.org/kg/dataset.jsonld [R=303,L]"));
        assert!(rules.contains("^(.+)$ https://example.org/kg/$1 [R=302,L]"));
        assert!(!rules.contains("localhost"));
    }
}
