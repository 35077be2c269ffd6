//! Member keys recorded while a document is validated: the duplicate check
//! of every object, and the member-offset table of a message's top-level
//! object, so that looking a member up costs a walk over short keys instead
//! of a re-lex of every value before it (a CRes `acsHTML` reaches 300 000
//! characters and a message is asked for dozens of members).

use core::cmp::Ordering;

use super::read::{Object, Value, value_in_span};
use super::string::JsonStr;
use super::{MAX_MEMBERS, MAX_OPEN_MEMBERS, ws};

/// Set in [`Slot::key_len`] when the key's text holds an escape.
const ESCAPED: u32 = 1 << 31;

/// One member: where its key text (between the quotes) starts in the
/// document, and its length. Eight bytes on every target; the value is
/// found from the key and the next member's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Slot {
    key: u32,
    key_len: u32,
}

impl Slot {
    /// The key whose text (quotes included) spans `open..close` of `b`.
    /// `None` when an offset does not fit 31 bits (a document over 2 GiB).
    pub(super) fn new(b: &[u8], open: usize, close: usize) -> Option<Self> {
        let key = open.checked_add(1)?;
        let end = close.checked_sub(1)?;
        let escaped = b.get(key..end)?.contains(&b'\\');
        let len = u32::try_from(end.checked_sub(key)?)
            .ok()
            .filter(|l| l & ESCAPED == 0)?;
        Some(Self {
            key: u32::try_from(key).ok()?,
            key_len: if escaped { len | ESCAPED } else { len },
        })
    }
    /// Offset of the key's opening quote.
    pub(super) fn quote(self) -> usize {
        self.start().saturating_sub(1)
    }
    fn start(self) -> usize {
        self.key as usize
    }
    fn len(self) -> usize {
        (self.key_len & !ESCAPED) as usize
    }
    fn escaped(self) -> bool {
        self.key_len & ESCAPED != 0
    }
    fn text(self, s: &str) -> Option<&str> {
        s.get(self.start()..self.start().checked_add(self.len())?)
    }
    fn key(self, s: &str) -> Option<JsonStr<'_>> {
        self.text(s).map(JsonStr::from_raw)
    }
}

/// The keys of the objects open during validation, in document order: each
/// object's keys follow those of the objects that enclose it.
pub(super) type Keys = heapless::Vec<Slot, MAX_OPEN_MEMBERS, u8>;

/// Orders keys by their decoded text. UTF-8 byte order is code-point
/// order, so keys without escapes compare as bytes.
fn key_cmp(s: &str, a: Slot, b: Slot) -> Ordering {
    let (Some(x), Some(y)) = (a.text(s), b.text(s)) else {
        return Ordering::Equal;
    };
    if a.escaped() || b.escaped() {
        JsonStr::from_raw(x)
            .chars()
            .cmp(JsonStr::from_raw(y).chars())
    } else {
        x.as_bytes().cmp(y.as_bytes())
    }
}

/// The earliest of `keys` (one object's members, in document order) that
/// has a later twin, or `None`.
///
/// O(k log k) key comparisons: the members' positions are heap-sorted by
/// (key, position) (no allocation, no recursion, a small routine on
/// firmware), then twins are neighbours.
pub(super) fn first_duplicate(s: &str, keys: &[Slot]) -> Option<Slot> {
    let mut order = [0u8; MAX_MEMBERS];
    let order = order.get_mut(..keys.len())?;
    for (i, o) in order.iter_mut().enumerate() {
        *o = u8::try_from(i).ok()?;
    }
    let slot = |i: u8| keys.get(usize::from(i)).copied();
    let cmp = |a: u8, b: u8| match (slot(a), slot(b)) {
        (Some(x), Some(y)) => key_cmp(s, x, y).then(a.cmp(&b)),
        _ => Ordering::Equal,
    };
    heap_sort(order, &|a, b| cmp(a, b) == Ordering::Less);
    // In a run of equal keys the first position is the run's earliest.
    let mut first: Option<u8> = None;
    for pair in order.windows(2) {
        if let [a, b] = *pair {
            let twins =
                matches!((slot(a), slot(b)), (Some(x), Some(y)) if key_cmp(s, x, y).is_eq());
            if twins && first.is_none_or(|f| a < f) {
                first = Some(a);
            }
        }
    }
    slot(first?)
}

