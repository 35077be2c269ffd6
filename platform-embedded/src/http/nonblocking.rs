//! Async client: the read/write loop over `embedded_io_async::{Read, Write}`.

use embedded_io_async::{Read, Write};
use threeds_core::platform::HttpResponse;

use super::{ClientError, Limits, Post, ResponseReader};

/// The async twin of [`blocking::post`](super::blocking::post), over `embedded-io-async`.
///
/// There is no watchdog: bound the future with your executor's timer instead (for
/// example `embassy_time::with_timeout`), which also cancels a read that never returns.
/// Stream errors, including `TimedOut`, are final.
///
/// # Errors
/// As [`blocking::post`](super::blocking::post), without [`ClientError::TimedOut`].
pub async fn post<S: Read + Write>(
    stream: &mut S,
    post: &Post<'_>,
    scratch: &mut [u8],
    response_body: &mut [u8],
    limits: &Limits,
) -> Result<HttpResponse, ClientError<S::Error>> {
    let head_len = post.encode_head(scratch)?;
    write_all(stream, scratch.get(..head_len).unwrap_or(&[])).await?;
    write_all(stream, post.body).await?;
    stream.flush().await.map_err(ClientError::Io)?;
    read_response(stream, scratch, response_body, limits).await
}

/// Reads one response; see [`post`].
///
/// # Errors
/// As [`post`].
pub async fn read_response<S: Read>(
    stream: &mut S,
    scratch: &mut [u8],
    response_body: &mut [u8],
    limits: &Limits,
) -> Result<HttpResponse, ClientError<S::Error>> {
    let mut reader = ResponseReader::new(*limits);
    loop {
        let buf = reader.read_buffer(scratch)?;
        let n = stream.read(buf).await.map_err(ClientError::Io)?;
        if n == 0 {
            return Ok(reader.finish()?);
        }
        if let Some(response) = reader.advance(n, scratch, response_body)? {
            return Ok(response);
        }
    }
}

async fn write_all<S: Write>(stream: &mut S, mut data: &[u8]) -> Result<(), ClientError<S::Error>> {
    while !data.is_empty() {
        let n = stream.write(data).await.map_err(ClientError::Io)?;
        if n == 0 {
            return Err(ClientError::ConnectionClosed);
        }
        data = data.get(n..).unwrap_or(&[]);
    }
    Ok(())
}
