//! Transaction identifiers (canonical UUID text).

use core::fmt;

/// A transaction id (`threeDSServerTransID`, `acsTransID`, `dsTransID`,
/// `sdkTransID`, `sdkAppID`): 36 characters of canonical UUID text, any
/// hex case, stored as received.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TransId(heapless::String<36>);

impl TransId {
    /// Validates `s` as canonical UUID text (8-4-4-4-12 hex digits).
    pub fn parse(s: &str) -> Option<Self> {
        if !is_uuid(s) {
            return None;
        }
        let mut out = heapless::String::new();
        out.push_str(s).ok()?;
        Some(Self(out))
    }

    /// The id text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Compares with `other`; UUID text is case-insensitive (RFC 4122 §3).
    pub fn matches(&self, other: &str) -> bool {
        self.0.eq_ignore_ascii_case(other)
    }
}

impl fmt::Debug for TransId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for TransId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// True for canonical UUID text: 36 characters, hyphens at 8, 13, 18, 23,
/// hex digits elsewhere (any version, any case).
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}
