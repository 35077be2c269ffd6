//! The reference's properties that are not TLS, proxy or certificate-store plumbing.
//!
//! Getters and setters carry the reference's snake_case names. Values an
//! application sets are validated here; values a message fills (the CRes
//! read-outs in [`ChallengeUi`], `transaction_status`, `challenge_complete`,
//! packets) change only through the `update_*` methods the transaction
//! state machine calls.
//!
//! Needs `alloc`: `acsHTML` alone may be 300 000 characters, and the
//! collections (device parameters, select options) have no useful bound.

use super::challenge_ui::ChallengeUi;
use super::config::{ConfigError, ConfigValue, SettingsBackend};
use super::error::ErrorCode;
use super::setting::Setting;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use zeroize::Zeroizing;

/// The most message extensions any version allows (15 in 2.3.1, 10
/// before); the CReq builder applies the version's own cap.
pub const MAX_EXTENSIONS: usize = 15;

/// The default `timeout`, in seconds.
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 30;

/// The message versions the reference accepts, oldest first.
pub const MESSAGE_VERSIONS: [&str; 3] = ["2.1.0", "2.2.0", "2.3.1"];

/// Why a property access failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PropertyError {
    /// The index is past the collection's end.
    InvalidIndex,
    /// The value is not acceptable.
    InvalidValue {
        /// The property, by its reference name.
        property: &'static str,
        /// What it accepts.
        expected: &'static str,
    },
    /// The collection is full (extensions: [`MAX_EXTENSIONS`]).
    TooMany,
}

impl PropertyError {
    /// The reference error code: 606 for indexes, 603 otherwise.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            PropertyError::InvalidIndex => ErrorCode::InvalidIndex,
            _ => ErrorCode::InvalidOperation,
        }
    }
}

impl fmt::Display for PropertyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PropertyError::InvalidIndex => f.write_str("Invalid index."),
            PropertyError::InvalidValue { property, expected } => {
                write!(f, "invalid {property}: expected {expected}")
            }
            PropertyError::TooMany => f.write_str("too many extensions (at most 10)"),
        }
    }
}

impl core::error::Error for PropertyError {}

/// `device_param_category` and `device_param_value_type` are the message
/// layer's types (one definition for the builder and the property).
pub use crate::message::{DeviceParamCategory, DeviceValueType as DeviceParamValueType};

/// The category with the reference's number (0 DV, 1 DD, 2 DPNA, 3 SW).
fn category_of(n: u8) -> Result<DeviceParamCategory, PropertyError> {
    DeviceParamCategory::from_code(i32::from(n)).ok_or(invalid(
        "device_param_category",
        "0 (DV), 1 (DD), 2 (DPNA) or 3 (SW)",
    ))
}

/// The value type with the reference's number (1 Array, 2 String).
fn value_type_of(n: u8) -> Result<DeviceParamValueType, PropertyError> {
    DeviceParamValueType::from_code(i32::from(n)).ok_or(invalid(
        "device_param_value_type",
        "1 (Array) or 2 (String)",
    ))
}

/// One device parameter (`device_param_*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceParam {
    /// The parameter's field name (`C001`, `SW01`, …; empty for DV).
    pub field_name: String,
    /// The value (for [`DeviceParamValueType::Array`], a JSON array).
    pub value: String,
    /// The value's type.
    pub value_type: DeviceParamValueType,
    /// The category.
    pub category: DeviceParamCategory,
}

impl Default for DeviceParam {
    /// The reference's defaults: an empty DV string parameter.
    fn default() -> Self {
        Self {
            field_name: String::new(),
            value: String::new(),
            value_type: DeviceParamValueType::String,
            category: DeviceParamCategory::DataVersion,
        }
    }
}

/// One outgoing message extension (`extension_*`): the message layer's
/// extension, owning its texts (`data` is JSON text).
pub type Extension = crate::message::ExtensionOf<String, String>;

fn invalid(property: &'static str, expected: &'static str) -> PropertyError {
    PropertyError::InvalidValue { property, expected }
}

