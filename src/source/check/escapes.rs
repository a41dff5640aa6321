//! Where a character of a TOML string value stands in the file, escapes and all, so that a
//! diagnostic about one character (a NUL written `\u0000`, a right-to-left override pasted in)
//! points at that character and not at the opening quote.

use std::ops::Range;

/// The byte offset in `file` of byte `offset` of the string value whose token spans `span`
/// (quotes included). Falls back to the start of the token when the token is not a string as
/// expected.
pub(super) fn offset_in_file(file: &str, span: Range<usize>, offset: usize) -> usize {
    let Some(token) = file.get(span.clone()) else {
        return span.start;
    };
    locate(token, offset).map_or(span.start, |at| span.start + at)
}

/// The byte offset in `token` (a TOML string with its quotes) of byte `offset` of its value.
fn locate(token: &str, offset: usize) -> Option<usize> {
    let (quote, literal) = if token.starts_with("\"\"\"") {
        (3, false)
    } else if token.starts_with("'''") {
        (3, true)
    } else if token.starts_with('"') {
        (1, false)
    } else if token.starts_with('\'') {
        (1, true)
    } else {
        return None;
    };
    let mut raw = quote;
    // A newline right after the opening delimiter of a multi-line string is not part of it.
    if quote == 3 {
        let rest = token.get(raw..)?;
        if rest.starts_with("\r\n") {
            raw += 2;
        } else if rest.starts_with('\n') {
            raw += 1;
        }
    }
    let mut decoded = 0;
    loop {
        let rest = token.get(raw..)?;
        let c = rest.chars().next()?;
        if literal || c != '\\' {
            if decoded >= offset {
                break;
            }
            raw += c.len_utf8();
            decoded += c.len_utf8();
            continue;
        }
        let (raw_len, value) = escape(rest, quote == 3)?;
        // A line-ending backslash stands for nothing: the character is after it.
        if value.is_some() && decoded >= offset {
            break;
        }
        raw += raw_len;
        decoded += value.map_or(0, char::len_utf8);
    }
    (decoded == offset).then_some(raw)
}

/// The escape at the start of `rest` (which starts with `\`): its length in the token, and the
/// character it stands for (none for a line-ending backslash of a multi-line string).
fn escape(rest: &str, multiline: bool) -> Option<(usize, Option<char>)> {
    let kind = rest.get(1..)?.chars().next()?;
    let hex = |digits: usize| -> Option<(usize, Option<char>)> {
        let code = u32::from_str_radix(rest.get(2..2 + digits)?, 16).ok()?;
        Some((2 + digits, Some(char::from_u32(code)?)))
    };
    match kind {
        'b' | 't' | 'n' | 'f' | 'r' | 'e' | '"' | '\\' => Some((2, Some(' '))),
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        c if multiline && c.is_whitespace() => {
            let skipped = rest.get(1..)?;
            let end = skipped
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(skipped.len());
            Some((1 + end, None))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_found_behind_escapes_in_every_kind_of_string() {
        // (token, byte offset in the value, expected byte offset in the token)
        for (token, offset, expected) in [
            (r#""abc""#, 2, 3),
            (r#""a\u0000b""#, 1, 2),
            (r#""a\u0000b""#, 2, 8),
            (r#""\t\"x""#, 2, 5),
            (r#""é\u202Ex""#, 2, 3),
            (r#""é\u202Ex""#, 5, 9),
            (r"'a\b'", 2, 3),
            ("\"\"\"\nab\"\"\"", 1, 5),
            ("\"\"\"a\\\n   b\"\"\"", 1, 9),
            ("'''\nx'''", 0, 4),
        ] {
            assert_eq!(
                locate(token, offset),
                Some(expected),
                "{token:?} at {offset}"
            );
        }
    }

    #[test]
    fn anything_else_falls_back_to_the_start_of_the_token() {
        assert_eq!(offset_in_file("k = 12", 4..6, 1), 4);
        assert_eq!(offset_in_file("k = \"ab\"", 4..8, 9), 4);
    }
}
