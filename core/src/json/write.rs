//! A compact JSON writer into a caller-owned buffer.

use core::fmt;

/// Why writing stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteError {
    /// The output buffer is full; nothing is truncated silently.
    BufferTooSmall,
    /// Objects/arrays nested deeper than the writer tracks (64), or closed
    /// in the wrong order.
    Nesting,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WriteError::BufferTooSmall => "output buffer too small",
            WriteError::Nesting => "JSON nesting misuse",
        })
    }
}

impl core::error::Error for WriteError {}

/// Writes compact JSON (no whitespace) into a byte buffer.
///
/// Commas are inserted automatically; keys and string values are escaped.
/// The output is deterministic: members appear in the order written.
#[derive(Debug)]
pub struct JsonWriter<'b> {
    buf: &'b mut [u8],
    len: usize,
    // Characters counted by a counting writer (a writing one counts its
    // buffer when asked, so writing costs nothing more).
    chars: usize,
    // Only count, store nothing (see `counting`).
    counting: bool,
    depth: u32,
    // Bit d set: the container at depth d already has an element.
    has_element: u64,
    // Bit d set: the container at depth d is an object.
    is_object: u64,
    after_key: bool,
}

impl<'b> JsonWriter<'b> {
    /// A writer that fills `buf` from the start.
    pub fn new(buf: &'b mut [u8]) -> Self {
        Self {
            buf,
            len: 0,
            chars: 0,
            counting: false,
            depth: 0,
            has_element: 0,
            is_object: 0,
            after_key: false,
        }
    }

