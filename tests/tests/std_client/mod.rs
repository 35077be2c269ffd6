//! The `StdClient` set-up the std end-to-end suites share: an event
//! recorder, a simulator over HTTPS with a client configured for it, and
//! the comparisons of what the client saw with what the simulator recorded.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs
)]

use std::sync::Arc;

use threeds_core::client::events::{ClientEvents, LogLevel, LogType, ServerCertificate};
use threeds_core::client::facade::ClientError;
use threeds_sim::{Pki, SimConfig, Simulator, SimulatorConfig, TransactionRecord};
use threeds_std::certs::Certificate;
use threeds_std::https::RootSource;
use threeds_std::{HttpsTransport, StdClient, StdPlatform};

pub const VERSIONS: [&str; 3] = ["2.1.0", "2.2.0", "2.3.1"];
pub const OTP: &str = "123456";

/// Every event, kept for the comparisons.
#[derive(Default)]
pub struct Recorder {
    pub logs: Vec<(LogLevel, LogType, String)>,
    pub packets_in: Vec<Vec<u8>>,
    pub packets_out: Vec<Vec<u8>>,
    /// DER and status of every certificate shown.
    pub server_certs: Vec<(Vec<u8>, String)>,
    pub ssl_status: Vec<String>,
    /// The verdict to give (`None`: keep the transport's).
    pub verdict: Option<bool>,
}

impl Recorder {
    pub fn lines(&self, log_type: LogType) -> Vec<&str> {
        self.logs
            .iter()
            .filter(|(_, t, _)| *t == log_type)
            .map(|(_, _, m)| m.as_str())
            .collect()
    }
}

impl ClientEvents for Recorder {
    fn on_log(&mut self, level: LogLevel, log_type: LogType, message: &str) {
        self.logs.push((level, log_type, message.to_owned()));
    }
    fn on_data_packet_in(&mut self, data: &[u8]) {
        self.packets_in.push(data.to_vec());
    }
    fn on_data_packet_out(&mut self, data: &[u8]) {
        self.packets_out.push(data.to_vec());
    }
    fn on_ssl_server_authentication(&mut self, cert: &ServerCertificate<'_>, accept: &mut bool) {
        self.server_certs
            .push((cert.cert_encoded.to_vec(), cert.status.to_owned()));
        if let Some(v) = self.verdict {
            *accept = v;
        }
    }
    fn on_ssl_status(&mut self, message: &str) {
        self.ssl_status.push(message.to_owned());
    }
}

pub struct Fixture {
    pub pki: Arc<Pki>,
    pub running: threeds_sim::RunningSimulator,
}

impl Fixture {
    pub fn start() -> Self {
        let pki = Arc::new(Pki::generate().unwrap());
        let running = Simulator::start(SimulatorConfig {
            pki: Arc::clone(&pki),
            sim: SimConfig::with_builtin_scenarios().unwrap(),
        })
        .unwrap();
        Self { pki, running }
    }

    /// A configured `StdClient` trusting only the simulator's TLS CA.
    pub fn client(&self, version: &str, gcm: bool, verdict: Option<bool>) -> StdClient<Recorder> {
        let transport = HttpsTransport::builder()
            .roots(RootSource::Empty)
            .server_ca_cert(Certificate::from_der(&self.pki.tls_ca.cert_der).unwrap())
            .build()
            .unwrap();
        let events = Recorder {
            verdict,
            ..Recorder::default()
        };
        let mut c = StdPlatform::new(transport).into_client(events);
        self.configure(&mut c, version, gcm);
        c
    }

    /// The facade's configuration of [`client`](Self::client) (again after
    /// a `reset()`).
    pub fn configure(&self, c: &mut StdClient<Recorder>, version: &str, gcm: bool) {
        c.set_message_version(version).unwrap();
        c.set_sdk_app_id("9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f")
            .unwrap();
        c.set_directory_server_id("A000000802");
        c.set_directory_server_cert_encoded(&self.pki.ds_enc_ec.cert_der)
            .unwrap();
        c.add_acs_root_cert(&self.pki.ds_root.cert_der);
        c.config("SDKReferenceNumber=THREEDS-E2E-0001").unwrap();
        c.config("LogLevel=3").unwrap();
        // Entries unmasked, so that the CReq lines can equal the plaintexts.
        c.config("MaskSensitive=No").unwrap();
        c.config(&format!("UseAESGCM={gcm}")).unwrap();
        if version != "2.1.0" {
            // The fields a rebuilt CReq used to miss.
            c.set_requestor_app_url("https://merchant.example/app?return=1");
        }
        if version == "2.3.1" {
            c.set_oob_app_url_indicator(1).unwrap();
        }
        c.add_device_param("", "1.0", 2, 0).unwrap();
        c.add_device_param("C001", "Android", 2, 1).unwrap();
    }

    /// AReq → the simulator's DS (in memory: the app's own server would
    /// relay it) → `check_auth_response`.
    pub fn authenticate(
        &self,
        c: &mut StdClient<Recorder>,
        scenario: &str,
    ) -> Result<(), ClientError> {
        let areq = c.get_auth_request().unwrap();
        let answer = self.running.sim().handle_http(
            &format!("/3ds/auth?scenario={scenario}"),
            Some("application/json"),
            areq.as_bytes(),
        );
        assert_eq!(answer.status, 200, "{}", answer.body_text());
        c.check_auth_response(&answer.body_text())
    }

