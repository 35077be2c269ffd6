//! `auth-request --collect-device-info`: the host's device information from
//! `threeds_std::device_info`, merged with `--device-params` /
//! `--device-param` by the core's merge rule (the given values win).

use serde_json::Value;
use threeds_core::client::device_collect::{CollectContext, build_json, merge_params};
use threeds_core::client::properties::Properties;
use threeds_core::message::TransId;
use threeds_std::device_info::Collector;

use crate::error::{CliError, CliResult};

/// The device information to encrypt and, `DD` values masked, to show.
pub struct Collected {
    /// The JSON sent.
    pub json: Vec<u8>,
    /// The same with every `DD` value as `******`.
    pub masked: String,
}

/// What `auth-request` knows of the transaction.
pub struct Ids<'a> {
    /// sdkAppID.
    pub sdk_app_id: &'a str,
    /// sdkReferenceNumber.
    pub sdk_reference_number: &'a str,
    /// The sdkTransID drawn for the request.
    pub sdk_trans_id: &'a TransId,
}

/// Collects, then overlays the file's and the command line's parameters.
pub fn collect(
    ids: &Ids<'_>,
    deny: Option<&str>,
    file: Option<&Value>,
    params: &[String],
) -> CliResult<Collected> {
    let mut collector = Collector::new();
    if let Some(codes) = deny {
        collector = collector
            .deny_codes(codes)
            .map_err(|e| CliError(format!("--device-info-deny: {e}")))?;
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let collected = collector.collect(&CollectContext {
        sdk_app_id: ids.sdk_app_id,
        sdk_reference_number: ids.sdk_reference_number,
        sdk_trans_id: ids.sdk_trans_id.as_str(),
        now_unix: now,
    });
    let app = app_params(file, params)?;
    let merged = merge_params(Some(&collected), app.device_params());
    let fail = |(name, e)| CliError(format!("device parameter {name}: {e:?}"));
    let json = build_json(&merged, false).map_err(fail)?.to_vec();
    let masked = build_json(&merged, true).map_err(fail)?;
    Ok(Collected {
        json,
        masked: String::from_utf8_lossy(&masked).into_owned(),
    })
}

/// A `--device-params` file.
pub fn read_json(path: &std::path::Path) -> CliResult<Value> {
    let name = path.display().to_string();
    let text = std::fs::read(path).map_err(|e| CliError::with(&name, e))?;
    serde_json::from_slice(&text).map_err(|e| CliError::with(&name, e))
}

/// The given parameters as the facade's `add_device_param` entries.
fn app_params(file: Option<&Value>, params: &[String]) -> CliResult<Properties> {
    let mut props = Properties::default();
    let mut add = |name: &str, value: &str, value_type: u8, category: u8| {
        props
            .add_device_param(name, value, value_type, category)
            .map_err(|e| CliError(format!("device parameter {name}: {e}")))
    };
    if let Some(Value::Object(info)) = file {
        if let Some(Value::String(dv)) = info.get("DV") {
            add("", dv, 2, 0)?;
        }
        if let Some(Value::Object(dd)) = info.get("DD") {
            for (k, v) in dd {
                match v {
                    Value::String(s) => add(k, s, 2, 1)?,
                    other => add(k, &other.to_string(), 1, 1)?,
                }
            }
        }
        if let Some(Value::Object(dpna)) = info.get("DPNA") {
            for (k, v) in dpna {
                add(k, v.as_str().unwrap_or_default(), 2, 2)?;
            }
        }
        if let Some(Value::Array(sw)) = info.get("SW") {
            for w in sw.iter().filter_map(Value::as_str) {
                add(w, "", 2, 3)?;
            }
        }
    }
    for param in params {
        let (name, value) = param
            .split_once('=')
            .ok_or_else(|| CliError(format!("--device-param {param}: expected NAME=VALUE")))?;
        add(name, value, 2, 1)?;
    }
    Ok(props)
}
