//! The ACS transcript the emulated firmware (`firmware/`) replays.
//!
//! The firmware runs complete transactions with `threeds-core` and a
//! deterministic RNG (`ChaCha20Rng::from_seed`) and a fixed clock, so every
//! byte it sends is reproducible. This test runs the very same core code with
//! the same seeds and clock on the host:
//!
//! - `THREEDS_FW_TRANSCRIPT=write`: against the simulator (independent DS +
//!   ACS), which must finish every transaction with no recorded violation; the
//!   auth requests, ARes, CReqs and CRes are written to
//!   `firmware/transcript/<name>/` plus the index `firmware/src/transcript.rs`.
//! - otherwise: the committed transcript is replayed on the host (recorded
//!   ARes/CRes in, every auth request and CReq must equal the recording byte
//!   for byte), so a core change that alters a message fails here first.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use core::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng as _;
use threeds_core::keys::PublicKey;
use threeds_core::message::{ChallengeAnswer, Interface, MessageVersion, TransStatus, UiType};
use threeds_core::pki::TrustAnchors;
use threeds_core::transaction::{
    AcsTrust, AresOutcome, AuthParams, CREQ_CONTENT_TYPE, ChallengeInput, CresOutcome, Timeouts,
    Transaction,
};
use threeds_sim::pki::KeyAlg;
use threeds_sim::{Pki, PkiOptions, Scenario, Sim, SimConfig};

/// Fixed wall clock (2030-01-01, inside the simulator PKI validity).
const NOW_UNIX: u64 = 1_893_456_000;
/// Fixed monotonic clock (ms): far from every deadline.
const NOW_MS: u64 = 1_000;
const DS_ID: &str = "A000000802";
const SDK_APP_ID: &str = "9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
const SDK_REFERENCE_NUMBER: &str = "THREEDS-FW-0001";
const DEVICE_INFO: &str = r#"{"DV":"1.0","DD":{"C001":"Embedded","C002":"Cortex-M4F","C003":"threeds-fw"},"DPNA":{"C010":"RE01"},"SW":["SW01"]}"#;
const VERSION: &str = "2.2.0";
const NATIVE_UI: [UiType; 4] = [
    UiType::Text,
    UiType::SingleSelect,
    UiType::MultiSelect,
    UiType::Oob,
];

/// The two-round scenario signed ES256 (the built-in one is PS256).
const TWO_ROUNDS_ES256: &str = r#"{
  "name": "fw-two-rounds-es256",
  "description": "Single select (phon), then the OTP 123456, then Y; acsSignedContent ES256.",
  "ares": { "transStatus": "C", "signing": "ES256" },
  "rounds": [
    { "uiType": "02", "expect": { "select": ["phon"] } },
    { "uiType": "01", "expect": { "entry": "123456" } }
  ]
}"#;

#[derive(Clone, Copy, Debug)]
enum Answer {
    Initial,
    Select(&'static str),
    Text(&'static str),
}

impl Answer {
    fn core(self) -> ChallengeAnswer<'static> {
        match self {
            Self::Initial => ChallengeAnswer::Initial,
            Self::Select(k) => ChallengeAnswer::SingleSelect(k),
            Self::Text(t) => ChallengeAnswer::Text {
                first: Some(t),
                second: None,
            },
        }
    }

    fn rust(self) -> String {
        match self {
            Self::Initial => "Answer::Initial".into(),
            Self::Select(k) => format!("Answer::Select({k:?})"),
            Self::Text(t) => format!("Answer::Text({t:?})"),
        }
    }
}

const TWO_ROUNDS: [Answer; 3] = [
    Answer::Initial,
    Answer::Select("phon"),
    Answer::Text("123456"),
];

/// One transaction of the firmware.
struct Cfg {
    /// Directory and cargo feature name.
    name: &'static str,
    /// RSA DS key + PS256 with an RSA chain; else EC DS key + ES256 with an EC chain.
    rsa: bool,
    gcm: bool,
    scenario: &'static str,
    seed: u8,
    answers: &'static [Answer],
    final_status: &'static str,
}

const CFGS: [Cfg; 5] = [
    Cfg {
        name: "rsa-cbc",
        rsa: true,
        gcm: false,
        scenario: "challenge-two-rounds",
        seed: 1,
        answers: &TWO_ROUNDS,
        final_status: "Y",
    },
    Cfg {
        name: "rsa-gcm",
        rsa: true,
        gcm: true,
        scenario: "challenge-two-rounds",
        seed: 2,
        answers: &TWO_ROUNDS,
        final_status: "Y",
    },
    Cfg {
        name: "ec-cbc",
        rsa: false,
        gcm: false,
        scenario: "fw-two-rounds-es256",
        seed: 3,
        answers: &TWO_ROUNDS,
        final_status: "Y",
    },
    Cfg {
        name: "ec-gcm",
        rsa: false,
        gcm: true,
        scenario: "fw-two-rounds-es256",
        seed: 4,
        answers: &TWO_ROUNDS,
        final_status: "Y",
    },
    Cfg {
        name: "ec-frictionless",
        rsa: false,
        gcm: false,
        scenario: "frictionless-y",
        seed: 5,
        answers: &[],
        final_status: "Y",
    },
];

fn firmware_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../firmware")
}

