//! Inputs, made once per run: a simulator PKI (RSA root, one level, for
//! PS256; P-256 root + intermediate, two levels, for ES256), the DS
//! encryption keys, real ARes messages from the simulator's DS, a recorded
//! three-round challenge, and CRes messages of two sizes.

use std::sync::Arc;

use base64ct::Encoding as _;
use der::{Decode as _, Encode as _};
use rsa::traits::PublicKeyParts as _;
use serde_json::{Value, json};
use threeds_core::jose::{ContentEncryption, EphemeralKeyPair, SessionKeys};
use threeds_core::message::{ChallengeAnswer, MessageVersion};
use threeds_core::pki::TrustAnchors;
use threeds_sim::jose::content::Enc;
use threeds_sim::pki::KeyAlg;
use threeds_sim::{Pki, PkiOptions, Scenario, Sim, SimConfig};

use crate::ours::{self, DsKey};
use crate::{Result, fail};

/// `sdkReferenceNumber` (also the session-key KDF PartyVInfo).
pub const SDK_REFERENCE_NUMBER: &str = "3DS_LOA_SDK_SIMT_020200_00001";
/// `sdkAppID`.
pub const SDK_APP_ID: &str = "9063b12c-fcde-43c7-b28e-8d0af5520e8a";
/// The DS id (PartyVInfo of the device-info ECDH-ES KDF).
pub const DS_ID: &str = "A000000802";
/// The protocol version of every benchmark.
pub const VERSION: MessageVersion = MessageVersion::V2_2_0;
/// "Now" for certificate validity: 2027-01-01 (the simulator's
/// certificates are valid 2025–2045).
pub const NOW_UNIX: u64 = 1_798_761_600;
/// Scratch buffer size: holds the largest CRes (64 KiB plaintext) encrypted.
pub const BUF_LEN: usize = 160 * 1024;

/// Realistic device information (~1 KiB, Android-like parameter set).
pub fn device_info() -> Vec<u8> {
    let mut dd = serde_json::Map::new();
    let params: [(&str, &str); 24] = [
        ("C001", "Android"),
        ("C002", "Pixel 8"),
        ("C003", "Google"),
        ("C004", "14"),
        ("C005", "en_GB"),
        ("C006", "Europe/London"),
        ("C007", "192.168.1.23"),
        ("C009", "0a6f2b6e5c8d4f1e"),
        ("C011", "1700000000000"),
        ("C012", "shiba"),
        ("C013", "UP1A.231005.007"),
        ("A001", "310260"),
        ("A002", "T-Mobile"),
        ("A003", "3"),
        ("A004", "1"),
        ("A005", "0"),
        ("A006", "wlan0"),
        ("A007", "02:00:00:00:00:00"),
        ("A008", "Wi-Fi"),
        ("A009", "-55"),
        ("A010", "1080x2400"),
        ("A011", "420"),
        ("A012", "true"),
        ("A013", "false"),
    ];
    for (k, v) in params {
        dd.insert(k.into(), Value::String(v.into()));
    }
    dd.insert("C008".into(), json!(["1080", "2400"]));
    let info = json!({
        "DV": "1.0",
        "DD": dd,
        "DPNA": {"C010": "RE01", "A014": "RE02", "A015": "RE03", "A016": "RE04"},
        "SW": ["SW01"]
    });
    let mut text = info.to_string().into_bytes();
    // Pad DD to ~1 KiB with further parameters, as a real catalogue would.
    let mut n = 100;
    while text.len() < 1000 {
        if let Some(Value::Object(dd)) = serde_json::from_slice::<Value>(&text)
            .ok()
            .and_then(|v| v.get("DD").cloned())
        {
            let mut v: Value = serde_json::from_slice(&text).unwrap_or(Value::Null);
            let mut dd = dd;
            dd.insert(
                format!("A{n}"),
                Value::String("device-parameter-value".into()),
            );
            v["DD"] = Value::Object(dd);
            text = v.to_string().into_bytes();
        }
        n += 1;
    }
    text
}

