//! Building the ARes and its `acsSignedContent`.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::device_info::{AreqIds, validate_device_info};
use super::request::{AuthRequest, validate_auth_request};
use super::{Refusal, refuse};
use crate::jose::jwe::{DsDecryptionKeys, decrypt_device_info};
use crate::jose::jws::{JwsKey, SigningAlg, sign_compact};
use crate::jose::{b64, jwk, kdf};
use crate::records::{TransactionRecord, TxState, ViolationKind};
use crate::scenario::{AresFault, Scenario};
use crate::sim::{ShownScreen, Sim, Tx};
use crate::util::{self, at_least, chars};

impl Sim {
    pub(crate) fn auth(&self, body: &[u8], scenario: &Scenario) -> Result<Value, Refusal> {
        let request = validate_auth_request(body)?;
        let with_ids = |mut r: Refusal| {
            r.version = Some(request.version.clone());
            r.sdk_trans_id = Some(request.sdk_trans_id.clone());
            r
        };
        let keys = DsDecryptionKeys {
            rsa: Some((&self.keys.ds_rsa, self.config.ds_rsa_kid.as_deref())),
            ec: Some((&self.keys.ds_ec, self.config.ds_ec_kid.as_deref())),
            ds_id: &self.config.ds_id,
        };
        let enc_data = request
            .obj
            .get("sdkEncData")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let device = decrypt_device_info(enc_data, &keys).map_err(|e| {
            let code = if e.code == "311" && request.version != "2.3.1" {
                "302"
            } else {
                e.code
            };
            let mut r = with_ids(refuse(ViolationKind::DeviceInfoDecryption, code, e.reason));
            r.component = "D";
            r
        })?;
        let ids = AreqIds {
            sdk_app_id: request
                .obj
                .get("sdkAppID")
                .and_then(Value::as_str)
                .unwrap_or_default(),
            sdk_reference_number: &request.sdk_reference_number,
            sdk_trans_id: &request.sdk_trans_id,
        };
        let device_info = validate_device_info(&device.plaintext, &ids).map_err(|e| {
            let mut r = with_ids(refuse(
                ViolationKind::BadDeviceInfo,
                "203",
                format!("sdkEncData: {e}"),
            ));
            r.component = "D";
            r
        })?;
        let status = scenario.ares.trans_status.as_str();
        if matches!(status, "D" | "I") && !at_least(&request.version, "2.2.0") {
            return Err(with_ids(refuse(
                ViolationKind::UnsupportedVersion,
                "102",
                format!("transStatus {status} needs messageVersion 2.2.0 or later"),
            )));
        }

        let acs_trans_id = util::new_uuid();
        let server_trans_id = util::new_uuid();
        let ds_trans_id = util::new_uuid();
        let version = request.version.as_str();
        let mut ares = Map::new();
        let mut put = |k: &str, v: Value| {
            ares.insert(k.to_owned(), v);
        };
        put("messageType", "ARes".into());
        put("messageVersion", version.into());
        put("threeDSServerTransID", server_trans_id.as_str().into());
        put("acsTransID", acs_trans_id.as_str().into());
        put("dsTransID", ds_trans_id.as_str().into());
        put("sdkTransID", request.sdk_trans_id.as_str().into());
        put("transStatus", status.into());
        put(
            "acsReferenceNumber",
            self.config.acs_reference_number.as_str().into(),
        );
        put(
            "dsReferenceNumber",
            self.config.ds_reference_number.as_str().into(),
        );
        if version == "2.3.1" {
            put("threeDSRequestorAppURLInd", "N".into());
            let dv = device_info
                .get("DV")
                .and_then(Value::as_str)
                .unwrap_or("1.0");
            put(
                "deviceInfoRecognisedVersion",
                if chars(dv) >= 3 {
                    dv.into()
                } else {
                    "1.0".into()
                },
            );
        }
        let reason = scenario
            .ares
            .trans_status_reason
            .clone()
            .or_else(|| match status {
                "N" => Some("01".into()),
                "U" => Some("07".into()),
                "R" => Some("11".into()),
                _ => None,
            });
        if let Some(reason) = reason {
            put("transStatusReason", reason.into());
        }
        let method = |code: &str| -> (String, Value) {
            if version == "2.3.1" {
                ("authenticationMethod".into(), json!([code_231(code)]))
            } else {
                ("authenticationType".into(), Value::String(code.into()))
            }
        };
        let mut session_key = zeroize::Zeroizing::new([0u8; 32]);
        let mut state = TxState::NoChallenge;
        match status {
            "Y" | "A" => {
                let mut av = [0u8; 20];
                rand::Rng::fill_bytes(&mut rand::rng(), &mut av);
                put("authenticationValue", b64::standard(&av).into());
                put(
                    "eci",
                    if status == "Y" {
                        "05".into()
                    } else {
                        "06".into()
                    },
                );
            }
            "D" => {
                put("acsChallengeMandated", "Y".into());
                put("acsDecConInd", "Y".into());
                let text = scenario.ares.cardholder_info.clone().unwrap_or_else(|| {
                    "Open your banking app to approve the payment to Sim Merchant.".into()
                });
                put(
                    "cardholderInfo",
                    if version == "2.3.1" {
                        json!({"text": text})
                    } else {
                        text.into()
                    },
                );
                let (k, v) = method("04");
                put(&k, v);
            }
            "C" => {
                state = TxState::Challenge;
                let first_ui = scenario.rounds.first().map_or("01", |r| r.ui_type.as_str());
                let interface = scenario.ares.acs_interface.clone().unwrap_or_else(|| {
                    if matches!(first_ui, "05" | "06") {
                        "02".into()
                    } else {
                        "01".into()
                    }
                });
                let mut rendering = json!({"acsInterface": interface, "acsUiTemplate": first_ui});
                if version == "2.3.1" {
                    rendering["deviceUserInterfaceMode"] = "01".into();
                }
                put("acsRenderingType", rendering);
                put("acsChallengeMandated", "Y".into());
                let (k, v) = method(match first_ui {
                    "04" | "06" => "03",
                    _ => "02",
                });
                put(&k, v);
                let acs_ephem =
                    <p256::SecretKey as p256::elliptic_curve::Generate>::generate_from_rng(
                        &mut rand::rng(),
                    );
                session_key = kdf::ecdh_emv(
                    &acs_ephem,
                    &request.sdk_ephem_pub,
                    request.sdk_reference_number.as_bytes(),
                );
                let signed = self
                    .acs_signed_content(scenario, &request, &acs_ephem, &acs_trans_id)
                    .map_err(|e| with_ids(refuse(ViolationKind::BadAuthRequest, "404", e)))?;
                put("acsSignedContent", signed.into());
            }
            _ => {}
        }
        if let Some(cardholder) = &scenario.ares.cardholder_info
            && status != "D"
        {
            put(
                "cardholderInfo",
                if version == "2.3.1" {
                    json!({"text": cardholder})
                } else {
                    cardholder.as_str().into()
                },
            );
        }
        util::merge(&mut ares, &scenario.ares.extra);
        if scenario.ares.fault == Some(AresFault::WrongSdkTransId) {
            ares.insert("sdkTransID".into(), util::new_uuid().into());
        }
        let ares = Value::Object(ares);
        let record = TransactionRecord {
            acs_trans_id: acs_trans_id.clone(),
            three_ds_server_trans_id: server_trans_id,
            ds_trans_id,
            sdk_trans_id: request.sdk_trans_id.clone(),
            scenario: scenario.name.clone(),
            message_version: request.version.clone(),
            auth_request: Value::Object(request.obj.clone()),
            device_info,
            device_info_alg: (device.alg.clone(), device.enc.name().to_owned()),
            ares: ares.clone(),
            creqs: Vec::new(),
            creq_bodies: Vec::new(),
            creq_plaintexts: Vec::new(),
            creq_enc: None,
            cres: Vec::new(),
            cres_plaintexts: Vec::new(),
            acs_answers: Vec::new(),
            erro_bodies_received: Vec::new(),
            erros_sent: Vec::new(),
            erros_received: Vec::new(),
            violations: Vec::new(),
            state,
            outcome: None,
        };
        let tx = Tx {
            record,
            scenario: scenario.clone(),
            session_key,
            counter: 0,
            enc: None,
            cbc_ivs: HashSet::new(),
            round: 0,
            attempts: 0,
            screen: None::<ShownScreen>,
            fired_transport_faults: HashSet::new(),
            requestor_app_url: false,
        };
        let mut guard = self.lock();
        guard.order.push(acs_trans_id.clone());
        guard.txs.insert(acs_trans_id, tx);
        Ok(ares)
    }

