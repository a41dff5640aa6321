//! Pretty-prints JSON-LD for people: two-space indentation, and in every object `@context`,
//! `@id` and `@type` first, then the other keys in alphabetical order, and `@graph` last (so a
//! graph's name comes before its hundreds of lines of content).
//!
//! Strings and numbers are written by `serde_json`, so escaping is standard JSON.

use serde_json::Value;
use std::io::{self, Write};

/// Keywords written before the other keys, in this order.
const LEADING: [&str; 7] = [
    "@context",
    "@id",
    "@type",
    "@value",
    "@language",
    "@direction",
    "@index",
];

/// Keywords written after the other keys, in this order.
const TRAILING: [&str; 3] = ["@reverse", "@included", "@graph"];

/// Where `key` goes in an object: (group, key).
fn rank(key: &str) -> (usize, usize) {
    if let Some(i) = LEADING.iter().position(|k| *k == key) {
        (0, i)
    } else if let Some(i) = TRAILING.iter().position(|k| *k == key) {
        (2, i)
    } else {
        (1, 0)
    }
}

/// Writes `value` pretty-printed, followed by a newline.
pub(crate) fn write<W: Write>(value: &Value, writer: &mut W) -> io::Result<()> {
    write_value(value, 0, writer)?;
    writer.write_all(b"\n")
}

fn indent<W: Write>(depth: usize, writer: &mut W) -> io::Result<()> {
    for _ in 0..depth {
        writer.write_all(b"  ")?;
    }
    Ok(())
}

fn write_value<W: Write>(value: &Value, depth: usize, writer: &mut W) -> io::Result<()> {
    match value {
        Value::Array(items) if !items.is_empty() => {
            writer.write_all(b"[\n")?;
            for (i, item) in items.iter().enumerate() {
                indent(depth + 1, writer)?;
                write_value(item, depth + 1, writer)?;
                writer.write_all(if i + 1 < items.len() { b",\n" } else { b"\n" })?;
            }
            indent(depth, writer)?;
            writer.write_all(b"]")
        }
        Value::Object(map) if !map.is_empty() => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
            writer.write_all(b"{\n")?;
            for (i, key) in keys.iter().enumerate() {
                indent(depth + 1, writer)?;
                serde_json::to_writer(&mut *writer, key)?;
                writer.write_all(b": ")?;
                if let Some(item) = map.get(*key) {
                    write_value(item, depth + 1, writer)?;
                }
                writer.write_all(if i + 1 < keys.len() { b",\n" } else { b"\n" })?;
            }
            indent(depth, writer)?;
            writer.write_all(b"}")
        }
        scalar => Ok(serde_json::to_writer(&mut *writer, scalar)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn identifiers_come_first_and_graphs_last() -> io::Result<()> {
        let value =
            json!({"@graph": [], "b": "x\"y", "@id": "g", "a": [1, true, null], "@context": {}});
        let mut out = Vec::new();
        write(&value, &mut out)?;
        let text = String::from_utf8_lossy(&out);
        assert_eq!(
            text,
            "{\n  \"@context\": {},\n  \"@id\": \"g\",\n  \"a\": [\n    1,\n    true,\n    null\n  ],\n  \"b\": \"x\\\"y\",\n  \"@graph\": []\n}\n"
        );
        let parsed: Value = serde_json::from_str(&text)?;
        assert_eq!(parsed, value);
        Ok(())
    }
}
