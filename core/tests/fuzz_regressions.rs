//! Replays the committed fuzz inputs through the same entry points as the
//! cargo-fuzz targets in `fuzz/`, so a crash once found stays fixed without
//! nightly or libFuzzer: every file of `fuzz/seeds/<target>/` and of
//! `fuzz/regressions/<target>/` (minimized crash inputs) must be handled
//! without a panic. Specific findings get their own test below.

use std::path::{Path, PathBuf};

use threeds_core::client::config::{NoBackend, Settings};
use threeds_core::jose::{ContentEncryption, Jws, base64url, jwe, jwk};
use threeds_core::json::xpath;
use threeds_core::message::*;
use threeds_core::pki::{TrustAnchors, verify_chain};

const FUZZ: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fuzz");
const SAMPLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/emvco-app-crypto-worked-samples.json"
);
const CRES_SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/3ds-message-samples/CRes.json"
);
const SRV: &str = "8a880dc0-d2d2-4067-bcb1-b08d1690b26e";
const ACS: &str = "d7c1ee99-9478-44a6-b1f2-391e29c6b340";
const SDK: &str = "b2385523-a66c-4907-ac3c-91848e8c0067";
/// The fuzz crate's fixed session key (`threeds_fuzz::SESSION_KEY`).
const SESSION_KEY: [u8; 32] = [
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
    0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0,
];
/// Inside the sample certificates' validity.
const NOW: u64 = 1_704_067_200;

fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

/// Seeds (must exist) and regression inputs (may not) of one target.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let seeds = files(&Path::new(FUZZ).join("seeds").join(target));
    assert!(
        !seeds.is_empty(),
        "no committed seeds for fuzz target {target}"
    );
    let mut all = seeds;
    all.extend(files(&Path::new(FUZZ).join("regressions").join(target)));
    all
}

fn replay(target: &str, run: impl Fn(&[u8])) {
    for (path, bytes) in inputs(target) {
        let r = std::panic::catch_unwind(core::panic::AssertUnwindSafe(|| run(&bytes)));
        assert!(r.is_ok(), "{target}: {} panics", path.display());
    }
}

fn text(bytes: &[u8]) -> Option<&str> {
    core::str::from_utf8(bytes).ok()
}

fn pem_to_der(pem: &str) -> Vec<u8> {
    use base64ct::Encoding;
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(str::trim)
        .collect();
    base64ct::Base64::decode_vec(&body).unwrap()
}

fn anchors() -> TrustAnchors {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SAMPLES).unwrap()).unwrap();
    let root = pem_to_der(v["certificates"]["ds_root_cert_pem"].as_str().unwrap());
    TrustAnchors::from_der(&[root]).unwrap()
}

