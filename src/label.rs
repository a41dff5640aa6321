//! The rule every label, name and title of the graph obeys: it is text a person can read
//! (issue 14).
//!
//! A label must
//! - contain a letter or a digit (Unicode general categories L and N), so `!!!` or a lone
//!   zero-width space is no label;
//! - hold no control character (category Cc: NUL, tab, line feed, ...) and no line or paragraph
//!   separator (U+2028, U+2029);
//! - hold no bidirectional control: the embeddings and overrides U+202A to U+202E, the
//!   isolates U+2066 to U+2069, and the marks U+200E, U+200F and U+061C. They change the order
//!   in which the text around them is displayed (U+202E shows "txet" for "text");
//! - hold no other invisible formatting character (category Cf: the zero-width space U+200B,
//!   the word joiner U+2060, the byte order mark U+FEFF, the soft hyphen U+00AD, ...),
//!   **except** the zero-width non-joiner U+200C and the zero-width joiner U+200D: Persian,
//!   the Indic scripts and emoji sequences need them to be written correctly, and they cannot
//!   reorder or hide text;
//! - not start or end with whitespace (Unicode White_Space).
//!
//! The source checks ([`crate::source`]) apply the rule to `data/*.toml` with file, line and
//! column, and `import` to a listing's topics before anything is written. The SHACL shapes
//! (`ontology/shapes.ttl`, the `Label*Shape`s) state the same rule for any graph, so data that
//! skips the source checks (`validate FILE`, `--load`) is held to it too; the categories are
//! matched with the same regular-expression engine Oxigraph's SPARQL `REGEX` uses, and a test
//! runs both over the same labels.

use regex::Regex;
use std::fmt;
use std::sync::LazyLock;

/// What is wrong with a label: the first problem found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flaw {
    /// It has no letter and no digit.
    NoLetterOrDigit,
    /// A control character or a line or paragraph separator, at this byte offset.
    Control(usize, char),
    /// A bidirectional control, at this byte offset.
    Bidi(usize, char),
    /// An invisible formatting character, at this byte offset.
    Invisible(usize, char),
    /// Whitespace at the start or the end, at this byte offset.
    Edge(usize, char),
}

impl Flaw {
    /// The byte offset of the offending character, if the flaw is one character.
    pub(crate) fn offset(self) -> Option<usize> {
        match self {
            Self::NoLetterOrDigit => None,
            Self::Control(at, _)
            | Self::Bidi(at, _)
            | Self::Invisible(at, _)
            | Self::Edge(at, _) => Some(at),
        }
    }

    /// How to fix it.
    pub(crate) fn hint(self) -> &'static str {
        match self {
            Self::NoLetterOrDigit => "write the words of the label; punctuation alone is not one",
            Self::Control(..) => {
                "delete the character, or the escape that writes it: a label is one line of text"
            }
            Self::Bidi(..) | Self::Invisible(..) => {
                "delete the character (most editors do not show it: retype the text around it)"
            }
            Self::Edge(..) => "remove the space at the start or end",
        }
    }
}

impl fmt::Display for Flaw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::NoLetterOrDigit => f.write_str("has no letter or digit"),
            Self::Control(_, c) => write!(
                f,
                "holds the control character {}, which has no place in a label",
                name(c)
            ),
            Self::Bidi(_, c) => write!(
                f,
                "holds the bidirectional control {}, which changes the order the text is displayed in",
                name(c)
            ),
            Self::Invisible(_, c) => {
                write!(f, "holds the invisible formatting character {}", name(c))
            }
            Self::Edge(at, c) => write!(
                f,
                "{} with whitespace ({})",
                if at == 0 { "starts" } else { "ends" },
                name(c)
            ),
        }
    }
}

/// `U+202E (right-to-left override)`, or just `U+XXXX` for a character without a name here.
fn name(c: char) -> String {
    let known = match c {
        '\0' => "NUL",
        '\t' => "tab",
        '\n' => "line feed",
        '\r' => "carriage return",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\u{200B}' => "zero width space",
        '\u{2060}' => "word joiner",
        '\u{FEFF}' => "zero width no-break space, the byte order mark",
        '\u{00AD}' => "soft hyphen",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{061C}' => "Arabic letter mark",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{00A0}' => "no-break space",
        ' ' => "space",
        _ => "",
    };
    let code = format!("U+{:04X}", u32::from(c));
    if known.is_empty() {
        code
    } else {
        format!("{code} ({known})")
    }
}

