//! The SDK's part of the AReq, as handed to the 3DS Server (the reference's
//! `get_auth_request` output): plain JSON with the specification's names.

use super::codes::{Interface, UiType};
use super::compact;
use super::error::BuildError;
use super::ids::is_uuid;
use super::version::MessageVersion;
use crate::json::{self, JsonWriter};

/// `sdkMaxTimeout` bounds, in minutes (2 digits, at least 05): the one
/// statement of the range, used by the message builder, the facade's
/// `SDKMaxTimeout` setting and the transaction's timer.
pub const SDK_MAX_TIMEOUT_MINUTES: core::ops::RangeInclusive<u8> = 5..=99;
/// Maximum length of `sdkReferenceNumber`.
pub const MAX_SDK_REFERENCE_NUMBER: usize = 32;
/// Maximum serialised length of `sdkEphemPubKey`.
pub const MAX_EPHEM_PUB_KEY: usize = 256;
/// Maximum length of `sdkEncData`.
pub const MAX_SDK_ENC_DATA: usize = 64_000;

/// Inputs of the SDK auth-request data, all borrowed.
#[derive(Debug, Clone, Copy)]
pub struct AuthRequestData<'a> {
    /// The transaction's message version.
    pub version: MessageVersion,
    /// `sdkAppID`: UUID per app installation.
    pub sdk_app_id: &'a str,
    /// `sdkTransID`: UUID per transaction.
    pub sdk_trans_id: &'a str,
    /// `sdkReferenceNumber`: EMVCo-assigned, at most 32 characters.
    pub sdk_reference_number: &'a str,
    /// `sdkEncData`: the device-info JWE (compact serialisation).
    pub sdk_enc_data: &'a str,
    /// `sdkEphemPubKey`: the ephemeral public JWK as JSON object text.
    pub sdk_ephem_pub_key: &'a str,
    /// `sdkMaxTimeout` in minutes, 5–99.
    pub sdk_max_timeout_minutes: u8,
    /// `deviceRenderOptions.sdkInterface`.
    pub sdk_interface: Interface,
    /// `deviceRenderOptions.sdkUiType`: 1–7 distinct UI types valid in `version`.
    pub sdk_ui_types: &'a [UiType],
    /// 2.3.1 `defaultSdkType.wrappedInd`: true when the SDK is wrapped
    /// (e.g. in a cross-platform bridge); written only when true.
    pub wrapped: bool,
}

