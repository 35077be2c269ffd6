//! `EmbeddedTransport` as the core sees it: `Transport::post` and error kinds.

mod common;

use core::cell::RefCell;
use core::fmt;
use std::rc::Rc;

use common::{ManualClock, MockStream, Step, canned_responses};
use embedded_io::ErrorKind;
use threeds_core::platform::{HttpRequest, Transport, TransportError, TransportErrorKind};
use threeds_embedded::http::HttpError;
use threeds_embedded::transport::{
    Connector, EmbeddedTransport, EmbeddedTransportError, TransportConfig,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ConnectFailure {
    Refused,
    BadCertificate,
}

impl fmt::Display for ConnectFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

impl TransportError for ConnectFailure {
    fn kind(&self) -> TransportErrorKind {
        match self {
            Self::Refused => TransportErrorKind::Connection,
            Self::BadCertificate => TransportErrorKind::Tls,
        }
    }
}

/// Hands out one scripted stream per connect and records where it connected.
struct ScriptedConnector {
    streams: Vec<MockStream>,
    connected_to: Rc<RefCell<Vec<(String, u16)>>>,
    written: Rc<RefCell<Vec<u8>>>,
    fail: Option<ConnectFailure>,
}

struct RecordingStream {
    inner: MockStream,
    written: Rc<RefCell<Vec<u8>>>,
}

impl embedded_io::ErrorType for RecordingStream {
    type Error = ErrorKind;
}
impl embedded_io::Read for RecordingStream {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        self.inner.read(buf)
    }
}
impl embedded_io::Write for RecordingStream {
    fn write(&mut self, buf: &[u8]) -> Result<usize, ErrorKind> {
        let n = self.inner.write(buf)?;
        self.written.borrow_mut().extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> Result<(), ErrorKind> {
        Ok(())
    }
}

impl Connector for ScriptedConnector {
    type Stream = RecordingStream;
    type Error = ConnectFailure;
    fn connect(
        &mut self,
        host: &str,
        port: u16,
        _budget_ms: u64,
    ) -> Result<RecordingStream, ConnectFailure> {
        self.connected_to
            .borrow_mut()
            .push((host.to_string(), port));
        if let Some(e) = self.fail {
            return Err(e);
        }
        Ok(RecordingStream {
            inner: self.streams.remove(0),
            written: self.written.clone(),
        })
    }
}

fn connector(streams: Vec<MockStream>) -> ScriptedConnector {
    ScriptedConnector {
        streams,
        connected_to: Rc::default(),
        written: Rc::default(),
        fail: None,
    }
}

fn request(url: &str) -> HttpRequest<'_> {
    HttpRequest {
        url,
        content_type: "application/jose; charset=UTF-8",
        body: b"eyJhbGciOi...",
        timeout_ms: 10_000,
    }
}

#[test]
fn posts_and_returns_status_and_body() {
    let clock = ManualClock::default();
    let (wire, status, body) = canned_responses().remove(1);
    let conn = connector(vec![MockStream::fragments([wire.as_slice()])]);
    let (seen, written) = (conn.connected_to.clone(), conn.written.clone());
    let mut scratch = [0u8; 2048];
    let mut transport = EmbeddedTransport::new(conn, clock, &mut scratch)
        .with_extra_headers(&[("User-Agent", "t/1")]);
    let mut out = [0u8; 4096];
    let r = transport
        .post(&request("https://[::1]:9443/acs"), &mut out)
        .unwrap();
    assert_eq!((r.status, &out[..r.body_len]), (status, body.as_slice()));
    assert_eq!(seen.borrow().as_slice(), &[("::1".to_string(), 9443)]);
    let written = written.borrow();
    let text = String::from_utf8_lossy(&written);
    assert!(
        text.starts_with("POST /acs HTTP/1.1\r\nHost: [::1]:9443\r\n"),
        "{text}"
    );
    assert!(text.contains("\r\nUser-Agent: t/1\r\n"));
    assert!(text.ends_with("\r\n\r\neyJhbGciOi..."));
}

#[test]
fn default_port_and_path() {
    let conn = connector(vec![MockStream::fragments([
        &b"HTTP/1.1 204 No Content\r\n\r\n"[..],
    ])]);
    let (seen, written) = (conn.connected_to.clone(), conn.written.clone());
    let mut scratch = [0u8; 1024];
    let mut transport = EmbeddedTransport::new(conn, ManualClock::default(), &mut scratch);
    let r = transport
        .post(&request("HTTPS://Acs.Example?x=1#frag"), &mut [0u8; 16])
        .unwrap();
    assert_eq!((r.status, r.body_len), (204, 0));
    assert_eq!(
        seen.borrow().as_slice(),
        &[("Acs.Example".to_string(), 443)]
    );
    assert!(
        String::from_utf8_lossy(&written.borrow())
            .starts_with("POST /?x=1 HTTP/1.1\r\nHost: Acs.Example\r\n")
    );
}

