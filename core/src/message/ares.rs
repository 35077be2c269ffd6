//! ARes parsing and validation (the fields the SDK client reads).

use super::codes::{ErrorCode, Interface, TransStatus, TransStatusReason, UiType};
use super::erro::Erro;
use super::error::{MessageError, Problem};
use super::extension::{self, Extensions};
use super::fields::{self, Members};
use super::ids::TransId;
use super::limits::MAX_ARES_BYTES;
use super::version::MessageVersion;
use crate::json::{JsonStr, Object};

/// Maximum length of `acsSignedContent` (2.3.1; applied to every version).
pub const MAX_ACS_SIGNED_CONTENT: usize = 16_000;
/// Maximum length of `authenticationValue` in 2.3.1 (earlier: exactly 28).
pub const MAX_AUTHENTICATION_VALUE: usize = 4000;

/// What the caller expects of the ARes.
#[derive(Debug, Clone, Copy)]
pub struct AresExpectation<'e> {
    /// The AReq's version.
    pub version: MessageVersion,
    /// The AReq's `sdkTransID`.
    pub sdk_trans_id: &'e str,
    /// Ids of the message extensions this SDK understands.
    pub understood_extensions: &'e [&'e str],
}

/// The answer to an AReq: an ARes, or an Erro to surface.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthResponse<'a> {
    /// A valid ARes.
    Ares(Ares<'a>),
    /// An Erro from the 3DS Server/DS/ACS.
    Erro(Erro<'a>),
}

/// `acsRenderingType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcsRenderingType {
    /// `acsInterface`: native (01) or HTML (02).
    pub interface: Interface,
    /// `acsUiTemplate`.
    pub ui_template: UiType,
    /// `deviceUserInterfaceMode` (2.3.1): 01 portrait, 02 landscape, 03 voice, 04 other.
    pub device_user_interface_mode: Option<u8>,
}

/// `cardholderInfo`: a string up to 2.2.0, an object in 2.3.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardholderInfo<'a> {
    /// 2.1.0/2.2.0: text, at most 128 characters.
    Text(JsonStr<'a>),
    /// 2.3.1: `{text, issuerImage?, paymentSystemImage?}`.
    Structured {
        /// `text`, 1–128 characters.
        text: JsonStr<'a>,
        /// `issuerImage` URL, at most 256 characters.
        issuer_image: Option<JsonStr<'a>>,
        /// `paymentSystemImage` URL, at most 256 characters.
        payment_system_image: Option<JsonStr<'a>>,
    },
}

impl<'a> CardholderInfo<'a> {
    /// The text, the issuer image URL and the payment-system image URL
    /// (the last two only in 2.3.1), as received.
    pub fn parts(&self) -> [Option<JsonStr<'a>>; 3] {
        match *self {
            Self::Text(text) => [Some(text), None, None],
            Self::Structured {
                text,
                issuer_image,
                payment_system_image,
            } => [Some(text), issuer_image, payment_system_image],
        }
    }
}

