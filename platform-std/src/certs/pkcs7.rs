//! PKCS#7 / CMS certificate bundles (`.p7b`: a SignedData with no signers).

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::{Decode, Encode};

use super::{CertError, Certificate};

const SIGNED_DATA: &str = "1.2.840.113549.1.7.2";

/// Whether `der` is a CMS ContentInfo holding SignedData.
pub(crate) fn is_pkcs7(der: &[u8]) -> bool {
    ContentInfo::from_der(der).is_ok_and(|ci| ci.content_type.to_string() == SIGNED_DATA)
}

/// The certificates of a PKCS#7 bundle, in the order stored.
///
/// # Errors
/// [`CertError::Malformed`] when `der` is not a SignedData ContentInfo.
pub(crate) fn parse(der: &[u8]) -> Result<Vec<Certificate>, CertError> {
    let ci = ContentInfo::from_der(der).map_err(|_| CertError::Malformed("PKCS#7 ContentInfo"))?;
    if ci.content_type.to_string() != SIGNED_DATA {
        return Err(CertError::Malformed("PKCS#7 (not SignedData)"));
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|_| CertError::Malformed("PKCS#7 SignedData"))?;
    let mut out = Vec::new();
    for choice in sd.certificates.iter().flat_map(|set| set.0.iter()) {
        if let CertificateChoices::Certificate(cert) = choice {
            let der = cert
                .to_der()
                .map_err(|_| CertError::Malformed("PKCS#7 certificate"))?;
            out.push(Certificate::from_der(&der)?);
        }
    }
    Ok(out)
}
