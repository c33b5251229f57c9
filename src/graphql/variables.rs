//! Which requests may skip async-graphql's full validation: a kept document that already
//! passed it once, run with variables that are certainly valid for its operation.
//!
//! async-graphql validates every request in full (`ValidationMode::Strict`): about a fifth of
//! an entitlement check's instructions (callgrind, 2026-11-30), though an SDK sends the same
//! few documents again and again. Of its rules, one alone depends on anything but the
//! document: `ArgumentsOfCorrectType` checks the variables' values. So once a document has
//! passed full validation, a request with it needs only its variables checked; it then runs
//! on a schema built with `ValidationMode::Fast` (which still computes the depth and
//! complexity limits and refuses fragment cycles).
//!
//! The check is of each variable's value against its declared type, so it is made only for
//! documents whose variables are all used directly as argument values ([`used_directly`]):
//! there async-graphql's `VariableInAllowedPosition` rule, which depends on the document only,
//! has made sure the declared type fits the position. A variable inside an input object or
//! list literal (`input: {customerId: $c}`) escapes that rule, and its position may be stricter
//! than its declaration (`String` where `String!` is expected): such documents are validated in
//! full every time (found by the fresh-user trial: a repeated document's `null` there ran the
//! mutation's first root field before the second one failed).
//!
//! [`InputTypes::certainly_valid`] is deliberately narrower than async-graphql's check: it
//! answers `true` only for values it is sure async-graphql accepts (built-in scalars, enum
//! members, input objects with known fields and every required one, lists); anything else —
//! a custom scalar, a `@oneOf` input, a single value where a list is expected, a null
//! variable with a default — answers `false`, and the request is validated in full as
//! before, so every refusal keeps async-graphql's own message.

use std::collections::HashMap;

use async_graphql::parser::types::{
    BaseType, Directive, ExecutableDocument, OperationDefinition, Selection, SelectionSet,
    ServiceDocument, Type, TypeKind, TypeSystemDefinition,
};
use async_graphql::parser::Positioned;
use async_graphql::{Name, Value as ConstValue, Variables};
use async_graphql_value::Value as ArgumentValue;

/// One input type of the schema, as far as checking a value of it needs.
enum InputType {
    /// `Int`, `Float`, `String`, `Boolean`, `ID`.
    Builtin(Builtin),
    /// An enum: its member names.
    Enum(Vec<Name>),
    /// An input object: its fields, each with its type and whether it has a default.
    Object(Vec<(Name, Type, bool)>),
    /// A custom scalar or a `@oneOf` input object: not checked here.
    Unchecked,
}

#[derive(Clone, Copy)]
enum Builtin {
    Int,
    Float,
    String,
    Boolean,
    Id,
}

/// The input types of a schema, by name.
pub struct InputTypes {
    types: HashMap<Name, InputType>,
}

impl InputTypes {
    /// The input types of the schema whose SDL is `sdl`. Errors: the SDL does not parse
    /// (never for an SDL async-graphql printed).
    pub fn of_sdl(sdl: &str) -> anyhow::Result<InputTypes> {
        let document: ServiceDocument = async_graphql::parser::parse_schema(sdl)?;
        let mut types = HashMap::new();
        for (name, builtin) in [
            ("Int", Builtin::Int),
            ("Float", Builtin::Float),
            ("String", Builtin::String),
            ("Boolean", Builtin::Boolean),
            ("ID", Builtin::Id),
        ] {
            types.insert(Name::new(name), InputType::Builtin(builtin));
        }
        for definition in document.definitions {
            let TypeSystemDefinition::Type(definition) = definition else {
                continue;
            };
            let definition = definition.node;
            let name = definition.name.node;
            let oneof = definition
                .directives
                .iter()
                .any(|d| d.node.name.node == "oneOf");
            let kind = match definition.kind {
                TypeKind::Enum(e) => {
                    InputType::Enum(e.values.into_iter().map(|v| v.node.value.node).collect())
                }
                TypeKind::InputObject(_) if oneof => InputType::Unchecked,
                TypeKind::InputObject(o) => InputType::Object(
                    o.fields
                        .into_iter()
                        .map(|f| {
                            let f = f.node;
                            (f.name.node, f.ty.node, f.default_value.is_some())
                        })
                        .collect(),
                ),
                TypeKind::Scalar => InputType::Unchecked,
                _ => continue,
            };
            types.entry(name).or_insert(kind);
        }
        Ok(InputTypes { types })
    }

