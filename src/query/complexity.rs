//! How deep and how long a SPARQL text is, measured by a single pass over its tokens *before*
//! it is parsed, and the limits that keep parsing and evaluation within a known stack.
//!
//! # Design rationale
//!
//! Oxigraph's SPARQL parser, its planner and its evaluator are recursive: each nested group,
//! bracket or function call, and each link of a left-deep chain (`OPTIONAL`, `UNION`, `+`,
//! `||`, a path `/`), costs a few kilobytes of stack. On the 2 MiB stack of an async runtime
//! thread, 1000 nested `{` or 2000 nested `STR(` overflow it, and a stack overflow aborts the
//! whole process: it cannot be caught (issue 14). So every SPARQL text from outside is first
//! measured here, with no recursion and no allocation, and refused with a message that names
//! the limit when it is deeper or longer than [`Limits`] allow; what passes is parsed and
//! evaluated on a thread whose stack is sized for those limits ([`STACK_BYTES`]).
//!
//! The scanner knows just enough of the SPARQL grammar
//! (<https://www.w3.org/TR/sparql11-query/#grammar>) to skip comments, strings and IRIs, so
//! that brackets and operators inside them are not counted:
//! - **depth** is the deepest nesting of `{ }`, `( )` and `[ ]`;
//! - **operators** counts every opening bracket, every operator symbol (`||`, `&&`, `=`, `!=`,
//!   `<`, `>`, `<=`, `>=`, `+`, `-`, `*`, `/`, `|`, `^`, `!`) and the keywords that chain
//!   patterns (`OPTIONAL`, `UNION`, `MINUS`, `FILTER`, `BIND`, `GRAPH`, `SERVICE`, `VALUES`,
//!   `EXISTS`): an upper bound on the length of any chain the parser may build from the text.
//!
//! The same pass finds the query form (the first `SELECT`, `ASK`, `CONSTRUCT`, `DESCRIBE` or
//! update keyword after the prologue), so that the server can negotiate the response format
//! and refuse updates without parsing the query itself: parsing happens only in the query
//! workers, where a crash cannot take the server down.

use std::fmt;

/// The deepest bracket nesting accepted by default.
pub const DEFAULT_MAX_DEPTH: usize = 100;
/// The most operators accepted by default.
pub const DEFAULT_MAX_OPERATORS: usize = 5000;
/// The stack of the threads that parse, plan and evaluate queries: enough for the default
/// limits with a wide margin (the fuzz tests parse and evaluate queries at the limits on a
/// stack a quarter of this size).
pub const STACK_BYTES: usize = 64 * 1024 * 1024;

/// How deep and how long a query text may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The deepest nesting of brackets.
    pub max_depth: usize,
    /// The most operators (see the module documentation).
    pub max_operators: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: DEFAULT_MAX_DEPTH,
            max_operators: DEFAULT_MAX_OPERATORS,
        }
    }
}

/// What kind of request a SPARQL text is, as far as its first keyword tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `SELECT`.
    Select,
    /// `ASK`.
    Ask,
    /// `CONSTRUCT`.
    Construct,
    /// `DESCRIBE`.
    Describe,
    /// An update (`INSERT`, `DELETE`, `LOAD`, `CLEAR`, `CREATE`, `DROP`, `COPY`, `MOVE`, `ADD`,
    /// `WITH`).
    Update,
    /// No query keyword: the parser will say what is wrong.
    Unknown,
}

impl Form {
    /// Whether the results are a graph (CONSTRUCT, DESCRIBE) rather than a table.
    pub const fn is_graph(self) -> bool {
        matches!(self, Self::Construct | Self::Describe)
    }
}

/// Runs `work` on a new thread with a stack of [`STACK_BYTES`] and waits for its result: where
/// queries are parsed, planned, evaluated and dropped. A panic in `work` is resumed here.
pub fn on_query_stack<T: Send>(work: impl FnOnce() -> T + Send) -> std::io::Result<T> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("query".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, work)?;
        Ok(thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

/// The measure of a text that is within the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// The query form.
    pub form: Form,
    /// The deepest bracket nesting.
    pub depth: usize,
    /// The operators counted.
    pub operators: usize,
    /// Whether the text has nothing but whitespace and comments.
    pub empty: bool,
}

