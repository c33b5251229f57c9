//! `cargo run -p plangate-codegen [-- --check] [--sdl FILE --ops FILE]`: regenerates
//! `src/graphql/stigg/` from Stigg's SDL, the official v2 client's documents and
//! `codegen/overlay.toml`. Inputs come from `../shared/tools/stigg-reference` (or
//! `$STIGG_REFERENCE`) unless `--sdl` (the `sdl` output) and `--ops` (the `ops NAME…` output)
//! name saved copies. `--check` writes nothing and exits 1 when the committed files differ.

use std::process::ExitCode;

use anyhow::{Context, Result};
use plangate_codegen::{generate, inputs_from_reference, parse_overlay, paths, v2_documents};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("plangate-codegen: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode> {
    let mut check = false;
    let mut sdl_file = None;
    let mut ops_file = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--sdl" => sdl_file = args.next(),
            "--ops" => ops_file = args.next(),
            other => anyhow::bail!("unknown argument `{other}` (see the module docs)"),
        }
    }
    let overlay_path = paths::overlay();
    let overlay = parse_overlay(
        &std::fs::read_to_string(&overlay_path)
            .with_context(|| format!("reading {}", overlay_path.display()))?,
    )?;
    let (sdl, documents) = match (sdl_file, ops_file) {
        (Some(s), Some(o)) => (
            std::fs::read_to_string(&s).with_context(|| format!("reading {s}"))?,
            v2_documents(&std::fs::read_to_string(&o).with_context(|| format!("reading {o}"))?),
        ),
        _ => inputs_from_reference(&paths::stigg_reference(), &overlay)?,
    };
    let files = generate(&sdl, &documents, &overlay)?;
    let out = paths::output();
    let mut stale = Vec::new();
    for (name, text) in &files {
        let path = out.join(name);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != *text {
            stale.push(name.clone());
            if !check {
                std::fs::write(&path, text)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
        }
    }
    if check {
        if stale.is_empty() {
            println!("src/graphql/stigg/ is current");
            return Ok(ExitCode::SUCCESS);
        }
        println!(
            "stale: {} (run `cargo run -p plangate-codegen`)",
            stale.join(", ")
        );
        return Ok(ExitCode::from(1));
    }
    println!(
        "wrote {} file(s) of {} in {}",
        stale.len(),
        files.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
