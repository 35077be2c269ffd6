//! A stream whose every operation answers to a [`Watchdog`].

use core::fmt;

use embedded_io::{ErrorKind, ErrorType, Read, Write};

use super::Watchdog;

/// A stream that retries its own short timeouts while the watchdog allows, and fails
/// with [`WatchedError::TimedOut`] once it does not.
///
/// Both transports put it directly on the connected stream, so that the one deadline
/// covers everything above it: a TLS handshake and records included. It must sit
/// *beneath* TLS: a `TimedOut` surfacing inside `embedded-tls` in the middle of a record
/// loses the bytes read so far, so the TLS stream could not resume.
pub struct Watched<S, W> {
    inner: S,
    watchdog: W,
}

impl<S, W> Watched<S, W> {
    /// Watches `inner` with `watchdog`.
    pub fn new(inner: S, watchdog: W) -> Self {
        Self { inner, watchdog }
    }

    /// The stream and the watchdog.
    pub fn into_parts(self) -> (S, W) {
        (self.inner, self.watchdog)
    }
}

/// A [`Watched`] stream failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchedError<E> {
    /// The stream failed (not one of its own timeouts).
    Io(E),
    /// The watchdog's deadline passed.
    TimedOut,
}

impl<E: fmt::Display> fmt::Display for WatchedError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => e.fmt(f),
            Self::TimedOut => f.write_str("timed out"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> core::error::Error for WatchedError<E> {}

impl<E: embedded_io::Error> embedded_io::Error for WatchedError<E> {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Io(e) => e.kind(),
            Self::TimedOut => ErrorKind::TimedOut,
        }
    }
}

impl<S: ErrorType, W> ErrorType for Watched<S, W> {
    type Error = WatchedError<S::Error>;
}

impl<S: ErrorType, W: Watchdog> Watched<S, W> {
    /// The one watchdog loop: check, run, retry the stream's own timeouts.
    fn retry<T>(
        &mut self,
        mut op: impl FnMut(&mut S) -> Result<T, S::Error>,
        moved: impl Fn(&T) -> bool,
    ) -> Result<T, WatchedError<S::Error>> {
        use embedded_io::Error as _;
        loop {
            self.watchdog.check().map_err(|_| WatchedError::TimedOut)?;
            match op(&mut self.inner) {
                Ok(v) => {
                    if moved(&v) {
                        self.watchdog.on_progress();
                    }
                    return Ok(v);
                }
                Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::Interrupted) => {
                    self.watchdog
                        .on_stall()
                        .map_err(|_| WatchedError::TimedOut)?;
                }
                Err(e) => return Err(WatchedError::Io(e)),
            }
        }
    }
}

impl<S: Read, W: Watchdog> Read for Watched<S, W> {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Self::Error> {
        self.retry(|s| s.read(buf), |n| *n > 0)
    }
}

impl<S: Write, W: Watchdog> Write for Watched<S, W> {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Self::Error> {
        self.retry(|s| s.write(buf), |n| *n > 0)
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.retry(Write::flush, |()| false)
    }
}
