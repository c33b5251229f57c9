//! The `plangate` binary: parses the command line and calls the library.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use plangate::{catalog, config::Config, database, environment, graphql, startup, telemetry};

/// The binary allocates with mimalloc: a response is built from many small values (a 46 KB
/// answer of the v2 client's `get_customer_by_id` is about 10,000 allocations), and glibc's
/// malloc and free were a fifth of such a request's instructions (callgrind). It is built
/// without transparent huge pages (`no_thp`): with them, its first 32 MiB arena was resident
/// as huge pages from the start (55 MiB at start, a peak of 106 MiB under 64 clients; 39 and
/// 87 MiB without, at the same throughput: `bench/run.sh`'s memory check, 2026-12-01).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Manage billing integrations (needs PLANGATE_SECRET_KEY, which seals their keys).
    #[command(subcommand)]
    Integration(IntegrationCommand),
    /// Manage webhook endpoints, read the delivery log, replay events.
    #[command(subcommand)]
    Webhook(WebhookCommand),
}

#[derive(Subcommand)]
enum WebhookCommand {
    /// Add an endpoint that receives an environment's events (needs PLANGATE_SECRET_KEY,
    /// which seals its signing secret); prints its id and signing secret (shown once).
    Add {
        /// Environment name (created if missing).
        #[arg(long)]
        environment: String,
        /// Where events are POSTed: `http(s)://…`.
        #[arg(long)]
        url: String,
        /// An event type to send (repeat for several): customer.created, customer.updated,
        /// customer.deleted, subscription.created, subscription.updated, subscription.canceled,
        /// subscription.trial_started, subscription.trial_converted,
        /// subscription.trial_expired, entitlements.updated. Without it: every event.
        #[arg(long = "event")]
        events: Vec<String>,
    },
    /// List endpoints (id, environment, URL, events, removed or not; never the secret).
    List,
    /// Stop sending events to an endpoint.
    Remove {
        /// The endpoint's id.
        id: uuid::Uuid,
    },
    /// The delivery log, newest first: event, endpoint, attempt, time, HTTP status, error.
    Log {
        /// Only this event's attempts.
        #[arg(long)]
        event: Option<uuid::Uuid>,
        /// Most lines.
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
    /// Send an event again to its endpoints, with the same webhook-id and body.
    Replay {
        /// The event's id (webhook-id, the body's messageId).
        event: uuid::Uuid,
    },
}

#[derive(Subcommand)]
enum IntegrationCommand {
    /// Add a billing integration to an environment (created if missing), or replace its key
    /// and URL. Customers' billing information is synced to it from then on.
    #[command(subcommand)]
    Add(AddIntegration),
    /// List billing integrations (environment, vendor, base URL, id, active or removed; never
    /// the key).
    List,
    /// Remove a billing integration (by id, by environment and vendor, or both): nothing is
    /// synced to it again. Its queued syncs are given up at once (their payloads erased, the
    /// error shown in the customers' syncStates) and its key is erased.
    Remove {
        /// The integration's id (as `integration list` prints it).
        #[arg(required_unless_present = "environment")]
        id: Option<uuid::Uuid>,
        /// The environment whose integration to remove.
        #[arg(long)]
        environment: Option<String>,
        /// The integration's vendor (with --environment; the default, and the only one:
        /// stripe).
        #[arg(long, value_enum, requires = "environment")]
        vendor: Option<Vendor>,
    },
}

/// A billing vendor, as the CLI names it.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Vendor {
    Stripe,
}

impl From<Vendor> for entity::stigg_enums::BillingVendor {
    fn from(value: Vendor) -> Self {
        match value {
            Vendor::Stripe => entity::stigg_enums::BillingVendor::Stripe,
        }
    }
}

