//! The state file shared by the subcommands of one transaction.
//!
//! While a transaction runs (ARes awaited, challenge) the file holds
//! `Transaction::export` — secret: the ephemeral private key or the session
//! key — and is written with mode 0600. Once it is over the file holds a
//! small JSON summary, which no later step can resume.

use std::fs;
use std::io::Write;
use std::path::Path;

use serde_json::Value;
use threeds_core::transaction::{EXPORT_MAX_LEN, Transaction};
use zeroize::Zeroizing;

use crate::error::{CliError, CliResult};

/// Writes `bytes` to `path` with mode 0600, replacing it atomically.
fn write_private(path: &Path, bytes: &[u8]) -> CliResult<()> {
    let mut tmp_name = path.as_os_str().to_owned();
    tmp_name.push(".tmp");
    let tmp = Path::new(&tmp_name);
    let _ = fs::remove_file(tmp);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let io = |e: std::io::Error| CliError::with(&path.display().to_string(), e);
    let mut file = options.open(tmp).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    drop(file);
    fs::rename(tmp, path).map_err(io)
}

/// Saves a running transaction.
pub fn save(path: &Path, txn: &Transaction) -> CliResult<()> {
    let mut buf = Zeroizing::new(vec![0u8; EXPORT_MAX_LEN]);
    let len = txn
        .export(&mut buf)
        .map_err(|e| CliError::with("cannot export the transaction", e))?;
    write_private(path, buf.get(..len).unwrap_or_default())
}

/// Records that the transaction is over (nothing secret remains).
pub fn save_final(path: &Path, summary: &Value) -> CliResult<()> {
    let mut text = summary.to_string();
    text.push('\n');
    write_private(path, text.as_bytes())
}

/// Loads a running transaction.
pub fn load(path: &Path) -> CliResult<Transaction> {
    let bytes =
        Zeroizing::new(fs::read(path).map_err(|e| CliError::with(&path.display().to_string(), e))?);
    if bytes.first() == Some(&b'{') {
        let state = serde_json::from_slice::<Value>(&bytes)
            .ok()
            .and_then(|v| v.get("state").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_else(|| "over".into());
        return Err(CliError(format!(
            "{}: the transaction is already over (state {state})",
            path.display()
        )));
    }
    Transaction::import(&bytes)
        .map_err(|e| CliError::with(&format!("{}: not a transaction state", path.display()), e))
}
