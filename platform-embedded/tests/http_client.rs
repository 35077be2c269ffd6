//! The blocking and async clients against scripted streams.

mod common;

use common::{MockStream, Step, block_on, canned_responses, chunk};
use embedded_io::ErrorKind;
use threeds_core::platform::HttpResponse;
use threeds_embedded::http::{
    self, ClientError, DeadlineWatchdog, HttpError, Limits, NoWatchdog, Post, Url,
};

const URL: &str = "https://acs.example:8443/challenge?id=7";

fn post_for(body: &[u8]) -> Post<'_> {
    Post {
        url: Url::parse(URL, false).unwrap(),
        content_type: "application/jose; charset=UTF-8",
        body,
        extra_headers: &[("User-Agent", "threeds-test")],
    }
}

/// Runs one blocking exchange with default limits and a 4 KiB body buffer.
fn exchange(
    stream: &mut MockStream,
    body_cap: usize,
) -> Result<(HttpResponse, Vec<u8>), ClientError<ErrorKind>> {
    exchange_with(stream, body_cap, 1024, &Limits::DEFAULT)
}

fn exchange_with(
    stream: &mut MockStream,
    body_cap: usize,
    scratch_len: usize,
    limits: &Limits,
) -> Result<(HttpResponse, Vec<u8>), ClientError<ErrorKind>> {
    let mut scratch = vec![0u8; scratch_len];
    let mut body = vec![0u8; body_cap];
    let clock = stream.clock.clone();
    let mut watchdog = DeadlineWatchdog::new(clock, 5_000);
    let r = http::blocking::post(
        stream,
        &post_for(b"{\"creq\":1}"),
        &mut scratch,
        &mut body,
        limits,
        &mut watchdog,
    )?;
    Ok((r, body[..r.body_len].to_vec()))
}

fn response_of(wire: &[u8]) -> Result<(HttpResponse, Vec<u8>), ClientError<ErrorKind>> {
    exchange(&mut MockStream::fragments([wire]), 4096)
}

#[test]
fn canned_responses_in_one_piece() {
    for (wire, status, body) in canned_responses() {
        let (r, got) = response_of(&wire).unwrap();
        assert_eq!(r.status, status, "{}", String::from_utf8_lossy(&wire));
        assert_eq!(got, body, "{}", String::from_utf8_lossy(&wire));
    }
}

#[test]
fn every_two_way_split_point() {
    for (wire, status, body) in canned_responses() {
        for split in 0..=wire.len() {
            let mut stream = MockStream::fragments([&wire[..split], &wire[split..]]);
            let (r, got) =
                exchange(&mut stream, 4096).unwrap_or_else(|e| panic!("split {split}: {e:?}"));
            assert_eq!(
                (r.status, got.as_slice()),
                (status, body.as_slice()),
                "split {split}"
            );
        }
    }
}

#[test]
fn one_byte_reads() {
    for (wire, status, body) in canned_responses() {
        let mut stream = MockStream::fragments([wire.as_slice()]);
        stream.max_read = 1;
        let (r, got) = exchange(&mut stream, 4096).unwrap();
        assert_eq!((r.status, got), (status, body));
    }
}

#[test]
fn small_scratch_buffer_still_reads_large_bodies() {
    // The scratch buffer only has to hold the head; body bytes stream through it.
    let payload: Vec<u8> = (0..3000u32).map(|i| b'a' + (i % 26) as u8).collect();
    let wire = [
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec(),
        chunk(&payload, ""),
        b"0\r\n\r\n".to_vec(),
    ]
    .concat();
    let (r, got) = exchange_with(
        &mut MockStream::fragments([wire.as_slice()]),
        4096,
        200,
        &Limits::DEFAULT,
    )
    .unwrap();
    assert_eq!(r.body_len, 3000);
    assert_eq!(got, payload);
}

#[test]
fn request_is_well_formed_http() {
    // Parse what the client wrote with httparse, an independent HTTP implementation.
    let wire = &canned_responses()[0].0;
    let mut stream = MockStream::fragments([wire.as_slice()]);
    stream.max_write = 7; // exercise the partial-write loop
    exchange(&mut stream, 4096).unwrap();
    let mut headers = [httparse::EMPTY_HEADER; 16];
    let mut req = httparse::Request::new(&mut headers);
    let httparse::Status::Complete(head_len) = req.parse(&stream.written).unwrap() else {
        panic!("partial request")
    };
    assert_eq!(req.method, Some("POST"));
    assert_eq!(req.path, Some("/challenge?id=7"));
    assert_eq!(req.version, Some(1));
    let get = |name: &str| {
        req.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| core::str::from_utf8(h.value).unwrap())
    };
    assert_eq!(get("host"), Some("acs.example:8443"));
    assert_eq!(get("content-type"), Some("application/jose; charset=UTF-8"));
    assert_eq!(get("content-length"), Some("10"));
    assert_eq!(get("connection"), Some("close"));
    assert_eq!(get("user-agent"), Some("threeds-test"));
    assert_eq!(&stream.written[head_len..], b"{\"creq\":1}");
}

