//! The SDK work through `threeds-core`: what `get_auth_request`,
//! `check_auth_response` and each challenge round do.

use threeds_core::jose::jwe;
use threeds_core::jose::jws::Jws;
use threeds_core::jose::session::gcm_counter_iv;
use threeds_core::jose::{ContentEncryption, Direction, EphemeralKeyPair, SessionKeys, jwk};
use threeds_core::json::JsonWriter;
use threeds_core::message::{
    AcsSignedPayload, AresExpectation, AuthRequestData, AuthResponse, ChallengeAnswer,
    ChallengeResponse, CreqBuilder, CresBody, CresExpectation, Interface, all_ui_types,
};
use threeds_core::platform::{Rng, fill_random};

use crate::fixtures::{
    AresCase, CHALLENGE_ANSWERS, DS_ID, RecordedChallenge, SDK_APP_ID, SDK_REFERENCE_NUMBER,
    VERSION,
};
use crate::{BenchError, Result, fail};

/// The DS encryption key of the device information.
#[derive(Clone, Copy)]
pub enum DsKey<'a> {
    /// RSA: `RSA-OAEP-256`.
    Rsa(
        &'a threeds_core::keys::RsaPublicKey,
        /// The same key for the `rsa` crate (primitive baseline).
        &'a rsa::PublicKey,
    ),
    /// P-256: `ECDH-ES`.
    Ec(&'a p256::PublicKey),
}

/// A random (v4) `sdkTransID`, lower-case hyphenated.
///
/// # Errors
/// When the generator fails.
pub fn new_trans_id<R: Rng + ?Sized>(rng: &mut R) -> Result<[u8; 36]> {
    let mut bytes = [0u8; 16];
    fill_random(rng, &mut bytes).map_err(fail("rng"))?;
    let mut out = [0u8; 36];
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .encode_lower(&mut out);
    Ok(out)
}

/// Device-info JWE + auth-request JSON for a given ephemeral key and id;
/// returns the JSON length in `out`.
///
/// # Errors
/// Any core error (a bug in the fixtures).
pub fn auth_request<R: Rng + ?Sized>(
    ds: DsKey<'_>,
    ephemeral: &EphemeralKeyPair,
    sdk_trans_id: &str,
    rng: &mut R,
    device_info: &[u8],
    jwe_buf: &mut [u8],
    out: &mut [u8],
) -> Result<usize> {
    let enc = ContentEncryption::A128CbcHs256;
    let jwe_len = match ds {
        DsKey::Rsa(key, _) => jwe::encrypt_rsa_oaep(enc, key, None, rng, device_info, jwe_buf),
        DsKey::Ec(key) => {
            jwe::encrypt_ecdh_es(enc, key, DS_ID.as_bytes(), None, rng, device_info, jwe_buf)
        }
    }
    .map_err(fail("device info JWE"))?;
    let sdk_enc_data = core::str::from_utf8(&jwe_buf[..jwe_len]).map_err(fail("utf8"))?;
    let jwk = ephemeral.public_jwk();
    let data = AuthRequestData {
        version: VERSION,
        sdk_app_id: SDK_APP_ID,
        sdk_trans_id,
        sdk_reference_number: SDK_REFERENCE_NUMBER,
        sdk_enc_data,
        sdk_ephem_pub_key: jwk.as_str(),
        sdk_max_timeout_minutes: 5,
        sdk_interface: Interface::Both,
        sdk_ui_types: all_ui_types(VERSION),
        wrapped: false,
    };
    Ok(data.write(out).map_err(fail("auth request"))?.len())
}

/// `get_auth_request`: a fresh ephemeral key, a fresh `sdkTransID`, the
/// device-info JWE and the auth-request JSON. Returns the JSON length.
///
/// # Errors
/// Any core error (a bug in the fixtures).
pub fn get_auth_request<R: Rng + ?Sized>(
    ds: DsKey<'_>,
    rng: &mut R,
    device_info: &[u8],
    jwe_buf: &mut [u8],
    out: &mut [u8],
) -> Result<usize> {
    let ephemeral = EphemeralKeyPair::generate(rng).map_err(fail("ephemeral"))?;
    let id = new_trans_id(rng)?;
    let id = core::str::from_utf8(&id).map_err(fail("utf8"))?;
    auth_request(ds, &ephemeral, id, rng, device_info, jwe_buf, out)
}

