//! Bounded text a transaction keeps across calls: `acsURL` and
//! `threeDSRequestorAppURL` (protocol maximum 2048 each).
//!
//! With `alloc` the text sits on the heap at its real length. Kept inline,
//! the two 2048-byte buffers made the state ~4.5 KB, and every state
//! change copied it on the stack. Without `alloc` no challenge ARes is
//! accepted, but an imported challenge still runs, so the text is kept
//! inline there.

/// Text of at most `N` UTF-8 bytes.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct BoundedText<const N: usize> {
    #[cfg(feature = "alloc")]
    text: alloc::boxed::Box<str>,
    #[cfg(not(feature = "alloc"))]
    text: heapless::String<N>,
}

impl<const N: usize> BoundedText<N> {
    /// `s`, or `None` when it is longer than `N` bytes.
    pub fn new(s: &str) -> Option<Self> {
        Self::from_chars(s.chars(), s.len())
    }

    /// The characters of `chars` (`len` UTF-8 bytes in total, a capacity
    /// hint), or `None` when they exceed `N` bytes.
    pub fn from_chars(chars: impl Iterator<Item = char>, len: usize) -> Option<Self> {
        #[cfg(feature = "alloc")]
        {
            let mut text = alloc::string::String::with_capacity(len.min(N));
            for c in chars {
                if text.len().saturating_add(c.len_utf8()) > N {
                    return None;
                }
                text.push(c);
            }
            Some(Self {
                text: text.into_boxed_str(),
            })
        }
        #[cfg(not(feature = "alloc"))]
        {
            let _ = len;
            let mut text = heapless::String::new();
            for c in chars {
                text.push(c).ok()?;
            }
            Some(Self { text })
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Moves the text out, leaving an empty one (no copy with `alloc`).
    pub fn take(&mut self) -> Self {
        core::mem::take(self)
    }
}
