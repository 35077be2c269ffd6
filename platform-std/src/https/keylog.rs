//! `SSLKeyLogFile`: per-session secrets appended in the NSS key log format.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

/// Appends `LABEL <client_random hex> <secret hex>` lines to a file, as
/// Wireshark reads them. Only for debugging: the file decrypts the traffic.
#[derive(Debug)]
pub(crate) struct KeyLogToFile {
    path: PathBuf,
    lock: Mutex<()>,
}

impl KeyLogToFile {
    pub(crate) fn new(path: PathBuf) -> Self {
        Self {
            path,
            lock: Mutex::new(()),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl rustls::KeyLog for KeyLogToFile {
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        let line = format!("{label} {} {}\n", hex(client_random), hex(secret));
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        // A debugging aid must never break the connection: write errors are dropped.
        let _ = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .and_then(|mut f| f.write_all(line.as_bytes()));
    }
}
