//! Decrypting and validating one CReq.

use serde_json::Value;

use super::action::{self, Action};
use super::validate::{self, Refusal};
use crate::jose::content::Enc;
use crate::jose::jwe::CompactJwe;
use crate::records::{TxState, ViolationKind};
use crate::sim::Tx;
use crate::util;

pub(crate) type Failure = (Refusal, Option<String>);

/// Decrypts and validates one CReq; returns its counter, the action and
/// the oobAppURLInd it carried.
pub(crate) fn process(tx: &mut Tx, body: &[u8]) -> Result<(u32, Action, Option<String>), Failure> {
    let no_counter = |r: Refusal| (r, None);
    let fail = |kind, code: &'static str, detail: &str| (kind, code, detail.to_owned());
    if tx.record.state != TxState::Challenge {
        return Err(no_counter(fail(
            ViolationKind::NotInChallenge,
            "305",
            "no challenge in progress for this transaction",
        )));
    }
    let text = core::str::from_utf8(body).map_err(|_| {
        no_counter(fail(
            ViolationKind::MalformedMessage,
            "101",
            "body is not UTF-8",
        ))
    })?;
    let text = text.trim();
    if text.split('.').count() != 5 {
        return Err(no_counter(fail(
            ViolationKind::MalformedMessage,
            "101",
            "not a compact JWE",
        )));
    }
    let jwe = CompactJwe::parse(text)
        .map_err(|e| no_counter(fail(ViolationKind::BadJweHeader, "302", &e.to_string())))?;
    for name in jwe.header.keys() {
        if !matches!(name.as_str(), "alg" | "enc" | "kid") {
            return Err(no_counter(fail(
                ViolationKind::BadJweHeader,
                "302",
                &format!("header member `{name}`"),
            )));
        }
    }
    if jwe.header_str("alg") != Some("dir") {
        return Err(no_counter(fail(
            ViolationKind::BadJweHeader,
            "302",
            "alg is not dir",
        )));
    }
    let enc = jwe
        .enc()
        .map_err(|e| no_counter(fail(ViolationKind::BadJweHeader, "302", &e.to_string())))?;
    if jwe.header_str("kid") != Some(tx.record.acs_trans_id.as_str()) {
        return Err(no_counter(fail(
            ViolationKind::BadKid,
            "301",
            "kid is not the acsTransID",
        )));
    }
    if !jwe.encrypted_key.is_empty() {
        return Err(no_counter(fail(
            ViolationKind::BadJweHeader,
            "302",
            "dir with a non-empty encrypted key",
        )));
    }
    if tx.enc.is_some_and(|e| e != enc) {
        return Err(no_counter(fail(
            ViolationKind::EncChanged,
            "302",
            "enc changed during the transaction",
        )));
    }
    if jwe.iv.len() != enc.iv_len() {
        return Err(no_counter(fail(ViolationKind::WrongIv, "302", "IV length")));
    }
    let key: &[u8] = match enc {
        Enc::A128CbcHs256 => {
            if tx.cbc_ivs.contains(&jwe.iv) {
                return Err(no_counter(fail(
                    ViolationKind::WrongIv,
                    "302",
                    "CBC IV reused",
                )));
            }
            &tx.session_key[..]
        }
        Enc::A128Gcm => {
            if jwe.iv.iter().take(11).any(|b| *b != 0) {
                return Err(no_counter(fail(
                    ViolationKind::WrongIv,
                    "302",
                    "GCM IV must be eleven 0x00 bytes and the counter",
                )));
            }
            &tx.session_key[..16]
        }
    };
    let plain = jwe
        .decrypt_with(key)
        .map_err(|e| no_counter(fail(ViolationKind::DecryptionFailed, "302", &e.to_string())))?;
    let creq = match serde_json::from_slice::<Value>(&plain) {
        Ok(Value::Object(obj)) => obj,
        _ => {
            return Err(no_counter(fail(
                ViolationKind::MalformedMessage,
                "101",
                "CReq is not a JSON object",
            )));
        }
    };
    tx.record.creqs.push(Value::Object(creq.clone()));
    tx.record.creq_plaintexts.push(plain.clone());
    let counter_text = creq
        .get("sdkCounterStoA")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let with_counter = |r: Refusal| (r, counter_text.clone());
    match creq.get("messageType").and_then(Value::as_str) {
        Some("CReq") => {}
        None => {
            return Err(with_counter(fail(
                ViolationKind::MissingField,
                "201",
                "messageType",
            )));
        }
        Some(_) => {
            return Err(with_counter(fail(
                ViolationKind::MalformedMessage,
                "101",
                "messageType",
            )));
        }
    }
    let version = tx.record.message_version.clone();
    validate::required(&creq, &version).map_err(with_counter)?;
    let sent_version = creq
        .get("messageVersion")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !util::VERSIONS.contains(&sent_version) {
        return Err(with_counter(fail(
            ViolationKind::UnsupportedVersion,
            "102",
            sent_version,
        )));
    }
    if sent_version != version {
        return Err(with_counter(fail(
            ViolationKind::WrongVersion,
            "203",
            "messageVersion",
        )));
    }
    validate::fields_in_version(&creq, &version).map_err(with_counter)?;
    validate::ids(
        &creq,
        [
            (
                "threeDSServerTransID",
                tx.record.three_ds_server_trans_id.as_str(),
            ),
            ("acsTransID", tx.record.acs_trans_id.as_str()),
            ("sdkTransID", tx.record.sdk_trans_id.as_str()),
        ],
    )
    .map_err(with_counter)?;
    let counter = validate::counter(&creq, tx.counter).map_err(with_counter)?;
    if enc == Enc::A128Gcm && jwe.iv.get(11).copied() != u8::try_from(counter).ok() {
        return Err(with_counter(fail(
            ViolationKind::WrongIv,
            "302",
            "GCM IV counter byte is not sdkCounterStoA",
        )));
    }
    if let Some(ext) = creq.get("messageExtension") {
        validate::message_extensions(ext, &version).map_err(with_counter)?;
    }
    validate::formats(&creq, &version).map_err(with_counter)?;
    let action = action::answer(&creq, tx.screen.as_ref(), &version).map_err(with_counter)?;
    // 2.3.1: once the SDK sent threeDSRequestorAppURL, every CReq carries it.
    let has_app_url = creq.contains_key("threeDSRequestorAppURL");
    if version == "2.3.1" && tx.requestor_app_url && !has_app_url {
        return Err(with_counter(fail(
            ViolationKind::MissingField,
            "201",
            "threeDSRequestorAppURL",
        )));
    }
    tx.requestor_app_url |= has_app_url;
    // Accepted: the CReq is consumed.
    tx.enc = Some(enc);
    tx.record.creq_enc = Some(enc.name().to_owned());
    if enc == Enc::A128CbcHs256 {
        tx.cbc_ivs.insert(jwe.iv.clone());
    }
    tx.counter = counter.saturating_add(1);
    let oob_ind = creq
        .get("oobAppURLInd")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok((counter, action, oob_ind))
}
