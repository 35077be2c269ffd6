//! End to end over real TLS: the std adapter's `HttpsTransport`, the
//! transaction state machine and `run_exchange`, against the simulator's
//! HTTPS server on 127.0.0.1 (trusting only the simulator's TLS CA).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;

use threeds_core::keys::PublicKey;
use threeds_core::message::{
    ChallengeAnswer, ChallengeScreen, Interface, MessageVersion, TransStatus, all_ui_types,
};
use threeds_core::pki::TrustAnchors;
use threeds_core::platform::{Clock, HttpRequest, Transport};
use threeds_core::transaction::{
    AcsTrust, AresOutcome, AuthParams, ChallengeInput, CresOutcome, Timeouts, Transaction,
    run_exchange,
};
use threeds_sim::{Pki, SimConfig, Simulator, SimulatorConfig};
use threeds_std::certs::Certificate;
use threeds_std::https::RootSource;
use threeds_std::{HttpsTransport, SystemClock};

/// Runs `scenario` over HTTPS; returns the SDK's view of the end.
fn run(
    transport: &mut HttpsTransport,
    auth_url: &str,
    pki: &Pki,
    version: &str,
    gcm: bool,
) -> Result<TransStatus, u16> {
    let clock = SystemClock::new();
    let mut rng = rand::rng();
    let ds_key = PublicKey::P256(pki.ds_enc_ec.ec_key().unwrap().public_key());
    let version = MessageVersion::from_wire(version).unwrap();
    let params = AuthParams {
        version,
        ds_key: &ds_key,
        ds_key_id: None,
        ds_id: "A000000802",
        sdk_app_id: "9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
        sdk_reference_number: "THREEDS-E2E-0001",
        timeouts: Timeouts::default(),
        device_info: br#"{"DV":"1.0","DD":{"C001":"Android","C002":"Pixel 8"},"DPNA":{"C010":"RE01"},"SW":["SW01"]}"#,
        use_aes_gcm: gcm,
        sdk_interface: Interface::Both,
        sdk_ui_types: all_ui_types(version),
        requestor_app_url: None,
        oob_app_url_supported: false,
    };
    let mut txn = Transaction::new();
    let mut out = vec![0u8; 32 * 1024];
    let req = txn
        .begin(&params, &mut rng, clock.monotonic_ms(), &mut out)
        .unwrap();
    let mut ares = vec![0u8; 64 * 1024];
    let resp = transport
        .post(
            &HttpRequest {
                url: auth_url,
                content_type: "application/json; charset=utf-8",
                body: &out[..req.len],
                timeout_ms: 30_000,
            },
            &mut ares,
        )
        .unwrap();
    assert_eq!(resp.status, 200);
    let roots = TrustAnchors::from_der(core::slice::from_ref(&pki.ds_root.cert_der)).unwrap();
    let outcome = txn
        .handle_ares(
            &ares[..resp.body_len],
            &AcsTrust::roots(&roots),
            clock.now_unix(),
        )
        .unwrap();
    assert!(matches!(outcome, AresOutcome::Challenge(_)), "{outcome:?}");
    let mut request = vec![0u8; 8 * 1024];
    let mut response = vec![0u8; 512 * 1024];
    let mut plain = vec![0u8; 512 * 1024];
    let mut answer = ChallengeAnswer::Initial;
    for _ in 0..8 {
        let outcome = run_exchange(
            &mut txn,
            transport,
            &ChallengeInput::new(answer),
            &mut rng,
            &clock,
            &mut request,
            &mut response,
            &mut plain,
        )
        .unwrap();
        match outcome {
            CresOutcome::Screen { screen, .. } => {
                answer = match screen {
                    ChallengeScreen::SingleSelect { .. } => ChallengeAnswer::SingleSelect("phon"),
                    _ => ChallengeAnswer::Text {
                        first: Some("123456"),
                        second: None,
                    },
                };
            }
            CresOutcome::Completed(status) => return Ok(status),
            CresOutcome::ProtocolError(e) => return Err(e.code.0),
            other => panic!("{other:?}"),
        }
    }
    panic!("the challenge did not end");
}

#[test]
fn challenges_over_https() {
    let pki = Arc::new(Pki::generate().unwrap());
    let running = Simulator::start(SimulatorConfig {
        pki: Arc::clone(&pki),
        sim: SimConfig::with_builtin_scenarios().unwrap(),
    })
    .unwrap();
    let mut transport = HttpsTransport::builder()
        .roots(RootSource::Empty)
        .server_ca_cert(Certificate::from_der(&pki.tls_ca.cert_der).unwrap())
        .build()
        .unwrap();
    for (scenario, version, gcm) in [
        ("challenge-text", "2.3.1", true),
        ("challenge-two-rounds", "2.2.0", false),
        ("challenge-es256", "2.1.0", true),
    ] {
        let status = run(
            &mut transport,
            &running.auth_url(scenario),
            &pki,
            version,
            gcm,
        );
        assert_eq!(status, Ok(TransStatus::Authenticated), "{scenario}");
    }
    // A fault: the Erro goes back to the ACS over the same transport.
    let end = run(
        &mut transport,
        &running.auth_url("fault-wrong-counter"),
        &pki,
        "2.2.0",
        false,
    );
    assert_eq!(end, Err(302));
    let records = running.records();
    let tx = records.last().unwrap();
    assert_eq!(tx.erros_received.len(), 1);
    assert_eq!(tx.erros_received[0].code, "302");
    let violations: Vec<_> = records
        .transactions
        .iter()
        .flat_map(|t| t.violations.iter())
        .collect();
    assert!(violations.is_empty(), "{violations:#?}");
    running.stop();
}
