//! Criterion benchmarks: each group runs the same work three ways,
//! `threeds` (the core), `primitives` (RustCrypto calls only) and
//! `josekit` (josekit + OpenSSL + serde_json). `cargo run --release --bin
//! report` turns the results into the ratios of BENCHMARKS.md.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use threeds_bench::fixtures::{BUF_LEN, Fixtures, VERSION};
use threeds_bench::openssl_jose::{self, OpenSslAres, OpenSslKeys};
use threeds_bench::ours::{self, DsKey};
use threeds_bench::{primitives, rng, tx};
use threeds_core::crypto::{CryptoProvider, RUST_CRYPTO};
use threeds_core::jose::SessionKeys;
use threeds_core::message::{ChallengeAnswer, CreqBuilder};

const HTML_ANSWER: &str = "otp=123456&submit=Submit";

fn benches(c: &mut Criterion) {
    let fx = Fixtures::new().expect("fixtures");
    let ossl = OpenSslKeys::new(&fx).expect("openssl keys");
    let mut a = vec![0u8; BUF_LEN];
    let mut b = vec![0u8; BUF_LEN];
    let mut r = rng(42);

    // get_auth_request: `Transaction::begin`.
    for (name, ds, ds_key, ossl_enc) in [
        (
            "auth_request_rsa2048",
            DsKey::Rsa(&fx.ds.rsa_core, &fx.ds.rsa),
            &fx.ds_public[0],
            ossl.rsa.as_ref(),
        ),
        (
            "auth_request_p256",
            DsKey::Ec(&fx.ds.ec),
            &fx.ds_public[1],
            ossl.ec.as_ref(),
        ),
    ] {
        let params = tx::auth_params(ds_key, &fx.device_info, false);
        let mut g = c.benchmark_group(name);
        g.bench_function("threeds", |bench| {
            bench.iter(|| tx::get_auth_request(&params, &mut r, &mut a).unwrap())
        });
        // The same on threeds-std's AWS-LC backend (feature `aws-lc-crypto`).
        g.bench_function("threeds_aws_lc", |bench| {
            bench.iter(|| {
                tx::get_auth_request_with(&threeds_std::crypto::AWS_LC, &params, &mut r, &mut a)
                    .unwrap()
            })
        });
        // AWS-LC for P-256 only, the core's RSA-OAEP: `AWS_LC` as it was
        // before the seam took RSA, kept as the "before" column.
        g.bench_function("threeds_aws_lc_p256_only", |bench| {
            bench.iter(|| {
                tx::get_auth_request_with(&AwsLcP256Only, &params, &mut r, &mut a).unwrap()
            })
        });
        g.bench_function("primitives", |bench| {
            bench
                .iter(|| primitives::get_auth_request(ds, &mut r, &fx.device_info, &mut a).unwrap())
        });
        g.bench_function("josekit", |bench| {
            bench.iter(|| openssl_jose::get_auth_request(ossl_enc, &fx.device_info).unwrap())
        });
        g.finish();
    }

    // check_auth_response
    for (name, case) in [
        ("check_ares_ps256_rsa2048_1level", &fx.ares_ps256),
        ("check_ares_es256_p256_2level", &fx.ares_es256),
    ] {
        let eph = p256::SecretKey::from_slice(&case.ephemeral_private).unwrap();
        let st = OpenSslAres::new(case).expect("openssl ARes");
        // All three derive the simulator's session key.
        assert_eq!(
            ours::check_auth_response(case).unwrap().as_bytes(),
            &case.sim_session_key
        );
        assert_eq!(
            primitives::check_auth_response(case, &eph).unwrap(),
            case.sim_session_key
        );
        assert_eq!(
            openssl_jose::check_auth_response(case, &st).unwrap(),
            case.sim_session_key
        );
        assert_eq!(
            ours::check_auth_response_with(&threeds_std::crypto::AWS_LC, case)
                .unwrap()
                .as_bytes(),
            &case.sim_session_key
        );
        assert_eq!(
            ours::check_auth_response_with(&threeds_std::crypto::RING, case)
                .unwrap()
                .as_bytes(),
            &case.sim_session_key
        );
        let mut g = c.benchmark_group(name);
        g.bench_function("threeds", |bench| {
            bench.iter(|| ours::check_auth_response(black_box(case)).unwrap())
        });
        g.bench_function("threeds_aws_lc", |bench| {
            bench.iter(|| {
                ours::check_auth_response_with(&threeds_std::crypto::AWS_LC, black_box(case))
                    .unwrap()
            })
        });
        // The same with ES256 on threeds-std's ring backend (feature `ring-crypto`).
        g.bench_function("threeds_ring", |bench| {
            bench.iter(|| {
                ours::check_auth_response_with(&threeds_std::crypto::RING, black_box(case)).unwrap()
            })
        });
        g.bench_function("primitives", |bench| {
            bench.iter(|| primitives::check_auth_response(black_box(case), &eph).unwrap())
        });
        g.bench_function("josekit", |bench| {
            bench.iter(|| openssl_jose::check_auth_response(black_box(case), &st).unwrap())
        });
        g.finish();
    }

    // CReq build + encrypt: the answer to a text screen and to an HTML screen.
    for (label, case) in &fx.cres {
        let html = label.starts_with("html");
        let answer = if html {
            ChallengeAnswer::Html(HTML_ANSWER)
        } else {
            ChallengeAnswer::Text {
                first: Some("123456"),
                second: None,
            }
        };
        let json_answer = if html {
            json!({"challengeHTMLDataEntry": HTML_ANSWER})
        } else {
            json!({"challengeDataEntry": "123456"})
        };
        let ids = case.ids();
        let keys = SessionKeys::from_bytes(case.session_key);
        let plain_len = CreqBuilder::new(VERSION, ids.server, ids.acs, ids.sdk, 1, answer)
            .write(&mut a)
            .unwrap()
            .len();
        let enc = label.rsplit('/').next().unwrap_or("");
        let screen = if html { "html" } else { "text" };
        let mut g = c.benchmark_group(format!("creq_{screen}_{enc}"));
        g.bench_function("threeds", |bench| {
            bench.iter(|| {
                ours::creq(
                    &ids,
                    &keys,
                    case.enc,
                    1,
                    Some(answer),
                    &mut r,
                    &mut a,
                    &mut b,
                )
                .unwrap()
            })
        });
        g.bench_function("primitives", |bench| {
            bench.iter(|| primitives::creq_seal(case, &mut a, black_box(plain_len)).unwrap())
        });
        g.bench_function("josekit", |bench| {
            bench.iter(|| openssl_jose::creq(case, &json_answer).unwrap())
        });
        g.finish();
    }

    // CRes decrypt + parse.
    for (label, case) in &fx.cres {
        let ids = case.ids();
        let keys = SessionKeys::from_bytes(case.session_key);
        assert!(!ours::cres(&ids, &keys, case.enc, 0, &case.jwe, &mut a).unwrap());
        openssl_jose::cres(case).unwrap();
        let mut g = c.benchmark_group(format!("cres_{}", label.replace(['/', '-'], "_")));
        g.bench_function("threeds", |bench| {
            bench.iter(|| {
                ours::cres(&ids, &keys, case.enc, 0, black_box(&case.jwe), &mut a).unwrap()
            })
        });
        g.bench_function("primitives", |bench| {
            bench.iter(|| primitives::cres_open(black_box(case), &mut a).unwrap())
        });
        g.bench_function("josekit", |bench| {
            bench.iter(|| openssl_jose::cres(black_box(case)).unwrap())
        });
        g.finish();
    }

    // A whole challenged transaction, SDK side, in process, through the
    // transaction API: begin (RSA DS key), handle_ares (PS256, one level),
    // the initial CReq and three answered rounds.
    let mut g = c.benchmark_group("full_challenge_3_rounds");
    for rec in &fx.transactions {
        let name = match rec.enc {
            threeds_core::jose::ContentEncryption::A128CbcHs256 => "threeds_cbc",
            threeds_core::jose::ContentEncryption::A128Gcm => "threeds_gcm",
        };
        g.bench_function(name, |bench| {
            bench.iter(|| tx::full_challenge(rec, &fx.device_info, &mut a, &mut b).unwrap())
        });
    }
    g.finish();

    rsa_public_ops(c, &fx);
}

