//! The reference's events: the Python callbacks, their parameter objects,
//! and the sink the facade fires (the TLS events included).
//!
//! Callbacks run with the GIL held (taken for each call, since the method
//! that fires them runs with it released). An exception raised by a
//! callback is kept — the first one of a method call — and re-raised by
//! the binding once that method has returned, so the facade always
//! finishes its step and stays consistent.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use threeds_core::client::events::{ClientEvents, LogLevel, LogType, ServerCertificate};

/// `on_log` parameters.
#[pyclass(module = "threeds", frozen, get_all)]
pub struct ClientLogEventParams {
    /// The level the line belongs to (0–3).
    log_level: i32,
    /// The line (masked as `MaskSensitive` requires).
    message: String,
    /// `"Info"`, `"CReq"`, `"CRes"`, … as the reference names them.
    log_type: String,
}

/// `on_data_packet_in` parameters.
#[pyclass(module = "threeds", frozen, get_all)]
pub struct ClientDataPacketInEventParams {
    /// The packet as received (a CRes: the JWE).
    data_packet: Py<PyBytes>,
}

/// `on_data_packet_out` parameters.
#[pyclass(module = "threeds", frozen, get_all)]
pub struct ClientDataPacketOutEventParams {
    /// The packet about to be sent (a CReq: the JWE).
    data_packet: Py<PyBytes>,
}

/// `on_error` parameters.
#[pyclass(module = "threeds", frozen, get_all)]
pub struct ClientErrorEventParams {
    /// The reference's error code.
    error_code: i32,
    /// What happened.
    description: String,
}

/// `on_ssl_server_authentication` parameters; `accept` is writable.
#[pyclass(module = "threeds", get_all)]
pub struct ClientSSLServerAuthenticationEventParams {
    /// The server's certificate, DER.
    cert_encoded: Py<PyBytes>,
    /// Its subject.
    cert_subject: String,
    /// Its issuer.
    cert_issuer: String,
    /// `"OK"`, or why verification failed.
    status: String,
    /// The verdict: set it to accept or refuse the server.
    #[pyo3(set)]
    accept: bool,
}

/// `on_ssl_status` parameters.
#[pyclass(module = "threeds", frozen, get_all)]
pub struct ClientSSLStatusEventParams {
    /// The progress message.
    message: String,
}

/// The events, in the reference's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// `on_data_packet_in`
    DataPacketIn,
    /// `on_data_packet_out`
    DataPacketOut,
    /// `on_error`
    Error,
    /// `on_log`
    Log,
    /// `on_ssl_server_authentication`
    SslServerAuthentication,
    /// `on_ssl_status`
    SslStatus,
}

/// One event of the reference: its name, parameter class and fields
/// (name, Python type, writable) — what the stub generator writes.
pub struct EventRow {
    /// The event.
    pub event: Event,
    /// The attribute name on `Client`.
    pub name: &'static str,
    /// The parameter class.
    pub params: &'static str,
    /// The parameter object's fields.
    pub fields: &'static [(&'static str, &'static str, bool)],
}

/// Every event, in the reference's order.
pub static EVENTS: &[EventRow] = &[
    EventRow {
        event: Event::DataPacketIn,
        name: "on_data_packet_in",
        params: "ClientDataPacketInEventParams",
        fields: &[("data_packet", "bytes", false)],
    },
    EventRow {
        event: Event::DataPacketOut,
        name: "on_data_packet_out",
        params: "ClientDataPacketOutEventParams",
        fields: &[("data_packet", "bytes", false)],
    },
    EventRow {
        event: Event::Error,
        name: "on_error",
        params: "ClientErrorEventParams",
        fields: &[("error_code", "int", false), ("description", "str", false)],
    },
    EventRow {
        event: Event::Log,
        name: "on_log",
        params: "ClientLogEventParams",
        fields: &[
            ("log_level", "int", false),
            ("message", "str", false),
            ("log_type", "str", false),
        ],
    },
    EventRow {
        event: Event::SslServerAuthentication,
        name: "on_ssl_server_authentication",
        params: "ClientSSLServerAuthenticationEventParams",
        fields: &[
            ("cert_encoded", "bytes", false),
            ("cert_subject", "str", false),
            ("cert_issuer", "str", false),
            ("status", "str", false),
            ("accept", "bool", true),
        ],
    },
    EventRow {
        event: Event::SslStatus,
        name: "on_ssl_status",
        params: "ClientSSLStatusEventParams",
        fields: &[("message", "str", false)],
    },
];

