//! Device information and security warnings collected on a Linux host: the
//! EMVCo common parameters `C001`–`C018` (data version
//! [`COLLECTED_DATA_VERSION`]), `DPNA` reasons and `SW01`–`SW05`.
//!
//! ```no_run
//! use threeds_std::device_info::{Collector, SecurityChecks};
//! use threeds_core::message::CommonParam;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let collector = Collector::new()
//!     .app_package_name("com.example.kiosk")
//!     .deny(CommonParam::IpAddress) // a market forbids it: sent as RE01
//!     .security_checks(SecurityChecks {
//!         root_forbidden: true,
//!         ..SecurityChecks::default()
//!     });
//! # let platform = threeds_std::StdPlatform::with_defaults()?;
//! let mut client = platform.into_client(threeds_core::client::events::NoEvents);
//! client.set_device_info_collector(Some(Box::new(collector)));
//! # Ok(()) }
//! ```
//!
//! Where each value comes from, and how each is turned off, is in the
//! README's privacy section. What cannot be read is reported with its
//! reason: `RE01` for a parameter the app denies (its source is never
//! opened), `RE02` when the platform has no such thing (no display
//! subsystem), `RE03` when reading needs a permission the process lacks (or
//! the user's consent: location, hardware id), `RE04` when it is absent,
//! empty or did not arrive in time.
//!
//! # Bounded
//!
//! Files are read on one worker thread; [`Collector::collect`] waits at
//! most the time budget (default [`DEFAULT_BUDGET`]) and reports what the
//! worker had not finished as `RE04` (warnings not yet checked are not
//! raised). Each file is read up to [`DEFAULT_FILE_CAP`] bytes. A worker
//! stuck in a read (a hung network mount, a FIFO) is left behind, and while
//! it is, later collections by the same collector skip the files instead of
//! starting another.

mod params;
mod source;
mod warnings;

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use core::sync::atomic::{AtomicBool, Ordering};
use core::time::Duration;
use std::collections::{BTreeMap, BTreeSet};
use std::net::UdpSocket;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};

use threeds_core::client::device_collect::{
    CollectContext, CollectedDeviceInfo, DeviceInfoCollector,
};
use threeds_core::message::{
    COLLECTED_DATA_VERSION, CommonParam, NotAvailableReason, SecurityWarning, format_date_time,
};

pub use warnings::SecurityChecks;

use source::{ENV_VARS, Source};

/// Default time [`Collector::collect`] waits for the file reads.
pub const DEFAULT_BUDGET: Duration = Duration::from_millis(500);

/// Default cap on the bytes read from one file.
pub const DEFAULT_FILE_CAP: u64 = 64 * 1024;

/// Address whose route gives `C010` by default: TEST-NET-1 (RFC 5737) is
/// never answered, so the route is the default route, and connecting a UDP
/// socket only looks the route up (no packet is sent).
pub const DEFAULT_ROUTE_TARGET: SocketAddr =
    SocketAddr::new(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)), 443);

/// Where `C010` comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpAddressSource {
    /// The local address of the route to this address (e.g. the 3DS
    /// Server's or the ACS's, when the app knows it).
    RouteTo(SocketAddr),
    /// An address the app configured (e.g. the kiosk's public address).
    Fixed(IpAddr),
}

/// A parameter's value, or why it has none.
type Outcome = Result<String, NotAvailableReason>;

/// What the worker has produced so far: parameters and warnings.
type Partial = (Vec<(CommonParam, Outcome)>, Vec<SecurityWarning>);

/// Parameters read on the worker (from files), in the order they are read.
const FILE_PARAMS: [CommonParam; 8] = [
    CommonParam::DeviceModel,
    CommonParam::OsName,
    CommonParam::OsVersion,
    CommonParam::Locale,
    CommonParam::TimeZone,
    CommonParam::ScreenResolution,
    CommonParam::DeviceName,
    CommonParam::AppPackageName,
];

