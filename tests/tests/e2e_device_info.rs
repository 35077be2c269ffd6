//! Device information collected on this host by `threeds_std::device_info`,
//! sent through the facade's `get_auth_request`, decrypted and checked by
//! the simulator's DS, and compared here with what the host's own tools say.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::process::Command;

use common::pki;
use common::sim_net::{SimNet, TestClock};
use serde_json::Value;
use threeds_core::client::events::{ClientEvents, LogLevel, LogType};
use threeds_core::client::facade::Client;
use threeds_std::device_info::{Collector, SecurityChecks};

#[derive(Default)]
struct Logs(Vec<(LogLevel, LogType, String)>);

impl ClientEvents for Logs {
    fn on_log(&mut self, level: LogLevel, log_type: LogType, message: &str) {
        self.0.push((level, log_type, message.to_owned()));
    }
}

const SDK_APP_ID: &str = "9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
const REFERENCE: &str = "THREEDS-E2E-0001";

/// One `get_auth_request` with the host's collector, answered by the
/// simulator; returns the DS's decrypted device information, the
/// `sdkTransID` it recorded and the level-2 `DeviceParams` log line.
fn collect_through_the_ds(collector: Collector, mask: bool) -> (Value, String, String) {
    let sim = common::sim();
    let clock = TestClock::new();
    let pki = pki();
    let mut c = Client::new(
        SimNet::new(&sim, &clock),
        rand::rng(),
        &clock,
        Logs::default(),
    );
    c.set_message_version("2.2.0").unwrap();
    c.set_sdk_app_id(SDK_APP_ID).unwrap();
    c.set_directory_server_id("A000000802");
    c.set_directory_server_cert_encoded(&pki.ds_enc_ec.cert_der)
        .unwrap();
    c.config(&format!("SDKReferenceNumber={REFERENCE}"))
        .unwrap();
    c.config("LogLevel=2").unwrap();
    c.config(&format!("MaskSensitive={mask}")).unwrap();
    // The app's own values override collected ones, in either category.
    c.add_device_param("C013", "com.example.kiosk", 2, 1)
        .unwrap();
    c.add_device_param("C009", "RE01", 2, 2).unwrap();
    c.set_device_info_collector(Some(Box::new(collector)));
    let areq = c.get_auth_request().unwrap();
    let answer = sim.handle_http(
        "/3ds/auth?scenario=frictionless-y",
        Some("application/json"),
        areq.as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.body_text());
    let records = sim.records();
    assert!(
        records.violations().is_empty(),
        "{:?}",
        records.violations()
    );
    let tx = records.transactions.last().unwrap();
    let line = c
        .events()
        .0
        .iter()
        .find(|(level, t, _)| *t == LogType::DeviceParams && *level == LogLevel::Verbose)
        .map(|(_, _, m)| m.clone())
        .expect("a DeviceParams line at level 2");
    (tx.device_info.clone(), tx.sdk_trans_id.clone(), line)
}

