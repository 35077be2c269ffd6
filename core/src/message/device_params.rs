//! The catalogue of the EMVCo "3DS SDK Device Information" common
//! parameters (`C001`–`C018`), the reasons a parameter is not available
//! (`RE01`–`RE04`) and the security warnings (`SW01`–`SW05`).
//!
//! # Data version
//!
//! Collectors built on this catalogue send `DV` = [`COLLECTED_DATA_VERSION`]
//! (`"1.6"`): it is the data version whose common parameters run from
//! `C001` to `C018` (`C018` being the SDK transaction id), the catalogue the
//! open-source certified SDKs send with protocol 2.1.0 and 2.2.0. Later data
//! versions add platform-specific parameters (Android `A…`, iOS `I…`), none
//! of which exist on Linux or on firmware, so the common set is all a
//! Linux or firmware SDK can honestly report. The ACS tells which version it
//! recognises in the 2.3.1 ARes (`deviceInfoRecognisedVersion`).
//!
//! This file is the single list of codes: the std collector, the firmware
//! builder, the CLI and the simulator's DS check all name parameters
//! through it.

/// `DV` sent by the collectors built on this catalogue.
pub const COLLECTED_DATA_VERSION: &str = "1.6";

/// A common device parameter (`DD` member name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CommonParam {
    /// `C001` Platform (`Linux`, `Android`, …).
    Platform,
    /// `C002` Device model (`vendor||product`).
    DeviceModel,
    /// `C003` OS name.
    OsName,
    /// `C004` OS version.
    OsVersion,
    /// `C005` Locale (BCP 47 language tag).
    Locale,
    /// `C006` Time zone.
    TimeZone,
    /// `C007` Hardware id (a persistent device identifier).
    HardwareId,
    /// `C008` Screen resolution (`WIDTHxHEIGHT`).
    ScreenResolution,
    /// `C009` Device name.
    DeviceName,
    /// `C010` IP address.
    IpAddress,
    /// `C011` Latitude.
    Latitude,
    /// `C012` Longitude.
    Longitude,
    /// `C013` Application package name (the app id).
    AppPackageName,
    /// `C014` SDK App ID.
    SdkAppId,
    /// `C015` SDK version.
    SdkVersion,
    /// `C016` SDK reference number.
    SdkReferenceNumber,
    /// `C017` Date and time (UTC, `YYYYMMDD-HH:MM:SS`).
    DateTime,
    /// `C018` SDK transaction id.
    SdkTransId,
}

impl CommonParam {
    /// Every common parameter, in code order.
    pub const ALL: [CommonParam; 18] = [
        Self::Platform,
        Self::DeviceModel,
        Self::OsName,
        Self::OsVersion,
        Self::Locale,
        Self::TimeZone,
        Self::HardwareId,
        Self::ScreenResolution,
        Self::DeviceName,
        Self::IpAddress,
        Self::Latitude,
        Self::Longitude,
        Self::AppPackageName,
        Self::SdkAppId,
        Self::SdkVersion,
        Self::SdkReferenceNumber,
        Self::DateTime,
        Self::SdkTransId,
    ];

    /// The parameter's code (`"C001"`…`"C018"`).
    pub const fn code(self) -> &'static str {
        match self {
            Self::Platform => "C001",
            Self::DeviceModel => "C002",
            Self::OsName => "C003",
            Self::OsVersion => "C004",
            Self::Locale => "C005",
            Self::TimeZone => "C006",
            Self::HardwareId => "C007",
            Self::ScreenResolution => "C008",
            Self::DeviceName => "C009",
            Self::IpAddress => "C010",
            Self::Latitude => "C011",
            Self::Longitude => "C012",
            Self::AppPackageName => "C013",
            Self::SdkAppId => "C014",
            Self::SdkVersion => "C015",
            Self::SdkReferenceNumber => "C016",
            Self::DateTime => "C017",
            Self::SdkTransId => "C018",
        }
    }

    /// The catalogue's name of the parameter.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Platform => "Platform",
            Self::DeviceModel => "Device Model",
            Self::OsName => "OS Name",
            Self::OsVersion => "OS Version",
            Self::Locale => "Locale",
            Self::TimeZone => "Time zone",
            Self::HardwareId => "Hardware ID",
            Self::ScreenResolution => "Screen Resolution",
            Self::DeviceName => "Device Name",
            Self::IpAddress => "IP Address",
            Self::Latitude => "Latitude",
            Self::Longitude => "Longitude",
            Self::AppPackageName => "Application Package Name",
            Self::SdkAppId => "SDK App ID",
            Self::SdkVersion => "SDK Version",
            Self::SdkReferenceNumber => "SDK Reference Number",
            Self::DateTime => "Date and Time",
            Self::SdkTransId => "SDK Transaction ID",
        }
    }

    /// The parameter with this code (case-sensitive, as on the wire).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// Why a parameter is reported in `DPNA` instead of `DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotAvailableReason {
    /// `RE01` Market or regional restriction on the parameter (the app's deny-list).
    MarketRestriction,
    /// `RE02` Platform or platform version does not support the parameter.
    PlatformUnsupported,
    /// `RE03` Collection not possible without the user's (or the system's) permission.
    PermissionRequired,
    /// `RE04` The value is null or blank (absent, unreadable in time, empty).
    Unavailable,
}

