//! Scripted in-memory streams and a manual clock for the client tests; `socket` holds
//! the std plumbing of the tests on real loopback sockets.
#![allow(dead_code)]

pub mod hostile;
pub mod socket;

use core::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;

use embedded_io::{ErrorKind, ErrorType};
use threeds_core::platform::Clock;

/// One scripted event on the read side.
#[derive(Debug, Clone)]
pub enum Step {
    /// Bytes that become readable (delivered in reads of at most `max_read` bytes).
    Data(Vec<u8>),
    /// The peer is silent: the clock advances and the read reports `TimedOut`.
    Stall { advance_ms: u64 },
    /// The read fails with this kind.
    Fail(ErrorKind),
}

/// A clock the test moves by hand; clones share the time.
#[derive(Debug, Clone, Default)]
pub struct ManualClock(pub Rc<Cell<u64>>);

impl ManualClock {
    pub fn advance(&self, ms: u64) {
        self.0.set(self.0.get() + ms);
    }
}

impl Clock for ManualClock {
    fn now_unix(&self) -> u64 {
        1_700_000_000 + self.0.get() / 1000
    }
    fn monotonic_ms(&self) -> u64 {
        self.0.get()
    }
}

/// An `embedded-io` stream reading from a script and recording what is written.
#[derive(Debug, Default)]
pub struct MockStream {
    pub steps: VecDeque<Step>,
    pub written: Vec<u8>,
    pub clock: ManualClock,
    /// Upper bound on bytes per read (0 = unbounded).
    pub max_read: usize,
    /// Upper bound on bytes per write (0 = unbounded).
    pub max_write: usize,
    /// When the script is exhausted: stall forever instead of EOF.
    pub stall_at_end: bool,
    /// Writes return 0 (peer gone).
    pub refuse_writes: bool,
    pub reads: usize,
}

impl MockStream {
    pub fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        Self {
            steps: steps.into_iter().collect(),
            ..Self::default()
        }
    }

    /// The response delivered in the given fragments, then EOF.
    pub fn fragments<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Self {
        Self::new(parts.into_iter().map(|p| Step::Data(p.to_vec())))
    }

    fn read_impl(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        self.reads += 1;
        assert!(self.reads < 1_000_000, "client loops on the stream");
        loop {
            match self.steps.front_mut() {
                None if self.stall_at_end => {
                    self.clock.advance(1000);
                    return Err(ErrorKind::TimedOut);
                }
                None => return Ok(0),
                Some(Step::Data(d)) if d.is_empty() => {
                    self.steps.pop_front();
                }
                Some(Step::Data(d)) => {
                    let mut n = d.len().min(buf.len());
                    if self.max_read > 0 {
                        n = n.min(self.max_read);
                    }
                    buf[..n].copy_from_slice(&d[..n]);
                    d.drain(..n);
                    return Ok(n);
                }
                Some(Step::Stall { advance_ms }) => {
                    let ms = *advance_ms;
                    self.steps.pop_front();
                    self.clock.advance(ms);
                    return Err(ErrorKind::TimedOut);
                }
                Some(Step::Fail(kind)) => {
                    let kind = *kind;
                    self.steps.pop_front();
                    return Err(kind);
                }
            }
        }
    }

    fn write_impl(&mut self, buf: &[u8]) -> Result<usize, ErrorKind> {
        if self.refuse_writes {
            return Ok(0);
        }
        let mut n = buf.len();
        if self.max_write > 0 {
            n = n.min(self.max_write);
        }
        self.written.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl ErrorType for MockStream {
    type Error = ErrorKind;
}

impl embedded_io::Read for MockStream {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        self.read_impl(buf)
    }
}

impl embedded_io::Write for MockStream {
    fn write(&mut self, buf: &[u8]) -> Result<usize, ErrorKind> {
        self.write_impl(buf)
    }
    fn flush(&mut self) -> Result<(), ErrorKind> {
        Ok(())
    }
}

impl embedded_io_async::Read for MockStream {
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        self.read_impl(buf)
    }
}

impl embedded_io_async::Write for MockStream {
    async fn write(&mut self, buf: &[u8]) -> Result<usize, ErrorKind> {
        self.write_impl(buf)
    }
    async fn flush(&mut self) -> Result<(), ErrorKind> {
        Ok(())
    }
}

/// Polls a future that never waits on anything external (a mock or a blocking socket
/// is always ready).
pub fn block_on<F: core::future::Future>(fut: F) -> F::Output {
    let mut fut = core::pin::pin!(fut);
    let mut cx = core::task::Context::from_waker(core::task::Waker::noop());
    loop {
        if let core::task::Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

/// Canned responses used by several tests: (wire bytes, status, expected body).
pub fn canned_responses() -> Vec<(Vec<u8>, u16, Vec<u8>)> {
    let body = br#"{"messageType":"CRes","transStatus":"Y"}"#.to_vec();
    vec![
        (
            [
                format!("HTTP/1.1 200 OK\r\nContent-Type: application/jose\r\nContent-Length: {}\r\n\r\n", body.len())
                    .into_bytes(),
                body.clone(),
            ]
            .concat(),
            200,
            body.clone(),
        ),
        (
            [
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Trace: a b\r\n\r\n".to_vec(),
                chunk(&body[..5], ";ext=1;name=\"q\""),
                chunk(&body[5..31], ""),
                chunk(&body[31..], " ; last"),
                b"00\r\n\r\n".to_vec(),
            ]
            .concat(),
            200,
            body.clone(),
        ),
        (
            b"HTTP/1.1 201 Created\r\ntransfer-encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\nExpires: never\r\nX-A: 1\r\n\r\n"
                .to_vec(),
            201,
            b"abc".to_vec(),
        ),
        (b"HTTP/1.0 200 OK\r\nServer: acs\r\n\r\nuntil the end".to_vec(), 200, b"until the end".to_vec()),
        (b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n".to_vec(), 204, Vec::new()),
        (b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\noops!".to_vec(), 500, b"oops!".to_vec()),
        (
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno".to_vec(),
            404,
            b"no".to_vec(),
        ),
    ]
}

/// One chunk with the size in lowercase hex and the given extension text.
pub fn chunk(data: &[u8], ext: &str) -> Vec<u8> {
    [
        format!("{:x}{ext}\r\n", data.len()).into_bytes(),
        data.to_vec(),
        b"\r\n".to_vec(),
    ]
    .concat()
}
