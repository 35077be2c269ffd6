//! Reading C strings and byte spans with a cap: never past the cap, never
//! past the terminating NUL.

use core::ffi::c_char;

/// The longest C string accepted anywhere (an `acsURL`-sized URL).
pub(crate) const MAX_C_STRING: usize = 4096;

/// Why a string argument was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StrError {
    /// No NUL within the cap.
    TooLong,
    /// Not UTF-8.
    NotUtf8,
}

/// Reads the NUL-terminated UTF-8 string at `p` (at most `cap` bytes before
/// the NUL); `Ok(None)` for NULL.
///
/// # Safety
/// `p` is NULL or points to readable bytes up to and including a NUL, or
/// to at least `cap + 1` readable bytes; they stay valid and unchanged for `'a`.
pub(crate) unsafe fn opt_str<'a>(
    p: *const c_char,
    cap: usize,
) -> Result<Option<&'a str>, StrError> {
    if p.is_null() {
        return Ok(None);
    }
    let bytes = p.cast::<u8>();
    let mut len = 0usize;
    loop {
        if len > cap {
            return Err(StrError::TooLong);
        }
        // SAFETY: bytes up to the first NUL are readable (contract); `len`
        // never passes that NUL because the loop stops on it.
        let b = unsafe { bytes.add(len).read() };
        if b == 0 {
            break;
        }
        len += 1;
    }
    // SAFETY: the `len` bytes before the NUL were just read, so they are
    // readable and valid for `'a` (contract).
    let slice = unsafe { core::slice::from_raw_parts(bytes, len) };
    core::str::from_utf8(slice)
        .map(Some)
        .map_err(|_| StrError::NotUtf8)
}

/// A byte span `(p, len)` as a slice; an empty slice for `len == 0` (then
/// `p` may be NULL). `None` for a NULL `p` with a non-zero `len`.
///
/// # Safety
/// When `len > 0`, `p` points to `len` readable bytes valid and unchanged for `'a`.
pub(crate) unsafe fn bytes<'a>(p: *const u8, len: usize) -> Option<&'a [u8]> {
    if len == 0 {
        return Some(&[]);
    }
    if p.is_null() || len > isize::MAX as usize {
        return None;
    }
    // SAFETY: non-NULL, `len` readable bytes (contract), len ≤ isize::MAX.
    Some(unsafe { core::slice::from_raw_parts(p, len) })
}

/// A writable byte span; `None` for NULL with a non-zero length.
///
/// # Safety
/// When `len > 0`, `p` points to `len` writable bytes, not aliased by any
/// other argument of the call, valid for `'a`.
pub(crate) unsafe fn bytes_mut<'a>(p: *mut u8, len: usize) -> Option<&'a mut [u8]> {
    if len == 0 {
        return Some(&mut []);
    }
    if p.is_null() || len > isize::MAX as usize {
        return None;
    }
    // SAFETY: non-NULL, `len` writable unaliased bytes (contract).
    Some(unsafe { core::slice::from_raw_parts_mut(p, len) })
}
