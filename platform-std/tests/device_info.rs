//! The device-information collector on fixture trees (a fake `/proc`,
//! `/sys`, `/etc` per kind of host), each compared with the exact JSON a DS
//! would receive.

use core::net::{IpAddr, Ipv4Addr};
use core::sync::atomic::{AtomicUsize, Ordering};
use core::time::Duration;
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use threeds_core::client::device_collect::CollectContext;
use threeds_std::device_info::{Collector, IpAddressSource, SecurityChecks};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// 2026-12-02 10:42:03 UTC.
const NOW: u64 = 1_796_208_123;

fn ctx() -> CollectContext<'static> {
    CollectContext {
        sdk_app_id: "8f8e1b3c-3c4e-4f0a-9d59-2a1f1c0e6b11",
        sdk_reference_number: "3DS_LOA_SDK_TEST_020200_00001",
        sdk_trans_id: "b2385523-a66c-4907-ac3c-91848e8c0067",
        now_unix: NOW,
    }
}

/// The common tail of DD: what the app and the transaction give.
fn app_dd() -> String {
    format!(
        "\"C014\":\"8f8e1b3c-3c4e-4f0a-9d59-2a1f1c0e6b11\",\"C015\":\"{VERSION}\",\
         \"C016\":\"3DS_LOA_SDK_TEST_020200_00001\",\"C017\":\"20261202-10:42:03\",\
         \"C018\":\"b2385523-a66c-4907-ac3c-91848e8c0067\""
    )
}

/// A fixture tree in a fresh temporary directory, removed on drop.
struct Tree(PathBuf);

