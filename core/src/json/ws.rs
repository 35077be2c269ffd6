//! JSON whitespace (RFC 8259: space, tab, line feed, carriage return).

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

/// The first offset at or after `i` that is not whitespace (or the end).
pub(super) fn skip(b: &[u8], mut i: usize) -> usize {
    while b.get(i).copied().is_some_and(is_ws) {
        i = i.saturating_add(1);
    }
    i
}

/// Moves the exclusive end `end` back over trailing whitespace.
pub(super) fn skip_back(b: &[u8], mut end: usize) -> usize {
    while let Some(prev) = end.checked_sub(1) {
        if b.get(prev).copied().is_some_and(is_ws) {
            end = prev;
        } else {
            break;
        }
    }
    end
}
