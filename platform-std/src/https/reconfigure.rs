//! Changing a built [`HttpsTransport`]: the reference sets its TLS and proxy
//! names on a client that already exists, between exchanges.
//!
//! Every change is applied to a copy of the transport's settings and a new
//! connection agent is built from it; only when that succeeds does the
//! transport take both, so a refused value leaves the transport as it was.
//! The new agent has no pooled connection: the next exchange connects (and
//! handshakes) again with the new settings. The application's callbacks and
//! the last negotiated session live outside the agent and survive.
//!
//! The `config` settings reach the transport through the core's
//! [`Transport::configure`](threeds_core::platform::Transport::configure),
//! so `client.config("SSLEnabledProtocols=12288")` works on a `StdClient`.

use core::fmt::Write;
use std::path::PathBuf;

use threeds_core::platform::TransportErrorKind;

use super::settings::Settings;
use super::trust::load_ca_file_paths;
use super::{HttpsError, HttpsTransport, ProxySettings};
use crate::certs::{self, Certificate, ClientIdentity};

fn invalid(name: &str, why: impl core::fmt::Display) -> HttpsError {
    HttpsError::new(TransportErrorKind::Other, format!("{name}: {why}"))
}

/// A refused certificate is of kind `Tls`: the facade answers it with 602
/// (invalid certificate), other refusals with 603.
fn bad_certificate(name: &str, why: impl core::fmt::Display) -> HttpsError {
    HttpsError::new(TransportErrorKind::Tls, format!("{name}: {why}"))
}

impl HttpsTransport {
    /// Applies `change` to a copy of the settings and takes it if a
    /// transport can be built from it.
    fn rebuild(
        &mut self,
        change: impl FnOnce(&mut Settings) -> Result<(), HttpsError>,
    ) -> Result<(), HttpsError> {
        let mut settings = self.settings.clone();
        change(&mut settings)?;
        self.agent = settings.agent(&self.shared)?;
        self.settings = settings;
        Ok(())
    }

    /// `SSLEnabledProtocols` (see [`HttpsTransportBuilder::enabled_protocols`](super::HttpsTransportBuilder::enabled_protocols)).
    ///
    /// # Errors
    /// When the flags enable neither TLS 1.2 nor TLS 1.3 (nothing changes).
    pub fn set_enabled_protocols(&mut self, flags: u32) -> Result<(), HttpsError> {
        self.rebuild(|s| {
            s.protocols = flags;
            Ok(())
        })
    }

    /// The `SSLEnabledProtocols` flags in use.
    pub fn enabled_protocols(&self) -> u32 {
        self.settings.protocols
    }

    /// `SSLServerCACerts`: the CA certificates trusted besides the base
    /// roots (PEM, one or more; an empty value removes them).
    ///
    /// # Errors
    /// A damaged certificate, or one not usable as a trust anchor.
    pub fn set_server_ca_certs_pem(&mut self, pem: &[u8]) -> Result<(), HttpsError> {
        let certs = parse_list("SSLServerCACerts", pem)?;
        self.rebuild(|s| {
            s.server_ca_certs = certs;
            s.server_ca_text = Some(String::from_utf8_lossy(pem).into_owned());
            Ok(())
        })
        .map_err(|e| bad_certificate("SSLServerCACerts", e.message()))
    }

    /// `SSLCACertFilePaths`: trusts the CA certificates of the first
    /// existing file of a `;`-separated list (an empty value removes them).
    ///
    /// # Errors
    /// None of the files exists, or the one found cannot be read.
    pub fn set_ca_cert_file_paths(&mut self, paths: &str) -> Result<(), HttpsError> {
        let certs = if paths.trim().is_empty() {
            Vec::new()
        } else {
            load_ca_file_paths(paths).map_err(|e| bad_certificate("SSLCACertFilePaths", e))?
        };
        self.rebuild(|s| {
            s.ca_file_certs = certs;
            s.ca_file_paths = paths.trim().to_owned();
            Ok(())
        })
    }

    /// `SSLCACerts`: CA certificates sent after the client certificate
    /// (PEM, one or more; an empty value removes them).
    ///
    /// # Errors
    /// A damaged certificate.
    pub fn set_client_ca_certs_pem(&mut self, pem: &[u8]) -> Result<(), HttpsError> {
        let certs = parse_list("SSLCACerts", pem)?;
        self.rebuild(|s| {
            s.client_ca_certs = certs;
            s.client_ca_text = Some(String::from_utf8_lossy(pem).into_owned());
            Ok(())
        })
    }

