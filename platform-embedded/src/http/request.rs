use super::{HttpError, Url};

/// One POST to send: the URL, the body and its content type, plus optional extra headers.
#[derive(Debug, Clone, Copy)]
pub struct Post<'a> {
    /// Where to send it.
    pub url: Url<'a>,
    /// `Content-Type` header value.
    pub content_type: &'a str,
    /// The request body, sent with `Content-Length`.
    pub body: &'a [u8],
    /// Additional `(name, value)` header fields, e.g. `User-Agent`. Names the client sets
    /// itself are refused with [`HttpError::InvalidRequest`].
    pub extra_headers: &'a [(&'a str, &'a str)],
}

/// Headers the client writes itself; an extra header with one of these names would
/// contradict the framing or the connection handling.
const RESERVED: [&str; 5] = [
    "host",
    "content-length",
    "content-type",
    "connection",
    "transfer-encoding",
];

impl Post<'_> {
    /// Writes the request head (request line, headers, blank line) into `out` and returns
    /// its length. The body is sent separately, right after it.
    ///
    /// # Errors
    /// [`HttpError::InvalidRequest`] when a header name or value could break the framing
    /// (control characters, CR/LF, a reserved name), [`HttpError::RequestTooLarge`] when
    /// the head does not fit `out`.
    pub fn encode_head(&self, out: &mut [u8]) -> Result<usize, HttpError> {
        if !is_field_value(self.content_type) {
            return Err(HttpError::InvalidRequest);
        }
        for (name, value) in self.extra_headers {
            let reserved = RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name));
            if reserved || !is_token(name) || !is_field_value(value) {
                return Err(HttpError::InvalidRequest);
            }
        }
        let mut w = Cursor { buf: out, pos: 0 };
        w.put(b"POST ")?;
        w.put(if self.url.path().is_empty() {
            b"/"
        } else {
            self.url.path().as_bytes()
        })?;
        if let Some(query) = self.url.query() {
            w.put(b"?")?;
            w.put(query.as_bytes())?;
        }
        w.put(b" HTTP/1.1\r\nHost: ")?;
        w.put(self.url.host_header_host().as_bytes())?;
        if self.url.has_explicit_port() {
            w.put(b":")?;
            w.put_decimal(u64::from(self.url.port()))?;
        }
        w.put(b"\r\nContent-Type: ")?;
        w.put(self.content_type.as_bytes())?;
        w.put(b"\r\nContent-Length: ")?;
        w.put_decimal(u64::try_from(self.body.len()).map_err(|_| HttpError::RequestTooLarge)?)?;
        w.put(b"\r\nConnection: close\r\n")?;
        for (name, value) in self.extra_headers {
            w.put(name.as_bytes())?;
            w.put(b": ")?;
            w.put(value.as_bytes())?;
            w.put(b"\r\n")?;
        }
        w.put(b"\r\n")?;
        Ok(w.pos)
    }
}

/// RFC 9110 `token`: the characters allowed in a header name.
pub(crate) fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

/// Printable ASCII, space and tab, without leading/trailing whitespace.
fn is_field_value(s: &str) -> bool {
    let inner_ok = s
        .bytes()
        .all(|b| b == b'\t' || b == b' ' || b.is_ascii_graphic());
    let trimmed = !s.starts_with([' ', '\t']) && !s.ends_with([' ', '\t']);
    inner_ok && trimmed
}

struct Cursor<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), HttpError> {
        let end = self
            .pos
            .checked_add(bytes.len())
            .ok_or(HttpError::RequestTooLarge)?;
        let dst = self
            .buf
            .get_mut(self.pos..end)
            .ok_or(HttpError::RequestTooLarge)?;
        dst.copy_from_slice(bytes);
        self.pos = end;
        Ok(())
    }

    fn put_decimal(&mut self, mut n: u64) -> Result<(), HttpError> {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start = start.saturating_sub(1);
            if let Some(d) = digits.get_mut(start) {
                // `n % 10` is below 10, so the cast cannot truncate.
                *d = b'0'.saturating_add((n % 10) as u8);
            }
            n /= 10;
            if n == 0 || start == 0 {
                break;
            }
        }
        self.put(digits.get(start..).unwrap_or(&[]))
    }
}
