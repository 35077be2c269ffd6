//! The crypto-provider seam: a transaction runs every P-256 operation on
//! the provider it was given, the wire bytes do not depend on which
//! provider that is, and a failing provider gives a typed error with the
//! transaction left consistent.

mod transaction_support;

use core::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use threeds_core::crypto::{CryptoError, CryptoProvider, P256Point, RUST_CRYPTO};
use threeds_core::keys::RsaPublicKey;
use threeds_core::message::ChallengeAnswer;
use threeds_core::pki::TrustAnchors;
use threeds_core::platform::Clock;
use threeds_core::transaction::{
    AcsTrust, AresError, AresOutcome, ChallengeInput, Error, StateName, Transaction,
};
use transaction_support::*;
use zeroize::Zeroizing;

/// Delegates to RustCrypto and counts the calls; `fail` makes one
/// operation refuse.
struct Counting {
    public_key: AtomicUsize,
    ecdh: AtomicUsize,
    verify: AtomicUsize,
    rsa_oaep: AtomicUsize,
    fail: Fail,
}

#[derive(Clone, Copy, PartialEq)]
enum Fail {
    Nothing,
    PublicKey,
    /// Returns a point that is not on the curve.
    OffCurve,
    Ecdh,
    Verify,
    RsaOaep,
    /// Returns a ciphertext one byte shorter than the modulus.
    RsaShort,
}

impl Counting {
    const fn new(fail: Fail) -> Self {
        Self {
            public_key: AtomicUsize::new(0),
            ecdh: AtomicUsize::new(0),
            verify: AtomicUsize::new(0),
            rsa_oaep: AtomicUsize::new(0),
            fail,
        }
    }

    fn counts(&self) -> (usize, usize, usize) {
        (
            self.public_key.load(Ordering::SeqCst),
            self.ecdh.load(Ordering::SeqCst),
            self.verify.load(Ordering::SeqCst),
        )
    }
}

impl CryptoProvider for Counting {
    fn name(&self) -> &'static str {
        "counting"
    }

    fn p256_public_key(&self, secret: &[u8; 32]) -> Result<P256Point, CryptoError> {
        self.public_key.fetch_add(1, Ordering::SeqCst);
        match self.fail {
            Fail::PublicKey => Err(CryptoError::Backend),
            Fail::OffCurve => {
                let mut p = RUST_CRYPTO.p256_public_key(secret)?;
                p[64] ^= 1;
                Ok(p)
            }
            _ => RUST_CRYPTO.p256_public_key(secret),
        }
    }

    fn p256_ecdh(
        &self,
        secret: &[u8; 32],
        peer: &P256Point,
    ) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
        self.ecdh.fetch_add(1, Ordering::SeqCst);
        if self.fail == Fail::Ecdh {
            return Err(CryptoError::Backend);
        }
        RUST_CRYPTO.p256_ecdh(secret, peer)
    }

    fn p256_verify_prehash(
        &self,
        key: &P256Point,
        prehash: &[u8; 32],
        signature: &[u8; 64],
    ) -> Result<(), CryptoError> {
        self.verify.fetch_add(1, Ordering::SeqCst);
        if self.fail == Fail::Verify {
            return Err(CryptoError::BadSignature);
        }
        RUST_CRYPTO.p256_verify_prehash(key, prehash, signature)
    }

    fn rsa_oaep_sha256_encrypt(
        &self,
        key: &RsaPublicKey,
        cek: &[u8],
        seed: &[u8; 32],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        self.rsa_oaep.fetch_add(1, Ordering::SeqCst);
        match self.fail {
            Fail::RsaOaep => Err(CryptoError::Backend),
            Fail::RsaShort => Ok(RUST_CRYPTO.rsa_oaep_sha256_encrypt(key, cek, seed, out)? - 1),
            _ => RUST_CRYPTO.rsa_oaep_sha256_encrypt(key, cek, seed, out),
        }
    }
}

