//! The home page's query form without JavaScript (issue 16, part 6): `/?q=NAME` and
//! `/?query=TEXT` are run by the server, which renders the results table or the error, with the
//! endpoint's status code. Checked with plain HTTP (the browser tests, `tests/browser.rs`,
//! check the same in Chromium when it is installed), against the row counts of
//! `kyoto-kg query --name`, an independent path.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use support::run::select;
use support::server::{Server, client};

/// The status and body of `/` with the query string `query`.
fn home(server: &Server, query: &[(&str, &str)]) -> (u16, String) {
    let response = client().get(server.at("/")).query(query).send().unwrap();
    (response.status().as_u16(), response.text().unwrap())
}

/// The rows of the results table on a page.
fn table_rows(page: &str) -> usize {
    let Some(start) = page.find("<table class=\"results\">") else {
        return 0;
    };
    let table = &page[start
        ..page[start..]
            .find("</table>")
            .map_or(page.len(), |end| start + end)];
    table.matches("<tr>").count() - 1 // the header row
}

/// The text of the status line.
fn status_line(page: &str) -> String {
    let start = page.find("id=\"status\"").expect("a status line");
    let text = &page[start..];
    let text = &text[text.find('>').unwrap() + 1..];
    text[..text.find("</span>").unwrap()].trim().to_owned()
}

#[test]
fn a_named_query_from_the_address_is_run_on_the_server_with_the_rows_the_cli_gives() {
    let server = Server::start(&[]);
    for name in [
        "timeline",
        "sdg16-coverage",
        "sessions-per-year",
        "pillars-with-discussions",
    ] {
        let expected = select(&["--name", name]).len();
        assert!(expected > 0, "{name}");
        let (status, page) = home(&server, &[("q", name)]);
        assert_eq!(status, 200, "{name}");
        assert_eq!(table_rows(&page), expected, "{name}");
        assert!(
            status_line(&page).starts_with(&format!("{expected} row")),
            "{name}: {}",
            status_line(&page)
        );
        assert!(
            page.contains(&format!("<option value=\"{name}\" selected>")),
            "{name} is selected"
        );
    }
    // The home page alone runs nothing.
    let (status, page) = home(&server, &[]);
    assert_eq!(
        (status, table_rows(&page), status_line(&page).as_str()),
        (200, 0, "")
    );
}

#[test]
fn a_query_text_is_run_and_a_bad_one_shows_the_endpoints_message_once_with_its_status() {
    let server = Server::start(&[]);
    let (status, page) = home(
        &server,
        &[("query", "SELECT ?p WHERE { ?p a kyoto:Pillar }")],
    );
    assert_eq!(
        (status, table_rows(&page)),
        (200, 4),
        "the four pillars of the declaration"
    );
    let (status, page) = home(&server, &[("query", "ASK { ?s a kyoto:Pillar }")]);
    assert_eq!(status, 200);
    assert!(
        status_line(&page).starts_with("Answer: yes"),
        "{}",
        status_line(&page)
    );

    let (status, page) = home(&server, &[("query", "SELEC * WHERE { ?s ?p ?o }")]);
    let line = status_line(&page);
    assert_eq!(status, 400, "{line}");
    assert!(
        line.starts_with("400 Bad Request: the query is not valid SPARQL: error at 1:"),
        "{line}"
    );
    assert_eq!(line.matches("400 Bad Request").count(), 1, "{line}");
    assert!(
        page.contains(">SELEC * WHERE { ?s ?p ?o }</textarea>"),
        "the text stays in the form"
    );

    let (status, page) = home(&server, &[("query", "INSERT DATA { <a:b> <a:c> <a:d> }")]);
    assert_eq!(status, 403, "{}", status_line(&page));

    // The text goes back into the page as text, never as markup.
    let (status, page) = home(
        &server,
        &[("query", "</textarea><script>alert(1)</script>")],
    );
    assert_eq!(status, 400);
    assert!(
        !page.contains("<script>alert(1)"),
        "the query text is escaped"
    );

    let (status, page) = home(&server, &[("q", "no-such-query")]);
    let line = status_line(&page);
    assert_eq!(status, 404, "{line}");
    assert!(
        line.contains("no-such-query") && line.contains("timeline"),
        "names the choices: {line}"
    );

    let (status, page) = home(&server, &[("query", "ASK {}"), ("query", "ASK {}")]);
    assert_eq!(status, 400, "{}", status_line(&page));
}

#[test]
fn the_icon_and_the_prefix_map_are_served() {
    let server = Server::start(&[]);
    let icon = client().get(server.at("/favicon.ico")).send().unwrap();
    assert_eq!(icon.status().as_u16(), 200);
    assert_eq!(icon.headers()["content-type"], "image/x-icon");
    assert_eq!(&icon.bytes().unwrap()[..4], b"\0\0\x01\0", "an ICO file");
    let body = client()
        .get(server.at("/prefixes.json"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let map: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(map["kyoto"], "https://w3id.org/kyoto-kg/ontology#");
    assert_eq!(map["skos"], "http://www.w3.org/2004/02/skos/core#");
}