impl NotAvailableReason {
    /// Every reason, in code order.
    pub const ALL: [NotAvailableReason; 4] = [
        Self::MarketRestriction,
        Self::PlatformUnsupported,
        Self::PermissionRequired,
        Self::Unavailable,
    ];

    /// The reason's code (`"RE01"`…`"RE04"`).
    pub const fn code(self) -> &'static str {
        match self {
            Self::MarketRestriction => "RE01",
            Self::PlatformUnsupported => "RE02",
            Self::PermissionRequired => "RE03",
            Self::Unavailable => "RE04",
        }
    }

    /// The reason with this code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// A security warning (`SW` list member).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SecurityWarning {
    /// `SW01` The device is jailbroken / rooted (its system is modified).
    Rooted,
    /// `SW02` The integrity of the SDK has been tampered with.
    Tampered,
    /// `SW03` An emulator (or virtual machine) runs the app.
    Emulator,
    /// `SW04` A debugger is attached to the app.
    Debugger,
    /// `SW05` The OS or the OS version is not supported.
    OsUnsupported,
}

impl SecurityWarning {
    /// Every warning, in code order.
    pub const ALL: [SecurityWarning; 5] = [
        Self::Rooted,
        Self::Tampered,
        Self::Emulator,
        Self::Debugger,
        Self::OsUnsupported,
    ];

    /// The warning's code (`"SW01"`…`"SW05"`).
    pub const fn code(self) -> &'static str {
        match self {
            Self::Rooted => "SW01",
            Self::Tampered => "SW02",
            Self::Emulator => "SW03",
            Self::Debugger => "SW04",
            Self::OsUnsupported => "SW05",
        }
    }

    /// The warning with this code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.code() == code)
    }
}

/// The last instant `C017` can express: 9999-12-31 23:59:59 UTC.
pub const MAX_DATE_TIME_UNIX: u64 = 253_402_300_799;

/// Formats a UTC instant (seconds since the Unix epoch) as `C017` wants it:
/// `YYYYMMDD-HH:MM:SS`.
///
/// Returns `None` past [`MAX_DATE_TIME_UNIX`] (the format has four year digits).
// Bounded above by MAX_DATE_TIME_UNIX, every intermediate below fits in a u64
// with room to spare, and no subtraction can go below zero (each subtrahend
// is a fraction of its minuend).
#[allow(clippy::arithmetic_side_effects)]
pub fn format_date_time(unix_seconds: u64) -> Option<heapless::String<17>> {
    if unix_seconds > MAX_DATE_TIME_UNIX {
        return None;
    }
    let days = unix_seconds / 86_400;
    let secs = unix_seconds % 86_400;
    // Proleptic Gregorian date from the day count (H. Hinnant's
    // civil-from-days, unsigned because the input is never before 1970).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    let mut text = *b"00000000-00:00:00";
    // (value, end position of its last digit + 1, width)
    for (value, end, width) in [
        (y, 4, 4),
        (m, 6, 2),
        (d, 8, 2),
        (secs / 3600, 11, 2),
        ((secs % 3600) / 60, 14, 2),
        (secs % 60, 17, 2),
    ] {
        let mut v = value;
        for pos in (end - width..end).rev() {
            let digit = u8::try_from(v % 10).ok()?;
            *text.get_mut(pos)? = b'0' + digit;
            v /= 10;
        }
    }
    let text = core::str::from_utf8(&text).ok()?;
    heapless::String::try_from(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_round_trip() {
        for (i, p) in CommonParam::ALL.iter().enumerate() {
            assert_eq!(p.code(), alloc_free_code(i + 1));
            assert_eq!(CommonParam::from_code(p.code()), Some(*p));
        }
        for r in NotAvailableReason::ALL {
            assert_eq!(NotAvailableReason::from_code(r.code()), Some(r));
        }
        for w in SecurityWarning::ALL {
            assert_eq!(SecurityWarning::from_code(w.code()), Some(w));
        }
        assert_eq!(CommonParam::from_code("c001"), None);
    }

    fn alloc_free_code(n: usize) -> &'static str {
        const CODES: [&str; 18] = [
            "C001", "C002", "C003", "C004", "C005", "C006", "C007", "C008", "C009", "C010", "C011",
            "C012", "C013", "C014", "C015", "C016", "C017", "C018",
        ];
        CODES[n - 1]
    }

    #[test]
    fn date_time_matches_known_instants() {
        // Values from `date -u -d @N +%Y%m%d-%H:%M:%S`.
        assert_eq!(format_date_time(0).unwrap().as_str(), "19700101-00:00:00");
        assert_eq!(
            format_date_time(951_782_400).unwrap().as_str(),
            "20000229-00:00:00"
        );
        assert_eq!(
            format_date_time(1_796_208_123).unwrap().as_str(),
            "20261202-10:42:03"
        );
        assert_eq!(
            format_date_time(253_402_300_799).unwrap().as_str(),
            "99991231-23:59:59"
        );
        assert_eq!(format_date_time(MAX_DATE_TIME_UNIX + 1), None);
    }
}
