//! The reference's `proxy_*` and `ssl_cert_*` properties on
//! [`StdClient`](crate::StdClient), settable on a client that already exists.
//!
//! Each change reconfigures the client's [`HttpsTransport`] (see
//! [`crate::https::reconfigure`]); the next exchange opens a new connection
//! with it. Like `TlsProperties`, they live here because TLS and proxies are
//! the transport's: the core stays free of both.

use threeds_core::client::error::ErrorCode;
use threeds_core::client::events::ClientEvents;
use threeds_core::client::facade::{Client, ClientError};
use threeds_core::platform::{Clock, Rng};

use crate::HttpsTransport;
use crate::certs::{CertError, CertStore, Certificate, StoreType};
use crate::https::{HttpsError, ProxySettings};
use crate::tls_properties::certificate_from_reference_form;

/// `proxy_auth_scheme` authBasic: Basic credentials when a user is set.
pub const AUTH_BASIC: u32 = 0;
/// `proxy_auth_scheme` authNone: no proxy authentication.
pub const AUTH_NONE: u32 = 3;
/// `proxy_ssl` psAutomatic: a CONNECT tunnel for `https` URLs.
pub const PROXY_SSL_AUTOMATIC: u32 = 0;
/// `proxy_ssl` psTunnel: a CONNECT tunnel.
pub const PROXY_SSL_TUNNEL: u32 = 3;

/// The proxy properties as the application set them; the transport's proxy
/// is derived from them after each change.
#[derive(Clone)]
pub(crate) struct ProxyFields {
    server: String,
    port: u16,
    user: String,
    password: zeroize::Zeroizing<String>,
    auth_scheme: u32,
    ssl: u32,
}

impl core::fmt::Debug for ProxyFields {
    // The password never reaches a log.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ProxyFields")
            .field("server", &self.server)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("auth_scheme", &self.auth_scheme)
            .field("ssl", &self.ssl)
            .finish_non_exhaustive()
    }
}

impl Default for ProxyFields {
    fn default() -> Self {
        Self {
            server: String::new(),
            port: 80,
            user: String::new(),
            password: zeroize::Zeroizing::default(),
            auth_scheme: AUTH_BASIC,
            ssl: PROXY_SSL_AUTOMATIC,
        }
    }
}

impl ProxyFields {
    /// The properties describing a builder's proxy (so that changing one
    /// property keeps the others).
    pub(crate) fn of(proxy: Option<&ProxySettings>) -> Self {
        let Some(p) = proxy else {
            return Self::default();
        };
        Self {
            server: p.server.clone(),
            port: p.port,
            user: p.user.clone().unwrap_or_default(),
            password: p.password.clone().unwrap_or_default(),
            ..Self::default()
        }
    }

    fn settings(&self) -> Option<ProxySettings> {
        let server = self.server.trim();
        if server.is_empty() {
            return None;
        }
        let proxy = ProxySettings::new(server, self.port);
        Some(if self.auth_scheme == AUTH_BASIC && !self.user.is_empty() {
            proxy.with_basic_auth(self.user.as_str(), self.password.as_str())
        } else {
            proxy
        })
    }
}

fn transport_error(name: &str, e: &HttpsError) -> ClientError {
    ClientError {
        code: ErrorCode::InvalidOperation,
        message: format!("{name}: {e}"),
    }
}

fn cert_error(name: &str, e: &CertError) -> ClientError {
    ClientError {
        code: ErrorCode::InvalidCertificate,
        message: format!("{name}: {e}"),
    }
}

