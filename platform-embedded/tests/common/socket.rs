//! std sockets behind the client's traits, for the tests on real loopback TCP.

use std::net::TcpStream;

use embedded_io::ErrorKind;
use embedded_io_adapters::std::FromStd;
use threeds_core::platform::{Clock, TransportError, TransportErrorKind};

/// Wall clock: Unix time from the system, monotonic time since the given instant.
pub struct StdClock(pub std::time::Instant);

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

/// A failed TCP connect, as the transport's connection error.
#[derive(Debug)]
pub struct IoFailure(pub std::io::Error);

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

/// The std bridge plus the one thing a stream owes the transport: a socket read timeout
/// must surface as `TimedOut`. std reports it as `WouldBlock`, which embedded-io (having
/// no such kind) would turn into `Other`.
pub struct TimeoutStream(pub FromStd<TcpStream>);

/// std's timeout kinds as `TimedOut`, any other error as embedded-io maps it.
pub fn map_timeout(e: std::io::Error) -> ErrorKind {
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
