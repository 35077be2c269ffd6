//! TLS 1.3 streams over a caller's TCP stream, blocking and async.

use embedded_io::{ErrorType, Read, Write};
use embedded_tls::{TlsConfig, TlsContext, TlsError};
use rand_core::TryCryptoRng;

use super::provider::{Provider, client_config};
use super::record_guard::RecordGuard;
use super::rng::HandshakeRng;
use super::verifier::{ServerAuth, ServerVerifier};
use super::{CipherSuite, TlsFailure};

/// A blocking TLS 1.3 client connection: plaintext `embedded-io` on top, TLS on `S`.
///
/// Reads return `Ok(0)` only after the server's `close_notify`; a TCP close without
/// it is [`TlsFailure::Closed`] (a truncated response never looks complete).
pub struct TlsStream<'b, S: Read + Write> {
    conn: embedded_tls::blocking::TlsConnection<'b, RecordGuard<S>, CipherSuite>,
}

impl<'b, S: Read + Write> TlsStream<'b, S> {
    /// Runs the handshake over `tcp` with `host` (SNI and certificate name), authenticating
    /// the server with `auth`. `rx` holds one incoming TLS record (use
    /// [`RX_BUFFER_LEN`](super::RX_BUFFER_LEN)), `tx` outgoing records
    /// (see [`TX_BUFFER_LEN`](super::TX_BUFFER_LEN)).
    ///
    /// A stream `TimedOut` during the handshake is final: give `tcp` a read timeout as
    /// long as the whole handshake may take, or use [`TlsTransport`](super::TlsTransport),
    /// which retries short socket timeouts beneath TLS.
    ///
    /// # Errors
    /// [`TlsFailure::Rng`] when `rng` fails, [`TlsFailure::Certificate`] when the server
    /// is not authenticated, [`TlsFailure::ProtocolVersion`] for a server without TLS 1.3,
    /// otherwise the alert, protocol or I/O failure.
    pub fn connect<R: TryCryptoRng + ?Sized>(
        tcp: S,
        host: &str,
        auth: &ServerAuth<'_>,
        rng: &mut R,
        rx: &'b mut [u8],
        tx: &'b mut [u8],
    ) -> Result<Self, TlsFailure> {
        let (mut provider, config) = handshake_setup(host, *auth, rng)?;
        let mut conn = embedded_tls::blocking::TlsConnection::new(RecordGuard::new(tcp), rx, tx);
        conn.open(TlsContext::new(&config, &mut provider))
            .map_err(|e| provider.failure(e))?;
        provider.require_authenticated()?;
        Ok(Self { conn })
    }

    /// Sends `close_notify` and returns the TCP stream.
    ///
    /// # Errors
    /// The failure to send it (the TCP stream is dropped).
    pub fn close(self) -> Result<S, TlsFailure> {
        self.conn
            .close()
            .map(RecordGuard::into_inner)
            .map_err(|(_, e)| TlsFailure::from_tls(e))
    }
}

impl<S: Read + Write> ErrorType for TlsStream<'_, S> {
    type Error = TlsFailure;
}

impl<S: Read + Write> Read for TlsStream<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, TlsFailure> {
        read_result(self.conn.read(buf))
    }
}

impl<S: Read + Write> Write for TlsStream<'_, S> {
    fn write(&mut self, buf: &[u8]) -> Result<usize, TlsFailure> {
        self.conn.write(buf).map_err(TlsFailure::from_tls)
    }

    fn flush(&mut self) -> Result<(), TlsFailure> {
        self.conn.flush().map_err(TlsFailure::from_tls)
    }
}

/// An async TLS 1.3 client connection: plaintext `embedded-io-async` on top.
///
/// Same rules as [`TlsStream`]; bound the futures with the executor's timer.
pub struct AsyncTlsStream<'b, S: embedded_io_async::Read + embedded_io_async::Write> {
    conn: embedded_tls::TlsConnection<'b, RecordGuard<S>, CipherSuite>,
}

impl<'b, S: embedded_io_async::Read + embedded_io_async::Write> AsyncTlsStream<'b, S> {
    /// The async twin of [`TlsStream::connect`].
    ///
    /// # Errors
    /// As [`TlsStream::connect`].
    pub async fn connect<R: TryCryptoRng + ?Sized>(
        tcp: S,
        host: &str,
        auth: &ServerAuth<'_>,
        rng: &mut R,
        rx: &'b mut [u8],
        tx: &'b mut [u8],
    ) -> Result<Self, TlsFailure> {
        let (mut provider, config) = handshake_setup(host, *auth, rng)?;
        let mut conn = embedded_tls::TlsConnection::new(RecordGuard::new(tcp), rx, tx);
        let opened = conn.open(TlsContext::new(&config, &mut provider)).await;
        opened.map_err(|e| provider.failure(e))?;
        provider.require_authenticated()?;
        Ok(Self { conn })
    }

    /// Sends `close_notify` and returns the TCP stream.
    ///
    /// # Errors
    /// The failure to send it (the TCP stream is dropped).
    pub async fn close(self) -> Result<S, TlsFailure> {
        self.conn
            .close()
            .await
            .map(RecordGuard::into_inner)
            .map_err(|(_, e)| TlsFailure::from_tls(e))
    }
}

impl<S: embedded_io_async::Read + embedded_io_async::Write> ErrorType for AsyncTlsStream<'_, S> {
    type Error = TlsFailure;
}

impl<S: embedded_io_async::Read + embedded_io_async::Write> embedded_io_async::Read
    for AsyncTlsStream<'_, S>
{
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, TlsFailure> {
        read_result(self.conn.read(buf).await)
    }
}

impl<S: embedded_io_async::Read + embedded_io_async::Write> embedded_io_async::Write
    for AsyncTlsStream<'_, S>
{
    async fn write(&mut self, buf: &[u8]) -> Result<usize, TlsFailure> {
        self.conn.write(buf).await.map_err(TlsFailure::from_tls)
    }

    async fn flush(&mut self) -> Result<(), TlsFailure> {
        self.conn.flush().await.map_err(TlsFailure::from_tls)
    }
}

/// What both `connect`s hand `embedded-tls`: a provider seeded from the caller's `rng`
/// that authenticates `host` with `auth`, and the ClientHello settings for `host`.
fn handshake_setup<'a, R: TryCryptoRng + ?Sized>(
    host: &'a str,
    auth: ServerAuth<'a>,
    rng: &mut R,
) -> Result<(Provider<'a>, TlsConfig<'a>), TlsFailure> {
    let provider = Provider {
        rng: HandshakeRng::seed_from(rng)?,
        verifier: ServerVerifier::new(auth, host),
    };
    Ok((provider, client_config(host)))
}

/// `close_notify` is the only clean end of a TLS stream.
fn read_result(r: Result<usize, TlsError>) -> Result<usize, TlsFailure> {
    match r {
        Ok(n) => Ok(n),
        Err(TlsError::ConnectionClosed) => Ok(0),
        Err(e) => Err(TlsFailure::from_tls(e)),
    }
}