/// The DS encryption keys, parsed for each implementation.
pub struct DsKeys {
    /// RSA-2048, for RSA-OAEP-256 (the `rsa` crate, for the primitive baseline).
    pub rsa: rsa::PublicKey,
    /// The same key for threeds.
    pub rsa_core: threeds_core::keys::RsaPublicKey,
    /// Its SubjectPublicKeyInfo DER (for OpenSSL).
    pub rsa_spki: Vec<u8>,
    /// P-256, for ECDH-ES.
    pub ec: p256::PublicKey,
    /// Its SubjectPublicKeyInfo DER (for OpenSSL).
    pub ec_spki: Vec<u8>,
}

/// One certificate signature to check: issuer key, signed bytes, signature.
pub struct CertSignature {
    /// The issuer's public key.
    pub issuer: SigKey,
    /// The DER `tbsCertificate`.
    pub tbs: Vec<u8>,
    /// The signature bits.
    pub signature: Vec<u8>,
}

/// A verification key for the primitive baseline.
#[derive(Clone)]
pub enum SigKey {
    /// RSA (PKCS#1 v1.5 for certificates, PSS for the JWS).
    Rsa(rsa::PublicKey),
    /// ECDSA P-256.
    P256(p256::ecdsa::VerifyingKey),
}

/// An ARes to check, with what each implementation needs to check it.
pub struct AresCase {
    /// The ARes JSON from the simulator's DS.
    pub ares_json: Vec<u8>,
    /// `sdkTransID` of the auth request.
    pub sdk_trans_id: String,
    /// The SDK's ephemeral private scalar (fixed, so recorded messages stay valid).
    pub ephemeral_private: [u8; 32],
    /// The same key for the core.
    pub ephemeral: EphemeralKeyPair,
    /// The DS root, parsed once (configuration, not per-transaction work).
    pub anchors: TrustAnchors,
    /// The DS root certificate, DER (for OpenSSL).
    pub root_der: Vec<u8>,
    /// Session key the simulator derived (a cross-check of our derivation).
    pub sim_session_key: [u8; 32],
    /// Primitive baseline: the JWS verification key (leaf key, pre-parsed).
    pub jws_key: SigKey,
    /// Primitive baseline: JWS signing input.
    pub signing_input: Vec<u8>,
    /// Primitive baseline: JWS signature.
    pub jws_signature: Vec<u8>,
    /// Primitive baseline: the certificate signatures of the chain.
    pub cert_signatures: Vec<CertSignature>,
    /// Primitive baseline: the ACS ephemeral key, pre-parsed.
    pub acs_ephemeral: p256::PublicKey,
    /// `acsTransID`.
    pub acs_trans_id: String,
    /// `threeDSServerTransID`.
    pub server_trans_id: String,
}

/// A recorded challenge: the CRes JWEs the simulator's ACS answered.
pub struct RecordedChallenge {
    /// Content encryption used both ways.
    pub enc: ContentEncryption,
    /// The ARes (PS256) and the transaction's keys.
    pub ares: Arc<AresCase>,
    /// The CRes JWEs, one per CReq (the last one is final).
    pub cres: Vec<String>,
}

/// The three answers of the recorded challenge (after the initial CReq).
pub const CHALLENGE_ANSWERS: [ChallengeAnswer<'static>; 3] = [
    ChallengeAnswer::Text {
        first: Some("123456"),
        second: None,
    },
    ChallengeAnswer::SingleSelect("phon"),
    ChallengeAnswer::Text {
        first: Some("654321"),
        second: None,
    },
];

const THREE_ROUNDS: &str = r#"{
  "name": "bench-three-rounds",
  "description": "Text, single select, text, then Y.",
  "ares": {"transStatus": "C"},
  "rounds": [
    {"uiType": "01", "expect": {"entry": "123456"}},
    {"uiType": "02", "expect": {"select": ["phon"]}},
    {"uiType": "01", "expect": {"entry": "654321"}}
  ]
}"#;

