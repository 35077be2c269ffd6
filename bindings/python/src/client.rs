//! `threeds._native._Client`: the facade behind a lock, with the
//! reference's methods; `threeds.Client` (Python) adds the properties from
//! [`crate::table`].
//!
//! Threads: every method takes the lock without waiting (a second call
//! while one runs — from another thread or from inside a callback —
//! raises 143 "Busy executing current method", as the reference does) and
//! runs the facade with the GIL released; only [`NativeClient::interrupt`]
//! works while a method runs.

use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes};
use threeds_core::client::error::ErrorCode;
use threeds_core::client::facade::{ClientError, InterruptHandle};
use threeds_std::StdPlatform;

use crate::error::to_py;
use crate::events::{Event, PyEvents, Shared};
use crate::table::{self, Access, Kind, Native, Value};
use crate::transport;

struct State {
    native: Native,
}

/// The reference's client class (the Python `threeds.Client` derives from it).
#[pyclass(subclass, module = "threeds._native", name = "_Client")]
pub struct NativeClient {
    state: Mutex<State>,
    shared: Arc<Shared>,
    interrupt: InterruptHandle,
}

fn busy() -> ClientError {
    ClientError {
        code: ErrorCode::Busy,
        message: "Busy executing current method.".to_owned(),
    }
}

fn refused(name: &str, reason: &str) -> ClientError {
    ClientError {
        code: ErrorCode::InvalidOperation,
        message: format!("{name} is not available: {reason}"),
    }
}

/// The compiled-in provider called `name`; 603 naming the ones there are.
fn provider(name: &str) -> Result<&'static dyn threeds_core::crypto::CryptoProvider, ClientError> {
    StdPlatform::crypto_provider(name).ok_or_else(|| ClientError {
        code: ErrorCode::InvalidOperation,
        message: format!(
            "unknown crypto provider {name:?}: this build has {}",
            crate::crypto_provider_names().join(", ")
        ),
    })
}

impl NativeClient {
    fn lock(&self) -> Result<MutexGuard<'_, State>, ClientError> {
        match self.state.try_lock() {
            Ok(g) => Ok(g),
            Err(TryLockError::WouldBlock) => Err(busy()),
            // A panic inside the facade was already reported as a Python
            // exception; the facade's own state checks refuse what no longer fits.
            Err(TryLockError::Poisoned(p)) => Ok(p.into_inner()),
        }
    }

    /// Runs `f` on the facade with the GIL released, then raises the first
    /// exception a callback raised during it, else the facade's error.
    fn run<R: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut State) -> Result<R, ClientError> + Send,
    ) -> PyResult<R> {
        let mut guard = self.lock().map_err(|e| to_py(py, &e))?;
        self.shared.clear_raised();
        let state: &mut State = &mut guard;
        let result = py.detach(|| f(state));
        drop(guard);
        if let Some(raised) = self.shared.take_raised() {
            // The method's own failure stays visible as the cause.
            if let Err(e) = &result {
                raised.set_cause(py, Some(to_py(py, e)));
            }
            return Err(raised);
        }
        result.map_err(|e| to_py(py, &e))
    }
}

fn extract(value: &Bound<'_, PyAny>, kind: Kind, name: &str) -> PyResult<Value> {
    let wrong = || {
        pyo3::exceptions::PyTypeError::new_err(format!(
            "{name} takes {}, not {}",
            kind.python(),
            value
                .get_type()
                .name()
                .map_or_else(|_| "?".to_owned(), |n| n.to_string())
        ))
    };
    Ok(match kind {
        Kind::Str => Value::Str(value.extract::<String>().map_err(|_| wrong())?),
        Kind::Int => {
            if value.is_instance_of::<PyBool>() {
                return Err(wrong());
            }
            Value::Int(value.extract::<i64>().map_err(|_| wrong())?)
        }
        Kind::Bool => Value::Bool(value.cast::<PyBool>().map_err(|_| wrong())?.is_true()),
        Kind::Bytes => Value::Bytes(
            value
                .cast::<PyBytes>()
                .map_err(|_| wrong())?
                .as_bytes()
                .to_vec(),
        ),
    })
}