    /// True only when every variable `operation` defines that `variables` gives a value is
    /// certainly valid for its type (see the module's documentation); variables not given are
    /// left to execution, as full validation leaves them.
    pub fn certainly_valid(&self, operation: &OperationDefinition, variables: &Variables) -> bool {
        operation.variable_definitions.iter().all(|definition| {
            let definition = &definition.node;
            match variables.get(&definition.name.node) {
                None => true,
                // A null replacing a default may sit where null is not allowed.
                Some(ConstValue::Null) if definition.default_value.is_some() => false,
                Some(value) => self.valid(&definition.var_type.node, value, 0),
            }
        })
    }

    fn valid(&self, ty: &Type, value: &ConstValue, depth: usize) -> bool {
        if depth > 32 {
            return false;
        }
        if let ConstValue::Null = value {
            return ty.nullable;
        }
        match &ty.base {
            BaseType::List(item) => match value {
                ConstValue::List(items) => items.iter().all(|i| self.valid(item, i, depth + 1)),
                _ => false,
            },
            BaseType::Named(name) => match self.types.get(name) {
                Some(InputType::Builtin(builtin)) => builtin_valid(*builtin, value),
                Some(InputType::Enum(members)) => match value {
                    ConstValue::String(s) => members.iter().any(|m| m.as_str() == s),
                    ConstValue::Enum(e) => members.contains(e),
                    _ => false,
                },
                Some(InputType::Object(fields)) => {
                    let ConstValue::Object(given) = value else {
                        return false;
                    };
                    given
                        .keys()
                        .all(|key| fields.iter().any(|(name, ..)| name == key))
                        && fields
                            .iter()
                            .all(|(name, ty, has_default)| match given.get(name) {
                                Some(v) => self.valid(ty, v, depth + 1),
                                None => ty.nullable || *has_default,
                            })
                }
                Some(InputType::Unchecked) | None => false,
            },
        }
    }
}

/// True when `value` holds no variable (at any depth of its lists and objects).
pub fn constant(value: &ArgumentValue) -> bool {
    match value {
        ArgumentValue::Variable(_) => false,
        ArgumentValue::List(items) => items.iter().all(constant),
        ArgumentValue::Object(fields) => fields.values().all(constant),
        _ => true,
    }
}

/// True when no argument of `directives` holds a variable.
pub fn constant_directives(directives: &[Positioned<Directive>]) -> bool {
    directives
        .iter()
        .all(|d| d.node.arguments.iter().all(|(_, v)| constant(&v.node)))
}

/// True when every variable of `document` (its operations and fragments) is used directly
/// as an argument's value (`query: $q`), none inside an object or list literal.
pub fn used_directly(document: &ExecutableDocument) -> bool {
    fn value_ok(value: &ArgumentValue) -> bool {
        match value {
            ArgumentValue::Variable(_) => true,
            ArgumentValue::List(items) => items.iter().all(constant),
            ArgumentValue::Object(fields) => fields.values().all(constant),
            _ => true,
        }
    }
    fn directives_ok(directives: &[Positioned<Directive>]) -> bool {
        directives
            .iter()
            .all(|d| d.node.arguments.iter().all(|(_, v)| value_ok(&v.node)))
    }
    fn set_ok(set: &SelectionSet, depth: usize) -> bool {
        depth <= 64
            && set.items.iter().all(|item| match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    field.arguments.iter().all(|(_, v)| value_ok(&v.node))
                        && directives_ok(&field.directives)
                        && set_ok(&field.selection_set.node, depth + 1)
                }
                Selection::FragmentSpread(spread) => directives_ok(&spread.node.directives),
                Selection::InlineFragment(inline) => {
                    directives_ok(&inline.node.directives)
                        && set_ok(&inline.node.selection_set.node, depth + 1)
                }
            })
    }
    document.operations.iter().all(|(_, operation)| {
        directives_ok(&operation.node.directives)
            && operation
                .node
                .variable_definitions
                .iter()
                .all(|v| directives_ok(&v.node.directives))
            && set_ok(&operation.node.selection_set.node, 0)
    }) && document.fragments.values().all(|fragment| {
        directives_ok(&fragment.node.directives) && set_ok(&fragment.node.selection_set.node, 0)
    })
}