/// `check_auth_response`: ARes parse, JWS parse, `x5c` chain validation,
/// JWS signature, payload parse, echoed key check and session key derivation.
///
/// # Errors
/// Any core error (a bug in the fixtures).
pub fn check_auth_response(case: &AresCase) -> Result<SessionKeys> {
    check_with(
        threeds_core::crypto::default_provider(),
        case,
        &case.ephemeral,
    )
}

/// [`check_auth_response`] with every P-256 operation (signatures and the
/// ECDH) on `provider`.
///
/// # Errors
/// Any core error (a bug in the fixtures).
pub fn check_auth_response_with(
    provider: &'static dyn threeds_core::crypto::CryptoProvider,
    case: &AresCase,
) -> Result<SessionKeys> {
    // Rebinding the key pair only swaps a pointer: no key arithmetic here.
    let mut ephemeral = case.ephemeral.clone();
    ephemeral.set_provider(provider);
    check_with(provider, case, &ephemeral)
}

fn check_with(
    provider: &dyn threeds_core::crypto::CryptoProvider,
    case: &AresCase,
    ephemeral: &EphemeralKeyPair,
) -> Result<SessionKeys> {
    let expect = AresExpectation {
        version: VERSION,
        sdk_trans_id: &case.sdk_trans_id,
        understood_extensions: &[],
    };
    let AuthResponse::Ares(ares) =
        AuthResponse::parse(&case.ares_json, &expect).map_err(fail("ARes"))?
    else {
        return Err(BenchError("Erro instead of ARes".into()));
    };
    let jws_text = ares
        .acs_signed_content
        .ok_or_else(|| BenchError("no acsSignedContent".into()))?;
    let mut header = [0u8; 8192];
    let jws = Jws::parse(jws_text, &mut header).map_err(fail("JWS"))?;
    let chain = jws.x5c_chain().map_err(fail("x5c"))?;
    let leaf = threeds_core::pki::verify_chain_with(
        provider,
        &chain,
        &case.anchors,
        crate::fixtures::NOW_UNIX,
    )
    .map_err(fail("chain"))?;
    jws.verify_with(provider, &leaf)
        .map_err(fail("JWS signature"))?;
    let mut payload = [0u8; 2048];
    let payload = jws.decode_payload(&mut payload).map_err(fail("payload"))?;
    let signed = AcsSignedPayload::parse(payload).map_err(fail("signed content"))?;
    let acs_key =
        jwk::p256_from_json(signed.acs_ephem_pub_key.as_bytes()).map_err(fail("acs key"))?;
    let echoed =
        jwk::p256_from_json(signed.sdk_ephem_pub_key.as_bytes()).map_err(fail("sdk key"))?;
    if &echoed != ephemeral.public_key() {
        return Err(BenchError("sdkEphemPubKey not echoed".into()));
    }
    SessionKeys::derive(ephemeral, &acs_key, SDK_REFERENCE_NUMBER).map_err(fail("KDF"))
}

/// The three transaction ids of the challenge messages.
#[derive(Debug, Clone, Copy)]
pub struct Ids<'a> {
    /// `threeDSServerTransID`.
    pub server: &'a str,
    /// `acsTransID` (also the JWE `kid`).
    pub acs: &'a str,
    /// `sdkTransID`.
    pub sdk: &'a str,
}

fn initial_creq<'b>(ids: &Ids<'_>, buf: &'b mut [u8]) -> Result<&'b [u8]> {
    // The first CReq carries no answer, which `CreqBuilder` cannot express.
    let mut w = JsonWriter::new(buf);
    (|| {
        w.begin_object()?;
        w.field_str("messageType", "CReq")?;
        w.field_str("messageVersion", VERSION.as_str())?;
        w.field_str("threeDSServerTransID", ids.server)?;
        w.field_str("acsTransID", ids.acs)?;
        w.field_str("sdkTransID", ids.sdk)?;
        w.field_str("sdkCounterStoA", "000")?;
        w.end_object()
    })()
    .map_err(fail("initial CReq"))?;
    w.finish().map_err(fail("initial CReq"))
}

