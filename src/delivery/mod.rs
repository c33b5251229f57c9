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
            http: reqwest::Client::new(),
            clock: config.clock.clone(),
            retry: queue::Retry {
                max_attempts: config.delivery_max_attempts,
                ..queue::Retry::default()
            },
        }
    }
}
