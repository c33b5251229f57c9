//! Meters: how a metered feature's usage is computed from raw events (`reportEvent`),
//! Stigg's `Meter` (<https://docs.stigg.io/documentation/modeling-your-pricing-in-stigg/features/creating-features/metered-features>):
//! filters pick the events ("set the primary filter based on the reported event name" plus
//! additional conditions), an aggregation turns the events of a usage period into usage.
//!
//! plangate's reading of the parts Stigg leaves undocumented:
//! - an event matches when **any** filter matches, and a filter matches when **all** its
//!   conditions do (no filter: every event matches);
//! - a condition's `field` names the event's name (`eventName`), its `customerId` or
//!   `resourceId`, or else one of its `dimensions`;
//! - `EQUALS`/`NOT_EQUALS`/`IN` compare text (a number dimension by value: `1`, `1.0` and
//!   `10E-1` are all `1`); `GREATER_THAN`… compare numbers (a dimension that is not a JSON
//!   number never matches);
//!   `CONTAINS`/`STARTS_WITH`/`ENDS_WITH` compare text; `IS_NULL` holds when the field is
//!   absent;
//! - aggregations: `COUNT` (events), `SUM`, `MAX`, `MIN` (of a numeric dimension `field`;
//!   an event without a JSON number there adds nothing), `UNIQUE` (distinct values of
//!   `field`, numbers by value).
//!   `AVG` is refused (`UnsupportedParameter`).
//!
//! Stored as JSON on the feature row, by Stigg's names.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

/// Stigg `AggregationFunction`, the ones plangate computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AggregationFunction {
    Count,
    Sum,
    Max,
    Min,
    Unique,
}

/// Stigg `ConditionOperation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConditionOperation {
    Equals,
    NotEquals,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
    Contains,
    StartsWith,
    EndsWith,
    In,
    IsNull,
    IsNotNull,
}

/// Stigg `Aggregation`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aggregation {
    pub function: AggregationFunction,
    /// The dimension aggregated (every function but `COUNT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Stigg `MeterCondition`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeterCondition {
    pub field: String,
    pub operation: ConditionOperation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
}

/// Stigg `MeterFilterDefinition`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeterFilter {
    pub conditions: Vec<MeterCondition>,
}

/// Stigg `Meter`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meter {
    pub aggregation: Aggregation,
    pub filters: Vec<MeterFilter>,
}

/// Most filters on a meter, conditions on a filter, and values of an `IN` condition.
pub const MAX_FILTERS: usize = 20;
/// Longest field name or condition value, in characters.
pub const MAX_TEXT_LEN: usize = 255;

/// An event as meters see it.
#[derive(Clone, Copy, Debug)]
pub struct EventView<'a> {
    pub event_name: &'a str,
    pub customer_id: &'a str,
    pub resource_id: Option<&'a str>,
    pub dimensions: Option<&'a Value>,
}

impl EventView<'_> {
    /// The event's value of `field`: its name, customer id, resource id or a dimension (as
    /// JSON); `None` when absent.
    fn field(&self, field: &str) -> Option<Value> {
        match field {
            "eventName" => Some(Value::String(self.event_name.to_owned())),
            "customerId" => Some(Value::String(self.customer_id.to_owned())),
            "resourceId" => self.resource_id.map(|r| Value::String(r.to_owned())),
            key => self
                .dimensions
                .and_then(|d| d.get(key))
                .filter(|v| !v.is_null())
                .cloned(),
        }
    }
}

/// A JSON scalar as text: strings as they are; numbers by value (`1`, `1.0` and `10E-1` are
/// all `1`; `-0` is `0`), so equal numbers compare, group and count as one; booleans as
/// `true`/`false`.
pub fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => {
                format!("{}", f as i64)
            }
            Some(f) => format!("{f}"),
            None => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// An event's value as a number: JSON numbers only (the text `"7"` is not a number).
fn as_number(value: &Value) -> Option<f64> {
    match value {
        // -0 is 0, the same on both databases.
        Value::Number(n) => {
            n.as_f64()
                .filter(|f| f.is_finite())
                .map(|f| if f == 0.0 { 0.0 } else { f })
        }
        _ => None,
    }
}

