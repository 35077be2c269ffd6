//! The device-information file checked against the shape the DS accepts
//! (EMVCo SDK device information: `DV`, `DD`, `DPNA`, `SW`) before it is
//! encrypted, so a mistake is reported here with its place instead of as a
//! DS Erro later.

use serde_json::{Map, Value};

/// Why a device-information object is refused: one line naming the member.
pub fn check(info: &Map<String, Value>) -> Result<(), String> {
    for key in info.keys() {
        if !matches!(key.as_str(), "DV" | "DD" | "DPNA" | "SW") {
            return Err(format!(
                "unknown member \"{key}\" (the top level holds only DV, DD, DPNA and SW)"
            ));
        }
    }
    if let Some(dv) = info.get("DV")
        && dv.as_str().is_none_or(str::is_empty)
    {
        let was = if dv.is_string() {
            "an empty string"
        } else {
            kind(dv)
        };
        return Err(format!("DV must be a string such as \"1.0\", not {was}"));
    }
    if let Some(dd) = info.get("DD") {
        let Value::Object(dd) = dd else {
            return Err(format!(
                "DD must be an object of parameters, not {}",
                kind(dd)
            ));
        };
        for (name, value) in dd {
            param_name("DD", name)?;
            let ok = match value {
                Value::String(_) => true,
                Value::Array(items) => items.iter().all(Value::is_string),
                _ => false,
            };
            if !ok {
                let hint = match value {
                    Value::Number(_) | Value::Bool(_) => format!(" (write \"{value}\")"),
                    _ => String::new(),
                };
                return Err(format!(
                    "DD.{name} must be a string or a list of strings, not {}{hint}",
                    kind(value)
                ));
            }
        }
    }
    if let Some(dpna) = info.get("DPNA") {
        let Value::Object(dpna) = dpna else {
            return Err(format!("DPNA must be an object, not {}", kind(dpna)));
        };
        for (name, value) in dpna {
            param_name("DPNA", name)?;
            if !matches!(value.as_str(), Some("RE01" | "RE02" | "RE03" | "RE04")) {
                return Err(format!(
                    "DPNA.{name} must be one of \"RE01\"..\"RE04\" (why the parameter is missing)"
                ));
            }
            if info
                .get("DD")
                .and_then(Value::as_object)
                .is_some_and(|dd| dd.contains_key(name))
            {
                return Err(format!("{name} is in both DD and DPNA; keep one"));
            }
        }
    }
    if let Some(sw) = info.get("SW") {
        let Value::Array(list) = sw else {
            return Err(format!(
                "SW must be a list such as [\"SW01\"], not {}",
                kind(sw)
            ));
        };
        if list.is_empty() {
            return Err("SW must not be empty: leave SW out when there is no warning".into());
        }
        for w in list {
            if !matches!(w.as_str(), Some("SW01" | "SW02" | "SW03" | "SW04" | "SW05")) {
                return Err(format!("SW holds {w}; the warnings are \"SW01\"..\"SW05\""));
            }
        }
    }
    Ok(())
}

/// A parameter name: a letter and digits (`C001`, `A010`, `I001`, ...).
fn param_name(section: &str, name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && name.len() == 4
        && chars.all(|c| c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{section} holds \"{name}\", which is not a parameter name (a capital letter and three digits, e.g. C001)"
        ))
    }
}

/// The JSON type of `v`, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn accepts_the_published_shape() {
        let info = json!({"DV":"1.0","DD":{"C001":"Android","C002":"Pixel 8"},"DPNA":{"C010":"RE01"},"SW":["SW01"]});
        assert_eq!(check(&obj(info)), Ok(()));
    }

    #[test]
    fn names_each_mistake() {
        let cases = [
            (
                json!({"DD":{"C001":5}}),
                "DD.C001 must be a string or a list of strings, not a number (write \"5\")",
            ),
            (
                json!({"DD":{"C001":{}}}),
                "DD.C001 must be a string or a list of strings, not an object",
            ),
            (
                json!({"DV":1}),
                "DV must be a string such as \"1.0\", not a number",
            ),
            (
                json!({"DD":[]}),
                "DD must be an object of parameters, not a list",
            ),
            (
                json!({"DPNA":{"C010":"X"}}),
                "DPNA.C010 must be one of \"RE01\"..\"RE04\" (why the parameter is missing)",
            ),
            (
                json!({"SW":[]}),
                "SW must not be empty: leave SW out when there is no warning",
            ),
            (
                json!({"SW":["SW09"]}),
                "SW holds \"SW09\"; the warnings are \"SW01\"..\"SW05\"",
            ),
            (
                json!({"Dd":{}}),
                "unknown member \"Dd\" (the top level holds only DV, DD, DPNA and SW)",
            ),
            (
                json!({"DD":{"c001":"x"}}),
                "DD holds \"c001\", which is not a parameter name (a capital letter and three digits, e.g. C001)",
            ),
            (
                json!({"DD":{"C010":"x"},"DPNA":{"C010":"RE01"}}),
                "C010 is in both DD and DPNA; keep one",
            ),
        ];
        for (info, want) in cases {
            assert_eq!(check(&obj(info)), Err(want.to_owned()));
        }
    }
}