/// A validated ARes, borrowed from the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ares<'a> {
    /// `messageVersion`.
    pub version: MessageVersion,
    /// `threeDSServerTransID`.
    pub three_ds_server_trans_id: TransId,
    /// `acsTransID` (the CReq JWE `kid`).
    pub acs_trans_id: TransId,
    /// `dsTransID`.
    pub ds_trans_id: TransId,
    /// `sdkTransID`.
    pub sdk_trans_id: TransId,
    /// `transStatus`.
    pub trans_status: TransStatus,
    /// `transStatusReason` (required for N, U, R).
    pub trans_status_reason: Option<TransStatusReason>,
    /// `transStatusReasonInfo` (2.3.1).
    pub trans_status_reason_info: Option<JsonStr<'a>>,
    /// `acsChallengeMandated` (required for C, D).
    pub acs_challenge_mandated: Option<bool>,
    /// `acsDecConInd` (2.2.0+, required for D).
    pub acs_dec_con_ind: Option<bool>,
    /// `acsRenderingType` (required for C).
    pub acs_rendering_type: Option<AcsRenderingType>,
    /// `acsSignedContent`: the compact JWS (required for C).
    pub acs_signed_content: Option<&'a str>,
    /// `acsReferenceNumber`.
    pub acs_reference_number: JsonStr<'a>,
    /// `acsOperatorID`.
    pub acs_operator_id: Option<JsonStr<'a>>,
    /// `dsReferenceNumber`.
    pub ds_reference_number: JsonStr<'a>,
    /// `authenticationValue` (required for Y, A).
    pub authentication_value: Option<JsonStr<'a>>,
    /// `eci`.
    pub eci: Option<JsonStr<'a>>,
    /// `cardholderInfo`.
    pub cardholder_info: Option<CardholderInfo<'a>>,
    /// `threeDSRequestorAppURLInd` (2.3.1, required).
    pub three_ds_requestor_app_url_ind: Option<bool>,
    /// `deviceInfoRecognisedVersion` (2.3.1, required).
    pub device_info_recognised_version: Option<JsonStr<'a>>,
    /// `messageExtension`.
    pub extensions: Option<Extensions<'a>>,
    /// The whole message, for members this type does not model
    /// (`broadInfo`, `trustListStatus`, `authenticationMethod`, …).
    pub raw: Object<'a>,
}

impl<'a> AuthResponse<'a> {
    /// Parses and validates the answer to an AReq.
    ///
    /// Order: JSON (101) → `messageType` (an Erro is returned as
    /// [`AuthResponse::Erro`]; anything else but `ARes` → 101) → ids present
    /// and UUIDs (201/203) → `messageVersion` present (201) and supported
    /// (102) → extensions (202) → `transStatus` and the members it requires
    /// (201/203) → `sdkTransID` equal (301) → version equal (102).
    ///
    /// # Errors
    /// A [`MessageError`] with the Erro code and the offending field.
    pub fn parse(input: &'a [u8], expected: &AresExpectation<'_>) -> Result<Self, MessageError> {
        let index = fields::open(input, MAX_ARES_BYTES)?;
        let obj = Members::from(&index);
        match fields::opt_code::<4>(obj, "messageType")
            .ok()
            .flatten()
            .as_deref()
        {
            Some("Erro") => {
                return Erro::from_object(obj).map(AuthResponse::Erro);
            }
            Some("ARes") => {}
            _ => {
                return Err(MessageError::new(
                    ErrorCode::MESSAGE_INVALID,
                    "messageType",
                    Problem::WrongMessageType,
                ));
            }
        }
        Ares::from_object(obj, expected).map(AuthResponse::Ares)
    }
}

/// Reads `messageVersion`: 201 missing, 102 unsupported.
pub(crate) fn read_version(obj: Members<'_, '_>) -> Result<MessageVersion, MessageError> {
    let v = fields::req_code::<8>(obj, "messageVersion").map_err(|e| {
        if e.problem == Problem::Missing {
            e
        } else {
            MessageError::new(
                ErrorCode::VERSION_NOT_SUPPORTED,
                "messageVersion",
                Problem::UnsupportedVersion,
            )
        }
    })?;
    MessageVersion::from_wire(&v).ok_or_else(|| {
        MessageError::new(
            ErrorCode::VERSION_NOT_SUPPORTED,
            "messageVersion",
            Problem::UnsupportedVersion,
        )
    })
}

/// 102 when the message's version is not the transaction's.
pub(crate) fn check_version(got: MessageVersion, want: MessageVersion) -> Result<(), MessageError> {
    if got == want {
        Ok(())
    } else {
        Err(MessageError::new(
            ErrorCode::VERSION_NOT_SUPPORTED,
            "messageVersion",
            Problem::VersionMismatch,
        ))
    }
}

