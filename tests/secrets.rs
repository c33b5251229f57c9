//! No configured secret is ever printed (issue 7, fault 8), and an unreachable PostgreSQL
//! fails start-up fast with a named cause. Runs the real binary.

use std::process::Command;
use std::time::{Duration, Instant};

use plangate::database::redact;

/// Runs `plangate serve` with `database_url`; returns its whole output and how long it ran.
fn serve_with(database_url: &str) -> (String, Duration) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_plangate"))
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("PLANGATE_LISTEN", "127.0.0.1:0")
        .env_remove("PLANGATE_API_KEY")
        .output()
        .expect("plangate runs");
    assert!(
        !output.status.success(),
        "start-up must fail for {}",
        redact(database_url)
    );
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (text, started.elapsed())
}

/// A local port nothing listens on (bound, then released).
fn refused_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

#[test]
fn failing_database_urls_never_print_the_password() {
    let port = refused_port();
    for url in [
        "mysql://x:topsecret@127.0.0.1/db".to_owned(),
        "postgres://x:topsecret@127.0.0.1:notaport/db".to_owned(),
        format!("postgres://x:top@secret@127.0.0.1:{port}/db"),
        format!("postgres://x:top%40secret@127.0.0.1:{port}/db"),
        format!("postgres://x@127.0.0.1:{port}/db?password=topsecret"),
        "postgres://x:top@secret@127.0.0.1:notaport/db".to_owned(),
    ] {
        let (output, _) = serve_with(&url);
        assert!(!output.is_empty());
        assert!(
            !output.contains("secret"),
            "output for {} leaks: {output}",
            redact(&url)
        );
    }
}

#[test]
fn a_refused_postgres_port_fails_fast_naming_host_and_port() {
    let port = refused_port();
    let (output, elapsed) = serve_with(&format!("postgres://x:topsecret@127.0.0.1:{port}/db"));
    assert!(
        elapsed < Duration::from_secs(5),
        "took {elapsed:?}: {output}"
    );
    assert!(output.contains(&format!("127.0.0.1:{port}")), "{output}");
    assert!(output.contains("refused"), "{output}");
    assert!(!output.contains("secret"), "{output}");
}

#[test]
fn redact_hides_the_password_up_to_the_last_at() {
    assert_eq!(
        redact("postgres://x:top@secret@host:5432/db"),
        "postgres://x:***@host:5432/db"
    );
    assert_eq!(
        redact("postgres://x:topsecret@127.0.0.1:notaport/db"),
        "postgres://x:***@127.0.0.1:notaport/db"
    );
    assert_eq!(
        redact("postgres://x@host/db?password=topsecret&sslmode=disable"),
        "postgres://x@host/db?password=***&sslmode=disable"
    );
    assert_eq!(redact("sqlite://plangate.db"), "sqlite://plangate.db");
    assert_eq!(
        redact("postgres://postgres@127.0.0.1:5432/postgres"),
        "postgres://postgres@127.0.0.1:5432/postgres"
    );
}
