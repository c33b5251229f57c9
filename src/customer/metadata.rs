//! `Metadata`: Stigg's `additionalMetaData`, a JSON object of the user's own keys.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// Most keys an object may have.
pub const MAX_KEYS: usize = 100;
/// Longest key, in characters.
pub const MAX_KEY_LEN: usize = 255;
/// Largest serialized size, in bytes (16 KiB).
pub const MAX_BYTES: usize = 16 * 1024;
/// Deepest nesting of objects and lists (the object itself is level 1).
pub const MAX_DEPTH: usize = 32;

/// A metadata object within the limits.
#[derive(Clone, Debug, PartialEq)]
pub struct Metadata(Map<String, Value>);

impl Metadata {
    /// Parses metadata. Errors: `InvalidMetadataError` when the value is not a JSON object,
    /// has more than 100 keys, a key longer than 255 characters or an empty key, serializes
    /// to more than 16 KiB, nests deeper than 32 levels (deeper JSON could not be read back),
    /// holds a NUL character (PostgreSQL cannot store one), or holds a number that could not be
    /// read back identically on both databases (see `check_numbers`). `-0` is stored as `0`.
    pub fn parse(value: Value) -> Result<Self> {
        let Value::Object(map) = value else {
            return Err(Error::InvalidMetadata(
                "additionalMetaData must be a JSON object".into(),
            ));
        };
        if map.len() > MAX_KEYS {
            return Err(Error::InvalidMetadata(format!(
                "additionalMetaData has {} keys; at most {MAX_KEYS} are allowed",
                map.len()
            )));
        }
        if let Some(key) = map
            .keys()
            .find(|k| k.is_empty() || k.chars().count() > MAX_KEY_LEN)
        {
            return Err(Error::InvalidMetadata(format!(
                "additionalMetaData key '{}' must be 1 to {MAX_KEY_LEN} characters",
                key.chars().take(40).collect::<String>()
            )));
        }
        let size = serde_json::to_vec(&map)
            .map(|v| v.len())
            .unwrap_or(usize::MAX);
        if size > MAX_BYTES {
            return Err(Error::InvalidMetadata(format!(
                "additionalMetaData is {size} bytes serialized; at most {MAX_BYTES} are allowed"
            )));
        }
        check_nesting_and_nul(&map)?;
        let mut map = map;
        check_numbers(&mut map)?;
        Ok(Metadata(map))
    }

