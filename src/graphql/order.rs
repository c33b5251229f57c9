//! Response keys in selection order. async-graphql 7.2 resolves sibling fields concurrently
//! and inserts each result when it completes, so `{ b: … a: … }` may come back as
//! `{"a": …, "b": …}`; the GraphQL spec (§7.2.2 "Serialized Map Ordering") says the response
//! follows the order of the selection set. This pass restores that order after execution,
//! following aliases, fragment spreads and inline fragments.

use std::collections::HashMap;
use std::rc::Rc;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, SelectionSet};
use async_graphql::{Name, Value};

/// Reorders `data` (the response of `document`'s operation `operation`) by the selection
/// sets.
pub fn restore(data: &mut Value, document: &ExecutableDocument, operation: Option<&str>) {
    let root = match &document.operations {
        DocumentOperations::Single(op) => &op.node.selection_set.node,
        DocumentOperations::Multiple(ops) => {
            let chosen = match operation {
                Some(name) => ops.get(name),
                None if ops.len() == 1 => ops.values().next(),
                None => None,
            };
            match chosen {
                Some(op) => &op.node.selection_set.node,
                None => return,
            }
        }
    };
    reorder(data, &[root], document, &mut Memo::new());
}

/// The response keys selected by `sets`, in document order, each with the sub-selections
/// that apply to it.
fn keys<'a>(
    sets: &[&'a SelectionSet],
    document: &'a ExecutableDocument,
    out: &mut Vec<(&'a Name, Vec<&'a SelectionSet>)>,
    depth: usize,
) {
    use async_graphql::parser::types::Selection;
    if depth > 64 {
        return;
    }
    for set in sets {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let key = &field.node.response_key().node;
                    let sub = &field.node.selection_set.node;
                    match out.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, subs)) => subs.push(sub),
                        None => out.push((key, vec![sub])),
                    }
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node)
                    {
                        keys(
                            &[&fragment.node.selection_set.node],
                            document,
                            out,
                            depth + 1,
                        );
                    }
                }
                Selection::InlineFragment(inline) => {
                    keys(&[&inline.node.selection_set.node], document, out, depth + 1);
                }
            }
        }
    }
}

/// The response keys of `sets` in selection order, each with its sub-selections.
type Order<'a> = Vec<(&'a Name, Vec<&'a SelectionSet>)>;

/// The orders worked out so far, by the selection sets they are of: every item of a list,
/// and every object under them, has the same selections, so each order is worked out once
/// per answer.
type Memo<'a> = HashMap<Vec<*const SelectionSet>, Rc<Order<'a>>>;

fn reorder<'a>(
    value: &mut Value,
    sets: &[&'a SelectionSet],
    document: &'a ExecutableDocument,
    memo: &mut Memo<'a>,
) {
    if matches!(value, Value::List(_) | Value::Object(_)) {
        let key: Vec<*const SelectionSet> = sets.iter().map(|s| *s as *const _).collect();
        let order = Rc::clone(memo.entry(key).or_insert_with(|| {
            let mut order = Vec::new();
            keys(sets, document, &mut order, 0);
            Rc::new(order)
        }));
        apply(value, &order, document, memo);
    }
}

fn apply<'a>(
    value: &mut Value,
    order: &Order<'a>,
    document: &'a ExecutableDocument,
    memo: &mut Memo<'a>,
) {
    match value {
        Value::List(items) => {
            for item in items {
                apply(item, order, document, memo);
            }
        }
        Value::Object(map) => {
            if exactly_in_order(map, order) {
                // The usual case: every selected key present, in order, nothing else. The
                // children are found by position, without hashing their keys.
                for ((_, child), (_, subs)) in map.iter_mut().zip(order) {
                    if subs.iter().any(|s| !s.items.is_empty()) {
                        reorder(child, subs, document, memo);
                    }
                }
                return;
            }
            if !in_order(map, order) {
                let mut old = std::mem::take(map);
                let mut sorted = IndexMap::with_capacity(old.len());
                for (key, _) in order {
                    if let Some(child) = old.shift_remove(*key) {
                        sorted.insert((*key).clone(), child);
                    }
                }
                sorted.extend(old);
                *map = sorted;
            }
            for (key, subs) in order {
                if subs.iter().any(|s| !s.items.is_empty()) {
                    if let Some(child) = map.get_mut(*key) {
                        reorder(child, subs, document, memo);
                    }
                }
            }
        }
        _ => {}
    }
}

/// True when `map`'s keys are exactly `order`'s, in order.
fn exactly_in_order(map: &IndexMap<Name, Value>, order: &Order<'_>) -> bool {
    map.len() == order.len()
        && map
            .keys()
            .zip(order)
            .all(|(key, (selected, _))| key == *selected)
}

/// True when `map`'s keys already follow `order`: the selected keys present come first, in
/// order (anything else after them), so nothing needs to move (the usual case).
fn in_order(map: &IndexMap<Name, Value>, order: &Order<'_>) -> bool {
    let mut next = 0;
    for (key, _) in order {
        if let Some(index) = map.get_index_of(*key) {
            if index != next {
                return false;
            }
            next += 1;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of(value: &Value) -> Vec<String> {
        match value {
            Value::Object(map) => map.keys().map(|k| k.to_string()).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn follows_aliases_fragments_and_nesting() {
        let query =
            "query Q { b: x { d c } a: y ...F ... on Query { e } } fragment F on Query { z }";
        let mut data = Value::from_json(serde_json::json!({
            "e": 1, "z": 2, "a": 3, "b": [{"c": 1, "d": 2}, {"c": 3, "d": 4}]
        }))
        .unwrap_or(Value::Null);
        let document = async_graphql::parser::parse_query(query).expect("the test's query parses");
        restore(&mut data, &document, None);
        assert_eq!(keys_of(&data), ["b", "a", "z", "e"]);
        if let Value::Object(map) = &data {
            if let Some(Value::List(items)) = map.get("b") {
                assert_eq!(keys_of(&items[1]), ["d", "c"]);
            }
        }
    }

    #[test]
    fn reorders_below_objects_exactly_in_order() {
        let query = "{ a { y x } b }";
        let mut data = Value::from_json(serde_json::json!({"a": {"x": 1, "y": 2}, "b": 5}))
            .unwrap_or(Value::Null);
        let document = async_graphql::parser::parse_query(query).expect("the test's query parses");
        restore(&mut data, &document, None);
        assert_eq!(keys_of(&data), ["a", "b"]);
        let Value::Object(map) = &data else {
            panic!("an object")
        };
        assert_eq!(keys_of(&map["a"]), ["y", "x"]);
    }

    #[test]
    fn reorders_below_keys_already_in_order() {
        let query = "{ a { y x } b }";
        let mut data = Value::from_json(serde_json::json!({
            "a": [{"x": 1, "y": 2}, {"y": 3, "x": 4}], "b": 5, "extra": 6
        }))
        .unwrap_or(Value::Null);
        let document = async_graphql::parser::parse_query(query).expect("the test's query parses");
        restore(&mut data, &document, None);
        assert_eq!(keys_of(&data), ["a", "b", "extra"]);
        let Value::Object(map) = &data else {
            panic!("an object")
        };
        let Some(Value::List(items)) = map.get("a") else {
            panic!("a list under a")
        };
        assert_eq!(keys_of(&items[0]), ["y", "x"]);
        assert_eq!(keys_of(&items[1]), ["y", "x"]);
    }
}
