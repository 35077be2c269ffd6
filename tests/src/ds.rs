//! The DS + 3DS Server role: SDK auth request in, ARes out.

// A refusal carries the whole violation; it is built at most once per request.
#![allow(clippy::result_large_err)]

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use crate::jose::jwe::{DsDecryptionKeys, decrypt_device_info};
use crate::jose::jws::{JwsKey, SigningAlg, sign_compact};
use crate::jose::{b64, jwk, kdf};
use crate::records::{RejectedAuthRequest, TransactionRecord, TxState, Violation, ViolationKind};
use crate::scenario::{AresFault, Scenario};
use crate::sim::{HttpAnswer, ShownScreen, Sim, Tx};
use crate::util::{self, at_least, chars, is_digits, is_missing, is_uuid};

/// A refusal of the DS: the violation plus the component that reports it.
struct Refusal {
    violation: Violation,
    component: &'static str,
    version: Option<String>,
    sdk_trans_id: Option<String>,
}

fn refuse(kind: ViolationKind, code: &str, detail: impl Into<String>) -> Refusal {
    Refusal {
        violation: Violation {
            kind,
            code: code.into(),
            detail: detail.into(),
            counter: None,
        },
        component: "S",
        version: None,
        sdk_trans_id: None,
    }
}

/// The validated SDK auth request.
struct AuthRequest {
    obj: Map<String, Value>,
    version: String,
    sdk_trans_id: String,
    sdk_reference_number: String,
    sdk_ephem_pub: p256::PublicKey,
}

const BASE_FIELDS: [&str; 10] = [
    "messageVersion",
    "sdkAppID",
    "sdkEncData",
    "sdkEphemPubKey",
    "sdkMaxTimeout",
    "sdkReferenceNumber",
    "sdkTransID",
    "deviceRenderOptions",
    "deviceChannel",
    "messageExtension",
];
const FIELDS_231: [&str; 5] = [
    "sdkType",
    "defaultSdkType",
    "splitSdkType",
    "sdkServerSignedContent",
    "appIp",
];

fn str_field<'a>(obj: &'a Map<String, Value>, name: &str) -> Result<&'a str, Refusal> {
    match obj.get(name) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        None | Some(Value::Null) => Err(refuse(ViolationKind::MissingField, "201", name)),
        Some(Value::String(_)) => Err(refuse(ViolationKind::MissingField, "201", name)),
        Some(_) => Err(refuse(ViolationKind::InvalidValue, "203", name)),
    }
}

fn invalid(name: &str) -> Refusal {
    refuse(ViolationKind::InvalidValue, "203", name)
}

fn validate_auth_request(body: &[u8]) -> Result<AuthRequest, Refusal> {
    let obj = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(obj)) => obj,
        _ => {
            return Err(refuse(
                ViolationKind::MalformedMessage,
                "101",
                "not a JSON object",
            ));
        }
    };
    let version = str_field(&obj, "messageVersion")?.to_owned();
    if !util::VERSIONS.contains(&version.as_str()) {
        return Err(refuse(ViolationKind::UnsupportedVersion, "102", version));
    }
    let v231 = version == "2.3.1";
    for name in obj.keys() {
        if BASE_FIELDS.contains(&name.as_str()) {
            continue;
        }
        if FIELDS_231.contains(&name.as_str()) {
            if v231 {
                continue;
            }
            return Err(refuse(
                ViolationKind::FieldNotInVersion,
                "203",
                name.clone(),
            ));
        }
        return Err(refuse(ViolationKind::UnknownField, "203", name.clone()));
    }
    let mut missing: Vec<&str> = [
        "sdkAppID",
        "sdkEncData",
        "sdkEphemPubKey",
        "sdkMaxTimeout",
        "sdkReferenceNumber",
        "sdkTransID",
        "deviceRenderOptions",
    ]
    .into_iter()
    .filter(|n| is_missing(&obj, n))
    .collect();
    if v231 && is_missing(&obj, "sdkType") {
        missing.push("sdkType");
    }
    if !missing.is_empty() {
        return Err(refuse(
            ViolationKind::MissingField,
            "201",
            missing.join(","),
        ));
    }
    for name in ["sdkAppID", "sdkTransID"] {
        if !is_uuid(str_field(&obj, name)?) {
            return Err(invalid(name));
        }
    }
    let timeout = str_field(&obj, "sdkMaxTimeout")?;
    if !is_digits(timeout, 2) || timeout < "05" {
        return Err(invalid("sdkMaxTimeout"));
    }
    let reference = str_field(&obj, "sdkReferenceNumber")?;
    if chars(reference) > 32 {
        return Err(invalid("sdkReferenceNumber"));
    }
    if chars(str_field(&obj, "sdkEncData")?) > 64000 {
        return Err(invalid("sdkEncData"));
    }
    if obj.get("deviceChannel").is_some_and(|c| c != "01") {
        return Err(invalid("deviceChannel"));
    }
    let epk = obj.get("sdkEphemPubKey").unwrap_or(&Value::Null);
    if chars(&epk.to_string()) > 256 {
        return Err(invalid("sdkEphemPubKey"));
    }
    let sdk_ephem_pub =
        jwk::ec_public_from_jwk(epk).map_err(|e| invalid(&format!("sdkEphemPubKey ({e})")))?;
    validate_render_options(obj.get("deviceRenderOptions"), &version)?;
    if v231 {
        validate_sdk_type(&obj)?;
    }
    if let Some(ext) = obj.get("messageExtension") {
        crate::acs::validate::message_extensions(ext, &version)
            .map_err(|(kind, code, detail)| refuse(kind, code, detail))?;
    }
    Ok(AuthRequest {
        sdk_trans_id: str_field(&obj, "sdkTransID")?.to_owned(),
        sdk_reference_number: reference.to_owned(),
        version,
        sdk_ephem_pub,
        obj,
    })
}

