//! The generated Stigg surface (`src/graphql/stigg/`) stays generated: regenerating it from
//! Stigg's SDL, the official documents and `codegen/overlay.toml` gives the committed files
//! byte for byte, and the schema serves exactly the root fields the overlay lists.

use std::collections::BTreeSet;

use async_graphql_parser::types::{TypeKind, TypeSystemDefinition};
use plangate_codegen::{generate, inputs_from_reference, parse_overlay, paths};

/// Regenerates in memory and compares with the committed files. Skips (printing why) only
/// where `../shared/tools/stigg-reference` cannot run — never under CI (`CI` set).
#[test]
fn generated_stigg_surface_is_current() {
    let overlay = parse_overlay(&std::fs::read_to_string(paths::overlay()).expect("overlay"))
        .expect("overlay parses");
    let tool = paths::stigg_reference();
    let inputs = inputs_from_reference(&tool, &overlay);
    let (sdl, documents) = match inputs {
        Ok(inputs) => inputs,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: {} cannot run here: {e:#}", tool.display());
            return;
        }
        Err(e) => panic!("{} must run under CI: {e:#}", tool.display()),
    };
    let files = generate(&sdl, &documents, &overlay).expect("generator runs");
    let dir = paths::output();
    let mut committed: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("src/graphql/stigg")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    for (name, text) in &files {
        let current = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            current == *text,
            "src/graphql/stigg/{name} differs from the generator's output: never edit it by hand; \
             change codegen/overlay.toml and run `cargo run -p plangate-codegen`"
        );
        committed.remove(name);
    }
    assert!(
        committed.is_empty(),
        "files in src/graphql/stigg/ the generator does not write: {committed:?}"
    );
}

/// The schema's Query, Mutation and Subscription fields are exactly the generated `SERVED_ROOT_FIELDS`:
/// an operation added to the overlay needs its resolver, and a resolver needs its overlay line.
#[test]
fn schema_serves_exactly_the_overlays_root_fields() {
    let doc = async_graphql_parser::parse_schema(plangate::graphql::sdl()).expect("SDL parses");
    let mut served = BTreeSet::new();
    for def in doc.definitions {
        if let TypeSystemDefinition::Type(t) = def {
            let name = t.node.name.node.to_string();
            if let (TypeKind::Object(o), "Query" | "Mutation" | "Subscription") =
                (&t.node.kind, name.as_str())
            {
                for f in &o.fields {
                    served.insert((name.clone(), f.node.name.node.to_string()));
                }
            }
        }
    }
    let listed: BTreeSet<(String, String)> = plangate::graphql::stigg::SERVED_ROOT_FIELDS
        .iter()
        .map(|(t, f)| (t.to_string(), f.to_string()))
        .collect();
    assert_eq!(served, listed);
}
