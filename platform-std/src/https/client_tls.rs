//! TLS events of one request, reported to the core's [`TlsEvents`] (the
//! facade's `on_ssl_server_authentication` and `on_ssl_status`).
//!
//! The handshake runs inside rustls, which calls the verifier with no way to
//! reach a borrowed event sink. So the request runs on a scoped worker
//! thread while the calling thread, which owns the sink, answers the
//! verifier's questions through a channel: the application's verdict
//! decides the connection before any byte of the request is sent, and
//! neither side needs `unsafe` or a `'static` sink.

use core::fmt::Write;
use std::sync::mpsc::channel;

use threeds_core::platform::{HttpRequest, HttpResponse, ServerCertificate, TlsEvents};

use super::body::BodyRoom;
use super::hooks::{Routed, Shared};
use super::{HttpsError, HttpsTransport};

impl HttpsTransport {
    /// `ssl_accept_server_cert` after the transport was built: TLS servers
    /// presenting one of these leaf certificates (DER) are accepted whatever
    /// chain validation says (an empty list removes them). Applies to the
    /// next handshake; a kept-alive connection is not re-verified.
    pub fn set_accepted_server_certs(&mut self, certs: Vec<Vec<u8>>) {
        self.shared.set_accepted(certs);
    }

    /// The certificates set with [`set_accepted_server_certs`](Self::set_accepted_server_certs).
    pub fn accepted_server_certs(&self) -> Vec<Vec<u8>> {
        self.shared.accepted()
    }
}

/// The `SSLNegotiated*` read-outs of the last handshake, for the facade's
/// `config("Name")`.
pub(super) fn setting(transport: &HttpsTransport, name: &str, out: &mut dyn Write) -> bool {
    let Some(session) = transport.negotiated() else {
        return false;
    };
    let written = match name {
        "SSLNegotiatedVersion" => out.write_str(session.version),
        "SSLNegotiatedCipherSuite" => out.write_str(&session.cipher_suite),
        "SSLNegotiatedCipherStrength" => write!(out, "{}", session.cipher_strength),
        "SSLNegotiatedKeyExchange" => out.write_str(&session.key_exchange),
        _ => return false,
    };
    written.is_ok()
}

/// One POST (the body read into `room`) with the handshake's events
/// reported to `tls`.
pub(super) fn post_reporting(
    transport: &mut HttpsTransport,
    request: &HttpRequest<'_>,
    room: BodyRoom<'_>,
    tls: &mut dyn TlsEvents,
) -> Result<HttpResponse, HttpsError> {
    let (route, events) = channel();
    let shared = transport.shared.clone();
    shared.set_route(Some(route));
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            // Dropping the route ends the loop below, also if `post` panics.
            let _route = ClearRoute(&shared);
            transport.post_into(request, room)
        });
        for event in events {
            match event {
                Routed::ServerAuthentication(info, answer) => {
                    let mut accept = info.accept;
                    let cert = ServerCertificate {
                        cert_encoded: &info.cert_encoded,
                        cert_subject: &info.cert_subject,
                        cert_issuer: &info.cert_issuer,
                        status: &info.status,
                    };
                    tls.server_authentication(&cert, &mut accept);
                    let _ = answer.send(accept);
                }
                Routed::Status(message) => tls.status(&message),
            }
        }
        worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Clears the route of the request when the worker ends, however it ends.
struct ClearRoute<'a>(&'a Shared);

impl Drop for ClearRoute<'_> {
    fn drop(&mut self) {
        self.0.set_route(None);
    }
}
