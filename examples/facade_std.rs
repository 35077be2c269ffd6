//! The reference-compatible facade on std (`StdClient`): a frictionless
//! transaction, then a challenge answered with a one-time code, against the
//! simulator.
//!
//! ```sh
//! cargo run -p threeds-examples --example facade_std
//! # or against a running `threeds sim --out ./sim-pki --port 8443`:
//! THREEDS_SIM_URL=https://127.0.0.1:8443 THREEDS_SIM_PKI=./sim-pki \
//!     cargo run -p threeds-examples --example facade_std
//! ```

use threeds_core::client::events::NoEvents;
use threeds_examples::{BoxError, SimTarget};
use threeds_std::certs::{CertFormat, CertStore};
use threeds_std::https::RootSource;
use threeds_std::{HttpsTransport, StdClient, StdPlatform};

fn main() -> Result<(), BoxError> {
    let sim = SimTarget::from_env_or_start()?;
    for scenario in ["frictionless-y", "challenge-text"] {
        let mut client = configured_client(&sim)?;
        let status = authenticate(&mut client, &sim, scenario)?;
        println!("{scenario}: transStatus {status}");
        if status != "Y" {
            return Err(format!("{scenario} ended with transStatus {status}").into());
        }
    }
    Ok(())
}

/// A client set up the way an app sets it up once per transaction.
fn configured_client(sim: &SimTarget) -> Result<StdClient, BoxError> {
    // HTTPS to the ACS, trusting only the simulator's TLS CA (an app keeps the
    // default web roots, or pins its schemes' ACS CAs).
    let transport = HttpsTransport::builder()
        .roots(RootSource::Empty)
        .server_ca_cert(sim.tls_ca()?)
        .build()?;
    let mut client = StdPlatform::new(transport).into_client(NoEvents);

    // The scheme's DS encryption certificate (P-256 here: ECDH-ES) and the
    // root the ACS signing certificates chain to.
    let ds = CertStore::from_file(&sim.file("ds-enc-ec.crt.pem"), CertFormat::Auto, "")?;
    let ds_cert = ds.certificates().first().ok_or("no DS certificate")?;
    client.set_directory_server_cert_encoded(ds_cert.der())?;
    let roots = CertStore::from_file(&sim.file("ds-root.crt.pem"), CertFormat::Auto, "")?;
    for root in roots.certificates() {
        client.add_acs_root_cert(root.der());
    }

    client.set_directory_server_id("A000000802");
    client.set_message_version("2.2.0")?;
    client.set_sdk_app_id("9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f")?;
    client.config("SDKReferenceNumber=THREEDS-EXAMPLE-01")?;
    // Device information: DV (category 0), then DD parameters (category 1).
    client.add_device_param("", "1.0", 2, 0)?;
    client.add_device_param("C001", "Android", 2, 1)?;
    Ok(client)
}

/// AReq, ARes, and the challenge if the ACS asks for one; returns transStatus.
fn authenticate(
    client: &mut StdClient,
    sim: &SimTarget,
    scenario: &str,
) -> Result<String, BoxError> {
    let sdk_part = client.get_auth_request()?;
    let ares = sim.three_ds_server(scenario, &sdk_part)?;
    client.check_auth_response(&ares)?;
    if client.transaction_status() == "C" {
        client.send_challenge_request()?; // the first screen
        while !client.challenge_complete() {
            let ui = client.challenge_ui();
            println!(
                "  screen (UI type {}): {}",
                ui.acsui_type, ui.challenge_info_text
            );
            // A real app renders the screen and asks the cardholder.
            client.set_challenge_data_entry("123456");
            client.send_challenge_request()?;
        }
    }
    Ok(client.transaction_status().to_owned())
}
