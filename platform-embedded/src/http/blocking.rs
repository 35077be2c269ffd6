//! Blocking client: the read/write loop over `embedded_io::{Read, Write}`.

use embedded_io::{ErrorKind, Read, Write};
use threeds_core::platform::HttpResponse;

use super::{ClientError, HttpError, Limits, Post, ResponseReader, Watchdog};

/// Sends `post` over `stream` (already connected, already TLS) and reads the response.
///
/// `scratch` first holds the encoded request head, then the response head, then raw body
/// bytes; it bounds the response head (with `limits`). The decoded body lands at the start
/// of `response_body`, whose length is the body limit. Reads stop once the body is
/// complete; the request says `Connection: close`, so drop the stream afterwards.
///
/// # Errors
/// [`ClientError::Http`] for request/response violations, [`ClientError::Io`] for stream
/// errors, [`ClientError::TimedOut`] when the watchdog gives up,
/// [`ClientError::ConnectionClosed`] when the peer stops accepting the request.
pub fn post<S: Read + Write, W: Watchdog>(
    stream: &mut S,
    post: &Post<'_>,
    scratch: &mut [u8],
    response_body: &mut [u8],
    limits: &Limits,
    watchdog: &mut W,
) -> Result<HttpResponse, ClientError<S::Error>> {
    let head_len = post.encode_head(scratch)?;
    write_all(stream, scratch.get(..head_len).unwrap_or(&[]), watchdog)?;
    write_all(stream, post.body, watchdog)?;
    retry(watchdog, || stream.flush())?;
    read_response(stream, scratch, response_body, limits, watchdog)
}

/// Reads one response from `stream`; see [`post`] for the buffers.
///
/// # Errors
/// As [`post`].
pub fn read_response<S: Read, W: Watchdog>(
    stream: &mut S,
    scratch: &mut [u8],
    response_body: &mut [u8],
    limits: &Limits,
    watchdog: &mut W,
) -> Result<HttpResponse, ClientError<S::Error>> {
    let mut reader = ResponseReader::new(*limits);
    loop {
        let buf = reader.read_buffer(scratch)?;
        let n = retry(watchdog, || stream.read(buf))?;
        if n == 0 {
            return Ok(reader.finish()?);
        }
        watchdog.on_progress();
        if let Some(response) = reader.advance(n, scratch, response_body)? {
            return Ok(response);
        }
    }
}

fn write_all<S: Write, W: Watchdog>(
    stream: &mut S,
    mut data: &[u8],
    watchdog: &mut W,
) -> Result<(), ClientError<S::Error>> {
    while !data.is_empty() {
        let n = retry(watchdog, || stream.write(data))?;
        if n == 0 {
            return Err(ClientError::ConnectionClosed);
        }
        watchdog.on_progress();
        data = data.get(n..).unwrap_or(&[]);
    }
    Ok(())
}

/// Runs one stream operation, retrying stream timeouts for as long as the watchdog allows.
fn retry<T, E: embedded_io::Error, W: Watchdog>(
    watchdog: &mut W,
    mut op: impl FnMut() -> Result<T, E>,
) -> Result<T, ClientError<E>> {
    loop {
        watchdog.check().map_err(|_| ClientError::TimedOut)?;
        match op() {
            Ok(v) => return Ok(v),
            Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::Interrupted) => {
                watchdog.on_stall().map_err(|_| ClientError::TimedOut)?;
            }
            Err(e) => return Err(ClientError::Io(e)),
        }
    }
}

impl<E> From<HttpError> for ClientError<E> {
    fn from(e: HttpError) -> Self {
        Self::Http(e)
    }
}
