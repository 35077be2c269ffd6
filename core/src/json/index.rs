//! A member-offset table for one object, filled while the document is
//! validated, so that looking a member up costs a walk over short keys
//! instead of a re-lex of every value before it (a CRes `acsHTML` reaches
//! 300 000 characters and a message is asked for dozens of members).

use super::read::{Object, ObjectIter, Value, value_in_span};
use super::string::JsonStr;
use super::ws;

/// Members recorded per indexed object.
///
/// The largest 3DS messages the SDK reads (a 2.3.1 ARes or challenge CRes)
/// define about 40 top-level members; members past this bound are still
/// found, by scanning on from the last recorded one.
pub const INDEX_CAPACITY: usize = 48;

/// Set in [`Slot::key_len`] when the key's text holds an escape.
const ESCAPED: u32 = 1 << 31;

/// One member: where its key text (between the quotes) starts, relative to
/// the object's `{`, and its length. Eight bytes on every target; the value
/// is found from the key and the next member's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    key: u32,
    key_len: u32,
}

impl Slot {
    fn len(self) -> usize {
        (self.key_len & !ESCAPED) as usize
    }
    fn escaped(self) -> bool {
        self.key_len & ESCAPED != 0
    }
}

/// An object of a validated document with the offsets of its members.
///
/// Built by [`parse_indexed`](super::parse_indexed); lookups and the
/// duplicate check give the same answers as [`Object::get`] and
/// [`Object::duplicate_key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectIndex<'a> {
    obj: Object<'a>,
    slots: heapless::Vec<Slot, INDEX_CAPACITY, u8>,
    /// Offset (in the object's text) of the first member not in `slots`;
    /// zero when every member is recorded.
    rest: u32,
}

impl<'a> ObjectIndex<'a> {
    /// An empty table for `obj`, filled by [`ObjectIndex::record`].
    pub(super) fn empty(obj: Object<'a>) -> Self {
        Self {
            obj,
            slots: heapless::Vec::new(),
            rest: 0,
        }
    }

    /// Points the table at the object (its text is known only once the
    /// document is validated).
    pub(super) fn set_object(&mut self, obj: Object<'a>) {
        self.obj = obj;
    }

    /// Records a member whose key (quotes included) spans `open..close` of
    /// the object's text. Returns false once the table is full or an offset
    /// does not fit: that member and the following ones are scanned for.
    pub(super) fn record(&mut self, key_text: &[u8], open: usize, close: usize) -> bool {
        if self.rest != 0 {
            return false;
        }
        let slot = (|| {
            let key = open.checked_add(1)?;
            let len = close.checked_sub(key)?.checked_sub(1)?;
            let escaped = key_text.contains(&b'\\');
            let len = u32::try_from(len).ok().filter(|l| l & ESCAPED == 0)?;
            Some(Slot {
                key: u32::try_from(key).ok()?,
                key_len: if escaped { len | ESCAPED } else { len },
            })
        })();
        match slot.map(|s| self.slots.push(s)) {
            Some(Ok(())) => true,
            _ => {
                // `open` is never 0 (the `{` is there), so 0 means "complete".
                self.rest = u32::try_from(open).unwrap_or(u32::MAX);
                false
            }
        }
    }

    /// The object.
    pub fn object(&self) -> Object<'a> {
        self.obj
    }

    /// True when some members were not recorded (more than
    /// [`INDEX_CAPACITY`]).
    pub fn overflowed(&self) -> bool {
        self.rest != 0
    }

    fn key(&self, slot: Slot) -> Option<JsonStr<'a>> {
        let start = slot.key as usize;
        let text = self.obj.raw().get(start..start.checked_add(slot.len())?)?;
        Some(JsonStr::from_raw(text))
    }

    /// The value of member `i`: it starts after the key's colon and ends
    /// before the comma that precedes the next key (or before the `}`).
    fn value(&self, i: usize) -> Option<Value<'a>> {
        let raw = self.obj.raw();
        let b = raw.as_bytes();
        let slot = *self.slots.get(i)?;
        let after_key = (slot.key as usize)
            .checked_add(slot.len())?
            .checked_add(1)?;
        let colon = ws::skip(b, after_key);
        let start = ws::skip(b, colon.checked_add(1)?);
        let end = match self.slots.get(i.checked_add(1)?) {
            Some(next) => {
                // Back from the next key's opening quote over `ws , ws`.
                let comma = ws::skip_back(b, (next.key as usize).checked_sub(1)?);
                ws::skip_back(b, comma.checked_sub(1)?)
            }
            None if self.rest != 0 => {
                let comma = ws::skip_back(b, self.rest as usize);
                ws::skip_back(b, comma.checked_sub(1)?)
            }
            None => ws::skip_back(b, raw.len().checked_sub(1)?),
        };
        value_in_span(raw, start, end)
    }

    /// The members past the table, in document order.
    fn rest_iter(&self) -> Option<ObjectIter<'a>> {
        (self.rest != 0).then(|| ObjectIter::at(self.obj.raw(), self.rest as usize))
    }

    /// The value of the first member named `key` (like [`Object::get`]).
    pub fn get(&self, key: &str) -> Option<Value<'a>> {
        let key_has_escape = key.as_bytes().contains(&b'\\');
        for (i, slot) in self.slots.iter().enumerate() {
            let hit = if slot.escaped() || key_has_escape {
                self.key(*slot).is_some_and(|k| k.eq_str(key))
            } else {
                slot.len() == key.len()
                    && self
                        .obj
                        .raw()
                        .as_bytes()
                        .get(slot.key as usize..)
                        .and_then(|s| s.get(..key.len()))
                        == Some(key.as_bytes())
            };
            if hit {
                return self.value(i);
            }
        }
        self.rest_iter()?
            .find(|(k, _)| k.eq_str(key))
            .map(|(_, v)| v)
    }

    /// The first key that appears more than once (like
    /// [`Object::duplicate_key`]: the earliest member that has a later twin).
    pub fn duplicate_key(&self) -> Option<JsonStr<'a>> {
        if self.rest != 0 {
            return self.obj.duplicate_key();
        }
        let raw = self.obj.raw().as_bytes();
        let text = |s: &Slot| raw.get(s.key as usize..).and_then(|t| t.get(..s.len()));
        for (i, a) in self.slots.iter().enumerate() {
            for b in self.slots.iter().skip(i.saturating_add(1)) {
                let same = if a.escaped() || b.escaped() {
                    match (self.key(*a), self.key(*b)) {
                        (Some(x), Some(y)) => x.eq_json(&y),
                        _ => false,
                    }
                } else {
                    a.len() == b.len() && text(a) == text(b)
                };
                if same {
                    return self.key(*a);
                }
            }
        }
        None
    }

    /// The members in document order (duplicates included).
    pub fn iter(&self) -> impl Iterator<Item = (JsonStr<'a>, Value<'a>)> + '_ {
        let indexed = self
            .slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((self.key(*s)?, self.value(i)?)));
        indexed.chain(self.rest_iter().into_iter().flatten())
    }
}
