//! The `plangate` binary: parses the command line and calls the library.

use clap::{Parser, Subcommand};
use plangate::{config::Config, database, environment, graphql, startup, telemetry};

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

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            telemetry::init();
            startup::serve(&cli.config).await
        }
        Command::Migrate => {
            database::connect(&cli.config.database_url, 1).await?;
            eprintln!("plangate: migrations applied");
            Ok(())
        }
        Command::Schema => {
            print!("{}", graphql::sdl());
            Ok(())
        }
        Command::ApiKey(ApiKeyCommand::Create { environment: name }) => {
            let db = database::connect(&cli.config.database_url, 1).await?;
            let key = environment::create_key(&db, &name).await?;
            println!("{key}");
            Ok(())
        }
    }
}
