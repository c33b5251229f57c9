//! Secrets at rest: a vendor's API key and the billing information waiting in the delivery
//! queue are stored sealed with XChaCha20-Poly1305 (RustCrypto's `chacha20poly1305`, an
//! audited, maintained AEAD) under a key derived from `PLANGATE_SECRET_KEY`. The clear text
//! never reaches the database file (nor SQLite's write-ahead log), so erasing a sealed value
//! leaves no readable trace of it behind.
//!
//! Sealed text: `v1.` + base64 (standard, padded) of a random 24-byte nonce followed by the
//! ciphertext and its 16-byte tag. The associated data binds a sealed value to what it is
//! for and to its row (`purpose`, `id`), so a value copied into another row does not open.

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore as _;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Fewest characters `PLANGATE_SECRET_KEY` may have (e.g. `openssl rand -hex 32` gives 64).
pub const MIN_SECRET_KEY_CHARS: usize = 32;

const PREFIX: &str = "v1.";
const NONCE_BYTES: usize = 24;

/// The key that seals and opens secrets at rest: SHA-256 of a domain label and
/// `PLANGATE_SECRET_KEY` (which must be at least 32 characters of high-entropy text, e.g.
/// `openssl rand -hex 32`). Its `Debug` never shows it.
#[derive(Clone)]
pub struct SecretKey(XChaCha20Poly1305);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

/// A sealed value that does not open: another `PLANGATE_SECRET_KEY` sealed it, it belongs to
/// another row, or it was altered.
#[derive(Debug, thiserror::Error)]
#[error("a sealed secret does not open with this PLANGATE_SECRET_KEY (another key sealed it, or it was altered)")]
pub struct SealBroken;

impl SecretKey {
    /// The key of `text` (`PLANGATE_SECRET_KEY`). Errors: fewer than 32 characters.
    pub fn parse(text: &str) -> Result<SecretKey, String> {
        let text = text.trim();
        if text.chars().count() < MIN_SECRET_KEY_CHARS {
            return Err(format!(
                "PLANGATE_SECRET_KEY must be at least {MIN_SECRET_KEY_CHARS} characters of random text (e.g. the output of `openssl rand -hex 32`)"
            ));
        }
        let mut digest = Sha256::new();
        digest.update(b"plangate secrets at rest v1\0");
        digest.update(text.as_bytes());
        let key = digest.finalize();
        Ok(SecretKey(XChaCha20Poly1305::new(&key)))
    }

    /// `plaintext` sealed for `purpose` and row `id` (a fresh random nonce each time).
    pub fn seal(&self, purpose: &str, id: Uuid, plaintext: &[u8]) -> String {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rng().fill_bytes(&mut nonce);
        let aad = associated_data(purpose, id);
        let sealed = self
            .0
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            // Encryption fails only for messages beyond 256 GiB.
            .unwrap_or_default();
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!(
            "{PREFIX}{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    }

    /// Opens what [`SecretKey::seal`] sealed for the same `purpose` and `id`.
    /// Errors: [`SealBroken`].
    pub fn open(&self, purpose: &str, id: Uuid, sealed: &str) -> Result<Vec<u8>, SealBroken> {
        let bytes = sealed
            .strip_prefix(PREFIX)
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .filter(|b| b.len() > NONCE_BYTES)
            .ok_or(SealBroken)?;
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let aad = associated_data(purpose, id);
        self.0
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| SealBroken)
    }
}

fn associated_data(purpose: &str, id: Uuid) -> Vec<u8> {
    let mut aad = purpose.as_bytes().to_vec();
    aad.push(0);
    aad.extend_from_slice(id.as_bytes());
    aad
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn sealed_values_open_only_for_their_row_and_key() {
        let key = SecretKey::parse(KEY).unwrap();
        let id = Uuid::new_v4();
        let sealed = key.seal("stripe-secret", id, b"sk_test_123");
        assert!(!sealed.contains("sk_test_123"));
        assert_eq!(
            key.open("stripe-secret", id, &sealed).unwrap(),
            b"sk_test_123"
        );
        assert!(key.open("stripe-secret", Uuid::new_v4(), &sealed).is_err());
        assert!(key.open("billing-payload", id, &sealed).is_err());
        let other = SecretKey::parse("another key of at least 32 characters!").unwrap();
        assert!(other.open("stripe-secret", id, &sealed).is_err());
        assert!(key.open("stripe-secret", id, "v1.AAAA").is_err());
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(SecretKey::parse("short").is_err());
        assert!(format!("{:?}", SecretKey::parse(KEY).unwrap()).contains('…'));
    }
}
