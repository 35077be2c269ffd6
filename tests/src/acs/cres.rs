//! The CRes: screen or final, the injected faults, the encryption.

use serde_json::{Map, Value, json};

use super::action::Action;
use super::erro::erro_for;
use super::script::{Step, next_step};
use crate::jose::b64;
use crate::jose::content::{self, Enc};
use crate::jose::jwe;
use crate::records::TxState;
use crate::scenario::FaultKind;
use crate::sim::{HttpAnswer, JOSE_CONTENT_TYPE, Tx};
use crate::util;

pub(crate) fn answer(
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
                let (fields, shown) =
                    super::screens::build(&round, &version, base, *repeat, oob_ind);
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

    // The scenario's extensions for this CRes.
    if let Some(ext) = usize::try_from(counter)
        .ok()
        .and_then(|i| tx.scenario.cres_extensions.get(i))
        .filter(|e| !e.is_null())
    {
        cres.insert("messageExtension".into(), ext.clone());
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
    let cres_plaintext = cres.to_string().into_bytes();
    tx.record.cres_plaintexts.push(cres_plaintext.clone());
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
    let body = match content::encrypt(enc, key, &iv, header_b64.as_bytes(), &cres_plaintext) {
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
