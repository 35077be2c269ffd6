//! The reference's `config("Name=Value")` / `config("Name")` settings.
//!
//! [`Settings`] holds the settings an application configures (their
//! defaults are the reference's). Settings that are really properties under
//! another name (`SdkAppId`, `ProtocolVersion`, …), transaction state
//! (`ACSURL`, `ErrorCode`, `ChallengeTimeRemaining`, …) and the message being
//! inspected by the `XPath` read-outs live elsewhere; [`Settings::config`]
//! forwards them to a [`SettingsBackend`] the facade implements, so the
//! string interface covers every name without owning the state.
//!
//! String semantics: names are case-insensitive and may carry an index
//! (`IncomingExtensionId[0]`, 0-based); `Name=Value` splits at the first `=`;
//! booleans are `true`/`false`/`1`/`0` (any case) and read back as
//! `true`/`false`.

use super::error::ErrorCode;
use super::events::LogLevel;
use super::setting::{Setting, SettingKind};
use crate::json::xpath::{self, ElementName, ElementText, SubTree, XPathError};
use core::fmt;

/// Longest `SDKReferenceNumber`: the message layer's limit on `sdkReferenceNumber`.
pub use crate::message::MAX_SDK_REFERENCE_NUMBER;

/// A value read through `config("Name")`; displays as the reference's string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigValue<'a> {
    /// The empty string (also the reply to a set).
    Empty,
    /// A Boolean, shown as `true`/`false`.
    Bool(bool),
    /// An unsigned number, shown in decimal.
    Number(u64),
    /// Text.
    Str(&'a str),
    /// A two-digit code (`01`…`99`), shown with its leading zero.
    Code(u8),
    /// An element's text (`XText`, `XChildXText[i]`).
    Text(ElementText<'a>),
    /// An element's JSON (`XSubTree`).
    SubTree(SubTree<'a>),
    /// An element's name (`XElement`, `XParent`, `XChildName[i]`).
    Name(ElementName<'a>),
}

impl fmt::Display for ConfigValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigValue::Empty => Ok(()),
            ConfigValue::Bool(true) => f.write_str("true"),
            ConfigValue::Bool(false) => f.write_str("false"),
            ConfigValue::Number(n) => write!(f, "{n}"),
            ConfigValue::Str(s) => f.write_str(s),
            ConfigValue::Code(c) => write!(f, "{c:02}"),
            ConfigValue::Text(t) => fmt::Display::fmt(t, f),
            ConfigValue::SubTree(t) => fmt::Display::fmt(t, f),
            ConfigValue::Name(n) => fmt::Display::fmt(n, f),
        }
    }
}

/// Why a `config` call failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// No setting of the reference has this name.
    UnknownSetting,
    /// The name's `[i]` is malformed (not a decimal index, or unclosed).
    MalformedName,
    /// The setting takes an index and none was given.
    MissingIndex(Setting),
    /// An index was given to a setting that takes none.
    UnexpectedIndex(Setting),
    /// The index is past the last element.
    IndexOutOfRange(Setting),
    /// The setting cannot be set.
    ReadOnly(Setting),
    /// The value is not acceptable; `expected` says what is.
    InvalidValue {
        /// The setting.
        setting: Setting,
        /// What the setting accepts.
        expected: &'static str,
    },
    /// The reference defines the setting but this client does not implement it.
    Unsupported {
        /// The setting.
        setting: Setting,
        /// Why.
        reason: &'static str,
    },
    /// The backend has no value yet (e.g. no transaction has started).
    NotAvailable(Setting),
    /// An `XPath` setting or read-out failed.
    XPath(XPathError),
}

