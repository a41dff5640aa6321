//! The w3id.org redirect rules (issue 16, part 5), end to end: `kyoto-kg site --site-url` writes
//! them; a real Apache httpd (Debian's `apache2`, with mod_rewrite), started here on a loopback
//! port with its own configuration in a temporary directory, serves them the way w3id.org does
//! (one directory per namespace, `.htaccess` allowed) in front of the generated site; every IRI
//! of the graph, in every format, must reach the file that describes it.
//!
//! Skips, saying why, only when there is no `apache2` (`.ci/run` installs it).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use reqwest::blocking::{Client, Response};
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION, VARY};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::free_port;
use support::run::kyoto;

const NAMESPACE: &str = "https://w3id.org/kyoto-kg/";
const APACHE: &str = "/usr/sbin/apache2";
const MODULES: &str = "/usr/lib/apache2/modules";

/// Apache httpd in the foreground on a loopback port: the w3id.org checkout at `/` (with the
/// rules in `/kyoto-kg/`) and the site at `/site/`. Killed when dropped.
struct Apache {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for Apache {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Apache {
    fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }
}

/// Starts Apache with `w3id` as the w3id.org checkout and `site` under `/site/`.
fn start_apache(dir: &Path, w3id: &Path, site: &Path, port: u16) -> Apache {
    let module = |name: &str, file: &str| format!("LoadModule {name} {MODULES}/{file}\n");
    let mut config = String::new();
    for (name, file) in [
        ("mpm_prefork_module", "mod_mpm_prefork.so"),
        ("authz_core_module", "mod_authz_core.so"),
        ("mime_module", "mod_mime.so"),
        ("dir_module", "mod_dir.so"),
        ("alias_module", "mod_alias.so"),
        ("rewrite_module", "mod_rewrite.so"),
        ("headers_module", "mod_headers.so"),
    ] {
        config.push_str(&module(name, file));
    }
    let d = dir.display();
    let root = root_user();
    config.push_str(&format!(
        r#"ServerRoot "{d}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{d}/httpd.pid"
ErrorLog "{d}/error.log"
LogLevel warn rewrite:info
{user}
StartServers 2
MaxRequestWorkers 8
TypesConfig "{d}/mime.types"
AddType text/html .html
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/n-triples .nt
AddType application/n-quads .nq
AddType application/trig .trig
AddType application/rdf+xml .rdf
AddType text/css .css
DirectoryIndex index.html
<Directory />
    AllowOverride None
    Require all denied
</Directory>
DocumentRoot "{w3id}"
<Directory "{w3id}">
    AllowOverride All
    Require all granted
</Directory>
Alias /site/ "{site}/"
<Directory "{site}">
    AllowOverride None
    Require all granted
</Directory>
"#,
        w3id = w3id.display(),
        site = site.display(),
        user = if root {
            "User nobody\nGroup nogroup"
        } else {
            ""
        },
    ));
    std::fs::write(dir.join("mime.types"), "").unwrap();
    std::fs::write(dir.join("httpd.conf"), config).unwrap();
    let child = Command::new(APACHE)
        .arg("-f")
        .arg(dir.join("httpd.conf"))
        .arg("-DFOREGROUND")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("apache2 starts");
    let apache = Apache {
        child,
        port,
        dir: dir.to_path_buf(),
    };
    // Wait until it listens (or give up, showing its log, after a generous bound).
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "apache2 did not start listening on port {port}: {}",
            apache.error_log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    apache
}

fn root_user() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

fn client() -> Client {
    support::server::client_builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// What the rules answer for the IRI `path` (after the namespace) with `accept`.
fn resolve(client: &Client, apache: &Apache, path: &str, accept: Option<&str>) -> Response {
    let mut request = client.get(format!("http://127.0.0.1:{}/kyoto-kg/{path}", apache.port));
    if let Some(accept) = accept {
        request = request.header(ACCEPT, accept);
    }
    request.send().unwrap()
}

/// The redirect's status and target.
fn redirect(response: &Response) -> (u16, String) {
    let location = response
        .headers()
        .get(LOCATION)
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status().as_u16(), location)
}

/// Follows one redirect and returns the status, media type and body of the target.
fn follow(client: &Client, location: &str) -> (u16, String, Vec<u8>) {
    let response = client.get(location).send().unwrap();
    let status = response.status().as_u16();
    let media = response
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, media, response.bytes().unwrap().to_vec())
}

