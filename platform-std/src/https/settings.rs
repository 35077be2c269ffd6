//! What an [`HttpsTransport`](super::HttpsTransport) is built from, kept so
//! that the transport can be rebuilt when one of them changes.

use std::path::PathBuf;
use std::sync::Arc;

use rustls::ClientConfig;
use rustls_pki_types::CertificateDer;
use threeds_core::platform::TransportErrorKind;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{ConnectProxyConnector, Connector, TcpConnector};

use super::hooks::Shared;
use super::proxy::{self, ProxySettings};
use super::trust::{self, RootSource};
use super::{HttpsError, PROTOCOL_TLS12, PROTOCOL_TLS13, connector, keylog, verifier};
use crate::certs::{Certificate, ClientIdentity};

/// Everything but the application's callbacks (those live in [`Shared`],
/// which survives a rebuild).
#[derive(Clone)]
pub(super) struct Settings {
    pub(super) protocols: u32,
    pub(super) roots: RootSource,
    /// `SSLServerCACerts`, and its text when it was set as text.
    pub(super) server_ca_certs: Vec<Certificate>,
    pub(super) server_ca_text: Option<String>,
    /// `SSLCACertFilePaths` as set, and the certificates read from it.
    pub(super) ca_file_paths: String,
    pub(super) ca_file_certs: Vec<Certificate>,
    /// `SSLCACerts`: sent after the client certificate (and its text).
    pub(super) client_ca_certs: Vec<Certificate>,
    pub(super) client_ca_text: Option<String>,
    pub(super) pinned: Vec<Certificate>,
    pub(super) client: Option<ClientIdentity>,
    pub(super) proxy: Option<ProxySettings>,
    pub(super) proxy_auto_detect: bool,
    pub(super) key_log: Option<PathBuf>,
    pub(super) allow_plain_http: bool,
    pub(super) user_agent: String,
}

impl core::fmt::Debug for Settings {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Settings")
            .field("protocols", &self.protocols)
            .field("roots", &self.roots)
            .field("server_ca_certs", &self.server_ca_certs.len())
            .field("ca_file_paths", &self.ca_file_paths)
            .field("pinned", &self.pinned.len())
            .field("client_certificate", &self.client.is_some())
            .field("proxy", &self.proxy)
            .finish_non_exhaustive()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            protocols: PROTOCOL_TLS12 | PROTOCOL_TLS13,
            roots: RootSource::default(),
            server_ca_certs: Vec::new(),
            server_ca_text: None,
            ca_file_paths: String::new(),
            ca_file_certs: Vec::new(),
            client_ca_certs: Vec::new(),
            client_ca_text: None,
            pinned: Vec::new(),
            client: None,
            proxy: None,
            proxy_auto_detect: false,
            key_log: None,
            allow_plain_http: false,
            user_agent: concat!("threeds/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

fn config_error(message: String) -> HttpsError {
    HttpsError::new(TransportErrorKind::Other, message)
}

impl Settings {
    fn tls_config(&self, shared: &Arc<Shared>) -> Result<ClientConfig, HttpsError> {
        let mut versions: Vec<&'static rustls::SupportedProtocolVersion> = Vec::new();
        if self.protocols & PROTOCOL_TLS13 != 0 {
            versions.push(&rustls::version::TLS13);
        }
        if self.protocols & PROTOCOL_TLS12 != 0 {
            versions.push(&rustls::version::TLS12);
        }
        if versions.is_empty() {
            return Err(config_error(
                "SSLEnabledProtocols enables neither TLS 1.2 nor TLS 1.3".into(),
            ));
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let extra: Vec<Certificate> = self
            .server_ca_certs
            .iter()
            .chain(&self.ca_file_certs)
            .cloned()
            .collect();
        let roots = trust::root_store(self.roots, &extra)
            .map_err(|e| config_error(format!("trusted roots: {e}")))?;
        let verifier = verifier::HookVerifier::new(
            roots,
            self.pinned.iter().map(|c| c.der().to_vec()).collect(),
            provider.clone(),
            shared.clone(),
        );
        let builder = ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(&versions)
            .map_err(|e| config_error(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier));
        let mut config = match &self.client {
            Some(id) => builder
                .with_client_auth_cert(
                    id.chain
                        .iter()
                        .chain(&self.client_ca_certs)
                        .map(|c| CertificateDer::from(c.der().to_vec()))
                        .collect(),
                    id.key.to_rustls(),
                )
                .map_err(|e| config_error(format!("client certificate: {e}")))?,
            None => builder.with_no_client_auth(),
        };
        if let Some(path) = &self.key_log {
            config.key_log = Arc::new(keylog::KeyLogToFile::new(path.clone()));
        }
        Ok(config)
    }

    /// A connection agent with these settings (no connection is opened yet).
    pub(super) fn agent(&self, shared: &Arc<Shared>) -> Result<ureq::Agent, HttpsError> {
        let tls = Arc::new(self.tls_config(shared)?);
        let proxy = match &self.proxy {
            Some(p) => Some(
                p.to_ureq()
                    .map_err(|e| config_error(format!("proxy: {e}")))?,
            ),
            None if self.proxy_auto_detect => proxy::from_env(),
            None => None,
        };
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .https_only(!self.allow_plain_http)
            .max_redirects(0)
            .proxy(proxy)
            .user_agent(self.user_agent.as_str())
            .build();
        let connector =
            ().chain(ConnectProxyConnector::default())
                .chain(TcpConnector::default())
                .chain(connector::TlsConnector {
                    config: tls,
                    shared: shared.clone(),
                });
        Ok(ureq::Agent::with_parts(
            config,
            connector,
            DefaultResolver::default(),
        ))
    }
}
