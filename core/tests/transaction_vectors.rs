//! The EMVCo worked samples (Examples 5–12) where they apply to the
//! transaction: first the test ACS's own crypto is checked against them,
//! then the state machine derives the published session key and decrypts
//! the published CRes messages.

mod transaction_support;

use serde_json::{Value, json};
use threeds_core::message::ChallengeAnswer;
use threeds_core::pki::TrustAnchors;
use threeds_core::platform::Clock;
use threeds_core::transaction::{
    AcsTrust, AresError, AuthRequestedParts, ChallengeInput, CreqSettings, CresOutcome, Error,
    Timeouts, Transaction,
};
use transaction_support::*;

fn hex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

const SESSION_KEY: &str = "4B57071C56A1393B613B05948621D2FAC5D37C30CBEF51D4642A8D1BB22A1C23";

#[test]
fn the_test_acs_kdf_matches_examples_7_and_8() {
    let v = vectors();
    let k = &v["keys"];
    let sdk_ref = v["sdk_reference_number_examples_7_8"].as_str().unwrap();
    // Example 7: the ACS side.
    let z = ecdh(
        &p256_secret_from_jwk(&k["acs_ephemeral_private_jwk_example_7"]),
        &p256_public_from_jwk(&k["sdk_ephemeral_public_jwk_example_7"]),
    );
    assert_eq!(emv_kdf(&z, sdk_ref.as_bytes()).to_vec(), hex(SESSION_KEY));
    assert_eq!(example(&v, 7)["expectedCek"], SESSION_KEY);
    // Example 8: the SDK side.
    let z = ecdh(
        &p256_secret_from_jwk(&k["sdk_ephemeral_private_jwk_example_8"]),
        &p256_public_from_jwk(&k["acs_ephemeral_public_jwk_example_8"]),
    );
    assert_eq!(emv_kdf(&z, sdk_ref.as_bytes()).to_vec(), hex(SESSION_KEY));
}

#[test]
fn the_test_acs_content_crypto_matches_examples_9_to_12() {
    let v = vectors();
    for n in [9, 10, 11, 12] {
        let e = example(&v, n);
        let gcm = e["encAlg"] == "A128GCM";
        let key = hex(e["cekHex"].as_str().unwrap());
        let iv = hex(e["ivHex"].as_str().unwrap());
        let header = e["expectedJwtHeader"].as_str().unwrap();
        let msg = e
            .get("creqMessage")
            .or_else(|| e.get("cresMessage"))
            .unwrap()
            .as_str()
            .unwrap();
        let (ct, tag) = seal(gcm, &key, &iv, header.as_bytes(), msg.as_bytes());
        assert_eq!(b64url(&ct), e["expectedCiphertext"], "Example {n}");
        assert_eq!(b64url(&tag), e["expectedAuthTag"], "Example {n}");
        assert_eq!(b64url(&iv), e["expectedVI"], "Example {n}");
        let pt = open(gcm, &key, &iv, header.as_bytes(), &ct, &tag).unwrap();
        assert_eq!(pt, msg.as_bytes());
        // The per-direction keys of the session key.
        let session: [u8; 32] = hex(SESSION_KEY).try_into().unwrap();
        let to_acs = n == 9 || n == 10;
        assert_eq!(direction_key(gcm, &session, to_acs), key, "Example {n}");
    }
}

/// A transaction resumed with the Example 8 SDK key, challenged by an ACS
/// holding the Example 7 ACS key: it must derive the published session key.
fn emvco_challenge(gcm: bool) -> Running {
    let v = vectors();
    let k = &v["keys"];
    let sdk_ref = v["sdk_reference_number_examples_7_8"].as_str().unwrap();
    let sdk_private = unb64url(
        k["sdk_ephemeral_private_jwk_example_8"]["d"]
            .as_str()
            .unwrap(),
    );
    let sdk_trans_id = "b2385523-a66c-4907-ac3c-91848e8c0067";
    let settings = CreqSettings::default();
    let mut txn = Transaction::resume_auth_requested(&AuthRequestedParts {
        version: version_of("2.1.0"),
        sdk_trans_id,
        ephemeral_private_key: &sdk_private,
        sdk_reference_number: sdk_ref,
        start_ms: 1_000,
        timeouts: Timeouts::default(),
        use_aes_gcm: gcm,
        settings: &settings,
    })
    .unwrap();
    let mut acs = TestAcs::new("2.1.0", gcm, SignAlg::Es256);
    acs.sdk_reference_number = sdk_ref.to_string();
    acs.acs_ephemeral = p256_secret_from_jwk(&k["acs_ephemeral_private_jwk_example_7"]);
    acs.sdk_trans_id = sdk_trans_id.to_string();
    let payload = acs.signed_payload(
        &k["sdk_ephemeral_public_jwk_example_7"],
        &acs.acs_url.clone(),
    );
    assert_eq!(acs.session_key.to_vec(), hex(SESSION_KEY));
    let jws = acs.sign_payload(payload.to_string().as_bytes());
    let ares = acs.ares_with("C", &jws);
    let roots = TrustAnchors::from_der(&[pki().root_der]).unwrap();
    let clock = FakeClock::new();
    txn.handle_ares(&ares, &AcsTrust::roots(&roots), clock.now_unix())
        .unwrap();
    Running {
        txn,
        acs,
        clock,
        rng: rng(9),
        bufs: Buffers::new(),
    }
}

