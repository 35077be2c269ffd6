//! The state file shared by the subcommands of one transaction.
//!
//! While a transaction runs (ARes awaited, challenge) the file holds
//! `Transaction::export` — secret: the ephemeral private key or the session
//! key — and is written with mode 0600. During a challenge it also holds the
//! screen being answered (not secret), so that a resumed `challenge` can show
//! it again. Once it is over the file holds a small JSON summary, which no
//! later step can resume.
//!
//! Layout of a running transaction: `TXCLI2\n`, the export's length (u32,
//! big-endian), the export, then the screen as JSON (empty before the first
//! screen). A file that starts with the export itself (`TXS`) is read too.
//!
//! Every write is atomic and durable: a temporary file is written and
//! fsynced, renamed over the state file, then the directory is fsynced. The
//! challenge writes the file before each CReq leaves (write-ahead), so a
//! crash at any moment leaves a state that never reuses a counter.

use std::fs;
use std::io::Write;
use std::path::Path;

use serde_json::Value;
use threeds_core::transaction::{EXPORT_MAX_LEN, Transaction};
use zeroize::Zeroizing;

use crate::error::{CliError, CliResult};

const MAGIC: &[u8] = b"TXCLI2\n";

/// Writes `bytes` to `path` with mode 0600, replacing it atomically and durably.
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
    fs::rename(tmp, path).map_err(io)?;
    // The rename itself must survive a power cut: sync the directory entry.
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io)?;
    }
    Ok(())
}

/// Saves a running transaction.
pub fn save(path: &Path, txn: &Transaction) -> CliResult<()> {
    save_with_screen(path, txn, None)
}

/// Saves a running transaction with the screen being answered.
pub fn save_with_screen(path: &Path, txn: &Transaction, screen: Option<&Value>) -> CliResult<()> {
    let mut export = Zeroizing::new(vec![0u8; EXPORT_MAX_LEN]);
    let len = txn
        .export(&mut export)
        .map_err(|e| CliError::with("cannot export the transaction", e))?;
    let screen = screen.map(Value::to_string).unwrap_or_default();
    let mut file = Zeroizing::new(Vec::with_capacity(MAGIC.len() + 4 + len + screen.len()));
    file.extend_from_slice(MAGIC);
    let len32 = u32::try_from(len).map_err(|_| CliError("export too large".into()))?;
    file.extend_from_slice(&len32.to_be_bytes());
    file.extend_from_slice(export.get(..len).unwrap_or_default());
    file.extend_from_slice(screen.as_bytes());
    write_private(path, &file)
}

/// Records that the transaction is over (nothing secret remains).
pub fn save_final(path: &Path, summary: &Value) -> CliResult<()> {
    let mut text = summary.to_string();
    text.push('\n');
    write_private(path, text.as_bytes())
}

/// Loads a running transaction.
pub fn load(path: &Path) -> CliResult<Transaction> {
    load_with_screen(path).map(|(txn, _)| txn)
}

/// Why a finished state file cannot be continued: how it ended (the error
/// that ended it, when one did) and what to run instead.
fn over_message(name: &str, summary: &[u8]) -> String {
    let summary = serde_json::from_slice::<Value>(summary).unwrap_or(Value::Null);
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let state = text(summary.get("state")).unwrap_or_else(|| "over".into());
    let how = match (
        text(summary.get("error")),
        text(summary.pointer("/error/description")),
        text(summary.get("transStatus")),
    ) {
        (Some(e), _, _) | (None, Some(e), _) => {
            let e = e.strip_suffix(crate::check::NEXT).unwrap_or(&e);
            format!("it failed: {}", e.trim_end_matches("; "))
        }
        (None, None, Some(t)) => format!("it ended with transStatus {t}"),
        _ => format!("state {state}"),
    };
    format!(
        "{name}: this transaction is already over ({how}); start a new one with `threeds auth-request`"
    )
}

/// Loads a running transaction and the screen it was answering, if any.
pub fn load_with_screen(path: &Path) -> CliResult<(Transaction, Option<Value>)> {
    let name = path.display().to_string();
    let bytes = Zeroizing::new(fs::read(path).map_err(|e| CliError::with(&name, e))?);
    if bytes.first() == Some(&b'{') {
        return Err(CliError(over_message(&name, &bytes)));
    }
    let invalid =
        |e: &dyn core::fmt::Display| CliError::with(&format!("{name}: not a transaction state"), e);
    let Some(rest) = bytes.strip_prefix(MAGIC) else {
        let txn = Transaction::import(&bytes).map_err(|e| invalid(&e))?;
        return Ok((txn, None));
    };
    let (len, rest) = rest
        .split_at_checked(4)
        .ok_or_else(|| invalid(&"truncated"))?;
    let len = u32::from_be_bytes(len.try_into().map_err(|_| invalid(&"truncated"))?);
    let (export, screen) = rest
        .split_at_checked(usize::try_from(len).unwrap_or(usize::MAX))
        .ok_or_else(|| invalid(&"truncated"))?;
    let txn = Transaction::import(export).map_err(|e| invalid(&e))?;
    let screen = if screen.is_empty() {
        None
    } else {
        Some(serde_json::from_slice(screen).map_err(|e| invalid(&e))?)
    };
    Ok((txn, screen))
}