fn validate_render_options(value: Option<&Value>, version: &str) -> Result<(), Refusal> {
    let name = "deviceRenderOptions";
    let obj = value
        .and_then(Value::as_object)
        .ok_or_else(|| invalid(name))?;
    for key in obj.keys() {
        match key.as_str() {
            "sdkInterface" | "sdkUiType" => {}
            "sdkAuthenticationType" if version == "2.3.1" => {}
            "sdkAuthenticationType" => {
                return Err(refuse(
                    ViolationKind::FieldNotInVersion,
                    "203",
                    "deviceRenderOptions.sdkAuthenticationType",
                ));
            }
            other => {
                return Err(refuse(
                    ViolationKind::UnknownField,
                    "203",
                    format!("{name}.{other}"),
                ));
            }
        }
    }
    match obj.get("sdkInterface").and_then(Value::as_str) {
        Some("01" | "02" | "03") => {}
        None => {
            return Err(refuse(
                ViolationKind::MissingField,
                "201",
                "deviceRenderOptions.sdkInterface",
            ));
        }
        Some(_) => return Err(invalid("deviceRenderOptions.sdkInterface")),
    }
    let ui = obj.get("sdkUiType").ok_or_else(|| {
        refuse(
            ViolationKind::MissingField,
            "201",
            "deviceRenderOptions.sdkUiType",
        )
    })?;
    let allowed: &[&str] = if version == "2.3.1" {
        &["01", "02", "03", "04", "05", "06", "07"]
    } else {
        &["01", "02", "03", "04", "05"]
    };
    string_array(ui, allowed, 1, 7).map_err(|()| invalid("deviceRenderOptions.sdkUiType"))?;
    if let Some(auth) = obj.get("sdkAuthenticationType") {
        let codes: Vec<String> = (1..=11)
            .map(|n| format!("{n:02}"))
            .chain((80..=99).map(|n| format!("{n:02}")))
            .collect();
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        string_array(auth, &codes, 1, 99)
            .map_err(|()| invalid("deviceRenderOptions.sdkAuthenticationType"))?;
    }
    Ok(())
}

/// A JSON array of `min..=max` distinct strings, each in `allowed`.
fn string_array(value: &Value, allowed: &[&str], min: usize, max: usize) -> Result<(), ()> {
    let items = value.as_array().ok_or(())?;
    if items.len() < min || items.len() > max {
        return Err(());
    }
    let mut seen = HashSet::new();
    for item in items {
        let s = item.as_str().ok_or(())?;
        if !allowed.contains(&s) || !seen.insert(s) {
            return Err(());
        }
    }
    Ok(())
}

fn validate_sdk_type(obj: &Map<String, Value>) -> Result<(), Refusal> {
    match str_field(obj, "sdkType")? {
        "01" => {
            if obj.contains_key("splitSdkType") || obj.contains_key("sdkServerSignedContent") {
                return Err(refuse(
                    ViolationKind::FieldNotApplicable,
                    "203",
                    "splitSdkType",
                ));
            }
            let default = obj
                .get("defaultSdkType")
                .ok_or_else(|| refuse(ViolationKind::MissingField, "201", "defaultSdkType"))?
                .as_object()
                .ok_or_else(|| invalid("defaultSdkType"))?;
            for (key, value) in default {
                match (key.as_str(), value.as_str()) {
                    ("sdkVariant", Some(v)) if v == "01" || (is_digits(v, 2) && v >= "80") => {}
                    ("wrappedInd", Some("Y")) => {}
                    _ => return Err(invalid(&format!("defaultSdkType.{key}"))),
                }
            }
            if !default.contains_key("sdkVariant") {
                return Err(refuse(
                    ViolationKind::MissingField,
                    "201",
                    "defaultSdkType.sdkVariant",
                ));
            }
            Ok(())
        }
        "02" => Err(invalid(
            "sdkType (the simulator plays a Default-SDK flow only)",
        )),
        _ => Err(invalid("sdkType")),
    }
}

