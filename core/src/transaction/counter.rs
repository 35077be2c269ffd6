//! The CReq/CRes message counters (`sdkCounterStoA` / `acsCounterAtoS`).

/// A message counter: the decimal value of one byte, sent as three digits.
///
/// The first CReq carries `"000"`. The counter never wraps: once `"255"` has
/// been used, [`Counter::advance`] refuses, and the transaction ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counter(u8);

impl Counter {
    /// The counter of the first CReq (`"000"`).
    pub const FIRST: Self = Self(0);

    /// A counter with the given value.
    pub const fn new(value: u8) -> Self {
        Self(value)
    }

    /// The numeric value.
    pub const fn value(self) -> u8 {
        self.0
    }

    /// The next counter, or `None` past 255 (never wrap).
    pub fn advance(self) -> Option<Self> {
        self.0.checked_add(1).map(Self)
    }

    /// The three-digit wire text, e.g. `"007"`.
    pub fn to_wire(self) -> [u8; 3] {
        let v = self.0;
        [
            b'0'.saturating_add(v / 100),
            b'0'.saturating_add((v / 10) % 10),
            b'0'.saturating_add(v % 10),
        ]
    }

    /// Parses exactly three ASCII digits `000`–`255`.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes: [u8; 3] = text.as_bytes().try_into().ok()?;
        let mut value: u16 = 0;
        for b in bytes {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value
                .checked_mul(10)?
                .checked_add(u16::from(b.checked_sub(b'0')?))?;
        }
        u8::try_from(value).ok().map(Self)
    }
}