impl Tree {
    fn new(name: &str) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "threeds-devinfo-{}-{name}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Tree(dir)
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
    fn parent(&self, rel: &str) -> PathBuf {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        p
    }
    fn file(&self, rel: &str, text: &str) -> &Self {
        fs::write(self.parent(rel), text).unwrap();
        self
    }
    fn link(&self, rel: &str, target: &str) -> &Self {
        symlink(target, self.parent(rel)).unwrap();
        self
    }
    fn dir(&self, rel: &str) -> &Self {
        fs::create_dir_all(self.path(rel)).unwrap();
        self
    }
    fn fifo(&self, rel: &str) -> &Self {
        let p = self.parent(rel);
        assert!(Command::new("mkfifo").arg(&p).status().unwrap().success());
        self
    }
    fn unreadable(&self, rel: &str) -> &Self {
        fs::set_permissions(self.path(rel), fs::Permissions::from_mode(0o000)).unwrap();
        self
    }
    fn status(&self, tracer: u32, uid: u32) -> &Self {
        self.file(
            "proc/self/status",
            &format!("Name:\tkiosk\nTracerPid:\t{tracer}\nUid:\t{uid}\t{uid}\t{uid}\t{uid}\n"),
        )
    }
    fn collector(&self, env: &[(&str, &str)]) -> Collector {
        Collector::at_root(&self.0, env)
            .ip_address(IpAddressSource::Fixed(IpAddr::V4(Ipv4Addr::new(
                203, 0, 113, 7,
            ))))
            .budget(Duration::from_secs(20))
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = Command::new("chmod")
            .arg("-R")
            .arg("u+rwx")
            .arg(&self.0)
            .status();
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn json(c: &Collector) -> String {
    let info = c.collect(&ctx());
    String::from_utf8(info.to_json().unwrap().to_vec()).unwrap()
}

const DEBIAN: &str = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n\
                      VERSION_ID=\"12\"\nID=debian\n";

fn bare_metal() -> Tree {
    let t = Tree::new("bare");
    t.file("sys/class/dmi/id/sys_vendor", "Dell Inc.\n")
        .file("sys/class/dmi/id/product_name", "OptiPlex 7090\n")
        .file("sys/class/dmi/id/bios_vendor", "Dell Inc.\n")
        .file("etc/os-release", DEBIAN)
        .file("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n")
        .file("proc/sys/kernel/ostype", "Linux\n")
        .file("proc/sys/kernel/hostname", "kiosk-17\n")
        .link("etc/localtime", "/usr/share/zoneinfo/Europe/Berlin")
        .file("sys/class/drm/card0-HDMI-A-1/status", "connected\n")
        .file(
            "sys/class/drm/card0-HDMI-A-1/modes",
            "1920x1080\n1280x720\n",
        )
        .file("sys/class/drm/card0-DP-1/status", "disconnected\n")
        .file("sys/class/drm/card0-DP-1/modes", "")
        .file(
            "proc/cpuinfo",
            "processor\t: 0\nflags\t\t: fpu vme sse2 avx2\n",
        )
        .file(
            "proc/self/mounts",
            "/dev/sda2 / ext4 ro,relatime 0 0\n/dev/sda3 /var ext4 rw 0 0\n",
        )
        .link("proc/self/exe", "/opt/kiosk/bin/kiosk-app")
        .status(0, 1000);
    t
}

#[test]
fn bare_metal_kiosk_sends_every_parameter_and_no_warning() {
    let t = bare_metal();
    let c = t
        .collector(&[("LANG", "de_DE.UTF-8")])
        .security_checks(SecurityChecks {
            root_forbidden: true,
            read_only_system: true,
            min_os_version: Some("11".into()),
            min_kernel: Some("5.10".into()),
            ..SecurityChecks::default()
        });
    let expected = format!(
        "{{\"DV\":\"1.6\",\"DD\":{{\"C001\":\"Linux\",\"C002\":\"Dell Inc.||OptiPlex 7090\",\
         \"C003\":\"Debian GNU/Linux\",\"C004\":\"12\",\"C005\":\"de-DE\",\"C006\":\"Europe/Berlin\",\
         \"C008\":\"1920x1080\",\"C009\":\"kiosk-17\",\"C010\":\"203.0.113.7\",\"C013\":\"kiosk-app\",\
         {}}},\"DPNA\":{{\"C007\":\"RE03\",\"C011\":\"RE03\",\"C012\":\"RE03\"}}}}",
        app_dd()
    );
    assert_eq!(json(&c), expected);
}

#[test]
fn virtual_machine_raises_sw03_and_an_old_os_sw05() {
    let t = Tree::new("vm");
    t.file("sys/class/dmi/id/sys_vendor", "QEMU\n")
        .file(
            "sys/class/dmi/id/product_name",
            "Standard PC (Q35 + ICH9, 2009)\n",
        )
        .file(
            "etc/os-release",
            "NAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nID=ubuntu\n",
        )
        .file("proc/sys/kernel/osrelease", "5.15.0-91-generic\n")
        .file("proc/sys/kernel/hostname", "vm-kiosk\n")
        .file("etc/timezone", "America/New_York\n")
        .file("sys/class/graphics/fb0/virtual_size", "1024,768\n")
        .file("proc/cpuinfo", "flags\t\t: fpu sse2 hypervisor\n")
        .status(0, 1000);
    let c = t
        .collector(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "fr_FR.UTF-8")])
        .app_package_name("com.example.kiosk")
        .location(48.8566, 2.3522)
        .unwrap()
        .security_checks(SecurityChecks {
            min_os_version: Some("24.04".into()),
            ..SecurityChecks::default()
        });
    let expected = format!(
        "{{\"DV\":\"1.6\",\"DD\":{{\"C001\":\"Linux\",\
         \"C002\":\"QEMU||Standard PC (Q35 + ICH9, 2009)\",\"C003\":\"Ubuntu\",\"C004\":\"22.04\",\
         \"C005\":\"en-US\",\"C006\":\"America/New_York\",\"C008\":\"1024x768\",\
         \"C009\":\"vm-kiosk\",\"C010\":\"203.0.113.7\",\"C011\":\"48.8566\",\"C012\":\"2.3522\",\
         \"C013\":\"com.example.kiosk\",{}}},\"DPNA\":{{\"C007\":\"RE03\"}},\
         \"SW\":[\"SW03\",\"SW05\"]}}",
        app_dd()
    );
    assert_eq!(json(&c), expected);
    // Each check can be turned off.
    let quiet = c.security_checks(SecurityChecks::none());
    assert!(!json(&quiet).contains("\"SW\""));
}

