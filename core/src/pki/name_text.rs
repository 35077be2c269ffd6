//! Distinguished names as text, in the reference's `CN=..., O=..., C=..`
//! style: the one format of every subject and issuer read-out, the facade's
//! (`acs_root_cert_subject`) and the std adapter's certificate read-outs.

use alloc::borrow::ToOwned as _;
use alloc::format;
use alloc::string::{String, ToString as _};
use alloc::vec::Vec;

use der::asn1::{BmpString, Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
use der::{Tag, Tagged};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::Name;

/// The subject of a DER certificate as [`format_name`] writes it (empty
/// when the certificate cannot be read).
pub fn subject_text(der: &[u8]) -> String {
    use der::Decode as _;
    x509_cert::Certificate::from_der(der)
        .map(|c| format_name(c.tbs_certificate().subject()))
        .unwrap_or_default()
}

/// Formats a name most-specific first (the RFC 4514 order: the last RDN of the
/// encoding first), with short attribute names (`CN`, `O`, `OU`, `L`, `S`, `C`,
/// `E`) and values that contain separators in double quotes.
pub fn format_name(name: &Name) -> String {
    let rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(format_attribute)
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect();
    rdns.into_iter().rev().collect::<Vec<_>>().join(", ")
}

fn format_attribute(atv: &AttributeTypeAndValue) -> String {
    format!(
        "{}={}",
        short_name(&atv.oid.to_string()),
        quote(&value_text(atv))
    )
}

fn short_name(oid: &str) -> String {
    match oid {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "SERIALNUMBER",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "S",
        "2.5.4.9" => "STREET",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "T",
        "2.5.4.42" => "G",
        "1.2.840.113549.1.9.1" => "E",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        other => return other.to_owned(),
    }
    .to_owned()
}

fn quote(value: &str) -> String {
    let needs =
        value.contains([',', '+', '"', '=', ';']) || value.starts_with(' ') || value.ends_with(' ');
    if needs {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// The attribute value as text; a value of a non-string type is shown as
/// `#` and the hex of its DER, as RFC 4514 does.
fn value_text(atv: &AttributeTypeAndValue) -> String {
    let v = &atv.value;
    let text = match v.tag() {
        Tag::Utf8String => Utf8StringRef::try_from(v)
            .ok()
            .map(|s| s.as_str().to_owned()),
        Tag::PrintableString => PrintableStringRef::try_from(v)
            .ok()
            .map(|s| s.as_str().to_owned()),
        Tag::Ia5String => Ia5StringRef::try_from(v)
            .ok()
            .map(|s| s.as_str().to_owned()),
        Tag::TeletexString => TeletexStringRef::try_from(v)
            .ok()
            .map(|s| s.as_str().to_owned()),
        Tag::BmpString => v.decode_as::<BmpString>().ok().map(|s| s.to_string()),
        _ => None,
    };
    text.unwrap_or_else(|| {
        let der = der::Encode::to_der(v).unwrap_or_default();
        let hex: String = der.iter().map(|b| format!("{b:02X}")).collect();
        format!("#{hex}")
    })
}