/// The collector; see the module docs. Implements the facade's
/// [`DeviceInfoCollector`].
#[derive(Debug, Clone)]
pub struct Collector {
    source: Source,
    deny: BTreeSet<CommonParam>,
    checks: SecurityChecks,
    budget: Duration,
    app_package_name: Option<String>,
    ip: IpAddressSource,
    location: Option<(String, String)>,
    hardware_id: bool,
    linux: bool,
    busy: Arc<AtomicBool>,
}

impl Default for Collector {
    fn default() -> Self {
        Self::new()
    }
}

/// A refused collector setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError(pub String);

impl core::fmt::Display for SettingError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for SettingError {}

impl Collector {
    /// A collector of this host: root `/`, and this process's environment
    /// variables (`LC_ALL`, `LC_MESSAGES`, `LANG`, `TZ`, `LD_PRELOAD`) as
    /// they are now (later changes are not seen).
    pub fn new() -> Self {
        let env = ENV_VARS
            .iter()
            .filter_map(|k| std::env::var(k).ok().map(|v| ((*k).to_owned(), v)))
            .collect();
        Self::with_source(PathBuf::from("/"), env, cfg!(target_os = "linux"))
    }

    /// A collector reading a tree laid out like `/` (fixtures, a chroot)
    /// with the given environment variables instead of the process's.
    pub fn at_root(root: impl Into<PathBuf>, env: &[(&str, &str)]) -> Self {
        let env = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Self::with_source(root.into(), env, true)
    }

    fn with_source(root: PathBuf, env: BTreeMap<String, String>, linux: bool) -> Self {
        Self {
            source: Source {
                root,
                env,
                file_cap: DEFAULT_FILE_CAP,
            },
            deny: BTreeSet::new(),
            checks: SecurityChecks::default(),
            budget: DEFAULT_BUDGET,
            app_package_name: None,
            ip: IpAddressSource::RouteTo(DEFAULT_ROUTE_TARGET),
            location: None,
            hardware_id: false,
            linux,
            busy: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Never collects `param`: it is sent as `RE01` and its source is not read
    /// for it. (The security checks read their own evidence, e.g. DMI names
    /// for SW03, and send only the warning code; turn them off in
    /// [`SecurityChecks`] if a source must not be read at all.)
    pub fn deny(mut self, param: CommonParam) -> Self {
        self.deny.insert(param);
        self
    }

    /// [`deny`](Self::deny) for a comma-separated list of codes (`C010,C009`).
    ///
    /// # Errors
    /// [`SettingError`] naming a code that is not `C001`–`C018`.
    pub fn deny_codes(mut self, codes: &str) -> Result<Self, SettingError> {
        for code in codes.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            let param = CommonParam::from_code(code)
                .ok_or_else(|| SettingError(format!("{code}: not a parameter C001..C018")))?;
            self.deny.insert(param);
        }
        Ok(self)
    }

    /// The security checks to run (default: [`SecurityChecks::default`]).
    pub fn security_checks(mut self, checks: SecurityChecks) -> Self {
        self.checks = checks;
        self
    }

    /// How long [`collect`](Self::collect) waits for file reads.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// The cap on bytes read from one file.
    pub fn file_cap(mut self, bytes: u64) -> Self {
        self.source.file_cap = bytes;
        self
    }

    /// `C013`; without it, the executable's file name is sent.
    pub fn app_package_name(mut self, name: impl Into<String>) -> Self {
        self.app_package_name = Some(name.into());
        self
    }

    /// Where `C010` comes from (default: the route to [`DEFAULT_ROUTE_TARGET`]).
    pub fn ip_address(mut self, source: IpAddressSource) -> Self {
        self.ip = source;
        self
    }

    /// `C011`/`C012`, which are otherwise reported as `RE03` (collecting a
    /// location needs the user's consent, which only the app can ask).
    ///
    /// # Errors
    /// [`SettingError`] for a latitude outside ±90 or a longitude outside ±180.
    pub fn location(mut self, latitude: f64, longitude: f64) -> Result<Self, SettingError> {
        if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
            return Err(SettingError(format!(
                "location {latitude},{longitude}: out of range"
            )));
        }
        self.location = Some((latitude.to_string(), longitude.to_string()));
        Ok(self)
    }