impl ConfigError {
    /// The reference error code reported for this failure: 606 (Invalid
    /// index) for indexes out of range, 603 (Invalid operation) otherwise,
    /// since the reference lists no dedicated configuration codes.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            ConfigError::IndexOutOfRange(_) | ConfigError::XPath(XPathError::IndexOutOfRange) => {
                ErrorCode::InvalidIndex
            }
            _ => ErrorCode::InvalidOperation,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::UnknownSetting => f.write_str("unknown config setting"),
            ConfigError::MalformedName => f.write_str("malformed config setting index"),
            ConfigError::MissingIndex(s) => write!(f, "{s} needs an index: {s}[i]"),
            ConfigError::UnexpectedIndex(s) => write!(f, "{s} takes no index"),
            ConfigError::IndexOutOfRange(s) => write!(f, "{s}: index out of range"),
            ConfigError::ReadOnly(s) => write!(f, "{s} is read-only"),
            ConfigError::InvalidValue { setting, expected } => {
                write!(f, "invalid value for {setting}: expected {expected}")
            }
            ConfigError::Unsupported { setting, reason } => {
                write!(f, "{setting} is not supported: {reason}")
            }
            ConfigError::NotAvailable(s) => write!(f, "{s} has no value yet"),
            ConfigError::XPath(e) => write!(f, "XPath: {e}"),
        }
    }
}

impl core::error::Error for ConfigError {}

impl From<XPathError> for ConfigError {
    fn from(e: XPathError) -> Self {
        ConfigError::XPath(e)
    }
}

/// The facade's side of the settings: properties known by another name,
/// transaction state, and the last parsed message for the `XPath` read-outs.
///
/// Every method has a default, so a backend implements only what it has.
pub trait SettingsBackend {
    /// The value of a [`SettingKind::Property`] or [`SettingKind::Transaction`]
    /// setting; `index` is present exactly when [`Setting::indexed`].
    ///
    /// # Errors
    /// [`ConfigError::NotAvailable`] by default; [`ConfigError::IndexOutOfRange`]
    /// for a bad index.
    fn get(&self, setting: Setting, index: Option<usize>) -> Result<ConfigValue<'_>, ConfigError> {
        let _ = index;
        Err(ConfigError::NotAvailable(setting))
    }

    /// Sets a [`SettingKind::Property`] or writable [`SettingKind::Transaction`] setting.
    ///
    /// # Errors
    /// [`ConfigError::ReadOnly`] by default; [`ConfigError::InvalidValue`] for a bad value.
    fn set(
        &mut self,
        setting: Setting,
        index: Option<usize>,
        value: &str,
    ) -> Result<(), ConfigError> {
        let _ = (index, value);
        Err(ConfigError::ReadOnly(setting))
    }

    /// The last parsed message (plaintext JSON), for the `XPath` read-outs.
    fn last_message(&self) -> Option<&[u8]> {
        None
    }
}

/// A backend with nothing: no transaction, no message.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoBackend;

impl SettingsBackend for NoBackend {}

/// `DeviceRenderingInterface` is the message layer's `sdkInterface` code
/// (01 Native, 02 HTML, 03 Both, the default: every SDK must support both).
pub use crate::message::Interface as DeviceRenderingInterface;

/// `SDKMaxTimeout` bounds, in minutes: the message layer's `sdkMaxTimeout` range.
pub use crate::message::SDK_MAX_TIMEOUT_MINUTES;

/// The `SdkAuthenticationType` codes, 01–11.
pub const SDK_AUTHENTICATION_TYPES: core::ops::RangeInclusive<u8> = 1..=11;

