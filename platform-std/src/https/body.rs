//! Reading a response body into the caller's room: a fixed slice
//! ([`Transport::post`](threeds_core::platform::Transport::post)) or a vector
//! grown to the body up to a cap
//! ([`Transport::post_growing`](threeds_core::platform::Transport::post_growing)).

use std::io::{ErrorKind, Read};

use threeds_core::platform::TransportErrorKind;

use super::HttpsError;

/// The first size of a growing buffer when the server sent no
/// `Content-Length` (a chunked body): a native-UI CRes fits.
const FIRST_GROWTH: usize = 16 * 1024;

/// Where a response body goes.
pub(super) enum BodyRoom<'a> {
    /// A caller's buffer: the body must fit it.
    Slice(&'a mut [u8]),
    /// A vector grown (never shrunk) to the body, at most `max_len` bytes.
    Growing {
        body: &'a mut Vec<u8>,
        max_len: usize,
    },
}

impl BodyRoom<'_> {
    /// The longest body this room takes.
    fn cap(&self) -> usize {
        match self {
            Self::Slice(s) => s.len(),
            Self::Growing { max_len, .. } => *max_len,
        }
    }

    /// The room as it is.
    fn room(&mut self) -> &mut [u8] {
        match self {
            Self::Slice(s) => s,
            Self::Growing { body, .. } => body.as_mut_slice(),
        }
    }

    /// Grows the room to `len` bytes (clamped to the cap; a slice stays as
    /// it is) and gives all of it.
    fn grow_to(&mut self, len: usize) -> &mut [u8] {
        if let Self::Growing { body, max_len } = self {
            let len = len.min(*max_len);
            if body.len() < len {
                body.resize(len, 0);
            }
        }
        self.room()
    }

    /// Reads the whole body from `reader` (whose server announced
    /// `content_length`), returning its length: the room grows to the
    /// announced length, or in doubling steps while bytes keep coming,
    /// never past the cap; a body longer than the cap is
    /// [`TransportErrorKind::ResponseTooLarge`], announced or not.
    pub(super) fn read_from(
        &mut self,
        reader: &mut impl Read,
        content_length: Option<u64>,
    ) -> Result<usize, HttpsError> {
        let cap = self.cap();
        let too_large = || {
            HttpsError::new(
                TransportErrorKind::ResponseTooLarge,
                format!("the response body exceeds {cap} bytes"),
            )
        };
        let first = match content_length {
            Some(n) if n > cap as u64 => return Err(too_large()),
            // Fits `usize`: it is at most `cap`.
            Some(n) => usize::try_from(n).unwrap_or(cap),
            None => FIRST_GROWTH,
        };
        let mut room_len = self.grow_to(first).len();
        let mut filled = 0;
        loop {
            if filled < room_len {
                let space = self.room().get_mut(filled..).unwrap_or_default();
                match read_some(reader, space)? {
                    0 => return Ok(filled),
                    n => filled += n,
                }
                continue;
            }
            // The room is full: one more byte means growing, or a body too long.
            let mut probe = [0u8; 1];
            if read_some(reader, &mut probe)? == 0 {
                return Ok(filled);
            }
            let room = self.grow_to(filled.saturating_mul(2).max(FIRST_GROWTH));
            room_len = room.len();
            let Some(byte) = room.get_mut(filled) else {
                return Err(too_large());
            };
            *byte = probe[0];
            filled += 1;
        }
    }
}

/// One read, retried when interrupted by a signal.
fn read_some(reader: &mut impl Read, buf: &mut [u8]) -> Result<usize, HttpsError> {
    loop {
        match reader.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(HttpsError::from_ureq(ureq::Error::from(e), None)),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Gives at most `step` bytes per read, as a socket does.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.step).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn body(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i % 251) as u8).collect()
    }

    fn read_growing(
        data: &[u8],
        announced: Option<u64>,
        max_len: usize,
        buf: &mut Vec<u8>,
    ) -> Result<usize, HttpsError> {
        let mut room = BodyRoom::Growing { body: buf, max_len };
        room.read_from(&mut Trickle { data, step: 1000 }, announced)
    }

    #[test]
    fn an_announced_body_gets_exactly_its_length() {
        let data = body(2_345);
        let mut buf = Vec::new();
        let len = read_growing(&data, Some(2_345), 512 * 1024, &mut buf).unwrap();
        assert_eq!(len, 2_345);
        assert_eq!(buf.len(), 2_345);
        assert_eq!(&buf[..len], &data[..]);
    }

    #[test]
    fn a_chunked_body_grows_in_doubling_steps_up_to_the_cap() {
        let data = body(400_000);
        let mut buf = Vec::new();
        let len = read_growing(&data, None, 512 * 1024, &mut buf).unwrap();
        assert_eq!(len, 400_000);
        assert_eq!(&buf[..len], &data[..]);
        // 16 KiB doubled until the body fitted: 512 KiB is the cap.
        assert_eq!(buf.len(), 512 * 1024);
        let data = body(3_000);
        let mut small = Vec::new();
        assert_eq!(
            read_growing(&data, None, 512 * 1024, &mut small).unwrap(),
            3_000
        );
        assert_eq!(small.len(), FIRST_GROWTH);
    }

    #[test]
    fn a_reused_buffer_is_neither_shrunk_nor_grown_for_a_shorter_body() {
        let mut buf = vec![7u8; 10_000];
        let data = body(500);
        assert_eq!(
            read_growing(&data, Some(500), 512 * 1024, &mut buf).unwrap(),
            500
        );
        assert_eq!(buf.len(), 10_000);
        assert_eq!(&buf[..500], &data[..]);
    }

    #[test]
    fn a_body_past_the_cap_is_too_large_announced_or_not() {
        let data = body(5_001);
        for announced in [Some(5_001), None] {
            let mut buf = Vec::new();
            let e = read_growing(&data, announced, 5_000, &mut buf).unwrap_err();
            assert_eq!(
                threeds_core::platform::TransportError::kind(&e),
                TransportErrorKind::ResponseTooLarge,
                "{announced:?}"
            );
            assert!(buf.len() <= 5_000, "{announced:?}");
        }
        // Exactly the cap fits.
        let mut buf = Vec::new();
        assert_eq!(
            read_growing(&data[..5_000], None, 5_000, &mut buf).unwrap(),
            5_000
        );
    }

    #[test]
    fn a_slice_takes_what_fits_and_refuses_more() {
        let data = body(3_000);
        let mut slice = vec![0u8; 3_000];
        let mut room = BodyRoom::Slice(&mut slice);
        let len = room
            .read_from(
                &mut Trickle {
                    data: &data,
                    step: 700,
                },
                None,
            )
            .unwrap();
        assert_eq!(len, 3_000);
        assert_eq!(slice, data);
        let mut short = vec![0u8; 2_999];
        let mut room = BodyRoom::Slice(&mut short);
        let e = room
            .read_from(
                &mut Trickle {
                    data: &data,
                    step: 700,
                },
                None,
            )
            .unwrap_err();
        assert_eq!(
            threeds_core::platform::TransportError::kind(&e),
            TransportErrorKind::ResponseTooLarge
        );
    }
}