    /// Sends `/etc/machine-id` as `C007`. Off by default (`RE03`): it is a
    /// persistent identifier of the device that only the user may agree to share.
    pub fn hardware_id(mut self, send: bool) -> Self {
        self.hardware_id = send;
        self
    }

    /// Collects the device information for one transaction.
    pub fn collect(&self, ctx: &CollectContext<'_>) -> CollectedDeviceInfo {
        // First outcome wins: deny-list, then what the app gave, then the system.
        let mut results: BTreeMap<CommonParam, Outcome> = BTreeMap::new();
        let put = |results: &mut BTreeMap<CommonParam, Outcome>, p, r| {
            results.entry(p).or_insert(r);
        };
        for p in &self.deny {
            put(&mut results, *p, Err(NotAvailableReason::MarketRestriction));
        }
        let given = |v: &str| -> Outcome {
            if v.is_empty() {
                Err(NotAvailableReason::Unavailable)
            } else {
                Ok(v.to_owned())
            }
        };
        let date_time = format_date_time(ctx.now_unix)
            .map(|t| t.as_str().to_owned())
            .ok_or(NotAvailableReason::Unavailable);
        let (lat, lon) = match &self.location {
            Some((lat, lon)) => (Ok(lat.clone()), Ok(lon.clone())),
            None => (
                Err(NotAvailableReason::PermissionRequired),
                Err(NotAvailableReason::PermissionRequired),
            ),
        };
        for (p, r) in [
            (CommonParam::Platform, Ok("Linux".to_owned())),
            (CommonParam::SdkAppId, given(ctx.sdk_app_id)),
            (CommonParam::SdkVersion, Ok(sdk_version())),
            (
                CommonParam::SdkReferenceNumber,
                given(ctx.sdk_reference_number),
            ),
            (CommonParam::DateTime, date_time),
            (CommonParam::SdkTransId, given(ctx.sdk_trans_id)),
            (CommonParam::Latitude, lat),
            (CommonParam::Longitude, lon),
        ] {
            put(&mut results, p, r);
        }
        if let Some(name) = &self.app_package_name {
            put(&mut results, CommonParam::AppPackageName, given(name));
        }
        if !self.deny.contains(&CommonParam::IpAddress) {
            put(
                &mut results,
                CommonParam::IpAddress,
                self.ip_address_value(),
            );
        }
        if !self.hardware_id {
            let consent = Err(NotAvailableReason::PermissionRequired);
            put(&mut results, CommonParam::HardwareId, consent);
        }
        let mut warnings = Vec::new();
        if self.linux {
            let (from_files, raised) = self.read_files(&results);
            for (p, r) in from_files {
                put(&mut results, p, r);
            }
            warnings = raised;
        } else {
            // Every other parameter is read from Linux's /proc, /sys and /etc.
            for p in CommonParam::ALL {
                put(
                    &mut results,
                    p,
                    Err(NotAvailableReason::PlatformUnsupported),
                );
            }
        }
        // Not read in time (or the worker is stuck): RE04.
        for p in CommonParam::ALL {
            put(&mut results, p, Err(NotAvailableReason::Unavailable));
        }
        let mut info = CollectedDeviceInfo {
            data_version: COLLECTED_DATA_VERSION.to_owned(),
            ..CollectedDeviceInfo::default()
        };
        for (p, r) in results {
            match r {
                Ok(v) => info.data.push((p, v)),
                Err(reason) => info.not_available.push((p, reason)),
            }
        }
        warnings.sort();
        warnings.dedup();
        info.warnings = warnings;
        info
    }