/// The AReq, the ARes outcome and the first CReq (ACS-decrypted) of an
/// EC-DS, ES256-signed challenge run on `txn`.
fn run(mut txn: Transaction, gcm: bool) -> (Vec<u8>, Value) {
    let ds = ds_keys();
    let key = ds.ec_public();
    let mut acs = TestAcs::new("2.2.0", gcm, SignAlg::Es256);
    let clock = FakeClock::new();
    let mut rng = rng(1);
    let mut bufs = Buffers::new();
    let sdk_ref = acs.sdk_reference_number.clone();
    let p = params("2.2.0", &key, gcm, &sdk_ref);
    let req = txn.begin(&p, &mut rng, clock.now(), &mut bufs.out).unwrap();
    let areq = bufs.out[..req.len].to_vec();
    let ares = acs.ares(&areq, "C");
    let roots = TrustAnchors::from_der(&[pki().root_der]).unwrap();
    let outcome = txn
        .handle_ares(&ares, &AcsTrust::roots(&roots), clock.now_unix())
        .unwrap();
    assert!(matches!(outcome, AresOutcome::Challenge(_)), "{outcome:?}");
    let creq = txn
        .build_creq(
            &ChallengeInput::new(ChallengeAnswer::Initial),
            &mut rng,
            clock.now(),
            &mut bufs.out,
        )
        .unwrap();
    let creq = acs.open_creq(&bufs.out[..creq.len]);
    // The DS (independent RustCrypto code in the test) opens the device info.
    let areq_json: Value = serde_json::from_slice(&areq).unwrap();
    let (_, device_info) = ds.decrypt(areq_json["sdkEncData"].as_str().unwrap());
    assert_eq!(device_info, DEVICE_INFO);
    (areq, creq)
}

#[test]
fn every_p256_operation_of_a_transaction_runs_on_its_provider() {
    static P: Counting = Counting::new(Fail::Nothing);
    for gcm in [false, true] {
        let before = P.counts();
        let (with_provider, creq_p) = run(Transaction::with_crypto(&P), gcm);
        let after = P.counts();
        // Two key pairs (the SDK's, the device-info JWE's), two ECDH (DS, ACS),
        // one ES256 (the ACS's signed content; the chain is RSA-signed).
        assert_eq!(
            (after.0 - before.0, after.1 - before.1, after.2 - before.2),
            (2, 2, 1)
        );
        // Same random stream, default provider: the same bytes on the wire.
        let (default, creq_d) = run(Transaction::new(), gcm);
        assert_eq!(with_provider, default);
        assert_eq!(creq_p, creq_d);
    }
}

#[test]
fn the_rsa_oaep_key_encryption_runs_on_the_provider_with_the_same_bytes() {
    static P: Counting = Counting::new(Fail::Nothing);
    let ds = ds_keys();
    let key = ds.rsa_public();
    for gcm in [false, true] {
        let p = params("2.2.0", &key, gcm, "3DS_LOA_SDK_TEST_1");
        let areq = |mut txn: Transaction| {
            let mut out = vec![0u8; 16 * 1024];
            let req = txn.begin(&p, &mut rng(3), 0, &mut out).unwrap();
            out.truncate(req.len);
            out
        };
        let before = P.rsa_oaep.load(Ordering::SeqCst);
        let with_provider = areq(Transaction::with_crypto(&P));
        assert_eq!(P.rsa_oaep.load(Ordering::SeqCst) - before, 1);
        // The default hands the provider the seed it would have used itself:
        // the same random stream gives the same AReq byte for byte.
        assert_eq!(with_provider, areq(Transaction::new()));
        let json: Value = serde_json::from_slice(&with_provider).unwrap();
        let (header, device_info) = ds.decrypt(json["sdkEncData"].as_str().unwrap());
        assert_eq!(header["alg"], "RSA-OAEP-256");
        assert_eq!(device_info, DEVICE_INFO);
    }
}