/// A text beyond the limits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitError {
    /// Brackets nested deeper than the limit.
    #[error(
        "the query is too deeply nested: brackets nest deeper than {limit} levels (at line {line}, column {column}); flatten it, or ask the operator to raise --max-query-depth"
    )]
    TooDeep {
        /// The limit.
        limit: usize,
        /// 1-based line where the limit was passed.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
    },
    /// More operators than the limit.
    #[error(
        "the query is too long: it has more than {limit} operators, brackets and pattern keywords (passed at line {line}, column {column}); split it into smaller queries, or ask the operator to raise --max-query-operators"
    )]
    TooLong {
        /// The limit.
        limit: usize,
        /// 1-based line where the limit was passed.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
    },
}

/// Measures `text`, stopping at the first limit it passes.
pub fn check(text: &str, limits: Limits) -> Result<Shape, LimitError> {
    let mut scanner = Scanner::new(text);
    let mut depth = 0_usize;
    let mut deepest = 0_usize;
    let mut operators = 0_usize;
    let mut form = None;
    let mut empty = true;
    while let Some(token) = scanner.next_token() {
        empty = false;
        let counts = match token {
            Token::Open => {
                depth += 1;
                deepest = deepest.max(depth);
                if depth > limits.max_depth {
                    let (line, column) = scanner.position();
                    return Err(LimitError::TooDeep {
                        limit: limits.max_depth,
                        line,
                        column,
                    });
                }
                true
            }
            Token::Close => {
                depth = depth.saturating_sub(1);
                false
            }
            Token::Operator => true,
            Token::Word(word) => {
                if form.is_none() {
                    form = query_form(word);
                }
                chains(word)
            }
            Token::Other => false,
        };
        if counts {
            operators += 1;
            if operators > limits.max_operators {
                let (line, column) = scanner.position();
                return Err(LimitError::TooLong {
                    limit: limits.max_operators,
                    line,
                    column,
                });
            }
        }
    }
    Ok(Shape {
        form: form.unwrap_or(Form::Unknown),
        depth: deepest,
        operators,
        empty,
    })
}

fn query_form(word: &str) -> Option<Form> {
    const UPDATES: [&str; 10] = [
        "INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH",
    ];
    let is = |keyword: &str| word.eq_ignore_ascii_case(keyword);
    if is("SELECT") {
        Some(Form::Select)
    } else if is("ASK") {
        Some(Form::Ask)
    } else if is("CONSTRUCT") {
        Some(Form::Construct)
    } else if is("DESCRIBE") {
        Some(Form::Describe)
    } else if UPDATES.iter().any(|k| is(k)) {
        Some(Form::Update)
    } else {
        None
    }
}

fn chains(word: &str) -> bool {
    const CHAINING: [&str; 9] = [
        "OPTIONAL", "UNION", "MINUS", "FILTER", "BIND", "GRAPH", "SERVICE", "VALUES", "EXISTS",
    ];
    CHAINING.iter().any(|k| word.eq_ignore_ascii_case(k))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Open,
    Close,
    Operator,
    Word(&'a str),
    Other,
}

/// A tokenizer for the few distinctions the limits need.
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    /// The start of the last token, for positions in messages.
    start: usize,
}

