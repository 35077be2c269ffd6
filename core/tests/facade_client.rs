//! The `Client` facade without a peer: the auth request it builds (checked
//! with serde_json), the `config` seam, the error codes of misuse, and
//! that neither `Debug` output nor log lines show key material.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use core::cell::Cell;
use core::fmt;

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use serde_json::Value;
use threeds_core::client::error::ErrorCode;
use threeds_core::client::events::{ClientEvents, LogLevel, LogType};
use threeds_core::client::facade::Client;
use threeds_core::keys::PublicKey;
use threeds_core::platform::{
    Clock, HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};

struct FixedClock(Cell<u64>);

impl Clock for FixedClock {
    fn now_unix(&self) -> u64 {
        1_893_456_000
    }
    fn monotonic_ms(&self) -> u64 {
        self.0.get()
    }
}

#[derive(Debug)]
struct Offline;

impl fmt::Display for Offline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("offline")
    }
}

impl TransportError for Offline {
    fn kind(&self) -> TransportErrorKind {
        TransportErrorKind::Connection
    }
}

/// A transport that must never be used by these tests.
struct NoNet;

impl Transport for NoNet {
    type Error = Offline;
    fn post(&mut self, _: &HttpRequest<'_>, _: &mut [u8]) -> Result<HttpResponse, Offline> {
        Err(Offline)
    }
}

#[derive(Default)]
struct Events {
    logs: Vec<(LogLevel, LogType, String)>,
    errors: Vec<u16>,
}

impl ClientEvents for Events {
    fn on_log(&mut self, level: LogLevel, log_type: LogType, message: &str) {
        self.logs.push((level, log_type, message.to_owned()));
    }
    fn on_error(&mut self, code: u16, _: &str) {
        self.errors.push(code);
    }
}

type TestClient<'a> = Client<NoNet, ChaCha20Rng, &'a FixedClock, Events>;

fn ds_key() -> PublicKey {
    PublicKey::P256(
        p256::SecretKey::from_slice(&[7u8; 32])
            .unwrap()
            .public_key(),
    )
}

fn client(clock: &FixedClock) -> TestClient<'_> {
    let mut c = Client::new(
        NoNet,
        ChaCha20Rng::from_seed([3; 32]),
        clock,
        Events::default(),
    );
    c.set_message_version("2.2.0").unwrap();
    c.set_sdk_app_id("9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f")
        .unwrap();
    c.set_directory_server_id("A000000802");
    c.config("SDKReferenceNumber=REF-0001").unwrap();
    c.add_device_param("C001", "Android", 2, 1).unwrap();
    c.add_device_param("C008", r#"["1080","2400"]"#, 1, 1)
        .unwrap();
    c.add_device_param("C010", "RE02", 2, 2).unwrap();
    c.add_device_param("SW02", "", 2, 3).unwrap();
    c
}