fn to_object(py: Python<'_>, value: Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Str(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::Int(n) => n.into_pyobject(py)?.into_any().unbind(),
        Value::Bool(b) => PyBool::new(py, b).to_owned().into_any().unbind(),
        Value::Bytes(b) => PyBytes::new(py, &b).into_any().unbind(),
    })
}

fn index_of(name: &str, indexed: bool, index: Option<i64>) -> Result<usize, ClientError> {
    match (indexed, index) {
        (false, None) => Ok(0),
        (true, Some(i)) => usize::try_from(i).map_err(|_| ClientError {
            code: ErrorCode::InvalidIndex,
            message: format!("{name}: Invalid index."),
        }),
        (true, None) => Err(ClientError {
            code: ErrorCode::InvalidOperation,
            message: format!("{name} needs an index"),
        }),
        (false, Some(_)) => Err(ClientError {
            code: ErrorCode::InvalidOperation,
            message: format!("{name} takes no index"),
        }),
    }
}

#[pymethods]
impl NativeClient {
    /// A client with the reference's defaults: HTTPS with the system's
    /// trusted roots, OS randomness, the system clock, and the build's
    /// default crypto provider unless `crypto_provider` names another.
    #[new]
    #[pyo3(signature = (*, crypto_provider=None))]
    fn new(py: Python<'_>, crypto_provider: Option<&str>) -> PyResult<Self> {
        let crypto = match crypto_provider {
            Some(name) => provider(name).map_err(|e| to_py(py, &e))?,
            None => StdPlatform::default_crypto(),
        };
        let shared = Arc::new(Shared::default());
        let transport = transport::build().map_err(|e| to_py(py, &e))?;
        let client = StdPlatform::new(transport)
            .with_crypto(crypto)
            .into_client(PyEvents::new(Arc::clone(&shared)));
        let interrupt = client.interrupt_handle();
        Ok(Self {
            state: Mutex::new(State {
                native: Native::new(client),
            }),
            shared,
            interrupt,
        })
    }

    /// Reads a property of the table (`index` for indexed properties).
    #[pyo3(signature = (name, index=None))]
    fn _get(&self, py: Python<'_>, name: &str, index: Option<i64>) -> PyResult<Py<PyAny>> {
        let row = table::find(name).ok_or_else(|| {
            pyo3::exceptions::PyAttributeError::new_err(format!("no property {name}"))
        })?;
        let value = self.run(py, |s| {
            let i = index_of(name, row.index.is_some(), index)?;
            match row.get {
                Access::Native(get) => get(&s.native, i),
                Access::Refused(reason) => Err(refused(name, reason)),
            }
        })?;
        to_object(py, value)
    }

    /// Writes a property of the table.
    #[pyo3(signature = (name, index, value))]
    fn _set(
        &self,
        py: Python<'_>,
        name: &str,
        index: Option<i64>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let row = table::find(name).ok_or_else(|| {
            pyo3::exceptions::PyAttributeError::new_err(format!("no property {name}"))
        })?;
        let Some(set) = row.set else {
            return Err(pyo3::exceptions::PyAttributeError::new_err(format!(
                "{name} is read-only"
            )));
        };
        let value = extract(value, row.kind, name)?;
        self.run(py, |s| {
            let i = index_of(name, row.index.is_some(), index)?;
            match set {
                Access::Native(set) => set(&mut s.native, i, value),
                Access::Refused(reason) => Err(refused(name, reason)),
            }
        })
    }

    /// `add_device_param(field, value, value_type, category)`: one device
    /// information parameter (value_type 1: JSON array of strings, 2:
    /// string; category 0 DV, 1 DD, 2 DPNA, 3 SW).
    fn add_device_param(
        &self,
        py: Python<'_>,
        field: String,
        value: String,
        value_type: i64,
        category: i64,
    ) -> PyResult<()> {
        self.run(py, move |s| {
            let value_type = Value::Int(value_type).int::<u8>()?;
            let category = Value::Int(category).int::<u8>()?;
            s.native
                .client
                .add_device_param(&field, &value, value_type, category)
                .map_err(ClientError::from)
        })
    }

    /// `add_extension(id, name, critical, data)`: a message extension sent
    /// in the CReqs (`data` is JSON).
    fn add_extension(
        &self,
        py: Python<'_>,
        id: String,
        name: String,
        critical: bool,
        data: String,
    ) -> PyResult<()> {
        self.run(py, move |s| {
            s.native
                .client
                .add_extension(&id, &name, critical, &data)
                .map_err(ClientError::from)
        })
    }

