//! `threeds.ThreeDSError`: every failure of the facade, with the
//! reference's numeric `code`.

use pyo3::prelude::*;
use threeds_core::client::facade::ClientError;

pyo3::create_exception!(
    threeds,
    ThreeDSError,
    pyo3::exceptions::PyException,
    "A failed call: `code` is the reference's error code, `message` says what happened."
);

/// The Python exception for a facade error: `str(e)` is the message,
/// `e.code` the number, `e.message` the text.
pub fn to_py(py: Python<'_>, error: &ClientError) -> PyErr {
    let err = ThreeDSError::new_err(error.message.clone());
    let value = err.value(py);
    // Attributes on a fresh exception instance cannot fail short of memory exhaustion.
    let _ = value.setattr("code", error.code.code());
    let _ = value.setattr("message", error.message.clone());
    err
}