#[test]
fn request_header_injection_is_refused() {
    let mut scratch = [0u8; 512];
    for extra in [
        [("X-A", "1\r\nX-Evil: 1")],
        [("X A", "1")],
        [("Content-Length", "3")],
        [("host", "other")],
        [("", "1")],
    ] {
        let post = Post {
            extra_headers: &extra,
            ..post_for(b"")
        };
        assert_eq!(
            post.encode_head(&mut scratch),
            Err(HttpError::InvalidRequest),
            "{extra:?}"
        );
    }
    let post = Post {
        content_type: "text/plain\r\n",
        ..post_for(b"")
    };
    assert_eq!(
        post.encode_head(&mut scratch),
        Err(HttpError::InvalidRequest)
    );
    assert_eq!(
        post_for(b"").encode_head(&mut scratch[..40]),
        Err(HttpError::RequestTooLarge)
    );
}

#[test]
fn body_too_large_for_each_framing() {
    for (wire, _, body) in canned_responses() {
        if body.is_empty() {
            continue;
        }
        let err = exchange(
            &mut MockStream::fragments([wire.as_slice()]),
            body.len() - 1,
        )
        .unwrap_err();
        assert_eq!(
            err,
            ClientError::Http(HttpError::BodyTooLarge),
            "{}",
            String::from_utf8_lossy(&wire)
        );
        // An exact fit is fine.
        let (_, got) = exchange(&mut MockStream::fragments([wire.as_slice()]), body.len()).unwrap();
        assert_eq!(got, body);
    }
}

#[test]
fn content_length_larger_than_buffer_fails_before_reading_the_body() {
    let mut stream = MockStream::new([Step::Data(
        b"HTTP/1.1 200 OK\r\nContent-Length: 999999\r\n\r\n".to_vec(),
    )]);
    stream.stall_at_end = true; // the body never comes; we must not wait for it
    assert_eq!(
        exchange(&mut stream, 4096).unwrap_err(),
        ClientError::Http(HttpError::BodyTooLarge)
    );
}

#[test]
fn oversized_headers() {
    let big = format!(
        "HTTP/1.1 200 OK\r\nX-Big: {}\r\nContent-Length: 0\r\n\r\n",
        "x".repeat(2000)
    );
    let limits = Limits {
        max_header_bytes: 1024,
        ..Limits::DEFAULT
    };
    let err = exchange_with(
        &mut MockStream::fragments([big.as_bytes()]),
        4096,
        4096,
        &limits,
    )
    .unwrap_err();
    assert_eq!(err, ClientError::Http(HttpError::HeadersTooLarge));
    // The scratch buffer bounds the head too.
    let err = exchange_with(
        &mut MockStream::fragments([big.as_bytes()]),
        4096,
        512,
        &Limits::DEFAULT,
    )
    .unwrap_err();
    assert_eq!(err, ClientError::Http(HttpError::HeadersTooLarge));
    // Within both limits it passes.
    exchange_with(
        &mut MockStream::fragments([big.as_bytes()]),
        4096,
        4096,
        &Limits::DEFAULT,
    )
    .unwrap();
}

#[test]
fn too_many_headers_and_trailers() {
    let limits = Limits {
        max_headers: 3,
        ..Limits::DEFAULT
    };
    let many = "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";
    let err = exchange_with(
        &mut MockStream::fragments([many.as_bytes()]),
        64,
        1024,
        &limits,
    )
    .unwrap_err();
    assert_eq!(err, ClientError::Http(HttpError::TooManyHeaders));
    let trailers = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";
    let err = exchange_with(
        &mut MockStream::fragments([trailers.as_bytes()]),
        64,
        1024,
        &limits,
    )
    .unwrap_err();
    assert_eq!(err, ClientError::Http(HttpError::TooManyHeaders));
    let limits = Limits {
        max_header_bytes: 16,
        ..Limits::DEFAULT
    };
    let long_trailer =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Long: 0123456789\r\n\r\n";
    let err = exchange_with(
        &mut MockStream::fragments([long_trailer.as_bytes()]),
        64,
        1024,
        &Limits {
            max_header_bytes: 64,
            ..limits
        },
    )
    .map(|_| ());
    assert_eq!(err, Ok(()));
    let head_ok = Limits {
        max_header_bytes: 64,
        ..Limits::DEFAULT
    };
    let very_long = format!(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Long: {}\r\n\r\n",
        "y".repeat(80)
    );
    let err = exchange_with(
        &mut MockStream::fragments([very_long.as_bytes()]),
        64,
        1024,
        &head_ok,
    )
    .unwrap_err();
    assert_eq!(err, ClientError::Http(HttpError::HeadersTooLarge));
}

