//! Screening of a request before any decoding or validation: limits that keep every accepted
//! input far from a thread's stack end, characters no database can store, and the cost of the
//! document, counted once over the parsed document (fragments memoized) before async-graphql's
//! validation expands a single fragment. Nothing is executed when a request is refused.
//!
//! README "Limits" lists every limit with its error code.

use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;

use async_graphql::parser::types::{
    ExecutableDocument, Field, OperationType, Selection, SelectionSet,
};
use async_graphql::{Name, Request, Value, Variables};

use super::stigg::enums::ErrorCode;
use super::variables::constant;
use crate::paging::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

/// Deepest nesting of JSON objects and lists accepted in a request's `variables` (a
/// `CustomerFilter` with 16 nested `or` groups, the most the `customers` query accepts, is
/// about 36 deep).
pub const MAX_VARIABLES_DEPTH: usize = 40;

/// Deepest nesting of `{`, `[` and `(` accepted in the query document (the official clients'
/// documents nest at most 5; an inline filter literal of 14 `or` groups is about 32).
pub const MAX_DOCUMENT_DEPTH: usize = 32;

/// Most fragment definitions in one document (used or not); more is `BadUserInput`.
pub const MAX_FRAGMENTS: usize = 250;

/// Largest cost of one operation; more is `BadUserInput`. The cost is the number of fields
/// the answer can hold with every fragment spread expanded: each field counts 1, and the
/// fields under a paged list (a field with a `paging` argument, or selecting `edges`) count
/// once per row of its page (`paging.first` or `paging.last`, at most 100; 10 when absent);
/// those under a usage history [`HISTORY_ROWS`] times.
pub const MAX_COST: u64 = 20_000;

/// Usage history fields: their series can hold up to `usage::history::MAX_POINTS` points,
/// so what they select counts [`HISTORY_ROWS`] times. The official clients' documents cost
/// 5,500 to 12,000 (the Node SDK's v1 document with its `__typename`s: 24 fields): a few
/// histories per request, not fifty aliases of one (found by the fresh-user trial: 50
/// aliased histories took 10–15 s of server time).
const HISTORY_FIELDS: [&str; 2] = ["usageHistory", "usageHistoryV2"];
/// The rows a usage history field counts as (see [`HISTORY_FIELDS`]).
pub const HISTORY_ROWS: u64 = 500;

/// Lists without paging whose length grows with a customer's history (its subscriptions,
/// its promotional grants). One of them on a path is what the official clients select; one
/// nested in another (`getActiveSubscriptions { customer { subscriptions { … } } }`) is
/// `BadUserInput` before it runs (found by the fresh-user trial: with 100 subscriptions such
/// a query kept the server busy for over a minute and grew its memory to gigabytes).
const CUSTOMER_LIST_FIELDS: [&str; 3] = [
    "getActiveSubscriptions",
    "subscriptions",
    "promotionalEntitlements",
];
/// Most customer lists ([`CUSTOMER_LIST_FIELDS`]) on one path of a selection.
pub const MAX_NESTED_CUSTOMER_LISTS: u64 = 1;

/// Most aliased fields in one operation, fragments expanded; more is
/// `GraphQLAliasesLimitExceeded`.
pub const MAX_ALIASES: u64 = 50;

/// Most root fields (operations) in one mutation, fragments expanded; more is
/// `GraphQLBatchedOperationsLimitExceeded`.
pub const MAX_MUTATION_ROOT_FIELDS: u64 = 10;

/// Most root fields in one query or subscription, fragments expanded, each copy of a field
/// counted (a field repeated under the same name merges into one answer, but async-graphql
/// resolves every copy: 4,900 copies of `subscriptions { totalCount }`, which cost only
/// 9,800, took 14 s of database work — found by the fresh-user trial); more is
/// `GraphQLBatchedOperationsLimitExceeded`. As many as [`MAX_ALIASES`]: fifty aliased root
/// fields still pass.
pub const MAX_ROOT_FIELDS: u64 = 50;

/// A request refused before execution: its Stigg error code and a message for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `BadUserInput`, `GraphQLAliasesLimitExceeded` or `GraphQLBatchedOperationsLimitExceeded`.
    pub code: ErrorCode,
    /// What was refused and the limit, in words.
    pub message: String,
}

