//! JSON string scanning and escape decoding.

use super::{JsonError, JsonErrorKind};

/// A JSON string from a validated document: the text between the quotes,
/// escapes still encoded (but known to be valid).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonStr<'a> {
    raw: &'a str,
}

/// The decoded text of an optional string member (empty when absent), for
/// read-outs that outlive the document.
#[cfg(feature = "alloc")]
pub fn text_or_empty(s: Option<JsonStr<'_>>) -> alloc::string::String {
    s.map(|s| s.chars().collect()).unwrap_or_default()
}

/// The destination buffer was too small for the decoded string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BufferTooSmall;

impl<'a> JsonStr<'a> {
    pub(super) fn from_raw(raw: &'a str) -> Self {
        Self { raw }
    }

    /// The encoded text between the quotes.
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// The string itself when it contains no escape, so it can be borrowed.
    pub fn as_plain(&self) -> Option<&'a str> {
        if self.has_escape() {
            None
        } else {
            Some(self.raw)
        }
    }

    /// True when the text holds an escape (a byte search, `memchr`-fast).
    fn has_escape(&self) -> bool {
        self.raw.as_bytes().contains(&b'\\')
    }

    /// True for `""`.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The decoded characters.
    pub fn chars(&self) -> Chars<'a> {
        Chars {
            rest: self.raw.chars(),
        }
    }

    /// Number of decoded characters (the 3DS length unit).
    pub fn char_count(&self) -> usize {
        if self.has_escape() {
            self.chars().count()
        } else {
            // core's counter works a word at a time (an acsHTML is long).
            self.raw.chars().count()
        }
    }

    /// Length of the decoded string in UTF-8 bytes.
    pub fn decoded_len(&self) -> usize {
        if self.has_escape() {
            self.chars().map(char::len_utf8).sum()
        } else {
            self.raw.len()
        }
    }

    /// Compares the decoded string with `other`.
    pub fn eq_str(&self, other: &str) -> bool {
        if self.has_escape() {
            self.chars().eq(other.chars())
        } else {
            self.raw == other
        }
    }

    /// Compares two JSON strings by their decoded value.
    pub fn eq_json(&self, other: &JsonStr<'_>) -> bool {
        // Escapes decode one way only, so equal text means equal strings.
        if self.raw == other.raw {
            return true;
        }
        (self.has_escape() || other.has_escape()) && self.chars().eq(other.chars())
    }

    /// Decodes into `buf` and returns the decoded text.
    ///
    /// # Errors
    /// [`BufferTooSmall`] when `buf` cannot hold the decoded string.
    pub fn unescape_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, BufferTooSmall> {
        let mut len = 0usize;
        for c in self.chars() {
            let n = c.len_utf8();
            let end = len.checked_add(n).ok_or(BufferTooSmall)?;
            let dst = buf.get_mut(len..end).ok_or(BufferTooSmall)?;
            c.encode_utf8(dst);
            len = end;
        }
        let out = buf.get(..len).ok_or(BufferTooSmall)?;
        core::str::from_utf8(out).map_err(|_| BufferTooSmall)
    }

    /// Decodes into a fixed-capacity string.
    ///
    /// # Errors
    /// [`BufferTooSmall`] when the decoded string exceeds `N` bytes.
    pub fn to_heapless<const N: usize>(&self) -> Result<heapless::String<N>, BufferTooSmall> {
        let mut out = heapless::String::new();
        for c in self.chars() {
            out.push(c).map_err(|_| BufferTooSmall)?;
        }
        Ok(out)
    }
}

impl core::fmt::Display for JsonStr<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use core::fmt::Write;
        for c in self.chars() {
            f.write_char(c)?;
        }
        Ok(())
    }
}

/// Iterator over the decoded characters of a [`JsonStr`].
#[derive(Debug, Clone)]
pub struct Chars<'a> {
    rest: core::str::Chars<'a>,
}

impl Chars<'_> {
    fn hex4(&mut self) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            v = (v << 4) | self.rest.next()?.to_digit(16)?;
        }
        Some(v)
    }
}

