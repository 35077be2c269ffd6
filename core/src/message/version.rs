//! The protocol versions this crate speaks.

use core::fmt;

/// An EMV 3DS message version (`messageVersion`).
///
/// Set by the 3DS Server in the AReq and carried unchanged by every later
/// message of the transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MessageVersion {
    /// 2.1.0
    V2_1_0,
    /// 2.2.0
    V2_2_0,
    /// 2.3.1
    V2_3_1,
}

impl MessageVersion {
    /// Every supported version, oldest first.
    pub const ALL: [MessageVersion; 3] = [Self::V2_1_0, Self::V2_2_0, Self::V2_3_1];

    /// The wire text, e.g. `"2.2.0"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V2_1_0 => "2.1.0",
            Self::V2_2_0 => "2.2.0",
            Self::V2_3_1 => "2.3.1",
        }
    }

    /// Parses the wire text; `None` for a version this crate does not support.
    pub fn from_wire(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// True from 2.2.0 on.
    pub const fn at_least_2_2(self) -> bool {
        !matches!(self, Self::V2_1_0)
    }

    /// True for 2.3.1.
    pub const fn is_2_3(self) -> bool {
        matches!(self, Self::V2_3_1)
    }
}

impl fmt::Display for MessageVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
