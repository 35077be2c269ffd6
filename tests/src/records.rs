//! What the simulator saw: per transaction, readable from tests.

use base64ct::Encoding as _;
use serde_json::{Value, json};

/// A rule the client broke, with the Erro code the simulator answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Which rule, by name.
    pub kind: ViolationKind,
    /// The 3DS error code sent back (`errorCode`).
    pub code: String,
    /// The offending field name(s) or a short explanation (`errorDetail`).
    pub detail: String,
    /// The `sdkCounterStoA` of the offending CReq, when known.
    pub counter: Option<String>,
}

/// The named reasons for which the simulator refuses a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViolationKind {
    /// Not a compact JWE / not JSON / not the expected message type.
    MalformedMessage,
    /// JWE header `alg`/`enc` not allowed, or a non-empty encrypted key.
    BadJweHeader,
    /// JWE `kid` is not the acsTransID.
    BadKid,
    /// The IV breaks the rule (GCM: eleven 0x00 ‖ counter; CBC: fresh, 16 bytes).
    WrongIv,
    /// The tag did not verify.
    DecryptionFailed,
    /// `enc` changed during the transaction.
    EncChanged,
    /// sdkCounterStoA is not the next counter.
    WrongCounter,
    /// A transaction id is unknown or differs from the ARes.
    WrongIds,
    /// messageVersion differs from the AReq's.
    WrongVersion,
    /// messageVersion is not a version the simulator supports.
    UnsupportedVersion,
    /// A required field is missing.
    MissingField,
    /// A field does not exist in this message version.
    FieldNotInVersion,
    /// A field is not a CReq field at all.
    UnknownField,
    /// A field present although its condition does not apply.
    FieldNotApplicable,
    /// A value has the wrong format or is out of range.
    InvalidValue,
    /// More than one of cancel / resend / noEntry / entry / addCode.
    ConflictingActions,
    /// An unknown critical message extension.
    CriticalExtension,
    /// A CReq to a transaction that is not (or no longer) in a challenge.
    NotInChallenge,
    /// The SDK auth request is malformed (DS role).
    BadAuthRequest,
    /// `sdkEncData` could not be decrypted (DS role).
    DeviceInfoDecryption,
    /// The device information JSON is malformed (DS role).
    BadDeviceInfo,
    /// An Erro from the SDK is itself malformed.
    BadErro,
}

/// An Erro the SDK sent to the ACS.
#[derive(Debug, Clone)]
pub struct ReceivedErro {
    /// Its `errorCode`.
    pub code: String,
    /// The whole message.
    pub body: Value,
}

/// The life cycle state of a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxState {
    /// Frictionless or decoupled: the ARes was final, no CReq expected.
    NoChallenge,
    /// Waiting for the CReq with this counter.
    Challenge,
    /// The final CRes was sent.
    Completed,
    /// The ACS answered an Erro and closed the transaction.
    AbortedByAcs,
    /// The SDK sent an Erro; the transaction is closed.
    AbortedBySdk,
}

/// Everything the simulator saw and sent for one transaction.
#[derive(Debug, Clone)]
pub struct TransactionRecord {
    /// acsTransID.
    pub acs_trans_id: String,
    /// threeDSServerTransID.
    pub three_ds_server_trans_id: String,
    /// dsTransID.
    pub ds_trans_id: String,
    /// sdkTransID.
    pub sdk_trans_id: String,
    /// The scenario name.
    pub scenario: String,
    /// messageVersion of the AReq.
    pub message_version: String,
    /// The SDK auth request as received.
    pub auth_request: Value,
    /// The decrypted device information.
    pub device_info: Value,
    /// `alg`/`enc` of `sdkEncData`.
    pub device_info_alg: (String, String),
    /// The ARes sent.
    pub ares: Value,
    /// Every decrypted CReq, in order of arrival (also the refused ones that
    /// could be decrypted).
    pub creqs: Vec<Value>,
    /// Every CReq body as it arrived over the wire (the compact JWE), in
    /// order, also those refused.
    pub creq_bodies: Vec<Vec<u8>>,
    /// Every CReq plaintext exactly as decrypted, in order (the bytes
    /// behind [`creqs`](Self::creqs)).
    pub creq_plaintexts: Vec<Vec<u8>>,
    /// `enc` the SDK used for CReqs.
    pub creq_enc: Option<String>,
    /// Every CRes sent (plaintext), in order.
    pub cres: Vec<Value>,
    /// Every CRes plaintext exactly as encrypted, in order (the bytes
    /// behind [`cres`](Self::cres)).
    pub cres_plaintexts: Vec<Vec<u8>>,
    /// Every body the ACS answered a CReq with, exactly as sent (a CRes
    /// JWE, or a plain Erro), in order.
    pub acs_answers: Vec<Vec<u8>>,
    /// Every Erro body the SDK sent, exactly as received.
    pub erro_bodies_received: Vec<Vec<u8>>,
    /// Every Erro the ACS sent.
    pub erros_sent: Vec<Value>,
    /// Every Erro the SDK sent.
    pub erros_received: Vec<ReceivedErro>,
    /// Every rule the client broke.
    pub violations: Vec<Violation>,
    /// The state now.
    pub state: TxState,
    /// transStatus of the final CRes, once sent.
    pub outcome: Option<String>,
}

