//! The std platform bundle, and the crypto providers a std build offers by
//! name (the CLI's `--crypto`, the bindings' `crypto_provider`).

use threeds_core::crypto::{CryptoProvider, RUST_CRYPTO};

use crate::https::{HttpsError, HttpsTransport};
use crate::os::{OsRng, SystemClock};

/// Every provider compiled into this build, the default first. The host
/// backends are here only when their feature is on, so a name is offered
/// exactly when its code is linked.
static PROVIDERS: &[&dyn CryptoProvider] = &[
    #[cfg(feature = "aws-lc-crypto")]
    &crate::crypto::AWS_LC,
    &RUST_CRYPTO,
    #[cfg(feature = "ring-crypto")]
    &crate::crypto::RING,
];

/// Everything the SDK needs from a std platform: OS randomness, the system
/// clock, HTTPS, and the [`CryptoProvider`] its transactions use.
pub struct StdPlatform {
    /// The OS CSPRNG.
    pub rng: OsRng,
    /// Wall-clock and monotonic time.
    pub clock: SystemClock,
    /// HTTPS to the ACS.
    pub transport: HttpsTransport,
    /// The P-256 backend (ephemeral keys, ECDH, ES256 verification);
    /// [`StdPlatform::default_crypto`] unless chosen with
    /// [`with_crypto`](Self::with_crypto).
    pub crypto: &'static dyn CryptoProvider,
}

impl core::fmt::Debug for StdPlatform {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("StdPlatform")
            .field("rng", &self.rng)
            .field("clock", &self.clock)
            .field("transport", &self.transport)
            .field("crypto", &self.crypto.name())
            .finish()
    }
}

impl StdPlatform {
    /// A bundle around a configured transport, with
    /// [`default_crypto`](Self::default_crypto).
    pub fn new(transport: HttpsTransport) -> Self {
        Self {
            rng: OsRng::default(),
            clock: SystemClock::new(),
            transport,
            crypto: Self::default_crypto(),
        }
    }

    /// The default bundle: Mozilla roots, TLS 1.2 and 1.3, no proxy.
    ///
    /// # Errors
    /// Never in practice; the default configuration is always valid.
    pub fn with_defaults() -> Result<Self, HttpsError> {
        Ok(Self::new(HttpsTransport::builder().build()?))
    }

    /// The same bundle with another [`CryptoProvider`] (one of
    /// [`crypto_providers`](Self::crypto_providers), or the application's own).
    #[must_use]
    pub fn with_crypto(mut self, provider: &'static dyn CryptoProvider) -> Self {
        self.crypto = provider;
        self
    }

    /// The provider a [`StdPlatform`] starts with: AWS-LC when the
    /// `aws-lc-crypto` feature is on (assembly P-256, the fastest measured
    /// in `BENCHMARKS.md`), else the core's
    /// [`RUST_CRYPTO`](threeds_core::crypto::RUST_CRYPTO). Every provider
    /// produces the same bytes on the wire for the same randomness.
    pub fn default_crypto() -> &'static dyn CryptoProvider {
        // PROVIDERS is never empty: RUST_CRYPTO is always compiled in.
        PROVIDERS.first().copied().unwrap_or(&RUST_CRYPTO)
    }

    /// Every provider compiled into this build, the default first:
    /// `"aws-lc"` (feature `aws-lc-crypto`), `"rustcrypto"` (always),
    /// `"ring"` (feature `ring-crypto`).
    pub fn crypto_providers() -> &'static [&'static dyn CryptoProvider] {
        PROVIDERS
    }

    /// The compiled-in provider whose [`name`](CryptoProvider::name) is
    /// `name`, or `None` (a provider whose feature is off is not found).
    pub fn crypto_provider(name: &str) -> Option<&'static dyn CryptoProvider> {
        PROVIDERS.iter().copied().find(|p| p.name() == name)
    }
}

/// The reference-compatible client on std: HTTPS, OS randomness and the
/// system clock plugged into [`threeds_core::client::facade::Client`].
pub type StdClient<E = threeds_core::client::events::NoEvents> =
    threeds_core::client::facade::Client<HttpsTransport, OsRng, SystemClock, E>;

impl StdPlatform {
    /// Turns the bundle into a [`StdClient`] that reports to `events` and
    /// runs its transactions on the bundle's [`crypto`](Self::crypto)
    /// (kept across `reset`, resume and import; `set_crypto` changes it).
    pub fn into_client<E: threeds_core::client::events::ClientEvents>(
        self,
        events: E,
    ) -> StdClient<E> {
        let mut client =
            threeds_core::client::facade::Client::new(self.transport, self.rng, self.clock, events);
        client.set_crypto(self.crypto);
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use threeds_core::client::events::NoEvents;

    #[test]
    fn std_client_is_wired_and_refuses_work_without_a_ds_key() {
        // The full flow through the std pieces runs in tests/tests/e2e_https.rs;
        // here: the alias assembles, and a missing DS key is a typed error.
        let platform = StdPlatform::with_defaults().unwrap();
        let mut client = platform.into_client(NoEvents);
        assert!(
            client.get_auth_request().is_err(),
            "no DS key configured yet"
        );
    }

    #[test]
    fn providers_are_the_compiled_features_by_unique_name() {
        let names: Vec<&str> = StdPlatform::crypto_providers()
            .iter()
            .map(|p| p.name())
            .collect();
        let mut expected = Vec::new();
        if cfg!(feature = "aws-lc-crypto") {
            expected.push("aws-lc");
        }
        expected.push("rustcrypto");
        if cfg!(feature = "ring-crypto") {
            expected.push("ring");
        }
        assert_eq!(names, expected);
        for name in names {
            let found = StdPlatform::crypto_provider(name).map(|p| p.name());
            assert_eq!(found, Some(name));
        }
        for absent in ["", "RustCrypto", "aws_lc", "openssl", "rustcrypto "] {
            assert!(StdPlatform::crypto_provider(absent).is_none(), "{absent:?}");
        }
        if !cfg!(feature = "ring-crypto") {
            assert!(StdPlatform::crypto_provider("ring").is_none());
        }
        if !cfg!(feature = "aws-lc-crypto") {
            assert!(StdPlatform::crypto_provider("aws-lc").is_none());
        }
    }

    #[test]
    fn the_client_runs_on_the_bundle_s_provider() {
        let default = if cfg!(feature = "aws-lc-crypto") {
            "aws-lc"
        } else {
            "rustcrypto"
        };
        let platform = StdPlatform::with_defaults().unwrap();
        assert_eq!(platform.crypto.name(), default);
        assert_eq!(StdPlatform::default_crypto().name(), default);
        assert!(format!("{platform:?}").contains(&format!("crypto: {default:?}")));
        assert_eq!(platform.into_client(NoEvents).crypto().name(), default);
        for provider in StdPlatform::crypto_providers() {
            let client = StdPlatform::with_defaults()
                .unwrap()
                .with_crypto(*provider)
                .into_client(NoEvents);
            assert_eq!(client.crypto().name(), provider.name());
        }
    }
}