impl AuthRequestData<'_> {
    /// Writes the JSON object into `buf` and returns the bytes written.
    ///
    /// Members: `messageVersion`, `sdkAppID`, `sdkEncData`, `sdkEphemPubKey`
    /// (as an object), `sdkMaxTimeout` (two digits), `sdkReferenceNumber`,
    /// `sdkTransID`, `deviceRenderOptions`, and for 2.3.1 `sdkType` `"01"`
    /// and `defaultSdkType`.
    ///
    /// # Errors
    /// [`BuildError::Invalid`] / [`BuildError::TooLong`] naming the bad
    /// input; [`BuildError::NotInVersion`] for `wrapped` before 2.3.1;
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
        self.validate()?;
        let mut timeout = [0u8; 2];
        timeout[0] = b'0'.wrapping_add(self.sdk_max_timeout_minutes / 10);
        timeout[1] = b'0'.wrapping_add(self.sdk_max_timeout_minutes % 10);
        let timeout =
            core::str::from_utf8(&timeout).map_err(|_| BuildError::Invalid("sdkMaxTimeout"))?;

        w.begin_object()?;
        w.field_str("messageVersion", self.version.as_str())?;
        w.field_str("sdkAppID", self.sdk_app_id)?;
        w.field_str("sdkEncData", self.sdk_enc_data)?;
        w.key("sdkEphemPubKey")?;
        compact::write_object_text(w, self.sdk_ephem_pub_key, "sdkEphemPubKey")?;
        w.field_str("sdkMaxTimeout", timeout)?;
        w.field_str("sdkReferenceNumber", self.sdk_reference_number)?;
        w.field_str("sdkTransID", self.sdk_trans_id)?;
        w.key("deviceRenderOptions")?;
        w.begin_object()?;
        let iface = self.sdk_interface.wire();
        w.field_str(
            "sdkInterface",
            core::str::from_utf8(&iface).map_err(|_| BuildError::Invalid("sdkInterface"))?,
        )?;
        w.key("sdkUiType")?;
        w.begin_array()?;
        for t in self.sdk_ui_types {
            let code = t.wire();
            w.string(core::str::from_utf8(&code).map_err(|_| BuildError::Invalid("sdkUiType"))?)?;
        }
        w.end_array()?;
        w.end_object()?;
        if self.version.is_2_3() {
            w.field_str("sdkType", "01")?;
            w.key("defaultSdkType")?;
            w.begin_object()?;
            w.field_str("sdkVariant", "01")?;
            if self.wrapped {
                w.field_str("wrappedInd", "Y")?;
            }
            w.end_object()?;
        }
        Ok(w.end_object()?)
    }

    fn validate(&self) -> Result<(), BuildError> {
        if !is_uuid(self.sdk_app_id) {
            return Err(BuildError::Invalid("sdkAppID"));
        }
        if !is_uuid(self.sdk_trans_id) {
            return Err(BuildError::Invalid("sdkTransID"));
        }
        if self.sdk_reference_number.is_empty() {
            return Err(BuildError::Missing("sdkReferenceNumber"));
        }
        if self.sdk_reference_number.chars().count() > MAX_SDK_REFERENCE_NUMBER {
            return Err(BuildError::TooLong("sdkReferenceNumber"));
        }
        if self.sdk_enc_data.is_empty() {
            return Err(BuildError::Missing("sdkEncData"));
        }
        if self.sdk_enc_data.chars().count() > MAX_SDK_ENC_DATA {
            return Err(BuildError::TooLong("sdkEncData"));
        }
        let key = json::parse_str(self.sdk_ephem_pub_key)
            .map_err(|_| BuildError::Invalid("sdkEphemPubKey"))?;
        if key.as_object().is_none() {
            return Err(BuildError::Invalid("sdkEphemPubKey"));
        }
        if compact::compact_char_len(key) > MAX_EPHEM_PUB_KEY {
            return Err(BuildError::TooLong("sdkEphemPubKey"));
        }
        if !SDK_MAX_TIMEOUT_MINUTES.contains(&self.sdk_max_timeout_minutes) {
            return Err(BuildError::Invalid("sdkMaxTimeout"));
        }
        if self.sdk_interface == Interface::Native
            && self.sdk_ui_types.iter().any(|t| !t.is_native())
        {
            return Err(BuildError::Invalid("sdkUiType"));
        }
        if !matches!(
            self.sdk_interface,
            Interface::Native | Interface::Html | Interface::Both
        ) {
            return Err(BuildError::Invalid("sdkInterface"));
        }
        if self.sdk_ui_types.is_empty() || self.sdk_ui_types.len() > 7 {
            return Err(BuildError::Invalid("sdkUiType"));
        }
        for (i, t) in self.sdk_ui_types.iter().enumerate() {
            if !t.valid_in(self.version) {
                return Err(BuildError::NotInVersion("sdkUiType"));
            }
            if self
                .sdk_ui_types
                .get(..i)
                .is_some_and(|before| before.contains(t))
            {
                return Err(BuildError::Invalid("sdkUiType"));
            }
        }
        if self.wrapped && !self.version.is_2_3() {
            return Err(BuildError::NotInVersion("defaultSdkType.wrappedInd"));
        }
        Ok(())
    }
}

/// The UI types to announce for `version` (all of them, as Req 314 asks):
/// 01–05 before 2.3.1, 01–07 in 2.3.1.
pub fn all_ui_types(version: MessageVersion) -> &'static [UiType] {
    const ALL: [UiType; 7] = [
        UiType::Text,
        UiType::SingleSelect,
        UiType::MultiSelect,
        UiType::Oob,
        UiType::Html,
        UiType::HtmlOob,
        UiType::Information,
    ];
    if version.is_2_3() {
        &ALL
    } else {
        ALL.get(..5).unwrap_or(&ALL)
    }
}