/// An auth request the DS refused.
#[derive(Debug, Clone)]
pub struct RejectedAuthRequest {
    /// The request body (as text, lossily).
    pub body: String,
    /// Why.
    pub violation: Violation,
}

/// A snapshot of everything recorded.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// Transactions in creation order.
    pub transactions: Vec<TransactionRecord>,
    /// Auth requests the DS refused.
    pub rejected_auth_requests: Vec<RejectedAuthRequest>,
    /// Requests to unknown ACS transactions (acsTransID from the path, violation).
    pub unknown_transaction_requests: Vec<(String, Violation)>,
    /// TCP connections the HTTPS server accepted (each a TLS handshake for
    /// a client that completes it; 0 when the simulator runs in memory).
    pub connections: usize,
    /// The client certificate (DER leaf) of each TLS connection that
    /// presented one, in order.
    pub client_certificates: Vec<Vec<u8>>,
}

impl Records {
    /// Every protocol violation recorded, in transactions and in refused
    /// auth requests, as `Debug` text (what test failures print).
    #[must_use]
    pub fn violations(&self) -> Vec<String> {
        let in_transactions = self
            .transactions
            .iter()
            .flat_map(|t| t.violations.iter().map(|x| format!("{x:?}")));
        let in_auth_requests = self
            .rejected_auth_requests
            .iter()
            .map(|r| format!("{:?}", r.violation));
        in_transactions.chain(in_auth_requests).collect()
    }

    /// The transaction with this acsTransID.
    #[must_use]
    pub fn transaction(&self, acs_trans_id: &str) -> Option<&TransactionRecord> {
        self.transactions
            .iter()
            .find(|t| t.acs_trans_id == acs_trans_id)
    }

    /// The transaction with this sdkTransID.
    #[must_use]
    pub fn by_sdk_trans_id(&self, sdk_trans_id: &str) -> Option<&TransactionRecord> {
        self.transactions
            .iter()
            .find(|t| t.sdk_trans_id == sdk_trans_id)
    }

    /// Everything recorded, as JSON (what `GET /sim/records` serves):
    /// `{"transactions": [...], "rejectedAuthRequests": [...],
    /// "unknownTransactionRequests": [...], "connections": N,
    /// "clientCertificates": [base64 DER, ...]}`; each transaction carries its
    /// ids, `scenario`, `messageVersion`, `authRequest`, `deviceInfo`,
    /// `ares`, `creqs` and `cres` (plaintext, in order), `errosSent`,
    /// `errosReceived`, `violations`, `state` and `outcome`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let violation = |v: &Violation| {
            json!({
                "kind": format!("{:?}", v.kind),
                "code": v.code,
                "detail": v.detail,
                "counter": v.counter,
            })
        };
        let transactions: Vec<Value> = self
            .transactions
            .iter()
            .map(|t| {
                json!({
                    "acsTransID": t.acs_trans_id,
                    "threeDSServerTransID": t.three_ds_server_trans_id,
                    "dsTransID": t.ds_trans_id,
                    "sdkTransID": t.sdk_trans_id,
                    "scenario": t.scenario,
                    "messageVersion": t.message_version,
                    "authRequest": t.auth_request,
                    "deviceInfo": t.device_info,
                    "deviceInfoAlg": [t.device_info_alg.0, t.device_info_alg.1],
                    "ares": t.ares,
                    "creqs": t.creqs,
                    "creqEnc": t.creq_enc,
                    "cres": t.cres,
                    "errosSent": t.erros_sent,
                    "errosReceived": t.erros_received.iter().map(|e| e.body.clone()).collect::<Vec<_>>(),
                    "violations": t.violations.iter().map(violation).collect::<Vec<_>>(),
                    "state": format!("{:?}", t.state),
                    "outcome": t.outcome,
                })
            })
            .collect();
        json!({
            "transactions": transactions,
            "rejectedAuthRequests": self
                .rejected_auth_requests
                .iter()
                .map(|r| json!({"body": r.body, "violation": violation(&r.violation)}))
                .collect::<Vec<_>>(),
            "unknownTransactionRequests": self
                .unknown_transaction_requests
                .iter()
                .map(|(id, v)| json!({"acsTransID": id, "violation": violation(v)}))
                .collect::<Vec<_>>(),
            "connections": self.connections,
            "clientCertificates": self
                .client_certificates
                .iter()
                .map(|der| base64ct::Base64::encode_string(der))
                .collect::<Vec<_>>(),
        })
    }

    /// The most recent transaction.
    #[must_use]
    pub fn last(&self) -> Option<&TransactionRecord> {
        self.transactions.last()
    }
}
