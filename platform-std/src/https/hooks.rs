//! Application callbacks and the state the connector shares with the transport.

use std::sync::mpsc::{Sender, SyncSender, sync_channel};
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

/// A TLS event on its way from the handshake to the thread that owns the
/// application's event sink (see `client_tls`).
pub(crate) enum Routed {
    /// The verdict so far; the answer decides.
    ServerAuthentication(ServerAuthentication, SyncSender<bool>),
    /// A progress message.
    Status(String),
}

/// State shared between the transport, its connector and verifier.
#[derive(Default)]
pub(crate) struct Shared {
    server_auth: Mutex<Option<ServerAuthHook>>,
    status: Mutex<Option<StatusHook>>,
    negotiated: Mutex<Option<NegotiatedSession>>,
    rejection: Mutex<Option<String>>,
    route: Mutex<Option<Sender<Routed>>>,
    /// Leaf certificates accepted whatever the verifier says, set after
    /// the transport was built (`ssl_accept_server_cert` on a client).
    accepted: Mutex<Vec<Vec<u8>>>,
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
        if let Some(route) = self.route() {
            let _ = route.send(Routed::Status(message.to_owned()));
        }
    }

    /// Runs the builder's server-authentication callback (without one, the
    /// verifier's verdict stands), then the events of the running request,
    /// which see that verdict and have the last word.
    pub(crate) fn decide(&self, info: &ServerAuthentication) -> bool {
        let pinned = lock(&self.accepted).contains(&info.cert_encoded);
        let mut info = info.clone();
        info.accept |= pinned;
        let accept = match lock(&self.server_auth).as_mut() {
            Some(hook) => hook(&info),
            None => info.accept,
        };
        let Some(route) = self.route() else {
            return accept;
        };
        let (answer, verdict) = sync_channel(1);
        info.accept = accept;
        if route
            .send(Routed::ServerAuthentication(info, answer))
            .is_err()
        {
            return accept;
        }
        // No answer (the events' thread is gone) refuses: a verdict the
        // application asked to give must not default to acceptance.
        verdict.recv().unwrap_or(false)
    }

    /// Replaces the certificates accepted unconditionally (DER leaves).
    pub(crate) fn set_accepted(&self, certs: Vec<Vec<u8>>) {
        *lock(&self.accepted) = certs;
    }

    pub(crate) fn accepted(&self) -> Vec<Vec<u8>> {
        lock(&self.accepted).clone()
    }

    fn route(&self) -> Option<Sender<Routed>> {
        lock(&self.route).clone()
    }

    /// Where the TLS events of the running request go (`None`: nowhere).
    pub(crate) fn set_route(&self, route: Option<Sender<Routed>>) {
        *lock(&self.route) = route;
    }

    pub(crate) fn set_negotiated(&self, session: NegotiatedSession) {
        *lock(&self.negotiated) = Some(session);
    }

    pub(crate) fn negotiated(&self) -> Option<NegotiatedSession> {
        lock(&self.negotiated).clone()
    }

    /// Forgets the last handshake's read-outs and the accepted
    /// certificates (the facade's `reset()`); the callbacks stay.
    pub(crate) fn forget(&self) {
        *lock(&self.negotiated) = None;
        *lock(&self.rejection) = None;
        lock(&self.accepted).clear();
    }

    pub(crate) fn set_rejection(&self, status: Option<String>) {
        *lock(&self.rejection) = status;
    }

    pub(crate) fn take_rejection(&self) -> Option<String> {
        lock(&self.rejection).take()
    }
}