#[test]
fn plain_http_only_when_allowed() {
    let mut scratch = [0u8; 1024];
    let conn = connector(vec![MockStream::fragments([
        &b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"[..],
    ])]);
    let seen = conn.connected_to.clone();
    let mut transport = EmbeddedTransport::new(conn, ManualClock::default(), &mut scratch);
    let err = transport
        .post(&request("http://acs.example/x"), &mut [0u8; 16])
        .unwrap_err();
    assert_eq!(err, EmbeddedTransportError::Http(HttpError::InsecureScheme));
    assert!(
        seen.borrow().is_empty(),
        "must not connect for a refused URL"
    );
    let mut transport = transport.with_config(TransportConfig {
        allow_plain_http: true,
        ..TransportConfig::default()
    });
    assert_eq!(
        transport
            .post(&request("http://acs.example/x"), &mut [0u8; 16])
            .unwrap()
            .status,
        200
    );
    assert_eq!(seen.borrow().as_slice(), &[("acs.example".to_string(), 80)]);
}

#[test]
fn invalid_urls() {
    for url in [
        "ftp://acs.example/",
        "https://",
        "https:///path",
        "https://user@acs.example/",
        "https://acs.example:0/",
        "https://acs.example:65536/",
        "https://acs.example:/",
        "https://acs.example:12a/",
        "https://acs example/",
        "https://acs.example/pa th",
        "https://acs.example/é",
        "https://[::1/",
        "https://[]/",
        "https://[::1]x/",
        "acs.example/path",
    ] {
        let mut scratch = [0u8; 256];
        let mut transport =
            EmbeddedTransport::new(connector(vec![]), ManualClock::default(), &mut scratch);
        let err = transport.post(&request(url), &mut [0u8; 16]).unwrap_err();
        assert_eq!(
            err,
            EmbeddedTransportError::Http(HttpError::InvalidUrl),
            "{url}"
        );
        assert_eq!(err.kind(), TransportErrorKind::Other);
    }
}

#[test]
fn error_kinds() {
    let kind_of = |mut streams: Vec<MockStream>, fail: Option<ConnectFailure>, cap: usize| {
        let clock = ManualClock::default();
        for s in &mut streams {
            s.clock = clock.clone();
        }
        let mut conn = connector(streams);
        conn.fail = fail;
        let mut scratch = [0u8; 1024];
        let mut transport = EmbeddedTransport::new(conn, clock, &mut scratch);
        let mut out = vec![0u8; cap];
        transport
            .post(&request("https://acs.example/"), &mut out)
            .unwrap_err()
            .kind()
    };
    assert_eq!(
        kind_of(vec![], Some(ConnectFailure::Refused), 64),
        TransportErrorKind::Connection
    );
    assert_eq!(
        kind_of(vec![], Some(ConnectFailure::BadCertificate), 64),
        TransportErrorKind::Tls
    );

    let big = MockStream::fragments([&b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"[..]]);
    assert_eq!(
        kind_of(vec![big], None, 64),
        TransportErrorKind::ResponseTooLarge
    );

    let garbage = MockStream::fragments([&b"SSH-2.0-OpenSSH\r\n\r\n"[..]]);
    assert_eq!(
        kind_of(vec![garbage], None, 64),
        TransportErrorKind::Protocol
    );

    let truncated =
        MockStream::fragments([&b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab"[..]]);
    assert_eq!(
        kind_of(vec![truncated], None, 64),
        TransportErrorKind::Connection
    );

    let reset = MockStream::new([Step::Fail(ErrorKind::ConnectionReset)]);
    assert_eq!(
        kind_of(vec![reset], None, 64),
        TransportErrorKind::Connection
    );

    let mut stalled = MockStream::new([Step::Data(b"HTTP/1.1 200 OK\r\n".to_vec())]);
    stalled.stall_at_end = true;
    assert_eq!(
        kind_of(vec![stalled], None, 64),
        TransportErrorKind::TimedOut
    );
}

#[test]
fn stalled_peer_times_out_on_the_transport_clock() {
    // The stream and the transport share one manual clock: each stalled read advances it.
    let clock = ManualClock::default();
    let mut stream = MockStream::new([Step::Data(b"HTTP/1.1 200 OK\r\nContent-Len".to_vec())]);
    stream.clock = clock.clone();
    stream.stall_at_end = true;
    let mut scratch = [0u8; 1024];
    let mut transport =
        EmbeddedTransport::new(connector(vec![stream]), clock.clone(), &mut scratch);
    let err = transport
        .post(&request("https://acs.example/"), &mut [0u8; 64])
        .unwrap_err();
    assert_eq!(err, EmbeddedTransportError::TimedOut);
    assert_eq!(err.kind(), TransportErrorKind::TimedOut);
    let elapsed = clock.0.get();
    assert!(
        (10_000..=11_000).contains(&elapsed),
        "gave up after {elapsed} ms, timeout is 10000"
    );
}

#[test]
fn a_trickle_ends_at_the_deadline() {
    let clock = ManualClock::default();
    let wire = canned_responses().remove(0).0;
    let steps: Vec<Step> = wire
        .iter()
        .flat_map(|&b| [Step::Stall { advance_ms: 9_000 }, Step::Data(vec![b])])
        .collect();
    let mut stream = MockStream::new(steps);
    stream.clock = clock.clone();
    let mut scratch = [0u8; 1024];
    let mut transport =
        EmbeddedTransport::new(connector(vec![stream]), clock.clone(), &mut scratch);
    let err = transport
        .post(&request("https://acs.example/"), &mut [0u8; 256])
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::TimedOut);
    // The deadline is 10 s; the stall that crosses it advances the clock by 9 s at most.
    assert!(clock.0.get() <= 19_000, "{}", clock.0.get());
}