/// The fuzz crate's length-prefixed segment split (`threeds_fuzz::segments`).
fn segments(mut data: &[u8], max: usize) -> Vec<&[u8]> {
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

fn parse_cres(bytes: &[u8]) {
    for version in MessageVersion::ALL {
        let e = CresExpectation {
            version,
            three_ds_server_trans_id: SRV,
            acs_trans_id: ACS,
            sdk_trans_id: SDK,
            counter: 0,
            understood_extensions: &["A000000802-001"],
            decoupled_fallback: true,
        };
        let _ = ChallengeResponse::parse(bytes, &e).map(|c| format!("{c:?}"));
    }
}

#[test]
fn base64url_inputs() {
    replay("base64url", |b| {
        let Some(s) = text(b) else { return };
        let mut buf = vec![0u8; s.len()];
        let _ = base64url::decode(s, &mut buf);
        let _ = base64url::decode_standard(s, &mut buf);
        let _ = base64url::decode_array::<32>(s);
    });
}

#[test]
fn jwk_inputs() {
    replay("jwk", |b| {
        let _ = jwk::p256_from_json(b);
        let _ = jwk::rsa_from_json(b);
    });
}

#[test]
fn jwe_dir_inputs() {
    replay("jwe_dir", |b| {
        let Some(s) = text(b) else { return };
        let mut out = vec![0u8; s.len()];
        let _ = jwe::decrypt_dir(
            s,
            ContentEncryption::A128CbcHs256,
            &SESSION_KEY,
            None,
            &mut out,
        );
        let _ = jwe::decrypt_dir(
            s,
            ContentEncryption::A128Gcm,
            &SESSION_KEY[..16],
            Some(ACS),
            &mut out,
        );
    });
}

/// The `dir` seeds sealed by `fuzz/make-seeds.py` with Python `cryptography`
/// open with the fixed key: the fuzzer starts past the tag check.
#[test]
fn sealed_jwe_seeds_open_to_the_message_samples() {
    let cres = std::fs::read(CRES_SAMPLE).unwrap();
    let mut opened = 0;
    for (path, bytes) in inputs("jwe_dir") {
        let s = text(&bytes).unwrap();
        let mut out = vec![0u8; s.len()];
        let cbc = jwe::decrypt_dir(
            s,
            ContentEncryption::A128CbcHs256,
            &SESSION_KEY,
            Some(ACS),
            &mut out,
        )
        .map(<[u8]>::to_vec);
        let gcm = jwe::decrypt_dir(
            s,
            ContentEncryption::A128Gcm,
            &SESSION_KEY[..16],
            Some(ACS),
            &mut out,
        )
        .map(<[u8]>::to_vec);
        if let Ok(pt) = cbc {
            assert_eq!(pt, cres, "{}", path.display());
            opened += 1;
        }
        if let Ok(pt) = gcm {
            let v: serde_json::Value = serde_json::from_slice(&pt).unwrap();
            assert_eq!(v["messageType"], "CRes", "{}", path.display());
            opened += 1;
        }
    }
    assert_eq!(opened, 2, "one A128CBC-HS256 and one A128GCM seed open");
}

#[test]
fn jws_inputs() {
    let anchors = anchors();
    replay("jws", |b| {
        let Some(s) = text(b) else { return };
        let mut header = vec![0u8; 8192];
        let Ok(jws) = Jws::parse(s, &mut header) else {
            return;
        };
        let _ = jws.decode_payload(&mut vec![0u8; s.len()]);
        if let Ok(chain) = jws.x5c_chain()
            && let Ok(key) = verify_chain(&chain, &anchors, NOW)
        {
            let _ = jws.verify(&key);
        }
    });
}

#[test]
fn x509_chain_inputs() {
    let anchors = anchors();
    replay("x509_chain", |b| {
        let chain = segments(b, 6);
        let _ = verify_chain(&chain, &anchors, NOW);
        let _ = TrustAnchors::from_der(&chain);
    });
}

#[test]
fn cres_inputs() {
    replay("cres_encrypted", |b| {
        parse_cres(b.get(1..).unwrap_or_default())
    });
    replay("message_cres", parse_cres);
}

#[test]
fn ares_erro_and_signed_payload_inputs() {
    let ares = |b: &[u8]| {
        for version in MessageVersion::ALL {
            let e = AresExpectation {
                version,
                sdk_trans_id: SDK,
                understood_extensions: &[],
            };
            let _ = AuthResponse::parse(b, &e).map(|a| format!("{a:?}"));
        }
    };
    replay("message_ares", ares);
    replay("message_erro", |b| {
        let _ = Erro::parse(b);
    });
    replay("message_acs_signed_payload", |b| {
        let _ = AcsSignedPayload::parse(b);
    });
}

#[test]
fn client_config_inputs() {
    replay("client_config", |b| {
        let Some(s) = text(b) else { return };
        let mut settings = Settings::default();
        for command in s.split('\n') {
            let _ = settings
                .config(command, &mut NoBackend)
                .map(|v| format!("{v:?}"));
        }
    });
}

#[test]
fn client_xpath_inputs() {
    replay("client_xpath", |b| {
        let mut parts: Vec<&[u8]> = b.split(|&c| c == 0).collect();
        let message = parts.pop().unwrap_or_default();
        for p in parts.iter().filter_map(|p| text(p)) {
            if let Ok(c) = xpath::select(message, p) {
                let _ = c
                    .current()
                    .map(|e| (e.text(), e.child_count(), e.children().count()));
            }
        }
    });
}

/// `threeds_fuzz::challenge_export`: a challenge at counter 0 with the fixed key.
fn challenge_export(version: u8, gcm: bool) -> Vec<u8> {
    let mut b = b"TXS2".to_vec();
    b.extend_from_slice(&[2, version % 3, u8::from(gcm)]);
    b.extend_from_slice(&0u64.to_be_bytes());
    b.extend_from_slice(&5u16.to_be_bytes());
    b.extend_from_slice(&30_000u64.to_be_bytes());
    b.extend_from_slice(SDK.as_bytes());
    b.extend_from_slice(&[0, 0, 1, 0]); // no app URL, oobAppURLInd, no decoupled fallback
    b.extend_from_slice(&[3, 0xFE]); // every interface and UI type offered
    b.extend_from_slice(SRV.as_bytes());
    b.extend_from_slice(ACS.as_bytes());
    b.push(0);
    b.extend_from_slice(&SESSION_KEY);
    b.extend_from_slice(&[0; 2 + 2 + 8 + 3 + 2]);
    let url = b"https://acs.example/challenge";
    b.extend_from_slice(&(url.len() as u16).to_be_bytes());
    b.extend_from_slice(url);
    b
}

/// The `transaction_cres` target's loop (see its doc comment), returning
/// how many CRes bodies produced a new screen.
fn drive_transaction(data: &[u8]) -> usize {
    use rand_chacha::{ChaCha20Rng, rand_core::SeedableRng};
    use threeds_core::jose::{Direction, SessionKeys, session};
    use threeds_core::transaction::{ChallengeInput, CresOutcome, Transaction};
    let Some((&mode, rest)) = data.split_first() else {
        return 0;
    };
    let gcm = mode & 1 != 0;
    let enc = if gcm {
        ContentEncryption::A128Gcm
    } else {
        ContentEncryption::A128CbcHs256
    };
    let mut txn = Transaction::import(&challenge_export(mode >> 1, gcm)).unwrap();
    let mut rng = ChaCha20Rng::from_seed([mode; 32]);
    let keys = SessionKeys::from_bytes(SESSION_KEY);
    let (mut now, mut screens) = (0u64, 0);
    for seg in segments(rest, 12) {
        let Some((&ctl, body)) = seg.split_first() else {
            continue;
        };
        let answer = if txn.round() == 0 {
            ChallengeAnswer::Initial
        } else {
            ChallengeAnswer::Cancel(ChallengeCancel::CardholderCancel)
        };
        let mut creq = [0u8; 4096];
        let Ok(sent) = txn.build_creq(&ChallengeInput::new(answer), &mut rng, now, &mut creq)
        else {
            break;
        };
        now += u64::from(ctl >> 4) * 1000;
        let mut wire = vec![0u8; body.len() * 2 + 256];
        let wire: &[u8] = if ctl & 1 == 1 {
            body
        } else {
            let key = keys.key_for(enc, Direction::AcsToSdk);
            let iv = session::gcm_counter_iv(Direction::AcsToSdk, sent.counter);
            let iv: &[u8] = if gcm { &iv } else { &[9u8; 16] };
            let n = jwe::encrypt_dir(enc, key, ACS, iv, body, &mut wire).unwrap();
            &wire[..n]
        };
        let mut plaintext = vec![0u8; wire.len()];
        match txn.handle_cres(wire, &mut plaintext, now) {
            Ok(CresOutcome::Screen { .. }) => screens += 1,
            _ => break,
        }
    }
    screens
}

#[test]
fn transaction_cres_inputs() {
    replay("transaction_cres", |b| {
        drive_transaction(b);
    });
}

/// The stateful seeds reach a challenge screen: the fuzzer starts inside a
/// live challenge, not at the decryption check.
#[test]
fn transaction_seeds_reach_a_screen() {
    for (path, bytes) in inputs("transaction_cres") {
        assert!(drive_transaction(&bytes) >= 1, "{}", path.display());
    }
}
