//! Compact JWS parsing and header policy.

use super::JwsError;
use super::x5c::{self, MAX_X5C_CERTS, X5cIter};
use crate::jose::base64url;
use crate::json::{self, Array, JsonErrorKind, Object, Value};

/// An allowed JWS algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwsAlg {
    /// RSASSA-PSS, SHA-256, MGF1-SHA-256, 32-byte salt.
    Ps256,
    /// ECDSA P-256 with SHA-256, raw 64-byte R‖S signature.
    Es256,
}

impl JwsAlg {
    /// The JOSE name.
    pub fn name(self) -> &'static str {
        match self {
            JwsAlg::Ps256 => "PS256",
            JwsAlg::Es256 => "ES256",
        }
    }
}

/// A parsed compact JWS whose header passed the policy checks. The
/// signature is not verified yet: call [`verify`](Jws::verify).
#[derive(Debug, Clone, Copy)]
pub struct Jws<'a> {
    header: Object<'a>,
    signing_input: &'a str,
    payload_b64: &'a str,
    signature_b64: &'a str,
    alg: JwsAlg,
    x5c: Option<Array<'a>>,
}

fn split3(compact: &str) -> Result<(&str, &str, &str, &str), JwsError> {
    let mut parts = crate::text::split_ascii(compact, b'.');
    let h = parts.next().ok_or(JwsError::SegmentCount)?;
    let p = parts.next().ok_or(JwsError::SegmentCount)?;
    let s = parts.next().ok_or(JwsError::SegmentCount)?;
    if parts.next().is_some() {
        return Err(JwsError::SegmentCount);
    }
    let input_len = h
        .len()
        .checked_add(1)
        .and_then(|n| n.checked_add(p.len()))
        .ok_or(JwsError::SegmentCount)?;
    let signing_input = compact.get(..input_len).ok_or(JwsError::SegmentCount)?;
    Ok((h, p, s, signing_input))
}

impl<'a> Jws<'a> {
    /// Parses `compact`, decoding the protected header into `header_buf`
    /// (it must hold the decoded header, `x5c` included: a few KB).
    ///
    /// Policy: `alg` must be PS256 or ES256; `crit`, `jwk`, `jku` and `x5u`
    /// are rejected; `x5c`, when present, must be 1..=[`MAX_X5C_CERTS`]
    /// strings; duplicate members are rejected.
    ///
    /// # Errors
    /// A [`JwsError`] naming the problem.
    pub fn parse(compact: &'a str, header_buf: &'a mut [u8]) -> Result<Self, JwsError> {
        let (h_b64, payload_b64, signature_b64, signing_input) = split3(compact)?;
        let header_json = base64url::decode(h_b64, header_buf).map_err(|e| match e {
            base64url::Base64Error::BufferTooSmall => JwsError::HeaderTooLarge,
            base64url::Base64Error::InvalidEncoding => JwsError::Base64("header"),
        })?;
        let header = match json::parse(header_json) {
            Err(e) if e.kind == JsonErrorKind::DuplicateKey => {
                return Err(JwsError::DuplicateHeaderMember);
            }
            parsed => parsed.ok().and_then(|v| v.as_object()),
        }
        .ok_or(JwsError::HeaderNotJson)?;
        let alg = match header.get("alg") {
            None => return Err(JwsError::MissingAlg),
            Some(Value::String(s)) if s.eq_str("PS256") => JwsAlg::Ps256,
            Some(Value::String(s)) if s.eq_str("ES256") => JwsAlg::Es256,
            Some(Value::String(_)) => return Err(JwsError::UnsupportedAlg),
            Some(_) => return Err(JwsError::AlgNotString),
        };
        if header.get("crit").is_some() {
            return Err(JwsError::CritNotSupported);
        }
        for name in ["jwk", "jku", "x5u"] {
            if header.get(name).is_some() {
                return Err(JwsError::ForbiddenHeader(name));
            }
        }
        let x5c = match header.get("x5c") {
            None => None,
            Some(Value::Array(a)) => {
                let mut count = 0usize;
                for v in a.iter() {
                    if v.as_str().is_none() {
                        return Err(JwsError::X5cMalformed);
                    }
                    count = count.saturating_add(1);
                    if count > MAX_X5C_CERTS {
                        return Err(JwsError::X5cCount);
                    }
                }
                if count == 0 {
                    return Err(JwsError::X5cCount);
                }
                Some(a)
            }
            Some(_) => return Err(JwsError::X5cMalformed),
        };
        // Validate the payload and signature alphabets now, so a parsed JWS
        // is well-formed throughout.
        check_b64(payload_b64, "payload")?;
        check_b64(signature_b64, "signature")?;
        Ok(Self {
            header,
            signing_input,
            payload_b64,
            signature_b64,
            alg,
            x5c,
        })
    }

