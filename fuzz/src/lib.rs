//! Fixed inputs shared by the fuzz targets: the EMVCo worked-sample DS root
//! and ACS signing certificates (embedded at build time from `tests/vectors/`),
//! the keys they certify, fixed session keys, and the ids the message
//! expectations use. Built once per process.
#![forbid(unsafe_code)]

use std::sync::OnceLock;

use threeds_core::jose::base64url;
use threeds_core::json::{self, Value};
use threeds_core::keys::PublicKey;
use threeds_core::pki::{TrustAnchors, verify_chain};

/// The EMVCo App-based Crypto Worked Samples, as committed in `tests/vectors/`.
const SAMPLES: &str = include_str!("../../tests/vectors/emvco-app-crypto-worked-samples.json");

/// 2024-01-01T00:00:00Z: inside every sample certificate's validity window.
pub const NOW: u64 = 1_704_067_200;

/// The ids the message targets expect (any UUIDs; the seeds use these).
pub const SRV_ID: &str = "8a880dc0-d2d2-4067-bcb1-b08d1690b26e";
/// `acsTransID` expected by the CRes targets.
pub const ACS_ID: &str = "d7c1ee99-9478-44a6-b1f2-391e29c6b340";
/// `sdkTransID` expected by the ARes/CRes targets.
pub const SDK_ID: &str = "b2385523-a66c-4907-ac3c-91848e8c0067";

/// A fixed 32-byte session key (A128CBC-HS256 uses all of it, A128GCM the
/// first or last 16 bytes depending on direction).
pub const SESSION_KEY: [u8; 32] = [
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
    0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0,
];

/// One PEM certificate of the samples' `certificates` object, as DER.
fn cert_der(name: &str) -> Vec<u8> {
    let root = json::parse(SAMPLES.as_bytes()).expect("samples parse");
    let certs = root
        .as_object()
        .and_then(|o| o.get("certificates"))
        .and_then(|v| v.as_object())
        .expect("certificates object");
    let Some(Value::String(pem)) = certs.get(name) else {
        panic!("no certificate {name}");
    };
    let mut text = vec![0u8; pem.decoded_len()];
    let pem = pem.unescape_into(&mut text).expect("PEM string");
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(str::trim)
        .collect();
    let mut der = vec![0u8; body.len()];
    let n = base64url::decode_standard(&body, &mut der)
        .expect("PEM base64")
        .len();
    der.truncate(n);
    der
}

/// The certificates the X.509/JWS targets use.
pub struct Pki {
    /// The DS root, DER.
    pub root: Vec<u8>,
    /// The ACS RSA signing certificate, DER.
    pub acs_rsa: Vec<u8>,
    /// The ACS EC signing certificate, DER.
    pub acs_ec: Vec<u8>,
    /// Trust anchors holding only the DS root.
    pub anchors: TrustAnchors,
    /// The ACS RSA signing key (PS256).
    pub rsa_key: PublicKey,
    /// The ACS EC signing key (ES256).
    pub ec_key: PublicKey,
}

/// The shared [`Pki`] fixture.
pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let root = cert_der("ds_root_cert_pem");
        let acs_rsa = cert_der("acs_rsa_signing_cert_pem");
        let acs_ec = cert_der("acs_ec_signing_cert_pem");
        let anchors = TrustAnchors::from_der(&[&root]).expect("DS root is a valid anchor");
        let rsa_key = verify_chain(&[&acs_rsa], &anchors, NOW).expect("RSA leaf chains");
        let ec_key = verify_chain(&[&acs_ec], &anchors, NOW).expect("EC leaf chains");
        Pki {
            root,
            acs_rsa,
            acs_ec,
            anchors,
            rsa_key,
            ec_key,
        }
    })
}

/// Splits `data` into length-prefixed segments (u16 big-endian length, then
/// that many bytes; a short final segment takes the rest), at most `max`.
pub fn segments(mut data: &[u8], max: usize) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while out.len() < max {
        let Some((len, rest)) = data.split_first_chunk::<2>() else {
            break;
        };
        let n = usize::from(u16::from_be_bytes(*len)).min(rest.len());
        let (seg, tail) = rest.split_at(n);
        out.push(seg);
        data = tail;
    }
    out
}

/// Joins segments in the [`segments`] format (for seeds and tests).
pub fn join_segments(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in parts {
        out.extend_from_slice(
            &u16::try_from(p.len())
                .expect("segment fits u16")
                .to_be_bytes(),
        );
        out.extend_from_slice(p);
    }
    out
}

/// A [`Transaction::export`](threeds_core::transaction::Transaction::export)
/// blob of a challenge about to send its first CReq (counter 0), with the
/// fixed [`SESSION_KEY`] and ids, so a target can start from a live
/// challenge without an ARes round trip. `version`: 0 = 2.1.0, 1 = 2.2.0,
/// 2 = 2.3.1.
pub fn challenge_export(version: u8, gcm: bool) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(b"TXS2");
    b.extend_from_slice(&[2, version % 3, u8::from(gcm)]);
    b.extend_from_slice(&0u64.to_be_bytes()); // start_ms
    b.extend_from_slice(&5u16.to_be_bytes()); // sdkMaxTimeout, minutes
    b.extend_from_slice(&30_000u64.to_be_bytes()); // exchange timeout, ms
    b.extend_from_slice(SDK_ID.as_bytes());
    b.extend_from_slice(&0u16.to_be_bytes()); // no requestor app URL
    b.push(1); // oobAppURLInd
    b.push(0); // no decoupled fallback
    b.extend_from_slice(&[3, 0xFE]); // deviceRenderOptions: every interface and UI type
    b.extend_from_slice(SRV_ID.as_bytes());
    b.extend_from_slice(ACS_ID.as_bytes());
    b.push(0); // no dsTransID
    b.extend_from_slice(&SESSION_KEY);
    b.extend_from_slice(&0u16.to_be_bytes()); // next counter 0
    b.extend_from_slice(&[0, 0]); // phase: CReq next
    b.extend_from_slice(&0u64.to_be_bytes());
    b.extend_from_slice(&[0, 0, 0]); // no screen yet
    b.extend_from_slice(&0u16.to_be_bytes()); // round
    let url = b"https://acs.example/challenge";
    b.extend_from_slice(&u16::try_from(url.len()).expect("short").to_be_bytes());
    b.extend_from_slice(url);
    b
}