/// A condition's `value` as a number (it is text in Stigg's meter model).
fn text_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|f| f.is_finite())
}

impl Meter {
    /// Checks a meter. Errors: `BadUserInput` (a function other than `COUNT` without a
    /// `field`; a condition without the `value` (or `values`) its operation needs; too many
    /// filters, conditions or values; empty or over-long names and values).
    pub fn check(&self) -> Result<()> {
        let bad = |why: String| Err(Error::bad_input(format!("meter: {why}")));
        let text_ok =
            |s: &str| !s.is_empty() && s.chars().count() <= MAX_TEXT_LEN && !s.contains('\0');
        match (&self.aggregation.function, &self.aggregation.field) {
            (AggregationFunction::Count, _) => {}
            (_, Some(field)) if text_ok(field) => {}
            (function, _) => {
                return bad(format!(
                    "aggregation {function:?} needs a field (1 to {MAX_TEXT_LEN} characters)"
                ))
            }
        }
        if self.filters.len() > MAX_FILTERS {
            return bad(format!("at most {MAX_FILTERS} filters"));
        }
        for filter in &self.filters {
            if filter.conditions.is_empty() || filter.conditions.len() > MAX_FILTERS {
                return bad(format!("a filter has 1 to {MAX_FILTERS} conditions"));
            }
            for c in &filter.conditions {
                if !text_ok(&c.field) {
                    return bad(format!(
                        "condition fields are 1 to {MAX_TEXT_LEN} characters"
                    ));
                }
                match c.operation {
                    ConditionOperation::IsNull | ConditionOperation::IsNotNull => {}
                    ConditionOperation::In => match &c.values {
                        Some(values)
                            if !values.is_empty()
                                && values.len() <= MAX_FILTERS
                                && values.iter().all(|v| v.chars().count() <= MAX_TEXT_LEN) => {}
                        _ => {
                            return bad(format!(
                                "IN on '{}' needs 1 to {MAX_FILTERS} values",
                                c.field
                            ))
                        }
                    },
                    op => match &c.value {
                        Some(v) if v.chars().count() <= MAX_TEXT_LEN && !v.contains('\0') => {
                            let numeric = matches!(
                                op,
                                ConditionOperation::GreaterThan
                                    | ConditionOperation::GreaterThanOrEqual
                                    | ConditionOperation::LessThan
                                    | ConditionOperation::LessThanOrEqual
                            );
                            if numeric && text_number(v).is_none() {
                                return bad(format!(
                                    "{op:?} on '{}' compares numbers: '{v}' is not one",
                                    c.field
                                ));
                            }
                        }
                        _ => return bad(format!("{op:?} on '{}' needs a value", c.field)),
                    },
                }
            }
        }
        Ok(())
    }

    /// True when `event` is one of this meter's events.
    pub fn matches(&self, event: EventView<'_>) -> bool {
        self.filters.is_empty()
            || self
                .filters
                .iter()
                .any(|f| f.conditions.iter().all(|c| condition_holds(c, event)))
    }

    /// The number the aggregation takes from `event`: 1 for `COUNT`, the field's number for
    /// `SUM`/`MAX`/`MIN` (`None` without one), and for `UNIQUE` the field's text.
    pub fn contribution(&self, event: EventView<'_>) -> Option<Contribution> {
        let field = || {
            self.aggregation
                .field
                .as_deref()
                .and_then(|f| event.field(f))
        };
        match self.aggregation.function {
            AggregationFunction::Count => Some(Contribution::Number(1.0)),
            AggregationFunction::Sum | AggregationFunction::Max | AggregationFunction::Min => {
                field()
                    .as_ref()
                    .and_then(as_number)
                    .map(Contribution::Number)
            }
            AggregationFunction::Unique => field().map(|v| Contribution::Distinct(as_text(&v))),
        }
    }
}

/// What one event brings to an aggregation.
#[derive(Clone, Debug, PartialEq)]
pub enum Contribution {
    Number(f64),
    Distinct(String),
}

