//! Fuzzes the embedded HTTP/1.1 response path: head parser, body decoder and the
//! reader state machine, with the input split into fragments of fuzzer-chosen sizes.
//!
//! Invariants checked besides "no panic": the outcome does not depend on fragmentation,
//! and a successful response never claims more body bytes than the buffer holds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use threeds_embedded::http::{
    BodyDecoder, Framing, HttpError, Limits, ResponseReader, parse_response_head,
};

const LIMITS: Limits = Limits {
    max_header_bytes: 1024,
    max_headers: 16,
    max_chunk_line_bytes: 64,
    max_interim_responses: 2,
};

/// Feeds `wire` to a [`ResponseReader`] in reads of at most `step` bytes.
fn read(wire: &[u8], step: usize) -> Result<(u16, Vec<u8>), HttpError> {
    let mut reader = ResponseReader::new(LIMITS);
    let mut scratch = [0u8; 1200];
    let mut body = [0u8; 512];
    let mut rest = wire;
    loop {
        let buf = reader.read_buffer(&mut scratch)?;
        let n = rest.len().min(buf.len()).min(step);
        if n == 0 {
            let r = reader.finish()?;
            assert!(r.body_len <= body.len());
            return Ok((r.status, body[..r.body_len].to_vec()));
        }
        buf[..n].copy_from_slice(&rest[..n]);
        rest = &rest[n..];
        if let Some(r) = reader.advance(n, &mut scratch, &mut body)? {
            assert!(r.body_len <= body.len());
            return Ok((r.status, body[..r.body_len].to_vec()));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&step, wire)) = data.split_first() else {
        return;
    };
    let _ = parse_response_head(wire, &LIMITS);
    let mut decoder = BodyDecoder::new(Framing::Chunked, LIMITS);
    let _ = decoder.decode(wire, &mut [0u8; 256]);
    let whole = read(wire, usize::MAX);
    let fragmented = read(wire, usize::from(step % 16) + 1);
    assert_eq!(whole, fragmented);
});