impl Refusal {
    fn bad_input(message: impl Into<String>) -> Self {
        Refusal {
            code: ErrorCode::BadUserInput,
            message: message.into(),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

type Result<T> = std::result::Result<T, Refusal>;

/// Checks the document and the variables of `request`, then parses the document (kept in the
/// request, so it is parsed once) and checks its cost. Errors, in this order: nesting beyond
/// [`MAX_DOCUMENT_DEPTH`] or [`MAX_VARIABLES_DEPTH`], a NUL character (U+0000) in the document
/// or in any variable string (PostgreSQL cannot store one), more than [`MAX_FRAGMENTS`]
/// fragments, a fragment that spreads itself, a cost beyond [`MAX_COST`] (all
/// `BadUserInput`); more than [`MAX_ALIASES`] aliases (`GraphQLAliasesLimitExceeded`); a
/// mutation with more than [`MAX_MUTATION_ROOT_FIELDS`] root fields, a query or subscription
/// with more than [`MAX_ROOT_FIELDS`] (`GraphQLBatchedOperationsLimitExceeded`). A document
/// that does not parse passes: execution reports the syntax error.
pub fn screen(request: &mut Request) -> Result<()> {
    document(&request.query)?;
    variables(request.variables.values())?;
    let vars = std::mem::take(&mut request.variables);
    let checked = match request.parsed_query() {
        Ok(parsed) => cost(parsed, &vars),
        Err(_) => Ok(()),
    };
    request.variables = vars;
    checked
}

/// [`screen`] for a request whose document is the text of an earlier request that passed
/// [`screen`] (a kept document, `graphql::documents`), when [`cost_reads_variables`] is false
/// for it: the checks of the text and of the cost gave the same answer then as they would
/// now, so only the variables are checked (nesting, NUL). Errors: as [`screen`]'s variable
/// checks (`BadUserInput`).
pub fn screen_variables(request: &Request) -> Result<()> {
    variables(request.variables.values())
}

/// True when the cost [`screen`] counts for `document` depends on the request's variables:
/// some field's `paging` argument is a variable or holds one (its page size is then read from
/// the variables). Every other check of [`screen`] reads the document alone.
pub fn cost_reads_variables(document: &ExecutableDocument) -> bool {
    let fragments = document
        .fragments
        .values()
        .map(|f| &f.node.selection_set.node);
    let operations = document
        .operations
        .iter()
        .map(|(_, o)| &o.node.selection_set.node);
    let mut stack: Vec<&SelectionSet> = fragments.chain(operations).collect();
    while let Some(set) = stack.pop() {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let paged_by_variable = field.arguments.iter().any(|(name, value)| {
                        name.node.as_str() == "paging" && !constant(&value.node)
                    });
                    if paged_by_variable {
                        return true;
                    }
                    stack.push(&field.selection_set.node);
                }
                Selection::InlineFragment(inline) => stack.push(&inline.node.selection_set.node),
                Selection::FragmentSpread(_) => {}
            }
        }
    }
    false
}

/// The checks of [`screen`] that need only the text and the variables (nesting, NUL), for a
/// document that has not been parsed yet: run them before parsing.
pub fn screen_text(query: &str, variables: &Variables) -> Result<()> {
    document(query)?;
    variables_of(variables)
}

/// The checks of [`screen`] on a parsed document (fragments, cost, aliases, mutation root
/// fields), after [`screen_text`].
pub fn screen_parsed(parsed: &ExecutableDocument, variables: &Variables) -> Result<()> {
    cost(parsed, variables)
}

fn variables_of(vars: &Variables) -> Result<()> {
    variables(vars.values())
}

