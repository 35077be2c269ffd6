//! Erro messages: the one the SDK sends (component `C`) and the one it may
//! receive (surfaced to the caller, never answered).

use super::codes::{ErrorCode, ErrorComponent, MessageType};
use super::error::{BuildError, MessageError, Problem};
use super::fields::{self, Members};
use super::ids::{TransId, is_uuid};
use super::limits::MAX_ERRO_BYTES;
use super::version::MessageVersion;
use crate::json::{JsonStr, JsonWriter};

/// Maximum length of `errorDescription` and `errorDetail`.
pub const MAX_ERROR_TEXT: usize = 2048;

/// An Erro to send (always `errorComponent` `C`).
#[derive(Debug, Clone, Copy)]
pub struct ErroBuilder<'a> {
    /// The transaction's message version.
    pub version: MessageVersion,
    /// `errorCode`.
    pub code: ErrorCode,
    /// `errorDescription`, 1–2048 characters.
    pub description: &'a str,
    /// `errorDetail`, 1–2048 characters (field names, or extension ids for 202).
    pub detail: &'a str,
    /// `errorMessageType`: the message being processed, when recognisable.
    pub message_type: Option<MessageType>,
    /// `threeDSServerTransID`, if known.
    pub three_ds_server_trans_id: Option<&'a str>,
    /// `acsTransID`, if known.
    pub acs_trans_id: Option<&'a str>,
    /// `dsTransID`, if known.
    pub ds_trans_id: Option<&'a str>,
    /// `sdkTransID`, if known.
    pub sdk_trans_id: Option<&'a str>,
}

impl ErroBuilder<'_> {
    /// Writes the Erro JSON into `buf`.
    ///
    /// # Errors
    /// [`BuildError::Invalid`] for an id that is not a UUID or a code above
    /// 999; [`BuildError::Missing`]/[`BuildError::TooLong`] for the texts;
    /// [`BuildError::BufferTooSmall`].
    pub fn write<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], BuildError> {
        let mut w = JsonWriter::new(buf);
        self.emit(&mut w)?;
        Ok(w.finish()?)
    }

    /// The length in bytes [`write`](Self::write) needs (nothing stored).
    ///
    /// # Errors
    /// As [`write`](Self::write), except never [`BuildError::BufferTooSmall`].
    pub fn measure(&self) -> Result<usize, BuildError> {
        let mut w = JsonWriter::counting();
        self.emit(&mut w)?;
        Ok(w.len())
    }

    fn emit(&self, w: &mut JsonWriter<'_>) -> Result<(), BuildError> {
        if self.code.0 > 999 || self.code.0 < 100 {
            return Err(BuildError::Invalid("errorCode"));
        }
        for (name, text) in [
            ("errorDescription", self.description),
            ("errorDetail", self.detail),
        ] {
            if text.is_empty() {
                return Err(BuildError::Missing(name));
            }
            if text.chars().count() > MAX_ERROR_TEXT {
                return Err(BuildError::TooLong(name));
            }
        }
        let ids = [
            ("threeDSServerTransID", self.three_ds_server_trans_id),
            ("acsTransID", self.acs_trans_id),
            ("dsTransID", self.ds_trans_id),
            ("sdkTransID", self.sdk_trans_id),
        ];
        let code = self.code.wire();
        let code = core::str::from_utf8(&code).map_err(|_| BuildError::Invalid("errorCode"))?;
        w.begin_object()?;
        w.field_str("messageType", "Erro")?;
        w.field_str("messageVersion", self.version.as_str())?;
        w.field_str("errorCode", code)?;
        w.field_str("errorComponent", ErrorComponent::Sdk.as_str())?;
        w.field_str("errorDescription", self.description)?;
        w.field_str("errorDetail", self.detail)?;
        if let Some(t) = self.message_type {
            w.field_str("errorMessageType", t.as_str())?;
        }
        for (name, id) in ids {
            if let Some(id) = id {
                if !is_uuid(id) {
                    return Err(BuildError::Invalid(name));
                }
                w.field_str(name, id)?;
            }
        }
        Ok(w.end_object()?)
    }
}

