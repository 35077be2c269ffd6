//! Splitting text on an ASCII delimiter without `core`'s char searcher.
//!
//! `str::split(char)` goes through `CharSearcher`, whose `utf8_encoded[..utf8_size]`
//! slice keeps a panic path alive in optimized firmware images when the caller is
//! inlined (see `fuzz/no-panic/check.sh`). An ASCII delimiter can never sit inside
//! a multi-byte UTF-8 sequence, so a byte search finds the same boundaries, and
//! `str::get` turns the impossible "not a char boundary" case into the end of
//! the iteration instead of a panic.

/// Iterator over the pieces of a string between ASCII `delim` bytes, like `str::split`.
#[derive(Clone, Debug)]
pub(crate) struct SplitAscii<'a> {
    rest: Option<&'a str>,
    delim: u8,
}

impl<'a> Iterator for SplitAscii<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        let found = if self.delim.is_ascii() {
            rest.bytes().position(|b| b == self.delim)
        } else {
            None
        };
        match found {
            Some(i) => {
                let piece = rest.get(..i);
                self.rest = i.checked_add(1).and_then(|j| rest.get(j..));
                // `None` only if `delim` were not ASCII: end the iteration.
                if piece.is_none() {
                    self.rest = None;
                }
                piece
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// Splits `s` on the ASCII byte `delim` (a non-ASCII `delim` yields `s` whole).
pub(crate) fn split_ascii(s: &str, delim: u8) -> SplitAscii<'_> {
    SplitAscii {
        rest: Some(s),
        delim,
    }
}

/// Splits `s` at the first ASCII byte `delim`, like `str::split_once`.
pub(crate) fn split_once_ascii(s: &str, delim: u8) -> Option<(&str, &str)> {
    if !delim.is_ascii() {
        return None;
    }
    let i = s.bytes().position(|b| b == delim)?;
    Some((s.get(..i)?, s.get(i.checked_add(1)?..)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    #[test]
    fn same_pieces_as_str_split() {
        for s in ["", ".", "a.b.c", "..", "é.ü.€", "abc", ".x.", "a..b"] {
            let ours: Vec<&str> = split_ascii(s, b'.').collect();
            let std: Vec<&str> = s.split('.').collect();
            assert_eq!(ours, std, "{s:?}");
            assert_eq!(split_once_ascii(s, b'.'), s.split_once('.'), "{s:?}");
        }
    }

    #[test]
    fn non_ascii_delimiter_never_splits() {
        assert_eq!(
            split_ascii("a\u{80}b", 0xC2).collect::<Vec<_>>(),
            ["a\u{80}b"]
        );
        assert_eq!(split_once_ascii("a\u{80}b", 0xC2), None);
    }
}
