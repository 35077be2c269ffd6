//! The CLI's transport wrappers hide nothing of the transport they wrap:
//! TLS events, read-outs and settings reach it as if unwrapped.
#![allow(clippy::unwrap_used, clippy::panic)]

use core::fmt;

use threeds_core::platform::{
    HttpRequest, HttpResponse, ServerCertificate, TlsEvents, Transport, TransportError,
    TransportErrorKind,
};

use crate::flow::Capped;
use crate::progress::Progress;

#[derive(Debug)]
struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("refused")
    }
}

impl TransportError for Refused {
    fn kind(&self) -> TransportErrorKind {
        TransportErrorKind::Tls
    }
}

/// A transport that reports one TLS handshake and remembers what reached it.
#[derive(Default)]
struct Fake {
    budgets: Vec<u64>,
    configured: Vec<(String, String)>,
}

impl Transport for Fake {
    type Error = Refused;

    fn post(&mut self, _: &HttpRequest<'_>, _: &mut [u8]) -> Result<HttpResponse, Refused> {
        panic!("post_with_tls_events must be forwarded, not fall back to post");
    }

    fn post_with_tls_events(
        &mut self,
        request: &HttpRequest<'_>,
        _: &mut [u8],
        tls: &mut dyn TlsEvents,
    ) -> Result<HttpResponse, Refused> {
        self.budgets.push(request.timeout_ms);
        tls.status("handshake");
        let mut accept = true;
        let cert = ServerCertificate {
            cert_encoded: b"der",
            cert_subject: "CN=acs",
            cert_issuer: "CN=ca",
            status: "OK",
        };
        tls.server_authentication(&cert, &mut accept);
        if accept {
            Ok(HttpResponse {
                status: 200,
                body_len: 0,
            })
        } else {
            Err(Refused)
        }
    }

    fn setting(&self, name: &str, out: &mut dyn fmt::Write) -> bool {
        name == "SSLNegotiatedVersion" && out.write_str("TLS1.3").is_ok()
    }

    fn configure(&mut self, name: &str, value: &str) -> Option<Result<(), Refused>> {
        self.configured.push((name.to_owned(), value.to_owned()));
        Some(Ok(()))
    }
}

/// Refuses the server and keeps what it was told.
#[derive(Default)]
struct Events {
    seen: Vec<String>,
}

impl TlsEvents for Events {
    fn server_authentication(&mut self, cert: &ServerCertificate<'_>, accept: &mut bool) {
        self.seen.push(cert.cert_subject.to_owned());
        *accept = false;
    }
    fn status(&mut self, message: &str) {
        self.seen.push(message.to_owned());
    }
}

fn check<T: Transport>(wrapped: &mut T) {
    let request = HttpRequest {
        url: "https://acs.example/creq",
        content_type: "application/jose",
        body: b"x",
        timeout_ms: 30_000,
    };
    let mut events = Events::default();
    let refused = wrapped.post_with_tls_events(&request, &mut [0u8; 8], &mut events);
    assert!(refused.is_err(), "the events' verdict decides");
    assert_eq!(events.seen, ["handshake", "CN=acs"]);
    let mut out = String::new();
    assert!(wrapped.setting("SSLNegotiatedVersion", &mut out));
    assert_eq!(out, "TLS1.3");
    assert!(matches!(
        wrapped.configure("SSLEnabledProtocols", "12288"),
        Some(Ok(()))
    ));
}

#[test]
fn capped_forwards_tls_events_settings_and_its_cap() {
    let mut capped = Capped::new(Fake::default(), Some(5_000));
    check(&mut capped);
    let fake = capped.into_inner();
    assert_eq!(fake.budgets, [5_000], "the cap still applies");
    assert_eq!(
        fake.configured,
        [("SSLEnabledProtocols".to_owned(), "12288".to_owned())]
    );
}

#[test]
fn progress_forwards_tls_events_and_settings() {
    // `wanted` or not, the line is off without a terminal; both paths forward.
    for wanted in [false, true] {
        let mut progress = Progress::new(Capped::new(Fake::default(), None), wanted);
        check(&mut progress);
    }
}
