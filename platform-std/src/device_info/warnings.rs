//! The security checks behind `SW01`–`SW05` on Linux.
//!
//! Each check reports only what it positively saw: a file it cannot read
//! raises nothing (a warning is an accusation; an unreadable `/proc` is
//! not evidence). Each can be turned off in [`SecurityChecks`].

use threeds_core::message::SecurityWarning;

use super::params::{kernel_release, os_version_id};
use super::source::Source;

/// Which checks run, and the app's expectations they compare against.
///
/// | Warning | Check | False positives |
/// | --- | --- | --- |
/// | `SW01` rooted / modified | the process runs as root while [`root_forbidden`](Self::root_forbidden); `/` is mounted read-write while [`read_only_system`](Self::read_only_system) | both are the app's own expectations: off by default, because many kiosks run as root on a writable root file system by design |
/// | `SW02` SDK tampered | SHA-256 of the running executable differs from [`pinned_executable_sha256`](Self::pinned_executable_sha256); a library is injected with `LD_PRELOAD` or `/etc/ld.so.preload` ([`preload_hooks`](Self::preload_hooks)) | a pinned digest must be updated with every build (and differs under a debug build or after `strip`); legitimate preloads exist (jemalloc, accessibility or sanitizer shims) |
/// | `SW03` emulator / VM | the CPU's `hypervisor` flag, `/sys/hypervisor/type`, or a DMI vendor/product of a known hypervisor ([`emulator`](Self::emulator)) | cloud hosts and VDI kiosks are virtual machines on purpose; containers on such a host see the host's flag |
/// | `SW04` debugger | `TracerPid` of the process is not 0 ([`debugger`](Self::debugger)) | any ptrace tracer counts: `strace`, crash reporters, some sandboxes |
/// | `SW05` OS unsupported | os-release `VERSION_ID` below [`min_os_version`](Self::min_os_version), or the kernel release below [`min_kernel`](Self::min_kernel) (dotted numeric comparison) | a back-ported enterprise kernel can carry a lower number than the fixes it has; an unknown version raises nothing |
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityChecks {
    /// `SW01` when the effective user is root (default off).
    pub root_forbidden: bool,
    /// `SW01` when `/` is mounted read-write (default off).
    pub read_only_system: bool,
    /// `SW02` when the executable's SHA-256 differs (default: no pin).
    pub pinned_executable_sha256: Option<[u8; 32]>,
    /// `SW02` on `LD_PRELOAD` or `/etc/ld.so.preload` (default on).
    pub preload_hooks: bool,
    /// `SW03` on hypervisor evidence (default on).
    pub emulator: bool,
    /// `SW04` on a tracer (default on).
    pub debugger: bool,
    /// `SW05` below this os-release `VERSION_ID` (default none).
    pub min_os_version: Option<String>,
    /// `SW05` below this kernel release (default none).
    pub min_kernel: Option<String>,
}

impl Default for SecurityChecks {
    fn default() -> Self {
        Self {
            root_forbidden: false,
            read_only_system: false,
            pinned_executable_sha256: None,
            preload_hooks: true,
            emulator: true,
            debugger: true,
            min_os_version: None,
            min_kernel: None,
        }
    }
}

impl SecurityChecks {
    /// Pins the executable's SHA-256 from its hex form (as `sha256sum`
    /// prints it). A binary cannot hold its own digest: ship it beside the
    /// binary from the release pipeline (a signed configuration file, the
    /// deployment's environment), computed after the last `strip` or signing step.
    ///
    /// # Errors
    /// [`super::SettingError`] unless `hex` is 64 hexadecimal digits.
    pub fn pin_executable_sha256_hex(mut self, hex: &str) -> Result<Self, super::SettingError> {
        let hex = hex.trim();
        let bad = || super::SettingError(format!("pinned SHA-256 `{hex}`: expected 64 hex digits"));
        if hex.len() != 64 || !hex.is_ascii() {
            return Err(bad());
        }
        let mut digest = [0u8; 32];
        for (i, byte) in digest.iter_mut().enumerate() {
            let pair = hex.get(2 * i..2 * i + 2).ok_or_else(bad)?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| bad())?;
        }
        self.pinned_executable_sha256 = Some(digest);
        Ok(self)
    }

    /// Every check off.
    pub fn none() -> Self {
        Self {
            preload_hooks: false,
            emulator: false,
            debugger: false,
            ..Self::default()
        }
    }
}

/// DMI vendor or product names that only hypervisors report.
const VM_DMI: [&str; 10] = [
    "QEMU",
    "KVM",
    "VMware",
    "VirtualBox",
    "innotek GmbH",
    "Xen",
    "Bochs",
    "Parallels",
    "Virtual Machine",
    "Google Compute Engine",
];