/// The characters a label may never hold, whatever else it is: Cc, Cf and the separators.
static FORBIDDEN: LazyLock<Regex> = LazyLock::new(|| compile(r"[\p{Cc}\p{Cf}\u{2028}\u{2029}]"));
/// A letter or a digit.
static LETTER_OR_DIGIT: LazyLock<Regex> = LazyLock::new(|| compile(r"[\p{L}\p{N}]"));

#[expect(
    clippy::expect_used,
    reason = "constant patterns, compiled by every test of this module"
)]
fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

/// `text` with every control and invisible formatting character written as an N-Triples
/// escape (`\u202E`), so that a message quoting a bad label shows what is in it instead of
/// letting a terminal act on it.
pub(crate) fn escape_invisible(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() && !text.bytes().any(|b| b.is_ascii_control()) {
        return text.into();
    }
    FORBIDDEN.replace_all(text, |found: &regex::Captures<'_>| {
        found[0]
            .chars()
            .map(|c| match u32::from(c) {
                code @ 0..=0xFFFF => format!("\\u{code:04X}"),
                code => format!("\\U{code:08X}"),
            })
            .collect::<String>()
    })
}

/// The joiners some scripts need: allowed although they are Cf.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Checks `text` against the rule; the first flaw found, in the order of the list above
/// (forbidden characters first: they are the ones a reader cannot see).
pub(crate) fn check(text: &str) -> Result<(), Flaw> {
    if text.is_ascii() {
        if let Some(at) = text.bytes().position(|b| b.is_ascii_control()) {
            return Err(Flaw::Control(at, char::from(text.as_bytes()[at])));
        }
    } else {
        for found in FORBIDDEN.find_iter(text) {
            let Some(c) = found.as_str().chars().next() else {
                continue;
            };
            let at = found.start();
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                return Err(Flaw::Control(at, c));
            }
            if is_bidi(c) {
                return Err(Flaw::Bidi(at, c));
            }
            if !is_joiner(c) {
                return Err(Flaw::Invisible(at, c));
            }
        }
    }
    if let Some(c) = text.chars().next().filter(|c| c.is_whitespace()) {
        return Err(Flaw::Edge(0, c));
    }
    if let Some(c) = text.chars().next_back().filter(|c| c.is_whitespace()) {
        return Err(Flaw::Edge(text.len() - c.len_utf8(), c));
    }
    let has_letter_or_digit = if text.is_ascii() {
        text.bytes().any(|b| b.is_ascii_alphanumeric())
    } else {
        LETTER_OR_DIGIT.is_match(text)
    };
    if !has_letter_or_digit {
        return Err(Flaw::NoLetterOrDigit);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_labels_in_any_script_pass() {
        for good in [
            "Improving prison conditions",
            "Goal 16 (peace, justice)",
            "2030",
            "Ⅳ",
            "Prévention du crime",
            "Предупреждение преступности",
            "预防犯罪",
            "منع الجريمة",
            // Persian "mi-xāham" is written with a zero-width non-joiner.
            "می\u{200C}خواهم",
            "a\u{200D}b",
            "x",
        ] {
            assert_eq!(check(good), Ok(()), "{good:?}");
        }
    }

    #[test]
    fn a_label_needs_a_letter_or_a_digit() {
        for bad in ["", "!!!", "—", "...", "«»", "\u{200C}"] {
            assert_eq!(check(bad), Err(Flaw::NoLetterOrDigit), "{bad:?}");
        }
    }

    #[test]
    fn control_characters_and_line_separators_are_refused_where_they_are() {
        for (text, at, c) in [
            ("a\0b", 1, '\0'),
            ("tab\there", 3, '\t'),
            ("two\nlines", 3, '\n'),
            ("x\u{7f}", 1, '\u{7f}'),
            ("é\u{85}", 2, '\u{85}'),
            ("a\u{2028}b", 1, '\u{2028}'),
            ("a\u{2029}b", 1, '\u{2029}'),
        ] {
            assert_eq!(check(text), Err(Flaw::Control(at, c)), "{text:?}");
        }
    }

    #[test]
    fn bidirectional_controls_are_refused() {
        for c in ('\u{202A}'..='\u{202E}')
            .chain('\u{2066}'..='\u{2069}')
            .chain(['\u{200E}', '\u{200F}', '\u{061C}'])
        {
            let text = format!("ab{c}cd");
            assert_eq!(check(&text), Err(Flaw::Bidi(2, c)), "{text:?}");
        }
    }

    #[test]
    fn invisible_formatting_characters_are_refused_but_joiners_kept() {
        for c in [
            '\u{200B}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{00AD}',
            '\u{E0041}',
            '\u{2064}',
        ] {
            let text = format!("ab{c}cd");
            assert_eq!(check(&text), Err(Flaw::Invisible(2, c)), "{text:?}");
        }
        // A joiner before the offending character does not hide it.
        assert_eq!(
            check("a\u{200D}\u{200B}"),
            Err(Flaw::Invisible(4, '\u{200B}'))
        );
    }

    #[test]
    fn whitespace_at_either_end_is_refused() {
        assert_eq!(check(" a"), Err(Flaw::Edge(0, ' ')));
        assert_eq!(check("a "), Err(Flaw::Edge(1, ' ')));
        assert_eq!(check("a\u{a0}"), Err(Flaw::Edge(1, '\u{a0}')));
        assert_eq!(check("\u{3000}a"), Err(Flaw::Edge(0, '\u{3000}')));
        assert_eq!(check("a b"), Ok(()));
    }

    #[test]
    fn invisible_characters_are_shown_as_escapes() {
        assert_eq!(escape_invisible("plain"), "plain");
        assert_eq!(
            escape_invisible("\"a\u{202E}b\u{200B}\u{E0041}\"@en"),
            "\"a\\u202Eb\\u200B\\U000E0041\"@en"
        );
    }

    /// The shape that reports `flaw`'s kind.
    fn shape_of(flaw: Flaw) -> &'static str {
        match flaw {
            Flaw::NoLetterOrDigit => "LabelLetterOrDigitShape",
            Flaw::Control(..) => "LabelControlCharacterShape",
            Flaw::Bidi(..) => "LabelBidiControlShape",
            Flaw::Invisible(..) => "LabelInvisibleCharacterShape",
            Flaw::Edge(..) => "LabelEdgeWhitespaceShape",
        }
    }

    #[test]
    fn the_shapes_state_the_same_rule_as_the_source_checks()
    -> Result<(), Box<dyn std::error::Error>> {
        use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
        // Each sample has at most one kind of flaw, so one shape or none must report it.
        let samples = [
            "Plain words",
            "Ⅳ",
            "٣",
            "e\u{301}",
            "\u{301}",
            "!!!",
            "\u{200C}",
            "می\u{200C}خواهم",
            "a\u{200D}b",
            "a\0b",
            "a\u{85}b",
            "a\u{7F}b",
            "a\u{2028}b",
            "a\u{202A}b",
            "a\u{2069}b",
            "a\u{200F}b",
            "a\u{061C}b",
            "a\u{200B}b",
            "a\u{2060}b",
            "a\u{FEFF}b",
            "a\u{AD}b",
            "a\u{E0041}b",
            "a\u{1D173}b",
            " a",
            "a\u{A0}",
            "\u{3000}a",
            "a\u{2003}",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        ];
        let store = oxigraph::store::Store::new()?;
        let topic = NamedNode::new("https://w3id.org/kyoto-kg/ontology#Topic")?;
        let label = NamedNode::new("http://www.w3.org/2000/01/rdf-schema#label")?;
        let a = NamedNode::new("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")?;
        for (i, text) in samples.iter().enumerate() {
            let node = NamedNode::new(format!("https://example.org/t{i}"))?;
            let value = Literal::new_language_tagged_literal(*text, "en")?;
            store.insert(&Quad::new(
                node.clone(),
                a.clone(),
                topic.clone(),
                GraphName::DefaultGraph,
            ))?;
            store.insert(&Quad::new(
                node,
                label.clone(),
                value,
                GraphName::DefaultGraph,
            ))?;
        }
        let outcome = crate::validate::validate(&store, &crate::validate::Origins::default())?;
        for (i, text) in samples.iter().enumerate() {
            let focus = format!("https://example.org/t{i}");
            let fired: std::collections::BTreeSet<&str> = outcome
                .shape_findings
                .iter()
                .filter(|f| f.focus.trim_matches(['<', '>']) == focus)
                .map(|f| f.rule.name())
                .filter(|name| name.starts_with("Label"))
                .collect();
            let expected: std::collections::BTreeSet<&str> =
                check(text).err().map(shape_of).into_iter().collect();
            assert_eq!(fired, expected, "{text:?}");
        }
        Ok(())
    }

    #[test]
    fn messages_name_the_character_by_code_point() {
        let flaw = check("a\u{202E}b").err();
        let message = flaw.map(|f| f.to_string()).unwrap_or_default();
        assert!(
            message.contains("U+202E (right-to-left override)"),
            "{message}"
        );
        let message = check("a\0")
            .err()
            .map(|f| f.to_string())
            .unwrap_or_default();
        assert!(message.contains("U+0000 (NUL)"), "{message}");
    }
}
