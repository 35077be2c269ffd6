use super::request::is_tchar;
use super::{HttpError, Limits};

/// Result of feeding a parser: done, or it needs more bytes. `Partial` is never an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status<T> {
    /// The input held a complete item.
    Complete(T),
    /// The input is a valid prefix; call again with more bytes.
    Partial,
}

/// How the response body is delimited (RFC 9112 §6.3, for a response to a POST).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// No body: `1xx`, `204` and `304` responses.
    Empty,
    /// Exactly this many bytes (`Content-Length`).
    Length(u64),
    /// `Transfer-Encoding: chunked`.
    Chunked,
    /// Neither header: the body runs until the server closes the connection.
    UntilClose,
}

/// A parsed response head, borrowing the header lines from the input buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseHead<'a> {
    /// `x` in `HTTP/1.x`.
    pub minor_version: u8,
    /// The status code (100–999).
    pub status: u16,
    /// The reason phrase (may be empty; may hold obs-text bytes).
    pub reason: &'a [u8],
    /// Bytes of the head including the final blank line; the body starts here.
    pub len: usize,
    /// Number of header fields.
    pub header_count: usize,
    /// The body framing the headers announce.
    pub framing: Framing,
    /// The header lines, each terminated by CRLF, already validated.
    header_block: &'a [u8],
}

/// One header field of a parsed head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'a> {
    /// The field name as sent (compare with `eq_ignore_ascii_case`).
    pub name: &'a str,
    /// The value without surrounding whitespace.
    pub value: &'a [u8],
}

impl<'a> ResponseHead<'a> {
    /// The header fields in order.
    pub fn headers(&self) -> Headers<'a> {
        Headers {
            rest: self.header_block,
        }
    }

    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&'a [u8]> {
        self.headers()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value)
    }
}

/// Iterator over the header fields of a [`ResponseHead`].
#[derive(Debug, Clone)]
pub struct Headers<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Headers<'a> {
    type Item = Header<'a>;

    fn next(&mut self) -> Option<Header<'a>> {
        let lf = self.rest.iter().position(|&b| b == b'\n')?;
        let (line, rest) = self.rest.split_at_checked(lf.saturating_add(1))?;
        self.rest = rest;
        let line = line.strip_suffix(b"\r\n").unwrap_or(line);
        let (name, value) = split_field(line)?;
        Some(Header {
            name: core::str::from_utf8(name).unwrap_or(""),
            value,
        })
    }
}

/// Parses a response head from the start of `buf`.
///
/// Complete lines are validated as soon as they arrive, so a prefix of a valid head is
/// `Partial` and a prefix that already contains a bad line fails with the same error as the
/// whole input would. The head may not exceed `limits.max_header_bytes` or carry more than
/// `limits.max_headers` fields.
///
/// # Errors
/// [`HttpError::StatusLine`], [`HttpError::MalformedHeader`],
/// [`HttpError::HeadersTooLarge`], [`HttpError::TooManyHeaders`],
/// [`HttpError::MalformedContentLength`], [`HttpError::UnsupportedTransferEncoding`].
pub fn parse_response_head<'a>(
    buf: &'a [u8],
    limits: &Limits,
) -> Result<Status<ResponseHead<'a>>, HttpError> {
    let Some((status_line, mut pos)) = next_line(buf, 0, limits)? else {
        return Ok(Status::Partial);
    };
    let (minor_version, status, reason) = parse_status_line(status_line)?;
    let headers_start = pos;
    let mut header_count: usize = 0;
    let mut framing = FramingHeaders::default();
    loop {
        let Some((line, next)) = next_line(buf, pos, limits)? else {
            return Ok(Status::Partial);
        };
        if line.is_empty() {
            let header_block = buf.get(headers_start..pos).unwrap_or(&[]);
            let framing = framing.resolve(status)?;
            let head = ResponseHead {
                minor_version,
                status,
                reason,
                len: next,
                header_count,
                framing,
                header_block,
            };
            return Ok(Status::Complete(head));
        }
        header_count = header_count.saturating_add(1);
        if header_count > limits.max_headers {
            return Err(HttpError::TooManyHeaders);
        }
        let (name, value) = split_field(line).ok_or(HttpError::MalformedHeader)?;
        framing.observe(name, value)?;
        pos = next;
    }
}