/// The other side of the conversation.
trait Peer {
    fn auth_request(&mut self, body: &[u8]) -> Vec<u8>;
    fn creq(&mut self, index: usize, url: &str, body: &[u8]) -> Vec<u8>;
}

/// The simulator, recording what it answers.
struct SimPeer {
    sim: Sim,
    scenario: &'static str,
    files: Vec<(String, Vec<u8>)>,
}

impl Peer for SimPeer {
    fn auth_request(&mut self, body: &[u8]) -> Vec<u8> {
        let answer = self.sim.handle_http(
            &format!("/3ds/auth?scenario={}", self.scenario),
            Some("application/json"),
            body,
        );
        assert_eq!(answer.status, 200, "{}", answer.body_text());
        self.files.push(("auth_request.json".into(), body.to_vec()));
        self.files.push(("ares.json".into(), answer.body.clone()));
        answer.body
    }

    fn creq(&mut self, index: usize, url: &str, body: &[u8]) -> Vec<u8> {
        let answer = self.sim.handle_http(url, Some(CREQ_CONTENT_TYPE), body);
        assert_eq!(answer.status, 200, "{}", answer.body_text());
        self.files.push((format!("creq{index}.jwe"), body.to_vec()));
        self.files
            .push((format!("cres{index}.jwe"), answer.body.clone()));
        answer.body
    }
}

/// The committed transcript: what the SDK sends must equal it.
struct Recorded {
    dir: PathBuf,
}

impl Recorded {
    fn read(&self, name: &str) -> Vec<u8> {
        let path = self.dir.join(name);
        std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (regenerate with THREEDS_FW_TRANSCRIPT=write)",
                path.display()
            )
        })
    }
}

impl Peer for Recorded {
    fn auth_request(&mut self, body: &[u8]) -> Vec<u8> {
        assert!(
            self.read("auth_request.json") == body,
            "{}: the auth request differs from the transcript (regenerate with THREEDS_FW_TRANSCRIPT=write)",
            self.dir.display()
        );
        self.read("ares.json")
    }

    fn creq(&mut self, index: usize, _url: &str, body: &[u8]) -> Vec<u8> {
        assert!(
            self.read(&format!("creq{index}.jwe")) == body,
            "{}: CReq {index} differs from the transcript (regenerate with THREEDS_FW_TRANSCRIPT=write)",
            self.dir.display()
        );
        self.read(&format!("cres{index}.jwe"))
    }
}

