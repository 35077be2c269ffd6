//! Our head parser against httparse, an independent implementation.

mod common;

use proptest::prelude::*;
use threeds_embedded::http::{Limits, Status, parse_response_head};

/// Parses with both and asserts the same status, reason, headers and head length.
fn assert_same(wire: &[u8]) {
    let mut hp_headers = [httparse::EMPTY_HEADER; 64];
    let mut theirs = httparse::Response::new(&mut hp_headers);
    let their_status = theirs
        .parse(wire)
        .unwrap_or_else(|e| panic!("httparse rejects {:?}: {e}", String::from_utf8_lossy(wire)));
    let ours = parse_response_head(wire, &Limits::DEFAULT).unwrap();
    match (ours, their_status) {
        (Status::Complete(ours), httparse::Status::Complete(their_len)) => {
            assert_eq!(ours.len, their_len);
            assert_eq!(Some(ours.status), theirs.code);
            assert_eq!(Some(ours.minor_version), theirs.version);
            assert_eq!(Some(ours.reason), theirs.reason.map(str::as_bytes));
            let our_headers: Vec<(String, Vec<u8>)> = ours
                .headers()
                .map(|h| (h.name.to_string(), h.value.to_vec()))
                .collect();
            let their_headers: Vec<(String, Vec<u8>)> = theirs
                .headers
                .iter()
                .map(|h| (h.name.to_string(), h.value.to_vec()))
                .collect();
            assert_eq!(our_headers, their_headers);
            assert_eq!(ours.header_count, their_headers.len());
            for (name, value) in &their_headers {
                let first = their_headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.as_slice());
                assert_eq!(ours.header(&name.to_ascii_uppercase()), first);
                let _ = value;
            }
        }
        (Status::Partial, httparse::Status::Partial) => {}
        (ours, theirs) => panic!(
            "disagree on {:?}: {ours:?} vs {theirs:?}",
            String::from_utf8_lossy(wire)
        ),
    }
}

#[test]
fn canned_responses_agree() {
    for (wire, _, _) in common::canned_responses() {
        // httparse stops at the first head; the interim case is compared head by head.
        assert_same(&wire);
    }
    assert_same(b"HTTP/1.1 200 OK\r\nA:\r\nB:  spaced  \r\nC:\tx\ty\t\r\n\r\n");
    assert_same(b"HTTP/1.0 404 \r\n\r\n");
    assert_same(b"HTTP/1.1 200\r\n\r\n");
    assert_same(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 120\r\n\r\n");
}

#[test]
fn prefixes_are_partial_for_both() {
    for (wire, _, _) in common::canned_responses() {
        let head_end = wire.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        for cut in 0..head_end {
            assert_same(&wire[..cut]);
        }
    }
}

fn token() -> impl Strategy<Value = String> {
    "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}"
}

fn field_value() -> impl Strategy<Value = String> {
    // Visible ASCII with inner spaces/tabs; leading/trailing whitespace is optional.
    "[ \t]{0,2}([!-~]([ \t!-~]{0,20}[!-~])?)?[ \t]{0,2}"
}

proptest! {
    #[test]
    fn generated_heads_agree(
        minor in 0u8..=1,
        code in 100u16..=999,
        reason in "[ -~]{0,20}",
        headers in proptest::collection::vec((token(), field_value()), 0..12),
    ) {
        // Keep the framing headers out: httparse does not interpret them, we do.
        let headers: Vec<_> = headers
            .into_iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case("content-length") && !n.eq_ignore_ascii_case("transfer-encoding"))
            .collect();
        let mut wire = format!("HTTP/1.{minor} {code} {reason}\r\n");
        for (n, v) in &headers {
            wire.push_str(&format!("{n}:{v}\r\n"));
        }
        wire.push_str("\r\n");
        assert_same(wire.as_bytes());
    }

    #[test]
    fn whenever_we_accept_httparse_agrees(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        // Arbitrary bytes prefixed with a valid status line: if we accept the head,
        // httparse must read the same head.
        let mut wire = b"HTTP/1.1 200 OK\r\n".to_vec();
        wire.extend_from_slice(&bytes);
        if let Ok(Status::Complete(_)) = parse_response_head(&wire, &Limits::DEFAULT) {
            assert_same(&wire);
        }
    }
}
