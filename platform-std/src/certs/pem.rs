//! PEM armour: finding the `-----BEGIN X-----` blocks in text and writing them.

use base64ct::{Base64, Encoding};

use super::CertError;

/// One decoded PEM block.
pub(crate) struct PemBlock {
    pub(crate) label: String,
    pub(crate) der: Vec<u8>,
}

/// Whether `data` contains PEM armour at all.
pub(crate) fn is_pem(data: &[u8]) -> bool {
    data.windows(11).any(|w| w == b"-----BEGIN ")
}

/// Every PEM block in `data`, in order; text between blocks is ignored (so
/// bundles with comments, CR/LF, or the reference's `\r \n` separators load).
///
/// # Errors
/// [`CertError::Malformed`] for an unterminated block or bad base64, and for
/// RFC 1421 encrypted blocks (`Proc-Type:` headers), which are not supported.
pub(crate) fn parse(data: &[u8]) -> Result<Vec<PemBlock>, CertError> {
    let text = core::str::from_utf8(data).map_err(|_| CertError::Malformed("PEM text"))?;
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = rest.get(start + 11..).unwrap_or_default();
        let label_end = after
            .find("-----")
            .ok_or(CertError::Malformed("PEM header"))?;
        let label = after.get(..label_end).unwrap_or_default().to_owned();
        let body_start = after.get(label_end + 5..).unwrap_or_default();
        let end_marker = format!("-----END {label}-----");
        let body_end = body_start
            .find(&end_marker)
            .ok_or(CertError::Malformed("PEM block (no END line)"))?;
        let body = body_start.get(..body_end).unwrap_or_default();
        if body.contains("Proc-Type:") {
            return Err(CertError::Malformed("PEM block (legacy encrypted PEM)"));
        }
        let b64: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let der = Base64::decode_vec(&b64).map_err(|_| CertError::Malformed("PEM base64"))?;
        blocks.push(PemBlock { label, der });
        rest = body_start
            .get(body_end + end_marker.len()..)
            .unwrap_or_default();
    }
    Ok(blocks)
}

/// `der` as a PEM block with 64-character lines.
pub(crate) fn encode(label: &str, der: &[u8]) -> String {
    let b64 = Base64::encode_string(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(core::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// Decodes input that is base64 text (the reference accepts "binary or
/// Base64-encoded" blobs); `None` when it is not plain base64.
pub(crate) fn decode_bare_base64(data: &[u8]) -> Option<Vec<u8>> {
    let text = core::str::from_utf8(data).ok()?;
    let b64: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if b64.is_empty() {
        return None;
    }
    Base64::decode_vec(&b64).ok()
}
