//! A filter under `embedded-tls` for one malformed record it would panic on.
//!
//! `embedded-tls` 0.19 decrypts a protected record and then takes the last byte of
//! the plaintext as its content type with `.unwrap()`: a record whose ciphertext is
//! only the 16-byte AEAD tag decrypts to nothing and panics. During the handshake the
//! keys come from an unauthenticated ECDHE, so anyone on the path could send one. RFC
//! 8446 §5.2 makes such a record invalid anyway (TLSInnerPlaintext has at least the
//! content-type byte), so it is refused here, before decryption, as an I/O error of
//! kind `InvalidData`.

use embedded_io::{ErrorKind, ErrorType};

/// `application_data`, the outer type of every protected TLS 1.3 record.
const APPLICATION_DATA: u8 = 23;
/// Smallest protected record: one content-type byte plus the 16-byte GCM tag.
const MIN_PROTECTED_LEN: usize = 17;
const HEADER_LEN: usize = 5;

/// Tracks record boundaries in the bytes read from the server.
#[derive(Debug, Default)]
struct Boundaries {
    header: [u8; HEADER_LEN],
    header_have: usize,
    body_left: usize,
}

impl Boundaries {
    /// Looks at `bytes`, the next bytes of the server's stream.
    fn inspect(&mut self, mut bytes: &[u8]) -> Result<(), ()> {
        while !bytes.is_empty() {
            if self.body_left > 0 {
                let n = self.body_left.min(bytes.len());
                self.body_left = self.body_left.saturating_sub(n);
                bytes = bytes.get(n..).unwrap_or(&[]);
                continue;
            }
            let want = HEADER_LEN.saturating_sub(self.header_have);
            let n = want.min(bytes.len());
            let (take, rest) = bytes.split_at(n);
            if let Some(slot) = self
                .header
                .get_mut(self.header_have..self.header_have.saturating_add(n))
            {
                slot.copy_from_slice(take);
            }
            self.header_have = self.header_have.saturating_add(n);
            bytes = rest;
            if self.header_have == HEADER_LEN {
                self.header_have = 0;
                let [content_type, _, _, hi, lo] = self.header;
                let len = usize::from(u16::from_be_bytes([hi, lo]));
                if content_type == APPLICATION_DATA && len < MIN_PROTECTED_LEN {
                    return Err(());
                }
                self.body_left = len;
            }
        }
        Ok(())
    }
}

/// The TCP stream under TLS, with [`Boundaries`] applied to what it reads.
pub(crate) struct RecordGuard<S> {
    inner: S,
    boundaries: Boundaries,
}

impl<S> RecordGuard<S> {
    pub(crate) fn new(inner: S) -> Self {
        Self {
            inner,
            boundaries: Boundaries::default(),
        }
    }

    pub(crate) fn into_inner(self) -> S {
        self.inner
    }

    fn check<E>(&mut self, buf: &[u8], n: usize) -> Result<usize, RecordGuardError<E>> {
        self.boundaries
            .inspect(buf.get(..n).unwrap_or(buf))
            .map_err(|()| RecordGuardError::MalformedRecord)?;
        Ok(n)
    }
}

/// A [`RecordGuard`] failure; `embedded-tls` keeps only its kind.
#[derive(Debug)]
pub(crate) enum RecordGuardError<E> {
    Io(E),
    MalformedRecord,
}

impl<E: core::fmt::Display> core::fmt::Display for RecordGuardError<E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Io(e) => e.fmt(f),
            Self::MalformedRecord => f.write_str("protected TLS record too short"),
        }
    }
}

impl<E: core::fmt::Debug + core::fmt::Display> core::error::Error for RecordGuardError<E> {}

impl<E: embedded_io::Error> embedded_io::Error for RecordGuardError<E> {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Io(e) => e.kind(),
            Self::MalformedRecord => ErrorKind::InvalidData,
        }
    }
}

impl<S: ErrorType> ErrorType for RecordGuard<S> {
    type Error = RecordGuardError<S::Error>;
}

impl<S: embedded_io::Read> embedded_io::Read for RecordGuard<S> {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Self::Error> {
        let n = self.inner.read(buf).map_err(RecordGuardError::Io)?;
        self.check(buf, n)
    }
}

impl<S: embedded_io::Write> embedded_io::Write for RecordGuard<S> {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Self::Error> {
        self.inner.write(buf).map_err(RecordGuardError::Io)
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush().map_err(RecordGuardError::Io)
    }
}

impl<S: embedded_io_async::Read> embedded_io_async::Read for RecordGuard<S> {
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, Self::Error> {
        let n = self.inner.read(buf).await.map_err(RecordGuardError::Io)?;
        self.check(buf, n)
    }
}

impl<S: embedded_io_async::Write> embedded_io_async::Write for RecordGuard<S> {
    async fn write(&mut self, buf: &[u8]) -> Result<usize, Self::Error> {
        self.inner.write(buf).await.map_err(RecordGuardError::Io)
    }
    async fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush().await.map_err(RecordGuardError::Io)
    }
}

/// Runs the record-boundary check over `chunks`, the server's bytes as
/// successive reads delivered them (the unit tests and the
/// `tls_record_guard` fuzz target).
#[cfg(any(test, fuzzing))]
pub fn inspect_all(chunks: &[&[u8]]) -> Result<(), ()> {
    let mut b = Boundaries::default();
    chunks.iter().try_for_each(|c| b.inspect(c))
}