    /// `SSLKeyLogFile`: where session secrets are appended (`None` stops it).
    ///
    /// # Errors
    /// Never in practice (the file is opened at each handshake).
    pub fn set_key_log_file(&mut self, path: Option<PathBuf>) -> Result<(), HttpsError> {
        self.rebuild(|s| {
            s.key_log = path;
            Ok(())
        })
    }

    /// The proxy the next exchange goes through (`None`: direct).
    ///
    /// # Errors
    /// A proxy ureq cannot use (e.g. an empty host).
    pub fn set_proxy(&mut self, proxy: Option<ProxySettings>) -> Result<(), HttpsError> {
        self.rebuild(|s| {
            s.proxy = proxy;
            Ok(())
        })
    }

    /// The explicit proxy, if one is set.
    pub fn proxy(&self) -> Option<&ProxySettings> {
        self.settings.proxy.as_ref()
    }

    /// `proxy_auto_detect`: take the proxy from the environment (see
    /// [`HttpsTransportBuilder::proxy_auto_detect`](super::HttpsTransportBuilder::proxy_auto_detect)).
    ///
    /// # Errors
    /// Never in practice.
    pub fn set_proxy_auto_detect(&mut self, on: bool) -> Result<(), HttpsError> {
        self.rebuild(|s| {
            s.proxy_auto_detect = on;
            Ok(())
        })
    }

    /// Whether the proxy is taken from the environment.
    pub fn proxy_auto_detect(&self) -> bool {
        self.settings.proxy_auto_detect
    }

    /// The client certificate for mutual TLS (`ssl_cert`; `None` removes it).
    ///
    /// # Errors
    /// rustls refuses the certificate and key (e.g. they do not match).
    pub fn set_client_identity(
        &mut self,
        identity: Option<ClientIdentity>,
    ) -> Result<(), HttpsError> {
        self.rebuild(|s| {
            s.client = identity;
            Ok(())
        })
    }

    /// The client certificate chain (leaf first), if one is set.
    pub fn client_certificates(&self) -> &[Certificate] {
        self.settings.client.as_ref().map_or(&[], |id| &id.chain)
    }
}

fn parse_list(name: &str, pem: &[u8]) -> Result<Vec<Certificate>, HttpsError> {
    if pem.trim_ascii().is_empty() {
        return Ok(Vec::new());
    }
    certs::parse_pem_certificates(pem).map_err(|e| bad_certificate(name, e))
}

/// `config("Name=Value")` for the TLS settings a built transport can take.
pub(super) fn configure(
    transport: &mut HttpsTransport,
    name: &str,
    value: &str,
) -> Option<Result<(), HttpsError>> {
    // PEM lists are kept as set (they read back verbatim); the rest trimmed.
    let raw = value;
    let value = value.trim();
    Some(match name {
        "SSLEnabledProtocols" => match value.parse::<u32>() {
            Ok(flags) => transport.set_enabled_protocols(flags),
            Err(_) => Err(invalid(name, "a number (TLS 1.2: 3072, TLS 1.3: 12288)")),
        },
        "SSLServerCACerts" => transport.set_server_ca_certs_pem(raw.as_bytes()),
        "SSLCACertFilePaths" => transport.set_ca_cert_file_paths(value),
        "SSLCACerts" => transport.set_client_ca_certs_pem(raw.as_bytes()),
        "SSLKeyLogFile" => {
            transport.set_key_log_file((!value.is_empty()).then(|| PathBuf::from(value)))
        }
        _ => return None,
    })
}

/// `config("Name")` for the settings [`configure`] takes.
pub(super) fn setting(transport: &HttpsTransport, name: &str, out: &mut dyn Write) -> bool {
    let s = &transport.settings;
    // The text as set, else the certificates (set on the builder) as PEM.
    let pem_list = |out: &mut dyn Write, text: &Option<String>, certs: &[Certificate]| match text {
        Some(text) => out.write_str(text),
        None => certs.iter().try_for_each(|c| out.write_str(&c.to_pem())),
    };
    let written = match name {
        "SSLEnabledProtocols" => write!(out, "{}", s.protocols),
        "SSLServerCACerts" => pem_list(out, &s.server_ca_text, &s.server_ca_certs),
        "SSLCACertFilePaths" => out.write_str(&s.ca_file_paths),
        "SSLCACerts" => pem_list(out, &s.client_ca_text, &s.client_ca_certs),
        "SSLKeyLogFile" => out.write_str(
            &s.key_log
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        ),
        _ => return false,
    };
    written.is_ok()
}