/// In-place heap sort (O(n log n) comparisons whatever the input).
fn heap_sort(v: &mut [u8], less: &dyn Fn(u8, u8) -> bool) {
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n, less);
    }
    for end in (1..n).rev() {
        swap(v, 0, end);
        sift_down(v, 0, end, less);
    }
}

/// `v.swap(a, b)` without its bounds-check panic (the firmware image of
/// `json::parse` is proven free of panic paths).
fn swap(v: &mut [u8], a: usize, b: usize) {
    if let (Some(&x), Some(&y)) = (v.get(a), v.get(b)) {
        if let Some(s) = v.get_mut(a) {
            *s = y;
        }
        if let Some(s) = v.get_mut(b) {
            *s = x;
        }
    }
}

fn sift_down(v: &mut [u8], mut root: usize, end: usize, less: &dyn Fn(u8, u8) -> bool) {
    loop {
        let Some(mut child) = root.checked_mul(2).and_then(|c| c.checked_add(1)) else {
            return;
        };
        let at = |i: usize| v.get(i).copied();
        let right = child.saturating_add(1);
        if let (Some(l), Some(r)) = (at(child), at(right))
            && right < end
            && less(l, r)
        {
            child = right;
        }
        match (at(root), at(child)) {
            (Some(p), Some(c)) if child < end && less(p, c) => {
                swap(v, root, child);
                root = child;
            }
            _ => return,
        }
    }
}

/// The top-level object of a validated message with the offsets of its
/// members (at most [`MAX_MEMBERS`], all of them).
///
/// Built by [`parse_indexed`](super::parse_indexed); lookups give the same
/// answers as [`Object::get`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectIndex<'a> {
    /// The whole document (slot offsets are relative to it).
    src: &'a str,
    obj: Object<'a>,
    slots: Keys,
}

impl<'a> ObjectIndex<'a> {
    /// The table of `obj`, the top-level object of `src`, whose members'
    /// keys are `slots`.
    pub(super) fn new(src: &'a str, obj: Object<'a>, slots: Keys) -> Self {
        Self { src, obj, slots }
    }

    /// The object.
    pub fn object(&self) -> Object<'a> {
        self.obj
    }

    /// The value of member `i`: it starts after the key's colon and ends
    /// before the comma that precedes the next key (or before the `}`).
    fn value(&self, i: usize) -> Option<Value<'a>> {
        let b = self.src.as_bytes();
        let slot = *self.slots.get(i)?;
        let after_key = slot.start().checked_add(slot.len())?.checked_add(1)?;
        let colon = ws::skip(b, after_key);
        let start = ws::skip(b, colon.checked_add(1)?);
        let end = match self.slots.get(i.checked_add(1)?) {
            Some(next) => {
                // Back from the next key's opening quote over `ws , ws`.
                let comma = ws::skip_back(b, next.start().checked_sub(1)?);
                ws::skip_back(b, comma.checked_sub(1)?)
            }
            None => {
                // Back from the object's `}`.
                let obj_start =
                    (self.obj.raw().as_ptr() as usize).checked_sub(self.src.as_ptr() as usize)?;
                let close = obj_start
                    .checked_add(self.obj.raw().len())?
                    .checked_sub(1)?;
                ws::skip_back(b, close)
            }
        };
        value_in_span(self.src, start, end)
    }

    /// The value of the first member named `key` (like [`Object::get`]).
    pub fn get(&self, key: &str) -> Option<Value<'a>> {
        let key_has_escape = key.as_bytes().contains(&b'\\');
        let i = self.slots.iter().position(|slot| {
            if slot.escaped() || key_has_escape {
                slot.key(self.src).is_some_and(|k| k.eq_str(key))
            } else {
                slot.text(self.src) == Some(key)
            }
        })?;
        self.value(i)
    }

    /// The members in document order.
    pub fn iter(&self) -> impl Iterator<Item = (JsonStr<'a>, Value<'a>)> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((s.key(self.src)?, self.value(i)?)))
    }
}