/// The stored settings in one table: each row gives the field, its type,
/// its default (the reference's) and, for a plain one, the doc of a getter
/// returning a copy; the other getters are written out below.
macro_rules! settings_store {
    ($($(#[$m:meta])* $field:ident: $ty:ty = $default:expr $(, $doc:literal)?;)*) => {
        /// The settings an application configures, with the reference's defaults.
        #[derive(Clone, PartialEq, Eq)]
        pub struct Settings { $($(#[$m])* $field: $ty,)* }

        impl Default for Settings {
            fn default() -> Self {
                Settings { $($(#[$m])* $field: $default,)* }
            }
        }

        impl Settings {
            $($( #[doc = $doc] pub fn $field(&self) -> $ty { self.$field } )?)*
        }
    };
}

settings_store! {
    accept_any_acs_cert: bool = false, "`AcceptAnyACSCert` (default false).";
    decoupled_fallback: bool = false,
        "`DecoupledFallback` (default false; not a name of the reference's): the 3DS Requestor \
        asked for decoupled fallback (`threeDSRequestorDecReqInd` F or B), so a 2.3.1 final CRes \
        may end the challenge with `transStatus` D.";
    device_rendering_interface: DeviceRenderingInterface = DeviceRenderingInterface::Both,
        "`DeviceRenderingInterface` (default 03, Both).";
    device_rendering_ui_type: u8 = 127;
    log_level: LogLevel = LogLevel::Info, "`LogLevel` (default Info).";
    mask_sensitive: bool = true, "`MaskSensitive` (default true).";
    #[cfg(feature = "alloc")]
    outgoing_raw_extensions: alloc::string::String = alloc::string::String::new();
    resend_challenge_info: Option<bool> = None,
        "`ResendChallengeInfo`: `Some(true)` for Y, `Some(false)` for N, `None` when unset.";
    sdk_authentication_type: heapless::String<32> = heapless::String::new();
    sdk_max_timeout: u8 = 5, "`SDKMaxTimeout` in minutes (default 5).";
    sdk_reference_number: heapless::String<MAX_SDK_REFERENCE_NUMBER> = heapless::String::new();
    use_aes_gcm: bool = false, "`UseAESGCM` (default false: A128CBC-HS256).";
    xpath: heapless::String<{ xpath::MAX_PATH_LEN }> = heapless::String::new();
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("log_level", &self.log_level)
            .field("mask_sensitive", &self.mask_sensitive)
            .field("sdk_max_timeout", &self.sdk_max_timeout)
            .field("use_aes_gcm", &self.use_aes_gcm)
            .field("xpath", &self.xpath.as_str())
            .finish_non_exhaustive()
    }
}

/// Splits `Name[i]` into the setting and its index, checking the index's presence.
///
/// # Errors
/// [`ConfigError::UnknownSetting`], [`ConfigError::MalformedName`],
/// [`ConfigError::MissingIndex`] or [`ConfigError::UnexpectedIndex`].
pub fn parse_name(name: &str) -> Result<(Setting, Option<usize>), ConfigError> {
    let name = name.trim();
    let (base, index) = match name.find('[') {
        Some(open) => {
            let base = name.get(..open).ok_or(ConfigError::MalformedName)?;
            let digits = name
                .get(open..)
                .and_then(|r| r.strip_prefix('['))
                .and_then(|r| r.strip_suffix(']'))
                .ok_or(ConfigError::MalformedName)?;
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ConfigError::MalformedName);
            }
            let setting = Setting::lookup(base).ok_or(ConfigError::UnknownSetting)?;
            // All digits: the only failure is overflow, which no collection reaches.
            let i = digits
                .parse()
                .map_err(|_| ConfigError::IndexOutOfRange(setting))?;
            (base, Some(i))
        }
        None => (name, None),
    };
    let setting = Setting::lookup(base).ok_or(ConfigError::UnknownSetting)?;
    match (setting.indexed(), index) {
        (true, None) => Err(ConfigError::MissingIndex(setting)),
        (false, Some(_)) => Err(ConfigError::UnexpectedIndex(setting)),
        _ => Ok((setting, index)),
    }
}

/// Parses the reference's Boolean spellings, any case: `true`/`false`,
/// `yes`/`no`, `on`/`off`, `1`/`0` (its documentation writes
/// `MaskSensitive=Yes`, its samples `AcceptAnyACSCert=true`).
pub fn parse_bool(value: &str) -> Option<bool> {
    let v = value.trim();
    let is = |words: [&str; 4]| words.iter().any(|w| v.eq_ignore_ascii_case(w));
    if is(["true", "yes", "on", "1"]) {
        Some(true)
    } else if is(["false", "no", "off", "0"]) {
        Some(false)
    } else {
        None
    }
}

fn parse_u8(value: &str) -> Option<u8> {
    let v = value.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

fn invalid(setting: Setting, expected: &'static str) -> ConfigError {
    ConfigError::InvalidValue { setting, expected }
}

impl Settings {
    /// The reference's `config` method: `"Name=Value"` sets (and answers
    /// [`ConfigValue::Empty`]), `"Name"` reads.
    ///
    /// # Errors
    /// See [`Settings::set`] and [`Settings::get`].
    pub fn config<'a>(
        &'a mut self,
        command: &str,
        backend: &'a mut dyn SettingsBackend,
    ) -> Result<ConfigValue<'a>, ConfigError> {
        match crate::text::split_once_ascii(command, b'=') {
            Some((name, value)) => {
                self.set(name, value, backend)?;
                Ok(ConfigValue::Empty)
            }
            None => self.get(command, backend),
        }
    }

    /// `config("Name")`.
    ///
    /// # Errors
    /// A bad name (see [`parse_name`]), [`ConfigError::Unsupported`], or the
    /// backend's / XPath evaluator's error.
    pub fn get<'a>(
        &'a self,
        name: &str,
        backend: &'a dyn SettingsBackend,
    ) -> Result<ConfigValue<'a>, ConfigError> {
        let (setting, index) = parse_name(name)?;
        match setting.kind() {
            SettingKind::Stored => Ok(self.get_stored(setting)),
            SettingKind::Property | SettingKind::Transaction { .. } => backend.get(setting, index),
            SettingKind::XPathReadout => self.get_xpath(setting, index, backend),
            SettingKind::Unsupported(reason) => Err(ConfigError::Unsupported { setting, reason }),
        }
    }

    /// `config("Name=Value")`.
    ///
    /// # Errors
    /// A bad name (see [`parse_name`]), [`ConfigError::ReadOnly`],
    /// [`ConfigError::InvalidValue`], [`ConfigError::Unsupported`], or the backend's error.
    pub fn set(
        &mut self,
        name: &str,
        value: &str,
        backend: &mut dyn SettingsBackend,
    ) -> Result<(), ConfigError> {
        let (setting, index) = parse_name(name)?;
        match setting.kind() {
            SettingKind::Stored => self.set_stored(setting, value, backend),
            SettingKind::Property | SettingKind::Transaction { writable: true } => {
                backend.set(setting, index, value)
            }
            SettingKind::Transaction { writable: false } | SettingKind::XPathReadout => {
                Err(ConfigError::ReadOnly(setting))
            }
            SettingKind::Unsupported(reason) => Err(ConfigError::Unsupported { setting, reason }),
        }
    }

    fn get_stored(&self, setting: Setting) -> ConfigValue<'_> {
        match setting {
            Setting::AcceptAnyAcsCert => ConfigValue::Bool(self.accept_any_acs_cert),
            Setting::DecoupledFallback => ConfigValue::Bool(self.decoupled_fallback),
            Setting::DeviceRenderingInterface => {
                ConfigValue::Code(self.device_rendering_interface.code())
            }
            Setting::DeviceRenderingUiType => {
                ConfigValue::Number(u64::from(self.device_rendering_ui_type))
            }
            Setting::LogLevel => ConfigValue::Number(u64::from(self.log_level.number())),
            Setting::MaskSensitive => ConfigValue::Bool(self.mask_sensitive),
            Setting::OutgoingRawExtensions => ConfigValue::Str(self.outgoing_raw_extensions()),
            Setting::ResendChallengeInfo => match self.resend_challenge_info {
                Some(true) => ConfigValue::Str("Y"),
                Some(false) => ConfigValue::Str("N"),
                None => ConfigValue::Empty,
            },
            Setting::SdkAuthenticationType => ConfigValue::Str(&self.sdk_authentication_type),
            Setting::SdkMaxTimeout => ConfigValue::Number(u64::from(self.sdk_max_timeout)),
            Setting::SdkReferenceNumber => ConfigValue::Str(&self.sdk_reference_number),
            Setting::UseAesGcm => ConfigValue::Bool(self.use_aes_gcm),
            Setting::XPath => ConfigValue::Str(self.current_xpath()),
            // Only stored settings reach here (see `get`).
            _ => ConfigValue::Empty,
        }
    }

    fn set_stored(
        &mut self,
        setting: Setting,
        value: &str,
        backend: &dyn SettingsBackend,
    ) -> Result<(), ConfigError> {
        const BOOL: &str = "true/false, yes/no, on/off, 1/0";
        match setting {
            Setting::AcceptAnyAcsCert => {
                self.accept_any_acs_cert = parse_bool(value).ok_or(invalid(setting, BOOL))?;
            }
            Setting::DecoupledFallback => {
                self.decoupled_fallback = parse_bool(value).ok_or(invalid(setting, BOOL))?;
            }
            Setting::DeviceRenderingInterface => {
                self.device_rendering_interface = parse_u8(value)
                    .filter(|n| (1..=3).contains(n))
                    .map(DeviceRenderingInterface::from_code)
                    .ok_or(invalid(setting, "01 (Native), 02 (HTML) or 03 (Both)"))?;
            }
            Setting::DeviceRenderingUiType => {
                self.device_rendering_ui_type = parse_u8(value)
                    .filter(|v| (1..=127).contains(v))
                    .ok_or(invalid(
                    setting,
                    "an OR of 1, 2, 4, 8, 16, 32, 64 (1 to 127)",
                ))?;
            }
            Setting::LogLevel => {
                self.log_level = parse_u8(value)
                    .and_then(LogLevel::from_number)
                    .ok_or(invalid(setting, "0, 1, 2 or 3"))?;
            }
            Setting::MaskSensitive => {
                self.mask_sensitive = parse_bool(value).ok_or(invalid(setting, BOOL))?;
            }
            Setting::OutgoingRawExtensions => self.set_outgoing_raw_extensions(value)?,
            Setting::ResendChallengeInfo => {
                self.resend_challenge_info = match value.trim() {
                    "Y" | "y" => Some(true),
                    "N" | "n" => Some(false),
                    "" => None,
                    _ => return Err(invalid(setting, "Y, N or empty")),
                };
            }
            Setting::SdkAuthenticationType => {
                let v = value.trim();
                if !v.is_empty() {
                    let mut seen = 0u16;
                    for code in crate::text::split_ascii(v, b',') {
                        let code = code.trim();
                        let n = parse_u8(code)
                            .filter(|_| code.len() == 2)
                            .filter(|n| SDK_AUTHENTICATION_TYPES.contains(n))
                            .ok_or(invalid(setting, "a comma-separated list of 01 to 11"))?;
                        let bit = 1u16.checked_shl(u32::from(n)).unwrap_or(0);
                        if seen & bit != 0 {
                            return Err(invalid(setting, "each code at most once"));
                        }
                        seen |= bit;
                    }
                }
                self.sdk_authentication_type = heapless::String::try_from(v)
                    .map_err(|_| invalid(setting, "at most 32 characters"))?;
            }
            Setting::SdkMaxTimeout => {
                self.sdk_max_timeout = parse_u8(value)
                    .filter(|m| SDK_MAX_TIMEOUT_MINUTES.contains(m))
                    .ok_or(invalid(setting, "minutes, 5 to 99"))?;
            }
            Setting::SdkReferenceNumber => {
                if !value.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
                    return Err(invalid(setting, "printable ASCII"));
                }
                self.sdk_reference_number = heapless::String::try_from(value)
                    .map_err(|_| invalid(setting, "at most 32 characters"))?;
            }
            Setting::UseAesGcm => {
                self.use_aes_gcm = parse_bool(value).ok_or(invalid(setting, BOOL))?;
            }
            Setting::XPath => self.set_xpath(value, backend)?,
            _ => return Err(ConfigError::ReadOnly(setting)),
        }
        Ok(())
    }

    #[cfg(feature = "alloc")]
    fn set_outgoing_raw_extensions(&mut self, value: &str) -> Result<(), ConfigError> {
        let setting = Setting::OutgoingRawExtensions;
        if !value.trim().is_empty() {
            let parsed = crate::json::parse_str(value)
                .map_err(|_| invalid(setting, "a JSON array of extension objects"))?;
            let array = parsed
                .as_array()
                .ok_or(invalid(setting, "a JSON array of extension objects"))?;
            if !array.iter().all(|v| v.as_object().is_some()) {
                return Err(invalid(setting, "a JSON array of extension objects"));
            }
        }
        self.outgoing_raw_extensions = alloc::string::String::from(value.trim());
        Ok(())
    }

    #[cfg(not(feature = "alloc"))]
    fn set_outgoing_raw_extensions(&mut self, _value: &str) -> Result<(), ConfigError> {
        Err(ConfigError::Unsupported {
            setting: Setting::OutgoingRawExtensions,
            reason: "raw extensions (up to 81920 bytes) need the `alloc` feature",
        })
    }

    fn set_xpath(&mut self, value: &str, backend: &dyn SettingsBackend) -> Result<(), ConfigError> {
        let value = value.trim();
        xpath::check_syntax(value)?;
        let joined = xpath::join(self.current_xpath(), value)?;
        // With a message at hand, refuse a path that points nowhere (and keep the old one).
        if let Some(doc) = backend.last_message() {
            xpath::select(doc, &joined)?;
        }
        self.xpath = joined;
        Ok(())
    }

    fn get_xpath<'a>(
        &self,
        setting: Setting,
        index: Option<usize>,
        backend: &'a dyn SettingsBackend,
    ) -> Result<ConfigValue<'a>, ConfigError> {
        let doc = backend.last_message().ok_or(XPathError::NoDocument)?;
        let cursor = xpath::select(doc, self.current_xpath())?;
        let current = cursor.current().ok_or(XPathError::NotFound)?;
        let child = |i: Option<usize>| {
            let i = i.ok_or(ConfigError::MissingIndex(setting))?;
            current
                .child(i)
                .map_err(|_| ConfigError::IndexOutOfRange(setting))
        };
        Ok(match setting {
            Setting::XChildCount => ConfigValue::Number(current.child_count() as u64),
            Setting::XChildName => ConfigValue::Name(child(index)?.name),
            Setting::XChildXText => ConfigValue::Text(child(index)?.text()),
            Setting::XElement => ConfigValue::Name(current.name),
            Setting::XParent => match cursor.parent() {
                Some(p) => ConfigValue::Name(p.name),
                None => ConfigValue::Empty,
            },
            Setting::XSubTree => ConfigValue::SubTree(current.sub_tree()),
            Setting::XText => ConfigValue::Text(current.text()),
            _ => return Err(ConfigError::ReadOnly(setting)),
        })
    }

    fn current_xpath(&self) -> &str {
        if self.xpath.is_empty() {
            "/json"
        } else {
            &self.xpath
        }
    }

    /// `DeviceRenderingUIType` as its bitmask (default 127, all).
    pub fn device_rendering_ui_type(&self) -> u8 {
        self.device_rendering_ui_type
    }
    /// The `sdkUiType` codes (`"01"`…`"07"`) the `DeviceRenderingUIType` bitmask selects.
    pub fn device_rendering_ui_type_codes(&self) -> impl Iterator<Item = &'static str> + '_ {
        const CODES: [&str; 7] = ["01", "02", "03", "04", "05", "06", "07"];
        let mask = self.device_rendering_ui_type;
        CODES
            .into_iter()
            .enumerate()
            .filter(move |(bit, _)| mask & 1u8.checked_shl(*bit as u32).unwrap_or(0) != 0)
            .map(|(_, code)| code)
    }
    /// `OutgoingRawExtensions` (default empty; always empty without `alloc`).
    pub fn outgoing_raw_extensions(&self) -> &str {
        #[cfg(feature = "alloc")]
        return &self.outgoing_raw_extensions;
        #[cfg(not(feature = "alloc"))]
        return "";
    }
    /// `SdkAuthenticationType`, the validated comma-separated list (default empty).
    pub fn sdk_authentication_type(&self) -> &str {
        &self.sdk_authentication_type
    }
    /// `SDKReferenceNumber` (default empty).
    pub fn sdk_reference_number(&self) -> &str {
        &self.sdk_reference_number
    }
    /// `XPath`, resolved to an absolute path (default `/json`).
    pub fn xpath(&self) -> &str {
        self.current_xpath()
    }
}