impl Iterator for Chars<'_> {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        let c = self.rest.next()?;
        if c != '\\' {
            return Some(c);
        }
        // Escapes were validated by `string_end`; a malformed one here can
        // only come from a caller-built JsonStr, and yields U+FFFD.
        Some(match self.rest.next()? {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let hi = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&hi) {
                    let mut look = self.rest.clone();
                    if look.next() == Some('\\') && look.next() == Some('u') {
                        self.rest = look;
                        let lo = self.hex4()?;
                        0x10000u32
                            .wrapping_add(hi.wrapping_sub(0xD800) << 10)
                            .wrapping_add(lo.wrapping_sub(0xDC00) & 0x3FF)
                    } else {
                        0xFFFD
                    }
                } else {
                    hi
                };
                char::from_u32(code).unwrap_or('\u{FFFD}')
            }
            _ => '\u{FFFD}',
        })
    }
}

fn hex_value(b: &[u8], i: usize) -> Option<u32> {
    let mut v = 0u32;
    for k in 0..4 {
        let c = *b.get(i.checked_add(k)?)?;
        v = (v << 4) | (c as char).to_digit(16)?;
    }
    Some(v)
}

/// True when one of the eight bytes of `w` is `"`, `\\` or below 0x20
/// (the classic "has zero byte" and "has byte less than" word tricks; both
/// are exact for "any byte", which is all this needs).
fn has_special(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const QUOTES: u64 = 0x2222_2222_2222_2222;
    const BACKSLASHES: u64 = 0x5C5C_5C5C_5C5C_5C5C;
    const SPACES: u64 = 0x2020_2020_2020_2020;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let below_space = w.wrapping_sub(SPACES) & !w & HIGH;
    (zero_byte(w ^ QUOTES) | zero_byte(w ^ BACKSLASHES) | below_space) != 0
}

/// The first offset at or after `i` where a word of eight bytes holds a
/// byte [`string_end`] must look at (plain text is skipped a word at a time).
fn skip_plain(b: &[u8], mut i: usize) -> usize {
    while let Some(word) = i
        .checked_add(8)
        .and_then(|end| b.get(i..end))
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
    {
        if has_special(u64::from_le_bytes(word)) {
            break;
        }
        i = i.saturating_add(8);
    }
    i
}

/// Given `b[start] == b'"'`, returns the offset just past the closing quote,
/// validating escapes and rejecting raw control characters.
pub(super) fn string_end(b: &[u8], start: usize) -> Result<usize, JsonError> {
    let err = |kind, offset| JsonError { kind, offset };
    let mut i = start.saturating_add(1);
    loop {
        i = skip_plain(b, i);
        let c = *b.get(i).ok_or(err(JsonErrorKind::UnexpectedEnd, i))?;
        match c {
            b'"' => return Ok(i.saturating_add(1)),
            b'\\' => {
                let e = *b
                    .get(i.saturating_add(1))
                    .ok_or(err(JsonErrorKind::UnexpectedEnd, i))?;
                match e {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {
                        i = i.saturating_add(2)
                    }
                    b'u' => {
                        let v = hex_value(b, i.saturating_add(2))
                            .ok_or(err(JsonErrorKind::InvalidEscape, i))?;
                        i = i.saturating_add(6);
                        if (0xDC00..0xE000).contains(&v) {
                            return Err(err(JsonErrorKind::InvalidEscape, i));
                        }
                        if (0xD800..0xDC00).contains(&v) {
                            // A high surrogate must be followed by a low one.
                            let ok = b.get(i) == Some(&b'\\')
                                && b.get(i.saturating_add(1)) == Some(&b'u')
                                && hex_value(b, i.saturating_add(2))
                                    .is_some_and(|lo| (0xDC00..0xE000).contains(&lo));
                            if !ok {
                                return Err(err(JsonErrorKind::InvalidEscape, i));
                            }
                            i = i.saturating_add(6);
                        }
                    }
                    _ => return Err(err(JsonErrorKind::InvalidEscape, i)),
                }
            }
            0x00..=0x1f => return Err(err(JsonErrorKind::ControlCharacter, i)),
            _ => i = i.saturating_add(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::has_special;

    #[test]
    fn word_scan_flags_exactly_the_special_bytes() {
        for pos in 0..8 {
            for v in 0..=255u8 {
                let mut word = [b'a'; 8];
                word[pos] = v;
                let want = v == b'"' || v == b'\\' || v < 0x20;
                assert_eq!(
                    has_special(u64::from_le_bytes(word)),
                    want,
                    "{v:#x} at {pos}"
                );
                // Next to bytes that borrow in the subtraction.
                let mut word = [0xFFu8; 8];
                word[pos] = v;
                assert_eq!(
                    has_special(u64::from_le_bytes(word)),
                    want,
                    "{v:#x} at {pos}"
                );
            }
        }
    }
}