/// The reference's proxy and client-certificate properties, for a client
/// whose transport is the std [`HttpsTransport`].
///
/// Proxies: an HTTP proxy reached with CONNECT (`proxy_ssl` automatic or
/// tunnel), Basic or no authentication. TLS to the proxy (psAlways), plain
/// requests through it (psNever) and Digest/NTLM/Negotiate/proprietary
/// authentication are refused with an error naming what is supported.
pub trait ConnectionProperties {
    /// `proxy_server` (empty: no proxy).
    fn proxy_server(&self) -> String;
    /// Sets `proxy_server`; the next exchange goes through it.
    ///
    /// # Errors
    /// 603 when the proxy cannot be used (nothing changes).
    fn set_proxy_server(&mut self, server: &str) -> Result<(), ClientError>;
    /// `proxy_port` (default 80).
    fn proxy_port(&self) -> u16;
    /// Sets `proxy_port`.
    ///
    /// # Errors
    /// 603 for port 0.
    fn set_proxy_port(&mut self, port: u16) -> Result<(), ClientError>;
    /// `proxy_user`.
    fn proxy_user(&self) -> String;
    /// Sets `proxy_user` (Basic authentication when `proxy_auth_scheme` is 0).
    ///
    /// # Errors
    /// 603 when the proxy cannot be used.
    fn set_proxy_user(&mut self, user: &str) -> Result<(), ClientError>;
    /// `proxy_password`.
    fn proxy_password(&self) -> String;
    /// Sets `proxy_password`.
    ///
    /// # Errors
    /// 603 when the proxy cannot be used.
    fn set_proxy_password(&mut self, password: &str) -> Result<(), ClientError>;
    /// `proxy_auth_scheme`: [`AUTH_BASIC`] (0, the default) or [`AUTH_NONE`] (3).
    fn proxy_auth_scheme(&self) -> u32;
    /// Sets `proxy_auth_scheme`; as in the reference, this clears
    /// `proxy_user` and `proxy_password`.
    ///
    /// # Errors
    /// 603 for a scheme other than Basic (0) or none (3).
    fn set_proxy_auth_scheme(&mut self, scheme: u32) -> Result<(), ClientError>;
    /// `proxy_ssl`: [`PROXY_SSL_AUTOMATIC`] (0) or [`PROXY_SSL_TUNNEL`] (3).
    fn proxy_ssl(&self) -> u32;
    /// Sets `proxy_ssl`.
    ///
    /// # Errors
    /// 603 for psAlways (1) and psNever (2).
    fn set_proxy_ssl(&mut self, mode: u32) -> Result<(), ClientError>;
    /// `proxy_auto_detect`.
    fn proxy_auto_detect(&self) -> bool;
    /// Sets `proxy_auto_detect`: with no `proxy_server`, the proxy comes
    /// from `HTTPS_PROXY`/`ALL_PROXY` and `NO_PROXY`.
    ///
    /// # Errors
    /// Never in practice.
    fn set_proxy_auto_detect(&mut self, on: bool) -> Result<(), ClientError>;

    /// `ssl_cert_store`, `_store_type`, `_store_password` and
    /// `ssl_cert_subject`: the client certificate `subject` (`*` for the
    /// first that has its key) of a store of the reference's types, with its
    /// private key and the store's other certificates as its chain. An empty
    /// store removes the client certificate.
    ///
    /// # Errors
    /// 602 when the store cannot be read or holds no such certificate with
    /// its key (nothing changes).
    fn set_ssl_cert_store(
        &mut self,
        store_type: StoreType,
        store: &[u8],
        password: &str,
        subject: &str,
    ) -> Result<(), ClientError>;
    /// `ssl_cert_encoded` (PEM, Base64 or DER): this certificate, its
    /// private key searched in the store given (which may be the value
    /// itself, e.g. PEM with the key). An empty value removes it.
    ///
    /// # Errors
    /// 602 when the certificate is unreadable or the store has no key for it.
    fn set_ssl_cert_encoded(
        &mut self,
        cert: &[u8],
        store_type: StoreType,
        store: &[u8],
        password: &str,
    ) -> Result<(), ClientError>;
    /// The client certificate in use, if any.
    fn ssl_cert(&self) -> Option<Certificate>;
    /// `ssl_cert_private_key_available`: a client certificate is set (it is
    /// only ever set with its key).
    fn ssl_cert_private_key_available(&self) -> bool {
        self.ssl_cert().is_some()
    }