/// Runs the enabled checks; `report` gets each warning as soon as it is known.
pub(crate) fn run(src: &Source, checks: &SecurityChecks, report: &mut dyn FnMut(SecurityWarning)) {
    let status = src.read_text("/proc/self/status").ok();
    let field = |name: &str| {
        status.as_deref().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.split_whitespace().collect::<Vec<_>>())
        })
    };
    if checks.debugger && field("TracerPid:").is_some_and(|v| v.first().is_some_and(|p| *p != "0"))
    {
        report(SecurityWarning::Debugger);
    }
    if rooted(src, checks, field("Uid:")) {
        report(SecurityWarning::Rooted);
    }
    if checks.emulator && emulated(src) {
        report(SecurityWarning::Emulator);
    }
    if os_below_minimum(src, checks) {
        report(SecurityWarning::OsUnsupported);
    }
    // Last: hashing the executable is the slowest step.
    if tampered(src, checks) {
        report(SecurityWarning::Tampered);
    }
}

fn rooted(src: &Source, checks: &SecurityChecks, uid: Option<Vec<&str>>) -> bool {
    // `Uid:` lists real, effective, saved and filesystem ids.
    let as_root = checks.root_forbidden && uid.is_some_and(|v| v.get(1) == Some(&"0"));
    let writable = checks.read_only_system
        && src.read_text("/proc/self/mounts").is_ok_and(|mounts| {
            // The last mount on `/` is the one in effect.
            mounts
                .lines()
                .rev()
                .find_map(|l| {
                    let mut f = l.split_whitespace();
                    let (_dev, point, _fs, opts) = (f.next()?, f.next()?, f.next()?, f.next()?);
                    (point == "/").then_some(opts)
                })
                .is_some_and(|opts| opts.split(',').any(|o| o == "rw"))
        });
    as_root || writable
}

fn emulated(src: &Source) -> bool {
    let cpu_flag = src.read_text("/proc/cpuinfo").is_ok_and(|info| {
        info.lines()
            .filter(|l| l.starts_with("flags"))
            .any(|l| l.split_whitespace().any(|f| f == "hypervisor"))
    });
    let xen = src.read_text("/sys/hypervisor/type").is_ok();
    let dmi = ["sys_vendor", "product_name", "bios_vendor"]
        .iter()
        .any(|f| {
            src.read_text(&format!("/sys/class/dmi/id/{f}"))
                .is_ok_and(|v| VM_DMI.iter().any(|vm| v.contains(vm)))
        });
    cpu_flag || xen || dmi
}

fn tampered(src: &Source, checks: &SecurityChecks) -> bool {
    let preload = checks.preload_hooks
        && (src.env("LD_PRELOAD").is_some_and(|v| !v.trim().is_empty())
            || src.read_text("/etc/ld.so.preload").is_ok_and(|t| {
                t.lines()
                    .any(|l| !l.trim().is_empty() && !l.trim().starts_with('#'))
            }));
    let digest = checks
        .pinned_executable_sha256
        .is_some_and(|pin| src.sha256("/proc/self/exe").is_ok_and(|d| d != pin));
    preload || digest
}

fn os_below_minimum(src: &Source, checks: &SecurityChecks) -> bool {
    let os = checks.min_os_version.as_deref().is_some_and(|min| {
        os_version_id(src).is_some_and(|v| version_below(&v, min) == Some(true))
    });
    let kernel = checks
        .min_kernel
        .as_deref()
        .is_some_and(|min| kernel_release(src).is_ok_and(|v| version_below(&v, min) == Some(true)));
    os || kernel
}

/// Dotted numeric comparison of the leading numbers (`6.1.0-18-amd64` →
/// 6, 1, 0); `None` when `version` starts with no number.
pub(crate) fn version_below(version: &str, minimum: &str) -> Option<bool> {
    fn numbers(v: &str) -> Vec<u64> {
        // Only the leading dotted run counts: `-18-amd64` is a build suffix.
        let head = v
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .next()
            .unwrap_or("");
        head.split('.').map_while(|p| p.parse().ok()).collect()
    }
    let (v, m) = (numbers(version), numbers(minimum));
    if v.is_empty() || m.is_empty() {
        return None;
    }
    let len = v.len().max(m.len());
    let pad = |x: &[u64]| {
        (0..len)
            .map(|i| x.get(i).copied().unwrap_or(0))
            .collect::<Vec<_>>()
    };
    Some(pad(&v) < pad(&m))
}

#[cfg(test)]
mod tests {
    use super::{SecurityChecks, version_below};

    #[test]
    fn pinned_digest_parses_sha256sum_output() {
        let hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let c = SecurityChecks::none()
            .pin_executable_sha256_hex(hex)
            .unwrap();
        let pin = c.pinned_executable_sha256.unwrap();
        assert_eq!((pin[0], pin[31]), (0x9f, 0x08));
        assert!(
            SecurityChecks::none()
                .pin_executable_sha256_hex(&hex[1..])
                .is_err()
        );
        let not_hex = hex.replace('9', "g");
        assert!(
            SecurityChecks::none()
                .pin_executable_sha256_hex(&not_hex)
                .is_err()
        );
    }

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(version_below("6.1.0-18-amd64", "5.10"), Some(false));
        assert_eq!(version_below("4.19.0", "5.10"), Some(true));
        assert_eq!(version_below("12", "12"), Some(false));
        assert_eq!(version_below("11", "12"), Some(true));
        assert_eq!(version_below("22.04", "22.10"), Some(true));
        assert_eq!(version_below("5.10", "5.10.0"), Some(false));
        assert_eq!(version_below("rolling", "1"), None);
    }
}
