//! Helpers shared by the PKI integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// Workspace root (the parent of `core/`).
pub fn workspace() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// PEM certificate -> DER, decoded here rather than by the code under test.
pub fn pem_to_der(pem: &str) -> Vec<u8> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(str::trim)
        .collect();
    use base64ct::Encoding;
    base64ct::Base64::decode_vec(&body).expect("PEM body is base64")
}

/// The Python interpreter with `cryptography`: `THREEDS_PEER_PYTHON`, else
/// `<workspace>/.venv/bin/python`. Missing or broken is a failure, not a skip.
pub fn peer_python() -> PathBuf {
    if let Some(p) = std::env::var_os("THREEDS_PEER_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = workspace().join(".venv/bin/python");
    assert!(
        venv.exists(),
        "no peer interpreter: set THREEDS_PEER_PYTHON or create {} with tests/interop/requirements.txt",
        venv.display()
    );
    venv
}

/// A fresh, unique directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("threeds-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
