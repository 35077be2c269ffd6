//! Application callbacks and the state the connector shares with the transport.

use std::sync::{Mutex, MutexGuard};

use super::session::NegotiatedSession;

/// What the application sees in the server-authentication callback
/// (the reference's `on_ssl_server_authentication`).
#[derive(Debug, Clone)]
pub struct ServerAuthentication {
    /// The server's (leaf) certificate, DER.
    pub cert_encoded: Vec<u8>,
    /// The rest of the chain the server sent, DER, in the order sent.
    pub intermediates: Vec<Vec<u8>>,
    /// The leaf's subject, e.g. `CN=acs.example, O=Bank`.
    pub cert_subject: String,
    /// The leaf's issuer.
    pub cert_issuer: String,
    /// `OK`, or why verification failed.
    pub status: String,
    /// The verifier's recommendation; the callback's return value decides.
    pub accept: bool,
}

/// The callback type for [`ServerAuthentication`]: return `true` to continue.
pub type ServerAuthHook = Box<dyn FnMut(&ServerAuthentication) -> bool + Send>;
/// The callback type for TLS progress messages (the reference's `on_ssl_status`).
pub type StatusHook = Box<dyn FnMut(&str) + Send>;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A callback that panicked poisons nothing we rely on: the data stays valid.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// State shared between the transport, its connector and verifier.
#[derive(Default)]
pub(crate) struct Shared {
    server_auth: Mutex<Option<ServerAuthHook>>,
    status: Mutex<Option<StatusHook>>,
    negotiated: Mutex<Option<NegotiatedSession>>,
    rejection: Mutex<Option<String>>,
}

impl core::fmt::Debug for Shared {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Shared")
    }
}

impl Shared {
    pub(crate) fn new(server_auth: Option<ServerAuthHook>, status: Option<StatusHook>) -> Self {
        Self {
            server_auth: Mutex::new(server_auth),
            status: Mutex::new(status),
            ..Self::default()
        }
    }

    pub(crate) fn status(&self, message: &str) {
        if let Some(hook) = lock(&self.status).as_mut() {
            hook(message);
        }
    }

    /// Runs the server-authentication callback; without one, the verdict stands.
    pub(crate) fn decide(&self, info: &ServerAuthentication) -> bool {
        match lock(&self.server_auth).as_mut() {
            Some(hook) => hook(info),
            None => info.accept,
        }
    }

    pub(crate) fn set_negotiated(&self, session: NegotiatedSession) {
        *lock(&self.negotiated) = Some(session);
    }

    pub(crate) fn negotiated(&self) -> Option<NegotiatedSession> {
        lock(&self.negotiated).clone()
    }

    pub(crate) fn set_rejection(&self, status: Option<String>) {
        *lock(&self.rejection) = status;
    }

    pub(crate) fn take_rejection(&self) -> Option<String> {
        lock(&self.rejection).take()
    }
}
