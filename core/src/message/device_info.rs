//! Device information (the plaintext of `sdkEncData`):
//! `{"DV":"1.0","DD":{…},"DPNA":{…},"SW":[…]}`, built like the reference's
//! `add_device_param(field, value, value_type, category)`.

use heapless::Vec;

use super::compact;
use super::error::BuildError;
use crate::json::JsonWriter;

/// Default number of `DD` + `DPNA` parameters a [`DeviceInfo`] holds. The
/// EMVCo SDK Device Information catalogue has about 170 Android parameters
/// (C001–C017, A001–A160); 192 leaves room for any single platform.
pub const DEFAULT_DEVICE_PARAMS: usize = 192;

/// Number of distinct security warnings (`SW01`…) a [`DeviceInfo`] holds.
pub const MAX_SECURITY_WARNINGS: usize = 16;

/// The default data version (`DV`).
pub const DEFAULT_DATA_VERSION: &str = "1.0";

/// Category argument of `add_device_param`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceParamCategory {
    /// 0: `DV`, the data version (only the value matters).
    DataVersion,
    /// 1: `DD`, device data.
    DeviceData,
    /// 2: `DPNA`, parameter-not-available reasons.
    NotAvailable,
    /// 3: `SW`, security warnings (only the name matters).
    SecurityWarning,
}

impl DeviceParamCategory {
    /// The reference's integer code (0–3).
    pub fn from_code(n: i32) -> Option<Self> {
        Some(match n {
            0 => Self::DataVersion,
            1 => Self::DeviceData,
            2 => Self::NotAvailable,
            3 => Self::SecurityWarning,
            _ => return None,
        })
    }

    /// The reference's integer code (0–3).
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// Value-type argument of `add_device_param`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceValueType {
    /// 1: the value is a JSON array given as text.
    Array,
    /// 2: the value is a plain string.
    String,
}

impl DeviceValueType {
    /// The reference's integer code (1 or 2).
    pub fn from_code(n: i32) -> Option<Self> {
        match n {
            1 => Some(Self::Array),
            2 => Some(Self::String),
            _ => None,
        }
    }

    /// The reference's integer code (1 or 2).
    pub fn code(self) -> u8 {
        match self {
            Self::Array => 1,
            Self::String => 2,
        }
    }

    /// Whether `value` is a value of this type: any text for `String`, a
    /// JSON array of strings for `Array`.
    pub fn accepts(self, value: &str) -> bool {
        self == Self::String
            || crate::json::parse_str(value)
                .ok()
                .and_then(|v| v.as_array())
                .is_some_and(|a| a.iter().all(|v| v.as_str().is_some()))
    }
}

#[derive(Debug, Clone, Copy)]
struct Param<'a> {
    dpna: bool,
    name: &'a str,
    value: &'a str,
    kind: DeviceValueType,
}

/// Device information parameters, borrowed from the caller, in insertion order.
///
/// Adding a name that is already present in the same category replaces its
/// value in place (so the output never has duplicate members).
#[derive(Debug, Clone)]
pub struct DeviceInfo<'a, const N: usize = DEFAULT_DEVICE_PARAMS> {
    data_version: &'a str,
    params: Vec<Param<'a>, N>,
    warnings: Vec<&'a str, MAX_SECURITY_WARNINGS>,
}

