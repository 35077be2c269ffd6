use std::fmt;

/// Why a certificate or key could not be loaded or read.
#[derive(Debug)]
#[non_exhaustive]
pub enum CertError {
    /// Reading the file failed.
    Io(std::io::Error),
    /// The input is not in the requested (or any recognised) format.
    UnrecognizedFormat,
    /// The input claims a format but its content is malformed.
    Malformed(&'static str),
    /// The PKCS#12 file could not be opened (wrong password or corrupt).
    Pkcs12(String),
    /// The key type is not one the SDK can use (only RSA and P-256 are).
    UnsupportedKey(String),
    /// The store holds no certificate or key matching the request.
    NotFound,
    /// The store holds no private key belonging to the selected certificate.
    NoPrivateKey,
}

impl fmt::Display for CertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => write!(f, "cannot read the certificate store: {e}"),
            Self::UnrecognizedFormat => {
                f.write_str("the certificate store format is not recognised")
            }
            Self::Malformed(what) => write!(f, "malformed {what}"),
            Self::Pkcs12(why) => write!(f, "cannot open the PKCS#12 store: {why}"),
            Self::UnsupportedKey(alg) => write!(f, "unsupported public key algorithm {alg}"),
            Self::NotFound => f.write_str("no matching certificate or key in the store"),
            Self::NoPrivateKey => f.write_str("no private key for the selected certificate"),
        }
    }
}

impl core::error::Error for CertError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for CertError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}