fn require(cond: bool, present: bool, field: &'static str) -> Result<(), MessageError> {
    if cond && !present {
        Err(MessageError::missing(field))
    } else {
        Ok(())
    }
}

impl<'a> Ares<'a> {
    fn from_object(
        obj: Members<'a, '_>,
        expected: &AresExpectation<'_>,
    ) -> Result<Self, MessageError> {
        let three_ds_server_trans_id = fields::req_id(obj, "threeDSServerTransID")?;
        let acs_trans_id = fields::req_id(obj, "acsTransID")?;
        let ds_trans_id = fields::req_id(obj, "dsTransID")?;
        let sdk_trans_id = fields::req_id(obj, "sdkTransID")?;
        let version = read_version(obj)?;
        let extensions = extension::parse(obj, version, expected.understood_extensions)?;

        let status = fields::req_code::<1>(obj, "transStatus")?;
        let trans_status = TransStatus::from_wire(&status)
            .filter(|s| s.valid_in_ares(version))
            .ok_or_else(|| MessageError::value("transStatus"))?;
        use TransStatus as S;
        let st = trans_status;

        let trans_status_reason = fields::opt_two(
            obj,
            "transStatusReason",
            TransStatusReason::from_wire,
            |r| r.valid_in(version),
        )?;
        require(
            matches!(st, S::NotAuthenticated | S::Unavailable | S::Rejected),
            trans_status_reason.is_some(),
            "transStatusReason",
        )?;
        let trans_status_reason_info = if version.is_2_3() {
            fields::opt_str(obj, "transStatusReasonInfo", 1, 256)?
        } else {
            None
        };

        let acs_challenge_mandated = fields::opt_yn(obj, "acsChallengeMandated", true)?;
        require(
            matches!(st, S::Challenge | S::Decoupled),
            acs_challenge_mandated.is_some(),
            "acsChallengeMandated",
        )?;

        let acs_dec_con_ind = if version.at_least_2_2() {
            fields::opt_yn(obj, "acsDecConInd", true)?
        } else {
            None
        };
        require(
            st == S::Decoupled,
            acs_dec_con_ind.is_some(),
            "acsDecConInd",
        )?;
        if st == S::Decoupled && acs_dec_con_ind == Some(false) {
            return Err(MessageError::value("acsDecConInd"));
        }

        let acs_rendering_type = read_rendering_type(obj, version)?;
        require(
            st == S::Challenge,
            acs_rendering_type.is_some(),
            "acsRenderingType",
        )?;

        let acs_signed_content =
            fields::opt_str(obj, "acsSignedContent", 1, MAX_ACS_SIGNED_CONTENT)?;
        require(
            st == S::Challenge,
            acs_signed_content.is_some(),
            "acsSignedContent",
        )?;
        let acs_signed_content = match acs_signed_content {
            None => None,
            Some(s) => {
                // A compact JWS is base64url segments and dots: never escaped.
                let plain = s
                    .as_plain()
                    .ok_or_else(|| MessageError::format("acsSignedContent"))?;
                if crate::text::split_ascii(plain, b'.').count() != 3 {
                    return Err(MessageError::format("acsSignedContent"));
                }
                Some(plain)
            }
        };

        let acs_reference_number = fields::req_str(obj, "acsReferenceNumber", 1, 32)?;
        let acs_operator_id = fields::opt_str(obj, "acsOperatorID", 1, 32)?;
        let ds_reference_number = fields::req_str(obj, "dsReferenceNumber", 1, 32)?;

        let authentication_value = if version.is_2_3() {
            fields::opt_str(obj, "authenticationValue", 1, MAX_AUTHENTICATION_VALUE)?
        } else {
            fields::opt_str(obj, "authenticationValue", 28, 28)?
        };
        require(
            matches!(st, S::Authenticated | S::Attempted),
            authentication_value.is_some(),
            "authenticationValue",
        )?;
        let eci = fields::opt_str(obj, "eci", 2, 2)?;

        let cardholder_info = read_cardholder_info(obj, version)?;
        require(
            acs_dec_con_ind == Some(true),
            cardholder_info.is_some(),
            "cardholderInfo",
        )?;

        let (three_ds_requestor_app_url_ind, device_info_recognised_version) = if version.is_2_3() {
            let ind = fields::opt_yn(obj, "threeDSRequestorAppURLInd", true)?
                .ok_or_else(|| MessageError::missing("threeDSRequestorAppURLInd"))?;
            let dv = fields::req_str(obj, "deviceInfoRecognisedVersion", 3, usize::MAX)?;
            (Some(ind), Some(dv))
        } else {
            (None, None)
        };

        if !sdk_trans_id.matches(expected.sdk_trans_id) {
            return Err(MessageError::new(
                ErrorCode::TRANSACTION_ID,
                "sdkTransID",
                Problem::IdMismatch,
            ));
        }
        check_version(version, expected.version)?;

        Ok(Self {
            version,
            three_ds_server_trans_id,
            acs_trans_id,
            ds_trans_id,
            sdk_trans_id,
            trans_status,
            trans_status_reason,
            trans_status_reason_info,
            acs_challenge_mandated,
            acs_dec_con_ind,
            acs_rendering_type,
            acs_signed_content,
            acs_reference_number,
            acs_operator_id,
            ds_reference_number,
            authentication_value,
            eci,
            cardholder_info,
            three_ds_requestor_app_url_ind,
            device_info_recognised_version,
            extensions,
            raw: obj.object(),
        })
    }
}