#[test]
fn truncated_responses_are_unexpected_eof() {
    for (wire, _, body) in canned_responses() {
        let read_to_close = !wire
            .windows(7)
            .any(|w| w.eq_ignore_ascii_case(b"length:") || w.eq_ignore_ascii_case(b"chunked"));
        for cut in 0..wire.len() {
            let result = exchange(&mut MockStream::fragments([&wire[..cut]]), 4096);
            match result {
                Err(ClientError::Http(HttpError::UnexpectedEof)) => {}
                // A read-to-close body cut short is indistinguishable from a short body.
                Ok((_, got)) if read_to_close && body.starts_with(&got) => {}
                other => panic!("cut {cut} of {}: {other:?}", String::from_utf8_lossy(&wire)),
            }
        }
    }
}

#[test]
fn closed_stream_before_any_byte() {
    assert_eq!(
        response_of(b"").unwrap_err(),
        ClientError::Http(HttpError::UnexpectedEof)
    );
    let mut stream = MockStream::new([]);
    stream.refuse_writes = true;
    assert_eq!(
        exchange(&mut stream, 64).unwrap_err(),
        ClientError::ConnectionClosed
    );
}

#[test]
fn stream_errors_are_reported() {
    let mut stream = MockStream::new([
        Step::Data(b"HTTP/1.1 200 OK\r\n".to_vec()),
        Step::Fail(ErrorKind::ConnectionReset),
    ]);
    assert_eq!(
        exchange(&mut stream, 64).unwrap_err(),
        ClientError::Io(ErrorKind::ConnectionReset)
    );
}

#[test]
fn stalled_peer_times_out_instead_of_hanging() {
    let mut stream = MockStream::new([Step::Data(
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".to_vec(),
    )]);
    stream.stall_at_end = true;
    assert_eq!(
        exchange(&mut stream, 64).unwrap_err(),
        ClientError::TimedOut
    );
    assert!(stream.clock.0.get() >= 5_000);
    // Without a clock the stream's own timeout is final.
    let mut stream = MockStream::new([Step::Stall { advance_ms: 1 }]);
    let (mut scratch, mut body) = ([0u8; 256], [0u8; 64]);
    let r = http::blocking::post(
        &mut stream,
        &post_for(b""),
        &mut scratch,
        &mut body,
        &Limits::DEFAULT,
        &mut NoWatchdog,
    );
    assert_eq!(r.unwrap_err(), ClientError::TimedOut);
}

#[test]
fn short_stalls_before_the_deadline_are_retried() {
    let wire = &canned_responses()[0];
    let mut steps = Vec::new();
    for b in wire.0.chunks(9) {
        steps.push(Step::Stall { advance_ms: 100 });
        steps.push(Step::Data(b.to_vec()));
    }
    let mut stream = MockStream::new(steps);
    let (r, got) = exchange(&mut stream, 4096).unwrap();
    assert_eq!((r.status, got), (wire.1, wire.2.clone()));
}

#[test]
fn the_deadline_stops_a_trickling_peer() {
    let wire = &canned_responses()[0].0;
    let steps: Vec<Step> = wire
        .iter()
        .flat_map(|&b| [Step::Stall { advance_ms: 4_000 }, Step::Data(vec![b])])
        .collect();
    let mut stream = MockStream::new(steps);
    let (mut scratch, mut body) = ([0u8; 1024], [0u8; 1024]);
    let mut watchdog = DeadlineWatchdog::new(stream.clock.clone(), 60_000);
    let r = http::blocking::post(
        &mut stream,
        &post_for(b""),
        &mut scratch,
        &mut body,
        &Limits::DEFAULT,
        &mut watchdog,
    );
    assert_eq!(r.unwrap_err(), ClientError::TimedOut);
}

#[test]
fn bad_status_lines() {
    for line in [
        "HTTP/2 200 OK",
        "HTTP/1.1 20 OK",
        "HTTP/1.1 2000 OK",
        "HTTP/1.1 abc OK",
        "HTTP/1.1  200 OK",
        "HTTP/1.2 200 OK",
        "http/1.1 200 OK",
        "ICY 200 OK",
        "HTTP/1.1 099 Low",
        "HTTP/1.1 200 O\x01K",
        "",
    ] {
        let wire = format!("{line}\r\nContent-Length: 0\r\n\r\n");
        assert_eq!(
            response_of(wire.as_bytes()).unwrap_err(),
            ClientError::Http(HttpError::StatusLine),
            "{line:?}"
        );
    }
}