fn at<T>(items: &[T], index: usize) -> Result<&T, PropertyError> {
    items.get(index).ok_or(PropertyError::InvalidIndex)
}

fn at_mut<T>(items: &mut [T], index: usize) -> Result<&mut T, PropertyError> {
    items.get_mut(index).ok_or(PropertyError::InvalidIndex)
}

impl fmt::Debug for Properties {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Cardholder entries never appear in Debug output.
        f.debug_struct("Properties")
            .field("device_param_count", &self.device_params.len())
            .field("extension_count", &self.extensions.len())
            .field("message_version", &self.message_version)
            .field("sdk_app_id", &self.sdk_app_id)
            .field("sdk_transaction_id", &self.sdk_transaction_id)
            .finish_non_exhaustive()
    }
}

macro_rules! ui_str {
    ($($(#[$doc:meta])* $name:ident => $($field:ident).+ $([$i:literal])?;)*) => {
        $(
            #[doc = concat!("`", stringify!($name), "`.")] $(#[$doc])*
            pub fn $name(&self) -> &str { &self.challenge_ui.$($field).+ $([$i])? }
        )*
    };
}

macro_rules! ui_copy {
    ($($(#[$doc:meta])* $name:ident: $ty:ty => $($field:ident).+;)*) => {
        $(
            #[doc = concat!("`", stringify!($name), "`.")] $(#[$doc])*
            pub fn $name(&self) -> $ty { UiValue::value(self.challenge_ui.$($field).+) }
        )*
    };
}

/// A screen field as the reference reads it: an absent optional field is
/// its zero value (0, `false`).
trait UiValue<T> {
    fn value(self) -> T;
}

impl<T> UiValue<T> for T {
    fn value(self) -> T {
        self
    }
}

impl UiValue<u8> for Option<u8> {
    fn value(self) -> u8 {
        self.unwrap_or(0)
    }
}

impl UiValue<bool> for Option<bool> {
    fn value(self) -> bool {
        self.unwrap_or(false)
    }
}

impl UiValue<u32> for u8 {
    fn value(self) -> u32 {
        u32::from(self)
    }
}

/// The properties' fields in one table: each row gives the field, its type
/// and default and, for a plain property, `kind / setter, "doc"` to generate
/// the getter of the field's name and its setter. `kind` is `str` (a
/// `String`), `secret` (a `Zeroizing<String>`) or `copy`. Fields without
/// a kind have validating setters or are filled by messages: their
/// accessors are written out below.
macro_rules! properties {
    ($($field:ident: $ty:ty = $default:expr $(, $kind:ident / $set:ident, $doc:literal)?;)*) => {
        /// The class's properties (see the module docs for what is left out).
        #[derive(Clone)]
        pub struct Properties { $($field: $ty,)* }

        impl Default for Properties {
            fn default() -> Self {
                Properties { $($field: $default,)* }
            }
        }

        impl Properties {
            $($( properties!(@ $kind, $field, $ty, $set, $doc); )?)*
        }
    };
    (@ str, $get:ident, $ty:ty, $set:ident, $doc:literal) => {
        #[doc = concat!("`", stringify!($get), "`", $doc)]
        pub fn $get(&self) -> &str { &self.$get }
        #[doc = concat!("`", stringify!($set), "`.")]
        pub fn $set(&mut self, value: &str) { self.$get = String::from(value); }
    };
    (@ secret, $get:ident, $ty:ty, $set:ident, $doc:literal) => {
        #[doc = concat!("`", stringify!($get), "` (zeroized on drop and reset; never in `Debug`).")]
        pub fn $get(&self) -> &str { &self.$get }
        #[doc = concat!("`", stringify!($set), "`.")]
        pub fn $set(&mut self, value: &str) { self.$get = Zeroizing::new(String::from(value)); }
    };
    (@ copy, $get:ident, $ty:ty, $set:ident, $doc:literal) => {
        #[doc = concat!("`", stringify!($get), "`", $doc)]
        pub fn $get(&self) -> $ty { self.$get }
        #[doc = concat!("`", stringify!($set), "`.")]
        pub fn $set(&mut self, value: $ty) { self.$get = value; }
    };
}

properties! {
    device_params: Vec<DeviceParam> = Vec::new();
    extensions: Vec<Extension> = Vec::new();
    challenge_ui: ChallengeUi = ChallengeUi::default();
    challenge_cancellation_indicator: String = String::new();
    challenge_data_entry: Zeroizing<String> = Zeroizing::default(),
        secret / set_challenge_data_entry, "";
    challenge_data_entry_two: Zeroizing<String> = Zeroizing::default(),
        secret / set_challenge_data_entry_two, "";
    data_packet_out: String = String::new();
    device_binding_data_entry: bool = false, copy / set_device_binding_data_entry, ".";
    directory_server_id: String = String::new(), str / set_directory_server_id, " (the RID).";
    directory_server_key_id: String = String::new(), str / set_directory_server_key_id, " (`kid`).";
    error_packet: String = String::new();
    message_version: &'static str = "2.1.0";
    oob_app_status: u8 = 0, copy / set_oob_app_status, " (1: opening the OOB app URL failed).";
    oob_app_url_indicator: u8 = 1;
    oob_continuation_indicator: u8 = 0, copy / set_oob_continuation_indicator, ".";
    requestor_app_url: String = String::new(),
        str / set_requestor_app_url, " (also the `MerchantAppURL` setting).";
    sdk_app_id: String = String::new();
    sdk_transaction_id: String = String::new();
    timeout: u32 = DEFAULT_TIMEOUT_SECONDS,
        copy / set_timeout, " in seconds (default 30; 0 = no timeout).";
    use_additional_challenge: bool = false, copy / set_use_additional_challenge, ".";
    use_information_continuation: bool = false, copy / set_use_information_continuation, ".";
    whitelisting_data_entry: bool = false, copy / set_whitelisting_data_entry, ".";
}

impl Properties {
    /// The reference's `reset`: every property back to its default.
    pub fn reset(&mut self) {
        *self = Properties::default();
    }

    /// The reference's `reset_transaction_info`: clears what belongs to one
    /// transaction (the challenge screen and entries, status, packets, the
    /// SDK transaction ID and the per-challenge choices) and keeps the
    /// configuration (device parameters, extensions, DS identifiers, app
    /// IDs and URLs, message version, timeout).
    pub fn reset_transaction_info(&mut self) {
        let keep = Properties {
            device_params: core::mem::take(&mut self.device_params),
            extensions: core::mem::take(&mut self.extensions),
            directory_server_id: core::mem::take(&mut self.directory_server_id),
            directory_server_key_id: core::mem::take(&mut self.directory_server_key_id),
            message_version: self.message_version,
            oob_app_url_indicator: self.oob_app_url_indicator,
            requestor_app_url: core::mem::take(&mut self.requestor_app_url),
            sdk_app_id: core::mem::take(&mut self.sdk_app_id),
            timeout: self.timeout,
            ..Properties::default()
        };
        *self = keep;
    }

    // ---- device parameters ----
    // Indexed accessors fail with `PropertyError::InvalidIndex` past the end.

    /// The reference's `add_device_param(field, value, value_type, category)`.
    ///
    /// # Errors
    /// [`PropertyError::InvalidValue`] for a value type other than 1/2, a
    /// category outside 0–3, or an array-typed value that is not a JSON array of strings.
    pub fn add_device_param(
        &mut self,
        field: &str,
        value: &str,
        value_type: u8,
        category: u8,
    ) -> Result<(), PropertyError> {
        let value_type = value_type_of(value_type)?;
        let category = category_of(category)?;
        check_param_value(value_type, value)?;
        self.device_params.push(DeviceParam {
            field_name: String::from(field),
            value: String::from(value),
            value_type,
            category,
        });
        Ok(())
    }
    /// All device parameters, in insertion order.
    pub fn device_params(&self) -> &[DeviceParam] {
        &self.device_params
    }
    /// `device_param_count`.
    pub fn device_param_count(&self) -> usize {
        self.device_params.len()
    }
    /// `set_device_param_count`: truncates, or extends with default entries.
    pub fn set_device_param_count(&mut self, count: usize) {
        self.device_params.resize(count, DeviceParam::default());
    }
    /// `device_param_category(i)`.
    pub fn device_param_category(&self, i: usize) -> Result<u8, PropertyError> {
        Ok(at(&self.device_params, i)?.category.code())
    }
    /// `set_device_param_category(i, value)`; [`PropertyError::InvalidValue`] outside 0–3.
    pub fn set_device_param_category(&mut self, i: usize, value: u8) -> Result<(), PropertyError> {
        let c = category_of(value)?;
        at_mut(&mut self.device_params, i)?.category = c;
        Ok(())
    }
    /// `device_param_field_name(i)`.
    pub fn device_param_field_name(&self, i: usize) -> Result<&str, PropertyError> {
        Ok(&at(&self.device_params, i)?.field_name)
    }
    /// `set_device_param_field_name(i, value)`.
    pub fn set_device_param_field_name(&mut self, i: usize, v: &str) -> Result<(), PropertyError> {
        at_mut(&mut self.device_params, i)?.field_name = String::from(v);
        Ok(())
    }
    /// `device_param_value(i)`.
    pub fn device_param_value(&self, i: usize) -> Result<&str, PropertyError> {
        Ok(&at(&self.device_params, i)?.value)
    }
    /// `set_device_param_value(i, value)`; [`PropertyError::InvalidValue`] when
    /// the parameter is array-typed and `value` is not a JSON array of strings.
    pub fn set_device_param_value(&mut self, i: usize, value: &str) -> Result<(), PropertyError> {
        let p = at_mut(&mut self.device_params, i)?;
        check_param_value(p.value_type, value)?;
        p.value = String::from(value);
        Ok(())
    }
    /// `device_param_value_type(i)`.
    pub fn device_param_value_type(&self, i: usize) -> Result<u8, PropertyError> {
        Ok(at(&self.device_params, i)?.value_type.code())
    }
    /// `set_device_param_value_type(i, value)`; [`PropertyError::InvalidValue`]
    /// outside 1–2 or when the value does not fit the new type.
    pub fn set_device_param_value_type(&mut self, i: usize, v: u8) -> Result<(), PropertyError> {
        let t = value_type_of(v)?;
        let p = at_mut(&mut self.device_params, i)?;
        check_param_value(t, &p.value)?;
        p.value_type = t;
        Ok(())
    }

    // ---- extensions ----
    // Indexed accessors fail with `PropertyError::InvalidIndex` past the end.

    /// The reference's `add_extension(id, name, critical, data)`.
    ///
    /// # Errors
    /// [`PropertyError::TooMany`] past [`MAX_EXTENSIONS`];
    /// [`PropertyError::InvalidValue`] when `data` is not JSON.
    pub fn add_extension(
        &mut self,
        id: &str,
        name: &str,
        critical: bool,
        data: &str,
    ) -> Result<(), PropertyError> {
        if self.extensions.len() >= MAX_EXTENSIONS {
            return Err(PropertyError::TooMany);
        }
        check_extension_data(data)?;
        self.extensions.push(Extension {
            id: String::from(id),
            name: String::from(name),
            critical,
            data: String::from(data),
        });
        Ok(())
    }
    /// All extensions, in insertion order.
    pub fn extensions(&self) -> &[Extension] {
        &self.extensions
    }
    /// `extension_count`.
    pub fn extension_count(&self) -> usize {
        self.extensions.len()
    }
    /// `set_extension_count`: truncates, or extends with default entries;
    /// [`PropertyError::TooMany`] past [`MAX_EXTENSIONS`].
    pub fn set_extension_count(&mut self, count: usize) -> Result<(), PropertyError> {
        if count > MAX_EXTENSIONS {
            return Err(PropertyError::TooMany);
        }
        self.extensions.resize(count, Extension::default());
        Ok(())
    }
    /// `extension_critical(i)`.
    pub fn extension_critical(&self, i: usize) -> Result<bool, PropertyError> {
        Ok(at(&self.extensions, i)?.critical)
    }
    /// `set_extension_critical(i, value)`.
    pub fn set_extension_critical(&mut self, i: usize, value: bool) -> Result<(), PropertyError> {
        at_mut(&mut self.extensions, i)?.critical = value;
        Ok(())
    }
    /// `extension_data(i)`.
    pub fn extension_data(&self, i: usize) -> Result<&str, PropertyError> {
        Ok(&at(&self.extensions, i)?.data)
    }
    /// `set_extension_data(i, value)`; [`PropertyError::InvalidValue`] when not JSON.
    pub fn set_extension_data(&mut self, i: usize, value: &str) -> Result<(), PropertyError> {
        check_extension_data(value)?;
        at_mut(&mut self.extensions, i)?.data = String::from(value);
        Ok(())
    }
    /// `extension_id(i)`.
    pub fn extension_id(&self, i: usize) -> Result<&str, PropertyError> {
        Ok(&at(&self.extensions, i)?.id)
    }
    /// `set_extension_id(i, value)`.
    pub fn set_extension_id(&mut self, i: usize, value: &str) -> Result<(), PropertyError> {
        at_mut(&mut self.extensions, i)?.id = String::from(value);
        Ok(())
    }
    /// `extension_name(i)`.
    pub fn extension_name(&self, i: usize) -> Result<&str, PropertyError> {
        Ok(&at(&self.extensions, i)?.name)
    }
    /// `set_extension_name(i, value)`.
    pub fn set_extension_name(&mut self, i: usize, value: &str) -> Result<(), PropertyError> {
        at_mut(&mut self.extensions, i)?.name = String::from(value);
        Ok(())
    }

    // ---- challenge screen (filled from the CRes) ----

    /// The whole challenge screen of the last CRes.
    pub fn challenge_ui(&self) -> &ChallengeUi {
        &self.challenge_ui
    }

    ui_str! {
        /// The ACS's HTML (HTML UI).
        acshtml => acshtml;
        acshtml_refresh => acshtml_refresh;
        challenge_additional_information => challenge_additional_information;
        challenge_additional_label => challenge_additional_label;
        challenge_entry_box_label => entry_box.label;
        challenge_entry_box_two_label => entry_box_two.label;
        challenge_info_header => challenge_info_header;
        challenge_info_label => challenge_info_label;
        challenge_info_text => challenge_info_text;
        device_binding_information_text => device_binding_information_text;
        expandable_information_label => expandable_information_label;
        expandable_information_text => expandable_information_text;
        oob_app_label => oob_app_label;
        oob_app_url => oob_app_url;
        oob_continue_label => oob_continue_label;
        resend_information_label => resend_information_label;
        submit_authentication_label => submit_authentication_label;
        whitelisting_information_text => whitelisting_information_text;
        why_information_label => why_information_label;
        why_information_text => why_information_text;
        issuer_image1 => issuer_image[0];
        issuer_image2 => issuer_image[1];
        issuer_image3 => issuer_image[2];
        payment_system_image1 => payment_system_image[0];
        payment_system_image2 => payment_system_image[1];
        payment_system_image3 => payment_system_image[2];
    }

    ui_copy! {
        /// 1 text … 7 information; 0 before any CRes.
        acsui_type: u8 => acsui_type;
        challenge_entry_box_autofill: bool => entry_box.autofill;
        challenge_entry_box_autofill_type: u8 => entry_box.autofill_type;
        challenge_entry_box_keyboard_type: u8 => entry_box.keyboard_type;
        challenge_entry_box_length_max: u32 => entry_box.length_max;
        challenge_entry_box_masking: bool => entry_box.masking;
        challenge_entry_box_masking_toggle: bool => entry_box.toggle;
        challenge_entry_box_two_autofill: bool => entry_box_two.autofill;
        challenge_entry_box_two_autofill_type: u8 => entry_box_two.autofill_type;
        challenge_entry_box_two_keyboard_type: u8 => entry_box_two.keyboard_type;
        challenge_entry_box_two_length_max: u32 => entry_box_two.length_max;
        challenge_entry_box_two_masking: bool => entry_box_two.masking;
        challenge_entry_box_two_masking_toggle: bool => entry_box_two.toggle;
        enable_challenge_info_text_indicator: bool => enable_challenge_info_text_indicator;
        toggle_position_indicator: u8 => toggle_position_indicator;
    }

    /// `challenge_select_info_count`.
    pub fn challenge_select_info_count(&self) -> usize {
        self.challenge_ui.challenge_select_info.len()
    }
    /// `challenge_select_info_name(i)`; [`PropertyError::InvalidIndex`] past the end.
    pub fn challenge_select_info_name(&self, i: usize) -> Result<&str, PropertyError> {
        Ok(&at(&self.challenge_ui.challenge_select_info, i)?.name)
    }
    /// `challenge_select_info_value(i)`; [`PropertyError::InvalidIndex`] past the end.
    pub fn challenge_select_info_value(&self, i: usize) -> Result<&str, PropertyError> {
        Ok(&at(&self.challenge_ui.challenge_select_info, i)?.value)
    }
    /// `issuer_image1`…`3` as `n` = 1…3 (medium, high, extra high);
    /// [`PropertyError::InvalidIndex`] outside 1–3.
    pub fn issuer_image(&self, n: usize) -> Result<&str, PropertyError> {
        let i = n.checked_sub(1).ok_or(PropertyError::InvalidIndex)?;
        Ok(at(&self.challenge_ui.issuer_image, i)?)
    }

    // ---- cardholder answers for the next CReq, identities, configuration ----

    /// `challenge_cancellation_indicator` (`01`–`07`, empty when not cancelling).
    pub fn challenge_cancellation_indicator(&self) -> &str {
        &self.challenge_cancellation_indicator
    }
    /// `set_challenge_cancellation_indicator`; [`PropertyError::InvalidValue`] unless empty or `01`–`07`.
    pub fn set_challenge_cancellation_indicator(&mut self, v: &str) -> Result<(), PropertyError> {
        const CODES: [&str; 7] = ["01", "02", "03", "04", "05", "06", "07"];
        if !v.is_empty() && !CODES.contains(&v) {
            return Err(invalid(
                "challenge_cancellation_indicator",
                "empty or 01 to 07",
            ));
        }
        self.challenge_cancellation_indicator = String::from(v);
        Ok(())
    }
    /// `oob_app_url_indicator` (default 1, supported).
    pub fn oob_app_url_indicator(&self) -> u8 {
        self.oob_app_url_indicator
    }
    /// `set_oob_app_url_indicator`; [`PropertyError::InvalidValue`] outside 1–3.
    pub fn set_oob_app_url_indicator(&mut self, value: u8) -> Result<(), PropertyError> {
        if !(1..=3).contains(&value) {
            return Err(invalid(
                "oob_app_url_indicator",
                "1 (supported), 2 (not by the device) or 3 (not by the requestor)",
            ));
        }
        self.oob_app_url_indicator = value;
        Ok(())
    }
    /// `message_version` (default `2.1.0`; also the `ProtocolVersion` setting).
    pub fn message_version(&self) -> &'static str {
        self.message_version
    }
    /// `set_message_version`; [`PropertyError::InvalidValue`] unless one of [`MESSAGE_VERSIONS`].
    pub fn set_message_version(&mut self, value: &str) -> Result<(), PropertyError> {
        self.message_version = MESSAGE_VERSIONS
            .into_iter()
            .find(|v| *v == value)
            .ok_or(invalid("message_version", "2.1.0, 2.2.0 or 2.3.1"))?;
        Ok(())
    }
    /// `sdk_app_id` (also the `SdkAppId` setting).
    pub fn sdk_app_id(&self) -> &str {
        &self.sdk_app_id
    }
    /// `set_sdk_app_id`; [`PropertyError::InvalidValue`] unless empty or a 36-character RFC 4122 UUID.
    pub fn set_sdk_app_id(&mut self, value: &str) -> Result<(), PropertyError> {
        check_uuid("sdk_app_id", value)?;
        self.sdk_app_id = String::from(value);
        Ok(())
    }
    /// `sdk_transaction_id` (also the `SDKTransactionId` setting).
    pub fn sdk_transaction_id(&self) -> &str {
        &self.sdk_transaction_id
    }
    /// `set_sdk_transaction_id`; [`PropertyError::InvalidValue`] unless empty or a 36-character RFC 4122 UUID.
    pub fn set_sdk_transaction_id(&mut self, value: &str) -> Result<(), PropertyError> {
        check_uuid("sdk_transaction_id", value)?;
        self.sdk_transaction_id = String::from(value);
        Ok(())
    }

    // ---- read-only state set by the transaction ----

    /// `data_packet_out`: the last packet sent, unmasked.
    pub fn data_packet_out(&self) -> &str {
        &self.data_packet_out
    }
    /// `error_packet`: the Erro to send back, or the Erro received.
    pub fn error_packet(&self) -> &str {
        &self.error_packet
    }

    /// Replaces the challenge screen with the one the last CRes described.
    pub(crate) fn update_challenge_ui(&mut self, ui: ChallengeUi) {
        self.challenge_ui = ui;
    }
    /// Records the last packet sent.
    pub(crate) fn update_data_packet_out(&mut self, packet: &str) {
        self.data_packet_out = String::from(packet);
    }
    /// Records the Erro packet to send back or received.
    pub(crate) fn update_error_packet(&mut self, packet: &str) {
        self.error_packet = String::from(packet);
    }
    /// Clears the cardholder's entries once a CReq carrying them has been built.
    pub(crate) fn clear_challenge_entries(&mut self) {
        self.challenge_data_entry = Zeroizing::new(String::new());
        self.challenge_data_entry_two = Zeroizing::new(String::new());
    }
}

fn check_uuid(property: &'static str, value: &str) -> Result<(), PropertyError> {
    if value.is_empty() || crate::message::is_uuid(value) {
        Ok(())
    } else {
        Err(invalid(property, "a 36-character RFC 4122 UUID"))
    }
}

fn check_param_value(t: DeviceParamValueType, value: &str) -> Result<(), PropertyError> {
    t.accepts(value)
        .then_some(())
        .ok_or(invalid("device_param_value", "a JSON array of strings"))
}

fn check_extension_data(data: &str) -> Result<(), PropertyError> {
    if data.is_empty() || crate::json::parse_str(data).is_ok() {
        Ok(())
    } else {
        Err(invalid("extension_data", "JSON"))
    }
}

/// The settings that are properties under another name.
impl SettingsBackend for Properties {
    fn get(&self, setting: Setting, _index: Option<usize>) -> Result<ConfigValue<'_>, ConfigError> {
        Ok(ConfigValue::Str(match setting {
            Setting::MerchantAppUrl => self.requestor_app_url(),
            Setting::ProtocolVersion => self.message_version(),
            Setting::SdkAppId => self.sdk_app_id(),
            Setting::SdkTransactionId => self.sdk_transaction_id(),
            _ => return Err(ConfigError::NotAvailable(setting)),
        }))
    }

    fn set(
        &mut self,
        setting: Setting,
        _index: Option<usize>,
        value: &str,
    ) -> Result<(), ConfigError> {
        let bad = |expected| ConfigError::InvalidValue { setting, expected };
        match setting {
            Setting::MerchantAppUrl => self.set_requestor_app_url(value),
            Setting::ProtocolVersion => self
                .set_message_version(value.trim())
                .map_err(|_| bad("2.1.0, 2.2.0 or 2.3.1"))?,
            Setting::SdkAppId => self
                .set_sdk_app_id(value.trim())
                .map_err(|_| bad("a 36-character RFC 4122 UUID"))?,
            Setting::SdkTransactionId => self
                .set_sdk_transaction_id(value.trim())
                .map_err(|_| bad("a 36-character RFC 4122 UUID"))?,
            _ => return Err(ConfigError::ReadOnly(setting)),
        }
        Ok(())
    }
}