    cert_readouts! { ssl_cert:
        ssl_cert_encoded => |c| c.to_pem(), String;
        ssl_cert_subject => |c| c.subject(), String;
        ssl_cert_issuer => |c| c.issuer(), String;
        ssl_cert_effective_date => |c| c.effective_date(), String;
        ssl_cert_expiration_date => |c| c.expiration_date(), String;
        ssl_cert_fingerprint => |c| c.fingerprint_md5(), String;
        ssl_cert_fingerprint_sha1 => |c| c.fingerprint_sha1(), String;
        ssl_cert_fingerprint_sha256 => |c| c.fingerprint_sha256(), String;
        ssl_cert_thumbprint_md5 => |c| c.fingerprint_md5(), String;
        ssl_cert_thumbprint_sha1 => |c| c.fingerprint_sha1(), String;
        ssl_cert_thumbprint_sha256 => |c| c.fingerprint_sha256(), String;
        ssl_cert_serial_number => |c| c.serial_number(), String;
        ssl_cert_signature_algorithm => |c| c.signature_algorithm(), String;
        ssl_cert_public_key => |c| c.public_key_pem(), String;
        ssl_cert_public_key_algorithm => |c| c.public_key_algorithm(), String;
        ssl_cert_public_key_length => |c| c.public_key_length(), usize;
        ssl_cert_subject_alt_names => |c| c.subject_alt_names(), String;
        ssl_cert_usage => |c| c.usage(), String;
        ssl_cert_usage_flags => |c| c.usage_flags(), u32;
        ssl_cert_extended_key_usage => |c| c.extended_key_usage(), String;
        ssl_cert_version => |c| c.version().to_owned(), String;
    }
}

impl HttpsTransport {
    /// Applies a change of the proxy properties: the transport takes the
    /// proxy they describe, or refuses and keeps both as they were.
    fn change_proxy(
        &mut self,
        name: &str,
        change: impl FnOnce(&mut ProxyFields),
    ) -> Result<(), ClientError> {
        let mut fields = self.proxy_fields.clone();
        change(&mut fields);
        self.set_proxy(fields.settings())
            .map_err(|e| transport_error(name, &e))?;
        self.proxy_fields = fields;
        Ok(())
    }
}

impl<R: Rng, C: Clock, E: ClientEvents> ConnectionProperties for Client<HttpsTransport, R, C, E> {
    fn proxy_server(&self) -> String {
        self.transport().proxy_fields.server.clone()
    }

    fn set_proxy_server(&mut self, server: &str) -> Result<(), ClientError> {
        self.transport_mut()
            .change_proxy("proxy_server", |f| f.server = server.trim().to_owned())
    }

    fn proxy_port(&self) -> u16 {
        self.transport().proxy_fields.port
    }

    fn set_proxy_port(&mut self, port: u16) -> Result<(), ClientError> {
        if port == 0 {
            return Err(ClientError {
                code: ErrorCode::InvalidOperation,
                message: "proxy_port: a TCP port from 1 to 65535".into(),
            });
        }
        self.transport_mut()
            .change_proxy("proxy_port", |f| f.port = port)
    }

    fn proxy_user(&self) -> String {
        self.transport().proxy_fields.user.clone()
    }

    fn set_proxy_user(&mut self, user: &str) -> Result<(), ClientError> {
        self.transport_mut()
            .change_proxy("proxy_user", |f| f.user = user.to_owned())
    }

    fn proxy_password(&self) -> String {
        self.transport().proxy_fields.password.to_string()
    }

    fn set_proxy_password(&mut self, password: &str) -> Result<(), ClientError> {
        self.transport_mut().change_proxy("proxy_password", |f| {
            f.password = zeroize::Zeroizing::new(password.to_owned());
        })
    }

    fn proxy_auth_scheme(&self) -> u32 {
        self.transport().proxy_fields.auth_scheme
    }

    fn set_proxy_auth_scheme(&mut self, scheme: u32) -> Result<(), ClientError> {
        if scheme != AUTH_BASIC && scheme != AUTH_NONE {
            return Err(ClientError {
                code: ErrorCode::InvalidOperation,
                message: format!(
                    "proxy_auth_scheme {scheme}: the std transport authenticates to a proxy \
                     with Basic (0) or not at all (3); Digest, NTLM, Negotiate and \
                     proprietary tokens are not supported"
                ),
            });
        }
        self.transport_mut().change_proxy("proxy_auth_scheme", |f| {
            f.auth_scheme = scheme;
            f.user.clear();
            f.password = zeroize::Zeroizing::default();
        })
    }

