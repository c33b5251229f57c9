//! The operation a request selects in its document, and what can be told of it before it runs.

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, VariableDefinition,
};
use async_graphql::Variables;

/// The operation `operation_name` selects in `document` (its only operation when no name is
/// given); none when it selects none (execution then reports why).
pub fn selected<'d>(
    document: &'d ExecutableDocument,
    operation_name: Option<&str>,
) -> Option<&'d OperationDefinition> {
    match (&document.operations, operation_name) {
        (DocumentOperations::Single(operation), _) => Some(&operation.node),
        (DocumentOperations::Multiple(operations), Some(name)) => operations
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .map(|(_, operation)| &operation.node),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
            operations.values().next().map(|operation| &operation.node)
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// The first variable `operation` declares of a non-null type without a default that
/// `variables` does not give (or gives as `null`): a request error (GraphQL, "Coercing Variable
/// Values"), which async-graphql reports only once a field reads the variable — so never for
/// one that only a directive reads, and only after the fields before it ran (found by the
/// fresh-user trial).
pub fn missing_required_variable<'o>(
    operation: &'o OperationDefinition,
    variables: &Variables,
) -> Option<&'o VariableDefinition> {
    operation
        .variable_definitions
        .iter()
        .find_map(|definition| {
            let definition = &definition.node;
            (!definition.var_type.node.nullable
                && definition.default_value.is_none()
                && matches!(
                    variables.get(&definition.name.node),
                    None | Some(async_graphql::Value::Null)
                ))
            .then_some(definition)
        })
}

/// Gives each variable `operation` declares with a default value and `variables` does not
/// give its default (GraphQL, "Coercing Variable Values"): async-graphql applies defaults to
/// arguments but not to `@skip`/`@include`, which it evaluates against the request's
/// variables alone (`$x: Boolean = true` in `@include(if: $x)` left the field out; found by
/// the fresh-user trial).
pub fn add_default_values(operation: &OperationDefinition, variables: &mut Variables) {
    for definition in &operation.variable_definitions {
        let definition = &definition.node;
        if let Some(default) = &definition.default_value {
            if !variables.contains_key(&definition.name.node) {
                variables.insert(definition.name.node.clone(), default.node.clone());
            }
        }
    }
}

/// The name of the operation `document` runs when the request names none: its only operation's
/// name (none when it has several, or one without a name).
pub fn name(document: &ExecutableDocument) -> Option<String> {
    match &document.operations {
        DocumentOperations::Single(_) => None,
        DocumentOperations::Multiple(operations) if operations.len() == 1 => {
            operations.keys().next().map(|name| name.to_string())
        }
        DocumentOperations::Multiple(_) => None,
    }
}