#[test]
fn container_as_root_with_a_preload_raises_sw01_and_sw02() {
    let t = Tree::new("container");
    t.file(
        "etc/os-release",
        "NAME=\"Alpine Linux\"\nVERSION_ID=3.19.1\n",
    )
    .file("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n")
    .file("proc/sys/kernel/hostname", "3f2a9c1d7e44\n")
    .file("etc/timezone", "Etc/UTC\n")
    .file("proc/cpuinfo", "flags\t\t: fpu sse2\n")
    .file(
        "proc/self/mounts",
        "overlay / overlay rw,relatime,lowerdir=/l 0 0\n",
    )
    .status(0, 0);
    let c = t
        .collector(&[("LANG", "C.UTF-8"), ("LD_PRELOAD", "/usr/lib/libhook.so")])
        .app_package_name("kiosk")
        .security_checks(SecurityChecks {
            root_forbidden: true,
            read_only_system: true,
            ..SecurityChecks::default()
        });
    // No DMI nor device tree: model RE04; no display subsystem: screen RE02;
    // the C locale names no language: RE04.
    let expected = format!(
        "{{\"DV\":\"1.6\",\"DD\":{{\"C001\":\"Linux\",\"C003\":\"Alpine Linux\",\
         \"C004\":\"3.19.1\",\"C006\":\"Etc/UTC\",\"C009\":\"3f2a9c1d7e44\",\
         \"C010\":\"203.0.113.7\",\"C013\":\"kiosk\",{}}},\"DPNA\":{{\"C002\":\"RE04\",\
         \"C005\":\"RE04\",\"C007\":\"RE03\",\"C008\":\"RE02\",\"C011\":\"RE03\",\
         \"C012\":\"RE03\"}},\"SW\":[\"SW01\",\"SW02\"]}}",
        app_dd()
    );
    assert_eq!(json(&c), expected);
}

fn board(name: &str) -> Tree {
    let t = Tree::new(name);
    t.file("proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.4\0")
        .file(
            "proc/device-tree/compatible",
            "raspberrypi,4-model-b\0brcm,bcm2711\0",
        )
        .file("etc/os-release", "NAME=\"Arch Linux ARM\"\nID=archarm\n")
        .file("proc/sys/kernel/osrelease", "6.6.20-v8+\n")
        .file("proc/sys/kernel/hostname", "till-03\n")
        .file("etc/default/locale", "LANG=en_GB.UTF-8\n")
        .dir("sys/class/drm")
        .file("proc/cpuinfo", "Features\t: fp asimd\n")
        .status(4242, 1000);
    t
}

#[test]
fn traced_board_raises_sw04_and_reads_the_device_tree() {
    let t = board("board");
    let c = t
        .collector(&[("TZ", ":Europe/London")])
        .app_package_name("till")
        .security_checks(SecurityChecks {
            min_kernel: Some("6.1".into()),
            ..SecurityChecks::default()
        });
    // No VERSION_ID (rolling): the kernel release is the OS version; a DRM
    // subsystem without a connected display: screen RE04.
    let expected = format!(
        "{{\"DV\":\"1.6\",\"DD\":{{\"C001\":\"Linux\",\
         \"C002\":\"raspberrypi||Raspberry Pi 4 Model B Rev 1.4\",\"C003\":\"Arch Linux ARM\",\
         \"C004\":\"6.6.20-v8+\",\"C005\":\"en-GB\",\"C006\":\"Europe/London\",\
         \"C009\":\"till-03\",\"C010\":\"203.0.113.7\",\"C013\":\"till\",{}}},\
         \"DPNA\":{{\"C007\":\"RE03\",\"C008\":\"RE04\",\"C011\":\"RE03\",\"C012\":\"RE03\"}},\
         \"SW\":[\"SW04\"]}}",
        app_dd()
    );
    assert_eq!(json(&c), expected);
}