fn nul() -> Refusal {
    Refusal::bad_input("requests must not contain NUL characters (U+0000)")
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
                        return Err(Refusal::bad_input(format!(
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
            return Err(Refusal::bad_input(format!(
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

/// What one selection set costs once every fragment spread in it is expanded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Cost {
    /// Fields the answer can hold (see [`MAX_COST`]).
    fields: u64,
    /// Aliased fields.
    aliases: u64,
    /// Fields at the top level of the selection set (through spreads and inline fragments).
    top: u64,
    /// Most customer lists ([`CUSTOMER_LIST_FIELDS`]) on one path.
    customer_lists: u64,
}

/// Checks the cost of every operation of `document`. Each fragment is counted once, after the
/// fragments it spreads (memoized), so the work is linear in the document's size whatever
/// the expansion would be.
fn cost(document: &ExecutableDocument, variables: &Variables) -> Result<()> {
    if document.fragments.len() > MAX_FRAGMENTS {
        return Err(Refusal::bad_input(format!(
            "the document defines {} fragments; at most {MAX_FRAGMENTS} are accepted",
            document.fragments.len()
        )));
    }
    let mut memo: HashMap<&Name, Cost> = HashMap::new();
    for name in fragment_order(document)? {
        let fragment = &document.fragments[name].node;
        let cost = selection_cost(&fragment.selection_set.node, &memo, variables);
        memo.insert(name, cost);
    }
    for (_, operation) in document.operations.iter() {
        let cost = selection_cost(&operation.node.selection_set.node, &memo, variables);
        if cost.fields > MAX_COST {
            return Err(Refusal::bad_input(format!(
                "the query is too costly: it can return {} fields (pages counted at their size, fragments expanded); at most {MAX_COST} are accepted",
                cost.fields
            )));
        }
        if cost.customer_lists > MAX_NESTED_CUSTOMER_LISTS {
            return Err(Refusal::bad_input(
                "the query nests a customer's lists (getActiveSubscriptions, subscriptions, promotionalEntitlements) inside one another through `customer`; select each once per path",
            ));
        }
        if cost.aliases > MAX_ALIASES {
            return Err(Refusal {
                code: ErrorCode::GraphQLAliasesLimitExceeded,
                message: format!(
                    "the operation uses {} aliases; at most {MAX_ALIASES} are accepted",
                    cost.aliases
                ),
            });
        }
        let (kind, most) = match operation.node.ty {
            OperationType::Mutation => ("mutation", MAX_MUTATION_ROOT_FIELDS),
            OperationType::Query => ("query", MAX_ROOT_FIELDS),
            OperationType::Subscription => ("subscription", MAX_ROOT_FIELDS),
        };
        if cost.top > most {
            return Err(Refusal {
                code: ErrorCode::GraphQLBatchedOperationsLimitExceeded,
                message: format!(
                    "the {kind} has {} root fields (each copy of a repeated field counted); at most {most} are accepted in one request",
                    cost.top
                ),
            });
        }
    }
    Ok(())
}

/// The fragments of `document`, each after every fragment it spreads (depth-first, with an
/// explicit stack). A fragment that spreads itself, directly or not, is `BadUserInput`;
/// spreads of undefined fragments are skipped (validation reports them).
fn fragment_order(document: &ExecutableDocument) -> Result<Vec<&Name>> {
    let spreads: HashMap<&Name, Vec<&Name>> = document
        .fragments
        .iter()
        .map(|(name, fragment)| {
            let mut out = Vec::new();
            collect_spreads(&fragment.node.selection_set.node, &mut out);
            (name, out)
        })
        .collect();
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: HashMap<&Name, Mark> = HashMap::new();
    let mut order = Vec::with_capacity(spreads.len());
    for root in document.fragments.keys() {
        if marks.contains_key(root) {
            continue;
        }
        marks.insert(root, Mark::Open);
        let mut stack: Vec<(&Name, usize)> = vec![(root, 0)];
        while let Some(&(name, next)) = stack.last() {
            let targets = spreads.get(name).map(Vec::as_slice).unwrap_or_default();
            let Some(&target) = targets.get(next) else {
                marks.insert(name, Mark::Done);
                order.push(name);
                stack.pop();
                continue;
            };
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            if !spreads.contains_key(target) {
                continue;
            }
            match marks.get(target) {
                Some(Mark::Open) => {
                    return Err(Refusal::bad_input(format!(
                        "fragment {target} spreads itself (directly or through other fragments)"
                    )))
                }
                Some(Mark::Done) => {}
                None => {
                    marks.insert(target, Mark::Open);
                    stack.push((target, 0));
                }
            }
        }
    }
    Ok(order)
}

/// The names of the fragments spread anywhere in `set` (recursion bounded by
/// [`MAX_DOCUMENT_DEPTH`], checked before parsing).
fn collect_spreads<'a>(set: &'a SelectionSet, out: &mut Vec<&'a Name>) {
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => collect_spreads(&field.node.selection_set.node, out),
            Selection::FragmentSpread(spread) => out.push(&spread.node.fragment_name.node),
            Selection::InlineFragment(inline) => {
                collect_spreads(&inline.node.selection_set.node, out)
            }
        }
    }
}

/// The cost of `set`, with the costs of the fragments it spreads taken from `memo`.
fn selection_cost(set: &SelectionSet, memo: &HashMap<&Name, Cost>, variables: &Variables) -> Cost {
    let mut total = Cost::default();
    for item in &set.items {
        let cost = match &item.node {
            Selection::Field(field) => {
                let field = &field.node;
                let children = selection_cost(&field.selection_set.node, memo, variables);
                let rows = page_rows(field, variables);
                let unpaged_customer_list = CUSTOMER_LIST_FIELDS
                    .contains(&field.name.node.as_str())
                    && !field
                        .arguments
                        .iter()
                        .any(|(n, _)| n.node.as_str() == "paging");
                Cost {
                    fields: children.fields.saturating_mul(rows).saturating_add(1),
                    aliases: children
                        .aliases
                        .saturating_add(u64::from(field.alias.is_some())),
                    top: 1,
                    customer_lists: children
                        .customer_lists
                        .saturating_add(u64::from(unpaged_customer_list)),
                }
            }
            Selection::FragmentSpread(spread) => memo
                .get(&spread.node.fragment_name.node)
                .copied()
                .unwrap_or_default(),
            Selection::InlineFragment(inline) => {
                selection_cost(&inline.node.selection_set.node, memo, variables)
            }
        };
        total = Cost {
            fields: total.fields.saturating_add(cost.fields),
            aliases: total.aliases.saturating_add(cost.aliases),
            top: total.top.saturating_add(cost.top),
            customer_lists: total.customer_lists.max(cost.customer_lists),
        };
    }
    total
}

/// How many rows a field's answer can hold: the page size of a paged list (`paging.first`
/// or `paging.last`, literal or variable, capped at the largest page; the default page when
/// absent), 1 for any other field.
fn page_rows(field: &Field, variables: &Variables) -> u64 {
    if HISTORY_FIELDS.contains(&field.name.node.as_str()) {
        return HISTORY_ROWS;
    }
    let paging = field
        .arguments
        .iter()
        .find(|(name, _)| name.node.as_str() == "paging");
    let default_rows = DEFAULT_PAGE_SIZE.max(1);
    let Some((_, paging)) = paging else {
        let lists_edges = field.selection_set.node.items.iter().any(|item| {
            matches!(&item.node, Selection::Field(f) if f.node.name.node.as_str() == "edges")
        });
        return if lists_edges { default_rows } else { 1 };
    };
    let value = paging.node.clone().into_const_with(|name| {
        Ok::<_, Infallible>(variables.get(&name).cloned().unwrap_or(Value::Null))
    });
    let max_rows = u64::try_from(MAX_PAGE_SIZE).unwrap_or(u64::MAX).max(1);
    match value {
        Ok(Value::Object(paging)) => ["first", "last"]
            .iter()
            .find_map(|key| match paging.get(*key) {
                Some(Value::Number(n)) => n.as_u64(),
                _ => None,
            })
            .map_or(default_rows, |n| n.clamp(1, max_rows)),
        _ => default_rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_usage_history_passes_and_many_aliases_of_it_cost_too_much() {
        let one = "series { tags { key value } points { timestamp value isResetPoint } } markers { type timestamp }";
        let single = format!("{{ usageHistoryV2(input: {{}}) {{ {one} }} }}");
        assert!(screened(&single).is_ok());
        let many = (0..4)
            .map(|i| format!("a{i}: usageHistoryV2(input: {{}}) {{ {one} }}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(
            screened(&format!("{{ {many} }}")).unwrap_err().code,
            ErrorCode::BadUserInput
        );
    }

    #[test]
    fn official_documents_pass_and_deep_literals_fail() {
        assert!(document("query { a { b { c(input: {x: [1, 2]}) { d } } } }").is_ok());
        let deep = format!(
            "{{ customers(filter: {}1{}) {{ totalCount }} }}",
            "{or:[".repeat(20),
            "]}".repeat(20)
        );
        assert_eq!(document(&deep).unwrap_err().code, ErrorCode::BadUserInput);
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

    #[test]
    fn only_a_paging_argument_with_a_variable_makes_the_cost_read_variables() {
        let parsed = |q: &str| async_graphql::parser::parse_query(q).expect("parses");
        let literal = "query($i: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $i) { name } customers(paging: {first: 5}) { totalCount } }";
        assert!(!cost_reads_variables(&parsed(literal)));
        let whole = "query($p: CursorPaging) { customers(paging: $p) { totalCount } }";
        assert!(cost_reads_variables(&parsed(whole)));
        let inner = "query($n: Int) { x: customers(paging: {first: $n}) { totalCount } }";
        assert!(cost_reads_variables(&parsed(inner)));
        let in_fragment = "query($n: Int) { ...F } fragment F on Query { ... on Query { customers(paging: {last: $n}) { totalCount } } }";
        assert!(cost_reads_variables(&parsed(in_fragment)));
    }

    fn screened(query: &str) -> Result<()> {
        screen(&mut Request::new(query))
    }

    /// `fragment F1 { ...F0 ...F0 }` … up to `F{n}`, spread once from the root.
    fn bomb(n: usize) -> String {
        let mut query = format!(
            "query {{ getCustomerByRefId(input:{{customerId:\"x\"}}) {{ ...F{n} }} }} fragment F0 on Customer {{ name }}"
        );
        for i in 1..=n {
            query.push_str(&format!(
                " fragment F{i} on Customer {{ ...F{} ...F{} }}",
                i - 1,
                i - 1
            ));
        }
        query
    }

    #[test]
    fn fragment_bombs_are_refused_without_expanding() {
        let started = std::time::Instant::now();
        let refused = screened(&bomb(30)).unwrap_err();
        assert_eq!(refused.code, ErrorCode::BadUserInput);
        assert!(refused.message.contains("too costly"), "{refused}");
        assert!(started.elapsed() < std::time::Duration::from_millis(100));
        // A small expansion is fine.
        assert!(screened(&bomb(3)).is_ok());
    }

    #[test]
    fn cycles_and_fragment_floods_are_refused() {
        let cycle = "{ getCustomerByRefId(input:{customerId:\"x\"}) { ...A } } fragment A on Customer { ...B } fragment B on Customer { name ...A }";
        assert!(screened(cycle)
            .unwrap_err()
            .message
            .contains("spreads itself"));
        let mut flood = String::from("{ __typename }");
        for i in 0..=MAX_FRAGMENTS {
            flood.push_str(&format!(" fragment U{i} on Customer {{ name }}"));
        }
        assert!(screened(&flood).unwrap_err().message.contains("fragments"));
    }

    #[test]
    fn aliases_root_fields_and_pages_are_counted() {
        let aliases: String = (0..=MAX_ALIASES)
            .map(|i| format!(" a{i}: __typename"))
            .collect();
        assert_eq!(
            screened(&format!("{{{aliases}}}")).unwrap_err().code,
            ErrorCode::GraphQLAliasesLimitExceeded
        );
        let mutation: String = (0..=MAX_MUTATION_ROOT_FIELDS)
            .map(|i| format!(" m{i}: archiveCustomer(input: {{customerId: \"c{i}\"}}) {{ id }}"))
            .collect();
        assert_eq!(
            screened(&format!("mutation {{{mutation}}}"))
                .unwrap_err()
                .code,
            ErrorCode::GraphQLBatchedOperationsLimitExceeded
        );
        // The same fields in a query are not a batch of operations.
        assert!(screened(&format!(
            "{{{}}}",
            mutation.replace("archiveCustomer", "getCustomerByRefId")
        ))
        .is_ok());
        let page = "customers(paging: {first: 100}) { edges { node { id name email customerId createdAt } } }";
        assert!(screened(&format!("{{ {page} }}")).is_ok());
        let pages: String = (0..40).map(|i| format!(" p{i}: {page}")).collect();
        assert!(screened(&format!("{{{pages}}}"))
            .unwrap_err()
            .message
            .contains("too costly"));
        // The page size may come from a variable.
        let mut request = Request::new(format!(
            "query($p: CursorPaging) {{{}}}",
            pages.replace("{first: 100}", "$p")
        ))
        .variables(Variables::from_json(serde_json::json!({"p": {"first": 1}})));
        assert!(screen(&mut request).is_ok());
    }

    /// The fresh-user trial's input: one root field repeated without aliases, which merges
    /// into one answer but runs once per copy; also through a fragment spread many times.
    #[test]
    fn copies_of_a_root_field_count_as_root_fields() {
        let copies =
            |n: u64| -> String { (0..n).map(|_| " subscriptions { totalCount }").collect() };
        assert!(screened(&format!("{{{}}}", copies(MAX_ROOT_FIELDS))).is_ok());
        let refused = screened(&format!("{{{}}}", copies(4_900))).unwrap_err();
        assert_eq!(
            refused.code,
            ErrorCode::GraphQLBatchedOperationsLimitExceeded
        );
        assert!(refused.message.contains("4900 root fields"), "{refused}");
        let spreads: String = (0..=MAX_ROOT_FIELDS).map(|_| " ...F").collect();
        assert_eq!(
            screened(&format!(
                "query {{{spreads}}} fragment F on Query {{ plans {{ totalCount }} }}"
            ))
            .unwrap_err()
            .code,
            ErrorCode::GraphQLBatchedOperationsLimitExceeded
        );
        assert_eq!(
            screened(&format!(
                "subscription {{{}}}",
                (0..=MAX_ROOT_FIELDS)
                    .map(|_| " usageUpdated { customerId }")
                    .collect::<String>()
            ))
            .unwrap_err()
            .code,
            ErrorCode::GraphQLBatchedOperationsLimitExceeded
        );
    }
}
