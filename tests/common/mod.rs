//! Test harness: the real app on `127.0.0.1:0` with a fresh database per test — a temporary
//! SQLite file, or a new PostgreSQL database when `PLANGATE_TEST_POSTGRES_URL` is set (it is
//! dropped when the test ends). Tests speak GraphQL over HTTP like a client and check stored
//! state with SQL through [`TestApp::db`].
#![allow(dead_code)]

use std::sync::Once;

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::{json, Value};

/// The server key every test app accepts (environment `development`).
pub const API_KEY: &str = "server-test-key";

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running app with its own database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// `http://127.0.0.1:PORT/graphql`
    pub url: String,
    /// A direct connection to the app's database, for SQL checks.
    pub db: DatabaseConnection,
    pub backend: Backend,
    pub database_url: String,
    /// The app's clock (the system clock unless the test configured a manual one).
    pub clock: plangate::time::Clock,
    client: reqwest::Client,
    /// Dropping it stops the server (before the database goes).
    _server: tokio::sync::oneshot::Sender<()>,
    _database: DatabaseGuard,
}

/// A second server on a [`TestApp`]'s database (see [`TestApp::replica`]); it speaks
/// through `app` like the first.
pub struct Replica {
    pub app: TestApp,
}

/// Serves the app of `config` the way `plangate serve` does: on a runtime of its own whose
/// threads have the binary's 16 MiB stacks (a test thread has 2 MiB, which deep GraphQL
/// inputs outgrow in debug builds), until the answered sender is dropped.
async fn serve(
    config: plangate::Config,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    std::thread::Builder::new()
        .name("plangate-test-server".into())
        .stack_size(SERVER_STACK_BYTES)
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_stack_size(SERVER_STACK_BYTES)
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let started = async {
                    let router = plangate::app(&config).await?;
                    let listener = plangate::startup::listen(([127, 0, 0, 1], 0).into())?;
                    anyhow::Ok((router, listener))
                };
                match started.await {
                    Ok((router, listener)) => {
                        let addr = listener.local_addr().expect("local addr");
                        let _ = ready_tx.send(Ok(addr));
                        let stop = async {
                            let _ = stop_rx.await;
                        };
                        let _ = plangate::startup::serve_on(listener, router, &config, stop).await;
                    }
                    Err(err) => {
                        let _ = ready_tx.send(Err(format!("{err:#}")));
                    }
                }
            });
        })
        .expect("server thread");
    match ready_rx.await.expect("server thread answers") {
        Ok(addr) => (addr, stop_tx),
        Err(err) => panic!("app starts: {err}"),
    }
}

/// Stack of the test server's threads: the binary's (`src/main.rs`).
const SERVER_STACK_BYTES: usize = 16 * 1024 * 1024;

static NOTICE: Once = Once::new();

impl TestApp {
    /// Starts the app on a fresh database.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// Starts the app on a fresh database, with settings changed by `configure`, served the
    /// way `plangate serve` serves (connection limits and timeouts included).
    pub async fn spawn_with(configure: impl FnOnce(&mut plangate::Config)) -> TestApp {
        TestApp::start(DatabaseGuard::create().await, configure).await
    }

    /// Starts the app on a fresh database that `prepare` has written to first (through a
    /// connection of its own, e.g. to apply only older migrations and store rows as an older
    /// plangate would have), as an upgrade would find it.
    pub async fn spawn_after(prepare: impl AsyncFnOnce(&DatabaseConnection)) -> TestApp {
        let database = DatabaseGuard::create().await;
        let url = match database.backend {
            Backend::Sqlite => format!("{}?mode=rwc", database.url),
            Backend::Postgres => database.url.clone(),
        };
        let conn = Database::connect(&url).await.expect("test db");
        prepare(&conn).await;
        conn.close().await.expect("close");
        TestApp::start(database, |_| {}).await
    }

    async fn start(
        database: DatabaseGuard,
        configure: impl FnOnce(&mut plangate::Config),
    ) -> TestApp {
        let mut config = plangate::Config::for_database(&database.url);
        config.api_key = Some(API_KEY.to_owned());
        // The subscription worker polls often, so tests see due transitions written soon.
        config.subscription_worker_interval = std::time::Duration::from_millis(50);
        configure(&mut config);
        let clock = config.clock.clone();
        let (addr, stop_tx) = serve(config).await;
        let db = Database::connect(&database.url).await.expect("test db");
        TestApp {
            base: format!("http://{addr}"),
            url: format!("http://{addr}/graphql"),
            db,
            backend: database.backend,
            database_url: database.url.clone(),
            clock,
            client: reqwest::Client::new(),
            _server: stop_tx,
            _database: database,
        }
    }

