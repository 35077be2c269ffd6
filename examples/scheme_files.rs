//! Turning a card scheme's files into what the SDK takes: the DS encryption
//! certificate as DER (`.cer`), the ACS roots as a PEM bundle, and a TLS client
//! identity as PKCS#12 (`.p12` with a password), all read with
//! `threeds_std::certs::CertStore` (format auto-detected or named). The
//! simulator's PKI stands in for the scheme: the first step writes it in the
//! three formats, the rest is what an app does with such files.
//!
//! ```sh
//! cargo run -p threeds-examples --example scheme_files
//! ```

use std::path::Path;

use threeds_core::client::events::NoEvents;
use threeds_examples::{BoxError, SimTarget};
use threeds_std::certs::{CertFormat, CertStore};
use threeds_std::https::RootSource;
use threeds_std::{HttpsTransport, StdPlatform};

const P12_PASSWORD: &str = "example-password";

fn main() -> Result<(), BoxError> {
    let sim = SimTarget::from_env_or_start()?;
    let delivery = sim.pki_dir().join("scheme-delivery");
    write_scheme_files(&sim, &delivery)?;

    // The DS encryption certificate, DER. Its key decides the JWE algorithm:
    // RSA → RSA-OAEP-256, P-256 → ECDH-ES.
    let ds = CertStore::from_file(&delivery.join("ds-encryption.cer"), CertFormat::Auto, "")?;
    let ds_cert = ds
        .certificates()
        .first()
        .ok_or("no certificate in ds-encryption.cer")?;
    println!(
        "DS certificate   {} ({} {} bits), valid until {}",
        ds_cert.subject(),
        ds_cert.public_key_algorithm(),
        ds_cert.public_key_length(),
        ds_cert.expiration_date()
    );

    // The ACS roots, a PEM bundle of any number of certificates.
    let roots = CertStore::from_file(&delivery.join("acs-roots.pem"), CertFormat::Auto, "")?;
    for root in roots.certificates() {
        println!(
            "ACS root         {} (SHA-256 {})",
            root.subject(),
            root.fingerprint_sha256()
        );
    }

    // A client identity for mutual TLS (to the ACS or the app's back end): the
    // chain and its private key from a password-protected PKCS#12 file.
    let p12 = CertStore::from_file(
        &delivery.join("client-identity.p12"),
        CertFormat::Pkcs12,
        P12_PASSWORD,
    )?;
    let identity = p12.client_identity("*")?;
    println!(
        "client identity  {} (+ private key)",
        identity
            .chain
            .first()
            .map(|c| c.subject())
            .unwrap_or_default()
    );

    // Everything into the client; one AReq/ARes round proves the files fit.
    let transport = HttpsTransport::builder()
        .roots(RootSource::Empty)
        .server_ca_cert(sim.tls_ca()?)
        .client_identity(identity)
        .build()?;
    let mut client = StdPlatform::new(transport).into_client(NoEvents);
    client.set_directory_server_cert_encoded(ds_cert.der())?;
    for root in roots.certificates() {
        client.add_acs_root_cert(root.der());
    }
    client.set_directory_server_id("A000000802");
    client.set_sdk_app_id("9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f")?;
    client.config("SDKReferenceNumber=THREEDS-EXAMPLE-01")?;
    client.add_device_param("", "1.0", 2, 0)?;
    client.add_device_param("C001", "Android", 2, 1)?;
    let sdk_part = client.get_auth_request()?;
    let ares = sim.three_ds_server("frictionless-y", &sdk_part)?;
    client.check_auth_response(&ares)?;
    println!(
        "frictionless-y: transStatus {}",
        client.transaction_status()
    );
    if client.transaction_status() != "Y" {
        return Err("the ARes did not say Y".into());
    }
    Ok(())
}

/// The simulator's PEM files, re-packaged the way schemes often deliver them.
fn write_scheme_files(sim: &SimTarget, dir: &Path) -> Result<(), BoxError> {
    std::fs::create_dir_all(dir)?;
    let pem_cert = |name: &str| -> Result<Vec<u8>, BoxError> {
        let store = CertStore::from_file(&sim.file(name), CertFormat::Auto, "")?;
        Ok(store
            .certificates()
            .first()
            .ok_or("no certificate")?
            .der()
            .to_vec())
    };
    std::fs::write(
        dir.join("ds-encryption.cer"),
        pem_cert("ds-enc-rsa.crt.pem")?,
    )?;
    std::fs::copy(sim.file("ds-root.crt.pem"), dir.join("acs-roots.pem"))?;

    // A PKCS#12 bundle of a certificate and its PKCS#8 key.
    let cert_der = pem_cert("ds-enc-ec.crt.pem")?;
    let key_pem = std::fs::read_to_string(sim.file("ds-enc-ec.key.pem"))?;
    let key_der = pem_body(&key_pem)?;
    let chain = p12_keystore::PrivateKeyChain::new(
        &[1u8; 20][..],
        p12_keystore::PrivateKey::from_der(&key_der)?,
        [p12_keystore::Certificate::from_der(&cert_der)?],
    );
    let mut store = p12_keystore::KeyStore::new();
    store.add_entry(
        "client",
        p12_keystore::KeyStoreEntry::PrivateKeyChain(chain),
    );
    std::fs::write(
        dir.join("client-identity.p12"),
        store.writer(P12_PASSWORD).write()?,
    )?;
    Ok(())
}

/// The DER inside a single-block PEM text.
fn pem_body(pem: &str) -> Result<Vec<u8>, BoxError> {
    use base64ct::{Base64, Encoding};
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    Ok(Base64::decode_vec(&b64).map_err(|e| format!("PEM: {e}"))?)
}
