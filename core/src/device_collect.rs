//! Device information collected by the SDK itself, merged with the app's
//! own `add_device_param` values: the seam between the facade (no_std +
//! alloc) and a platform collector (e.g. `threeds_std::device_info`).
//!
//! Merge rule: collected parameters come first; a parameter the app adds
//! (in `DD` or `DPNA`) replaces the collected one of the same name in
//! either category, so a name never appears in both; the app's `DV` and
//! warnings are added to the collected ones.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use zeroize::Zeroizing;

use crate::client::properties::DeviceParam as AppParam;
use crate::log_line::MASK;
use crate::message::{
    BuildError, COLLECTED_DATA_VERSION, CommonParam, DEFAULT_DEVICE_PARAMS, DeviceInfo,
    DeviceParamCategory, DeviceValueType, NotAvailableReason, SecurityWarning, TransId,
};
use crate::platform::Rng;
use crate::transaction::new_sdk_trans_id;

/// What a collector is told about the transaction being started.
#[derive(Debug, Clone, Copy)]
pub struct CollectContext<'a> {
    /// `sdkAppID` (`C014`).
    pub sdk_app_id: &'a str,
    /// `sdkReferenceNumber` (`C016`).
    pub sdk_reference_number: &'a str,
    /// The `sdkTransID` the request will carry (`C018`).
    pub sdk_trans_id: &'a str,
    /// Wall-clock time, seconds since the Unix epoch (`C017`).
    pub now_unix: u64,
}

/// Device information gathered on the device, in catalogue terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CollectedDeviceInfo {
    /// `DV`; empty means [`COLLECTED_DATA_VERSION`].
    pub data_version: String,
    /// `DD`: parameters with a value.
    pub data: Vec<(CommonParam, String)>,
    /// `DPNA`: parameters without one, and why.
    pub not_available: Vec<(CommonParam, NotAvailableReason)>,
    /// `SW`: the warnings raised.
    pub warnings: Vec<SecurityWarning>,
}

impl CollectedDeviceInfo {
    /// The value collected for `param`, if any.
    pub fn value(&self, param: CommonParam) -> Option<&str> {
        self.data
            .iter()
            .find(|(p, _)| *p == param)
            .map(|(_, v)| v.as_str())
    }

    /// The reason `param` is in `DPNA`, if it is.
    pub fn reason(&self, param: CommonParam) -> Option<NotAvailableReason> {
        self.not_available
            .iter()
            .find(|(p, _)| *p == param)
            .map(|(_, r)| *r)
    }

    /// The device information JSON (`{"DV":…,"DD":{…},"DPNA":{…},"SW":[…]}`),
    /// through the same encoder as every other surface.
    ///
    /// # Errors
    /// [`BuildError`] when a value cannot be encoded (never for collected text).
    pub fn to_json(&self) -> Result<Zeroizing<Vec<u8>>, BuildError> {
        build_json(&collected_params(self), false).map_err(|(_, e)| e)
    }
}

/// A source of device information, called by the facade's
/// `get_auth_request` when one is set.
///
/// It runs on the caller's thread and must return within a bounded time:
/// the std collector reads on a worker with a deadline and reports what
/// did not arrive in time as `RE04`.
pub trait DeviceInfoCollector: Send {
    /// Collects the device information for the transaction described by `ctx`.
    fn collect(&mut self, ctx: &CollectContext<'_>) -> CollectedDeviceInfo;
}

/// One parameter of the merged list, borrowed from the collected info or
/// the app's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergedParam<'a> {
    /// Field name (`C001`, `SW04`, …; empty for `DV`).
    pub name: &'a str,
    /// Value (a reason code for `DPNA`).
    pub value: &'a str,
    /// The value's type.
    pub value_type: DeviceValueType,
    /// Where it goes.
    pub category: DeviceParamCategory,
}

/// The app's parameter as a [`MergedParam`].
fn app_param(p: &AppParam) -> MergedParam<'_> {
    MergedParam {
        name: &p.field_name,
        value: &p.value,
        value_type: p.value_type,
        category: p.category,
    }
}