impl Event {
    /// The event with this attribute name.
    pub fn from_name(name: &str) -> Option<Event> {
        EVENTS.iter().find(|e| e.name == name).map(|e| e.event)
    }
    fn slot(self) -> usize {
        self as usize
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Only plain data sits behind these locks; a panic elsewhere leaves it valid.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The callbacks and the first exception a callback raised.
#[derive(Default)]
pub struct Shared {
    hooks: Mutex<[Option<Py<PyAny>>; 6]>,
    raised: Mutex<Option<PyErr>>,
}

impl Shared {
    /// The callback of `event` (`None`: not set).
    pub fn hook(&self, py: Python<'_>, event: Event) -> Option<Py<PyAny>> {
        lock(&self.hooks)
            .get(event.slot())
            .and_then(|h| h.as_ref().map(|h| h.clone_ref(py)))
    }

    /// Sets or clears the callback of `event`.
    pub fn set_hook(&self, event: Event, hook: Option<Py<PyAny>>) {
        if let Some(slot) = lock(&self.hooks).get_mut(event.slot()) {
            *slot = hook;
        }
    }

    /// Forgets an exception left by an earlier call.
    pub fn clear_raised(&self) {
        *lock(&self.raised) = None;
    }

    /// The exception a callback raised during the last call, if any.
    pub fn take_raised(&self) -> Option<PyErr> {
        lock(&self.raised).take()
    }

    /// Calls the callback of `event` with the parameter object `build`
    /// makes, then lets `after` read that object back (the writable
    /// `accept`). `None` when no callback is set or it raised.
    pub fn fire<R>(
        &self,
        event: Event,
        build: impl for<'py> FnOnce(Python<'py>) -> PyResult<Bound<'py, PyAny>>,
        after: impl for<'py> FnOnce(&Bound<'py, PyAny>) -> PyResult<R>,
    ) -> Option<R> {
        Python::attach(|py| {
            let hook = self.hook(py, event)?;
            let outcome = build(py).and_then(|params| {
                hook.call1(py, (params.clone(),))?;
                after(&params)
            });
            match outcome {
                Ok(r) => Some(r),
                Err(e) => {
                    let mut raised = lock(&self.raised);
                    if raised.is_none() {
                        *raised = Some(e);
                    }
                    None
                }
            }
        })
    }

    /// `on_ssl_server_authentication`: the callback's verdict, or the
    /// verifier's when no callback is set. A callback that raised refuses
    /// the server (its exception surfaces from the method).
    pub fn ssl_server_authentication(
        &self,
        cert_encoded: &[u8],
        cert_subject: &str,
        cert_issuer: &str,
        status: &str,
        accept: bool,
    ) -> bool {
        let has_hook = Python::attach(|py| self.hook(py, Event::SslServerAuthentication).is_some());
        if !has_hook {
            return accept;
        }
        self.fire(
            Event::SslServerAuthentication,
            |py| {
                let params = ClientSSLServerAuthenticationEventParams {
                    cert_encoded: PyBytes::new(py, cert_encoded).unbind(),
                    cert_subject: cert_subject.to_owned(),
                    cert_issuer: cert_issuer.to_owned(),
                    status: status.to_owned(),
                    accept,
                };
                Ok(Bound::new(py, params)?.into_any())
            },
            |params| {
                let params = params.cast::<ClientSSLServerAuthenticationEventParams>()?;
                Ok(params.borrow().accept)
            },
        )
        .unwrap_or(false)
    }

    /// `on_ssl_status`.
    pub fn ssl_status(&self, message: &str) {
        self.fire(
            Event::SslStatus,
            |py| {
                let params = ClientSSLStatusEventParams {
                    message: message.to_owned(),
                };
                Ok(Bound::new(py, params)?.into_any())
            },
            |_| Ok(()),
        );
    }
}

/// The facade's event sink: forwards each event to its Python callback,
/// the TLS ones included (the facade reports each handshake of the std
/// transport here, once; the transport itself has no hooks).
pub struct PyEvents {
    shared: Arc<Shared>,
}

impl PyEvents {
    /// A sink over the shared callbacks.
    pub fn new(shared: Arc<Shared>) -> Self {
        Self { shared }
    }
}

fn log_level_number(level: LogLevel) -> i32 {
    i32::from(level.number())
}

impl ClientEvents for PyEvents {
    fn on_log(&mut self, level: LogLevel, log_type: LogType, message: &str) {
        self.shared.fire(
            Event::Log,
            |py| {
                let params = ClientLogEventParams {
                    log_level: log_level_number(level),
                    message: message.to_owned(),
                    log_type: log_type.as_str().to_owned(),
                };
                Ok(Bound::new(py, params)?.into_any())
            },
            |_| Ok(()),
        );
    }

    fn on_data_packet_in(&mut self, data_packet: &[u8]) {
        self.shared.fire(
            Event::DataPacketIn,
            |py| {
                let params = ClientDataPacketInEventParams {
                    data_packet: PyBytes::new(py, data_packet).unbind(),
                };
                Ok(Bound::new(py, params)?.into_any())
            },
            |_| Ok(()),
        );
    }

    fn on_data_packet_out(&mut self, data_packet: &[u8]) {
        self.shared.fire(
            Event::DataPacketOut,
            |py| {
                let params = ClientDataPacketOutEventParams {
                    data_packet: PyBytes::new(py, data_packet).unbind(),
                };
                Ok(Bound::new(py, params)?.into_any())
            },
            |_| Ok(()),
        );
    }

    fn on_error(&mut self, error_code: u16, description: &str) {
        self.shared.fire(
            Event::Error,
            |py| {
                let params = ClientErrorEventParams {
                    error_code: i32::from(error_code),
                    description: description.to_owned(),
                };
                Ok(Bound::new(py, params)?.into_any())
            },
            |_| Ok(()),
        );
    }

    fn on_ssl_server_authentication(&mut self, cert: &ServerCertificate<'_>, accept: &mut bool) {
        *accept = self.shared.ssl_server_authentication(
            cert.cert_encoded,
            cert.cert_subject,
            cert.cert_issuer,
            cert.status,
            *accept,
        );
    }

    fn on_ssl_status(&mut self, message: &str) {
        self.shared.ssl_status(message);
    }
}