/// Every thing the site describes: its directories with an `index.html` and a `.nt` beside.
fn things(site: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![site.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                let rel = path
                    .strip_prefix(site)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                if path.join("index.html").is_file() && site.join(format!("{rel}.nt")).is_file() {
                    out.push(rel);
                }
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn every_iri_resolves_through_the_w3id_rules_in_apache_to_its_description_in_each_format() {
    if !Path::new(APACHE).is_file() {
        eprintln!("skipped: no Apache httpd at {APACHE} (apt-get install apache2)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // Apache's children run as `nobody` when started by root: the files must be readable.
    let mut permissions = std::fs::metadata(tmp.path()).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(tmp.path(), permissions).unwrap();
    let port = free_port();
    let site_url = format!("http://127.0.0.1:{port}/site/");
    let site = tmp.path().join("site");
    let out = kyoto(&[
        "site",
        "--out",
        site.to_str().unwrap(),
        "--root",
        "/site/",
        "--site-url",
        &site_url,
    ])
    .ok();
    assert!(out.contains("w3id.org redirect rules to"), "{out}");

    // A checkout of the w3id.org repository with the generated directory in it.
    let w3id = tmp.path().join("w3id.org");
    std::fs::create_dir_all(w3id.join("kyoto-kg")).unwrap();
    for file in [".htaccess", "README.md"] {
        std::fs::copy(
            site.join("w3id.org/kyoto-kg").join(file),
            w3id.join("kyoto-kg").join(file),
        )
        .unwrap();
    }
    let apache = start_apache(tmp.path(), &w3id, &site, port);
    let client = client();

    let things = things(&site);
    let kinds = [
        "id/session/",
        "id/topic/",
        "id/pillar/",
        "id/declaration",
        "id/resolution/",
        "graph/data",
        "graph/sdg",
        "graph/ontology",
        "ontology",
        "dataset",
    ];
    for kind in kinds {
        assert!(
            things.iter().any(|t| t.starts_with(kind)),
            "the site describes no {kind}: {things:?}"
        );
    }
    let browser = support::server::BROWSER;
    let formats = [
        ("text/turtle", "ttl", "text/turtle"),
        ("application/ld+json", "jsonld", "application/ld+json"),
        ("application/json", "jsonld", "application/ld+json"),
        ("application/n-triples", "nt", "application/n-triples"),
        ("application/rdf+xml", "rdf", "application/rdf+xml"),
    ];
    let mut checked = 0;
    for thing in &things {
        let iri = format!("{NAMESPACE}{thing}");
        // Every thing: N-Triples that state something about exactly this IRI.
        let (status, location) = redirect(&resolve(
            &client,
            &apache,
            thing,
            Some("application/n-triples"),
        ));
        assert_eq!(
            (status, location.as_str()),
            (303, format!("{site_url}{thing}.nt").as_str()),
            "{iri}"
        );
        let (status, media, body) = follow(&client, &location);
        assert_eq!(
            (status, media.as_str()),
            (200, "application/n-triples"),
            "{iri}"
        );
        let body = String::from_utf8(body).unwrap();
        // A graph's description is its triples; anything else's, triples about it.
        assert!(
            if thing.starts_with("graph/") {
                body.lines().count() > 10
            } else {
                body.lines().any(|l| l.starts_with(&format!("<{iri}> ")))
            },
            "{iri}: {body}"
        );
        checked += 1;
    }
    assert!(checked >= 90, "{checked} things");

    // Each kind in each format, and as a page.
    for kind in kinds {
        let thing = things.iter().find(|t| t.starts_with(kind)).unwrap();
        for (accept, ext, media) in formats {
            let response = resolve(&client, &apache, thing, Some(accept));
            let vary = response
                .headers()
                .get(VARY)
                .map(|v| v.to_str().unwrap().to_owned());
            let (status, location) = redirect(&response);
            assert_eq!(
                (status, location.as_str()),
                (303, format!("{site_url}{thing}.{ext}").as_str()),
                "{thing} as {accept}"
            );
            assert!(
                vary.is_some_and(|v| v.contains("Accept")),
                "{thing}: a negotiated redirect varies with Accept"
            );
            let (status, got, body) = follow(&client, &location);
            assert_eq!((status, got.as_str()), (200, media), "{thing} as {accept}");
            assert_eq!(
                body,
                std::fs::read(site.join(format!("{thing}.{ext}"))).unwrap(),
                "{thing}.{ext}"
            );
            // The document itself, named with its extension: a plain redirect to the file.
            let (status, direct) =
                redirect(&resolve(&client, &apache, &format!("{thing}.{ext}"), None));
            assert_eq!(
                (status, direct.as_str()),
                (302, location.as_str()),
                "{thing}.{ext}"
            );
        }
        for accept in [Some(browser), None, Some("*/*"), Some("text/html")] {
            let (status, location) = redirect(&resolve(&client, &apache, thing, accept));
            assert_eq!(
                (status, location.as_str()),
                (303, format!("{site_url}{thing}/").as_str()),
                "{thing} as {accept:?}"
            );
            let (status, media, body) = follow(&client, &location);
            assert_eq!(status, 200, "{location}");
            assert!(media.starts_with("text/html"), "{location}: {media}");
            assert!(
                String::from_utf8_lossy(&body)
                    .contains(&format!("{NAMESPACE}{thing}").replace('/', "&#x2f;")),
                "{location} shows its IRI"
            );
        }
    }

    // What clients really send: q=0 refuses a type; HTML listed first wins; rdflib, pyld.
    let session = things
        .iter()
        .find(|t| t.starts_with("id/session/"))
        .unwrap();
    for (accept, expected) in [
        (
            "text/turtle;q=0, application/rdf+xml",
            format!("{session}.rdf"),
        ),
        (
            "text/turtle; q=0.0, application/ld+json",
            format!("{session}.jsonld"),
        ),
        ("text/html, text/turtle", format!("{session}/")),
        (
            "application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json",
            format!("{session}.ttl"),
        ),
        (
            "application/ld+json, application/json;q=0.9, */*;q=0.1",
            format!("{session}.jsonld"),
        ),
        ("TEXT/TURTLE", format!("{session}.ttl")),
        ("application/json-patch+json", format!("{session}/")),
    ] {
        let (status, location) = redirect(&resolve(&client, &apache, session, Some(accept)));
        assert_eq!(
            (status, location),
            (303, format!("{site_url}{expected}")),
            "Accept: {accept}"
        );
    }

    // The namespace: the home page, or the dataset's description for RDF clients.
    let (status, location) = redirect(&resolve(&client, &apache, "", Some(browser)));
    assert_eq!((status, location.as_str()), (303, site_url.as_str()));
    let (status, location) = redirect(&resolve(&client, &apache, "", Some("text/turtle")));
    assert_eq!((status, location), (303, format!("{site_url}dataset.ttl")));

    // Documents: the JSON-LD context, the downloads the site's dataset description names, the
    // pages by name, releases.
    let (status, location) = redirect(&resolve(&client, &apache, "context.jsonld", None));
    assert_eq!(
        (status, location.as_str()),
        (302, format!("{site_url}context.jsonld").as_str())
    );
    let (status, media, body) = follow(&client, &location);
    assert_eq!((status, media.as_str()), (200, "application/ld+json"));
    assert_eq!(body, std::fs::read(site.join("context.jsonld")).unwrap());
    let description = std::fs::read_to_string(site.join("dataset.ttl")).unwrap();
    for ext in ["ttl", "nt", "nq", "trig", "rdf", "jsonld"] {
        let download = format!("dataset/kyoto.{ext}");
        assert!(
            description.contains(&format!("{NAMESPACE}{download}")),
            "dataset.ttl names {download}"
        );
        let (status, location) = redirect(&resolve(&client, &apache, &download, None));
        assert_eq!(
            (status, location.as_str()),
            (302, format!("{site_url}{download}").as_str())
        );
        let (status, _, body) = follow(&client, &location);
        assert_eq!(status, 200, "{download}");
        assert_eq!(
            body,
            std::fs::read(site.join(&download)).unwrap(),
            "{download}"
        );
    }
    let (status, location) = redirect(&resolve(&client, &apache, &format!("{session}.html"), None));
    assert_eq!((status, location), (302, format!("{site_url}{session}/")));
    let (status, location) = redirect(&resolve(
        &client,
        &apache,
        "release/0.1.0/kyoto-kg.ttl",
        None,
    ));
    assert_eq!(
        (status, location),
        (302, format!("{site_url}release/0.1.0/kyoto-kg.ttl"))
    );
    // An IRI the graph does not know goes to the site, which says it has no such page.
    let (status, location) = redirect(&resolve(
        &client,
        &apache,
        "id/session/1999-9",
        Some("text/turtle"),
    ));
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{site_url}id/session/1999-9.ttl").as_str())
    );
    assert_eq!(follow(&client, &location).0, 404);

    let log = apache.error_log();
    assert!(
        !log.contains("[core:alert]") && !log.contains("Invalid command"),
        "{log}"
    );
}

#[test]
fn the_rules_default_to_a_local_site_and_a_bad_site_url_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = kyoto(&["site", "--out", site.to_str().unwrap()]).ok();
    assert!(
        out.contains("point to http://localhost:8000/ for trying them; give --site-url"),
        "{out}"
    );
    let rules = std::fs::read_to_string(site.join("w3id.org/kyoto-kg/.htaccess")).unwrap();
    assert!(
        rules.contains("http://localhost:8000/$1.ttl [R=303,L]"),
        "{rules}"
    );
    let readme = std::fs::read_to_string(site.join("w3id.org/kyoto-kg/README.md")).unwrap();
    assert!(readme.contains("Rebuild with"), "{readme}");

    let other = tmp.path().join("other");
    let run = kyoto(&[
        "site",
        "--out",
        other.to_str().unwrap(),
        "--root",
        "/kyoto-kg/",
        "--site-url",
        "https://example.org/",
    ]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    let error = run.stderr();
    assert!(
        error.contains("has the path \"/\", but the site's links are under --root \"/kyoto-kg/\""),
        "{error}"
    );
    assert!(!other.exists(), "nothing written");
}
