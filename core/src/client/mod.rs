//! Groundwork of the reference-compatible client facade.
//!
//! The facade mirrors a commercial 3DS client class: properties with
//! snake_case getters/setters, `config("Name=Value")` settings, events, and
//! the class's numeric error codes. This module holds the parts that do not
//! depend on the protocol layers:
//! - [`config`] and [`setting`]: every config setting, typed, with the
//!   string interface and the [`config::SettingsBackend`] seam for values
//!   the facade owns;
//! - [`xpath`] (re-exported from [`crate::json`]): the `XPath`/`XText`/… read-outs over the last JSON message;
//! - [`events`] and [`log`]: the event trait, log levels/types, and masked
//!   log-line building;
//! - [`error`]: the error codes and the mapping from protocol `Erro` codes;
//! - `properties` and `challenge_ui` (with `alloc`): the properties and the
//!   challenge screen filled from each CRes;
//! - [`facade`] (with `alloc`): the `Client` itself, driving the
//!   [`Transaction`](crate::transaction::Transaction).

// Certificate input forms are the PKI layer's; the facade takes them there.
/// The challenge screen the properties show is the message layer's owned CRes screen.
#[cfg(feature = "alloc")]
pub use crate::message::owned_screen as challenge_ui;
#[cfg(all(feature = "alloc", target_has_atomic = "ptr"))]
use crate::pki::cert_input;
pub mod config;
/// Device information collection is the crate's; the facade feeds it its `device_param_*`.
#[cfg(all(feature = "alloc", target_has_atomic = "ptr"))]
pub use crate::device_collect;
pub mod error;
pub mod events;
#[cfg(all(feature = "alloc", target_has_atomic = "ptr"))]
mod exchange;
#[cfg(all(feature = "alloc", target_has_atomic = "ptr"))]
pub mod facade;
#[cfg(all(feature = "alloc", target_has_atomic = "ptr"))]
mod facade_state;
pub mod log;
#[cfg(feature = "alloc")]
pub mod properties;
pub mod setting;
/// The `XPath` read-outs are the JSON reader's; the settings name them.
pub use crate::json::xpath;