/// A received Erro, borrowed from the message.
///
/// Parsing is deliberately lenient beyond `messageType`, `errorCode` and
/// `errorComponent`: an Erro is reported to the caller, never answered, so
/// whatever it says is worth surfacing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erro<'a> {
    /// `messageVersion` as received (may name an unsupported version).
    pub message_version: Option<JsonStr<'a>>,
    /// `errorCode`.
    pub code: ErrorCode,
    /// `errorComponent`.
    pub component: ErrorComponent,
    /// `errorDescription`.
    pub description: Option<JsonStr<'a>>,
    /// `errorDetail`.
    pub detail: Option<JsonStr<'a>>,
    /// `errorMessageType`.
    pub message_type: Option<JsonStr<'a>>,
    /// `threeDSServerTransID`, when present and a UUID.
    pub three_ds_server_trans_id: Option<TransId>,
    /// `acsTransID`, when present and a UUID.
    pub acs_trans_id: Option<TransId>,
    /// `dsTransID`, when present and a UUID.
    pub ds_trans_id: Option<TransId>,
    /// `sdkTransID`, when present and a UUID.
    pub sdk_trans_id: Option<TransId>,
}

impl<'a> Erro<'a> {
    /// Parses a received Erro.
    ///
    /// # Errors
    /// 101 when the input is longer than [`MAX_ERRO_BYTES`], not a JSON
    /// object or not an Erro, 204 for a duplicate member, 201/203 for a
    /// missing or malformed `errorCode` / `errorComponent` (then
    /// [`MessageError::in_erro`] is set: it is an Erro, not to be answered).
    pub fn parse(input: &'a [u8]) -> Result<Self, MessageError> {
        let index = fields::open(input, MAX_ERRO_BYTES)?;
        let obj = Members::from(&index);
        match fields::opt_code::<4>(obj, "messageType") {
            Ok(Some(t)) if t == "Erro" => {}
            _ => {
                return Err(MessageError::new(
                    ErrorCode::MESSAGE_INVALID,
                    "messageType",
                    Problem::WrongMessageType,
                ));
            }
        }
        Self::from_object(obj)
    }

    /// Reads an Erro; a failure is marked [`MessageError::in_erro`].
    pub(crate) fn from_object(obj: Members<'a, '_>) -> Result<Self, MessageError> {
        Self::read(obj).map_err(MessageError::found_in_erro)
    }

    fn read(obj: Members<'a, '_>) -> Result<Self, MessageError> {
        // An Erro arriving where a larger message may (an ARes, a CRes).
        if obj.object().raw().len() > MAX_ERRO_BYTES {
            return Err(
                MessageError::new(ErrorCode::MESSAGE_INVALID, "", Problem::TooLarge)
                    .with_detail("message size".chars()),
            );
        }
        let code = fields::req_code::<3>(obj, "errorCode")?;
        let code = ErrorCode::from_wire(&code).ok_or_else(|| MessageError::format("errorCode"))?;
        let component = fields::req_code::<1>(obj, "errorComponent")?;
        let component = ErrorComponent::from_wire(&component)
            .ok_or_else(|| MessageError::value("errorComponent"))?;
        let text = |f: &'static str| fields::get(obj, f).and_then(|v| v.as_str());
        let id = |f: &'static str| fields::opt_id(obj, f).ok().flatten();
        Ok(Self {
            message_version: text("messageVersion"),
            code,
            component,
            description: text("errorDescription"),
            detail: text("errorDetail"),
            message_type: text("errorMessageType"),
            three_ds_server_trans_id: id("threeDSServerTransID"),
            acs_trans_id: id("acsTransID"),
            ds_trans_id: id("dsTransID"),
            sdk_trans_id: id("sdkTransID"),
        })
    }
}
