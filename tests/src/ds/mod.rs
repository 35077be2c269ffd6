//! The DS + 3DS Server role: SDK auth request in, ARes out.

// A refusal carries the whole violation; it is built at most once per request.
#![allow(clippy::result_large_err)]

mod ares;
mod device_info;
mod request;

use serde_json::{Value, json};

use crate::records::{RejectedAuthRequest, Violation, ViolationKind};
use crate::scenario::Scenario;
use crate::sim::{HttpAnswer, Sim};
use crate::util;

/// A refusal of the DS: the violation plus the component that reports it.
pub(crate) struct Refusal {
    pub violation: Violation,
    pub component: &'static str,
    pub version: Option<String>,
    pub sdk_trans_id: Option<String>,
}

pub(crate) fn refuse(kind: ViolationKind, code: &str, detail: impl Into<String>) -> Refusal {
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
}
