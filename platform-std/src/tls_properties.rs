//! The reference's TLS properties on [`StdClient`](crate::StdClient):
//! `ssl_server_cert_*` (the certificate the ACS presented in the last
//! handshake) and `ssl_accept_server_cert_*` (a certificate accepted
//! whatever chain validation says), plus the `SSLNegotiated*` read-outs.
//!
//! They live here, not in the core's `Client`, because TLS is the
//! transport's: the core stays free of it.

use base64ct::{Base64, Encoding as _};
use threeds_core::client::events::ClientEvents;
use threeds_core::client::facade::Client;
use threeds_core::platform::{Clock, Rng};

use crate::HttpsTransport;
use crate::certs::{CertError, CertStore, Certificate, StoreType};
use crate::https::NegotiatedSession;

/// A certificate in any form the reference accepts where it says
/// "PEM/Base64 encoded": PEM text, bare Base64 of the DER, or DER itself.
///
/// # Errors
/// [`CertError`] when the bytes hold no readable certificate.
pub fn certificate_from_reference_form(bytes: &[u8]) -> Result<Certificate, CertError> {
    let text = core::str::from_utf8(bytes).ok().map(str::trim);
    if let Some(text) = text {
        if text.starts_with("-----BEGIN") {
            return Certificate::from_pem(text.as_bytes());
        }
        let is_base64 = !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=\r\n \t".contains(&b));
        if is_base64 {
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let der = Base64::decode_vec(&compact)
                .map_err(|_| CertError::Malformed("Base64 certificate"))?;
            return Certificate::from_der(&der);
        }
    }
    Certificate::from_der(bytes)
}

/// The reference's `ssl_server_cert_*` and `ssl_accept_server_cert_*`
/// properties and `SSLNegotiated*` settings, for a client whose transport
/// is the std [`HttpsTransport`].
pub trait TlsProperties {
    /// The certificate the server presented in the most recent handshake.
    fn ssl_server_cert(&self) -> Option<Certificate>;
    /// The certificate set with [`set_ssl_accept_server_cert_encoded`](Self::set_ssl_accept_server_cert_encoded).
    fn ssl_accept_server_cert(&self) -> Option<Certificate>;
    /// What the most recent handshake negotiated (`SSLNegotiated*`).
    fn ssl_negotiated(&self) -> Option<NegotiatedSession>;
    /// `ssl_accept_server_cert_encoded`: accept a server presenting this
    /// certificate whatever chain validation says (PEM, Base64 or DER; an
    /// empty value removes it). The next handshake uses it.
    ///
    /// # Errors
    /// [`CertError`] when the value holds no certificate.
    fn set_ssl_accept_server_cert_encoded(&mut self, cert: &[u8]) -> Result<(), CertError>;
    /// `ssl_accept_server_cert_store`/`_store_type`/`_store_password`: the
    /// certificate `subject` (`*` for the first) of a store of the
    /// reference's types (PEM, PKCS#12, PKCS#7, …, or `Auto`).
    ///
    /// # Errors
    /// [`CertError`] when the store cannot be read or holds no such certificate.
    fn set_ssl_accept_server_cert_store(
        &mut self,
        store_type: StoreType,
        store: &[u8],
        password: &str,
        subject: &str,
    ) -> Result<(), CertError>;

    cert_readouts! { ssl_server_cert:
        ssl_server_cert_encoded => |c| c.to_pem(), String;
        ssl_server_cert_subject => |c| c.subject(), String;
        ssl_server_cert_issuer => |c| c.issuer(), String;
        ssl_server_cert_effective_date => |c| c.effective_date(), String;
        ssl_server_cert_expiration_date => |c| c.expiration_date(), String;
        ssl_server_cert_fingerprint => |c| c.fingerprint_md5(), String;
        ssl_server_cert_fingerprint_sha1 => |c| c.fingerprint_sha1(), String;
        ssl_server_cert_fingerprint_sha256 => |c| c.fingerprint_sha256(), String;
        ssl_server_cert_thumbprint_md5 => |c| c.fingerprint_md5(), String;
        ssl_server_cert_thumbprint_sha1 => |c| c.fingerprint_sha1(), String;
        ssl_server_cert_thumbprint_sha256 => |c| c.fingerprint_sha256(), String;
        ssl_server_cert_serial_number => |c| c.serial_number(), String;
        ssl_server_cert_signature_algorithm => |c| c.signature_algorithm(), String;
        ssl_server_cert_public_key => |c| c.public_key_pem(), String;
        ssl_server_cert_public_key_algorithm => |c| c.public_key_algorithm(), String;
        ssl_server_cert_public_key_length => |c| c.public_key_length(), usize;
        ssl_server_cert_subject_alt_names => |c| c.subject_alt_names(), String;
        ssl_server_cert_usage => |c| c.usage(), String;
        ssl_server_cert_usage_flags => |c| c.usage_flags(), u32;
        ssl_server_cert_extended_key_usage => |c| c.extended_key_usage(), String;
        ssl_server_cert_version => |c| c.version().to_owned(), String;
    }