fn condition_holds(c: &MeterCondition, event: EventView<'_>) -> bool {
    let actual = event.field(&c.field);
    let expected = c.value.as_deref().unwrap_or_default();
    let numbers = || {
        actual
            .as_ref()
            .and_then(as_number)
            .zip(text_number(expected))
    };
    let text = || actual.as_ref().map(as_text);
    match c.operation {
        ConditionOperation::IsNull => actual.is_none(),
        ConditionOperation::IsNotNull => actual.is_some(),
        ConditionOperation::Equals => text().is_some_and(|t| t == expected),
        ConditionOperation::NotEquals => text().is_some_and(|t| t != expected),
        ConditionOperation::In => {
            text().is_some_and(|t| c.values.as_ref().is_some_and(|values| values.contains(&t)))
        }
        ConditionOperation::Contains => text().is_some_and(|t| t.contains(expected)),
        ConditionOperation::StartsWith => text().is_some_and(|t| t.starts_with(expected)),
        ConditionOperation::EndsWith => text().is_some_and(|t| t.ends_with(expected)),
        ConditionOperation::GreaterThan => numbers().is_some_and(|(a, b)| a > b),
        ConditionOperation::GreaterThanOrEqual => numbers().is_some_and(|(a, b)| a >= b),
        ConditionOperation::LessThan => numbers().is_some_and(|(a, b)| a < b),
        ConditionOperation::LessThanOrEqual => numbers().is_some_and(|(a, b)| a <= b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meter(value: Value) -> Meter {
        serde_json::from_value(value).expect("meter")
    }

    fn event<'a>(name: &'a str, dims: &'a Value) -> EventView<'a> {
        EventView {
            event_name: name,
            customer_id: "c",
            resource_id: None,
            dimensions: Some(dims),
        }
    }

    #[test]
    fn filters_or_conditions_and() {
        let m = meter(json!({"aggregation": {"function": "SUM", "field": "bytes"},
        "filters": [
            {"conditions": [{"field": "eventName", "operation": "EQUALS", "value": "upload"},
                            {"field": "bytes", "operation": "GREATER_THAN", "value": "10"}]},
            {"conditions": [{"field": "eventName", "operation": "IN", "values": ["copy", "move"]}]}
        ]}));
        assert!(m.check().is_ok());
        let big = json!({"bytes": 11});
        let small = json!({"bytes": 9});
        assert!(m.matches(event("upload", &big)));
        assert!(!m.matches(event("upload", &small)));
        assert!(m.matches(event("move", &small)));
        assert!(!m.matches(event("delete", &big)));
        assert_eq!(
            m.contribution(event("upload", &big)),
            Some(Contribution::Number(11.0))
        );
        assert_eq!(m.contribution(event("upload", &json!({}))), None);
        // Text is not a number.
        assert_eq!(
            m.contribution(event("upload", &json!({"bytes": "11"}))),
            None
        );
    }

    #[test]
    fn unique_counts_text_and_checks_refuse_incomplete_meters() {
        let m =
            meter(json!({"aggregation": {"function": "UNIQUE", "field": "user"}, "filters": []}));
        for same in [json!(7), json!(7.0), json!(70e-1)] {
            assert_eq!(
                m.contribution(event("x", &json!({"user": same}))),
                Some(Contribution::Distinct("7".into()))
            );
        }
        assert_eq!(as_text(&json!(-0.0)), "0");
        assert_eq!(as_text(&json!(0.5)), "0.5");
        for bad in [
            json!({"aggregation": {"function": "SUM"}, "filters": []}),
            json!({"aggregation": {"function": "COUNT"}, "filters": [{"conditions": []}]}),
            json!({"aggregation": {"function": "COUNT"}, "filters": [{"conditions": [{"field": "a", "operation": "EQUALS"}]}]}),
            json!({"aggregation": {"function": "COUNT"}, "filters": [{"conditions": [{"field": "a", "operation": "LESS_THAN", "value": "x"}]}]}),
            json!({"aggregation": {"function": "COUNT"}, "filters": [{"conditions": [{"field": "a", "operation": "IN", "values": []}]}]}),
        ] {
            assert!(meter(bad.clone()).check().is_err(), "{bad}");
        }
    }
}
