//! The simulator core: configuration, shared state and the in-memory entry
//! points (the DS/3DS Server role in `ds.rs`, the ACS role in `acs/`).

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use serde_json::Value;
use zeroize::Zeroizing;

use crate::jose::content::Enc;
use crate::jose::jws::SigningAlg;
use crate::pki::{Pki, PkiError};
use crate::records::{Records, RejectedAuthRequest, TransactionRecord, Violation};
use crate::scenario::{Scenario, ScenarioError, ScenarioSet};

/// Configuration of the DS, 3DS Server and ACS roles.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// The DS id (RID): PartyVInfo of the device-information KDF.
    pub ds_id: String,
    /// `kid` of the DS RSA key (the SDK may send it; `None` = no id).
    pub ds_rsa_kid: Option<String>,
    /// `kid` of the DS EC key.
    pub ds_ec_kid: Option<String>,
    /// Default signing algorithm of `acsSignedContent`.
    pub signing: SigningAlg,
    /// Base URL of the ACS; the acsURL is `<base>/acs/<acsTransID>`. The HTTPS
    /// server replaces it with its own address.
    pub acs_base_url: String,
    /// acsReferenceNumber in the ARes.
    pub acs_reference_number: String,
    /// dsReferenceNumber in the ARes.
    pub ds_reference_number: String,
    /// The scenarios by name.
    pub scenarios: ScenarioSet,
    /// The scenario used when a request names none.
    pub default_scenario: String,
}

impl SimConfig {
    /// The default configuration with the built-in scenarios.
    ///
    /// # Errors
    /// [`ScenarioError`] if a built-in scenario is broken.
    pub fn with_builtin_scenarios() -> Result<Self, ScenarioError> {
        Ok(Self {
            ds_id: "A000000802".into(),
            ds_rsa_kid: None,
            ds_ec_kid: None,
            signing: SigningAlg::Ps256,
            acs_base_url: "https://acs.sim.invalid".into(),
            acs_reference_number: "threeds-sim-acs".into(),
            ds_reference_number: "threeds-sim-ds".into(),
            scenarios: ScenarioSet::builtin()?,
            default_scenario: "challenge-text".into(),
        })
    }
}

/// An HTTP answer of a role: what the HTTPS server writes, or what an
/// in-memory caller receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpAnswer {
    /// HTTP status.
    pub status: u16,
    /// Content-Type.
    pub content_type: String,
    /// Body.
    pub body: Vec<u8>,
    /// Milliseconds the server waits before answering (slow-answer fault).
    pub delay_ms: u64,
    /// The server closes the connection without answering.
    pub drop_connection: bool,
}

impl HttpAnswer {
    pub(crate) fn ok(content_type: &str, body: Vec<u8>) -> Self {
        Self {
            status: 200,
            content_type: content_type.into(),
            body,
            delay_ms: 0,
            drop_connection: false,
        }
    }

    /// A 200 JSON answer.
    #[must_use]
    pub fn json(value: &Value) -> Self {
        Self::ok(JSON_CONTENT_TYPE, value.to_string().into_bytes())
    }

