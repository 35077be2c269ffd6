//! Validation of the SDK auth request (fields.md §5).

use serde_json::{Map, Value};

use super::{Refusal, refuse};
use crate::jose::jwk;
use crate::records::ViolationKind;
use crate::util::{self, chars, is_digits, is_missing, is_string_array, is_uuid};

/// The validated SDK auth request.
pub(crate) struct AuthRequest {
    pub obj: Map<String, Value>,
    pub version: String,
    pub sdk_trans_id: String,
    pub sdk_reference_number: String,
    pub sdk_ephem_pub: p256::PublicKey,
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

pub(crate) fn validate_auth_request(body: &[u8]) -> Result<AuthRequest, Refusal> {
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
    if !is_string_array(ui, allowed, 1, 7) {
        return Err(invalid("deviceRenderOptions.sdkUiType"));
    }
    if let Some(auth) = obj.get("sdkAuthenticationType") {
        let codes: Vec<String> = (1..=11)
            .map(|n| format!("{n:02}"))
            .chain((80..=99).map(|n| format!("{n:02}")))
            .collect();
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        if !is_string_array(auth, &codes, 1, 99) {
            return Err(invalid("deviceRenderOptions.sdkAuthenticationType"));
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