    /// Another replica of this app: a second server on the same database and clock, with
    /// its own process state (caches, worker), as a second `plangate serve` would be.
    /// Dropping it stops it.
    pub async fn replica(&self) -> Replica {
        let mut config = plangate::Config::for_database(&self.database_url);
        config.api_key = Some(API_KEY.to_owned());
        config.subscription_worker_interval = std::time::Duration::from_millis(50);
        config.clock = self.clock.clone();
        let (addr, stop) = serve(config).await;
        Replica {
            app: TestApp {
                base: format!("http://{addr}"),
                url: format!("http://{addr}/graphql"),
                db: self.db.clone(),
                backend: self.backend,
                database_url: self.database_url.clone(),
                clock: self.clock.clone(),
                client: reqwest::Client::new(),
                _server: stop,
                _database: DatabaseGuard::borrowed(&self.database_url, self.backend),
            },
        }
    }

    /// The app's current time.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// POSTs a GraphQL request with the test key; returns the HTTP status and JSON body.
    pub async fn post(&self, query: &str, variables: Value) -> (StatusCode, Value) {
        self.post_with_key(
            Some(API_KEY),
            json!({"query": query, "variables": variables}),
        )
        .await
    }

    /// POSTs `body` with the given `X-API-KEY` (none when `None`).
    pub async fn post_with_key(&self, key: Option<&str>, body: Value) -> (StatusCode, Value) {
        let mut request = self.client.post(&self.url).json(&body);
        if let Some(key) = key {
            request = request.header("X-API-KEY", key);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let text = response.text().await.expect("body");
        let value = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("non-JSON response ({status}): {text}"));
        (status, value)
    }

    /// POSTs a GraphQL request that must answer HTTP 200; returns the body.
    pub async fn gql(&self, query: &str, variables: Value) -> Value {
        let (status, body) = self.post(query, variables).await;
        assert_eq!(status, StatusCode::OK, "body: {body}");
        body
    }

    /// `provisionCustomer` with `input`; returns the body.
    pub async fn provision(&self, input: Value) -> Value {
        self.gql(PROVISION, json!({ "input": input })).await
    }

    /// `getCustomerByRefId` of `customer_id`; returns the body.
    pub async fn get_customer(&self, customer_id: &str) -> Value {
        self.gql(GET, json!({"input": {"customerId": customer_id}}))
            .await
    }

    /// Number of rows of `table` (all environments, archived included).
    pub async fn count(&self, table: &str) -> i64 {
        self.scalar_i64(&format!("SELECT COUNT(*) AS n FROM {table}"))
            .await
    }

    /// Runs a `SELECT` returning one integer column `n`.
    pub async fn scalar_i64(&self, sql: &str) -> i64 {
        let row = self
            .db
            .query_one(Statement::from_string(self.db.get_database_backend(), sql))
            .await
            .expect("query")
            .expect("one row");
        row.try_get::<i64>("", "n").expect("n")
    }

    /// The stored row of customer `ref_id` as JSON-ish text columns: (name, email,
    /// archived?) — `None` when there is no row.
    pub async fn stored_customer(
        &self,
        ref_id: &str,
    ) -> Option<(Option<String>, Option<String>, bool)> {
        let backend = self.db.get_database_backend();
        let row = self
            .db
            .query_one(Statement::from_sql_and_values(
                backend,
                match self.backend {
                    Backend::Sqlite => "SELECT name, email, archived_at IS NOT NULL AS archived FROM customers WHERE ref_id = ?",
                    Backend::Postgres => "SELECT name, email, archived_at IS NOT NULL AS archived FROM customers WHERE ref_id = $1",
                },
                [ref_id.into()],
            ))
            .await
            .expect("query")?;
        Some((
            row.try_get("", "name").expect("name"),
            row.try_get("", "email").expect("email"),
            row.try_get("", "archived").expect("archived"),
        ))
    }

