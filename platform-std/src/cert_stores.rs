//! The reference's certificate-store properties on any [`Client`]:
//! `directory_server_cert_store*` and `acs_root_cert_store*`, read with
//! [`CertStore`] (PEM, DER, PKCS#12, PKCS#7, JWK files or blobs).

use threeds_core::client::error::ErrorCode;
use threeds_core::client::events::ClientEvents;
use threeds_core::client::facade::{Client, ClientError};
use threeds_core::platform::{Clock, Rng, Transport};

use crate::certs::{CertError, CertStore, StoreType};

fn store_error(what: &str, e: &CertError) -> ClientError {
    ClientError {
        code: ErrorCode::InvalidCertificate,
        message: format!("{what}: {e}"),
    }
}

/// Certificates from the reference's store types, for the facade's
/// certificate properties.
pub trait CertStoreProperties {
    /// `directory_server_cert_store`, `_store_type`, `_store_password` and
    /// `directory_server_cert_subject`: the DS encryption certificate
    /// `subject` (`*` for the first) of a store.
    ///
    /// # Errors
    /// 602 when the store cannot be read or holds no such certificate.
    fn set_directory_server_cert_store(
        &mut self,
        store_type: StoreType,
        store: &[u8],
        password: &str,
        subject: &str,
    ) -> Result<(), ClientError>;

    /// `acs_root_cert_store`, `_store_type`, `_store_password`: adds every
    /// certificate of the store as an ACS root (a PEM bundle, a PKCS#7 or
    /// PKCS#12 file of CA certificates). Returns how many were added.
    ///
    /// # Errors
    /// 602 when the store cannot be read, holds no certificate, or one is
    /// not a usable root (nothing is added then).
    fn add_acs_root_cert_store(
        &mut self,
        store_type: StoreType,
        store: &[u8],
        password: &str,
    ) -> Result<usize, ClientError>;

    /// `acs_root_cert_store[index]`, `_store_type[index]`,
    /// `_store_password[index]` and `acs_root_cert_subject[index]`: the
    /// certificate `subject` (`*` for the first) of a store becomes ACS
    /// root `index` (which must be below `acs_root_cert_count`).
    ///
    /// # Errors
    /// 606 for an index out of range; 602 when the store cannot be read,
    /// holds no such certificate, or it is not a usable root (nothing
    /// changes then).
    fn set_acs_root_cert_store(
        &mut self,
        index: usize,
        store_type: StoreType,
        store: &[u8],
        password: &str,
        subject: &str,
    ) -> Result<(), ClientError>;
}

impl<T: Transport, R: Rng, C: Clock, E: ClientEvents> CertStoreProperties for Client<T, R, C, E> {
    fn set_directory_server_cert_store(
        &mut self,
        store_type: StoreType,
        store: &[u8],
        password: &str,
        subject: &str,
    ) -> Result<(), ClientError> {
        let store = CertStore::open(store_type, store, password)
            .map_err(|e| store_error("directory_server_cert_store", &e))?;
        let cert = store
            .find(subject)
            .ok_or_else(|| store_error("directory_server_cert_subject", &CertError::NotFound))?;
        self.set_directory_server_cert_encoded(cert.der())
    }

    fn add_acs_root_cert_store(
        &mut self,
        store_type: StoreType,
        store: &[u8],
        password: &str,
    ) -> Result<usize, ClientError> {
        let store = CertStore::open(store_type, store, password)
            .map_err(|e| store_error("acs_root_cert_store", &e))?;
        let certs = store.certificates();
        if certs.is_empty() {
            return Err(store_error("acs_root_cert_store", &CertError::NotFound));
        }
        let before = self.acs_root_cert_count();
        for cert in certs {
            if let Err(e) = self.try_add_acs_root_cert(cert.der()) {
                // All or nothing: drop what this store added.
                self.set_acs_root_cert_count(before);
                return Err(e);
            }
        }
        Ok(certs.len())
    }

    fn set_acs_root_cert_store(
        &mut self,
        index: usize,
        store_type: StoreType,
        store: &[u8],
        password: &str,
        subject: &str,
    ) -> Result<(), ClientError> {
        if index >= self.acs_root_cert_count() {
            return Err(ClientError {
                code: ErrorCode::InvalidIndex,
                message: format!(
                    "acs_root_cert_store index {index}: acs_root_cert_count is {}",
                    self.acs_root_cert_count()
                ),
            });
        }
        let store = CertStore::open(store_type, store, password)
            .map_err(|e| store_error("acs_root_cert_store", &e))?;
        let cert = store
            .find(subject)
            .ok_or_else(|| store_error("acs_root_cert_subject", &CertError::NotFound))?;
        self.set_acs_root_cert_encoded(index, cert.der())
    }
}