    cert_readouts! { ssl_accept_server_cert:
        ssl_accept_server_cert_encoded => |c| c.to_pem(), String;
        ssl_accept_server_cert_subject => |c| c.subject(), String;
        ssl_accept_server_cert_issuer => |c| c.issuer(), String;
        ssl_accept_server_cert_effective_date => |c| c.effective_date(), String;
        ssl_accept_server_cert_expiration_date => |c| c.expiration_date(), String;
        ssl_accept_server_cert_fingerprint => |c| c.fingerprint_md5(), String;
        ssl_accept_server_cert_fingerprint_sha1 => |c| c.fingerprint_sha1(), String;
        ssl_accept_server_cert_fingerprint_sha256 => |c| c.fingerprint_sha256(), String;
        ssl_accept_server_cert_thumbprint_md5 => |c| c.fingerprint_md5(), String;
        ssl_accept_server_cert_thumbprint_sha1 => |c| c.fingerprint_sha1(), String;
        ssl_accept_server_cert_thumbprint_sha256 => |c| c.fingerprint_sha256(), String;
        ssl_accept_server_cert_serial_number => |c| c.serial_number(), String;
        ssl_accept_server_cert_signature_algorithm => |c| c.signature_algorithm(), String;
        ssl_accept_server_cert_public_key => |c| c.public_key_pem(), String;
        ssl_accept_server_cert_public_key_algorithm => |c| c.public_key_algorithm(), String;
        ssl_accept_server_cert_public_key_length => |c| c.public_key_length(), usize;
        ssl_accept_server_cert_subject_alt_names => |c| c.subject_alt_names(), String;
        ssl_accept_server_cert_usage => |c| c.usage(), String;
        ssl_accept_server_cert_usage_flags => |c| c.usage_flags(), u32;
        ssl_accept_server_cert_extended_key_usage => |c| c.extended_key_usage(), String;
        ssl_accept_server_cert_version => |c| c.version().to_owned(), String;
    }

    cert_readouts! { ssl_negotiated:
        ssl_negotiated_version => |s| s.version.to_owned(), String;
        ssl_negotiated_cipher_suite => |s| s.cipher_suite, String;
        ssl_negotiated_cipher_strength => |s| s.cipher_strength, u32;
        ssl_negotiated_key_exchange => |s| s.key_exchange, String;
    }
}

impl<R: Rng, C: Clock, E: ClientEvents> TlsProperties for Client<HttpsTransport, R, C, E> {
    fn ssl_server_cert(&self) -> Option<Certificate> {
        self.transport().negotiated()?.server_certificate()
    }

    fn ssl_accept_server_cert(&self) -> Option<Certificate> {
        let der = self
            .transport()
            .accepted_server_certs()
            .into_iter()
            .next()?;
        Certificate::from_der(&der).ok()
    }

    fn ssl_negotiated(&self) -> Option<NegotiatedSession> {
        self.transport().negotiated()
    }

    fn set_ssl_accept_server_cert_encoded(&mut self, cert: &[u8]) -> Result<(), CertError> {
        let certs = if cert.iter().all(u8::is_ascii_whitespace) {
            Vec::new()
        } else {
            vec![certificate_from_reference_form(cert)?.der().to_vec()]
        };
        self.transport_mut().set_accepted_server_certs(certs);
        Ok(())
    }

    fn set_ssl_accept_server_cert_store(
        &mut self,
        store_type: StoreType,
        store: &[u8],
        password: &str,
        subject: &str,
    ) -> Result<(), CertError> {
        let store = CertStore::open(store_type, store, password)?;
        let cert = store.find(subject).ok_or(CertError::NotFound)?;
        self.transport_mut()
            .set_accepted_server_certs(vec![cert.der().to_vec()]);
        Ok(())
    }
}