    /// The body parsed as JSON, if it is JSON.
    #[must_use]
    pub fn body_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The body as text (lossy).
    #[must_use]
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A plain-text answer with `status`.
#[must_use]
pub fn text_answer(status: u16, message: &str) -> HttpAnswer {
    HttpAnswer {
        status,
        content_type: "text/plain; charset=UTF-8".into(),
        body: message.as_bytes().to_vec(),
        delay_ms: 0,
        drop_connection: false,
    }
}

/// Content type of plain JSON messages (ARes, Erro).
pub const JSON_CONTENT_TYPE: &str = "application/json; charset=UTF-8";
/// Content type of CReq/CRes JWEs.
pub const JOSE_CONTENT_TYPE: &str = "application/jose; charset=UTF-8";

/// What the ACS showed in the last CRes, to check the next CReq against.
#[derive(Debug, Clone, Default)]
pub(crate) struct ShownScreen {
    pub ui_type: String,
    pub resend: bool,
    pub trust_list: bool,
    pub device_binding: bool,
    pub entry_two: bool,
    pub add_code: bool,
    pub select_keys: Vec<String>,
    pub entry_max: usize,
}

/// A live transaction: the record plus the secrets and the script position.
pub(crate) struct Tx {
    pub record: TransactionRecord,
    pub scenario: Scenario,
    pub session_key: Zeroizing<[u8; 32]>,
    /// The counter the next CReq must carry.
    pub counter: u32,
    pub enc: Option<Enc>,
    pub cbc_ivs: HashSet<Vec<u8>>,
    pub round: usize,
    pub attempts: u32,
    pub screen: Option<ShownScreen>,
    /// Indexes of the HTTP 500 / dropped-connection faults already played.
    pub fired_transport_faults: HashSet<usize>,
    /// An earlier CReq carried threeDSRequestorAppURL.
    pub requestor_app_url: bool,
}

impl fmt::Debug for Tx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tx")
            .field("record", &self.record)
            .field("counter", &self.counter)
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
pub(crate) struct State {
    pub txs: BTreeMap<String, Tx>,
    pub order: Vec<String>,
    pub rejected: Vec<RejectedAuthRequest>,
    pub unknown: Vec<(String, Violation)>,
    /// TCP connections the HTTPS server accepted.
    pub connections: usize,
    /// The client certificate (DER leaf) of each TLS connection that sent one.
    pub client_certificates: Vec<Vec<u8>>,
}

/// Keys the roles use, decoded once.
pub(crate) struct Keys {
    pub ds_rsa: rsa::PrivateKey,
    pub ds_ec: p256::SecretKey,
    pub acs_rsa: rsa::PrivateKey,
    pub acs_ec: p256::SecretKey,
}

/// The DS + 3DS Server + ACS simulator, callable in memory.
pub struct Sim {
    pub(crate) pki: Arc<Pki>,
    pub(crate) config: SimConfig,
    pub(crate) keys: Keys,
    pub(crate) acs_base_url: RwLock<String>,
    pub(crate) state: Mutex<State>,
}

impl fmt::Debug for Sim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sim")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Sim {
    /// A simulator over `pki` with `config`.
    ///
    /// # Errors
    /// [`PkiError::Key`] if a PKI key has the wrong type.
    pub fn new(pki: Arc<Pki>, config: SimConfig) -> Result<Self, PkiError> {
        let keys = Keys {
            ds_rsa: pki.ds_enc_rsa.rsa_key()?,
            ds_ec: pki.ds_enc_ec.ec_key()?,
            acs_rsa: pki.acs_rsa.rsa_key()?,
            acs_ec: pki.acs_ec.ec_key()?,
        };
        let base = config.acs_base_url.clone();
        Ok(Self {
            pki,
            config,
            keys,
            acs_base_url: RwLock::new(base),
            state: Mutex::new(State::default()),
        })
    }

    /// The PKI.
    #[must_use]
    pub fn pki(&self) -> &Pki {
        &self.pki
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// Changes the ACS base URL (the HTTPS server sets its own address).
    pub fn set_acs_base_url(&self, base: &str) {
        *self
            .acs_base_url
            .write()
            .unwrap_or_else(PoisonError::into_inner) = base.trim_end_matches('/').to_owned();
    }

    pub(crate) fn acs_base(&self) -> String {
        self.acs_base_url
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A snapshot of everything recorded so far.
    #[must_use]
    pub fn records(&self) -> Records {
        let state = self.lock();
        Records {
            transactions: state
                .order
                .iter()
                .filter_map(|id| state.txs.get(id))
                .map(|tx| tx.record.clone())
                .collect(),
            rejected_auth_requests: state.rejected.clone(),
            unknown_transaction_requests: state.unknown.clone(),
            connections: state.connections,
            client_certificates: state.client_certificates.clone(),
        }
    }

    /// TCP connections the HTTPS server accepted so far.
    #[must_use]
    pub fn connections(&self) -> usize {
        self.lock().connections
    }

    /// Counts a connection the HTTPS server accepted.
    pub(crate) fn record_connection(&self) {
        self.lock().connections += 1;
    }

    /// Records the certificate a TLS client authenticated with.
    pub(crate) fn record_client_certificate(&self, der: Vec<u8>) {
        self.lock().client_certificates.push(der);
    }

    /// Routes a POST the way the HTTPS server does, for in-memory transports:
    /// `target` is a path with query or a whole URL (`…/3ds/auth?scenario=NAME`
    /// or `…/acs/<acsTransID>`); anything else is a 404.
    #[must_use]
    pub fn handle_http(&self, target: &str, content_type: Option<&str>, body: &[u8]) -> HttpAnswer {
        let path_and_query = match target.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
            None => target,
        };
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        if path == "/3ds/auth" {
            let scenario = query
                .split('&')
                .filter_map(|pair| pair.split_once('='))
                .find(|(k, _)| *k == "scenario")
                .map_or("", |(_, v)| v);
            return self.handle_auth_request(body, scenario);
        }
        if let Some(id) = path.strip_prefix("/acs/") {
            return self.handle_creq(id, content_type, body);
        }
        text_answer(404, "not found")
    }

    /// The record of one transaction.
    #[must_use]
    pub fn transaction(&self, acs_trans_id: &str) -> Option<TransactionRecord> {
        self.lock()
            .txs
            .get(acs_trans_id)
            .map(|tx| tx.record.clone())
    }

    /// The session key of a transaction, for tests that play the SDK side
    /// by hand.
    #[must_use]
    pub fn session_key(&self, acs_trans_id: &str) -> Option<Zeroizing<[u8; 32]>> {
        self.lock()
            .txs
            .get(acs_trans_id)
            .map(|tx| tx.session_key.clone())
    }
}
