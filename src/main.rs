//! The `plangate` binary: parses the command line and calls the library.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use plangate::{catalog, config::Config, database, environment, graphql, startup, telemetry};

/// A self-hosted customer-management server that speaks Stigg's GraphQL API.
#[derive(Parser)]
#[command(name = "plangate", version, about)]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Manage server API keys.
    #[command(subcommand)]
    ApiKey(ApiKeyCommand),
    /// Manage the product catalog.
    #[command(subcommand)]
    Catalog(CatalogCommand),
}

#[derive(Subcommand)]
enum ApiKeyCommand {
    /// Create a server key for an environment (created if missing) and print it once.
    Create {
        /// Environment name, e.g. `development` or `production`.
        #[arg(long)]
        environment: String,
    },
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Create or update features, products, plans and addons from a catalog file, in one
    /// transaction; applying the same file again changes nothing.
    Apply {
        /// The catalog file: YAML or JSON (by extension `.yaml`/`.yml`/`.json`, else by
        /// content), e.g. `examples/catalog.yaml`.
        file: PathBuf,
        /// Environment name (created if missing).
        #[arg(long, default_value = environment::DEVELOPMENT)]
        environment: String,
    },
}

/// Stack of each runtime thread: 16 MiB instead of tokio's 2 MiB. Decoding a GraphQL input
/// (e.g. a nested `CustomerFilter`) recurses once per nesting level with large frames; the
/// HTTP layer caps the nesting of variables and documents ([`plangate::graphql::limits`]),
/// and this keeps every accepted depth far from the stack's end.
const THREAD_STACK_BYTES: usize = 16 * 1024 * 1024;

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(THREAD_STACK_BYTES)
        .build()?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let _log_writer = telemetry::init();
            startup::serve(&cli.config).await
        }
        Command::Migrate => {
            database::connect(&cli.config.database_url, 1, cli.config.sqlite_synchronous).await?;
            eprintln!("plangate: migrations applied");
            Ok(())
        }
        Command::Schema => {
            print!("{}", graphql::sdl());
            Ok(())
        }
        Command::ApiKey(ApiKeyCommand::Create { environment: name }) => {
            let db = database::connect(&cli.config.database_url, 1, cli.config.sqlite_synchronous)
                .await?;
            let key = environment::create_key(&db, &name).await?;
            println!("{key}");
            Ok(())
        }
        Command::Catalog(CatalogCommand::Apply {
            file,
            environment: name,
        }) => {
            let parsed = catalog::apply::read(&file)?;
            let db = database::connect(&cli.config.database_url, 1, cli.config.sqlite_synchronous)
                .await?;
            let env = environment::ensure_environment(&db, &name).await?;
            let summary = catalog::apply::apply(
                &db,
                environment::EnvironmentId(env.id),
                &parsed,
                plangate::time::Clock::System.now(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e} ({})", e.error.code()))?;
            println!(
                "plangate: applied {} to environment '{name}': {summary}",
                file.display()
            );
            Ok(())
        }
    }
}