    /// The object as a JSON value, for storage.
    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// Largest integer stored in metadata: 2^53, the largest every JSON reader (and f64) holds
/// exactly.
pub const MAX_SAFE_INTEGER: u64 = 1 << 53;
/// Most significant digits of a non-integer number: 15 decimal digits always survive the
/// trip decimal → f64 → decimal, so SQLite (JSON text) and PostgreSQL (jsonb numeric) read
/// back the same value.
pub const MAX_SIGNIFICANT_DIGITS: usize = 15;
/// Magnitude range of a non-integer number (zero aside): PostgreSQL prints jsonb numbers
/// in plain decimal notation, which stays short and exact within it.
pub const NUMBER_MAGNITUDE: std::ops::RangeInclusive<f64> = 1e-15..=1e15;

/// Walks the object without recursion and checks every number: an integer within ±2^53,
/// or a finite number with at most 15 significant digits and a magnitude within
/// 1e-15..=1e15. Anything else (`1.7976931348623157e308`, `123456789.123456789` — which
/// arrives as the 17-digit `123456789.12345679`) would be read back differently by one of
/// the databases, so it is refused: `InvalidMetadataError` naming its path. `-0` becomes
/// `0` (PostgreSQL's numeric has no negative zero). Rule source: issue 7, fault 6.
fn check_numbers(map: &mut Map<String, Value>) -> Result<()> {
    let mut stack: Vec<(String, &mut Value)> = map
        .iter_mut()
        .map(|(key, value)| (format!("additionalMetaData.{key}"), value))
        .collect();
    while let Some((path, value)) = stack.pop() {
        match value {
            Value::Number(n) => {
                if !storable(n) {
                    return Err(Error::InvalidMetadata(format!(
                        "{path}: the number {n} cannot be stored exactly; metadata numbers are integers within ±2^53 or have at most {MAX_SIGNIFICANT_DIGITS} significant digits and a magnitude from 1e-15 to 1e15"
                    )));
                }
                if n.as_f64() == Some(0.0) && n.as_i64().is_none() && n.as_u64().is_none() {
                    *value = Value::from(0);
                }
            }
            Value::Array(items) => stack.extend(
                items
                    .iter_mut()
                    .enumerate()
                    .map(|(i, v)| (format!("{path}[{i}]"), v)),
            ),
            Value::Object(fields) => stack.extend(
                fields
                    .iter_mut()
                    .map(|(key, v)| (format!("{path}.{key}"), v)),
            ),
            _ => {}
        }
    }
    Ok(())
}

/// True when `n` is read back identically from SQLite and PostgreSQL (see `check_numbers`).
pub(crate) fn storable(n: &serde_json::Number) -> bool {
    if let Some(i) = n.as_i64() {
        return i.unsigned_abs() <= MAX_SAFE_INTEGER;
    }
    if let Some(u) = n.as_u64() {
        return u <= MAX_SAFE_INTEGER;
    }
    match n.as_f64() {
        Some(0.0) => true,
        Some(x) if x.is_finite() => {
            // Rust's `{:e}` prints the shortest digits that read back as `x`.
            let shortest = format!("{:e}", x.abs());
            let mantissa = shortest.split('e').next().unwrap_or_default();
            let digits = mantissa.chars().filter(char::is_ascii_digit).count();
            NUMBER_MAGNITUDE.contains(&x.abs()) && digits <= MAX_SIGNIFICANT_DIGITS
        }
        _ => false,
    }
}

/// Walks the object without recursion: depth and NUL characters in keys and strings.
fn check_nesting_and_nul(map: &Map<String, Value>) -> Result<()> {
    let nul =
        || Error::InvalidMetadata("additionalMetaData must not contain NUL characters".into());
    let mut stack: Vec<(&Value, usize)> = Vec::new();
    for (key, value) in map {
        if key.contains('\0') {
            return Err(nul());
        }
        stack.push((value, 2));
    }
    while let Some((value, depth)) = stack.pop() {
        match value {
            Value::String(text) if text.contains('\0') => return Err(nul()),
            Value::Array(_) | Value::Object(_) if depth > MAX_DEPTH => {
                return Err(Error::InvalidMetadata(format!(
                    "additionalMetaData nests deeper than {MAX_DEPTH} levels"
                )));
            }
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            Value::Object(fields) => {
                for (key, value) in fields {
                    if key.contains('\0') {
                        return Err(nul());
                    }
                    stack.push((value, depth + 1));
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
    use serde_json::json;

    #[test]
    fn objects_within_limits_pass() {
        assert!(Metadata::parse(json!({"key": "value", "n": 1, "nested": {"a": [1]}})).is_ok());
        assert!(Metadata::parse(json!({})).is_ok());
    }

    /// An object nesting `levels` levels in all (the object itself is level 1).
    fn deep(levels: usize) -> Value {
        let mut value = json!(1);
        for _ in 1..levels {
            value = json!([value]);
        }
        json!({ "a": value })
    }

    #[test]
    fn nesting_up_to_the_limit_passes() {
        assert!(Metadata::parse(deep(MAX_DEPTH)).is_ok());
    }

    #[test]
    fn non_objects_and_oversize_fail() {
        let many: Map<String, Value> = (0..=MAX_KEYS)
            .map(|i| (format!("k{i}"), json!(i)))
            .collect();
        for bad in [
            json!([1, 2]),
            json!("text"),
            json!(null),
            Value::Object(many),
            json!({ "k".repeat(256): 1 }),
            json!({"": 1}),
            json!({"big": "x".repeat(MAX_BYTES)}),
            json!({"nul": "a\u{0}b"}),
            json!({"a\u{0}": 1}),
            json!({"nested": {"k\u{0}": 1}}),
            deep(MAX_DEPTH + 1),
        ] {
            assert_eq!(
                Metadata::parse(bad).unwrap_err().code(),
                "InvalidMetadataError"
            );
        }
    }
}
