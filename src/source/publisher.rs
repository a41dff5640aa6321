//! Who publishes the dataset: `data/publisher.toml`, read apart from the facts.
//!
//! The publisher and the contact point of the dataset description (DCAT's `dct:publisher` and
//! `dcat:contactPoint`) are whoever runs kyoto-kg and publishes its data, never the United
//! Nations, whose documents the facts come from. They are configuration, not sourced facts:
//! the fact loader ([`super::load`]) skips this file, and nothing of it enters the graph; only
//! the descriptions of the dataset (a release's `void.ttl`, a site's `dataset.ttl`, a server's
//! `/dataset`) carry it. Without the file they name no publisher.

use super::error::{Diagnostic, Location, SourceError};
use oxigraph::model::NamedNode;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// The file's name in the data directory.
pub const FILE: &str = "publisher.toml";

/// The publisher and contact point of the dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    /// The publisher's name.
    pub name: String,
    /// The publisher's home page.
    pub homepage: Option<NamedNode>,
    /// The contact point's name.
    pub contact_name: String,
    /// The contact point's e-mail address (without `mailto:`).
    pub contact_email: Option<String>,
    /// The contact point's web page (an issue tracker, a form).
    pub contact_url: Option<NamedNode>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    publisher: RawPublisher,
    contact_point: RawContact,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPublisher {
    name: Spanned<String>,
    homepage: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    name: Spanned<String>,
    email: Option<Spanned<String>>,
    url: Option<Spanned<String>>,
}

/// Reads `dir/publisher.toml`: `None` when there is no such file.
pub fn read(dir: &Path) -> Result<Option<Publisher>, SourceError> {
    let path = dir.join(FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|source| SourceError::Io {
        path: path.clone(),
        source,
    })?;
    parse(&path, &text)
        .map(Some)
        .map_err(|d| SourceError::Invalid(vec![d]))
}

/// Parses the text of a publisher file (`path` names it in diagnostics).
pub fn parse(path: &Path, text: &str) -> Result<Publisher, Diagnostic> {
    let at = |span: std::ops::Range<usize>, message: String, hint: &str| Diagnostic {
        location: Location::in_text(path, text, span),
        message,
        hint: Some(hint.to_owned()),
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        at(
            e.span().unwrap_or(0..0),
            e.message().trim().to_owned(),
            "the file holds a [publisher] table (name, homepage) and a [contact_point] table (name, email or url)",
        )
    })?;
    let name = |value: &Spanned<String>, what: &str| {
        let trimmed = value.get_ref().trim();
        if trimmed.is_empty() {
            Err(at(
                value.span(),
                format!("the {what} name is empty"),
                "give the name of whoever publishes this copy of the data",
            ))
        } else {
            Ok(trimmed.to_owned())
        }
    };
    let iri = |value: &Option<Spanned<String>>| {
        value
            .as_ref()
            .map(|v| {
                NamedNode::new(v.get_ref().trim())
                    .ok()
                    .filter(|n| {
                        n.as_str().starts_with("http://") || n.as_str().starts_with("https://")
                    })
                    .ok_or_else(|| {
                        at(
                            v.span(),
                            format!("{:?} is not an http(s) address", v.get_ref()),
                            "write a full address, such as \"https://example.org/\"",
                        )
                    })
            })
            .transpose()
    };
    let contact = &raw.contact_point;
    let email = contact
        .email
        .as_ref()
        .map(|v| {
            let email = v.get_ref().trim().trim_start_matches("mailto:");
            let valid = email.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty() && host.contains('.') && !email.contains(char::is_whitespace)
            }) && NamedNode::new(format!("mailto:{email}")).is_ok();
            if valid {
                Ok(email.to_owned())
            } else {
                Err(at(
                    v.span(),
                    format!("{:?} is not an e-mail address", v.get_ref()),
                    "write an address such as \"data@example.org\"",
                ))
            }
        })
        .transpose()?;
    let contact_url = iri(&contact.url)?;
    if email.is_none() && contact_url.is_none() {
        return Err(at(
            contact.name.span(),
            "the contact point has neither an email nor a url".to_owned(),
            "add `email = \"...\"` or `url = \"https://...\"` to [contact_point]: DCAT-AP asks for a way to reach the publisher",
        ));
    }
    Ok(Publisher {
        name: name(&raw.publisher.name, "publisher")?,
        homepage: iri(&raw.publisher.homepage)?,
        contact_name: name(&contact.name, "contact point")?,
        contact_email: email,
        contact_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_publisher_and_a_contact_are_read() {
        let text = "[publisher]\nname = \"Example\"\nhomepage = \"https://example.org/\"\n\n[contact_point]\nname = \"Data desk\"\nemail = \"data@example.org\"\n";
        let publisher = parse(Path::new("publisher.toml"), text);
        assert_eq!(
            publisher.map(|p| (p.name, p.contact_email)),
            Ok(("Example".to_owned(), Some("data@example.org".to_owned())))
        );
    }

    #[test]
    fn bad_values_are_located_and_named() {
        let text = "[publisher]\nname = \"Example\"\n\n[contact_point]\nname = \"Desk\"\nemail = \"not an address\"\n";
        let error = parse(Path::new("publisher.toml"), text).err();
        assert_eq!(
            error.map(|d| (d.location.line, d.location.column, d.message)),
            Some((
                6,
                9,
                "\"not an address\" is not an e-mail address".to_owned()
            ))
        );
        let text = "[publisher]\nname = \"Example\"\n\n[contact_point]\nname = \"Desk\"\n";
        assert!(
            parse(Path::new("publisher.toml"), text)
                .is_err_and(|d| d.message.contains("neither an email nor a url"))
        );
        let text = "[publisher]\nnom = \"Example\"\n";
        assert!(parse(Path::new("publisher.toml"), text).is_err_and(|d| d.location.line == 2));
    }
}