/// One CReq: JSON into `plain`, `dir` JWE into `out` (random IV for CBC,
/// the counter IV for GCM). `answer` `None` builds the initial CReq.
/// Returns the JWE length.
///
/// # Errors
/// Any core error (a bug in the fixtures).
#[allow(clippy::too_many_arguments)]
pub fn creq<R: Rng + ?Sized>(
    ids: &Ids<'_>,
    keys: &SessionKeys,
    enc: ContentEncryption,
    counter: u8,
    answer: Option<ChallengeAnswer<'_>>,
    rng: &mut R,
    plain: &mut [u8],
    out: &mut [u8],
) -> Result<usize> {
    let json = match answer {
        None => initial_creq(ids, plain)?,
        Some(answer) => CreqBuilder::new(VERSION, ids.server, ids.acs, ids.sdk, counter, answer)
            .write(plain)
            .map_err(fail("CReq"))?,
    };
    let key = keys.key_for(enc, Direction::SdkToAcs);
    match enc {
        ContentEncryption::A128CbcHs256 => {
            jwe::encrypt_dir_random_iv(enc, key, ids.acs, rng, json, out)
        }
        ContentEncryption::A128Gcm => {
            let iv = gcm_counter_iv(Direction::SdkToAcs, counter);
            jwe::encrypt_dir(enc, key, ids.acs, &iv, json, out)
        }
    }
    .map_err(fail("CReq JWE"))
}

/// One CRes: `dir` JWE decryption into `out` and validation. Returns
/// whether it is the final CRes.
///
/// # Errors
/// Any core error (a bug in the fixtures).
pub fn cres(
    ids: &Ids<'_>,
    keys: &SessionKeys,
    enc: ContentEncryption,
    counter: u8,
    jwe_text: &str,
    out: &mut [u8],
) -> Result<bool> {
    let key = keys.key_for(enc, Direction::AcsToSdk);
    let plain =
        jwe::decrypt_dir(jwe_text, enc, key, Some(ids.acs), out).map_err(fail("CRes JWE"))?;
    let expect = CresExpectation {
        version: VERSION,
        three_ds_server_trans_id: ids.server,
        acs_trans_id: ids.acs,
        sdk_trans_id: ids.sdk,
        counter,
        understood_extensions: &[],
        decoupled_fallback: false,
    };
    match ChallengeResponse::parse(plain, &expect).map_err(fail("CRes"))? {
        ChallengeResponse::Cres(c) => Ok(matches!(c.body, CresBody::Final { .. })),
        ChallengeResponse::Erro(_) => Err(BenchError("Erro instead of CRes".into())),
    }
}

/// A whole challenged transaction on the SDK side, in process: auth request
/// (RSA DS key), ARes check, the initial CReq and three answered rounds,
/// against the recorded ACS answers.
///
/// The ephemeral key is imported (same cost as generating one: a scalar
/// multiplication) so that the recorded messages stay valid.
///
/// # Errors
/// Any core error (a bug in the fixtures).
pub fn full_challenge<R: Rng + ?Sized>(
    ch: &RecordedChallenge,
    ds: DsKey<'_>,
    device_info: &[u8],
    rng: &mut R,
    a: &mut [u8],
    b: &mut [u8],
) -> Result<()> {
    let case = &ch.ares;
    let ephemeral =
        EphemeralKeyPair::from_private_bytes(&case.ephemeral_private).map_err(fail("ephemeral"))?;
    auth_request(ds, &ephemeral, &case.sdk_trans_id, rng, device_info, a, b)?;
    let keys = check_with(threeds_core::crypto::default_provider(), case, &ephemeral)?;
    let ids = Ids {
        server: &case.server_trans_id,
        acs: &case.acs_trans_id,
        sdk: &case.sdk_trans_id,
    };
    for (counter, cres_text) in (0u8..).zip(&ch.cres) {
        let answer = match counter {
            0 => None,
            n => CHALLENGE_ANSWERS.get(usize::from(n - 1)).copied(),
        };
        creq(&ids, &keys, ch.enc, counter, answer, rng, a, b)?;
        cres(&ids, &keys, ch.enc, counter, cres_text, a)?;
    }
    Ok(())
}