    /// `add_request_field(name, value, value_type)`: an extra CReq member
    /// (value_type 1: JSON, 2: string).
    fn add_request_field(
        &self,
        py: Python<'_>,
        name: String,
        value: String,
        value_type: i64,
    ) -> PyResult<()> {
        self.run(py, move |s| {
            let value_type = Value::Int(value_type).int::<i32>()?;
            s.native.client.add_request_field(&name, &value, value_type)
        })
    }

    /// `check_auth_response(auth_response)`: validates the ARes (or Erro)
    /// the 3DS Server relayed; `transaction_status` tells what follows.
    fn check_auth_response(&self, py: Python<'_>, auth_response: String) -> PyResult<()> {
        self.run(py, move |s| {
            s.native.client.check_auth_response(&auth_response)
        })
    }

    /// `config(configuration_string)`: `"Name=Value"` sets (returns `""`),
    /// `"Name"` reads.
    fn config(&self, py: Python<'_>, configuration_string: String) -> PyResult<String> {
        self.run(py, move |s| s.native.client.config(&configuration_string))
    }

    /// `get_auth_request()`: starts a transaction and returns the SDK part
    /// of the AReq (JSON) for the 3DS Server.
    fn get_auth_request(&self, py: Python<'_>) -> PyResult<String> {
        self.run(py, |s| s.native.client.get_auth_request())
    }

    /// `interrupt()`: stops the running method at its next step (301);
    /// callable from any thread while another method runs.
    fn interrupt(&self) {
        self.interrupt.interrupt();
    }

    /// `reset()`: every property and setting back to its default (the
    /// crypto provider, not a reference setting, stays).
    fn reset(&self, py: Python<'_>) -> PyResult<()> {
        self.run(py, move |s| {
            // The transport too: TLS settings, proxy and client certificate.
            *s.native.client.transport_mut() = transport::build()?;
            s.native.client.reset();
            s.native.reset_stores();
            Ok(())
        })
    }

    /// `reset_transaction_info()`: forgets the transaction, keeps the configuration.
    fn reset_transaction_info(&self, py: Python<'_>) -> PyResult<()> {
        self.run(py, |s| {
            s.native.client.reset_transaction_info();
            Ok(())
        })
    }

    /// `send_challenge_request()`: sends the CReq built from the
    /// properties to the ACS and reads the CRes into them. The GIL is
    /// released while it waits for the ACS.
    fn send_challenge_request(&self, py: Python<'_>) -> PyResult<()> {
        self.run(py, |s| s.native.client.send_challenge_request())
    }

    /// The crypto provider the client's transactions run on: one of
    /// `threeds.crypto_providers()`. Setting it applies from the next
    /// `get_auth_request`; `reset` keeps it.
    #[getter]
    fn get_crypto_provider(&self, py: Python<'_>) -> PyResult<&'static str> {
        self.run(py, |s| Ok(s.native.client.crypto().name()))
    }

    #[setter]
    fn set_crypto_provider(&self, py: Python<'_>, name: &str) -> PyResult<()> {
        let crypto = provider(name).map_err(|e| to_py(py, &e))?;
        self.run(py, move |s| {
            s.native.client.set_crypto(crypto);
            Ok(())
        })
    }

    /// The callback of an event (`on_log`, …), or `None`.
    fn _get_event(&self, py: Python<'_>, name: &str) -> PyResult<Option<Py<PyAny>>> {
        let event = Event::from_name(name).ok_or_else(|| {
            pyo3::exceptions::PyAttributeError::new_err(format!("no event {name}"))
        })?;
        Ok(self.shared.hook(py, event))
    }

    /// Sets (a callable) or clears (`None`) the callback of an event.
    fn _set_event(&self, name: &str, hook: Option<Bound<'_, PyAny>>) -> PyResult<()> {
        let event = Event::from_name(name).ok_or_else(|| {
            pyo3::exceptions::PyAttributeError::new_err(format!("no event {name}"))
        })?;
        if let Some(h) = &hook
            && !h.is_callable()
        {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "{name} takes a callable or None"
            )));
        }
        self.shared.set_hook(event, hook.map(Bound::unbind));
        Ok(())
    }
}