    fn ip_address_value(&self) -> Result<String, NotAvailableReason> {
        let ip = match self.ip {
            IpAddressSource::Fixed(ip) => ip,
            IpAddressSource::RouteTo(target) => {
                let bind: SocketAddr = if target.is_ipv4() {
                    (Ipv4Addr::UNSPECIFIED, 0).into()
                } else {
                    (Ipv6Addr::UNSPECIFIED, 0).into()
                };
                let socket = UdpSocket::bind(bind).map_err(|_| NotAvailableReason::Unavailable)?;
                socket
                    .connect(target)
                    .map_err(|_| NotAvailableReason::Unavailable)?;
                socket
                    .local_addr()
                    .map_err(|_| NotAvailableReason::Unavailable)?
                    .ip()
            }
        };
        if ip.is_unspecified() {
            return Err(NotAvailableReason::Unavailable);
        }
        Ok(ip.to_string())
    }

    /// Runs the file readers and the checks on a worker, waiting at most the
    /// budget; what is missing at the deadline is left out (then `RE04`).
    fn read_files(&self, done: &BTreeMap<CommonParam, Outcome>) -> Partial {
        let todo: Vec<CommonParam> = FILE_PARAMS
            .into_iter()
            .filter(|p| !done.contains_key(p))
            .chain(self.hardware_id.then_some(CommonParam::HardwareId))
            .filter(|p| !self.deny.contains(p))
            .collect();
        if self.busy.swap(true, Ordering::SeqCst) {
            // The previous worker is still stuck in a read.
            return (Vec::new(), Vec::new());
        }
        let shared = Arc::new(Mutex::new((Vec::new(), Vec::new())));
        let (tx, rx) = mpsc::channel();
        let worker = Worker {
            source: self.source.clone(),
            checks: self.checks.clone(),
            busy: Arc::clone(&self.busy),
            shared: Arc::clone(&shared),
        };
        let spawned = std::thread::Builder::new()
            .name("threeds-device-info".into())
            .spawn(move || {
                worker.run(&todo);
                let _ = tx.send(());
            });
        if spawned.is_err() {
            // The closure (and so the worker, which clears `busy`) was dropped.
            return (Vec::new(), Vec::new());
        }
        let _ = rx.recv_timeout(self.budget);
        let guard = shared.lock().unwrap_or_else(PoisonError::into_inner);
        (guard.0.clone(), guard.1.clone())
    }
}

/// The file-reading half, moved to the worker thread.
struct Worker {
    source: Source,
    checks: SecurityChecks,
    busy: Arc<AtomicBool>,
    shared: Arc<Mutex<Partial>>,
}

impl Drop for Worker {
    /// The collector may start another worker once this one ends, even by a panic.
    fn drop(&mut self) {
        self.busy.store(false, Ordering::SeqCst);
    }
}

impl Worker {
    fn run(&self, todo: &[CommonParam]) {
        for p in todo {
            let r = match p {
                CommonParam::DeviceModel => params::model(&self.source),
                CommonParam::OsName => params::os_name(&self.source),
                CommonParam::OsVersion => params::os_version(&self.source),
                CommonParam::Locale => params::locale(&self.source),
                CommonParam::TimeZone => params::time_zone(&self.source),
                CommonParam::ScreenResolution => params::screen(&self.source),
                CommonParam::DeviceName => params::device_name(&self.source),
                CommonParam::AppPackageName => params::executable_name(&self.source),
                CommonParam::HardwareId => params::machine_id(&self.source),
                _ => continue,
            };
            self.lock().0.push((*p, r));
        }
        warnings::run(&self.source, &self.checks, &mut |w| self.lock().1.push(w));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Partial> {
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `C015`: the SDK's version (every crate of the SDK shares it).
fn sdk_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

impl DeviceInfoCollector for Collector {
    fn collect(&mut self, ctx: &CollectContext<'_>) -> CollectedDeviceInfo {
        Collector::collect(self, ctx)
    }
}
