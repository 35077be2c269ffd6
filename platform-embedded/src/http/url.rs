use super::HttpError;

/// A parsed `https://host[:port][/path][?query]` URL, borrowing from the input.
///
/// Deliberately narrow: no user info, no percent-decoding, no IPv6 zone ids, ASCII only.
/// The fragment (`#...`) is dropped because it is never sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Url<'a> {
    secure: bool,
    /// Host as written in the URL (IPv6 literals keep their brackets).
    authority_host: &'a str,
    port: u16,
    explicit_port: bool,
    path: &'a str,
    query: Option<&'a str>,
}

impl<'a> Url<'a> {
    /// Parses an absolute URL. `https://` is always accepted; `http://` only when
    /// `allow_plain_http` is set (3-D Secure mandates TLS, so only test setups should).
    ///
    /// # Errors
    /// [`HttpError::InsecureScheme`] for a refused `http://`, [`HttpError::InvalidUrl`] for
    /// anything else that is not a well-formed absolute http(s) URL.
    pub fn parse(url: &'a str, allow_plain_http: bool) -> Result<Self, HttpError> {
        let (secure, rest) = if let Some(rest) = strip_prefix_ci(url, "https://") {
            (true, rest)
        } else if let Some(rest) = strip_prefix_ci(url, "http://") {
            if !allow_plain_http {
                return Err(HttpError::InsecureScheme);
            }
            (false, rest)
        } else {
            return Err(HttpError::InvalidUrl);
        };
        let rest = rest.split('#').next().unwrap_or("");
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest
            .split_at_checked(authority_end)
            .ok_or(HttpError::InvalidUrl)?;
        let (authority_host, port) = split_authority(authority)?;
        let explicit_port = port.is_some();
        let port = port.unwrap_or(if secure { 443 } else { 80 });
        let (path, query) = match tail.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (tail, None),
        };
        if !path.bytes().all(is_target_byte) || !query.unwrap_or("").bytes().all(is_target_byte) {
            return Err(HttpError::InvalidUrl);
        }
        Ok(Self {
            secure,
            authority_host,
            port,
            explicit_port,
            path,
            query,
        })
    }

    /// Whether the scheme is `https`.
    pub fn is_secure(&self) -> bool {
        self.secure
    }

    /// The host to connect to (IPv6 literals without brackets).
    pub fn host(&self) -> &'a str {
        self.authority_host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(self.authority_host)
    }

    /// The TCP port (explicit, or 443 / 80 by scheme).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The host as it goes into the `Host` header (IPv6 literals keep their brackets).
    pub fn host_header_host(&self) -> &'a str {
        self.authority_host
    }

    /// Whether the URL spelled out the port, in which case the `Host` header repeats it.
    pub fn has_explicit_port(&self) -> bool {
        self.explicit_port
    }

    /// The path, empty when the URL has none (the request target then starts with `/`).
    pub fn path(&self) -> &'a str {
        self.path
    }

    /// The query without the `?`, if any.
    pub fn query(&self) -> Option<&'a str> {
        self.query
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// Splits `host[:port]` / `[v6]:port`, validating both parts.
fn split_authority(authority: &str) -> Result<(&str, Option<u16>), HttpError> {
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']').ok_or(HttpError::InvalidUrl)?;
        let (host, after) = authority
            .split_at_checked(close.saturating_add(1))
            .ok_or(HttpError::InvalidUrl)?;
        let inner = host.get(1..close).unwrap_or("");
        if inner.is_empty()
            || !inner
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err(HttpError::InvalidUrl);
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or(HttpError::InvalidUrl)?),
        };
        (host, port)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        if host.is_empty()
            || !host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
        {
            return Err(HttpError::InvalidUrl);
        }
        (host, port)
    };
    let port = match port {
        None => None,
        Some(p) => Some(parse_port(p)?),
    };
    Ok((host, port))
}

fn parse_port(p: &str) -> Result<u16, HttpError> {
    if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
        return Err(HttpError::InvalidUrl);
    }
    match p.parse::<u16>() {
        Ok(0) | Err(_) => Err(HttpError::InvalidUrl),
        Ok(port) => Ok(port),
    }
}

/// Printable ASCII except space: anything else must be percent-encoded by whoever built the URL.
fn is_target_byte(b: u8) -> bool {
    b.is_ascii_graphic()
}
