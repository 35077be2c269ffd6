//! Wire-code enums. Two-digit codes keep values from reserved ranges
//! (`Other`) so that a caller can see exactly what arrived.

use super::version::MessageVersion;

/// Parses exactly two ASCII digits.
pub(crate) fn two_digits(s: &str) -> Option<u8> {
    match s.as_bytes() {
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => Some(
            a.wrapping_sub(b'0')
                .wrapping_mul(10)
                .wrapping_add(b.wrapping_sub(b'0')),
        ),
        _ => None,
    }
}

/// The two-digit wire text of `n` (0..=99).
pub(crate) fn two_digit_text(n: u8) -> [u8; 2] {
    [b'0'.wrapping_add((n / 10) % 10), b'0'.wrapping_add(n % 10)]
}

macro_rules! two_digit_code {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $code:literal ),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value without a name here (reserved range), kept as received.
            Other(u8),
        }

        impl $name {
            /// The numeric code.
            pub const fn code(self) -> u8 {
                match self {
                    $( Self::$variant => $code, )*
                    Self::Other(n) => n,
                }
            }

            /// The enum for a numeric code (named if known, `Other` if not).
            pub const fn from_code(n: u8) -> Self {
                match n {
                    $( $code => Self::$variant, )*
                    n => Self::Other(n),
                }
            }

            /// Parses the two-digit wire text; `None` unless it is two digits.
            pub fn from_wire(s: &str) -> Option<Self> {
                two_digits(s).map(Self::from_code)
            }

            /// The two-digit wire text.
            pub fn wire(self) -> [u8; 2] {
                two_digit_text(self.code())
            }
        }
    };
}

two_digit_code! {
    /// ACS UI type (`acsUiType`, `acsUiTemplate`, `sdkUiType` elements).
    UiType {
        /// 01 Text
        Text = 1,
        /// 02 Single select
        SingleSelect = 2,
        /// 03 Multi select
        MultiSelect = 3,
        /// 04 Out of band
        Oob = 4,
        /// 05 HTML (other)
        Html = 5,
        /// 06 HTML out of band (2.3.1)
        HtmlOob = 6,
        /// 07 Information (2.3.1)
        Information = 7,
    }
}

impl UiType {
    /// True when `version` defines this UI type (2.1.0/2.2.0: 01–05; 2.3.1: 01–07).
    pub fn valid_in(self, version: MessageVersion) -> bool {
        match self {
            Self::Text | Self::SingleSelect | Self::MultiSelect | Self::Oob | Self::Html => true,
            Self::HtmlOob | Self::Information => version.is_2_3(),
            Self::Other(_) => false,
        }
    }

    /// True for the native UI types (01–04, 07).
    pub fn is_native(self) -> bool {
        matches!(
            self,
            Self::Text | Self::SingleSelect | Self::MultiSelect | Self::Oob | Self::Information
        )
    }
}

two_digit_code! {
    /// `sdkInterface` of `deviceRenderOptions` and `acsInterface` of `acsRenderingType`.
    Interface {
        /// 01 Native UI
        Native = 1,
        /// 02 HTML UI
        Html = 2,
        /// 03 Both (SDK side only)
        Both = 3,
    }
}

two_digit_code! {
    /// Challenge cancelation indicator (`challengeCancel`).
    ChallengeCancel {
        /// 01 Cardholder selected "Cancel"
        CardholderCancel = 1,
        /// 03 Transaction timed out, decoupled authentication
        TimedOutDecoupled = 3,
        /// 04 Transaction timed out at the ACS, other timeouts
        TimedOutAcsOther = 4,
        /// 05 Transaction timed out at the ACS, first CReq not received
        TimedOutAcsFirstCreq = 5,
        /// 06 Transaction error
        TransactionError = 6,
        /// 07 Unknown
        Unknown = 7,
        /// 08 Transaction timed out at the 3DS SDK (2.2.0+)
        TimedOutSdk = 8,
        /// 09 Erro in response to the CRes (2.3.1)
        ErroForCres = 9,
        /// 10 Erro in response to the CReq (2.3.1)
        ErroForCreq = 10,
    }
}

impl ChallengeCancel {
    /// True when `version` defines this code.
    ///
    /// 2.1.0: 01, 03–07; 2.2.0: 01, 03–08; 2.3.1: 01, 03–10. `02` and the
    /// reserved ranges are never valid to send.
    pub fn valid_in(self, version: MessageVersion) -> bool {
        match self {
            Self::CardholderCancel
            | Self::TimedOutDecoupled
            | Self::TimedOutAcsOther
            | Self::TimedOutAcsFirstCreq
            | Self::TransactionError
            | Self::Unknown => true,
            Self::TimedOutSdk => version.at_least_2_2(),
            Self::ErroForCres | Self::ErroForCreq => version.is_2_3(),
            Self::Other(_) => false,
        }
    }
}

two_digit_code! {
    /// `oobContinue` in 2.3.1 (a string code; older versions send Boolean `true`).
    OobContinue {
        /// 01 The cardholder pressed the continuation button
        Pressed = 1,
        /// 02 Automatic completion, no cardholder action
        Automatic = 2,
    }
}

two_digit_code! {
    /// `oobAppURLInd` (2.3.1, required in every CReq).
    OobAppUrlInd {
        /// 01 OOB app URL supported
        Supported = 1,
        /// 02 Not supported by the device
        NotSupportedByDevice = 2,
        /// 03 Not supported by the 3DS Requestor
        NotSupportedByRequestor = 3,
    }
}

two_digit_code! {
    /// `oobAppStatus` (2.3.1).
    OobAppStatus {
        /// 01 Opening the OOB app URL failed
        OpenFailed = 1,
    }
}