impl<'a> Scanner<'a> {
    const fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            at: 0,
            start: 0,
        }
    }

    /// The 1-based line and column (in characters) of the last token.
    fn position(&self) -> (usize, usize) {
        let before = self.text.get(..self.start).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).unwrap_or("").chars().count() + 1;
        (line, column)
    }

    fn peek(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.at + offset).copied()
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            let byte = self.peek(0)?;
            if byte.is_ascii_whitespace() {
                self.at += 1;
            } else if byte == b'#' {
                while let Some(b) = self.peek(0) {
                    self.at += 1;
                    if b == b'\n' || b == b'\r' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
        self.start = self.at;
        let byte = self.peek(0)?;
        Some(match byte {
            b'{' | b'(' | b'[' => {
                self.at += 1;
                Token::Open
            }
            b'}' | b')' | b']' => {
                self.at += 1;
                Token::Close
            }
            b'"' | b'\'' => {
                self.skip_string(byte);
                Token::Other
            }
            b'<' => {
                if self.skip_iri() {
                    Token::Other
                } else {
                    self.at += if self.peek(1) == Some(b'=') { 2 } else { 1 };
                    Token::Operator
                }
            }
            b'|' | b'&' | b'!' | b'>' | b'=' => {
                let second = self.peek(1);
                self.at += match (byte, second) {
                    (b'|', Some(b'|')) | (b'&', Some(b'&')) | (b'!' | b'>', Some(b'=')) => 2,
                    _ => 1,
                };
                Token::Operator
            }
            b'+' | b'-' | b'*' | b'/' | b'^' => {
                self.at += if byte == b'^' && self.peek(1) == Some(b'^') {
                    2
                } else {
                    1
                };
                Token::Operator
            }
            b'?' | b'$' => {
                // A variable: VARNAME has no `-`, `.` or `:`, so `?a-?b` is a subtraction.
                self.at += 1;
                while self
                    .peek(0)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
                {
                    self.at += 1;
                }
                Token::Other
            }
            b'0'..=b'9' => {
                // A number: `1-1-1` is a chain of subtractions, not one word.
                self.at += 1;
                while let Some(b) = self.peek(0) {
                    let exponent_sign = matches!(b, b'+' | b'-')
                        && matches!(self.bytes.get(self.at.wrapping_sub(1)), Some(b'e' | b'E'));
                    if b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E') || exponent_sign {
                        self.at += 1;
                    } else {
                        break;
                    }
                }
                Token::Other
            }
            _ if starts_word(byte) => {
                // A keyword or a prefixed name. Only a prefixed name (with its `:`) may go on
                // with `-`, `.` or `%` (PN_LOCAL), as the SPARQL tokenizer reads it.
                let from = self.at;
                let mut prefixed = byte == b':';
                self.at += 1;
                while let Some(b) = self.peek(0) {
                    if b == b':' {
                        prefixed = true;
                    } else if !(b.is_ascii_alphanumeric()
                        || b == b'_'
                        || b >= 0x80
                        || prefixed && matches!(b, b'-' | b'.' | b'%'))
                    {
                        break;
                    }
                    self.at += 1;
                }
                Token::Word(self.text.get(from..self.at).unwrap_or(""))
            }
            _ => {
                // Punctuation (`.`, `,`, `;`) or a stray byte: one character.
                self.at += 1;
                while self.peek(0).is_some_and(|b| b & 0xC0 == 0x80) {
                    self.at += 1;
                }
                Token::Other
            }
        })
    }

    /// Skips a string starting at the quote `quote`, short or long (`"""`), with escapes.
    fn skip_string(&mut self, quote: u8) {
        let long = self.peek(1) == Some(quote) && self.peek(2) == Some(quote);
        self.at += if long { 3 } else { 1 };
        while let Some(b) = self.peek(0) {
            if b == b'\\' {
                self.at += 2;
            } else if b == quote {
                if !long {
                    self.at += 1;
                    return;
                }
                if self.peek(1) == Some(quote) && self.peek(2) == Some(quote) {
                    self.at += 3;
                    return;
                }
                self.at += 1;
            } else if !long && (b == b'\n' || b == b'\r') {
                // An unterminated short string ends at the line; the parser reports it.
                return;
            } else {
                self.at += 1;
            }
        }
        self.at = self.at.min(self.bytes.len());
    }

    /// Skips an IRI reference `<...>` if one starts here (SPARQL's IRIREF: no spaces, `<>"{}|^``
    /// or backslash inside); otherwise leaves the position alone and answers false (the `<` is
    /// an operator).
    fn skip_iri(&mut self) -> bool {
        let mut end = self.at + 1;
        while let Some(&b) = self.bytes.get(end) {
            match b {
                b'>' => {
                    self.at = end + 1;
                    return true;
                }
                b'<' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`' | b'\\' => return false,
                _ if b <= b' ' => return false,
                _ => end += 1,
            }
        }
        false
    }
}

const fn starts_word(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || matches!(byte, b'_' | b':') || byte >= 0x80
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Select => "SELECT",
            Self::Ask => "ASK",
            Self::Construct => "CONSTRUCT",
            Self::Describe => "DESCRIBE",
            Self::Update => "an update",
            Self::Unknown => "no query form",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Shape {
        match check(text, Limits::default()) {
            Ok(shape) => shape,
            Err(e) => unreachable!("{text}: {e}"),
        }
    }

    #[test]
    fn the_form_is_the_first_query_keyword_after_the_prologue() {
        let prologue = "BASE <http://a/> PREFIX select: <http://b/> # SELECT in a comment\n";
        for (text, form) in [
            ("SELECT * {}", Form::Select),
            ("ask {}", Form::Ask),
            ("CONSTRUCT WHERE { ?s ?p ?o }", Form::Construct),
            ("DESCRIBE <http://a/b>", Form::Describe),
            ("INSERT DATA { <a:b> <a:c> <a:d> }", Form::Update),
            (
                "WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                Form::Update,
            ),
            ("nonsense", Form::Unknown),
        ] {
            assert_eq!(shape(&format!("{prologue}{text}")).form, form, "{text}");
        }
    }

    #[test]
    fn brackets_and_operators_in_strings_iris_and_comments_are_not_counted() {
        let text = "SELECT * WHERE { ?s <http://a/(((> \"(((\\\"\" . ?s ?p '''{{\n''' # (((\n FILTER(?o < 3) }";
        let measured = shape(text);
        assert_eq!(measured.depth, 2, "{measured:?}");
        // `*`, `{`, `FILTER`, `(`, `<`: five.
        assert_eq!(measured.operators, 5, "{measured:?}");
    }

    #[test]
    fn hyphens_in_prefixed_names_are_not_minus_signs() {
        let measured = shape("SELECT * { topic:effective-accountable-institutions ?p ?o }");
        assert_eq!(measured.operators, 2, "`*` and the brace: {measured:?}");
    }

    #[test]
    fn chains_hidden_in_one_word_are_still_counted() {
        // Numbers, variables and keywords end at `-`; only prefixed names go on.
        for text in [
            "SELECT (1-1-1-1 AS ?x) {}",
            "SELECT (?a-?a-?a-?a AS ?x) {}",
            "SELECT (true-true-true-true AS ?x) {}",
        ] {
            assert!(shape(text).operators >= 4, "{text}: {:?}", shape(text));
        }
    }

    #[test]
    fn nesting_past_the_limit_is_refused_with_its_position() {
        let limits = Limits {
            max_depth: 3,
            max_operators: 100,
        };
        assert!(check("SELECT * { { { } } }", limits).is_ok());
        let error = check("SELECT * {\n { { { } } } }", limits);
        assert_eq!(
            error,
            Err(LimitError::TooDeep {
                limit: 3,
                line: 2,
                column: 6
            })
        );
    }

    #[test]
    fn chains_past_the_limit_are_refused() {
        let limits = Limits {
            max_depth: 10,
            max_operators: 10,
        };
        let chain = format!(
            "SELECT * {{ ?s ?p ?o {} }}",
            "OPTIONAL { ?s ?p ?o } ".repeat(5)
        );
        assert!(matches!(
            check(&chain, limits),
            Err(LimitError::TooLong { limit: 10, .. })
        ));
        let sum = format!("SELECT (1{} AS ?x) {{}}", " + 1".repeat(20));
        assert!(matches!(
            check(&sum, limits),
            Err(LimitError::TooLong { .. })
        ));
    }

    #[test]
    fn whitespace_and_comments_alone_are_empty() {
        assert!(shape("  # nothing\n\t").empty);
        assert!(!shape("ASK {}").empty);
    }

    #[test]
    fn unterminated_strings_and_iris_do_not_loop_or_panic() {
        for text in [
            "\"abc",
            "'''abc",
            "<http://a",
            "\"\\",
            "SELECT ?x { <",
            "é(",
            "\u{0}",
        ] {
            let _ = check(text, Limits::default());
        }
    }
}
