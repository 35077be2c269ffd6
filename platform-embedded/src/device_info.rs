//! Device information built from what the firmware knows, with no
//! allocation: the same JSON (`DV` 1.6, `C001`–`C018`, `DPNA`, `SW`) as the
//! std collector, through the core's one encoder.
//!
//! ```
//! use threeds_core::message::{CommonParam, SecurityWarning};
//! use threeds_embedded::device_info::DeviceInfoBuilder;
//!
//! let mut info = DeviceInfoBuilder::new();
//! info.set(CommonParam::Platform, "Embedded")
//!     .model("Acme", "T400 terminal")
//!     .set(CommonParam::OsName, "acme-rtos")
//!     .set(CommonParam::OsVersion, "4.2.1")
//!     .set(CommonParam::HardwareId, "T400-00012345") // the serial, if the scheme allows it
//!     .set(CommonParam::Locale, "en-GB")
//!     .deny(CommonParam::IpAddress) // RE01
//!     .transaction(
//!         "8f8e1b3c-3c4e-4f0a-9d59-2a1f1c0e6b11",
//!         "3DS_LOA_SDK_TEST_020200_00001",
//!         "b2385523-a66c-4907-ac3c-91848e8c0067", // from new_sdk_trans_id, then begin_with_trans_id
//!         1_796_208_123,
//!     )
//!     .warning(SecurityWarning::Debugger); // e.g. the debug port is unlocked
//! let mut buf = [0u8; 1024];
//! let json = info.write(&mut buf).unwrap();
//! assert!(json.starts_with(br#"{"DV":"1.6","DD":{"C001":"Embedded","C002":"Acme||T400 terminal""#));
//! assert!(json.ends_with(br#""SW":["SW04"]}"#));
//! ```
//!
//! Every parameter not set is sent in `DPNA` as `RE04` (no value), unless
//! the firmware gives another reason with [`DeviceInfoBuilder::not_available`]
//! (e.g. `RE02` for a location the hardware cannot know).

use threeds_core::message::{
    BuildError, COLLECTED_DATA_VERSION, CommonParam, DeviceInfo, DeviceParamCategory,
    DeviceValueType, NotAvailableReason, SecurityWarning, format_date_time,
};

/// Longest `vendor` + `||` + `product` the builder joins for `C002`.
pub const MAX_MODEL_LEN: usize = 128;

const PARAMS: usize = CommonParam::ALL.len();

#[derive(Debug, Clone, Copy)]
enum Entry<'a> {
    Unset,
    Value(&'a str),
    Model(&'a str, &'a str),
    DateTime(u64),
    Missing(NotAvailableReason),
}

/// The builder; see the module docs. It holds borrowed text and a few
/// words per parameter (about 600 bytes on a 32-bit target).
#[derive(Debug, Clone)]
pub struct DeviceInfoBuilder<'a> {
    entries: [Entry<'a>; PARAMS],
    warnings: [bool; SecurityWarning::ALL.len()],
}

impl Default for DeviceInfoBuilder<'_> {
    fn default() -> Self {
        Self::new()
    }
}

fn index(param: CommonParam) -> usize {
    CommonParam::ALL
        .iter()
        .position(|p| *p == param)
        .unwrap_or(0)
}

impl<'a> DeviceInfoBuilder<'a> {
    /// An empty builder: `DV` 1.6, `C015` this SDK's version, every other
    /// parameter unset.
    pub fn new() -> Self {
        let mut b = Self {
            entries: [Entry::Unset; PARAMS],
            warnings: [false; SecurityWarning::ALL.len()],
        };
        b.set(CommonParam::SdkVersion, env!("CARGO_PKG_VERSION"));
        b
    }

    fn put(&mut self, param: CommonParam, entry: Entry<'a>) -> &mut Self {
        if let Some(slot) = self.entries.get_mut(index(param)) {
            *slot = entry;
        }
        self
    }

    /// A parameter's value (an empty value is sent as `RE04`).
    pub fn set(&mut self, param: CommonParam, value: &'a str) -> &mut Self {
        if value.is_empty() {
            return self.put(param, Entry::Missing(NotAvailableReason::Unavailable));
        }
        self.put(param, Entry::Value(value))
    }

    /// `C002` as `vendor||product`; [`write`](Self::write) fails with
    /// [`BuildError::CapacityExceeded`] past [`MAX_MODEL_LEN`].
    pub fn model(&mut self, vendor: &'a str, product: &'a str) -> &mut Self {
        self.put(CommonParam::DeviceModel, Entry::Model(vendor, product))
    }

    /// `C014`, `C016`, `C018` and `C017` (from the wall clock, seconds since
    /// the Unix epoch) for the transaction being started.
    pub fn transaction(
        &mut self,
        sdk_app_id: &'a str,
        sdk_reference_number: &'a str,
        sdk_trans_id: &'a str,
        now_unix: u64,
    ) -> &mut Self {
        self.set(CommonParam::SdkAppId, sdk_app_id)
            .set(CommonParam::SdkReferenceNumber, sdk_reference_number)
            .set(CommonParam::SdkTransId, sdk_trans_id)
            .put(CommonParam::DateTime, Entry::DateTime(now_unix))
    }

    /// Reports `param` in `DPNA` with `reason`.
    pub fn not_available(&mut self, param: CommonParam, reason: NotAvailableReason) -> &mut Self {
        self.put(param, Entry::Missing(reason))
    }

