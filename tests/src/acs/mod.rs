//! The ACS role: CReq in, CRes (or Erro) out.

pub(crate) mod screens;
pub(crate) mod validate;

use serde_json::{Map, Value, json};

use crate::jose::b64;
use crate::jose::content::{self, Enc};
use crate::jose::jwe::{self, CompactJwe};
use crate::records::{ReceivedErro, TxState, Violation, ViolationKind};
use crate::scenario::{Expect, FaultKind, OnWrong};
use crate::sim::{HttpAnswer, JOSE_CONTENT_TYPE, Sim, Tx};
use crate::util::{self, is_missing};
use screens::Repeat;
use validate::{Action, Refusal};

/// What the ACS does after a valid CReq.
enum Step {
    /// Show round `round` (again).
    Screen(Repeat),
    /// Send the final CRes with this transStatus.
    Final(String),
}

impl Sim {
    /// The ACS role: a POST of `body` to `/acs/<acs_trans_id>`.
    ///
    /// A JWE body is a CReq; a JSON body (`content_type` JSON, or a body that
    /// starts with `{`) is an Erro from the SDK, recorded and never answered
    /// (empty 200). Every rule the CReq breaks is answered with an Erro
    /// (errorComponent `A`) and recorded as a [`Violation`].
    #[must_use]
    pub fn handle_creq(
        &self,
        acs_trans_id: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> HttpAnswer {
        let mut state = self.lock();
        let Some(tx) = state.txs.get_mut(acs_trans_id) else {
            let violation = Violation {
                kind: ViolationKind::WrongIds,
                code: "301".into(),
                detail: "acsTransID".into(),
                counter: None,
            };
            let erro = json!({
                "messageType": "Erro",
                "messageVersion": "2.2.0",
                "errorCode": "301",
                "errorComponent": "A",
                "errorDescription": util::error_description("301"),
                "errorDetail": "acsTransID",
                "errorMessageType": "CReq",
            });
            state.unknown.push((acs_trans_id.to_owned(), violation));
            return HttpAnswer::json(&erro);
        };
        let is_json = content_type.is_some_and(|c| c.to_ascii_lowercase().contains("json"))
            || body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        if is_json {
            receive_erro(tx, body);
            return HttpAnswer::ok("text/plain; charset=UTF-8", Vec::new());
        }
        // Transport faults answer before the CReq is consumed, so the same
        // CReq could be sent again.
        if tx.record.state == TxState::Challenge {
            let at = tx.counter;
            // Each transport fault fires once: a retry of the same CReq succeeds.
            let pending = tx.scenario.faults.iter().enumerate().find(|(i, f)| {
                f.at == at
                    && matches!(f.kind, FaultKind::Http500 | FaultKind::DropConnection)
                    && !tx.fired_transport_faults.contains(i)
            });
            if let Some((index, fault)) = pending {
                let kind = fault.kind;
                tx.fired_transport_faults.insert(index);
                match kind {
                    FaultKind::Http500 => {
                        return HttpAnswer {
                            status: 500,
                            content_type: "text/plain; charset=UTF-8".into(),
                            body: b"Internal Server Error".to_vec(),
                            delay_ms: 0,
                            drop_connection: false,
                        };
                    }
                    FaultKind::DropConnection => {
                        return HttpAnswer {
                            status: 0,
                            content_type: String::new(),
                            body: Vec::new(),
                            delay_ms: 0,
                            drop_connection: true,
                        };
                    }
                    _ => {}
                }
            }
        }
        let base = self.acs_base();
        match process(tx, body) {
            Ok((counter, action, oob_ind)) => {
                answer(tx, counter, &action, oob_ind.as_deref(), &base)
            }
            Err((refusal, counter)) => refuse(tx, refusal, counter),
        }
    }
}

fn receive_erro(tx: &mut Tx, body: &[u8]) {
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

type Failure = (Refusal, Option<String>);

/// Decrypts and validates one CReq; returns its counter, the action and
/// the oobAppURLInd it carried.
fn process(tx: &mut Tx, body: &[u8]) -> Result<(u32, Action, Option<String>), Failure> {
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
    let action = validate::answer(&creq, tx.screen.as_ref(), &version).map_err(with_counter)?;
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

fn matches_expectation(expect: &Expect, action: &Action) -> bool {
    match (expect, action) {
        (
            Expect::Any,
            Action::Entry(_)
            | Action::Html(_)
            | Action::OobContinue
            | Action::InfoContinue
            | Action::NoEntry,
        ) => true,
        (Expect::Entry(want), Action::Entry(got)) => want == got,
        (Expect::Select(want), Action::Entry(got)) => {
            let mut want: Vec<&str> = want.iter().map(String::as_str).collect();
            let mut got: Vec<&str> = got.split(',').collect();
            want.sort_unstable();
            got.sort_unstable();
            want == got
        }
        (Expect::OobContinue, Action::OobContinue | Action::Html(_)) => true,
        (Expect::Html(want), Action::Html(Some(got))) => want == got,
        (Expect::HtmlAny, Action::Html(_)) => true,
        (Expect::InfoContinue, Action::InfoContinue) => true,
        _ => false,
    }
}

/// Moves the script forward and tells what to send.
fn next_step(tx: &mut Tx, action: &Action) -> Step {
    let failure = tx.scenario.failure_status.clone();
    let Some(round) = tx.scenario.rounds.get(tx.round).cloned() else {
        return Step::Final(failure);
    };
    match action {
        Action::Start => {
            tx.attempts = 0;
            Step::Screen(Repeat::First)
        }
        Action::Cancel => Step::Final(failure),
        Action::Resend => Step::Screen(Repeat::Resent),
        Action::AddCode => Step::Screen(Repeat::First),
        _ if matches_expectation(&round.expect, action) => {
            tx.round = tx.round.saturating_add(1);
            tx.attempts = 0;
            if tx.round >= tx.scenario.rounds.len() {
                Step::Final(tx.scenario.final_status.clone())
            } else {
                Step::Screen(Repeat::First)
            }
        }
        _ => {
            tx.attempts = tx.attempts.saturating_add(1);
            if round.on_wrong == OnWrong::Fail || tx.attempts >= round.max_attempts {
                Step::Final(failure)
            } else {
                Step::Screen(Repeat::Wrong(
                    round.max_attempts.saturating_sub(tx.attempts),
                ))
            }
        }
    }
}

fn erro_for(tx: &Tx, code: &str, detail: &str) -> Value {
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

fn refuse(tx: &mut Tx, (kind, code, detail): Refusal, counter: Option<String>) -> HttpAnswer {
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

fn answer(
    tx: &mut Tx,
    counter: u32,
    action: &Action,
    oob_ind: Option<&str>,
    base: &str,
) -> HttpAnswer {
    let step = next_step(tx, action);
    let version = tx.record.message_version.clone();
    let mut cres = Map::new();
    cres.insert("messageType".into(), "CRes".into());
    cres.insert("messageVersion".into(), version.as_str().into());
    cres.insert(
        "threeDSServerTransID".into(),
        tx.record.three_ds_server_trans_id.as_str().into(),
    );
    cres.insert("acsTransID".into(), tx.record.acs_trans_id.as_str().into());
    cres.insert("sdkTransID".into(), tx.record.sdk_trans_id.as_str().into());
    cres.insert("acsCounterAtoS".into(), format!("{counter:03}").into());
    match &step {
        Step::Screen(repeat) => {
            let round = tx.scenario.rounds.get(tx.round).cloned();
            if let Some(round) = round {
                let (fields, shown) = screens::build(&round, &version, base, *repeat, oob_ind);
                cres.insert("challengeCompletionInd".into(), "N".into());
                util::merge(&mut cres, &fields);
                tx.screen = Some(shown);
            }
        }
        Step::Final(status) => {
            cres.insert("challengeCompletionInd".into(), "Y".into());
            cres.insert("transStatus".into(), status.as_str().into());
            tx.record.outcome = Some(status.clone());
            tx.record.state = TxState::Completed;
            tx.screen = None;
        }
    }

    // Faults that change the message.
    let mut delay_ms = 0;
    let mut bad_tag = false;
    let mut iv_counter = counter;
    let faults: Vec<_> = tx
        .scenario
        .faults
        .iter()
        .filter(|f| f.at == counter)
        .cloned()
        .collect();
    for fault in &faults {
        match fault.kind {
            FaultKind::WrongCounter => {
                iv_counter = (counter + 1) % 256;
                cres.insert("acsCounterAtoS".into(), format!("{iv_counter:03}").into());
            }
            FaultKind::BadTag => bad_tag = true,
            FaultKind::WrongIds => {
                let field = fault.field.clone().unwrap_or_else(|| "sdkTransID".into());
                cres.insert(field, util::new_uuid().into());
            }
            FaultKind::WrongVersion => {
                let other = if version == "2.2.0" { "2.1.0" } else { "2.2.0" };
                cres.insert(
                    "messageVersion".into(),
                    fault.value.clone().unwrap_or_else(|| other.into()),
                );
            }
            FaultKind::CriticalExtension => {
                cres.insert(
                    "messageExtension".into(),
                    json!([{"name": "Sim critical extension", "id": "A000000802-999", "criticalityIndicator": true, "data": {"simulated": "yes"}}]),
                );
            }
            FaultKind::MissingField => {
                cres.remove(fault.field.as_deref().unwrap_or("challengeCompletionInd"));
            }
            FaultKind::InvalidUiType => {
                cres.insert(
                    "acsUiType".into(),
                    fault.value.clone().unwrap_or_else(|| "99".into()),
                );
            }
            FaultKind::SetField => {
                if let Some(field) = &fault.field {
                    match &fault.value {
                        Some(Value::Null) | None => cres.remove(field),
                        Some(v) => cres.insert(field.clone(), v.clone()),
                    };
                }
            }
            FaultKind::Delay => delay_ms = fault.ms.unwrap_or(1000),
            FaultKind::Erro => {
                let code = fault.code.clone().unwrap_or_else(|| "403".into());
                let erro = erro_for(tx, &code, "simulated ACS error");
                tx.record.erros_sent.push(erro.clone());
                tx.record.state = TxState::AbortedByAcs;
                let mut answer = HttpAnswer::json(&erro);
                answer.delay_ms = delay_ms;
                return answer;
            }
            FaultKind::Http500 | FaultKind::DropConnection => {}
        }
    }
    let cres = Value::Object(cres);
    tx.record.cres.push(cres.clone());
    let enc = tx.enc.unwrap_or(Enc::A128CbcHs256);
    let (key, iv): (&[u8], Vec<u8>) = match enc {
        Enc::A128CbcHs256 => {
            let mut iv = vec![0u8; 16];
            rand::Rng::fill_bytes(&mut rand::rng(), &mut iv);
            (&tx.session_key[..], iv)
        }
        Enc::A128Gcm => {
            let mut iv = vec![0xFFu8; 12];
            iv[11] = u8::try_from(iv_counter).unwrap_or(0);
            (&tx.session_key[16..], iv)
        }
    };
    let header = json!({"alg": "dir", "enc": enc.name(), "kid": tx.record.acs_trans_id});
    let header_b64 = b64::url(header.to_string().as_bytes());
    let body = match content::encrypt(
        enc,
        key,
        &iv,
        header_b64.as_bytes(),
        cres.to_string().as_bytes(),
    ) {
        Ok(mut sealed) => {
            if bad_tag && let Some(b) = sealed.tag.first_mut() {
                *b ^= 0x01;
            }
            jwe::serialize(&header_b64, &[], &iv, &sealed.ciphertext, &sealed.tag)
        }
        Err(e) => return HttpAnswer::json(&erro_for(tx, "404", &e.to_string())),
    };
    let mut answer = HttpAnswer::ok(JOSE_CONTENT_TYPE, body.into_bytes());
    answer.delay_ms = delay_ms;
    answer
}