/// The RSA-2048 public-key operations alone: the core's own
/// (`keys::rsa`) against the `rsa` crate's, on the DS key of the fixtures.
/// `primitives` is the `rsa` crate here; josekit is not run.
fn rsa_public_ops(c: &mut Criterion, fx: &Fixtures) {
    use rsa::signature::{RandomizedSigner, SignatureEncoding, Verifier};
    use sha2::Sha256;
    use threeds_core::keys::rsa::HashAlg;

    let secret = fx.pki_rsa.ds_enc_rsa.rsa_key().unwrap();
    let mut r = rng(7);
    let msg = b"eyJhbGciOiJQUzI1NiJ9.eyJhY3NVUkwiOiJodHRwczovL2Fjcy5leGFtcGxlIn0";
    let pss = rsa::pss::SigningKey::<Sha256>::new(secret.clone())
        .sign_with_rng(&mut r, msg)
        .to_vec();
    let pkcs1 = rsa::signature::Signer::sign(
        &rsa::pkcs1v15::SigningKey::<Sha256>::new(secret.clone()),
        msg,
    )
    .to_vec();
    let (ours, theirs) = (&fx.ds.rsa_core, &fx.ds.rsa);
    let mut out = vec![0u8; ours.size()];

    let mut g = c.benchmark_group("rsa2048_oaep_sha256_encrypt");
    g.bench_function("threeds", |bench| {
        bench.iter(|| {
            ours.encrypt_oaep_sha256(&mut r, &[7u8; 32], &mut out)
                .unwrap()
        })
    });
    g.bench_function("primitives", |bench| {
        bench.iter(|| {
            theirs
                .oaep_encrypt_with_rng::<Sha256, _>(&mut r, &[7u8; 32])
                .unwrap()
        })
    });
    // The provider seam's RSA-OAEP: the default (the core's, as above) and
    // AWS-LC; OpenSSL (what josekit runs) for reference.
    let seed = [9u8; 32];
    for (name, provider) in [
        ("threeds_provider", &RUST_CRYPTO as &dyn CryptoProvider),
        ("threeds_aws_lc", &threeds_std::crypto::AWS_LC),
    ] {
        g.bench_function(name, |bench| {
            bench.iter(|| {
                provider
                    .rsa_oaep_sha256_encrypt(ours, &[7u8; 32], &seed, &mut out)
                    .unwrap()
            })
        });
    }
    let ossl_key = openssl::pkey::PKey::public_key_from_der(&fx.ds.rsa_spki).unwrap();
    g.bench_function("openssl", |bench| {
        bench.iter(|| {
            use openssl::hash::MessageDigest;
            let mut enc = openssl::encrypt::Encrypter::new(&ossl_key).unwrap();
            enc.set_rsa_padding(openssl::rsa::Padding::PKCS1_OAEP)
                .unwrap();
            enc.set_rsa_oaep_md(MessageDigest::sha256()).unwrap();
            enc.set_rsa_mgf1_md(MessageDigest::sha256()).unwrap();
            enc.encrypt(&[7u8; 32], &mut out).unwrap()
        })
    });
    g.finish();

    // The other public-key cost of every auth request: the SDK's ephemeral
    // P-256 key (`sdkEphemPubKey`), per provider and on OpenSSL.
    let mut g = c.benchmark_group("p256_ephemeral_public_key");
    let scalar = [0x42u8; 32];
    for (name, provider) in [
        ("threeds", &RUST_CRYPTO as &dyn CryptoProvider),
        ("threeds_aws_lc", &threeds_std::crypto::AWS_LC),
    ] {
        g.bench_function(name, |bench| {
            bench.iter(|| provider.p256_public_key(black_box(&scalar)).unwrap())
        });
    }
    g.bench_function("openssl", |bench| {
        bench.iter(|| {
            let group =
                openssl::ec::EcGroup::from_curve_name(openssl::nid::Nid::X9_62_PRIME256V1).unwrap();
            openssl::ec::EcKey::generate(&group).unwrap()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("rsa2048_pss_sha256_verify");
    g.bench_function("threeds", |bench| {
        bench.iter(|| ours.verify_pss(HashAlg::Sha256, msg, &pss).unwrap())
    });
    let vk = rsa::pss::VerifyingKey::<Sha256>::new(theirs.clone());
    let sig = rsa::pss::Signature::try_from(&pss[..]).unwrap();
    g.bench_function("primitives", |bench| {
        bench.iter(|| vk.verify(msg, &sig).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("rsa2048_pkcs1v15_sha256_verify");
    g.bench_function("threeds", |bench| {
        bench.iter(|| ours.verify_pkcs1v15(HashAlg::Sha256, msg, &pkcs1).unwrap())
    });
    let vk = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(theirs.clone());
    let sig = rsa::pkcs1v15::Signature::try_from(&pkcs1[..]).unwrap();
    g.bench_function("primitives", |bench| {
        bench.iter(|| vk.verify(msg, &sig).unwrap())
    });
    g.finish();

    // Building a key from its modulus and exponent (what every certificate
    // and JWK parse does): the `rsa` crate precomputes Montgomery parameters.
    let (n, e) = (ours.modulus().to_vec(), ours.exponent());
    let mut g = c.benchmark_group("rsa2048_key_from_components");
    g.bench_function("threeds", |bench| {
        bench.iter(|| {
            threeds_core::keys::RsaPublicKey::from_components(black_box(&n), &e.to_be_bytes())
                .unwrap()
        })
    });
    g.bench_function("primitives", |bench| {
        bench.iter(|| {
            rsa::PublicKey::new(
                rsa::BoxedUint::from_be_slice_vartime(black_box(&n)),
                rsa::BoxedUint::from(e),
            )
            .unwrap()
        })
    });
    g.finish();
}

/// `AWS_LC`'s P-256 with the default RSA-OAEP (the trait's default method).
struct AwsLcP256Only;

impl CryptoProvider for AwsLcP256Only {
    fn name(&self) -> &'static str {
        "aws-lc-p256-only"
    }

    fn p256_public_key(
        &self,
        secret: &[u8; 32],
    ) -> Result<threeds_core::crypto::P256Point, threeds_core::crypto::CryptoError> {
        threeds_std::crypto::AWS_LC.p256_public_key(secret)
    }

    fn p256_ecdh(
        &self,
        secret: &[u8; 32],
        peer: &threeds_core::crypto::P256Point,
    ) -> Result<zeroize::Zeroizing<[u8; 32]>, threeds_core::crypto::CryptoError> {
        threeds_std::crypto::AWS_LC.p256_ecdh(secret, peer)
    }

    fn p256_verify_prehash(
        &self,
        key: &threeds_core::crypto::P256Point,
        prehash: &[u8; 32],
        signature: &[u8; 64],
    ) -> Result<(), threeds_core::crypto::CryptoError> {
        threeds_std::crypto::AWS_LC.p256_verify_prehash(key, prehash, signature)
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30)
        .configure_from_args()
}

criterion_group! {
    name = protocol;
    config = config();
    targets = benches
}
criterion_main!(protocol);
