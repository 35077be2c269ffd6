//! Shared test helpers: the Python peer and scratch directories.
#![allow(dead_code)]

pub mod tls;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python interpreter with `cryptography`: `THREEDS_PEER_PYTHON`, else
/// `<workspace>/.venv/bin/python`. Panics (fails the test) when neither works.
pub fn peer_python() -> PathBuf {
    let path = match std::env::var_os("THREEDS_PEER_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => {
            let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/python");
            assert!(
                p.exists(),
                "no Python peer: set THREEDS_PEER_PYTHON or create {} (bash .ci/setup-python-peer)",
                p.display()
            );
            p
        }
    };
    let ok = Command::new(&path)
        .args(["-c", "import cryptography"])
        .status()
        .unwrap_or_else(|e| panic!("cannot run the Python peer {}: {e}", path.display()));
    assert!(
        ok.success(),
        "the Python peer {} lacks cryptography",
        path.display()
    );
    path
}

/// A fresh scratch directory under the target dir, unique per test.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("threeds-std-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