#[test]
fn the_chosen_provider_is_reported_and_survives_reset() {
    static P: Counting = Counting::new(Fail::Nothing);
    let mut txn = Transaction::with_crypto(&P);
    assert_eq!(txn.crypto().name(), "counting");
    txn.reset();
    assert_eq!(txn.crypto().name(), "counting");
    assert_eq!(Transaction::new().crypto().name(), "rustcrypto");
}

fn begin_error(provider: &'static Counting) -> (Error, StateName) {
    let ds = ds_keys();
    let key = match provider.fail {
        Fail::RsaOaep | Fail::RsaShort => ds.rsa_public(),
        _ => ds.ec_public(),
    };
    let mut txn = Transaction::with_crypto(provider);
    let p = params("2.2.0", &key, false, "REF");
    let mut out = vec![0u8; 16 * 1024];
    let e = txn.begin(&p, &mut rng(1), 0, &mut out).unwrap_err();
    (e, txn.state())
}

#[test]
fn a_failing_provider_is_a_typed_error_and_the_transaction_stays_idle() {
    static KEYGEN: Counting = Counting::new(Fail::PublicKey);
    static OFF_CURVE: Counting = Counting::new(Fail::OffCurve);
    static ECDH: Counting = Counting::new(Fail::Ecdh);
    static RSA: Counting = Counting::new(Fail::RsaOaep);
    static RSA_SHORT: Counting = Counting::new(Fail::RsaShort);
    for p in [&KEYGEN, &OFF_CURVE, &ECDH, &RSA, &RSA_SHORT] {
        assert_eq!(begin_error(p), (Error::Crypto, StateName::Idle));
    }
}

#[test]
fn a_provider_that_refuses_the_signature_fails_the_ares() {
    static P: Counting = Counting::new(Fail::Verify);
    let ds = ds_keys();
    let key = ds.ec_public();
    let mut acs = TestAcs::new("2.2.0", false, SignAlg::Es256);
    let mut txn = Transaction::with_crypto(&P);
    let sdk_ref = acs.sdk_reference_number.clone();
    let p = params("2.2.0", &key, false, &sdk_ref);
    let mut out = vec![0u8; 16 * 1024];
    let req = txn.begin(&p, &mut rng(1), 0, &mut out).unwrap();
    let ares = acs.ares(&out[..req.len], "C");
    let roots = TrustAnchors::from_der(&[pki().root_der]).unwrap();
    let e = txn
        .handle_ares(&ares, &AcsTrust::roots(&roots), FakeClock::new().now_unix())
        .unwrap_err();
    assert_eq!(e, Error::Ares(AresError::SignatureInvalid));
    assert_eq!(P.counts().2, 1);
}

#[test]
fn restoring_an_export_keeps_the_chosen_provider_and_runs_on_it() {
    static P: Counting = Counting::new(Fail::Nothing);
    let ds = ds_keys();
    let key = ds.ec_public();
    let mut acs = TestAcs::new("2.2.0", false, SignAlg::Es256);
    let sdk_ref = acs.sdk_reference_number.clone();
    let p = params("2.2.0", &key, false, &sdk_ref);
    let mut out = vec![0u8; 16 * 1024];
    let mut first = Transaction::new();
    let req = first.begin(&p, &mut rng(1), 0, &mut out).unwrap();
    let areq = out[..req.len].to_vec();
    let mut exported = vec![0u8; 4096];
    let n = first.export(&mut exported).unwrap();

    // The process that resumes chose a provider before importing.
    let mut second = Transaction::with_crypto(&P);
    second.restore(&exported[..n]).unwrap();
    assert_eq!(second.crypto().name(), "counting");
    assert_eq!(second.state(), StateName::AuthRequested);
    let before = P.counts();
    let ares = acs.ares(&areq, "C");
    let roots = TrustAnchors::from_der(&[pki().root_der]).unwrap();
    second
        .handle_ares(&ares, &AcsTrust::roots(&roots), FakeClock::new().now_unix())
        .unwrap();
    let after = P.counts();
    // The ACS key agreement and the signed content's ES256 ran on it.
    assert_eq!((after.1 - before.1, after.2 - before.2), (1, 1));
}
