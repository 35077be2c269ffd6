//! The parsers never panic, and fragmentation never changes the outcome.

mod common;

use common::MockStream;
use embedded_io::ErrorKind;
use proptest::prelude::*;
use threeds_embedded::http::{
    self, BodyDecoder, ClientError, Framing, Limits, NoWatchdog, Status, parse_response_head,
};

fn read_all(
    wire: &[u8],
    max_read: usize,
    scratch_len: usize,
    body_len: usize,
) -> Result<(u16, Vec<u8>), ClientError<ErrorKind>> {
    let mut stream = MockStream::fragments([wire]);
    stream.max_read = max_read;
    let mut scratch = vec![0u8; scratch_len];
    let mut body = vec![0u8; body_len];
    let limits = Limits {
        max_header_bytes: 512,
        max_headers: 8,
        max_chunk_line_bytes: 32,
        max_interim_responses: 2,
    };
    let r = http::blocking::read_response(
        &mut stream,
        &mut scratch,
        &mut body,
        &limits,
        &mut NoWatchdog,
    )?;
    Ok((r.status, body[..r.body_len].to_vec()))
}

/// Byte soup biased towards HTTP syntax so the deep states are reached.
fn http_ish() -> impl Strategy<Value = Vec<u8>> {
    let atoms = prop_oneof![
        Just(b"HTTP/1.1 200 OK\r\n".to_vec()),
        Just(b"HTTP/1.1 100 Continue\r\n\r\n".to_vec()),
        Just(b"Content-Length: 5\r\n".to_vec()),
        Just(b"Transfer-Encoding: chunked\r\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"5\r\nhello\r\n".to_vec()),
        Just(b"0\r\n".to_vec()),
        Just(b";x=y".to_vec()),
        Just(b"X: y\r\n".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(atoms, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn head_parser_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = parse_response_head(&bytes, &Limits::DEFAULT);
        let _ = parse_response_head(&bytes, &Limits { max_header_bytes: 0, max_headers: 0, ..Limits::DEFAULT });
    }

    #[test]
    fn head_parser_is_prefix_consistent(bytes in http_ish(), cut in any::<prop::sample::Index>()) {
        // A prefix is Partial, or fails exactly like the whole input.
        let whole = parse_response_head(&bytes, &Limits::DEFAULT);
        let prefix = parse_response_head(&bytes[..cut.index(bytes.len() + 1)], &Limits::DEFAULT);
        match prefix {
            Ok(Status::Partial) => {}
            Ok(Status::Complete(p)) => prop_assert_eq!(whole, Ok(Status::Complete(p))),
            Err(e) => prop_assert_eq!(whole, Err(e)),
        }
    }

    #[test]
    fn chunked_decoder_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400), out_len in 0usize..64) {
        let mut decoder = BodyDecoder::new(Framing::Chunked, Limits::DEFAULT);
        let mut out = vec![0u8; out_len];
        let _ = decoder.decode(&bytes, &mut out).map(|p| assert!(p.written <= out_len && p.consumed <= bytes.len()));
        let _ = decoder.finish();
    }

    #[test]
    fn client_never_panics_and_fragmentation_is_invisible(
        wire in prop_oneof![http_ish(), proptest::collection::vec(any::<u8>(), 0..300)],
        max_read in 1usize..7,
        scratch_len in 1usize..80,
    ) {
        let whole = read_all(&wire, 0, 600, 64);
        prop_assert_eq!(&read_all(&wire, max_read, 600, 64), &whole);
        // A small scratch buffer only matters for the head size.
        let small = read_all(&wire, max_read, scratch_len, 64);
        if small != whole {
            prop_assert_eq!(small, Err(ClientError::Http(http::HttpError::HeadersTooLarge)));
        }
    }
}