    fn acs_signed_content(
        &self,
        scenario: &Scenario,
        request: &AuthRequest,
        acs_ephem: &p256::SecretKey,
        acs_trans_id: &str,
    ) -> Result<String, String> {
        let fault = scenario.ares.fault;
        let sdk_key = if fault == Some(AresFault::WrongSdkEphemPubKey) {
            jwk::ec_public_jwk(
                &<p256::SecretKey as p256::elliptic_curve::Generate>::generate_from_rng(
                    &mut rand::rng(),
                )
                .public_key(),
            )
        } else {
            request
                .obj
                .get("sdkEphemPubKey")
                .cloned()
                .unwrap_or(Value::Null)
        };
        let acs_key = if fault == Some(AresFault::InvalidAcsEphemPubKey) {
            // x = y = 1 is not on P-256.
            let one = {
                let mut b = [0u8; 32];
                b[31] = 1;
                b64::url(&b)
            };
            json!({"kty": "EC", "crv": "P-256", "x": one, "y": one})
        } else {
            jwk::ec_public_jwk(&acs_ephem.public_key())
        };
        let payload = json!({
            "acsEphemPubKey": acs_key,
            "sdkEphemPubKey": sdk_key,
            "acsURL": format!("{}/acs/{acs_trans_id}", self.acs_base()),
        });
        let alg = scenario.ares.signing.unwrap_or(self.config.signing);
        let (key, certified) = match alg {
            SigningAlg::Ps256 => (JwsKey::Rsa(&self.keys.acs_rsa), &self.pki.acs_rsa),
            SigningAlg::Es256 => (JwsKey::Ec(&self.keys.acs_ec), &self.pki.acs_ec),
        };
        let chain = if fault == Some(AresFault::UntrustedChain) {
            vec![crate::pki::self_signed_for(certified).map_err(|e| e.to_string())?]
        } else {
            self.pki.acs_chain(certified)
        };
        let jws = sign_compact(&key, &chain, payload.to_string().as_bytes())
            .map_err(|e| e.to_string())?;
        if fault == Some(AresFault::BadSignature) {
            return Ok(corrupt_last_segment(&jws));
        }
        Ok(jws)
    }
}

/// 2.2.0 authenticationType codes to the closest 2.3.1 authenticationMethod.
fn code_231(code: &str) -> &'static str {
    match code {
        "01" => "01",
        "03" => "09",
        "04" => "12",
        _ => "02",
    }
}

/// Flips one bit of the signature segment of a compact JWS.
fn corrupt_last_segment(jws: &str) -> String {
    let Some((head, sig)) = jws.rsplit_once('.') else {
        return jws.to_owned();
    };
    let mut bytes = b64::url_decode(sig, "signature").unwrap_or_default();
    if let Some(b) = bytes.get_mut(10) {
        *b ^= 0x01;
    }
    format!("{head}.{}", b64::url(&bytes))
}