/// The line starting at `start` without its CRLF, and the index after the CRLF;
/// `None` when the line is incomplete.
fn next_line<'a>(
    buf: &'a [u8],
    start: usize,
    limits: &Limits,
) -> Result<Option<(&'a [u8], usize)>, HttpError> {
    let rest = buf.get(start..).unwrap_or(&[]);
    let Some(lf) = rest.iter().position(|&b| b == b'\n') else {
        if buf.len() >= limits.max_header_bytes {
            return Err(HttpError::HeadersTooLarge);
        }
        return Ok(None);
    };
    let next = start.saturating_add(lf).saturating_add(1);
    if next > limits.max_header_bytes {
        return Err(HttpError::HeadersTooLarge);
    }
    let line = rest.get(..lf).unwrap_or(&[]);
    // Only CRLF ends a line; a bare LF or CR is a framing ambiguity we refuse.
    let line = line.strip_suffix(b"\r").ok_or(HttpError::MalformedHeader)?;
    if line.contains(&b'\r') {
        return Err(HttpError::MalformedHeader);
    }
    Ok(Some((line, next)))
}

fn parse_status_line(line: &[u8]) -> Result<(u8, u16, &[u8]), HttpError> {
    let rest = line.strip_prefix(b"HTTP/1.").ok_or(HttpError::StatusLine)?;
    let (minor, rest) = match rest {
        [m @ (b'0' | b'1'), b' ', rest @ ..] => (m.saturating_sub(b'0'), rest),
        _ => return Err(HttpError::StatusLine),
    };
    let (code, reason) = match rest {
        [a, b, c] => ([*a, *b, *c], &[][..]),
        [a, b, c, b' ', reason @ ..] => ([*a, *b, *c], reason),
        _ => return Err(HttpError::StatusLine),
    };
    let mut status: u16 = 0;
    for d in code {
        if !d.is_ascii_digit() {
            return Err(HttpError::StatusLine);
        }
        status = status
            .saturating_mul(10)
            .saturating_add(u16::from(d.saturating_sub(b'0')));
    }
    if status < 100 || !reason.iter().all(|&b| is_value_byte(b)) {
        return Err(HttpError::StatusLine);
    }
    Ok((minor, status, reason))
}

/// Splits `name: value`, trimming optional whitespace around the value.
fn split_field(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = line.get(..colon)?;
    let value = line.get(colon.saturating_add(1)..)?;
    if name.is_empty()
        || !name.iter().all(|&b| is_tchar(b))
        || !value.iter().all(|&b| is_value_byte(b))
    {
        return None;
    }
    Some((name, trim_ows(value)))
}

/// HTAB, SP, VCHAR and obs-text.
fn is_value_byte(b: u8) -> bool {
    b == b'\t' || b == b' ' || b.is_ascii_graphic() || b >= 0x80
}

pub(crate) fn trim_ows(mut v: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = v {
        v = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = v {
        v = rest;
    }
    v
}

/// What the framing headers said so far.
#[derive(Default)]
struct FramingHeaders {
    content_length: Option<u64>,
    transfer_encoding_seen: bool,
    chunked_count: u8,
}

impl FramingHeaders {
    fn observe(&mut self, name: &[u8], value: &[u8]) -> Result<(), HttpError> {
        if name.eq_ignore_ascii_case(b"content-length") {
            // A list of identical values ("5, 5") is tolerated (RFC 9110 §8.6); anything else is not.
            for item in value.split(|&b| b == b',') {
                let n = parse_decimal(trim_ows(item)).ok_or(HttpError::MalformedContentLength)?;
                if self.content_length.is_some_and(|prev| prev != n) {
                    return Err(HttpError::MalformedContentLength);
                }
                self.content_length = Some(n);
            }
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            self.transfer_encoding_seen = true;
            for item in value
                .split(|&b| b == b',')
                .map(trim_ows)
                .filter(|i| !i.is_empty())
            {
                if !item.eq_ignore_ascii_case(b"chunked") {
                    return Err(HttpError::UnsupportedTransferEncoding);
                }
                self.chunked_count = self.chunked_count.saturating_add(1);
            }
        }
        Ok(())
    }

    fn resolve(&self, status: u16) -> Result<Framing, HttpError> {
        if (100..200).contains(&status) || status == 204 || status == 304 {
            return Ok(Framing::Empty);
        }
        if self.transfer_encoding_seen {
            // Transfer-Encoding overrides Content-Length (RFC 9112 §6.3); chunked exactly once.
            return match self.chunked_count {
                1 => Ok(Framing::Chunked),
                _ => Err(HttpError::UnsupportedTransferEncoding),
            };
        }
        Ok(self
            .content_length
            .map_or(Framing::UntilClose, Framing::Length))
    }
}

fn parse_decimal(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |acc, &d| {
        if !d.is_ascii_digit() {
            return None;
        }
        acc.checked_mul(10)?
            .checked_add(u64::from(d.saturating_sub(b'0')))
    })
}