fn sh(script: &str) -> String {
    let out = Command::new("sh").arg("-c").arg(script).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn host_collector() -> Collector {
    // Only the debugger check: the others depend on how the host was built.
    Collector::new().security_checks(SecurityChecks {
        debugger: true,
        ..SecurityChecks::none()
    })
}

#[test]
fn host_values_reach_the_ds_as_the_host_reports_them() {
    let (info, sdk_trans_id, line) = collect_through_the_ds(host_collector(), false);
    let dd = info["DD"].as_object().unwrap();
    let dpna = info["DPNA"].as_object().cloned().unwrap_or_default();
    assert_eq!(info["DV"], "1.6");
    // Every common parameter is accounted for, in exactly one category.
    for n in 1..=18 {
        let code = format!("C{n:03}");
        assert!(
            dd.contains_key(&code) ^ dpna.contains_key(&code),
            "{code}: {info}"
        );
    }
    assert_eq!(dd["C001"], "Linux");
    assert_eq!(dd["C013"], "com.example.kiosk", "the app's value wins");
    assert_eq!(
        dpna["C009"], "RE01",
        "the app's reason wins over the host name"
    );
    assert_eq!(dd["C014"], SDK_APP_ID);
    assert_eq!(dd["C015"], env!("CARGO_PKG_VERSION"));
    assert_eq!(dd["C016"], REFERENCE);
    assert_eq!(dd["C017"], "20300101-00:00:00", "the client's clock");
    assert_eq!(dd["C018"], sdk_trans_id.as_str());
    // The host's own account of itself, through the shell.
    let os =
        sh(". /etc/os-release 2>/dev/null || . /usr/lib/os-release; echo \"$NAME|$VERSION_ID\"");
    let (name, version) = os.split_once('|').unwrap();
    assert_eq!(dd["C003"], name);
    let version = if version.is_empty() {
        sh("uname -r")
    } else {
        version.to_owned()
    };
    assert_eq!(dd["C004"], version.as_str());
    let tz = sh(
        "if [ -n \"$TZ\" ]; then echo \"${TZ#:}\"; elif [ -f /etc/timezone ]; then head -n1 /etc/timezone; \
         else readlink /etc/localtime | sed 's|.*zoneinfo/||'; fi",
    );
    if tz.is_empty() {
        assert_eq!(dpna["C006"], "RE04");
    } else {
        assert_eq!(dd["C006"], tz.as_str());
    }
    let route = sh("ip -o route get 192.0.2.1 2>/dev/null | sed -n 's/.* src \\([^ ]*\\).*/\\1/p'");
    if !route.is_empty() {
        assert_eq!(
            dd["C010"],
            route.as_str(),
            "the source address of the default route"
        );
    }
    assert_eq!(dpna["C011"], "RE03");
    assert_eq!(dpna["C012"], "RE03");
    assert_eq!(dpna["C007"], "RE03");
    assert!(info.get("SW").is_none(), "not traced: {info}");
    // The level-2 line is exactly what the DS decrypted (MaskSensitive off).
    let logged: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(logged, info);
}

#[test]
fn masked_log_line_hides_values_but_not_codes() {
    let (info, _, line) = collect_through_the_ds(host_collector(), true);
    let logged: Value = serde_json::from_str(&line).unwrap();
    let dd = info["DD"].as_object().unwrap();
    let logged_dd = logged["DD"].as_object().unwrap();
    assert_eq!(
        dd.keys().collect::<Vec<_>>(),
        logged_dd.keys().collect::<Vec<_>>()
    );
    assert!(logged_dd.values().all(|v| v == "******"), "{line}");
    assert_eq!(logged["DPNA"], info["DPNA"]);
    assert_eq!(logged["DV"], info["DV"]);
}

#[test]
fn deny_list_reaches_the_ds_as_re01() {
    let collector = host_collector().deny_codes("C010,C002").unwrap();
    let (info, _, _) = collect_through_the_ds(collector, true);
    assert_eq!(info["DPNA"]["C010"], "RE01");
    assert_eq!(info["DPNA"]["C002"], "RE01");
    assert!(info["DD"].get("C010").is_none());
}

/// Run by `sw04_under_a_tracer` inside `strace -f`: the tracer is this
/// process's, so the warning must be there.
#[test]
#[ignore = "run under strace by sw04_under_a_tracer"]
fn traced_child_reports_sw04() {
    let (info, _, _) = collect_through_the_ds(host_collector(), true);
    assert_eq!(info["SW"], serde_json::json!(["SW04"]), "{info}");
}

#[test]
fn sw04_under_a_tracer() {
    let out = Command::new("strace")
        .args(["-f", "-o", "/dev/null", "--"])
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "traced_child_reports_sw04",
            "--ignored",
            "--test-threads=1",
        ])
        .output()
        .expect("strace is installed (.ci/run installs it)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1 passed"), "{stdout}");
}

#[test]
fn a_hung_source_does_not_hold_get_auth_request() {
    // A host whose os-release never answers (a FIFO without a writer).
    let root = std::env::temp_dir().join(format!("threeds-e2e-hung-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("etc")).unwrap();
    std::fs::create_dir_all(root.join("proc/sys/kernel")).unwrap();
    std::fs::write(root.join("proc/sys/kernel/hostname"), "till-9\n").unwrap();
    let fifo = root.join("etc/os-release");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let collector = Collector::at_root(&root, &[("LANG", "en_GB.UTF-8")])
        .budget(core::time::Duration::from_millis(200))
        .security_checks(SecurityChecks::none());
    let started = std::time::Instant::now();
    let (info, _, _) = collect_through_the_ds(collector, true);
    let took = started.elapsed();
    // Read before the hang: nothing (the model has no source); from the OS
    // name on, RE04. The DS accepted it all the same.
    assert_eq!(info["DPNA"]["C003"], "RE04", "{info}");
    assert_eq!(info["DPNA"]["C009"], "RE01", "the app's own value");
    assert_eq!(info["DD"]["C001"], "Linux");
    // A bound, not a benchmark: the worker never returns by itself.
    assert!(took < core::time::Duration::from_secs(10), "{took:?}");
    // The worker stays blocked on the FIFO until the test process ends.
    let _ = std::fs::remove_dir_all(&root);
}