/// Collected parameters first, then the app's; see the module docs.
pub fn merge_params<'a>(
    collected: Option<&'a CollectedDeviceInfo>,
    app: &'a [AppParam],
) -> Vec<MergedParam<'a>> {
    let app_merged: Vec<MergedParam<'a>> = app.iter().map(app_param).collect();
    let mut all = collected.map(collected_params).unwrap_or_default();
    let overridden = |name: &str| {
        app_merged.iter().any(|a| {
            a.name == name
                && matches!(
                    a.category,
                    DeviceParamCategory::DeviceData | DeviceParamCategory::NotAvailable
                )
        })
    };
    all.retain(|c| {
        !matches!(
            c.category,
            DeviceParamCategory::DeviceData | DeviceParamCategory::NotAvailable
        ) || !overridden(c.name)
    });
    all.extend(app_merged);
    all
}

fn collected_params(c: &CollectedDeviceInfo) -> Vec<MergedParam<'_>> {
    let string = |name, value, category| MergedParam {
        name,
        value,
        value_type: DeviceValueType::String,
        category,
    };
    let dv = if c.data_version.is_empty() {
        COLLECTED_DATA_VERSION
    } else {
        c.data_version.as_str()
    };
    let mut out = vec![string("", dv, DeviceParamCategory::DataVersion)];
    for (p, v) in &c.data {
        out.push(string(p.code(), v, DeviceParamCategory::DeviceData));
    }
    for (p, r) in &c.not_available {
        out.push(string(
            p.code(),
            r.code(),
            DeviceParamCategory::NotAvailable,
        ));
    }
    for w in &c.warnings {
        out.push(string(w.code(), "", DeviceParamCategory::SecurityWarning));
    }
    out
}

/// Encodes merged parameters; with `mask`, every `DD` value is [`MASK`]
/// (for the log line: names, reasons and warnings stay readable).
///
/// # Errors
/// The refused parameter's name (empty when the writer failed) and the
/// [`BuildError`] from [`DeviceInfo::add_param`] or the writer.
pub fn build_json<'a>(
    params: &[MergedParam<'a>],
    mask: bool,
) -> Result<Zeroizing<Vec<u8>>, (&'a str, BuildError)> {
    let mut info = DeviceInfo::<DEFAULT_DEVICE_PARAMS>::new();
    let mut size = 256usize;
    for p in params {
        let masked = mask && p.category == DeviceParamCategory::DeviceData;
        let (value, value_type) = if masked {
            (MASK, DeviceValueType::String)
        } else {
            (p.value, p.value_type)
        };
        info.add_param(p.name, value, value_type, p.category)
            .map_err(|e| (p.name, e))?;
        size = size
            .saturating_add(p.name.len())
            .saturating_add(value.len().saturating_mul(6))
            .saturating_add(16);
    }
    let mut buf = Zeroizing::new(vec![0u8; size]);
    let len = info.write(&mut buf).map_err(|e| ("", e))?.len();
    buf.truncate(len);
    Ok(buf)
}

/// The device information for one `get_auth_request`: the `sdkTransID`
/// drawn for it (when a collector needed one), the JSON to encrypt and the
/// JSON to log (`DD` values masked when `mask`).
pub(crate) type DeviceJson = (Option<TransId>, Zeroizing<Vec<u8>>, Zeroizing<Vec<u8>>);

/// Collects (when `collector` is set), merges with `app` and encodes.
///
/// # Errors
/// A message naming the refused parameter, or the generator's failure.
pub(crate) fn device_json<R: Rng + ?Sized>(
    collector: Option<&mut (dyn DeviceInfoCollector + '_)>,
    rng: &mut R,
    ctx: CollectContext<'_>,
    app: &[AppParam],
    mask: bool,
) -> Result<DeviceJson, String> {
    let (trans_id, collected) = match collector {
        Some(c) => {
            let id = new_sdk_trans_id(rng)
                .map_err(|_| String::from("device information: random generator failed"))?;
            let ctx = CollectContext {
                sdk_trans_id: id.as_str(),
                ..ctx
            };
            let collected = c.collect(&ctx);
            (Some(id), Some(collected))
        }
        None => (None, None),
    };
    let merged = merge_params(collected.as_ref(), app);
    let fail = |(name, e): (&str, BuildError)| {
        if name.is_empty() {
            format!("device information: {e:?}")
        } else {
            format!("device parameter {name} rejected")
        }
    };
    let sent = build_json(&merged, false).map_err(fail)?;
    let logged = build_json(&merged, mask).map_err(fail)?;
    Ok((trans_id, sent, logged))
}