#[test]
fn pinned_digest_raises_sw02_only_when_the_executable_differs() {
    use sha2::Digest;
    let t = bare_metal();
    t.file("opt/kiosk/bin/kiosk-app", "the kiosk binary, build 41");
    fs::remove_file(t.path("proc/self/exe")).unwrap();
    t.link("proc/self/exe", "../../opt/kiosk/bin/kiosk-app");
    let pin: [u8; 32] = sha2::Sha256::digest(b"the kiosk binary, build 41").into();
    let checks = |pin| SecurityChecks {
        pinned_executable_sha256: Some(pin),
        ..SecurityChecks::none()
    };
    let good = t.collector(&[]).security_checks(checks(pin));
    assert!(!json(&good).contains("\"SW\""), "{}", json(&good));
    let mut other = pin;
    other[0] ^= 1;
    let bad = t.collector(&[]).security_checks(checks(other));
    assert!(
        json(&bad).ends_with(",\"SW\":[\"SW02\"]}"),
        "{}",
        json(&bad)
    );
}

/// Whether this process may read any file whatever its mode (root with
/// `CAP_DAC_OVERRIDE` in its effective set).
fn bypasses_permissions() -> bool {
    let status = fs::read_to_string("/proc/self/status").unwrap();
    let cap_eff = status
        .lines()
        .find_map(|l| l.strip_prefix("CapEff:"))
        .map(|v| u64::from_str_radix(v.trim(), 16).unwrap())
        .unwrap();
    // CAP_DAC_OVERRIDE = 1, CAP_DAC_READ_SEARCH = 2.
    cap_eff & 0b110 != 0
}

#[test]
fn unreadable_files_are_re03() {
    if bypasses_permissions() {
        // Root reads mode-000 files: run this test again without the DAC
        // capabilities (as any user would be), which setpriv drops before exec.
        let out = Command::new("setpriv")
            .args(["--bounding-set=-dac_override,-dac_read_search", "--"])
            .arg(std::env::current_exe().unwrap())
            .args(["--exact", "unreadable_files_are_re03", "--test-threads=1"])
            .output()
            .expect("setpriv (util-linux) runs the test without DAC capabilities");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("1 passed"), "{stdout}");
        return;
    }
    let t = bare_metal();
    t.unreadable("sys/class/dmi/id/product_name")
        .unreadable("proc/sys/kernel/hostname")
        .unreadable("proc/self/status");
    let c = t
        .collector(&[("LANG", "de_DE.UTF-8")])
        .security_checks(SecurityChecks {
            root_forbidden: true,
            ..SecurityChecks::default()
        });
    let expected = format!(
        "{{\"DV\":\"1.6\",\"DD\":{{\"C001\":\"Linux\",\"C003\":\"Debian GNU/Linux\",\
         \"C004\":\"12\",\"C005\":\"de-DE\",\"C006\":\"Europe/Berlin\",\"C008\":\"1920x1080\",\
         \"C010\":\"203.0.113.7\",\"C013\":\"kiosk-app\",{}}},\"DPNA\":{{\"C002\":\"RE03\",\
         \"C007\":\"RE03\",\"C009\":\"RE03\",\"C011\":\"RE03\",\"C012\":\"RE03\"}}}}",
        app_dd()
    );
    // An unreadable /proc/self/status raises nothing: it is not evidence.
    assert_eq!(json(&c), expected);
}

#[test]
fn denied_parameters_are_re01_and_their_source_is_never_opened() {
    let t = board("deny");
    // Opening a FIFO for reading blocks until a writer comes: had the
    // collector opened the model, every later parameter would be RE04.
    fs::remove_file(t.path("proc/device-tree/model")).unwrap();
    t.fifo("proc/device-tree/model");
    let c = t
        .collector(&[("TZ", "Europe/London")])
        .budget(Duration::from_secs(20))
        .deny_codes("C002, C009,C010")
        .unwrap()
        .app_package_name("till")
        .security_checks(SecurityChecks::none());
    let expected = format!(
        "{{\"DV\":\"1.6\",\"DD\":{{\"C001\":\"Linux\",\"C003\":\"Arch Linux ARM\",\
         \"C004\":\"6.6.20-v8+\",\"C005\":\"en-GB\",\"C006\":\"Europe/London\",\
         \"C013\":\"till\",{}}},\"DPNA\":{{\"C002\":\"RE01\",\"C007\":\"RE03\",\
         \"C008\":\"RE04\",\"C009\":\"RE01\",\"C010\":\"RE01\",\"C011\":\"RE03\",\
         \"C012\":\"RE03\"}}}}",
        app_dd()
    );
    assert_eq!(json(&c), expected);
    assert!(Collector::new().deny_codes("C010,C019").is_err());
    assert!(Collector::new().deny_codes("SW01").is_err());
}