/// Checks the decrypted device information: `DV`, `DD`, optional `DPNA`/`SW`.
fn validate_device_info(plain: &[u8]) -> Result<Value, String> {
    let value: Value = serde_json::from_slice(plain).map_err(|e| format!("not JSON: {e}"))?;
    let obj = value.as_object().ok_or("not a JSON object")?;
    let param_name = |k: &str| {
        k.len() == 4
            && k.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
            && k.bytes().skip(1).all(|b| b.is_ascii_digit())
    };
    for key in obj.keys() {
        if !matches!(key.as_str(), "DV" | "DD" | "DPNA" | "SW") {
            return Err(format!("unknown member `{key}`"));
        }
    }
    match obj.get("DV") {
        Some(Value::String(s)) if !s.is_empty() => {}
        _ => return Err("DV missing or not a string".into()),
    }
    let dd = obj
        .get("DD")
        .and_then(Value::as_object)
        .ok_or("DD missing or not an object")?;
    for (key, value) in dd {
        if !param_name(key) {
            return Err(format!("DD key `{key}` is not a parameter identifier"));
        }
        let ok = match value {
            Value::String(_) => true,
            Value::Array(items) => items.iter().all(Value::is_string),
            _ => false,
        };
        if !ok {
            return Err(format!(
                "DD.{key} is neither a string nor an array of strings"
            ));
        }
    }
    if let Some(dpna) = obj.get("DPNA") {
        let dpna = dpna.as_object().ok_or("DPNA is not an object")?;
        for (key, value) in dpna {
            if !param_name(key) || dd.contains_key(key) {
                return Err(format!("DPNA key `{key}` is invalid or also present in DD"));
            }
            if !matches!(value.as_str(), Some("RE01" | "RE02" | "RE03" | "RE04")) {
                return Err(format!("DPNA.{key} is not RE01..RE04"));
            }
        }
    }
    if let Some(sw) = obj.get("SW") {
        string_array(sw, &["SW01", "SW02", "SW03", "SW04", "SW05"], 1, 5)
            .map_err(|()| "SW is not a list of SW01..SW05")?;
    }
    Ok(value)
}

impl Sim {
    /// The DS + 3DS Server role: takes the SDK's auth-request JSON and
    /// answers the ARes JSON for the scenario called `scenario` (or, for an
    /// invalid request or an unknown scenario, an Erro).
    #[must_use]
    pub fn handle_auth_request(&self, body: &[u8], scenario: &str) -> HttpAnswer {
        let name = if scenario.is_empty() {
            self.config.default_scenario.as_str()
        } else {
            scenario
        };
        match self.config.scenarios.get(name) {
            Some(s) => self.handle_auth_request_with(body, &s.clone()),
            None => HttpAnswer {
                status: 404,
                content_type: "text/plain; charset=UTF-8".into(),
                body: format!("unknown scenario `{name}`").into_bytes(),
                delay_ms: 0,
                drop_connection: false,
            },
        }
    }

    /// As [`Sim::handle_auth_request`], with a scenario given inline.
    #[must_use]
    pub fn handle_auth_request_with(&self, body: &[u8], scenario: &Scenario) -> HttpAnswer {
        match self.auth(body, scenario) {
            Ok(ares) => HttpAnswer::json(&ares),
            Err(refusal) => {
                let mut erro = json!({
                    "messageType": "Erro",
                    "messageVersion": refusal.version.clone().unwrap_or_else(|| "2.2.0".into()),
                    "errorCode": refusal.violation.code,
                    "errorComponent": refusal.component,
                    "errorDescription": util::error_description(&refusal.violation.code),
                    "errorDetail": refusal.violation.detail,
                    "errorMessageType": "AReq",
                    "threeDSServerTransID": util::new_uuid(),
                });
                if let (Some(id), Some(map)) = (&refusal.sdk_trans_id, erro.as_object_mut()) {
                    map.insert("sdkTransID".into(), Value::String(id.clone()));
                }
                self.lock().rejected.push(RejectedAuthRequest {
                    body: String::from_utf8_lossy(body).into_owned(),
                    violation: refusal.violation,
                });
                HttpAnswer::json(&erro)
            }
        }
    }

    fn auth(&self, body: &[u8], scenario: &Scenario) -> Result<Value, Refusal> {
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
        let device_info = validate_device_info(&device.plaintext).map_err(|e| {
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
            creq_enc: None,
            cres: Vec::new(),
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
        let payload = json!({
            "acsEphemPubKey": jwk::ec_public_jwk(&acs_ephem.public_key()),
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