    /// Never sends `param`: `RE01` (a market or the app forbids it).
    pub fn deny(&mut self, param: CommonParam) -> &mut Self {
        self.not_available(param, NotAvailableReason::MarketRestriction)
    }

    /// Raises a security warning.
    pub fn warning(&mut self, warning: SecurityWarning) -> &mut Self {
        if let Some(pos) = SecurityWarning::ALL.iter().position(|w| *w == warning)
            && let Some(slot) = self.warnings.get_mut(pos)
        {
            *slot = true;
        }
        self
    }

    /// Writes the JSON into `buf`.
    ///
    /// # Errors
    /// [`BuildError::BufferTooSmall`] when `buf` is too small (1 KiB holds
    /// every parameter with typical values); [`BuildError::CapacityExceeded`]
    /// for a model longer than [`MAX_MODEL_LEN`].
    pub fn write<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], BuildError> {
        let mut model_buf = [0u8; MAX_MODEL_LEN];
        let mut model = "";
        let mut date = None;
        for e in &self.entries {
            match *e {
                Entry::Model(vendor, product) => {
                    model = join_model(&mut model_buf, vendor, product)?;
                }
                Entry::DateTime(unix) => {
                    date = Some(format_date_time(unix).ok_or(BuildError::Invalid("C017"))?);
                }
                _ => {}
            }
        }
        let date = date.as_ref().map_or("", |d| d.as_str());
        let mut info = DeviceInfo::<'_, PARAMS>::new();
        let string = DeviceValueType::String;
        info.add_param(
            "",
            COLLECTED_DATA_VERSION,
            string,
            DeviceParamCategory::DataVersion,
        )?;
        // DD first, then DPNA, each in code order (as the std collector).
        for (param, e) in CommonParam::ALL.iter().zip(&self.entries) {
            let value = match e {
                Entry::Value(v) => *v,
                Entry::Model(..) => model,
                Entry::DateTime(_) => date,
                Entry::Unset | Entry::Missing(_) => continue,
            };
            info.add_param(param.code(), value, string, DeviceParamCategory::DeviceData)?;
        }
        for (param, e) in CommonParam::ALL.iter().zip(&self.entries) {
            let reason = match e {
                Entry::Unset => NotAvailableReason::Unavailable,
                Entry::Missing(r) => *r,
                _ => continue,
            };
            let category = DeviceParamCategory::NotAvailable;
            info.add_param(param.code(), reason.code(), string, category)?;
        }
        for (w, on) in SecurityWarning::ALL.iter().zip(&self.warnings) {
            if *on {
                info.add_param(w.code(), "", string, DeviceParamCategory::SecurityWarning)?;
            }
        }
        info.write(buf)
    }
}

/// `vendor||product` in `buf`.
fn join_model<'b>(buf: &'b mut [u8], vendor: &str, product: &str) -> Result<&'b str, BuildError> {
    let full = BuildError::CapacityExceeded("C002");
    let mut len = 0usize;
    for part in [vendor, "||", product] {
        let end = len.checked_add(part.len()).ok_or(full)?;
        buf.get_mut(len..end)
            .ok_or(full)?
            .copy_from_slice(part.as_bytes());
        len = end;
    }
    // Whole `&str`s were copied in: the prefix is UTF-8.
    core::str::from_utf8(buf.get(..len).ok_or(full)?).map_err(|_| full)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn unset_parameters_are_re04_and_reasons_are_kept() {
        let mut b = DeviceInfoBuilder::new();
        b.set(CommonParam::Platform, "Embedded")
            .model("Acme", "T400")
            .set(CommonParam::OsVersion, "")
            .not_available(
                CommonParam::Latitude,
                NotAvailableReason::PlatformUnsupported,
            )
            .deny(CommonParam::IpAddress)
            .put(CommonParam::DateTime, Entry::DateTime(0))
            .warning(SecurityWarning::Tampered)
            .warning(SecurityWarning::Tampered);
        let mut buf = [0u8; 1024];
        let json = core::str::from_utf8(b.write(&mut buf).unwrap()).unwrap();
        assert_eq!(
            json,
            concat!(
                "{\"DV\":\"1.6\",\"DD\":{\"C001\":\"Embedded\",\"C002\":\"Acme||T400\",",
                "\"C015\":\"",
                env!("CARGO_PKG_VERSION"),
                "\",\"C017\":\"19700101-00:00:00\"},",
                "\"DPNA\":{\"C003\":\"RE04\",\"C004\":\"RE04\",\
             \"C005\":\"RE04\",\"C006\":\"RE04\",\"C007\":\"RE04\",\"C008\":\"RE04\",\
             \"C009\":\"RE04\",\"C010\":\"RE01\",\"C011\":\"RE02\",\"C012\":\"RE04\",\
             \"C013\":\"RE04\",\"C014\":\"RE04\",\"C016\":\"RE04\",\
             \"C018\":\"RE04\"},\"SW\":[\"SW02\"]}"
            )
        );
    }

    #[test]
    fn an_oversized_model_or_buffer_is_an_error() {
        let long = "x".repeat(MAX_MODEL_LEN);
        let mut b = DeviceInfoBuilder::new();
        b.model(&long, "y");
        assert_eq!(
            b.write(&mut [0u8; 2048]),
            Err(BuildError::CapacityExceeded("C002"))
        );
        let b = DeviceInfoBuilder::new();
        assert_eq!(b.write(&mut [0u8; 16]), Err(BuildError::BufferTooSmall));
    }
}