/// Runs `cfg` with the core, exactly as the firmware does.
fn run(cfg: &Cfg, ds_key_spki: &[u8], root_der: &[u8], peer: &mut dyn Peer) {
    let mut rng = ChaCha20Rng::from_seed([cfg.seed; 32]);
    let ds_key = PublicKey::from_spki_der(ds_key_spki).unwrap();
    assert_eq!(matches!(ds_key, PublicKey::Rsa(_)), cfg.rsa);
    let version = MessageVersion::from_wire(VERSION).unwrap();
    let params = AuthParams {
        version,
        ds_key: &ds_key,
        ds_key_id: None,
        ds_id: DS_ID,
        sdk_app_id: SDK_APP_ID,
        sdk_reference_number: SDK_REFERENCE_NUMBER,
        timeouts: Timeouts {
            sdk_max_timeout_minutes: 5,
            exchange_timeout_ms: 30_000,
        },
        device_info: DEVICE_INFO.as_bytes(),
        use_aes_gcm: cfg.gcm,
        sdk_interface: Interface::Native,
        sdk_ui_types: &NATIVE_UI,
        requestor_app_url: None,
        oob_app_url_supported: false,
    };
    let mut txn = Transaction::new();
    let mut out = vec![0u8; 8 * 1024];
    let req = txn.begin(&params, &mut rng, NOW_MS, &mut out).unwrap();
    let ares = peer.auth_request(&out[..req.len]);
    let roots = TrustAnchors::from_der(&[root_der]).unwrap();
    let outcome = txn
        .handle_ares(&ares, &AcsTrust::roots(&roots), NOW_UNIX)
        .unwrap();
    let want = TransStatus::from_wire(cfg.final_status).unwrap();
    if cfg.answers.is_empty() {
        assert!(
            matches!(outcome, AresOutcome::Frictionless(ref a) if a.trans_status == want),
            "{}: {outcome:?}",
            cfg.name
        );
        return;
    }
    assert!(
        matches!(outcome, AresOutcome::Challenge(_)),
        "{}: {outcome:?}",
        cfg.name
    );
    let url = txn.acs_url().unwrap().to_owned();
    let mut plain = vec![0u8; 16 * 1024];
    for (i, answer) in cfg.answers.iter().enumerate() {
        let creq = txn
            .build_creq(
                &ChallengeInput::new(answer.core()),
                &mut rng,
                NOW_MS,
                &mut out,
            )
            .unwrap();
        let cres = peer.creq(i, &url, &out[..creq.len]);
        let outcome = txn.handle_cres(&cres, &mut plain, NOW_MS).unwrap();
        let last = i + 1 == cfg.answers.len();
        match outcome {
            CresOutcome::Screen { .. } if !last => {}
            CresOutcome::Completed(s) if last => assert_eq!(s, want, "{}", cfg.name),
            other => panic!("{} exchange {i}: {other:?}", cfg.name),
        }
    }
}

fn spki_of(key: &threeds_sim::pki::CertifiedKey) -> Vec<u8> {
    use p256::pkcs8::EncodePublicKey as _;
    match key.alg {
        KeyAlg::Rsa2048 => {
            rsa::pkcs8::EncodePublicKey::to_public_key_der(&key.rsa_key().unwrap().to_public_key())
                .unwrap()
                .into_vec()
        }
        KeyAlg::P256 => key
            .ec_key()
            .unwrap()
            .public_key()
            .to_public_key_der()
            .unwrap()
            .into_vec(),
    }
}