impl<const N: usize> Default for DeviceInfo<'_, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a, const N: usize> DeviceInfo<'a, N> {
    /// An empty collection with `DV` = `"1.0"`.
    pub fn new() -> Self {
        Self {
            data_version: DEFAULT_DATA_VERSION,
            params: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Number of `DD` + `DPNA` parameters.
    pub fn len(&self) -> usize {
        self.params.len()
    }

    /// True when no `DD`/`DPNA` parameter and no warning was added.
    pub fn is_empty(&self) -> bool {
        self.params.is_empty() && self.warnings.is_empty()
    }

    /// Adds a parameter, as the reference's `add_device_param`.
    ///
    /// - `DataVersion`: `value` becomes `DV` (`field` is ignored).
    /// - `DeviceData` / `NotAvailable`: `field` → `value` in `DD` / `DPNA`.
    /// - `SecurityWarning`: `field` is appended to `SW` (`value` is ignored).
    ///
    /// # Errors
    /// [`BuildError::Invalid`] for an empty name, an `Array` value that is not
    /// a JSON array, or an array value for `DV`/`SW`;
    /// [`BuildError::CapacityExceeded`] when `N` parameters or
    /// [`MAX_SECURITY_WARNINGS`] warnings are already held.
    pub fn add_param(
        &mut self,
        field: &'a str,
        value: &'a str,
        value_type: DeviceValueType,
        category: DeviceParamCategory,
    ) -> Result<(), BuildError> {
        match category {
            DeviceParamCategory::DataVersion => {
                if value_type != DeviceValueType::String || value.is_empty() {
                    return Err(BuildError::Invalid("DV"));
                }
                self.data_version = value;
            }
            DeviceParamCategory::SecurityWarning => {
                if field.is_empty() || value_type != DeviceValueType::String {
                    return Err(BuildError::Invalid("SW"));
                }
                if !self.warnings.contains(&field) {
                    self.warnings
                        .push(field)
                        .map_err(|_| BuildError::CapacityExceeded("SW"))?;
                }
            }
            DeviceParamCategory::DeviceData | DeviceParamCategory::NotAvailable => {
                let dpna = category == DeviceParamCategory::NotAvailable;
                let what = if dpna { "DPNA" } else { "DD" };
                if field.is_empty() {
                    return Err(BuildError::Invalid(what));
                }
                if value_type == DeviceValueType::Array {
                    let v = compact::parse_value(value, what)?;
                    if v.as_array().is_none() {
                        return Err(BuildError::Invalid(what));
                    }
                }
                let param = Param {
                    dpna,
                    name: field,
                    value,
                    kind: value_type,
                };
                match self
                    .params
                    .iter_mut()
                    .find(|p| p.dpna == dpna && p.name == field)
                {
                    Some(existing) => *existing = param,
                    None => self
                        .params
                        .push(param)
                        .map_err(|_| BuildError::CapacityExceeded(what))?,
                }
            }
        }
        Ok(())
    }

    /// Writes the compact JSON into `buf` and returns the bytes written.
    ///
    /// Members appear as `DV`, `DD`, `DPNA`, `SW`; empty `DD`/`DPNA`/`SW`
    /// are left out except `DD`, which is always written.
    ///
    /// # Errors
    /// [`BuildError::BufferTooSmall`] when `buf` is too small.
    pub fn write<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], BuildError> {
        let mut w = JsonWriter::new(buf);
        w.begin_object()?;
        w.field_str("DV", self.data_version)?;
        self.write_category(&mut w, false)?;
        if self.params.iter().any(|p| p.dpna) {
            self.write_category(&mut w, true)?;
        }
        if !self.warnings.is_empty() {
            w.key("SW")?;
            w.begin_array()?;
            for sw in &self.warnings {
                w.string(sw)?;
            }
            w.end_array()?;
        }
        w.end_object()?;
        Ok(w.finish()?)
    }

    fn write_category(&self, w: &mut JsonWriter<'_>, dpna: bool) -> Result<(), BuildError> {
        let what = if dpna { "DPNA" } else { "DD" };
        w.key(what)?;
        w.begin_object()?;
        for p in self.params.iter().filter(|p| p.dpna == dpna) {
            w.key(p.name)?;
            match p.kind {
                DeviceValueType::String => w.string(p.value)?,
                DeviceValueType::Array => {
                    let v = compact::parse_value(p.value, what)?;
                    compact::write_compact(w, p.value, v, what)?;
                }
            }
        }
        w.end_object()?;
        Ok(())
    }
}