fn unb64url(s: &str) -> Vec<u8> {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (mut bits, mut n, mut out) = (0u32, 0, Vec::new());
    for c in s.bytes() {
        bits = bits << 6 | A.iter().position(|a| *a == c).unwrap() as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    out
}

#[test]
fn auth_request_follows_the_properties_and_settings() {
    let clock = FixedClock(Cell::new(0));
    let mut c = client(&clock);
    c.set_directory_server_public_key(ds_key());
    c.set_directory_server_key_id("ds-kid-1");
    c.config("SDKMaxTimeout=10").unwrap();
    c.config("DeviceRenderingUIType=3").unwrap();
    c.config("DeviceRenderingInterface=01").unwrap();
    c.config("LogLevel=3").unwrap();
    let text = c.get_auth_request().unwrap();
    let areq: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(areq["messageVersion"], "2.2.0");
    assert_eq!(areq["sdkAppID"], "9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f");
    assert_eq!(areq["sdkReferenceNumber"], "REF-0001");
    assert_eq!(areq["sdkMaxTimeout"], "10");
    assert_eq!(areq["sdkTransID"], c.sdk_transaction_id());
    assert_eq!(areq["deviceRenderOptions"]["sdkInterface"], "01");
    assert_eq!(
        areq["deviceRenderOptions"]["sdkUiType"],
        serde_json::json!(["01", "02"])
    );
    let public: Value = serde_json::from_str(&c.config("SDKEphemeralPublicKey").unwrap()).unwrap();
    assert_eq!(areq["sdkEphemPubKey"], public);
    let jwe = areq["sdkEncData"].as_str().unwrap();
    assert_eq!(jwe.split('.').count(), 5);
    let header: Value = serde_json::from_slice(&unb64url(jwe.split('.').next().unwrap())).unwrap();
    assert_eq!(header["alg"], "ECDH-ES");
    assert_eq!(header["kid"], "ds-kid-1");
    assert_eq!(c.data_packet_out(), text);

    // The device information that was encrypted, as logged (level 2 and up),
    // DD values masked under the default MaskSensitive.
    let device = c
        .events()
        .logs
        .iter()
        .find(|(_, t, _)| *t == LogType::DeviceParams)
        .map(|(_, _, m)| m.clone())
        .unwrap();
    let device: Value = serde_json::from_str(&device).unwrap();
    assert_eq!(device["DV"], "1.0");
    assert_eq!(device["DD"]["C001"], "******");
    assert_eq!(device["DD"]["C008"], "******");
    assert_eq!(device["DPNA"]["C010"], "RE02");
    assert_eq!(device["SW"], serde_json::json!(["SW02"]));

    // No key material in Debug output or log lines.
    let private = c.config("SDKEphemeralPrivateKey").unwrap();
    let private_hex = hex::encode(unb64url(&private));
    let debug = format!("{c:?}");
    for line in c
        .events()
        .logs
        .iter()
        .map(|(_, _, m)| m.as_str())
        .chain([debug.as_str()])
    {
        assert!(!line.contains(&private), "{line}");
        assert!(!line.contains(&private_hex), "{line}");
    }
    assert!(
        c.events()
            .logs
            .iter()
            .any(|(_, t, m)| *t == LogType::EphemeralKey && m.contains("******"))
    );
}

#[test]
fn misuse_and_config_errors_carry_reference_codes() {
    let clock = FixedClock(Cell::new(0));
    let mut c = client(&clock);
    // No DS certificate or key.
    assert_eq!(
        c.get_auth_request().unwrap_err().code,
        ErrorCode::InvalidCertificate
    );
    assert_eq!(c.events().errors, [602]);
    // Out of order.
    assert_eq!(
        c.check_auth_response("{}").unwrap_err().code,
        ErrorCode::InvalidOperation
    );
    assert_eq!(
        c.send_challenge_request().unwrap_err().code,
        ErrorCode::InvalidOperation
    );
    // A certificate that is not one.
    assert_eq!(
        c.set_directory_server_cert_encoded(b"not DER")
            .unwrap_err()
            .code,
        ErrorCode::InvalidCertificate
    );
    // config: unknown, read-only, bad value, bad index.
    for (command, code) in [
        ("NoSuchSetting", ErrorCode::InvalidOperation),
        ("ErrorCode=101", ErrorCode::InvalidOperation),
        ("ChallengeTimeRemaining=5", ErrorCode::InvalidOperation),
        (
            "SDKEphemeralPrivateKey=not-a-key",
            ErrorCode::InvalidOperation,
        ),
        ("IncomingExtensionId[3]", ErrorCode::InvalidIndex),
        ("LogSSLPackets", ErrorCode::InvalidOperation),
    ] {
        assert_eq!(c.config(command).unwrap_err().code, code, "{command}");
    }
    assert_eq!(
        c.acs_root_cert_encoded(0).unwrap_err().code,
        ErrorCode::InvalidIndex
    );
    // Read-outs before any transaction.
    assert_eq!(c.config("ACSURL").unwrap(), "");
    assert_eq!(c.config("ChallengeTimeRemaining").unwrap(), "0");
    assert_eq!(c.config("IncomingExtensionCount").unwrap(), "0");
    assert!(c.config("SDKEphemeralPrivateKey").is_err());
    // Properties under another name go to the properties.
    c.config("SdkAppId=0b8f0c3a-6f5e-4d3c-9b2a-1a0f9e8d7c6b")
        .unwrap();
    assert_eq!(c.sdk_app_id(), "0b8f0c3a-6f5e-4d3c-9b2a-1a0f9e8d7c6b");
    assert_eq!(c.config("ProtocolVersion").unwrap(), "2.2.0");
    // XPath needs a message.
    assert!(c.config("XText").is_err());
}

#[test]
fn time_remaining_counts_down_from_get_auth_request() {
    let clock = FixedClock(Cell::new(1_000));
    let mut c = client(&clock);
    c.set_directory_server_public_key(ds_key());
    c.get_auth_request().unwrap();
    assert_eq!(c.config("ChallengeTimeRemaining").unwrap(), "300");
    clock.0.set(1_000 + 61_000);
    assert_eq!(c.config("ChallengeTimeRemaining").unwrap(), "239");
    // The state can move to another instance.
    let state = c.export_state().unwrap();
    let mut other = client(&clock);
    other.import_state(&state).unwrap();
    assert_eq!(other.sdk_transaction_id(), c.sdk_transaction_id());
    assert_eq!(
        other
            .import_state(&state[..state.len() - 1])
            .unwrap_err()
            .code,
        ErrorCode::InvalidOperation
    );
}

#[test]
fn decoupled_fallback_belongs_to_the_transaction_once_it_starts() {
    let clock = FixedClock(Cell::new(1_000));
    let mut c = client(&clock);
    c.set_directory_server_public_key(ds_key());
    assert_eq!(c.config("DecoupledFallback").unwrap(), "false");
    c.config("DecoupledFallback=on").unwrap();
    assert_eq!(c.config("DecoupledFallback").unwrap(), "true");
    assert_eq!(
        c.config("DecoupledFallback=maybe").unwrap_err().code,
        ErrorCode::InvalidOperation
    );
    // No transaction yet: it takes the setting when it starts.
    assert!(!c.transaction().decoupled_fallback());
    c.get_auth_request().unwrap();
    assert!(c.transaction().decoupled_fallback());
    // A running transaction takes a change at once.
    c.config("DecoupledFallback=false").unwrap();
    assert!(!c.transaction().decoupled_fallback());
    c.config("DecoupledFallback=true").unwrap();
    // It travels with the exported transaction, and the importing
    // instance's read-out says so.
    let state = c.export_state().unwrap();
    let mut other = client(&clock);
    assert_eq!(other.config("DecoupledFallback").unwrap(), "false");
    other.import_state(&state).unwrap();
    assert!(other.transaction().decoupled_fallback());
    assert_eq!(other.config("DecoupledFallback").unwrap(), "true");
    // `reset` puts the default back.
    other.reset();
    assert_eq!(other.config("DecoupledFallback").unwrap(), "false");
}