#[derive(Subcommand)]
enum AddIntegration {
    /// Stripe: customers created and updated through Stripe's REST API.
    Stripe {
        /// Environment name, e.g. `development` or `production`.
        #[arg(long)]
        environment: String,
        /// The Stripe secret key (`sk_live_…`, `sk_test_…`, or a restricted `rk_…` key with
        /// write access to customers and payment methods).
        #[arg(long, env = "PLANGATE_STRIPE_SECRET_KEY", hide_env_values = true)]
        secret_key: String,
        /// Stripe's API base URL; another only for an emulator (e.g. localstripe at
        /// `http://127.0.0.1:8420`).
        #[arg(long, default_value = plangate::billing::stripe::DEFAULT_BASE_URL)]
        base_url: String,
    },
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
        Command::Integration(IntegrationCommand::Add(AddIntegration::Stripe {
            environment: name,
            secret_key,
            base_url,
        })) => {
            let Some(key) = cli.config.secret_key.as_ref() else {
                anyhow::bail!(
                    "set PLANGATE_SECRET_KEY (at least 32 random characters, e.g. `openssl rand -hex 32`): it seals the Stripe key at rest, and the server needs the same value"
                );
            };
            let db = database::connect(&cli.config.database_url, 1, cli.config.sqlite_synchronous)
                .await?;
            let added = plangate::billing::integration::add(
                &db,
                key,
                &name,
                entity::stigg_enums::BillingVendor::Stripe,
                &secret_key,
                Some(&base_url),
                plangate::time::Clock::System.now(),
            )
            .await?;
            println!(
                "plangate: environment '{name}' syncs billing information to Stripe at {} (integration {})",
                added.base_url, added.id
            );
            Ok(())
        }
        Command::Integration(IntegrationCommand::List) => {
            let db = database::connect(&cli.config.database_url, 1, cli.config.sqlite_synchronous)
                .await?;
            for (env, integration) in plangate::billing::integration::list(&db).await? {
                println!(
                    "{env}\t{}\t{}\t{}\t{}",
                    integration.vendor,
                    integration.base_url,
                    integration.id,
                    if integration.removed_at.is_some() {
                        "removed"
                    } else {
                        "active"
                    }
                );
            }
            Ok(())
        }
        Command::Integration(IntegrationCommand::Remove {
            id,
            environment: name,
            vendor,
        }) => {
            let db = database::connect(&cli.config.database_url, 1, cli.config.sqlite_synchronous)
                .await?;
            let environment = match &name {
                Some(name) => Some(
                    environment::find(&db, name)
                        .await?
                        .ok_or_else(|| anyhow::anyhow!("no environment '{name}'"))?,
                ),
                None => None,
            };
            let which = plangate::billing::integration::Which {
                id,
                environment,
                vendor: name
                    .as_ref()
                    .map(|_| vendor.unwrap_or(Vendor::Stripe).into()),
            };
            let removed = plangate::billing::integration::remove(
                &db,
                which,
                plangate::time::Clock::System.now(),
            )
            .await
            .map_err(|e| match (e, &name) {
                (plangate::error::Error::IntegrationNotFound(_), Some(name)) => anyhow::anyhow!(
                    "no active billing integration{} in environment '{name}'",
                    id.map(|id| format!(" {id}")).unwrap_or_default()
                ),
                (plangate::error::Error::IntegrationNotFound(_), None) => anyhow::anyhow!(
                    "no active billing integration {}",
                    id.map(|id| id.to_string()).unwrap_or_default()
                ),
                (e, _) => anyhow::Error::new(e),
            })?;
            println!(
                "plangate: billing integration {} ({}) removed; {} queued sync(s) given up",
                removed.integration.id, removed.integration.vendor, removed.syncs_given_up
            );
            Ok(())
        }
        Command::Webhook(command) => {
            let db = database::connect(&cli.config.database_url, 1, cli.config.sqlite_synchronous)
                .await?;
            let now = plangate::time::Clock::System.now();
            match command {
                WebhookCommand::Add {
                    environment: name,
                    url,
                    events,
                } => {
                    let Some(key) = cli.config.secret_key.as_ref() else {
                        anyhow::bail!(
                            "set PLANGATE_SECRET_KEY (at least 32 random characters, e.g. `openssl rand -hex 32`): it seals the endpoint's signing secret at rest, and the server needs the same value"
                        );
                    };
                    let events = events
                        .iter()
                        .map(|e| {
                            plangate::webhook::WebhookEventType::parse(e).ok_or_else(|| {
                                anyhow::anyhow!(
                                    "unknown event type {e}: use one of {}",
                                    plangate::webhook::WebhookEventType::names().join(", ")
                                )
                            })
                        })
                        .collect::<anyhow::Result<Vec<_>>>()?;
                    let (endpoint, secret) =
                        plangate::webhook::endpoint::add(&db, key, &name, &url, &events, now)
                            .await?;
                    println!("id: {}", endpoint.id);
                    println!("secret: {secret}");
                    eprintln!(
                        "plangate: environment '{name}' sends webhooks to {} (the secret is shown once: keep it)",
                        endpoint.url
                    );
                }
                WebhookCommand::List => {
                    for (env, e) in plangate::webhook::endpoint::list(&db).await? {
                        println!(
                            "{}\t{env}\t{}\t{}\t{}",
                            e.id,
                            e.url,
                            e.event_types,
                            if e.disabled_at.is_some() {
                                "removed"
                            } else {
                                "active"
                            }
                        );
                    }
                }
                WebhookCommand::Remove { id } => {
                    plangate::webhook::endpoint::remove(&db, id, now).await?;
                    println!("plangate: webhook endpoint {id} removed");
                }
                WebhookCommand::Log { event, limit } => {
                    for a in plangate::webhook::send::log(&db, event, limit).await? {
                        println!(
                            "{}\t{}\t{}\t{}\t{}\t{}\t{}ms",
                            a.event_id,
                            a.endpoint_id,
                            a.attempt,
                            a.attempted_at
                                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                            a.status_code.map_or("-".to_owned(), |s| s.to_string()),
                            a.error.as_deref().unwrap_or("-"),
                            a.duration_ms
                        );
                    }
                }
                WebhookCommand::Replay { event } => {
                    let queued = plangate::delivery::queue::replay(&db, event, now).await?;
                    if queued == 0 {
                        anyhow::bail!("no webhook event {event}");
                    }
                    println!("plangate: event {event} queued again for {queued} endpoint(s)");
                }
            }
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
            .map_err(|e| {
                // An operator's command says what went wrong inside, which an API answer
                // never does (found by the fresh-user trial: "Unexpected error", no cause).
                let mut text = format!("{e} ({})", e.error.code());
                let mut cause = std::error::Error::source(&e.error);
                while let Some(inner) = cause {
                    text.push_str(&format!(": {inner}"));
                    cause = inner.source();
                }
                anyhow::anyhow!(text)
            })?;
            println!(
                "plangate: applied {} to environment '{name}': {summary}",
                file.display()
            );
            Ok(())
        }
    }
}
