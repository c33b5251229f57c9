//! Durable outgoing work: the delivery queue ([`queue`], table `delivery_jobs`) and the
//! worker that delivers it ([`worker`]) — billing syncs to Stripe ([`crate::billing::sync`])
//! and signed webhooks ([`crate::webhook`]). A change writes its jobs in its own transaction;
//! every server process runs a worker; each attempt is made by one of them.

pub mod queue;
pub mod worker;

/// What deliveries need at run time: the key that opens sealed secrets
/// (`PLANGATE_SECRET_KEY`), the HTTP client, the clock and the retry policy.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub key: Option<crate::billing::secret::SecretKey>,
    pub http: reqwest::Client,
    pub clock: crate::time::Clock,
    pub retry: queue::Retry,
}

impl Delivery {
    /// Deliveries as `config` sets them up.
    pub fn from_config(config: &crate::Config) -> Delivery {
        Delivery {
            key: config.secret_key.clone(),
            // Redirects are not followed: a webhook endpoint answering 3xx has not taken the
            // event, and following it would send signed events wherever it points (found by
            // the fresh-user trial); Stripe's API does not redirect.
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default(),
            clock: config.clock.clone(),
            retry: queue::Retry {
                max_attempts: config.delivery_max_attempts,
                ..queue::Retry::default()
            },
        }
    }
}

/// The check made at start-up and before anything new is sealed: when billing integrations or
/// webhook endpoints exist, `key` must be set and open every one of their secrets. Run before
/// `integration add` and `webhook add` too, so that adding with another key is refused rather
/// than leaving a database the server refuses to start on (found by the fresh-user trial).
/// Errors: a message naming what is missing or which secret the key does not open.
pub async fn check_key<C: sea_orm::ConnectionTrait>(
    db: &C,
    key: Option<&crate::billing::secret::SecretKey>,
) -> anyhow::Result<()> {
    crate::billing::integration::check_all(db, key).await?;
    crate::webhook::endpoint::check_all(db, key).await
}