#[test]
fn malformed_heads_and_framing() {
    let cases: &[(&str, HttpError)] = &[
        (
            "HTTP/1.1 200 OK\nContent-Length: 0\n\n",
            HttpError::MalformedHeader,
        ),
        (
            "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n",
            HttpError::MalformedHeader,
        ),
        (
            "HTTP/1.1 200 OK\r\nNo colon\r\n\r\n",
            HttpError::MalformedHeader,
        ),
        (
            "HTTP/1.1 200 OK\r\nX : 1\r\n\r\n",
            HttpError::MalformedHeader,
        ),
        (
            "HTTP/1.1 200 OK\r\nX: 1\r\n folded\r\n\r\n",
            HttpError::MalformedHeader,
        ),
        (
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            HttpError::MalformedContentLength,
        ),
        (
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            HttpError::MalformedContentLength,
        ),
        (
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
            HttpError::MalformedContentLength,
        ),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
            HttpError::UnsupportedTransferEncoding,
        ),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
            HttpError::UnsupportedTransferEncoding,
        ),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            HttpError::MalformedChunk,
        ),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX",
            HttpError::MalformedChunk,
        ),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n",
            HttpError::MalformedChunk,
        ),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n11111111111111111\r\n",
            HttpError::MalformedChunk,
        ),
        (
            "HTTP/1.1 101 Switching Protocols\r\n\r\n",
            HttpError::UnexpectedStatus,
        ),
    ];
    for (wire, want) in cases {
        assert_eq!(
            response_of(wire.as_bytes()).unwrap_err(),
            ClientError::Http(*want),
            "{wire:?}"
        );
    }
    let long_ext = format!(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;{}\r\n",
        "e".repeat(300)
    );
    assert_eq!(
        response_of(long_ext.as_bytes()).unwrap_err(),
        ClientError::Http(HttpError::ChunkLineTooLong)
    );
    let interim =
        "HTTP/1.1 100 Continue\r\n\r\n".repeat(5) + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    assert_eq!(
        response_of(interim.as_bytes()).unwrap_err(),
        ClientError::Http(HttpError::UnexpectedStatus)
    );
}

#[test]
fn transfer_encoding_overrides_content_length() {
    let wire = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n";
    let (r, body) = response_of(wire.as_bytes()).unwrap();
    assert_eq!((r.status, body.as_slice()), (200, &b"ok"[..]));
}

#[test]
fn non_2xx_statuses_pass_through_with_their_body() {
    for status in [301u16, 400, 403, 404, 500, 502, 503] {
        let wire = format!("HTTP/1.1 {status} Whatever\r\nContent-Length: 4\r\n\r\nbody");
        let (r, body) = response_of(wire.as_bytes()).unwrap();
        assert_eq!((r.status, body.as_slice()), (status, &b"body"[..]));
    }
    let (r, body) =
        response_of(b"HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n").unwrap();
    assert_eq!((r.status, body.len()), (304, 0));
}

#[test]
fn bytes_after_the_body_are_ignored() {
    let (r, body) =
        response_of(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokTRAILING GARBAGE").unwrap();
    assert_eq!((r.status, body.as_slice()), (200, &b"ok"[..]));
}

#[test]
fn async_client_matches_blocking_client() {
    for (wire, status, body) in canned_responses() {
        for max_read in [0, 1, 3] {
            let mut stream = MockStream::fragments([wire.as_slice()]);
            stream.max_read = max_read;
            let (mut scratch, mut buf) = ([0u8; 1024], [0u8; 4096]);
            let r = block_on(http::nonblocking::post(
                &mut stream,
                &post_for(b"x"),
                &mut scratch,
                &mut buf,
                &Limits::DEFAULT,
            ))
            .unwrap();
            assert_eq!((r.status, &buf[..r.body_len]), (status, body.as_slice()));
            assert!(
                stream
                    .written
                    .starts_with(b"POST /challenge?id=7 HTTP/1.1\r\n")
            );
        }
    }
    let mut stream =
        MockStream::fragments([&b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab"[..]]);
    let (mut scratch, mut buf) = ([0u8; 1024], [0u8; 64]);
    let r = block_on(http::nonblocking::post(
        &mut stream,
        &post_for(b"x"),
        &mut scratch,
        &mut buf,
        &Limits::DEFAULT,
    ));
    assert_eq!(r.unwrap_err(), ClientError::Http(HttpError::UnexpectedEof));
}
