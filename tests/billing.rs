//! Billing integration (issue 13): billing information synced to Stripe through the durable
//! delivery queue, never kept at rest. Stripe is **localstripe** (PyPI), a stateful Stripe
//! emulator started by each test on a free loopback port. Without localstripe installed
//! these tests print a loud notice and pass without checking anything, except when
//! `PLANGATE_REQUIRE_LOCALSTRIPE=1` (CI sets it: `.ci/run` installs localstripe), where they
//! fail instead.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{error_code, TestApp, API_KEY};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

const SECRET_KEY: &str = "test-secret-key-0123456789abcdef-0123456789";
const STRIPE_KEY: &str = "sk_test_plangate_0123456789";

/// A localstripe process on a loopback port; killed when dropped.
struct Localstripe {
    base: String,
    process: Child,
    client: reqwest::Client,
}

impl Drop for Localstripe {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

/// Python with localstripe importable, if any.
fn localstripe_python() -> Option<String> {
    for python in ["python3", "python"] {
        let ok = Command::new(python)
            .args(["-c", "import localstripe"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(python.to_owned());
        }
    }
    None
}

impl Localstripe {
    /// Starts localstripe on 127.0.0.1:`port` (a free one when `None`), or `None` (after a
    /// loud notice) when it is not installed and `PLANGATE_REQUIRE_LOCALSTRIPE` is not `1`.
    async fn start_on(port: Option<u16>) -> Option<Localstripe> {
        let Some(python) = localstripe_python() else {
            if std::env::var("PLANGATE_REQUIRE_LOCALSTRIPE").as_deref() == Ok("1") {
                panic!("PLANGATE_REQUIRE_LOCALSTRIPE=1 but localstripe is not installed (pip install localstripe)");
            }
            eprintln!("\n*** SKIPPED: localstripe is not installed (pip install localstripe); the billing tests against Stripe did not run ***\n");
            return None;
        };
        let port = port.unwrap_or_else(free_port);
        // localstripe's own launcher listens on [::] only; serve its app on IPv4 loopback.
        let process = Command::new(python)
            .args([
                "-c",
                "import sys; from aiohttp import web; from localstripe.server import app; \
                 web.run_app(app, host='127.0.0.1', port=int(sys.argv[1]), print=None)",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("localstripe starts");
        let stripe = Localstripe {
            base: format!("http://127.0.0.1:{port}"),
            process,
            client: reqwest::Client::new(),
        };
        let started = Instant::now();
        loop {
            let up = stripe
                .client
                .get(format!("{}/v1/customers", stripe.base))
                .bearer_auth(STRIPE_KEY)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if up {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "localstripe did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Some(stripe)
    }

    async fn start() -> Option<Localstripe> {
        Localstripe::start_on(None).await
    }

    async fn get(&self, path: &str) -> Value {
        self.client
            .get(format!("{}{path}", self.base))
            .bearer_auth(STRIPE_KEY)
            .send()
            .await
            .expect("localstripe answers")
            .json()
            .await
            .expect("JSON")
    }

    /// Every Stripe customer.
    async fn customers(&self) -> Vec<Value> {
        self.get("/v1/customers?limit=100").await["data"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// A new card payment method (not attached to anyone): its id.
    async fn card(&self, number: &str) -> String {
        let pm: Value = self
            .client
            .post(format!("{}/v1/payment_methods", self.base))
            .bearer_auth(STRIPE_KEY)
            .form(&[
                ("type", "card"),
                ("card[number]", number),
                ("card[exp_month]", "12"),
                ("card[exp_year]", "2030"),
                ("card[cvc]", "123"),
            ])
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("JSON");
        pm["id"].as_str().expect("pm id").to_owned()
    }
}

/// The test app with `PLANGATE_SECRET_KEY`, a fast delivery worker and, when `stripe_url`
/// is given, a Stripe integration for environment `development` at that URL.
async fn app_with_stripe(
    stripe_url: Option<&str>,
    configure: impl FnOnce(&mut plangate::Config),
) -> TestApp {
    let app = TestApp::spawn_with(|c| {
        c.secret_key = Some(plangate::billing::secret::SecretKey::parse(SECRET_KEY).unwrap());
        c.delivery_worker_interval = Duration::from_millis(50);
        configure(c);
    })
    .await;
    if let Some(url) = stripe_url {
        add_integration(&app, url).await;
    }
    app
}

async fn add_integration(app: &TestApp, url: &str) {
    plangate::billing::integration::add(
        &app.db,
        &plangate::billing::secret::SecretKey::parse(SECRET_KEY).unwrap(),
        "development",
        entity::stigg_enums::BillingVendor::Stripe,
        STRIPE_KEY,
        Some(url),
        app.now(),
    )
    .await
    .expect("integration added");
}

const GET_BILLING: &str = r#"
query GetCustomerById($input: GetCustomerByRefIdInput!) {
  getCustomerByRefId(input: $input) {
    customerId name email billingId hasPaymentMethod billingLinkUrl
    defaultPaymentMethodId defaultPaymentMethodType defaultPaymentMethodCardBrand
    defaultPaymentMethodLast4Digits defaultPaymentExpirationMonth defaultPaymentExpirationYear
    syncStates { status vendorIdentifier error syncedEntityId }
  }
}"#;

const UPDATE_BILLING: &str = r#"
mutation UpdateCustomer($input: UpdateCustomerInput!) {
  updateOneCustomer(input: $input) {
    customerId billingId hasPaymentMethod
    syncStates { status vendorIdentifier error syncedEntityId }
  }
}"#;

async fn customer(app: &TestApp, id: &str) -> Value {
    let body = app
        .gql(GET_BILLING, json!({"input": {"customerId": id}}))
        .await;
    body["data"]["getCustomerByRefId"].clone()
}

/// Polls `getCustomerByRefId` (delivery is asynchronous) until `done` holds, for at most
/// 20 s of real time.
async fn customer_when(app: &TestApp, id: &str, done: impl Fn(&Value) -> bool) -> Value {
    let started = Instant::now();
    loop {
        let c = customer(app, id).await;
        if done(&c) {
            return c;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "not reached in time: {c}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The seed's billing information (New York address, language en, America/New_York) with
/// a tax id and payment method `pm`.
fn seed_billing(line1: &str, tax_id: &str, pm: &str) -> Value {
    json!({
        "language": "en",
        "timezone": "America/New_York",
        "billingAddress": {
            "country": "US", "city": "New York", "state": "NY",
            "addressLine1": line1, "postalCode": "10164"
        },
        "taxIds": [{"type": "eu_vat", "value": tax_id}],
        "paymentMethodId": pm
    })
}

/// Every text value in every table of the app's database.
async fn all_text(app: &TestApp) -> String {
    let backend = app.db.get_database_backend();
    let tables_sql = match app.backend {
        common::Backend::Sqlite => {
            "SELECT name AS t FROM sqlite_master WHERE type = 'table'"
        }
        common::Backend::Postgres => {
            "SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = 'public'"
        }
    };
    let tables = app
        .db
        .query_all(Statement::from_string(backend, tables_sql))
        .await
        .expect("tables");
    let mut out = String::new();
    for table in tables {
        let table: String = table.try_get("", "t").expect("name");
        let sql = match app.backend {
            common::Backend::Sqlite => format!("SELECT * FROM \"{table}\""),
            common::Backend::Postgres => {
                format!("SELECT row_to_json(x)::text AS j FROM \"{table}\" x")
            }
        };
        for row in app
            .db
            .query_all(Statement::from_string(backend, sql))
            .await
            .expect("dump")
        {
            match app.backend {
                common::Backend::Postgres => out.push_str(&row.try_get::<String>("", "j").unwrap()),
                common::Backend::Sqlite => {
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

/// The bytes of the SQLite database's files (main file, write-ahead log, shared memory).
fn sqlite_file_bytes(app: &TestApp) -> Vec<u8> {
    let path = std::path::PathBuf::from(
        app.database_url
            .strip_prefix("sqlite://")
            .expect("a sqlite URL"),
    );
    let dir = path.parent().expect("dir");
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let entry = entry.expect("entry");
        bytes.extend(std::fs::read(entry.path()).expect("read"));
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

async fn scalar_text(app: &TestApp, sql: &str) -> Option<String> {
    let row = app
        .db
        .query_one(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .expect("query")?;
    row.try_get::<Option<String>>("", "v").expect("v")
}

#[tokio::test]
async fn seed_provision_with_billing_information_syncs_one_stripe_customer_and_keeps_none_of_it() {
    let Some(stripe) = Localstripe::start().await else {
        return;
    };
    let app = app_with_stripe(Some(&stripe.base), |_| {}).await;
    let pm = stripe.card("4242424242424242").await;
    let line1 = "123 Main Street";
    let tax_id = "DE123456789";
    let provisioned = app
        .provision(json!({
            "customerId": "customer-test-id",
            "name": "My very first customer",
            "email": "john@example.com",
            "billingInformation": seed_billing(line1, tax_id, &pm),
        }))
        .await;
    assert!(provisioned["errors"].is_null(), "{provisioned}");

    let synced = customer_when(&app, "customer-test-id", |c| {
        c["hasPaymentMethod"] == true && c["billingId"].is_string()
    })
    .await;
    let billing_id = synced["billingId"].as_str().unwrap().to_owned();
    assert!(billing_id.starts_with("cus_"), "{synced}");
    assert_eq!(
        synced["syncStates"],
        json!([{"status": "SUCCESS", "vendorIdentifier": "STRIPE", "error": null, "syncedEntityId": billing_id}])
    );
    assert_eq!(synced["defaultPaymentMethodType"], "CARD");
    assert_eq!(synced["defaultPaymentMethodCardBrand"], "visa");
    assert_eq!(synced["defaultPaymentMethodLast4Digits"], "4242");
    assert_eq!(synced["defaultPaymentExpirationMonth"], 12);
    assert_eq!(synced["defaultPaymentExpirationYear"], 2030);
    assert_eq!(synced["defaultPaymentMethodId"], Value::Null);
    assert_eq!(
        synced["billingLinkUrl"],
        format!("https://dashboard.stripe.com/test/customers/{billing_id}")
    );

    // Exactly one Stripe customer, with the details sent.
    let customers = stripe.customers().await;
    assert_eq!(customers.len(), 1, "{customers:?}");
    let c = &customers[0];
    assert_eq!(c["id"], billing_id.as_str());
    assert_eq!(c["name"], "My very first customer");
    assert_eq!(c["email"], "john@example.com");
    assert_eq!(c["address"]["line1"], line1);
    assert_eq!(c["address"]["city"], "New York");
    assert_eq!(c["address"]["state"], "NY");
    assert_eq!(c["address"]["country"], "US");
    assert_eq!(c["address"]["postal_code"], "10164");
    assert_eq!(c["preferred_locales"], json!(["en"]));
    assert_eq!(c["metadata"]["plangateCustomerId"], "customer-test-id");
    assert_eq!(c["metadata"]["timezone"], "America/New_York");
    assert_eq!(c["invoice_settings"]["default_payment_method"], pm.as_str());
    let tax_ids = stripe
        .get(&format!("/v1/customers/{billing_id}/tax_ids"))
        .await;
    assert_eq!(tax_ids["data"][0]["value"], tax_id, "{tax_ids}");
    let attached = stripe.get(&format!("/v1/payment_methods/{pm}")).await;
    assert_eq!(attached["customer"], billing_id.as_str());

    // An update with a new billing object updates the same Stripe customer; shouldWaitSync
    // answers after the sync.
    let new_line1 = "500 Fifth Avenue";
    let new_tax_id = "DE987654321";
    let pm2 = stripe.card("5555555555554444").await;
    let updated = app
        .gql(
            UPDATE_BILLING,
            json!({"input": {
                "customerId": "customer-test-id",
                "shouldWaitSync": true,
                "billingInformation": seed_billing(new_line1, new_tax_id, &pm2),
            }}),
        )
        .await;
    assert!(updated["errors"].is_null(), "{updated}");
    let updated = &updated["data"]["updateOneCustomer"];
    assert_eq!(updated["billingId"], billing_id.as_str());
    assert_eq!(updated["syncStates"][0]["status"], "SUCCESS");
    let customers = stripe.customers().await;
    assert_eq!(customers.len(), 1, "{customers:?}");
    assert_eq!(customers[0]["id"], billing_id.as_str());
    assert_eq!(customers[0]["address"]["line1"], new_line1);
    assert_eq!(
        customers[0]["invoice_settings"]["default_payment_method"],
        pm2.as_str()
    );
    let tax_ids = stripe
        .get(&format!("/v1/customers/{billing_id}/tax_ids"))
        .await;
    let values: Vec<&str> = tax_ids["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["value"].as_str())
        .collect();
    assert_eq!(
        values,
        vec![new_tax_id],
        "the whole billing object replaces the tax ids"
    );

    // Nothing of the billing information is stored: no text column of any table, no byte
    // of the SQLite files.
    let text = all_text(&app).await;
    assert!(text.contains(&billing_id), "the dump sees the customer");
    for secret in [
        line1,
        new_line1,
        tax_id,
        new_tax_id,
        pm.as_str(),
        pm2.as_str(),
        STRIPE_KEY,
    ] {
        assert!(!text.contains(secret), "{secret} is stored");
    }
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM delivery_jobs WHERE payload IS NOT NULL OR status <> 'DELIVERED'")
            .await,
        0,
        "delivered jobs keep no payload"
    );
    if app.backend == common::Backend::Sqlite {
        let bytes = sqlite_file_bytes(&app);
        assert!(
            contains(&bytes, "customer-test-id"),
            "the files hold the customer"
        );
        for secret in [
            line1,
            new_line1,
            tax_id,
            new_tax_id,
            pm.as_str(),
            pm2.as_str(),
            STRIPE_KEY,
        ] {
            assert!(!contains(&bytes, secret), "{secret} is in the SQLite files");
        }
    }

    // Archive: the Stripe customer stays (invoices still finalize); local payment details go.
    let archived = app
        .gql(
            common::ARCHIVE,
            json!({"input": {"customerId": "customer-test-id"}}),
        )
        .await;
    assert!(archived["errors"].is_null(), "{archived}");
    assert_eq!(stripe.customers().await.len(), 1);
    assert_eq!(
        scalar_text(&app, "SELECT last4 AS v FROM customer_billing").await,
        None
    );
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM customer_billing WHERE has_payment_method OR card_brand IS NOT NULL OR expiration_year IS NOT NULL")
            .await,
        0
    );
}

#[tokio::test]
async fn a_kill_between_commit_and_delivery_delivers_once_after_restart() {
    let Some(stripe) = Localstripe::start().await else {
        return;
    };
    // The in-process app only owns the database here (its worker is off).
    let app = app_with_stripe(Some(&stripe.base), |c| {
        c.delivery_worker_interval = Duration::ZERO;
    })
    .await;
    let serve = |worker_ms: &'static str| {
        let app = &app;
        async move {
            let env = [
                ("PLANGATE_SECRET_KEY", SECRET_KEY),
                ("PLANGATE_DELIVERY_WORKER_INTERVAL_MS", worker_ms),
            ];
            common::serve_binary(app, "warn", &env, Stdio::null()).await
        }
    };
    let client = reqwest::Client::new();

    // First process: the provision commits its sync job; it is killed before delivering.
    let (mut first, base) = serve("0").await;
    let answer: Value = client
        .post(format!("{base}/graphql"))
        .header("X-API-KEY", API_KEY)
        .json(&json!({"query": common::PROVISION, "variables": {"input": {
            "customerId": "crash-1", "email": "crash@example.com",
            "billingInformation": {"billingAddress": {"country": "US", "addressLine1": "1 Crash Road"}}
        }}}))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("JSON");
    assert!(answer["errors"].is_null(), "{answer}");
    first.kill().expect("SIGKILL");
    first.wait().expect("reaped");
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM delivery_jobs WHERE status = 'PENDING' AND payload IS NOT NULL AND attempts = 0")
            .await,
        1,
        "the job survived the kill"
    );
    assert!(stripe.customers().await.is_empty());

    // After a restart the job is delivered, once.
    let (mut second, _) = serve("50").await;
    let c = customer_when(&app, "crash-1", |c| c["billingId"].is_string()).await;
    second.kill().expect("SIGKILL");
    second.wait().expect("reaped");
    let customers = stripe.customers().await;
    assert_eq!(customers.len(), 1, "{customers:?}");
    assert_eq!(customers[0]["id"], c["billingId"]);
    assert_eq!(customers[0]["address"]["line1"], "1 Crash Road");
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM delivery_jobs WHERE status = 'DELIVERED' AND payload IS NULL AND attempts = 1")
            .await,
        1
    );
}

/// Stripe down (nothing listens where the integration points: a stopped localstripe looks
/// the same to a client). Needs no localstripe.
#[tokio::test]
async fn provider_failures_are_retried_with_backoff_then_shown_in_sync_states() {
    let down = format!("http://127.0.0.1:{}", free_port());
    let clock = plangate::time::Clock::manual(common::at("2026-03-01T10:00:00Z"));
    let app = app_with_stripe(Some(&down), |c| {
        c.clock = clock.clone();
        c.delivery_max_attempts = 3;
    })
    .await;
    // The API call does not wait for the provider.
    let provisioned = app
        .provision(json!({"customerId": "down-1", "billingInformation": {"language": "en"}}))
        .await;
    assert!(provisioned["errors"].is_null(), "{provisioned}");
    // Attempt `n` made and its failure recorded (a claim leases the job for 60 s; a recorded
    // failure schedules the retry sooner): answers the wait before the next attempt.
    let attempted = |n: i32| {
        let app = &app;
        async move {
            use sea_orm::EntityTrait;
            let started = Instant::now();
            loop {
                let job = entity::delivery_job::Entity::find()
                    .one(&app.db)
                    .await
                    .expect("read")
                    .expect("a job");
                let recorded = job.status != entity::delivery_job::DeliveryStatus::Pending
                    || job.next_attempt_at - job.updated_at < plangate::delivery::queue::LEASE;
                if job.attempts == n && recorded {
                    return job.next_attempt_at - job.updated_at;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(20),
                    "attempt {n} not recorded: {job:?}"
                );
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
        }
    };
    assert_eq!(attempted(1).await, chrono::TimeDelta::seconds(2));
    let c = customer_when(&app, "down-1", |c| c["syncStates"][0]["status"] == "ERROR").await;
    assert_eq!(c["billingId"], Value::Null);
    assert_eq!(
        c["syncStates"][0]["error"],
        "Stripe unreachable: connection failed"
    );
    // Retried after 2 s, then 4 s of the app's clock.
    let next = scalar_text(&app, "SELECT status AS v FROM delivery_jobs").await;
    assert_eq!(next.as_deref(), Some("PENDING"));
    clock.advance(chrono::TimeDelta::seconds(2));
    assert_eq!(attempted(2).await, chrono::TimeDelta::seconds(4));
    clock.advance(chrono::TimeDelta::seconds(4));
    attempted(3).await;
    let c = customer_when(&app, "down-1", |c| c["syncStates"][0]["status"] == "ERROR").await;
    assert_eq!(c["syncStates"][0]["vendorIdentifier"], "STRIPE");
    let started = Instant::now();
    while scalar_text(&app, "SELECT status AS v FROM delivery_jobs")
        .await
        .as_deref()
        != Some("FAILED")
    {
        assert!(started.elapsed() < Duration::from_secs(20), "not given up");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM delivery_jobs WHERE payload IS NULL AND attempts = 3 AND last_error IS NOT NULL")
            .await,
        1,
        "given up after 3 attempts, payload erased"
    );

    // shouldWaitSync reports the failure with Stigg's code; the change itself is committed.
    let updated = app
        .gql(
            UPDATE_BILLING,
            json!({"input": {"customerId": "down-1", "name": "Renamed", "shouldWaitSync": true,
                             "billingInformation": {"language": "da"}}}),
        )
        .await;
    assert_eq!(error_code(&updated), Some("StripeError"), "{updated}");
    assert_eq!(
        customer(&app, "down-1").await["name"],
        "Renamed",
        "the update committed"
    );
}

#[tokio::test]
async fn without_an_integration_billing_information_is_dropped() {
    let app = app_with_stripe(None, |_| {}).await;
    let provisioned = app
        .provision(json!({"customerId": "plain-1",
                          "billingInformation": {"billingAddress": {"addressLine1": "9 Nowhere Lane"}}}))
        .await;
    assert!(provisioned["errors"].is_null(), "{provisioned}");
    assert_eq!(app.count("delivery_jobs").await, 0);
    let c = customer(&app, "plain-1").await;
    assert_eq!(c["syncStates"], json!([]));
    assert_eq!(c["hasPaymentMethod"], false);
    assert!(!all_text(&app).await.contains("9 Nowhere Lane"));
}

/// The CLI adds an integration; its key is stored sealed, never printed; a server without
/// the sealing key refuses to start.
#[tokio::test]
async fn integration_cli_seals_the_key_and_the_server_needs_plangate_secret_key() {
    let app = app_with_stripe(None, |_| {}).await;
    let run = |args: &[&str], secret: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_plangate"));
        cmd.args(args)
            .env("DATABASE_URL", &app.database_url)
            .env_remove("PLANGATE_SECRET_KEY")
            .env_remove("PLANGATE_API_KEY");
        if let Some(secret) = secret {
            cmd.env("PLANGATE_SECRET_KEY", secret);
        }
        cmd.output().expect("plangate runs")
    };
    let add = [
        "integration",
        "add",
        "stripe",
        "--environment",
        "development",
        "--secret-key",
        STRIPE_KEY,
        "--base-url",
        "http://127.0.0.1:9",
    ];
    let refused = run(&add, None);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("PLANGATE_SECRET_KEY"));
    let added = run(&add, Some(SECRET_KEY));
    assert!(added.status.success(), "{added:?}");
    let listed = run(&["integration", "list"], None);
    let printed = format!(
        "{}{}{}{}",
        String::from_utf8_lossy(&added.stdout),
        String::from_utf8_lossy(&added.stderr),
        String::from_utf8_lossy(&listed.stdout),
        String::from_utf8_lossy(&listed.stderr)
    );
    assert!(
        printed.contains("STRIPE") && printed.contains("development"),
        "{printed}"
    );
    assert!(!printed.contains(STRIPE_KEY), "{printed}");
    let sealed = scalar_text(&app, "SELECT secret_sealed AS v FROM billing_integrations")
        .await
        .expect("stored");
    assert!(sealed.starts_with("v1.") && !sealed.contains(STRIPE_KEY));
    assert!(!all_text(&app).await.contains(STRIPE_KEY));

    // A server without the key (or with another) refuses to start, naming the cause.
    for secret in [None, Some("another-key-of-more-than-32-characters!!")] {
        let serve = run(&["migrate"], secret);
        assert!(serve.status.success(), "migrate needs no key");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_plangate"));
        cmd.arg("serve")
            .env("DATABASE_URL", &app.database_url)
            .env("PLANGATE_LISTEN", "127.0.0.1:0")
            .env_remove("PLANGATE_SECRET_KEY");
        if let Some(secret) = secret {
            cmd.env("PLANGATE_SECRET_KEY", secret);
        }
        let out = cmd.output().expect("plangate runs");
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("PLANGATE_SECRET_KEY"), "{err}");
        assert!(!err.contains(STRIPE_KEY));
    }
}

/// What a given-up sync of a removed integration says (`integration::REMOVED_ERROR`).
const REMOVED: &str =
    "the billing integration was removed before this sync was delivered; the sync was given up";

/// Every stored integration: its id and whether it is removed.
async fn stored_integrations(app: &TestApp) -> Vec<(String, bool)> {
    use sea_orm::EntityTrait;
    entity::billing_integration::Entity::find()
        .all(&app.db)
        .await
        .expect("read")
        .into_iter()
        .map(|i| (i.id.to_string(), i.removed_at.is_some()))
        .collect()
}

/// Waits (at most 20 s of real time) until a pending billing job has had `attempts` attempts
/// and the last one is recorded (its retry is scheduled).
async fn attempt_recorded(app: &TestApp, attempts: i64) {
    let started = Instant::now();
    while app
        .scalar_i64(&format!(
            "SELECT COUNT(*) AS n FROM delivery_jobs WHERE status = 'PENDING' AND attempts = {attempts} AND last_error IS NOT NULL"
        ))
        .await
        == 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "attempt {attempts} not recorded"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// `plangate integration remove`: the integration is never used again. Its queued syncs (one
/// waiting for its retry, one queued behind it) are given up at once with their payloads
/// erased and the reason in the customer's `syncStates`; when they would have been due,
/// nothing reaches Stripe; later billing information queues nothing; the environment can add
/// Stripe again (a new integration).
#[tokio::test]
async fn cli_remove_gives_up_queued_syncs_and_nothing_reaches_stripe_after() {
    let Some(stripe) = Localstripe::start().await else {
        return;
    };
    let down = format!("http://127.0.0.1:{}", free_port());
    let clock = plangate::time::Clock::manual(common::at("2026-03-01T10:00:00Z"));
    let app = app_with_stripe(Some(&down), |c| c.clock = clock.clone()).await;
    let line1 = "7 Removal Row";
    let provisioned = app
        .provision(json!({"customerId": "rm-1",
                          "billingInformation": {"billingAddress": {"addressLine1": line1}}}))
        .await;
    assert!(provisioned["errors"].is_null(), "{provisioned}");
    // The first attempt fails (Stripe down) and waits for its retry on the app's clock, which
    // does not move; an update queues a second sync behind it.
    attempt_recorded(&app, 1).await;
    let updated = app
        .gql(
            UPDATE_BILLING,
            json!({"input": {"customerId": "rm-1", "billingInformation": {"language": "da"}}}),
        )
        .await;
    assert!(updated["errors"].is_null(), "{updated}");
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM delivery_jobs WHERE status = 'PENDING' AND payload IS NOT NULL")
            .await,
        2
    );
    // Stripe is back where the integration points: a retry would now reach it.
    add_integration(&app, &stripe.base).await;
    let old_id = stored_integrations(&app).await[0].0.clone();

    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_plangate"))
            .args(args)
            .env("DATABASE_URL", &app.database_url)
            .env_remove("PLANGATE_SECRET_KEY")
            .env_remove("PLANGATE_API_KEY")
            .output()
            .expect("plangate runs")
    };
    // Nothing matches: refused, nothing changed.
    for args in [
        vec![
            "integration",
            "remove",
            "0b6c3f9e-1111-4222-8333-944455556666",
        ],
        vec!["integration", "remove", "--environment", "production"],
        vec![
            "integration",
            "remove",
            &old_id,
            "--environment",
            "production",
        ],
    ] {
        let out = run(&args);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("no "),
            "{args:?}: {out:?}"
        );
    }
    assert!(!run(&["integration", "remove"]).status.success());
    assert!(!run(&["integration", "remove", "--vendor", "stripe"])
        .status
        .success());
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM delivery_jobs WHERE status = 'PENDING'")
            .await,
        2
    );

    let removed = run(&[
        "integration",
        "remove",
        &old_id,
        "--environment",
        "development",
        "--vendor",
        "stripe",
    ]);
    assert!(removed.status.success(), "{removed:?}");
    let said = String::from_utf8_lossy(&removed.stdout);
    assert!(
        said.contains(&old_id) && said.contains("2 queued sync(s) given up"),
        "{said}"
    );
    // Given up at once, payloads erased, the reason kept; the key erased.
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) AS n FROM delivery_jobs WHERE status = 'FAILED' AND payload IS NULL \
             AND finished_at IS NOT NULL AND last_error = '{REMOVED}'"
        ))
        .await,
        2
    );
    assert_eq!(app.count("delivery_jobs").await, 2);
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM billing_integrations WHERE removed_at IS NOT NULL AND secret_sealed = ''")
            .await,
        1
    );
    let c = customer(&app, "rm-1").await;
    assert_eq!(
        c["syncStates"],
        json!([{"status": "ERROR", "vendorIdentifier": "STRIPE", "error": REMOVED, "syncedEntityId": null}])
    );
    let listed = String::from_utf8_lossy(&run(&["integration", "list"]).stdout).into_owned();
    assert!(
        listed.contains(&old_id) && listed.contains("removed"),
        "{listed}"
    );
    assert!(
        !run(&["integration", "remove", &old_id]).status.success(),
        "removed once"
    );

    // When the retry would have been due, nothing is due: nothing reaches Stripe.
    clock.advance(chrono::TimeDelta::hours(2));
    let due = plangate::delivery::queue::claim_due(&app.db, clock.now(), None)
        .await
        .expect("claim");
    assert!(due.is_empty(), "{due:?}");
    // Billing information sent now is validated and dropped: no job, no sync state.
    let later = app
        .provision(json!({"customerId": "rm-2",
                          "billingInformation": {"billingAddress": {"addressLine1": line1}}}))
        .await;
    assert!(later["errors"].is_null(), "{later}");
    assert_eq!(app.count("delivery_jobs").await, 2);
    assert_eq!(customer(&app, "rm-2").await["syncStates"], json!([]));
    assert!(stripe.customers().await.is_empty());
    assert!(!all_text(&app).await.contains(line1));

    // Stripe can be added again: a new integration, which syncs what is sent from then on.
    add_integration(&app, &stripe.base).await;
    let stored = stored_integrations(&app).await;
    assert_eq!(stored.len(), 2, "{stored:?}");
    assert!(stored.contains(&(old_id.clone(), true)), "{stored:?}");
    let again = app
        .provision(json!({"customerId": "rm-3", "billingInformation": {"language": "en"}}))
        .await;
    assert!(again["errors"].is_null(), "{again}");
    customer_when(&app, "rm-3", |c| c["syncStates"][0]["status"] == "SUCCESS").await;
    let customers = stripe.customers().await;
    assert_eq!(customers.len(), 1, "{customers:?}");
    assert_eq!(customers[0]["metadata"]["plangateCustomerId"], "rm-3");
}

const INTEGRATIONS: &str = r#"
query Integrations($filter: IntegrationFilter, $paging: CursorPaging, $sorting: [IntegrationSort!]) {
  integrations(filter: $filter, paging: $paging, sorting: $sorting) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node {
      id environmentId vendorIdentifier vendorType isDefault supportsPaymentMethod
      integrationId metadata createdAt
      credentials { __typename ... on StripeCredentials { accountId accountDisplayName isTestMode } }
    } }
  }
}"#;

const DELETE_INTEGRATION: &str = r#"
mutation Delete($input: DeleteOneIntegrationInput!) {
  deleteOneIntegration(input: $input) {
    id environmentId vendorIdentifier vendorType isDefault supportsPaymentMethod credentials { __typename }
  }
}"#;

/// Stigg's `integrations` and `deleteOneIntegration` over HTTP: scoped to the key's
/// environment (another environment's integration is invisible and cannot be deleted),
/// unknown ids answer `IntegrationNotFound`, a delete gives up the queued syncs as
/// `plangate integration remove` does, and billing information sent after it queues nothing.
/// Needs no localstripe (Stripe is down where the integrations point).
#[tokio::test]
async fn integrations_query_and_delete_are_scoped_to_the_key_environment() {
    let down = format!("http://127.0.0.1:{}", free_port());
    let clock = plangate::time::Clock::manual(common::at("2026-03-01T10:00:00Z"));
    let app = app_with_stripe(Some(&down), |c| c.clock = clock.clone()).await;
    let production = plangate::environment::create_key(&app.db, "production")
        .await
        .expect("key");
    clock.advance(chrono::TimeDelta::seconds(1));
    let prod_integration = plangate::billing::integration::add(
        &app.db,
        &plangate::billing::secret::SecretKey::parse(SECRET_KEY).unwrap(),
        "production",
        entity::stigg_enums::BillingVendor::Stripe,
        STRIPE_KEY,
        Some(&down),
        clock.now(),
    )
    .await
    .expect("production integration");
    let dev_id = stored_integrations(&app)
        .await
        .into_iter()
        .map(|(id, _)| id)
        .find(|id| *id != prod_integration.id.to_string())
        .expect("development integration");
    let list = |key: Option<String>, variables: Value| {
        let app = &app;
        async move {
            let key = key.unwrap_or_else(|| API_KEY.to_owned());
            let (_, body) = app
                .post_with_key(
                    Some(&key),
                    json!({"query": INTEGRATIONS, "variables": variables}),
                )
                .await;
            body
        }
    };

    // Each key sees its own environment's integration only.
    let dev = list(None, json!({})).await;
    assert!(dev["errors"].is_null(), "{dev}");
    let conn = &dev["data"]["integrations"];
    assert_eq!(conn["totalCount"], 1, "{dev}");
    let node = &conn["edges"][0]["node"];
    assert_eq!(node["id"], dev_id.as_str());
    assert_eq!(node["vendorIdentifier"], "STRIPE");
    assert_eq!(node["vendorType"], "BILLING");
    assert_eq!(node["isDefault"], true);
    assert_eq!(node["supportsPaymentMethod"], true);
    assert_eq!(node["credentials"], Value::Null);
    assert_eq!(node["integrationId"], Value::Null);
    assert_eq!(node["metadata"], Value::Null);
    assert_eq!(node["createdAt"], "2026-03-01T10:00:00.000Z");
    assert_eq!(conn["edges"][0]["cursor"], "YXJyYXljb25uZWN0aW9uOjA=");
    let dev_env_id = node["environmentId"]
        .as_str()
        .expect("environmentId")
        .to_owned();
    let prod = list(Some(production.clone()), json!({})).await;
    let prod_node = &prod["data"]["integrations"]["edges"][0]["node"];
    assert_eq!(prod["data"]["integrations"]["totalCount"], 1, "{prod}");
    assert_eq!(prod_node["id"], prod_integration.id.to_string());
    assert_eq!(
        prod_node["environmentId"],
        prod_integration.environment_id.to_string()
    );
    assert_ne!(prod_node["environmentId"], dev_env_id.as_str());

    // Filters and paging.
    let count = |body: &Value| body["data"]["integrations"]["totalCount"].clone();
    for (filter, expected) in [
        (json!({"vendorIdentifier": {"eq": "STRIPE"}}), 1),
        (json!({"vendorIdentifier": {"in": ["ZUORA", "STRIPE"]}}), 1),
        (json!({"vendorIdentifier": {"eq": "ZUORA"}}), 0),
        (json!({"vendorType": {"eq": "BILLING"}}), 1),
        (json!({"vendorType": {"in": ["CRM"]}}), 0),
        (json!({"id": {"eq": dev_id}}), 1),
        (json!({"id": {"in": [prod_integration.id]}}), 0),
        (json!({"environmentId": {"eq": dev_env_id}}), 1),
    ] {
        let body = list(None, json!({"filter": filter})).await;
        assert_eq!(count(&body), expected, "{filter}: {body}");
    }
    for filter in [
        json!({"environmentId": {"eq": prod_integration.environment_id}}),
        json!({"createdAt": {"gt": "2026-01-01T00:00:00.000Z"}}),
        json!({"vendorIdentifier": {"neq": "STRIPE"}}),
        json!({"or": [{"vendorType": {"eq": "BILLING"}}]}),
    ] {
        let body = list(None, json!({"filter": filter})).await;
        common::assert_error(&body, "UnsupportedParameter", true);
    }
    let sorted = list(
        None,
        json!({"sorting": [{"field": "vendorType", "direction": "ASC"}, {"field": "id", "direction": "DESC"}]}),
    )
    .await;
    assert_eq!(count(&sorted), 1, "{sorted}");
    let empty = list(None, json!({"paging": {"first": 0}})).await;
    assert_eq!(count(&empty), 1);
    assert_eq!(empty["data"]["integrations"]["edges"], json!([]));
    assert_eq!(
        empty["data"]["integrations"]["pageInfo"]["hasNextPage"],
        true
    );
    let bad = list(None, json!({"paging": {"after": "not a cursor"}})).await;
    common::assert_error(&bad, "BadUserInput", true);

    // A customer whose sync is queued (Stripe down: retried later on the app's clock).
    let provisioned = app
        .provision(json!({"customerId": "gql-rm-1", "billingInformation": {"language": "en"}}))
        .await;
    assert!(provisioned["errors"].is_null(), "{provisioned}");
    attempt_recorded(&app, 1).await;

    // Another environment's integration, an unknown id, a malformed id: refused, nothing
    // changed.
    let delete = |key: Option<String>, id: Value| {
        let app = &app;
        async move {
            let key = key.unwrap_or_else(|| API_KEY.to_owned());
            let (_, body) = app
                .post_with_key(
                    Some(&key),
                    json!({"query": DELETE_INTEGRATION, "variables": {"input": {"id": id}}}),
                )
                .await;
            body
        }
    };
    for id in [
        json!(prod_integration.id),
        json!("0b6c3f9e-1111-4222-8333-944455556666"),
    ] {
        let body = delete(None, id).await;
        common::assert_error(&body, "IntegrationNotFound", false);
    }
    common::assert_error(
        &delete(None, json!("not-a-uuid")).await,
        "BadUserInput",
        true,
    );
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM billing_integrations WHERE removed_at IS NULL")
            .await,
        2
    );
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) AS n FROM delivery_jobs WHERE status = 'PENDING'")
            .await,
        1
    );

    // Deleting its own: answered as it was; the queued sync given up, its payload erased.
    let deleted = delete(None, json!(dev_id)).await;
    assert!(deleted["errors"].is_null(), "{deleted}");
    assert_eq!(
        deleted["data"]["deleteOneIntegration"],
        json!({"id": dev_id, "environmentId": dev_env_id, "vendorIdentifier": "STRIPE",
               "vendorType": "BILLING", "isDefault": true, "supportsPaymentMethod": true,
               "credentials": null})
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) AS n FROM delivery_jobs WHERE status = 'FAILED' AND payload IS NULL AND last_error = '{REMOVED}'"
        ))
        .await,
        1
    );
    assert_eq!(
        customer(&app, "gql-rm-1").await["syncStates"][0]["error"],
        REMOVED
    );
    assert_eq!(count(&list(None, json!({})).await), 0);
    common::assert_error(
        &delete(None, json!(dev_id)).await,
        "IntegrationNotFound",
        false,
    );
    // Production's is untouched.
    assert_eq!(count(&list(Some(production.clone()), json!({})).await), 1);

    // Billing information sent after the delete queues no sync.
    let after = app
        .provision(json!({"customerId": "gql-rm-2", "billingInformation": {"language": "en"}}))
        .await;
    assert!(after["errors"].is_null(), "{after}");
    assert_eq!(app.count("delivery_jobs").await, 1);
    assert_eq!(customer(&app, "gql-rm-2").await["syncStates"], json!([]));
    clock.advance(chrono::TimeDelta::hours(2));
    let due = plangate::delivery::queue::claim_due(&app.db, clock.now(), None)
        .await
        .expect("claim");
    assert!(due.is_empty(), "{due:?}");
}