    /// Every text value stored in the database (all tables, all columns), for "this string
    /// is stored nowhere" checks.
    pub async fn all_stored_text(&self) -> String {
        let backend = self.db.get_database_backend();
        let tables = ["environments", "api_keys", "customers"];
        let mut out = String::new();
        for table in tables {
            let sql = match self.backend {
                Backend::Sqlite => format!("SELECT * FROM {table}"),
                Backend::Postgres => format!("SELECT row_to_json(t)::text AS j FROM {table} t"),
            };
            let rows = self
                .db
                .query_all(Statement::from_string(backend, sql))
                .await
                .expect("dump");
            for row in rows {
                match self.backend {
                    Backend::Postgres => {
                        out.push_str(&row.try_get::<String>("", "j").expect("j"));
                    }
                    Backend::Sqlite => {
                        for col in row.column_names() {
                            if let Ok(Some(text)) = row.try_get::<Option<String>>("", &col) {
                                out.push_str(&text);
                                out.push('\n');
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

/// An RFC 3339 instant written in a test.
pub fn at(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .expect("test date")
}

/// The seed's catalog (`examples/catalog.yaml`).
pub const EXAMPLE_CATALOG: &str = include_str!("../../examples/catalog.yaml");

/// An app whose clock is manual and stands at `now`, with `yaml` applied as its catalog.
pub async fn app_with_catalog_at(yaml: &str, now: &str) -> TestApp {
    app_with_catalog_configured(yaml, now, |_| {}).await
}

/// [`app_with_catalog_at`] with other settings changed by `configure` (say, the subscription
/// worker turned off).
pub async fn app_with_catalog_configured(
    yaml: &str,
    now: &str,
    configure: impl FnOnce(&mut plangate::Config),
) -> TestApp {
    let app = TestApp::spawn_with(|c| {
        c.clock = plangate::time::Clock::manual(at(now));
        configure(c);
    })
    .await;
    let env = plangate::environment::ensure_environment(&app.db, "development")
        .await
        .expect("env");
    let file = plangate::catalog::apply::parse(yaml, None).expect("catalog parses");
    plangate::catalog::apply::apply(
        &app.db,
        plangate::environment::EnvironmentId(env.id),
        &file,
        app.now(),
    )
    .await
    .expect("catalog applies");
    app
}

/// The seed's subscription (`examples/catalog.yaml`): plan-basic for resource-01, 2 templates
/// bought, 1 × addon-extra-stuff (templates: 2 + 10 = 12), as `subscriptionParams`.
pub fn seed_subscription_params() -> Value {
    serde_json::json!({
        "planId": "plan-basic",
        "resourceId": "resource-01",
        "billableFeatures": [{"featureId": "feature-01-templates", "quantity": 2}],
        "billingPeriod": "MONTHLY",
        "addons": [{"addonId": "addon-extra-stuff", "quantity": 1}],
    })
}

/// Provisions customer `id` with [`seed_subscription_params`] and `extra` params on top
/// (`{}` for none); the answer must carry no error.
pub async fn provision_seed_with(app: &TestApp, id: &str, extra: Value) {
    let mut params = seed_subscription_params();
    if let (Some(params), Value::Object(extra)) = (params.as_object_mut(), extra) {
        params.extend(extra);
    }
    let body = app
        .provision(serde_json::json!({"customerId": id, "subscriptionParams": params}))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
}

/// The real `plangate serve` binary as a second server on `app`'s database (its subscription
/// worker off, logging at `rust_log`, `env` set besides, its stderr as given), answering
/// `/healthz`; returns the process and its base URL (`http://127.0.0.1:PORT`). Kill it when
/// done.
pub async fn serve_binary(
    app: &TestApp,
    rust_log: &str,
    env: &[(&str, &str)],
    stderr: std::process::Stdio,
) -> (std::process::Child, String) {
    use std::time::{Duration, Instant};
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let server = std::process::Command::new(env!("CARGO_BIN_EXE_plangate"))
        .arg("serve")
        .env("DATABASE_URL", &app.database_url)
        .env("PLANGATE_LISTEN", format!("127.0.0.1:{port}"))
        .env("PLANGATE_API_KEY", API_KEY)
        .env("PLANGATE_SUBSCRIPTION_WORKER_INTERVAL_MS", "0")
        .env("RUST_LOG", rust_log)
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("plangate starts");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let started = Instant::now();
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "plangate did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (server, base)
}

/// The error code of the first error of a response body.
pub fn error_code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}

/// Asserts the body carries exactly one error with `code`, a message, a traceId and
/// `isValidationError` as given; returns the message.
pub fn assert_error(body: &Value, code: &str, validation: bool) -> String {
    let errors = body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {body}"));
    assert_eq!(errors.len(), 1, "{body}");
    let error = &errors[0];
    assert_eq!(error["extensions"]["code"], code, "{body}");
    assert_eq!(
        error["extensions"]["isValidationError"], validation,
        "{body}"
    );
    assert!(
        error["extensions"]["traceId"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "traceId missing: {body}"
    );
    let message = error["message"].as_str().unwrap_or_default().to_owned();
    assert!(!message.is_empty(), "{body}");
    message
}

/// The provision document used by the tests (a subset of what the official clients select).
pub const PROVISION: &str = r#"
mutation ProvisionCustomer($input: ProvisionCustomerInput!) {
  provisionCustomer(input: $input) {
    subscriptionDecisionStrategy
    subscription { id }
    entitlements { isGranted }
    customer {
      id customerId refId name email createdAt updatedAt additionalMetaData
      billingId awsMarketplaceCustomerId crmId salesforceId excludeFromExperiment
    }
  }
}"#;

/// The get document used by the tests.
pub const GET: &str = r#"
query GetCustomerById($input: GetCustomerByRefIdInput!) {
  getCustomerByRefId(input: $input) {
    id customerId refId name email createdAt updatedAt additionalMetaData billingId
    crmId salesforceId awsMarketplaceCustomerId hasPaymentMethod hasActiveSubscription
    subscriptions { id } promotionalEntitlements { status } trialedPlans { planRefId }
    eligibleForTrial { productRefId } coupon { id } experimentInfo { id }
    defaultPaymentMethodId defaultPaymentMethodType
  }
}"#;

/// The update document used by the tests.
pub const UPDATE: &str = r#"
mutation UpdateCustomer($input: UpdateCustomerInput!) {
  updateOneCustomer(input: $input) {
    id customerId refId name email createdAt updatedAt additionalMetaData billingId
    crmId salesforceId awsMarketplaceCustomerId
  }
}"#;

/// The archive document used by the tests.
pub const ARCHIVE: &str = r#"
mutation ArchiveCustomer($input: ArchiveCustomerInput!) {
  archiveCustomer(input: $input) { customerId }
}"#;

/// A database that lives as long as the guard.
/// A new, empty database (no migration applied) on the backend the tests run on, and the
/// guard that drops it: for tests that start `plangate` binaries on a database themselves.
pub async fn fresh_database() -> (String, FreshDatabase) {
    let guard = DatabaseGuard::create().await;
    (guard.url.clone(), FreshDatabase(guard))
}

/// Drops the database of [`fresh_database`] when dropped.
pub struct FreshDatabase(DatabaseGuard);

struct DatabaseGuard {
    url: String,
    backend: Backend,
    postgres: Option<(String, String)>, // (admin url, database name)
    _dir: Option<tempfile::TempDir>,
}

impl DatabaseGuard {
    /// A guard that owns nothing: the database belongs to another guard.
    fn borrowed(url: &str, backend: Backend) -> DatabaseGuard {
        DatabaseGuard {
            url: url.to_owned(),
            backend,
            postgres: None,
            _dir: None,
        }
    }

    async fn create() -> DatabaseGuard {
        match std::env::var("PLANGATE_TEST_POSTGRES_URL") {
            Ok(admin) if !admin.is_empty() => {
                let name = format!("plangate_test_{}", uuid::Uuid::new_v4().simple());
                let conn = Database::connect(&admin)
                    .await
                    .expect("PostgreSQL reachable");
                conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create database");
                conn.close().await.ok();
                let mut url = url::Url::parse(&admin).expect("PLANGATE_TEST_POSTGRES_URL is a URL");
                url.set_path(&name);
                DatabaseGuard {
                    url: url.to_string(),
                    backend: Backend::Postgres,
                    postgres: Some((admin, name)),
                    _dir: None,
                }
            }
            _ => {
                NOTICE.call_once(|| {
                    eprintln!("note: PLANGATE_TEST_POSTGRES_URL is not set: these tests run on SQLite only (set it to run them on PostgreSQL too)");
                });
                let dir = tempfile::tempdir().expect("tempdir");
                let url = format!("sqlite://{}", dir.path().join("plangate.db").display());
                DatabaseGuard {
                    url,
                    backend: Backend::Sqlite,
                    postgres: None,
                    _dir: Some(dir),
                }
            }
        }
    }
}

impl Drop for DatabaseGuard {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.postgres.take() {
            // Drop runs inside the test's runtime: use a thread with its own.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                runtime.block_on(async move {
                    if let Ok(conn) = Database::connect(&admin).await {
                        let _ = conn
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .await;
                        let _ = conn.close().await;
                    }
                });
            })
            .join();
        }
    }
}
