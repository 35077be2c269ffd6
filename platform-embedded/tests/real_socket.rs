//! The client on a real TCP socket: a std server thread on 127.0.0.1 serving canned
//! responses, reached through `embedded-io-adapters`' std bridge.

mod common;

use core::time::Duration;
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::thread;

use embedded_io::ErrorKind;
use embedded_io_adapters::std::FromStd;
use threeds_core::platform::{Clock, HttpRequest, Transport, TransportError, TransportErrorKind};
use threeds_embedded::transport::{Connector, EmbeddedTransport, TransportConfig};

/// Wall clock for the real-socket test.
struct StdClock(std::time::Instant);

impl Clock for StdClock {
    fn now_unix(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }
    fn monotonic_ms(&self) -> u64 {
        self.0.elapsed().as_millis() as u64
    }
}

#[derive(Debug)]
struct IoFailure(std::io::Error);

impl core::fmt::Display for IoFailure {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.0.fmt(f)
    }
}

impl TransportError for IoFailure {
    fn kind(&self) -> TransportErrorKind {
        TransportErrorKind::Connection
    }
}

/// Plain TCP: the test stands in for a terminal's TLS stack.
struct TcpConnector;

/// The std bridge plus the one thing a stream owes the transport: a socket read timeout
/// must surface as `TimedOut`. std reports it as `WouldBlock`, which embedded-io (having
/// no such kind) would turn into `Other`.
struct TimeoutStream(FromStd<TcpStream>);

fn map_timeout(e: std::io::Error) -> ErrorKind {
    match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => ErrorKind::TimedOut,
        _ => embedded_io::Error::kind(&e),
    }
}

impl embedded_io::ErrorType for TimeoutStream {
    type Error = ErrorKind;
}

impl embedded_io::Read for TimeoutStream {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        self.0.read(buf).map_err(map_timeout)
    }
}

impl embedded_io::Write for TimeoutStream {
    fn write(&mut self, buf: &[u8]) -> Result<usize, ErrorKind> {
        self.0.write(buf).map_err(map_timeout)
    }
    fn flush(&mut self) -> Result<(), ErrorKind> {
        self.0.flush().map_err(map_timeout)
    }
}

impl Connector for TcpConnector {
    type Stream = TimeoutStream;
    type Error = IoFailure;
    fn connect(&mut self, host: &str, port: u16) -> Result<Self::Stream, IoFailure> {
        let stream = TcpStream::connect((host, port)).map_err(IoFailure)?;
        // Short socket timeout; the transport's clock decides when to give up.
        stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .map_err(IoFailure)?;
        Ok(TimeoutStream(FromStd::new(stream)))
    }
}

/// Serves each response to one connection, after reading the full request; returns
/// the requests it saw.
fn serve(responses: Vec<(Vec<u8>, usize, Duration)>) -> (u16, thread::JoinHandle<Vec<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = thread::spawn(move || {
        let mut requests = Vec::new();
        for (response, piece, pause) in responses {
            let (mut socket, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            // Read the head, then Content-Length bytes of body.
            loop {
                let n = socket.read(&mut buf).unwrap();
                request.extend_from_slice(&buf[..n]);
                if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                    let mut headers = [httparse::EMPTY_HEADER; 16];
                    let mut req = httparse::Request::new(&mut headers);
                    req.parse(&request).unwrap();
                    let len: usize = req
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                        .map(|h| core::str::from_utf8(h.value).unwrap().parse().unwrap())
                        .unwrap();
                    if request.len() >= end + 4 + len {
                        break;
                    }
                }
                assert!(n > 0, "client closed early");
            }
            requests.push(request);
            for part in response.chunks(piece.max(1)) {
                socket.write_all(part).unwrap();
                socket.flush().unwrap();
                thread::sleep(pause);
            }
            // Dropping the socket closes it (the read-to-close case needs that).
        }
        requests
    });
    (port, handle)
}

#[test]
fn canned_responses_over_tcp() {
    let canned = common::canned_responses();
    let mut plan: Vec<(Vec<u8>, usize, Duration)> = Vec::new();
    for (wire, _, _) in &canned {
        plan.push((wire.clone(), wire.len(), Duration::ZERO));
        plan.push((wire.clone(), 7, Duration::from_millis(2)));
    }
    let (port, server) = serve(plan);
    let mut scratch = [0u8; 2048];
    let config = TransportConfig {
        allow_plain_http: true,
        ..TransportConfig::default()
    };
    let mut transport = EmbeddedTransport::new(
        TcpConnector,
        StdClock(std::time::Instant::now()),
        &mut scratch,
    )
    .with_config(config);
    let url = format!("http://127.0.0.1:{port}/3ds/challenge");
    for (_, status, body) in &canned {
        for _ in 0..2 {
            let mut out = [0u8; 4096];
            let request = HttpRequest {
                url: &url,
                content_type: "application/jose; charset=UTF-8",
                body: b"CREQ",
                timeout_ms: 5_000,
            };
            let r = transport.post(&request, &mut out).unwrap();
            assert_eq!((r.status, &out[..r.body_len]), (*status, body.as_slice()));
        }
    }
    let requests = server.join().unwrap();
    assert_eq!(requests.len(), canned.len() * 2);
    for request in requests {
        assert!(request.starts_with(b"POST /3ds/challenge HTTP/1.1\r\n"));
        assert!(request.ends_with(b"\r\n\r\nCREQ"));
    }
}

#[test]
fn silent_server_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = thread::spawn(move || {
        let (socket, _) = listener.accept().unwrap();
        thread::sleep(Duration::from_millis(1500));
        drop(socket);
    });
    let mut scratch = [0u8; 1024];
    let config = TransportConfig {
        allow_plain_http: true,
        ..TransportConfig::default()
    };
    let mut transport = EmbeddedTransport::new(
        TcpConnector,
        StdClock(std::time::Instant::now()),
        &mut scratch,
    )
    .with_config(config);
    let url = format!("http://127.0.0.1:{port}/");
    let started = std::time::Instant::now();
    let request = HttpRequest {
        url: &url,
        content_type: "text/plain",
        body: b"x",
        timeout_ms: 300,
    };
    let err = transport.post(&request, &mut [0u8; 64]).unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::TimedOut, "{err}");
    assert!(started.elapsed() < Duration::from_millis(1200));
    server.join().unwrap();
}