    pub fn record(&self, c: &mut StdClient<Recorder>) -> TransactionRecord {
        let sdk = c.sdk_transaction_id().to_owned();
        self.running
            .records()
            .transactions
            .into_iter()
            .find(|t| t.sdk_trans_id == sdk)
            .expect("the simulator saw this transaction")
    }
}

pub fn answer_screen(c: &mut StdClient<Recorder>) {
    match c.acsui_type() {
        1 => c.set_challenge_data_entry(OTP),
        2 => c.set_challenge_data_entry("phon"),
        3 => c.set_challenge_data_entry("grcy,cafe"),
        5 => c.set_challenge_data_entry("otp=123456"),
        6 => c.set_oob_continuation_indicator(1),
        _ => {}
    }
}

/// Runs the challenge to its end, checking `XPath` on every CRes read.
pub fn run_challenge(c: &mut StdClient<Recorder>) -> Result<(), ClientError> {
    for _ in 0..16 {
        c.send_challenge_request()?;
        c.config("XPath=/json/messageType").unwrap();
        assert_eq!(c.config("XText").unwrap(), "CRes");
        let acs = c.config("ACSTransactionId").unwrap();
        c.config("XPath=/json/acsTransID").unwrap();
        assert_eq!(c.config("XText").unwrap(), acs);
        if c.challenge_complete() {
            return Ok(());
        }
        answer_screen(c);
    }
    panic!("the challenge did not end");
}

pub fn text(bytes: &[u8]) -> &str {
    core::str::from_utf8(bytes).unwrap()
}

/// What the client saw equals what the simulator recorded.
pub fn assert_wire_equality(c: &mut StdClient<Recorder>, tx: &TransactionRecord, what: &str) {
    let ev = c.events();
    // The AReq line is the auth request as handed to the app (the first
    // packet out), and the DS received exactly that.
    assert_eq!(
        ev.lines(LogType::AReq),
        [text(&ev.packets_out[0])],
        "{what}"
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&ev.packets_out[0]).unwrap(),
        tx.auth_request,
        "{what}"
    );
    // One CReq line per CReq sealed, exactly the plaintext the ACS decrypted
    // (a CReq answered by a transport fault reached the ACS undecrypted).
    let creq_lines = ev.lines(LogType::CReq);
    let decrypted: Vec<&str> = tx.creq_plaintexts.iter().map(|p| text(p)).collect();
    assert_eq!(
        creq_lines.get(..decrypted.len()),
        Some(&decrypted[..]),
        "{what}"
    );
    assert!(creq_lines.len() <= tx.creq_bodies.len(), "{what}");
    // One CRes line per CRes that decrypted, exactly the plaintext the ACS sealed.
    let cres_lines = ev.lines(LogType::CRes);
    for line in &cres_lines {
        assert!(
            tx.cres_plaintexts.iter().any(|p| text(p) == *line),
            "{what}: {line}"
        );
    }
    // A last CRes answered with Erro 302 may not have decrypted at all (a
    // bad tag; a wrong counter under GCM, whose IV is the counter).
    let refused_302 = tx.erros_received.iter().any(|e| e.code == "302");
    let sealed: Vec<&str> = tx.cres_plaintexts.iter().map(|p| text(p)).collect();
    let undecrypted = refused_302 && cres_lines.len() + 1 == sealed.len();
    if undecrypted {
        assert_eq!(cres_lines, sealed[..sealed.len() - 1], "{what}");
    } else {
        assert_eq!(cres_lines, sealed, "{what}");
    }
    // Packets out after the AReq: the CReqs and Erros, as the ACS received them.
    let (erros_out, creqs_out): (Vec<_>, Vec<_>) = ev
        .packets_out
        .iter()
        .skip(1)
        .partition(|p| p.first() == Some(&b'{'));
    let creqs_out: Vec<&Vec<u8>> = creqs_out;
    assert_eq!(
        creqs_out,
        tx.creq_bodies.iter().collect::<Vec<_>>(),
        "{what}"
    );
    assert_eq!(
        erros_out,
        tx.erro_bodies_received.iter().collect::<Vec<_>>(),
        "{what}"
    );
    // Packets in after the ARes: every answer the ACS sent, as sent.
    assert_eq!(
        ev.packets_in.iter().skip(1).collect::<Vec<_>>(),
        tx.acs_answers.iter().collect::<Vec<_>>(),
        "{what}"
    );
    // Erro lines: those sent (as the ACS received them) and those received.
    let mut erro_lines: Vec<&str> = ev.lines(LogType::Erro);
    let mut erros: Vec<&str> = tx
        .erro_bodies_received
        .iter()
        .chain(tx.acs_answers.iter().filter(|a| a.first() == Some(&b'{')))
        .map(|p| text(p))
        .collect();
    erro_lines.sort_unstable();
    erros.sort_unstable();
    assert_eq!(erro_lines, erros, "{what}");
    // ChallengeResponse: the last plaintext read, byte for byte.
    if !undecrypted
        && let Some(last) = tx.cres_plaintexts.last()
        && tx
            .acs_answers
            .last()
            .is_some_and(|a| a.first() != Some(&b'{'))
    {
        assert_eq!(c.config("ChallengeResponse").unwrap(), text(last), "{what}");
    }
}
