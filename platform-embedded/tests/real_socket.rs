//! The client on a real TCP socket: a std server thread on 127.0.0.1 serving canned
//! responses, reached through `embedded-io-adapters`' std bridge.

mod common;

use core::time::Duration;
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::thread;

use common::socket::{IoFailure, StdClock, TimeoutStream};
use embedded_io_adapters::std::FromStd;
use threeds_core::platform::{HttpRequest, Transport, TransportError as _, TransportErrorKind};
use threeds_embedded::transport::{Connector, EmbeddedTransport, TransportConfig};

/// Plain TCP: the test stands in for a terminal's TLS stack.
struct TcpConnector;

impl Connector for TcpConnector {
    type Stream = TimeoutStream;
    type Error = IoFailure;
    fn connect(
        &mut self,
        host: &str,
        port: u16,
        _budget_ms: u64,
    ) -> Result<Self::Stream, IoFailure> {
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