    fn proxy_ssl(&self) -> u32 {
        self.transport().proxy_fields.ssl
    }

    fn set_proxy_ssl(&mut self, mode: u32) -> Result<(), ClientError> {
        if mode != PROXY_SSL_AUTOMATIC && mode != PROXY_SSL_TUNNEL {
            return Err(ClientError {
                code: ErrorCode::InvalidOperation,
                message: format!(
                    "proxy_ssl {mode}: the std transport reaches the ACS (always https) \
                     through a CONNECT tunnel: psAutomatic (0) or psTunnel (3); TLS to the \
                     proxy itself (1) and untunnelled requests (2) are not supported"
                ),
            });
        }
        self.transport_mut()
            .change_proxy("proxy_ssl", |f| f.ssl = mode)
    }

    fn proxy_auto_detect(&self) -> bool {
        self.transport().proxy_auto_detect()
    }

    fn set_proxy_auto_detect(&mut self, on: bool) -> Result<(), ClientError> {
        self.transport_mut()
            .set_proxy_auto_detect(on)
            .map_err(|e| transport_error("proxy_auto_detect", &e))
    }

    fn set_ssl_cert_store(
        &mut self,
        store_type: StoreType,
        store: &[u8],
        password: &str,
        subject: &str,
    ) -> Result<(), ClientError> {
        let identity = if store.trim_ascii().is_empty() {
            None
        } else {
            let opened = CertStore::open(store_type, store, password)
                .map_err(|e| cert_error("ssl_cert_store", &e))?;
            Some(
                opened
                    .client_identity(subject)
                    .map_err(|e| cert_error("ssl_cert_subject", &e))?,
            )
        };
        self.transport_mut()
            .set_client_identity(identity)
            .map_err(|e| transport_error("ssl_cert", &e))
    }

    fn set_ssl_cert_encoded(
        &mut self,
        cert: &[u8],
        store_type: StoreType,
        store: &[u8],
        password: &str,
    ) -> Result<(), ClientError> {
        let identity = if cert.trim_ascii().is_empty() {
            None
        } else {
            let leaf = certificate_from_reference_form(cert)
                .or_else(|_| {
                    // PEM with the key: the certificate is the store's first.
                    CertStore::open(StoreType::Auto, cert, password)?
                        .certificates()
                        .first()
                        .cloned()
                        .ok_or(CertError::NotFound)
                })
                .map_err(|e| cert_error("ssl_cert_encoded", &e))?;
            let keys = if store.trim_ascii().is_empty() {
                CertStore::open(StoreType::Auto, cert, password)
            } else {
                CertStore::open(store_type, store, password)
            }
            .map_err(|e| cert_error("ssl_cert_store", &e))?;
            Some(
                keys.identity_for(&leaf)
                    .map_err(|e| cert_error("ssl_cert_encoded", &e))?,
            )
        };
        self.transport_mut()
            .set_client_identity(identity)
            .map_err(|e| transport_error("ssl_cert", &e))
    }

    fn ssl_cert(&self) -> Option<Certificate> {
        self.transport().client_certificates().first().cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::ProxyFields;
    use crate::https::ProxySettings;

    #[test]
    fn proxy_fields_keep_a_builder_proxy_and_hide_its_password() {
        let proxy = ProxySettings::new("proxy.corp", 3128).with_basic_auth("kiosk", "s3cret-pw");
        let fields = ProxyFields::of(Some(&proxy));
        let derived = fields.settings().unwrap();
        assert_eq!(
            (derived.server.as_str(), derived.port),
            ("proxy.corp", 3128)
        );
        assert_eq!(derived.user.as_deref(), Some("kiosk"));
        assert_eq!(
            derived.password.as_ref().map(|p| p.as_str()),
            Some("s3cret-pw")
        );
        assert!(!format!("{fields:?}").contains("s3cret-pw"));
    }
}
