//! Erro messages: the ACS's own and those it receives from the SDK.

use serde_json::{Value, json};

use super::validate::Refusal;
use crate::records::{ReceivedErro, TxState, Violation, ViolationKind};
use crate::sim::{HttpAnswer, Tx};
use crate::util::{self, is_missing};

pub(crate) fn receive_erro(tx: &mut Tx, body: &[u8]) {
    let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let code = value
        .get("errorCode")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let mut problems = Vec::new();
    if let Some(obj) = value.as_object() {
        if obj.get("messageType").and_then(Value::as_str) != Some("Erro") {
            problems.push("messageType");
        }
        if obj.get("errorComponent").and_then(Value::as_str) != Some("C") {
            problems.push("errorComponent");
        }
        if !util::is_digits(&code, 3) {
            problems.push("errorCode");
        }
        for name in ["errorDescription", "errorDetail", "messageVersion"] {
            if is_missing(obj, name) {
                problems.push(name);
            }
        }
        if obj.get("messageVersion").and_then(Value::as_str)
            != Some(tx.record.message_version.as_str())
        {
            problems.push("messageVersion");
        }
        if obj.contains_key("messageExtension") {
            problems.push("messageExtension");
        }
        for (name, want) in [
            ("threeDSServerTransID", &tx.record.three_ds_server_trans_id),
            ("acsTransID", &tx.record.acs_trans_id),
            ("sdkTransID", &tx.record.sdk_trans_id),
        ] {
            if obj
                .get(name)
                .is_some_and(|v| v.as_str() != Some(want.as_str()))
            {
                problems.push(name);
            }
        }
    } else {
        problems.push("not a JSON object");
    }
    if !problems.is_empty() {
        tx.record.violations.push(Violation {
            kind: ViolationKind::BadErro,
            code: String::new(),
            detail: problems.join(","),
            counter: None,
        });
    }
    tx.record
        .erros_received
        .push(ReceivedErro { code, body: value });
    tx.record.state = TxState::AbortedBySdk;
}

pub(crate) fn erro_for(tx: &Tx, code: &str, detail: &str) -> Value {
    json!({
        "messageType": "Erro",
        "messageVersion": tx.record.message_version,
        "errorCode": code,
        "errorComponent": "A",
        "errorDescription": util::error_description(code),
        "errorDetail": detail,
        "errorMessageType": "CReq",
        "threeDSServerTransID": tx.record.three_ds_server_trans_id,
        "acsTransID": tx.record.acs_trans_id,
        "dsTransID": tx.record.ds_trans_id,
        "sdkTransID": tx.record.sdk_trans_id,
    })
}

pub(crate) fn refuse(
    tx: &mut Tx,
    (kind, code, detail): Refusal,
    counter: Option<String>,
) -> HttpAnswer {
    let erro = erro_for(tx, code, &detail);
    tx.record.violations.push(Violation {
        kind,
        code: code.to_owned(),
        detail,
        counter,
    });
    tx.record.erros_sent.push(erro.clone());
    if tx.record.state == TxState::Challenge {
        tx.record.state = TxState::AbortedByAcs;
    }
    HttpAnswer::json(&erro)
}
