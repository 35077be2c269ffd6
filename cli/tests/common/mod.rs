//! Shared helpers: a simulator on loopback, its PKI as PEM files, and the
//! `threeds` binary run as a subprocess.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use core::sync::atomic::{AtomicU32, Ordering};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use serde_json::Value;
use threeds_sim::{Pki, RunningSimulator, SimConfig, Simulator, SimulatorConfig};

pub const BIN: &str = env!("CARGO_BIN_EXE_threeds");
pub const DS_ID: &str = "A000000802";
pub const APP_ID: &str = "9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f";

/// A fresh directory under the target's test scratch space.
pub fn scratch(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "cli-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A simulator and its PKI written as PEM.
pub struct Env {
    pub sim: RunningSimulator,
    pub dir: PathBuf,
}

impl Env {
    pub fn start(name: &str) -> Self {
        let pki = Pki::generate().expect("PKI");
        let dir = scratch(name);
        pki.write_pem(&dir).unwrap();
        let sim = Simulator::start(SimulatorConfig {
            pki: Arc::new(pki),
            sim: SimConfig::with_builtin_scenarios().unwrap(),
        })
        .unwrap();
        Self { sim, dir }
    }

    pub fn pem(&self, name: &str) -> String {
        self.dir
            .join(format!("{name}.crt.pem"))
            .display()
            .to_string()
    }

    /// `auth-request` with the given DS certificate; returns the state path and the JSON.
    pub fn auth_request(&self, ds_cert: &str, version: &str, extra: &[&str]) -> (PathBuf, Value) {
        let state = scratch("state").join("txn.state");
        let ds = self.pem(ds_cert);
        let mut args = vec![
            "auth-request",
            "--ds-cert",
            &ds,
            "--ds-id",
            DS_ID,
            "--sdk-app-id",
            APP_ID,
            "--sdk-reference-number",
            "THREEDS-CLI-TEST",
            "--message-version",
            version,
            "--state",
            state.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let out = run(&args, None);
        assert_ok(&out, "auth-request");
        (state, json_line(&out.stdout))
    }

    /// The simulator's 3DS Server answers the auth request (in memory).
    pub fn ares(&self, request: &Value, scenario: &str) -> Vec<u8> {
        let answer = self.sim.sim().handle_http(
            &format!("/3ds/auth?scenario={scenario}"),
            Some("application/json"),
            request.to_string().as_bytes(),
        );
        assert_eq!(answer.status, 200, "{}", answer.body_text());
        answer.body
    }

    /// `check-auth-response` with the DS root.
    pub fn check(&self, state: &Path, ares: &[u8]) -> Output {
        let file = state.with_file_name("ares.json");
        std::fs::write(&file, ares).unwrap();
        run(
            &[
                "check-auth-response",
                "--state",
                state.to_str().unwrap(),
                "--acs-root",
                &self.pem("ds-root"),
                file.to_str().unwrap(),
            ],
            None,
        )
    }

    /// auth-request → ARes → check, expecting a challenge; returns the state.
    pub fn to_challenge(&self, scenario: &str, version: &str, ds_cert: &str) -> PathBuf {
        let (state, request) = self.auth_request(ds_cert, version, &[]);
        let ares = self.ares(&request, scenario);
        let out = self.check(&state, &ares);
        assert_ok(&out, "check-auth-response");
        let v = json_line(&out.stdout);
        assert_eq!(v["challengeRequired"], true, "{v}");
        state
    }

    /// `challenge --json` with answers; returns the output and the JSON lines.
    pub fn challenge(&self, state: &Path, answers: &[&str]) -> (Output, Vec<Value>) {
        let ca = self.pem("tls-ca");
        let mut args = vec![
            "challenge",
            "--state",
            state.to_str().unwrap(),
            "--tls-ca",
            &ca,
            "--json",
        ];
        for a in answers {
            args.push("--answer");
            args.push(a);
        }
        let out = run(&args, None);
        let lines = String::from_utf8(out.stdout.clone())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
            .collect();
        (out, lines)
    }

    /// Every protocol violation the simulator recorded.
    pub fn violations(&self) -> Vec<String> {
        self.sim.records().violations()
    }
}

pub fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let mut child = cmd.spawn().unwrap();
    if let Some(data) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(data).unwrap();
    }
    child.wait_with_output().unwrap()
}

pub fn assert_ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what}: {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn json_line(stdout: &[u8]) -> Value {
    let text = String::from_utf8(stdout.to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "one JSON line expected: {text}");
    serde_json::from_str(lines[0]).unwrap()
}