fn write_all(cfg: &Cfg, ds_key_spki: &[u8], root_der: &[u8], files: &[(String, Vec<u8>)]) {
    let dir = firmware_dir().join("transcript").join(cfg.name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ds_key.der"), ds_key_spki).unwrap();
    std::fs::write(dir.join("root.der"), root_der).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

/// The firmware's index of the transcript (`firmware/src/transcript.rs`).
fn index_source() -> String {
    let mut s = String::new();
    s.push_str(
        "//! The replayed ACS transcript (@generated by `tests/tests/fw_transcript.rs`\n\
         //! with `THREEDS_FW_TRANSCRIPT=write`; do not edit).\n\n\
         #[allow(unused_imports)]\n\
         use crate::script::{Answer, Exchange, Txn};\n\n",
    );
    writeln!(s, "/// Wall clock of every run (certificate validity).").unwrap();
    writeln!(s, "pub const NOW_UNIX: u64 = {NOW_UNIX};").unwrap();
    writeln!(s, "/// Monotonic clock of every run (ms).").unwrap();
    writeln!(s, "pub const NOW_MS: u64 = {NOW_MS};").unwrap();
    writeln!(s, "/// `messageVersion`.").unwrap();
    writeln!(s, "pub const VERSION: &str = {VERSION:?};").unwrap();
    writeln!(s, "/// DS id (PartyVInfo of ECDH-ES).").unwrap();
    writeln!(s, "pub const DS_ID: &str = {DS_ID:?};").unwrap();
    writeln!(s, "/// `sdkAppID`.").unwrap();
    writeln!(s, "pub const SDK_APP_ID: &str = {SDK_APP_ID:?};").unwrap();
    writeln!(s, "/// `sdkReferenceNumber`.").unwrap();
    writeln!(
        s,
        "pub const SDK_REFERENCE_NUMBER: &str = {SDK_REFERENCE_NUMBER:?};"
    )
    .unwrap();
    writeln!(s, "/// Device information (encrypted to the DS key).").unwrap();
    writeln!(s, "pub const DEVICE_INFO: &[u8] = br#\"{DEVICE_INFO}\"#;\n").unwrap();
    for cfg in &CFGS {
        let ident = cfg.name.to_uppercase().replace('-', "_");
        let inc = |f: &str| format!("include_bytes!(\"../transcript/{}/{f}\")", cfg.name);
        writeln!(s, "/// Transaction `{}`.", cfg.name).unwrap();
        writeln!(s, "#[cfg(feature = \"{}\")]", cfg.name).unwrap();
        writeln!(s, "pub static {ident}: Txn = Txn {{").unwrap();
        writeln!(s, "    name: {:?},", cfg.name).unwrap();
        writeln!(s, "    seed: [{}; 32],", cfg.seed).unwrap();
        writeln!(s, "    gcm: {},", cfg.gcm).unwrap();
        writeln!(s, "    ds_key_spki: {},", inc("ds_key.der")).unwrap();
        writeln!(s, "    root_der: {},", inc("root.der")).unwrap();
        writeln!(s, "    auth_request: {},", inc("auth_request.json")).unwrap();
        writeln!(s, "    ares: {},", inc("ares.json")).unwrap();
        // Laid out the way rustfmt does.
        if cfg.answers.is_empty() {
            writeln!(s, "    exchanges: &[],").unwrap();
        } else {
            writeln!(s, "    exchanges: &[").unwrap();
            for (i, a) in cfg.answers.iter().enumerate() {
                writeln!(
                    s,
                    "        Exchange {{\n            answer: {},\n            creq: {},\n            cres: {},\n        }},",
                    a.rust(),
                    inc(&format!("creq{i}.jwe")),
                    inc(&format!("cres{i}.jwe"))
                )
                .unwrap();
            }
            writeln!(s, "    ],").unwrap();
        }
        writeln!(s, "    final_status: {:?},", cfg.final_status).unwrap();
        writeln!(s, "}};\n").unwrap();
    }
    s.push_str("/// Calls `f` with every transaction this build includes, in order.\n");
    s.push_str("pub fn for_each(mut f: impl FnMut(&'static Txn)) {\n");
    for cfg in &CFGS {
        let ident = cfg.name.to_uppercase().replace('-', "_");
        writeln!(s, "    #[cfg(feature = \"{}\")]", cfg.name).unwrap();
        writeln!(s, "    f(&{ident});").unwrap();
    }
    s.push_str("    let _ = &mut f;\n}\n");
    s
}

#[test]
fn firmware_transcript() {
    let write = std::env::var("THREEDS_FW_TRANSCRIPT").is_ok_and(|v| v == "write");
    let index_path = firmware_dir().join("src/transcript.rs");
    if !write {
        for cfg in &CFGS {
            let dir = firmware_dir().join("transcript").join(cfg.name);
            let ds = std::fs::read(dir.join("ds_key.der")).unwrap();
            let root = std::fs::read(dir.join("root.der")).unwrap();
            run(cfg, &ds, &root, &mut Recorded { dir });
        }
        let committed = std::fs::read_to_string(&index_path).unwrap();
        assert_eq!(
            committed,
            index_source(),
            "firmware/src/transcript.rs is stale (regenerate with THREEDS_FW_TRANSCRIPT=write)"
        );
        return;
    }
    let pki_rsa = Arc::new(Pki::generate().unwrap());
    let pki_ec = Arc::new(
        Pki::generate_with(PkiOptions {
            root_alg: KeyAlg::P256,
            intermediate: false,
        })
        .unwrap(),
    );
    for cfg in &CFGS {
        let pki = if cfg.rsa { &pki_rsa } else { &pki_ec };
        let mut config = SimConfig::with_builtin_scenarios().unwrap();
        config
            .scenarios
            .insert(Scenario::from_json(TWO_ROUNDS_ES256).unwrap());
        let sim = Sim::new(Arc::clone(pki), config).unwrap();
        let ds_key = if cfg.rsa {
            spki_of(&pki.ds_enc_rsa)
        } else {
            spki_of(&pki.ds_enc_ec)
        };
        let root = pki.ds_root.cert_der.clone();
        let mut peer = SimPeer {
            sim,
            scenario: cfg.scenario,
            files: Vec::new(),
        };
        run(cfg, &ds_key, &root, &mut peer);
        let records = peer.sim.records();
        let violations: Vec<String> = records
            .transactions
            .iter()
            .flat_map(|t| t.violations.iter().map(|x| format!("{x:?}")))
            .chain(
                records
                    .rejected_auth_requests
                    .iter()
                    .map(|r| format!("{:?}", r.violation)),
            )
            .collect();
        assert!(violations.is_empty(), "{}: {violations:#?}", cfg.name);
        write_all(cfg, &ds_key, &root, &peer.files);
    }
    std::fs::write(&index_path, index_source()).unwrap();
}
