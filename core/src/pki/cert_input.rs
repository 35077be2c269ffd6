//! Certificates in the forms the reference accepts where it says
//! "PEM/Base64 encoded": DER, PEM (`-----BEGIN CERTIFICATE-----`), or the
//! bare Base64 of the DER. Everything is turned into DER when it is set, so
//! a certificate in the wrong form is refused there, not later as "chain
//! not trusted".

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::jose::base64url;
use crate::keys::PublicKey;

/// Largest certificate input taken (far above any real certificate).
pub(crate) const MAX_CERT_INPUT: usize = 64 * 1024;

/// Why a certificate input was refused.
pub(crate) const NOT_A_CERTIFICATE: &str =
    "not a certificate in DER, PEM or Base64 form (at most 64 KiB)";

/// The DER of `input` (DER, PEM or Base64), or why not.
pub(crate) fn certificate_der(input: &[u8]) -> Result<Vec<u8>, &'static str> {
    if input.len() > MAX_CERT_INPUT {
        return Err(NOT_A_CERTIFICATE);
    }
    // A DER certificate is a SEQUENCE (0x30, then a long-form length byte
    // outside ASCII); PEM starts with '-', Base64 of a certificate with "MI".
    if input.first() == Some(&0x30) && !input.iter().all(u8::is_ascii) {
        return Ok(Vec::from(input));
    }
    let text = core::str::from_utf8(input).map_err(|_| NOT_A_CERTIFICATE)?;
    let body = match text.find("-----BEGIN CERTIFICATE-----") {
        Some(start) => {
            let rest = text
                .get(start.saturating_add("-----BEGIN CERTIFICATE-----".len())..)
                .unwrap_or("");
            let end = rest
                .find("-----END CERTIFICATE-----")
                .ok_or(NOT_A_CERTIFICATE)?;
            rest.get(..end).unwrap_or("")
        }
        None => text,
    };
    // Base64 lines: drop the line breaks and blanks, then decode strictly.
    let compact: Vec<u8> = body.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let compact = core::str::from_utf8(&compact).map_err(|_| NOT_A_CERTIFICATE)?;
    if compact.is_empty() {
        return Err(NOT_A_CERTIFICATE);
    }
    let mut der = vec![0u8; compact.len()];
    let len = base64url::decode_standard(compact, &mut der)
        .map_err(|_| NOT_A_CERTIFICATE)?
        .len();
    der.truncate(len);
    Ok(der)
}

/// The DER of a certificate input (see [`certificate_der`]) and its
/// public key (the DS encryption certificate), or why not.
pub(crate) fn certificate_and_key(input: &[u8]) -> Result<(Vec<u8>, PublicKey), String> {
    let der = certificate_der(input).map_err(String::from)?;
    let key = super::leaf_public_key(&der).map_err(|e| format!("{e:?}"))?;
    Ok((der, key))
}

/// The DER of a certificate input that can anchor a chain (an ACS root),
/// or why not.
pub(crate) fn trust_anchor_der(input: &[u8]) -> Result<Vec<u8>, String> {
    let der = certificate_der(input).map_err(String::from)?;
    super::TrustAnchors::from_der(&[der.as_slice()]).map_err(|e| format!("{e:?}"))?;
    Ok(der)
}
