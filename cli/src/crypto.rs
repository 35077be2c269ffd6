//! `--crypto NAME`: the crypto provider of the commands that run a
//! transaction (`auth-request`, `check-auth-response`, `challenge`, `demo`).
//!
//! The names are the providers compiled into this binary
//! (`threeds_std::StdPlatform::crypto_providers`); a known backend left out
//! of the build is refused with the cargo feature that brings it.

use clap::Args;
use threeds_core::crypto::CryptoProvider;
use threeds_std::StdPlatform;

/// A provider chosen on the command line.
#[derive(Clone, Copy)]
pub struct Provider(pub &'static dyn CryptoProvider);

impl core::fmt::Debug for Provider {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.0.name())
    }
}

/// The host backends threeds-std can offer and the features that build them.
const FEATURES: [(&str, &str); 2] = [("aws-lc", "aws-lc-crypto"), ("ring", "ring-crypto")];

fn names() -> String {
    let names: Vec<&str> = StdPlatform::crypto_providers()
        .iter()
        .map(|p| p.name())
        .collect();
    names.join(", ")
}

fn parse(name: &str) -> Result<Provider, String> {
    if let Some(p) = StdPlatform::crypto_provider(name) {
        return Ok(Provider(p));
    }
    let why = match FEATURES.iter().find(|(n, _)| *n == name) {
        Some((_, feature)) => {
            format!("this threeds was built without it (cargo feature {feature})")
        }
        None => "no such crypto provider".to_owned(),
    };
    Err(format!("{why}; this build has: {}", names()))
}

fn help() -> String {
    format!(
        "The crypto provider (P-256 keys, ECDH, ES256 verification): {} \
         [default: {}]",
        names(),
        StdPlatform::default_crypto().name()
    )
}

/// The `--crypto` option, flattened into each command's arguments.
#[derive(Debug, Clone, Args)]
pub struct CryptoArg {
    #[arg(long = "crypto", value_name = "NAME", value_parser = parse, help = help())]
    choice: Option<Provider>,
}

impl CryptoArg {
    /// The chosen provider, or the build's default.
    pub fn provider(&self) -> &'static dyn CryptoProvider {
        self.choice
            .map_or_else(StdPlatform::default_crypto, |p| p.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_compiled_name_parses_to_itself() {
        for p in StdPlatform::crypto_providers() {
            assert_eq!(parse(p.name()).unwrap().0.name(), p.name());
        }
    }

    #[test]
    fn a_missing_backend_names_its_feature() {
        for (name, feature) in FEATURES {
            match parse(name) {
                Ok(p) => assert_eq!(p.0.name(), name),
                Err(e) => assert_eq!(
                    e,
                    format!(
                        "this threeds was built without it (cargo feature {feature}); \
                         this build has: {}",
                        names()
                    )
                ),
            }
        }
        assert_eq!(
            parse("openssl").unwrap_err(),
            format!("no such crypto provider; this build has: {}", names())
        );
    }

    #[test]
    fn without_the_option_the_default_runs() {
        let arg = CryptoArg { choice: None };
        assert_eq!(arg.provider().name(), StdPlatform::default_crypto().name());
    }
}
