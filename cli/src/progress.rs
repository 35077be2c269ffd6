//! A progress line on stderr while a request is in flight, so a person at a
//! terminal sees that the tool waits for the ACS (and for how long) rather
//! than hangs. Off when stderr is not a terminal (scripts, logs) or when the
//! caller asks for quiet output (`--json`).

use std::io::{IsTerminal as _, Write as _};
use std::sync::mpsc;
use std::time::Instant;

use threeds_core::platform::{HttpRequest, HttpResponse, TlsEvents, Transport};

/// How often the elapsed time is redrawn.
const TICK: core::time::Duration = core::time::Duration::from_millis(250);

/// A [`Transport`] that shows `waiting for HOST… N s` on stderr during each
/// POST and erases it when the answer (or the failure) arrives. The wait
/// itself is bounded by the inner transport's deadline.
pub struct Progress<T> {
    inner: T,
    enabled: bool,
}

impl<T> Progress<T> {
    /// Wraps `inner`; the line is shown only if `wanted` and stderr is a terminal.
    pub fn new(inner: T, wanted: bool) -> Self {
        Self {
            inner,
            enabled: wanted && std::io::stderr().is_terminal(),
        }
    }
}

/// The host (and port) of an `https://host:port/path` URL, for the line.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
}

impl<T> Progress<T> {
    /// Runs `send` with the line drawn until it returns.
    fn shown<R>(&mut self, url: &str, send: impl FnOnce(&mut T) -> R) -> R {
        if !self.enabled {
            return send(&mut self.inner);
        }
        let host = host(url);
        let inner = &mut self.inner;
        std::thread::scope(|scope| {
            let (done, wait) = mpsc::channel::<()>();
            scope.spawn(move || {
                let start = Instant::now();
                let mut err = std::io::stderr().lock();
                loop {
                    // Drawing can only fail if stderr is gone; nothing to report then.
                    let _ = write!(
                        err,
                        "\r\x1b[2Kwaiting for {host}… {} s",
                        start.elapsed().as_secs()
                    );
                    let _ = err.flush();
                    if !matches!(
                        wait.recv_timeout(TICK),
                        Err(mpsc::RecvTimeoutError::Timeout)
                    ) {
                        break;
                    }
                }
                let _ = write!(err, "\r\x1b[2K");
                let _ = err.flush();
            });
            // The request runs on this thread, so TLS events reach the
            // caller's sink (and its verdict) as without the line.
            let result = send(inner);
            // Dropping the sender ends the ticker; the scope joins it.
            drop(done);
            result
        })
    }
}

impl<T: Transport> Transport for Progress<T> {
    type Error = T::Error;

    fn post(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
    ) -> Result<HttpResponse, Self::Error> {
        self.shown(request.url, |inner| inner.post(request, response_body))
    }

    fn post_with_tls_events(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
        tls: &mut dyn TlsEvents,
    ) -> Result<HttpResponse, Self::Error> {
        self.shown(request.url, |inner| {
            inner.post_with_tls_events(request, response_body, tls)
        })
    }

    fn post_growing(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut Vec<u8>,
        max_len: usize,
        tls: Option<&mut dyn TlsEvents>,
    ) -> Result<HttpResponse, Self::Error> {
        self.shown(request.url, |inner| {
            inner.post_growing(request, response_body, max_len, tls)
        })
    }

    fn setting(&self, name: &str, out: &mut dyn core::fmt::Write) -> bool {
        self.inner.setting(name, out)
    }

    fn configure(&mut self, name: &str, value: &str) -> Option<Result<(), Self::Error>> {
        self.inner.configure(name, value)
    }

    fn reset_settings(&mut self) {
        self.inner.reset_settings();
    }
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn host_of_urls() {
        assert_eq!(host("https://127.0.0.1:8443/acs/1"), "127.0.0.1:8443");
        assert_eq!(host("https://acs.example"), "acs.example");
    }
}