two_digit_code! {
    /// `transStatusReason`.
    TransStatusReason {
        /// 01 Card authentication failed
        CardAuthenticationFailed = 1,
        /// 14 Transaction timed out at the ACS
        TimedOutAtAcs = 14,
    }
}

impl TransStatusReason {
    /// True when `version` defines the code or it is in the DS range 80–99.
    ///
    /// 2.1.0: 01–21; 2.2.0: 01–26; 2.3.1: 01–30.
    pub fn valid_in(self, version: MessageVersion) -> bool {
        let last = match version {
            MessageVersion::V2_1_0 => 21,
            MessageVersion::V2_2_0 => 26,
            MessageVersion::V2_3_1 => 30,
        };
        let n = self.code();
        (1..=last).contains(&n) || (80..=99).contains(&n)
    }
}

/// Transaction status (`transStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransStatus {
    /// Y: authentication successful
    Authenticated,
    /// N: not authenticated, denied
    NotAuthenticated,
    /// U: could not be performed
    Unavailable,
    /// A: attempts processing performed
    Attempted,
    /// C: challenge required
    Challenge,
    /// D: decoupled authentication confirmed (2.2.0+)
    Decoupled,
    /// R: rejected
    Rejected,
    /// I: informational only (2.2.0+)
    Informational,
    /// S: challenge using SPC (2.3.1, browser only)
    Spc,
}

impl TransStatus {
    /// Parses the one-letter wire value.
    pub fn from_wire(s: &str) -> Option<Self> {
        Some(match s {
            "Y" => Self::Authenticated,
            "N" => Self::NotAuthenticated,
            "U" => Self::Unavailable,
            "A" => Self::Attempted,
            "C" => Self::Challenge,
            "D" => Self::Decoupled,
            "R" => Self::Rejected,
            "I" => Self::Informational,
            "S" => Self::Spc,
            _ => return None,
        })
    }

    /// The one-letter wire value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Authenticated => "Y",
            Self::NotAuthenticated => "N",
            Self::Unavailable => "U",
            Self::Attempted => "A",
            Self::Challenge => "C",
            Self::Decoupled => "D",
            Self::Rejected => "R",
            Self::Informational => "I",
            Self::Spc => "S",
        }
    }

    /// True when an ARes of `version` may carry this status (2.1.0: Y N U A C R;
    /// 2.2.0 adds D and I; S is browser-only and never valid for the app channel).
    pub fn valid_in_ares(self, version: MessageVersion) -> bool {
        match self {
            Self::Decoupled | Self::Informational => version.at_least_2_2(),
            Self::Spc => false,
            _ => true,
        }
    }
}

/// Error component (`errorComponent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorComponent {
    /// C: 3DS SDK
    Sdk,
    /// S: 3DS Server
    Server,
    /// D: Directory Server
    Ds,
    /// A: ACS
    Acs,
}

impl ErrorComponent {
    /// Parses the one-letter wire value.
    pub fn from_wire(s: &str) -> Option<Self> {
        Some(match s {
            "C" => Self::Sdk,
            "S" => Self::Server,
            "D" => Self::Ds,
            "A" => Self::Acs,
            _ => return None,
        })
    }
    /// The one-letter wire value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Sdk => "C",
            Self::Server => "S",
            Self::Ds => "D",
            Self::Acs => "A",
        }
    }
}

/// A protocol error code (`errorCode`), three digits. Unknown codes are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ErrorCode(pub u16);

impl ErrorCode {
    /// 101 Message received invalid.
    pub const MESSAGE_INVALID: Self = Self(101);
    /// 102 Message version number not supported.
    pub const VERSION_NOT_SUPPORTED: Self = Self(102);
    /// 201 Required data element missing.
    pub const REQUIRED_MISSING: Self = Self(201);
    /// 202 Critical message extension not recognised.
    pub const CRITICAL_EXTENSION: Self = Self(202);
    /// 203 Format or value of a data element invalid.
    pub const INVALID_FORMAT: Self = Self(203);
    /// 204 Duplicate data element.
    pub const DUPLICATE: Self = Self(204);
    /// 301 Transaction ID not recognised.
    pub const TRANSACTION_ID: Self = Self(301);
    /// 302 Data decryption failure (the SDK also uses it for a counter mismatch).
    pub const DECRYPTION: Self = Self(302);
    /// 402 Transaction timed out.
    pub const TIMED_OUT: Self = Self(402);

    /// Parses three ASCII digits.
    pub fn from_wire(s: &str) -> Option<Self> {
        match s.as_bytes() {
            [a, b, c] if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() => {
                let d = |x: &u8| u16::from(x.wrapping_sub(b'0'));
                Some(Self(
                    d(a).wrapping_mul(100)
                        .wrapping_add(d(b).wrapping_mul(10))
                        .wrapping_add(d(c)),
                ))
            }
            _ => None,
        }
    }

    /// The three-digit wire text (codes above 999 are clamped to `999`).
    pub fn wire(self) -> [u8; 3] {
        let n = self.0.min(999);
        let digit = |v: u16| b'0'.wrapping_add(u8::try_from(v % 10).unwrap_or(0));
        [digit(n / 100), digit(n / 10), digit(n)]
    }
}

/// 3DS message types that may be named in `errorMessageType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageType {
    /// AReq
    AReq,
    /// ARes
    ARes,
    /// CReq
    CReq,
    /// CRes
    CRes,
    /// Erro
    Erro,
}

impl MessageType {
    /// The four-letter wire value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AReq => "AReq",
            Self::ARes => "ARes",
            Self::CReq => "CReq",
            Self::CRes => "CRes",
            Self::Erro => "Erro",
        }
    }
}