fn builtin_valid(builtin: Builtin, value: &ConstValue) -> bool {
    match (builtin, value) {
        (Builtin::Int, ConstValue::Number(n)) => {
            n.as_i64().is_some_and(|i| i32::try_from(i).is_ok())
        }
        (Builtin::Float, ConstValue::Number(n)) => n.as_f64().is_some_and(f64::is_finite),
        (Builtin::String | Builtin::Id, ConstValue::String(_)) => true,
        (Builtin::Boolean, ConstValue::Boolean(_)) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::types::DocumentOperations;

    const SDL: &str = "
        scalar DateTime
        enum Color { RED GREEN }
        input Options { requestedUsage: Float, values: [String!], color: Color }
        input Query { customerId: String!, featureId: String!, limit: Int = 10, options: Options }
        input At { at: DateTime! }
        input Pick @oneOf { a: String, b: String }
        type Q { x(q: Query!): Int }
    ";

    fn check(variables: serde_json::Value, defs: &str) -> bool {
        let types = InputTypes::of_sdl(SDL).expect("the test SDL parses");
        let document = async_graphql::parser::parse_query(format!("query Op{defs} {{ x }}"))
            .expect("the test document parses");
        let DocumentOperations::Multiple(ops) = &document.operations else {
            panic!("a named operation")
        };
        let op = &ops.values().next().expect("one operation").node;
        types.certainly_valid(op, &Variables::from_json(variables))
    }

    #[test]
    fn valid_inputs_are_certain() {
        let q = serde_json::json!({"q": {"customerId": "c", "featureId": "f",
            "options": {"requestedUsage": 1, "values": ["a"], "color": "RED"}}});
        assert!(check(q, "($q: Query!)"));
        assert!(
            check(serde_json::json!({}), "($q: Query!)"),
            "absent: left to execution"
        );
        assert!(check(serde_json::json!({"n": null}), "($n: Int)"));
    }

    #[test]
    fn anything_doubtful_is_validated_in_full() {
        for (variables, defs) in [
            (
                serde_json::json!({"q": {"customerId": "c"}}),
                "($q: Query!)",
            ),
            (
                serde_json::json!({"q": {"customerId": "c", "featureId": "f", "zzz": 1}}),
                "($q: Query!)",
            ),
            (
                serde_json::json!({"q": {"customerId": 1, "featureId": "f"}}),
                "($q: Query!)",
            ),
            (
                serde_json::json!({"q": {"customerId": "c", "featureId": "f", "limit": 3_000_000_000_u64}}),
                "($q: Query!)",
            ),
            (
                serde_json::json!({"q": {"customerId": "c", "featureId": "f", "options": {"color": "BLUE"}}}),
                "($q: Query!)",
            ),
            (
                serde_json::json!({"q": {"customerId": "c", "featureId": "f", "options": {"values": "a"}}}),
                "($q: Query!)",
            ),
            (serde_json::json!({"q": null}), "($q: Query!)"),
            (
                serde_json::json!({"q": null}),
                "($q: Query = {customerId: \"c\", featureId: \"f\"})",
            ),
            (
                serde_json::json!({"a": {"at": "2026-01-01T00:00:00Z"}}),
                "($a: At!)",
            ),
            (serde_json::json!({"p": {"a": "x"}}), "($p: Pick!)"),
            (serde_json::json!({"u": 1}), "($u: Unknown)"),
        ] {
            assert!(!check(variables.clone(), defs), "{variables} {defs}");
        }
    }
}
