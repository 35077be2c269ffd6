//! `threeds._native`: the Rust half of the `threeds` Python package, a
//! drop-in for the reference's `ipworks3ds.Client` over the threeds facade.
//!
//! - `client` holds the facade behind a lock, the reference's methods, the
//!   GIL released while they run;
//! - `table` lists the reference's properties, one row each (the Python class
//!   and the `.pyi` stub are generated from it);
//! - `events` holds the callbacks and their parameter objects;
//! - `transport` builds the default HTTPS transport (its settings change
//!   through the facade afterwards);
//! - `error` defines `ThreeDSError`.

mod client;
mod error;
mod events;
mod table;
mod transport;

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use threeds_core::client::error::ErrorCode;

/// The reference's methods: name, parameters (Python syntax), return type.
/// The stub is written from this table; the tests compare it with the
/// class's real signatures.
pub static METHODS: &[(&str, &str, &str)] = &[
    (
        "add_device_param",
        "field: str, value: str, value_type: int, category: int",
        "None",
    ),
    (
        "add_extension",
        "id: str, name: str, critical: bool, data: str",
        "None",
    ),
    (
        "add_request_field",
        "name: str, value: str, value_type: int",
        "None",
    ),
    ("check_auth_response", "auth_response: str", "None"),
    ("config", "configuration_string: str", "str"),
    ("get_auth_request", "", "str"),
    ("interrupt", "", "None"),
    ("reset", "", "None"),
    ("reset_transaction_info", "", "None"),
    ("send_challenge_request", "", "None"),
];

/// The names of the crypto providers compiled into this build, the
/// default first (`threeds.crypto_providers()`).
#[pyfunction]
fn crypto_providers() -> Vec<&'static str> {
    crypto_provider_names()
}

fn crypto_provider_names() -> Vec<&'static str> {
    threeds_std::StdPlatform::crypto_providers()
        .iter()
        .map(|p| p.name())
        .collect()
}

/// The property table as tuples: `(name, type, index_name | None,
/// get_refusal | None, settable, set_refusal | None)`.
#[pyfunction]
fn property_table(py: Python<'_>) -> PyResult<Vec<Bound<'_, PyTuple>>> {
    let refusal = |a: Option<&'static str>| a.map(str::to_owned);
    table::PROPERTIES
        .iter()
        .map(|p| {
            let get_refusal = match p.get {
                table::Access::Native(_) => None,
                table::Access::Refused(r) => Some(r),
            };
            let set_refusal = match p.set {
                Some(table::Access::Refused(r)) => Some(r),
                _ => None,
            };
            PyTuple::new(
                py,
                [
                    p.name.into_pyobject(py)?.into_any(),
                    p.kind.python().into_pyobject(py)?.into_any(),
                    p.index.into_pyobject(py)?.into_any(),
                    refusal(get_refusal).into_pyobject(py)?.into_any(),
                    pyo3::types::PyBool::new(py, p.set.is_some())
                        .to_owned()
                        .into_any(),
                    refusal(set_refusal).into_pyobject(py)?.into_any(),
                ],
            )
        })
        .collect()
}

/// The method table: `(name, parameters, return type)`.
#[pyfunction]
fn method_table() -> Vec<(&'static str, &'static str, &'static str)> {
    METHODS.to_vec()
}

/// The event table: `(name, parameter class, [(field, type, writable)])`.
#[pyfunction]
#[allow(clippy::type_complexity)] // the tuple shape is the Python-side contract
fn event_table() -> Vec<(
    &'static str,
    &'static str,
    Vec<(&'static str, &'static str, bool)>,
)> {
    events::EVENTS
        .iter()
        .map(|e| (e.name, e.params, e.fields.to_vec()))
        .collect()
}

/// The error codes this client raises, with the reference's descriptions.
#[pyfunction]
fn error_codes() -> Vec<(u16, &'static str)> {
    ErrorCode::ALL
        .iter()
        .map(|c| (c.code(), c.description()))
        .collect()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<client::NativeClient>()?;
    m.add_class::<events::ClientLogEventParams>()?;
    m.add_class::<events::ClientDataPacketInEventParams>()?;
    m.add_class::<events::ClientDataPacketOutEventParams>()?;
    m.add_class::<events::ClientErrorEventParams>()?;
    m.add_class::<events::ClientSSLServerAuthenticationEventParams>()?;
    m.add_class::<events::ClientSSLStatusEventParams>()?;
    m.add("ThreeDSError", m.py().get_type::<error::ThreeDSError>())?;
    m.add_function(wrap_pyfunction!(property_table, m)?)?;
    m.add_function(wrap_pyfunction!(method_table, m)?)?;
    m.add_function(wrap_pyfunction!(event_table, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(crypto_providers, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