#[test]
fn the_state_machine_derives_the_example_8_session_key() {
    for gcm in [false, true] {
        let mut r = emvco_challenge(gcm);
        // The exported state carries the session key: it is the published one.
        let mut out = vec![0u8; 8192];
        let n = r.txn.export(&mut out).unwrap();
        let key = hex(SESSION_KEY);
        assert!(out[..n].windows(32).any(|w| w == key.as_slice()));
        // And the ACS that holds the same key opens the CReq.
        let creq = r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
        assert_eq!(creq["sdkCounterStoA"], "000");
    }
}

#[test]
fn the_published_cres_of_examples_11_and_12_are_refused_for_their_kid() {
    let v = vectors();
    for (n, gcm) in [(11, false), (12, true)] {
        let mut r = emvco_challenge(gcm);
        r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
        let screen = r.acs.seal_cres(r.acs.cres_screen("01"));
        assert!(matches!(r.cres(&screen), CresOutcome::Screen { .. }));
        r.creq(ChallengeInput::new(ChallengeAnswer::Text {
            first: Some("1234"),
            second: None,
        }));
        // The published CRes answers counter 001 under the published key,
        // but its header carries the literal kid "ACSTransactionID", not
        // this transaction's acsTransID: the SDK refuses it (302) before
        // decrypting. Its byte-for-byte decryption is covered in
        // jose_emvco.rs (examples 9 to 12, expected kid "ACSTransactionID").
        let e = example(&v, n);
        let body = format!(
            "{}..{}.{}.{}",
            e["expectedJwtHeader"].as_str().unwrap(),
            e["expectedVI"].as_str().unwrap(),
            e["expectedCiphertext"].as_str().unwrap(),
            e["expectedAuthTag"].as_str().unwrap(),
        );
        match r.cres(body.as_bytes()) {
            CresOutcome::ProtocolError(erro) => {
                assert_eq!(erro.code.0, 302, "Example {n}: {erro:?}");
                assert_eq!(erro.detail.as_str(), "CRes");
            }
            other => panic!("Example {n}: {other:?}"),
        }
    }
}

/// The published signed content of Examples 5 (PS256) and 6 (ES256).
fn published_jws(v: &Value, n: u32) -> String {
    let e = example(v, n);
    format!(
        "{}.{}.{}",
        e["expectedJwtHeader"].as_str().unwrap(),
        e["expectedPayload"].as_str().unwrap(),
        e["expectedSignature"].as_str().unwrap()
    )
}

#[test]
fn the_published_signed_content_of_examples_5_and_6_verifies() {
    let v = vectors();
    let roots = TrustAnchors::from_der(&[pki().root_der]).unwrap();
    for n in [5, 6] {
        for (now, expect) in [
            // Inside the validity: chain and signature pass; the payload's
            // sdkEphemPubKey is the sample's, not this transaction's.
            (1_717_200_000, AresError::SdkEphemPubKeyMismatch),
            // 2030: the certificates have expired.
            (1_893_456_000, AresError::CertificateInvalid),
        ] {
            let mut r = {
                let ds = ds_keys();
                let key = ds.ec_public();
                let mut txn = Transaction::new();
                let mut out = vec![0u8; 16 * 1024];
                let p = params("2.2.0", &key, false, "REF");
                let req = txn.begin(&p, &mut rng(5), 0, &mut out).unwrap();
                let areq: Value = serde_json::from_slice(&out[..req.len]).unwrap();
                let mut acs = TestAcs::new("2.2.0", false, SignAlg::Es256);
                acs.sdk_trans_id = areq["sdkTransID"].as_str().unwrap().to_string();
                (txn, acs)
            };
            let ares = r.1.ares_with("C", &published_jws(&v, n));
            let e =
                r.0.handle_ares(&ares, &AcsTrust::roots(&roots), now)
                    .unwrap_err();
            assert_eq!(e, Error::Ares(expect), "Example {n} at {now}");
        }
    }
    // The payload is the documented one.
    let e = example(&v, 6);
    let payload: Value =
        serde_json::from_slice(&unb64url(e["expectedPayload"].as_str().unwrap())).unwrap();
    let documented: Value =
        serde_json::from_str(v["acs_signed_content_payload"].as_str().unwrap()).unwrap();
    assert_eq!(payload, documented);
    let _ = json!(null);
}