fn read_rendering_type(
    obj: Members<'_, '_>,
    version: MessageVersion,
) -> Result<Option<AcsRenderingType>, MessageError> {
    let Some(rt) = fields::opt_object(obj, "acsRenderingType", usize::MAX)? else {
        return Ok(None);
    };
    let rt = Members::from(rt);
    let interface = fields::opt_two(
        rt,
        "acsRenderingType.acsInterface",
        Interface::from_wire,
        |i| matches!(i, Interface::Native | Interface::Html),
    )?
    .ok_or_else(|| MessageError::missing("acsRenderingType.acsInterface"))?;
    let ui_template = fields::opt_two(
        rt,
        "acsRenderingType.acsUiTemplate",
        UiType::from_wire,
        |t| t.valid_in(version) && (interface == Interface::Html || t.is_native()),
    )?
    .ok_or_else(|| MessageError::missing("acsRenderingType.acsUiTemplate"))?;
    let device_user_interface_mode = if version.is_2_3() {
        let mode = fields::opt_two(
            rt,
            "acsRenderingType.deviceUserInterfaceMode",
            super::codes::two_digits,
            |m| (1..=4).contains(&m),
        )?
        .ok_or_else(|| MessageError::missing("acsRenderingType.deviceUserInterfaceMode"))?;
        Some(mode)
    } else {
        None
    };
    Ok(Some(AcsRenderingType {
        interface,
        ui_template,
        device_user_interface_mode,
    }))
}

fn read_cardholder_info<'a>(
    obj: Members<'a, '_>,
    version: MessageVersion,
) -> Result<Option<CardholderInfo<'a>>, MessageError> {
    if !version.is_2_3() {
        return Ok(fields::opt_str(obj, "cardholderInfo", 1, 128)?.map(CardholderInfo::Text));
    }
    let Some(ci) = fields::opt_object(obj, "cardholderInfo", usize::MAX)? else {
        return Ok(None);
    };
    let ci = Members::from(ci);
    Ok(Some(CardholderInfo::Structured {
        text: fields::req_str(ci, "cardholderInfo.text", 1, 128)?,
        issuer_image: fields::opt_url(ci, "cardholderInfo.issuerImage", 256)?,
        payment_system_image: fields::opt_url(ci, "cardholderInfo.paymentSystemImage", 256)?,
    }))
}
