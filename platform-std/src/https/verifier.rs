//! Server certificate verification: webpki (or a pinned certificate), then the
//! application's callback, which may override the verdict either way.

use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::{CertificateError, DigitallySignedStruct, Error, RootCertStore, SignatureScheme};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use super::hooks::{ServerAuthentication, Shared};
use crate::certs::Certificate;

#[derive(Debug)]
pub(crate) struct HookVerifier {
    webpki: Option<Arc<WebPkiServerVerifier>>,
    pinned: Vec<Vec<u8>>,
    provider: Arc<CryptoProvider>,
    shared: Arc<Shared>,
}

impl HookVerifier {
    pub(crate) fn new(
        roots: RootCertStore,
        pinned: Vec<Vec<u8>>,
        provider: Arc<CryptoProvider>,
        shared: Arc<Shared>,
    ) -> Self {
        // An empty root store is legal when the app pins or decides in the
        // callback; webpki refuses to build one, so there is no chain check then.
        let webpki = if roots.is_empty() {
            None
        } else {
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .build()
                .ok()
        };
        Self {
            webpki,
            pinned,
            provider,
            shared,
        }
    }

    fn verdict(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<(), Error> {
        // Pinning replaces chain validation: the reference's
        // ssl_accept_server_cert accepts exactly that certificate.
        if !self.pinned.is_empty() {
            return if self
                .pinned
                .iter()
                .any(|p| p.as_slice() == end_entity.as_ref())
            {
                Ok(())
            } else {
                Err(Error::InvalidCertificate(
                    CertificateError::ApplicationVerificationFailure,
                ))
            };
        }
        match &self.webpki {
            Some(v) => v
                .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
                .map(|_| ()),
            None => Err(Error::InvalidCertificate(CertificateError::UnknownIssuer)),
        }
    }

    fn describe(&self, e: &Error) -> String {
        if !self.pinned.is_empty() {
            return "the certificate is not the accepted server certificate".to_owned();
        }
        match e {
            Error::InvalidCertificate(c) => match c {
                CertificateError::UnknownIssuer => "the certificate issuer is not trusted".into(),
                // webpki found an issuer by name whose key did not sign it:
                // to the user that is an untrusted issuer too.
                CertificateError::BadSignature => {
                    "the certificate issuer is not trusted (bad signature)".into()
                }
                CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                    "the certificate has expired".into()
                }
                CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                    "the certificate is not yet valid".into()
                }
                CertificateError::NotValidForName
                | CertificateError::NotValidForNameContext { .. } => {
                    "the certificate does not match the host name".into()
                }
                CertificateError::Revoked => "the certificate is revoked".into(),
                other => format!("the certificate is invalid ({other:?})"),
            },
            other => other.to_string(),
        }
    }
}

impl ServerCertVerifier for HookVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let result = self.verdict(end_entity, intermediates, server_name, ocsp_response, now);
        let status = match &result {
            Ok(()) => "OK".to_owned(),
            Err(e) => self.describe(e),
        };
        let parsed = Certificate::from_der(end_entity.as_ref()).ok();
        let info = ServerAuthentication {
            cert_encoded: end_entity.as_ref().to_vec(),
            intermediates: intermediates.iter().map(|c| c.as_ref().to_vec()).collect(),
            cert_subject: parsed
                .as_ref()
                .map(Certificate::subject)
                .unwrap_or_default(),
            cert_issuer: parsed.as_ref().map(Certificate::issuer).unwrap_or_default(),
            accept: result.is_ok(),
            status,
        };
        let accept = self.shared.decide(&info);
        self.shared.status(&format!(
            "server certificate {}: {} ({})",
            if accept { "accepted" } else { "rejected" },
            info.cert_subject,
            info.status
        ));
        if accept {
            self.shared.set_rejection(None);
            return Ok(ServerCertVerified::assertion());
        }
        let status = if result.is_ok() {
            "rejected by the application".to_owned()
        } else {
            info.status
        };
        self.shared.set_rejection(Some(status));
        Err(result.err().unwrap_or(Error::InvalidCertificate(
            CertificateError::ApplicationVerificationFailure,
        )))
    }

    // The handshake signature proves the server holds the certificate's key;
    // it is checked whatever the callback decided about the certificate.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