#[test]
fn a_hung_read_costs_the_budget_not_the_call() {
    let t = bare_metal();
    // The OS name's source never answers (a FIFO without a writer).
    fs::remove_file(t.path("etc/os-release")).unwrap();
    t.fifo("etc/os-release");
    let c = t
        .collector(&[("LANG", "de_DE.UTF-8")])
        .budget(Duration::from_secs(2));
    let started = Instant::now();
    let first = json(&c);
    let waited = started.elapsed();
    // Read before the hang: the model. Stuck from the OS name on: RE04;
    // no warning was checked in time.
    let expected = format!(
        "{{\"DV\":\"1.6\",\"DD\":{{\"C001\":\"Linux\",\"C002\":\"Dell Inc.||OptiPlex 7090\",\
         \"C010\":\"203.0.113.7\",{}}},\"DPNA\":{{\"C003\":\"RE04\",\"C004\":\"RE04\",\
         \"C005\":\"RE04\",\"C006\":\"RE04\",\"C007\":\"RE03\",\"C008\":\"RE04\",\
         \"C009\":\"RE04\",\"C011\":\"RE03\",\"C012\":\"RE03\",\"C013\":\"RE04\"}}}}",
        app_dd()
    );
    assert_eq!(first, expected);
    // A bound, not a benchmark: the budget is 2 s (room for a loaded machine
    // to read the model first), the worker never returns.
    assert!(waited < Duration::from_secs(10), "{waited:?}");
    // While the worker is stuck, the next call does not start another one:
    // every file-derived parameter is RE04 at once.
    let skipped = format!(
        "{{\"DV\":\"1.6\",\"DD\":{{\"C001\":\"Linux\",\"C010\":\"203.0.113.7\",{}}},\
         \"DPNA\":{{\"C002\":\"RE04\",\"C003\":\"RE04\",\"C004\":\"RE04\",\"C005\":\"RE04\",\
         \"C006\":\"RE04\",\"C007\":\"RE03\",\"C008\":\"RE04\",\"C009\":\"RE04\",\
         \"C011\":\"RE03\",\"C012\":\"RE03\",\"C013\":\"RE04\"}}}}",
        app_dd()
    );
    assert_eq!(json(&c), skipped);

    // Release the worker (a writer that closes at once gives EOF), give the
    // tree a real os-release, and the next collection is complete again.
    // The writer is held until the path holds the regular file, so that the
    // worker's next open of it does not meet the FIFO again.
    let writer = fs::OpenOptions::new()
        .write(true)
        .open(t.path("etc/os-release"))
        .unwrap();
    fs::remove_file(t.path("etc/os-release")).unwrap();
    t.file("etc/os-release", DEBIAN);
    drop(writer);
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = json(&c);
    while !last.contains("\"C003\":\"Debian GNU/Linux\"") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        last = json(&c);
    }
    assert!(last.contains("\"C003\":\"Debian GNU/Linux\""), "{last}");
}

#[test]
fn file_cap_bounds_every_read() {
    let t = bare_metal();
    t.file("proc/sys/kernel/hostname", &"h".repeat(100));
    let c = t.collector(&[]).file_cap(64);
    let out = json(&c);
    assert!(out.contains("\"C009\":\"RE04\""), "{out}");
    assert!(
        out.contains("\"C002\":\"Dell Inc.||OptiPlex 7090\""),
        "{out}"
    );
}
