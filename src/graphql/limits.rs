//! Screening of a request before any decoding: limits that keep every accepted input far
//! from a thread's stack end, and characters no database can store. Violations are
//! `BadUserInput`; nothing is executed.

use async_graphql::{Request, Value};

use crate::error::{Error, Result};

/// Deepest nesting of JSON objects and lists accepted in a request's `variables` (a
/// `CustomerFilter` with 16 nested `or` groups, the most the `customers` query accepts, is
/// about 36 deep).
pub const MAX_VARIABLES_DEPTH: usize = 40;

/// Deepest nesting of `{`, `[` and `(` accepted in the query document (the official clients'
/// documents nest at most 5; an inline filter literal of 14 `or` groups is about 32).
pub const MAX_DOCUMENT_DEPTH: usize = 32;

/// Checks the document and the variables of `request`. Errors (`BadUserInput`): nesting
/// beyond [`MAX_DOCUMENT_DEPTH`] or [`MAX_VARIABLES_DEPTH`]; a NUL character (U+0000) in the
/// document or in any variable string (PostgreSQL cannot store one).
pub fn screen(request: &Request) -> Result<()> {
    document(&request.query)?;
    variables(request.variables.values())
}

fn nul() -> Error {
    Error::bad_input("requests must not contain NUL characters (U+0000)")
}

/// Scans the document text once: bracket depth outside strings and comments, and NUL
/// characters (raw, or escaped as `\u0000` in a string).
fn document(query: &str) -> Result<()> {
    let (mut depth, mut in_string, mut in_comment, mut escaped) = (0usize, false, false, false);
    let bytes = query.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == 0 {
            return Err(nul());
        }
        if in_comment {
            in_comment = b != b'\n' && b != b'\r';
        } else if in_string {
            if escaped {
                if b == b'u' && query.get(i + 1..i + 5) == Some("0000") {
                    return Err(nul());
                }
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else {
            match b {
                b'#' => in_comment = true,
                b'"' => in_string = true,
                b'{' | b'[' | b'(' => {
                    depth += 1;
                    if depth > MAX_DOCUMENT_DEPTH {
                        return Err(Error::bad_input(format!(
                            "the query nests deeper than {MAX_DOCUMENT_DEPTH} levels"
                        )));
                    }
                }
                b'}' | b']' | b')' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        i += 1;
    }
    Ok(())
}

/// Walks the variables without recursion: depth and NUL characters.
fn variables<'a>(values: impl Iterator<Item = &'a Value>) -> Result<()> {
    let mut stack: Vec<(&Value, usize)> = values.map(|v| (v, 1)).collect();
    while let Some((value, depth)) = stack.pop() {
        if depth > MAX_VARIABLES_DEPTH {
            return Err(Error::bad_input(format!(
                "variables nest more than {MAX_VARIABLES_DEPTH} levels deep"
            )));
        }
        match value {
            Value::String(text) if text.contains('\0') => return Err(nul()),
            Value::List(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            Value::Object(fields) => {
                for (name, v) in fields {
                    if name.contains('\0') {
                        return Err(nul());
                    }
                    stack.push((v, depth + 1));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_documents_pass_and_deep_literals_fail() {
        assert!(document("query { a { b { c(input: {x: [1, 2]}) { d } } } }").is_ok());
        let deep = format!(
            "{{ customers(filter: {}1{}) {{ totalCount }} }}",
            "{or:[".repeat(20),
            "]}".repeat(20)
        );
        assert_eq!(document(&deep).unwrap_err().code(), "BadUserInput");
        // Brackets inside strings and comments do not count.
        let quoted = format!(
            "{{ a(x: \"{}\") # {}\n }}",
            "{".repeat(100),
            "[".repeat(100)
        );
        assert!(document(&quoted).is_ok());
    }

    #[test]
    fn nul_characters_fail() {
        assert!(document("{ a(x: \"\\u0000\") }").is_err());
        assert!(
            document("{ a(x: \"\\\\u0000\") }").is_ok(),
            "an escaped backslash is not an escape"
        );
        let vars = [Value::String("a\0b".into())];
        assert!(variables(vars.iter()).is_err());
    }
}