    /// The algorithm.
    pub fn alg(&self) -> JwsAlg {
        self.alg
    }
    /// The decoded protected header.
    pub fn header(&self) -> Object<'a> {
        self.header
    }
    /// `base64url(header) '.' base64url(payload)`: the signed bytes.
    pub fn signing_input(&self) -> &'a str {
        self.signing_input
    }
    /// The payload segment, still base64url-encoded.
    pub fn payload_b64(&self) -> &'a str {
        self.payload_b64
    }
    /// The signature segment, still base64url-encoded.
    pub fn signature_b64(&self) -> &'a str {
        self.signature_b64
    }

    /// Decodes the payload into `out`.
    ///
    /// # Errors
    /// [`JwsError::BufferTooSmall`] when `out` is too short.
    pub fn decode_payload<'b>(&self, out: &'b mut [u8]) -> Result<&'b [u8], JwsError> {
        base64url::decode(self.payload_b64, out).map_err(|e| match e {
            base64url::Base64Error::BufferTooSmall => JwsError::BufferTooSmall,
            base64url::Base64Error::InvalidEncoding => JwsError::Base64("payload"),
        })
    }

    /// The `x5c` certificates (leaf first), if the header has them.
    pub fn x5c(&self) -> Option<X5cIter<'a>> {
        self.x5c.map(X5cIter::new)
    }

    /// Number of `x5c` certificates (0 when absent).
    pub fn x5c_len(&self) -> usize {
        self.x5c.map_or(0, |a| a.len())
    }

    /// Decodes the DER of `x5c[index]` into `out`.
    ///
    /// # Errors
    /// [`JwsError::X5cMissing`] when there is no such entry,
    /// [`JwsError::X5cBase64`] or [`JwsError::BufferTooSmall`].
    pub fn x5c_der<'b>(&self, index: usize, out: &'b mut [u8]) -> Result<&'b [u8], JwsError> {
        let entry = self
            .x5c()
            .and_then(|mut it| it.nth(index))
            .ok_or(JwsError::X5cMissing)?;
        x5c::decode_der(entry, out)
    }

    /// All `x5c` certificates as DER, leaf first.
    ///
    /// # Errors
    /// [`JwsError::X5cMissing`] when absent, [`JwsError::X5cBase64`] for a
    /// bad entry.
    #[cfg(feature = "alloc")]
    pub fn x5c_chain(&self) -> Result<alloc::vec::Vec<alloc::vec::Vec<u8>>, JwsError> {
        let it = self.x5c().ok_or(JwsError::X5cMissing)?;
        it.map(x5c::decode_der_vec).collect()
    }
}

fn check_b64(segment: &str, name: &'static str) -> Result<(), JwsError> {
    // Validate in bounded chunks of 4 characters' worth without a buffer
    // the size of the whole segment: decode 64-char windows.
    let bytes = segment.as_bytes();
    let mut scratch = [0u8; 48];
    let mut chunks = bytes.chunks(64).peekable();
    while let Some(chunk) = chunks.next() {
        let text = core::str::from_utf8(chunk).map_err(|_| JwsError::Base64(name))?;
        if chunks.peek().is_some() {
            // Full interior window: 64 chars = 48 bytes, no trailing bits.
            base64url::decode(text, &mut scratch).map_err(|_| JwsError::Base64(name))?;
        } else if !text.is_empty() {
            base64url::decode(text, &mut scratch).map_err(|_| JwsError::Base64(name))?;
        }
    }
    Ok(())
}