    /// A writer that stores nothing and only counts what would be written:
    /// the same code that writes a message tells how long it is, so a
    /// caller can size its buffer exactly. [`as_bytes`](Self::as_bytes) is
    /// empty and [`finish`](Self::finish) fails; read [`len`](Self::len).
    pub fn counting() -> JsonWriter<'static> {
        JsonWriter {
            buf: &mut [],
            len: 0,
            chars: 0,
            counting: true,
            depth: 0,
            has_element: 0,
            is_object: 0,
            after_key: false,
        }
    }

    /// Characters (Unicode scalar values) written so far (the spec's caps
    /// count characters). Linear in what was written: ask once per check.
    pub fn chars(&self) -> usize {
        if self.counting {
            self.chars
        } else {
            self.as_bytes()
                .iter()
                .filter(|b| (**b & 0xc0) != 0x80)
                .count()
        }
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The JSON written so far.
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    /// Ends writing and returns the written bytes.
    ///
    /// # Errors
    /// [`WriteError::Nesting`] when a container is still open.
    pub fn finish(self) -> Result<&'b [u8], WriteError> {
        if self.depth != 0 {
            return Err(WriteError::Nesting);
        }
        let len = self.len;
        self.buf.get(..len).ok_or(WriteError::BufferTooSmall)
    }

    fn push(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        let end = self
            .len
            .checked_add(bytes.len())
            .ok_or(WriteError::BufferTooSmall)?;
        if self.counting {
            let chars = bytes.iter().filter(|b| (**b & 0xc0) != 0x80).count();
            self.len = end;
            self.chars = self.chars.saturating_add(chars);
            return Ok(());
        }
        self.buf
            .get_mut(self.len..end)
            .ok_or(WriteError::BufferTooSmall)?
            .copy_from_slice(bytes);
        self.len = end;
        Ok(())
    }

    fn bit(&self) -> u64 {
        1u64.checked_shl(self.depth).unwrap_or(0)
    }

    /// Separator before a value (or key) in the current container.
    fn before_item(&mut self) -> Result<(), WriteError> {
        if self.after_key {
            self.after_key = false;
            return Ok(());
        }
        if self.depth > 0 {
            let bit = self.bit();
            if self.has_element & bit != 0 {
                self.push(b",")?;
            }
            self.has_element |= bit;
        }
        Ok(())
    }

    fn open(&mut self, object: bool) -> Result<(), WriteError> {
        self.before_item()?;
        if self.depth >= 63 {
            return Err(WriteError::Nesting);
        }
        self.push(if object { b"{" } else { b"[" })?;
        self.depth = self.depth.saturating_add(1);
        let bit = self.bit();
        self.has_element &= !bit;
        if object {
            self.is_object |= bit;
        } else {
            self.is_object &= !bit;
        }
        Ok(())
    }

    fn close(&mut self, object: bool) -> Result<(), WriteError> {
        let bit = self.bit();
        if self.depth == 0 || self.after_key || ((self.is_object & bit) != 0) != object {
            return Err(WriteError::Nesting);
        }
        self.push(if object { b"}" } else { b"]" })?;
        self.depth = self.depth.saturating_sub(1);
        Ok(())
    }

    /// Opens an object.
    ///
    /// # Errors
    /// [`WriteError`] when the buffer is full or nesting is too deep.
    pub fn begin_object(&mut self) -> Result<(), WriteError> {
        self.open(true)
    }

    /// Closes the current object.
    ///
    /// # Errors
    /// [`WriteError`] when the buffer is full or no object is open.
    pub fn end_object(&mut self) -> Result<(), WriteError> {
        self.close(true)
    }

    /// Opens an array.
    ///
    /// # Errors
    /// [`WriteError`] when the buffer is full or nesting is too deep.
    pub fn begin_array(&mut self) -> Result<(), WriteError> {
        self.open(false)
    }

    /// Closes the current array.
    ///
    /// # Errors
    /// [`WriteError`] when the buffer is full or no array is open.
    pub fn end_array(&mut self) -> Result<(), WriteError> {
        self.close(false)
    }

    /// Writes a member name inside an object.
    ///
    /// # Errors
    /// [`WriteError`] when the buffer is full or no object is open.
    pub fn key(&mut self, key: &str) -> Result<(), WriteError> {
        if self.depth == 0 || self.after_key || self.is_object & self.bit() == 0 {
            return Err(WriteError::Nesting);
        }
        self.before_item()?;
        self.escaped(key)?;
        self.push(b":")?;
        self.after_key = true;
        Ok(())
    }

    /// Writes a string value.
    ///
    /// # Errors
    /// [`WriteError::BufferTooSmall`] when the buffer is full.
    pub fn string(&mut self, value: &str) -> Result<(), WriteError> {
        self.before_item()?;
        self.escaped(value)
    }

    /// Writes a Boolean value.
    ///
    /// # Errors
    /// [`WriteError::BufferTooSmall`] when the buffer is full.
    pub fn bool(&mut self, value: bool) -> Result<(), WriteError> {
        self.before_item()?;
        self.push(if value { b"true" } else { b"false" })
    }

    /// Writes `null`.
    ///
    /// # Errors
    /// [`WriteError::BufferTooSmall`] when the buffer is full.
    pub fn null(&mut self) -> Result<(), WriteError> {
        self.before_item()?;
        self.push(b"null")
    }

    /// Writes already-serialised JSON text verbatim as one value.
    ///
    /// The caller vouches that `json` is one valid JSON value (e.g. the raw
    /// text of an [`Object`](super::Object) from a parsed document).
    ///
    /// # Errors
    /// [`WriteError::BufferTooSmall`] when the buffer is full.
    pub fn raw(&mut self, json: &str) -> Result<(), WriteError> {
        self.before_item()?;
        self.push(json.as_bytes())
    }

    /// `key` followed by a string value.
    ///
    /// # Errors
    /// As [`key`](Self::key) and [`string`](Self::string).
    pub fn field_str(&mut self, key: &str, value: &str) -> Result<(), WriteError> {
        self.key(key)?;
        self.string(value)
    }

    fn escaped(&mut self, s: &str) -> Result<(), WriteError> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.push(b"\"")?;
        let bytes = s.as_bytes();
        let mut run_start = 0usize;
        for (i, &c) in bytes.iter().enumerate() {
            let esc: Option<&[u8]> = match c {
                b'"' => Some(b"\\\""),
                b'\\' => Some(b"\\\\"),
                b'\n' => Some(b"\\n"),
                b'\r' => Some(b"\\r"),
                b'\t' => Some(b"\\t"),
                0x08 => Some(b"\\b"),
                0x0c => Some(b"\\f"),
                0x00..=0x1f => None,
                _ => continue,
            };
            self.push(bytes.get(run_start..i).unwrap_or(&[]))?;
            match esc {
                Some(e) => self.push(e)?,
                None => {
                    let hi = HEX.get(usize::from(c >> 4)).copied().unwrap_or(b'0');
                    let lo = HEX.get(usize::from(c & 0xf)).copied().unwrap_or(b'0');
                    self.push(&[b'\\', b'u', b'0', b'0', hi, lo])?;
                }
            }
            run_start = i.saturating_add(1);
        }
        self.push(bytes.get(run_start..).unwrap_or(&[]))?;
        self.push(b"\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_compact_nested_json() {
        let mut buf = [0u8; 128];
        let mut w = JsonWriter::new(&mut buf);
        w.begin_object().unwrap();
        w.field_str("a", "q\"\\\n\u{1}é").unwrap();
        w.key("b").unwrap();
        w.begin_array().unwrap();
        w.string("x").unwrap();
        w.bool(true).unwrap();
        w.begin_object().unwrap();
        w.end_object().unwrap();
        w.end_array().unwrap();
        w.key("c").unwrap();
        w.raw(r#"{"k":1}"#).unwrap();
        w.end_object().unwrap();
        let out = w.finish().unwrap();
        assert_eq!(
            core::str::from_utf8(out).unwrap(),
            r#"{"a":"q\"\\\n\u0001é","b":["x",true,{}],"c":{"k":1}}"#
        );
    }

    #[test]
    fn counting_writer_measures_what_a_real_one_writes() {
        let write = |w: &mut JsonWriter<'_>| {
            w.begin_object()?;
            w.field_str("a", "q\"é\u{1}")?;
            w.key("b")?;
            w.raw(r#"[1,"ü"]"#)?;
            w.end_object()
        };
        let mut buf = [0u8; 64];
        let mut real = JsonWriter::new(&mut buf);
        write(&mut real).unwrap();
        let mut count = JsonWriter::counting();
        write(&mut count).unwrap();
        let text = core::str::from_utf8(real.as_bytes()).unwrap();
        assert_eq!(text, r#"{"a":"q\"é\u0001","b":[1,"ü"]}"#);
        assert_eq!(count.len(), text.len());
        assert_eq!(count.chars(), text.chars().count());
        assert_eq!(real.chars(), text.chars().count());
        assert!(count.as_bytes().is_empty());
    }

    #[test]
    fn reports_full_buffer_and_misuse() {
        let mut buf = [0u8; 4];
        let mut w = JsonWriter::new(&mut buf);
        w.begin_object().unwrap();
        assert_eq!(w.field_str("abc", "d"), Err(WriteError::BufferTooSmall));
        let mut buf = [0u8; 16];
        let mut w = JsonWriter::new(&mut buf);
        w.begin_array().unwrap();
        assert_eq!(w.end_object(), Err(WriteError::Nesting));
        assert_eq!(w.key("k"), Err(WriteError::Nesting));
    }

    proptest::proptest! {
        #[test]
        fn strings_round_trip_through_serde_json(s in "\\PC*|[\\x00-\\x1f\"\\\\]*") {
            let mut buf = std::vec![0u8; s.len() * 6 + 8];
            let mut w = JsonWriter::new(&mut buf);
            w.string(&s).unwrap();
            let out = w.finish().unwrap();
            let back: std::string::String = serde_json::from_slice(out).unwrap();
            proptest::prop_assert_eq!(&back, &s);
            let parsed = super::super::parse(out).unwrap();
            proptest::prop_assert!(parsed.as_str().unwrap().eq_str(&s));
        }
    }
}
