//! Bounded reads under a root directory (`/`, or a fixture tree in tests),
//! mapping each failure to the `DPNA` reason it stands for.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::PathBuf;

use threeds_core::message::NotAvailableReason;

/// Longest value sent for one parameter: device text beyond this is not a
/// model name or a host name, and the DS limits the whole payload.
pub(crate) const MAX_VALUE_CHARS: usize = 256;

/// Where the collector reads: a root for files, a snapshot of the
/// environment variables it uses, and the per-file size cap.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    pub(crate) root: PathBuf,
    pub(crate) env: BTreeMap<String, String>,
    pub(crate) file_cap: u64,
}

/// The environment variables the collector reads (nothing else is kept).
pub(crate) const ENV_VARS: [&str; 5] = ["LC_ALL", "LC_MESSAGES", "LANG", "TZ", "LD_PRELOAD"];

impl Source {
    /// `rel` (an absolute system path such as `/etc/os-release`) under the root.
    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel.trim_start_matches('/'))
    }

    /// A non-empty environment variable.
    pub(crate) fn env(&self, name: &str) -> Option<&str> {
        self.env
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Whether `rel` exists (without opening it).
    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.path(rel).symlink_metadata().is_ok()
    }

    /// The file's bytes, at most the cap: `RE03` when permission is denied,
    /// `RE04` when absent, unreadable or over the cap.
    pub(crate) fn read_bytes(&self, rel: &str) -> Result<Vec<u8>, NotAvailableReason> {
        let file = File::open(self.path(rel)).map_err(|e| reason(&e))?;
        let mut out = Vec::new();
        file.take(self.file_cap.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| reason(&e))?;
        if out.len() as u64 > self.file_cap {
            return Err(NotAvailableReason::Unavailable);
        }
        Ok(out)
    }

    /// The file as trimmed text (lossy UTF-8; a device tree's trailing NUL
    /// removed); `RE04` when empty.
    pub(crate) fn read_text(&self, rel: &str) -> Result<String, NotAvailableReason> {
        let bytes = self.read_bytes(rel)?;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        if text.is_empty() {
            return Err(NotAvailableReason::Unavailable);
        }
        Ok(text.to_owned())
    }

    /// The target of a symbolic link, as text.
    pub(crate) fn read_link(&self, rel: &str) -> Result<String, NotAvailableReason> {
        let target = std::fs::read_link(self.path(rel)).map_err(|e| reason(&e))?;
        Ok(target.to_string_lossy().into_owned())
    }

    /// Names in a directory, sorted, at most `max`.
    pub(crate) fn list_dir(
        &self,
        rel: &str,
        max: usize,
    ) -> Result<Vec<String>, NotAvailableReason> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(self.path(rel)).map_err(|e| reason(&e))? {
            if names.len() >= max {
                break;
            }
            let entry = entry.map_err(|e| reason(&e))?;
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        Ok(names)
    }

    /// SHA-256 of a file read in chunks (no cap but the collector's deadline:
    /// the executable may be large).
    pub(crate) fn sha256(&self, rel: &str) -> Result<[u8; 32], NotAvailableReason> {
        use sha2::Digest;
        let mut file = File::open(self.path(rel)).map_err(|e| reason(&e))?;
        let mut hash = sha2::Sha256::new();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = file.read(&mut chunk).map_err(|e| reason(&e))?;
            if n == 0 {
                break;
            }
            hash.update(chunk.get(..n).unwrap_or(&[]));
        }
        Ok(hash.finalize().into())
    }
}

/// The `DPNA` reason for an I/O error.
fn reason(e: &std::io::Error) -> NotAvailableReason {
    match e.kind() {
        ErrorKind::PermissionDenied => NotAvailableReason::PermissionRequired,
        _ => NotAvailableReason::Unavailable,
    }
}

/// A value fit to send: control characters dropped, at most
/// [`MAX_VALUE_CHARS`] characters; `None` when nothing is left.
pub(crate) fn clean(value: &str) -> Option<String> {
    let out: String = value
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_VALUE_CHARS)
        .collect();
    let out = out.trim();
    (!out.is_empty()).then(|| out.to_owned())
}

/// The value of `KEY=value` in an os-release / locale.conf style file, with
/// shell quoting removed.
pub(crate) fn assignment(text: &str, key: &str) -> Option<String> {
    text.lines().rev().find_map(|line| {
        let (k, v) = line.trim().split_once('=')?;
        (k.trim() == key).then(|| unquote(v.trim()))
    })
}

fn unquote(v: &str) -> String {
    if let Some(inner) = v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        return inner.to_owned();
    }
    let Some(inner) = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return v.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_follow_os_release_quoting() {
        let text =
            "NAME=\"Debian GNU/Linux\"\nVERSION_ID='12'\nID=debian\nPRETTY=\"a \\\"b\\\"\"\n";
        assert_eq!(
            assignment(text, "NAME").as_deref(),
            Some("Debian GNU/Linux")
        );
        assert_eq!(assignment(text, "VERSION_ID").as_deref(), Some("12"));
        assert_eq!(assignment(text, "ID").as_deref(), Some("debian"));
        assert_eq!(assignment(text, "PRETTY").as_deref(), Some("a \"b\""));
        assert_eq!(assignment(text, "VERSION"), None);
    }

    #[test]
    fn clean_drops_controls_and_caps_length() {
        assert_eq!(clean(" a\u{7}b\n ").as_deref(), Some("ab"));
        assert_eq!(clean("\u{1b}"), None);
        assert_eq!(
            clean(&"x".repeat(1000)).map(|s| s.len()),
            Some(MAX_VALUE_CHARS)
        );
    }
}
