//! Where trusted roots come from.

use std::path::Path;

use rustls::RootCertStore;
use rustls_pki_types::CertificateDer;

use crate::certs::{self, CertError, Certificate};

/// The reference's default `SSLCACertFilePaths`: the usual system bundles.
pub const DEFAULT_CA_FILE_PATHS: &str = "/etc/ssl/ca-bundle.pem;/etc/pki/tls/certs/ca-bundle.crt;/etc/ssl/certs/ca-certificates.crt;/etc/pki/tls/cacert.pem";

/// The base set of trusted roots, before any `SSLServerCACerts` are added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RootSource {
    /// The Mozilla root program, compiled in (`webpki-roots`).
    #[default]
    WebPki,
    /// The system bundle: the first file of [`DEFAULT_CA_FILE_PATHS`] that exists.
    System,
    /// No base roots: only the configured CA certificates are trusted.
    Empty,
}

/// The CA certificates of the first existing file in a `;`-separated list
/// (the reference's `SSLCACertFilePaths`).
///
/// # Errors
/// [`CertError::NotFound`] when none of the files exists; a read or parse error
/// of the file found.
pub fn load_ca_file_paths(paths: &str) -> Result<Vec<Certificate>, CertError> {
    let path = paths
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(Path::new)
        .find(|p| p.is_file())
        .ok_or(CertError::NotFound)?;
    certs::parse_pem_certificates(&std::fs::read(path)?)
}

pub(crate) fn root_store(
    source: RootSource,
    extra: &[Certificate],
) -> Result<RootCertStore, CertError> {
    let mut store = RootCertStore::empty();
    match source {
        RootSource::WebPki => store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        RootSource::System => {
            let certs = load_ca_file_paths(DEFAULT_CA_FILE_PATHS)?;
            // System bundles carry a few certificates webpki cannot use as
            // anchors; skipping them is what every client does.
            store.add_parsable_certificates(certs.iter().map(|c| CertificateDer::from(c.der())));
        }
        RootSource::Empty => {}
    }
    for cert in extra {
        store
            .add(CertificateDer::from(cert.der().to_vec()))
            .map_err(|_| CertError::Malformed("CA certificate (not usable as a trust anchor)"))?;
    }
    Ok(store)
}
