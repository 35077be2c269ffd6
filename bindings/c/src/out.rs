//! Outputs into caller buffers: the size needed is always reported.

use core::ffi::c_char;

use crate::cstr;
use crate::status::{THREEDS_ERR_BUFFER_TOO_SMALL, THREEDS_ERR_NULL_POINTER, THREEDS_OK};

/// Stores `value` through `p` when `p` is not NULL.
///
/// # Safety
/// `p` is NULL or valid for a write of `T`.
pub(crate) unsafe fn put<T>(p: *mut T, value: T) {
    if !p.is_null() {
        // SAFETY: non-NULL and writable (contract).
        unsafe { p.write(value) };
    }
}

/// Copies `s` and a NUL into `buf` (`cap` bytes); `*needed` (if not NULL)
/// receives `s.len() + 1` either way. A too-small buffer is left untouched.
///
/// # Safety
/// `buf` is NULL (then `cap` must be 0 to ask for the size) or writable for
/// `cap` bytes; `needed` is NULL or writable.
pub(crate) unsafe fn write_str(s: &str, buf: *mut c_char, cap: usize, needed: *mut usize) -> i32 {
    let n = s.len().saturating_add(1);
    // SAFETY: forwarded contract on `needed`.
    unsafe { put(needed, n) };
    if cap < n {
        return THREEDS_ERR_BUFFER_TOO_SMALL;
    }
    // SAFETY: forwarded contract on `buf`/`cap`.
    let Some(dst) = (unsafe { cstr::bytes_mut(buf.cast(), cap) }) else {
        return THREEDS_ERR_NULL_POINTER;
    };
    let (text, rest) = dst.split_at_mut(s.len());
    text.copy_from_slice(s.as_bytes());
    if let Some(nul) = rest.first_mut() {
        *nul = 0;
    }
    THREEDS_OK
}