/// A CRes to decrypt and parse.
pub struct CresCase {
    /// Content encryption.
    pub enc: ContentEncryption,
    /// Size of the plaintext, bytes.
    pub plaintext_len: usize,
    /// The compact JWE.
    pub jwe: String,
    /// The 32-byte session key.
    pub session_key: [u8; 32],
    /// `acsTransID` (the JWE `kid`).
    pub acs_trans_id: String,
    /// `threeDSServerTransID`.
    pub server_trans_id: String,
    /// `sdkTransID`.
    pub sdk_trans_id: String,
    /// Primitive baseline: raw ciphertext, IV, tag and AAD (the header segment).
    pub ciphertext: Vec<u8>,
    /// IV.
    pub iv: Vec<u8>,
    /// Tag.
    pub tag: Vec<u8>,
    /// AAD.
    pub aad: Vec<u8>,
}

/// Everything the benches need.
pub struct Fixtures {
    /// The simulator PKI with an RSA root and no intermediate.
    pub pki_rsa: Arc<Pki>,
    /// The simulator PKI with a P-256 root and an intermediate.
    pub pki_ec: Arc<Pki>,
    /// DS encryption keys (from `pki_rsa`).
    pub ds: DsKeys,
    /// Device information plaintext.
    pub device_info: Vec<u8>,
    /// PS256 ARes, RSA-2048 leaf, one-level chain.
    pub ares_ps256: Arc<AresCase>,
    /// ES256 ARes, P-256 leaf, two-level chain.
    pub ares_es256: Arc<AresCase>,
    /// Recorded three-round challenges (CBC, GCM), core calls composed.
    pub challenges: Vec<RecordedChallenge>,
    /// The same through the transaction API (CBC, GCM).
    pub transactions: Vec<crate::tx::RecordedTransaction>,
    /// The DS keys as the transaction API takes them (RSA, P-256).
    pub ds_public: [threeds_core::keys::PublicKey; 2],
    /// CRes cases: text ~1 KiB and HTML ~64 KiB, CBC and GCM.
    pub cres: Vec<(&'static str, CresCase)>,
}

fn spki_of(cert_der: &[u8]) -> Result<Vec<u8>> {
    let cert = x509_cert::Certificate::from_der(cert_der).map_err(fail("certificate"))?;
    cert.tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(fail("spki"))
}

/// The `rsa` crate's copy of a key, for the primitive baseline.
fn to_reference(k: &threeds_core::keys::RsaPublicKey) -> Result<rsa::PublicKey> {
    rsa::PublicKey::new(
        rsa::BoxedUint::from_be_slice_vartime(k.modulus()),
        rsa::BoxedUint::from(k.exponent()),
    )
    .map_err(fail("rsa key"))
}

/// threeds's copy of an `rsa` crate key.
fn to_core(k: &rsa::PublicKey) -> Result<threeds_core::keys::RsaPublicKey> {
    threeds_core::keys::RsaPublicKey::from_components(&k.n().to_be_bytes(), &k.e().to_be_bytes())
        .map_err(fail("rsa key"))
}

fn sig_key(cert_der: &[u8]) -> Result<SigKey> {
    let spki = spki_of(cert_der)?;
    match threeds_core::keys::PublicKey::from_spki_der(&spki).map_err(fail("key"))? {
        threeds_core::keys::PublicKey::Rsa(k) => Ok(SigKey::Rsa(to_reference(&k)?)),
        threeds_core::keys::PublicKey::P256(k) => {
            Ok(SigKey::P256(p256::ecdsa::VerifyingKey::from(&k)))
        }
        _ => Err(crate::BenchError("unknown key".into())),
    }
}

fn cert_signature(cert_der: &[u8], issuer_der: &[u8]) -> Result<CertSignature> {
    let cert = x509_cert::Certificate::from_der(cert_der).map_err(fail("certificate"))?;
    Ok(CertSignature {
        issuer: sig_key(issuer_der)?,
        tbs: cert.tbs_certificate().to_der().map_err(fail("tbs"))?,
        signature: cert.signature().raw_bytes().to_vec(),
    })
}

pub(crate) fn sim_for(pki: &Arc<Pki>, scenario: &str) -> Result<(Sim, Scenario)> {
    let config = SimConfig::with_builtin_scenarios().map_err(fail("scenarios"))?;
    let scenario = match config.scenarios.get(scenario) {
        Some(s) => s.clone(),
        None => Scenario::from_json(THREE_ROUNDS).map_err(fail("scenario"))?,
    };
    Ok((
        Sim::new(Arc::clone(pki), config).map_err(fail("sim"))?,
        scenario,
    ))
}

fn b64url(text: &str) -> Result<Vec<u8>> {
    base64ct::Base64UrlUnpadded::decode_vec(text).map_err(fail("base64url"))
}

/// Runs the DS role of the simulator on an auth request made by the core
/// with a fixed ephemeral key, and gathers the ARes inputs.
fn ares_case(pki: &Arc<Pki>, ds: &DsKeys, scenario: &str, seed: u64) -> Result<(AresCase, Sim)> {
    let mut rng = crate::rng(seed);
    let ephemeral = EphemeralKeyPair::generate(&mut rng).map_err(fail("ephemeral"))?;
    let ephemeral_private = *ephemeral.private_bytes();
    let trans_id = ours::new_trans_id(&mut rng).map_err(fail("uuid"))?;
    let sdk_trans_id = core::str::from_utf8(&trans_id)
        .map_err(fail("uuid"))?
        .to_owned();
    let mut jwe = vec![0u8; BUF_LEN];
    let mut out = vec![0u8; BUF_LEN];
    let len = ours::auth_request(
        DsKey::Rsa(&ds.rsa_core, &ds.rsa),
        &ephemeral,
        &sdk_trans_id,
        &mut rng,
        &device_info(),
        &mut jwe,
        &mut out,
    )?;
    let (sim, scenario) = sim_for(pki, scenario)?;
    let answer = sim.handle_auth_request_with(&out[..len], &scenario);
    let ares: Value = answer
        .body_json()
        .ok_or_else(|| crate::BenchError(format!("ARes: {}", answer.body_text())))?;
    let jws = ares["acsSignedContent"]
        .as_str()
        .ok_or_else(|| crate::BenchError(format!("no acsSignedContent: {ares}")))?;
    let parts: Vec<&str> = jws.split('.').collect();
    let header: Value = serde_json::from_slice(&b64url(parts[0])?).map_err(fail("header"))?;
    let payload: Value = serde_json::from_slice(&b64url(parts[1])?).map_err(fail("payload"))?;
    let chain: Vec<Vec<u8>> = header["x5c"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .filter_map(|s| base64ct::Base64::decode_vec(s).ok())
                .collect()
        })
        .unwrap_or_default();
    let root_der = pki.ds_root.cert_der.clone();
    let mut cert_signatures = Vec::new();
    for (i, cert) in chain.iter().enumerate() {
        let issuer = chain.get(i + 1).unwrap_or(&root_der);
        cert_signatures.push(cert_signature(cert, issuer)?);
    }
    let acs_ephemeral =
        threeds_core::jose::jwk::p256_from_json(payload["acsEphemPubKey"].to_string().as_bytes())
            .map_err(fail("acsEphemPubKey"))?;
    let acs_trans_id = ares["acsTransID"].as_str().unwrap_or_default().to_owned();
    let sim_session_key = *sim
        .session_key(&acs_trans_id)
        .ok_or_else(|| crate::BenchError("no session key".into()))?;
    let case = AresCase {
        ares_json: serde_json::to_vec(&ares).map_err(fail("ARes"))?,
        sdk_trans_id,
        ephemeral_private,
        ephemeral,
        anchors: TrustAnchors::from_der(&[&root_der]).map_err(fail("anchors"))?,
        root_der,
        sim_session_key,
        jws_key: sig_key(&chain[0])?,
        signing_input: format!("{}.{}", parts[0], parts[1]).into_bytes(),
        jws_signature: b64url(parts[2])?,
        cert_signatures,
        acs_ephemeral,
        acs_trans_id,
        server_trans_id: ares["threeDSServerTransID"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    };
    Ok((case, sim))
}

fn sim_enc(enc: ContentEncryption) -> Enc {
    match enc {
        ContentEncryption::A128CbcHs256 => Enc::A128CbcHs256,
        ContentEncryption::A128Gcm => Enc::A128Gcm,
    }
}

/// Plays the three-round challenge against the simulator's ACS with the
/// core, recording each CRes.
fn record_challenge(
    pki: &Arc<Pki>,
    ds: &DsKeys,
    enc: ContentEncryption,
) -> Result<RecordedChallenge> {
    let (case, sim) = ares_case(pki, ds, "bench-three-rounds", 7)?;
    let case = Arc::new(case);
    let keys = ours::check_auth_response(&case)?;
    if keys.as_bytes() != &case.sim_session_key {
        return Err(crate::BenchError(
            "session keys differ from the simulator's".into(),
        ));
    }
    let mut rng = crate::rng(11);
    let mut plain = vec![0u8; BUF_LEN];
    let mut out = vec![0u8; BUF_LEN];
    let mut cres = Vec::new();
    for counter in 0..4u8 {
        let answer = match counter {
            0 => None,
            n => Some(CHALLENGE_ANSWERS[usize::from(n - 1)]),
        };
        let ids = ours::Ids {
            server: &case.server_trans_id,
            acs: &case.acs_trans_id,
            sdk: &case.sdk_trans_id,
        };
        let len = ours::creq(
            &ids, &keys, enc, counter, answer, &mut rng, &mut plain, &mut out,
        )?;
        let answer = sim.handle_creq(
            &case.acs_trans_id,
            Some("application/jose; charset=UTF-8"),
            &out[..len],
        );
        let text = answer.body_text();
        let final_expected = counter == 3;
        let is_final = ours::cres(&ids, &keys, enc, counter, &text, &mut plain)?;
        if is_final != final_expected {
            return Err(crate::BenchError(format!(
                "CRes {counter}: unexpected {text}"
            )));
        }
        cres.push(text);
    }
    let _ = sim_enc(enc);
    Ok(RecordedChallenge {
        enc,
        ares: case,
        cres,
    })
}

fn text_cres(ids: [&str; 3], target: usize) -> Vec<u8> {
    let image = json!({
        "medium": "https://acs.sim.invalid/images/issuer-medium.png",
        "high": "https://acs.sim.invalid/images/issuer-high.png",
        "extraHigh": "https://acs.sim.invalid/images/issuer-extra-high.png"
    });
    let mut v = json!({
        "messageType": "CRes",
        "messageVersion": "2.2.0",
        "threeDSServerTransID": ids[0],
        "acsTransID": ids[1],
        "sdkTransID": ids[2],
        "acsCounterAtoS": "000",
        "challengeCompletionInd": "N",
        "acsUiType": "01",
        "challengeInfoHeader": "Purchase authentication",
        "challengeInfoLabel": "Enter your code",
        "challengeInfoText": "We have sent a one-time code to your phone ending in 1234. Enter it below to pay EUR 42.00 to Sim Merchant.",
        "submitAuthenticationLabel": "Submit",
        "resendInformationLabel": "Send a new code",
        "whyInfoLabel": "Why am I seeing this?",
        "whyInfoText": "Your bank asks you to confirm this purchase to protect your card against fraud.",
        "expandInfoLabel": "Need help?",
        "expandInfoText": "If you did not receive a code, check that your phone number is up to date or call the number on the back of your card.",
        "issuerImage": image.clone(),
        "psImage": image,
    });
    let base = v.to_string().len();
    let pad = target.saturating_sub(base + r#","challengeAddInfo":"""#.len());
    v["challengeAddInfo"] = Value::String("x".repeat(pad));
    v.to_string().into_bytes()
}

fn html_cres(ids: [&str; 3], target: usize) -> Vec<u8> {
    let mut v = json!({
        "messageType": "CRes",
        "messageVersion": "2.2.0",
        "threeDSServerTransID": ids[0],
        "acsTransID": ids[1],
        "sdkTransID": ids[2],
        "acsCounterAtoS": "000",
        "challengeCompletionInd": "N",
        "acsUiType": "05",
        "acsHTML": ""
    });
    let encoded_len = (target - v.to_string().len()) / 4 * 4;
    let html_len = encoded_len / 4 * 3;
    let head = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sim Bank</title></head><body><form action=\"HTTPS://EMV3DS/challenge\" method=\"post\"><input name=\"otp\"><button>Submit</button></form><p>";
    let tail = "</p></body></html>";
    let filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ";
    let mut html = String::from(head);
    while html.len() + tail.len() < html_len {
        html.push_str(filler);
    }
    html.truncate(html_len - tail.len());
    html.push_str(tail);
    v["acsHTML"] = Value::String(base64ct::Base64UrlUnpadded::encode_string(html.as_bytes()));
    v.to_string().into_bytes()
}

fn cres_case(enc: ContentEncryption, plaintext: &[u8], seed: u64) -> Result<CresCase> {
    let ids = [
        "8a880dc0-d2d2-4067-bcb1-b08d1690b26e",
        "d7c1ee99-9478-44a6-b1f2-391e29c6b340",
        "b2385523-a66c-4907-ac3c-91848e8c0067",
    ];
    let mut rng = crate::rng(seed);
    let mut session_key = [0u8; 32];
    rand_core::Rng::fill_bytes(&mut rng, &mut session_key);
    let keys = SessionKeys::from_bytes(session_key);
    let key = keys.key_for(enc, threeds_core::jose::Direction::AcsToSdk);
    let iv = match enc {
        ContentEncryption::A128CbcHs256 => {
            let mut iv = vec![0u8; 16];
            rand_core::Rng::fill_bytes(&mut rng, &mut iv);
            iv
        }
        ContentEncryption::A128Gcm => {
            threeds_core::jose::session::gcm_counter_iv(threeds_core::jose::Direction::AcsToSdk, 0)
                .to_vec()
        }
    };
    // The ACS side is the simulator's independent JOSE code.
    let jwe = threeds_sim::jose::jwe::encrypt_dir(sim_enc(enc), ids[1], key, &iv, plaintext)
        .map_err(fail("encrypt CRes"))?;
    let parts: Vec<&str> = jwe.split('.').collect();
    Ok(CresCase {
        enc,
        plaintext_len: plaintext.len(),
        session_key,
        acs_trans_id: ids[1].into(),
        server_trans_id: ids[0].into(),
        sdk_trans_id: ids[2].into(),
        ciphertext: b64url(parts[3])?,
        iv,
        tag: b64url(parts[4])?,
        aad: parts[0].as_bytes().to_vec(),
        jwe,
    })
}

impl CresCase {
    /// The ids as the core expects them.
    pub fn ids(&self) -> ours::Ids<'_> {
        ours::Ids {
            server: &self.server_trans_id,
            acs: &self.acs_trans_id,
            sdk: &self.sdk_trans_id,
        }
    }
}

/// The four CRes cases alone (no PKI: quick, for profiling).
///
/// # Errors
/// When the simulator's encryption fails.
pub fn cres_cases() -> Result<Vec<(&'static str, CresCase)>> {
    let ids = [
        "8a880dc0-d2d2-4067-bcb1-b08d1690b26e",
        "d7c1ee99-9478-44a6-b1f2-391e29c6b340",
        "b2385523-a66c-4907-ac3c-91848e8c0067",
    ];
    let text = text_cres(ids, 1024);
    let html = html_cres(ids, 64 * 1024);
    Ok(vec![
        (
            "text-1k/cbc",
            cres_case(ContentEncryption::A128CbcHs256, &text, 3)?,
        ),
        (
            "text-1k/gcm",
            cres_case(ContentEncryption::A128Gcm, &text, 4)?,
        ),
        (
            "html-64k/cbc",
            cres_case(ContentEncryption::A128CbcHs256, &html, 5)?,
        ),
        (
            "html-64k/gcm",
            cres_case(ContentEncryption::A128Gcm, &html, 6)?,
        ),
    ])
}

impl Fixtures {
    /// Generates every input (a few seconds: RSA key generation).
    ///
    /// # Errors
    /// [`BenchError`](crate::BenchError) when the simulator or the core
    /// rejects something: the benches would measure nonsense.
    pub fn new() -> Result<Self> {
        let pki_rsa = Arc::new(Pki::generate().map_err(fail("pki"))?);
        let pki_ec = Arc::new(
            Pki::generate_with(PkiOptions {
                root_alg: KeyAlg::P256,
                intermediate: true,
            })
            .map_err(fail("pki"))?,
        );
        let rsa_spki = spki_of(&pki_rsa.ds_enc_rsa.cert_der)?;
        let ec_spki = spki_of(&pki_rsa.ds_enc_ec.cert_der)?;
        let rsa = pki_rsa
            .ds_enc_rsa
            .rsa_key()
            .map_err(fail("ds rsa"))?
            .to_public_key();
        let ds = DsKeys {
            rsa_core: to_core(&rsa)?,
            rsa,
            rsa_spki,
            ec: pki_rsa
                .ds_enc_ec
                .ec_key()
                .map_err(fail("ds ec"))?
                .public_key(),
            ec_spki,
        };
        if ds.rsa.size() != 256 {
            return Err(crate::BenchError("DS key is not RSA-2048".into()));
        }
        let (ps256, _) = ares_case(&pki_rsa, &ds, "challenge-text", 1)?;
        // The EC PKI has its own DS keys; the DS role decrypts with them.
        let rsa = pki_ec
            .ds_enc_rsa
            .rsa_key()
            .map_err(fail("ds rsa"))?
            .to_public_key();
        let ds_ec_pki = DsKeys {
            rsa_core: to_core(&rsa)?,
            rsa,
            rsa_spki: Vec::new(),
            ec: pki_ec
                .ds_enc_ec
                .ec_key()
                .map_err(fail("ds ec"))?
                .public_key(),
            ec_spki: Vec::new(),
        };
        let (es256, _) = ares_case(&pki_ec, &ds_ec_pki, "challenge-es256", 2)?;
        if es256.cert_signatures.len() != 2 {
            return Err(crate::BenchError("ES256 chain is not two levels".into()));
        }
        let challenges = vec![
            record_challenge(&pki_rsa, &ds, ContentEncryption::A128CbcHs256)?,
            record_challenge(&pki_rsa, &ds, ContentEncryption::A128Gcm)?,
        ];
        let info = device_info();
        let transactions = vec![
            crate::tx::record(
                &pki_rsa,
                &ds.rsa_core,
                ContentEncryption::A128CbcHs256,
                &info,
            )?,
            crate::tx::record(&pki_rsa, &ds.rsa_core, ContentEncryption::A128Gcm, &info)?,
        ];
        let ds_public = [
            threeds_core::keys::PublicKey::Rsa(ds.rsa_core.clone()),
            threeds_core::keys::PublicKey::P256(ds.ec),
        ];
        let cres = cres_cases()?;
        Ok(Self {
            transactions,
            ds_public,
            pki_rsa,
            pki_ec,
            ds,
            device_info: device_info(),
            ares_ps256: Arc::new(ps256),
            ares_es256: Arc::new(es256),
            challenges,
            cres,
        })
    }
}
