//! One limb of a big integer and its carry arithmetic.
//!
//! The Montgomery code is generic over the limb so that the product uses the
//! machine word (`u32` on Cortex-M, `u64` on 64-bit hosts) while the tests
//! run both widths on the host.

/// A limb: an unsigned machine word whose double-width product is native.
pub(crate) trait Word:
    Copy
    + Default
    + Eq
    + zeroize::DefaultIsZeroes
    + core::ops::BitAnd<Output = Self>
    + core::ops::BitOr<Output = Self>
    + core::ops::BitXor<Output = Self>
{
    /// Bytes per limb.
    const BYTES: usize;
    /// Bits per limb.
    const BITS: u32;
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;

    /// `self + a·b + carry` as `(low, high)`; cannot overflow the double width.
    fn mac(self, a: Self, b: Self, carry: Self) -> (Self, Self);
    /// `self + b + carry` (carry 0 or 1) as `(sum, carry out)`.
    fn adc(self, b: Self, carry: Self) -> (Self, Self);
    /// `self − b − borrow` (borrow 0 or 1) as `(difference, borrow out)`.
    fn sbb(self, b: Self, borrow: Self) -> (Self, Self);
    /// Multiplication modulo 2^BITS.
    fn wrapping_mul(self, b: Self) -> Self;
    /// Subtraction modulo 2^BITS.
    fn wrapping_sub(self, b: Self) -> Self;
    /// `(self << 1 | carry_in, the bit shifted out)`.
    fn shl1(self, carry_in: Self) -> (Self, Self);
    /// `b` where `mask` is all ones, `a` where it is zero (no branch).
    fn select(a: Self, b: Self, mask: Self) -> Self {
        a ^ ((a ^ b) & mask)
    }
    /// Builds a limb from up to `BYTES` big-endian bytes.
    fn from_be(bytes: &[u8]) -> Self;
    /// Writes the low `out.len()` (≤ `BYTES`) bytes, big-endian.
    fn write_be(self, out: &mut [u8]);
    /// Number of leading zero bits.
    fn leading_zeros(self) -> u32;
    /// A limb with only bit `i` (< BITS) set.
    fn bit(i: u32) -> Self;
}

macro_rules! word {
    ($t:ty, $wide:ty) => {
        impl Word for $t {
            const BYTES: usize = core::mem::size_of::<$t>();
            const BITS: u32 = <$t>::BITS;
            const ZERO: Self = 0;
            const ONE: Self = 1;

            #[inline(always)]
            fn mac(self, a: Self, b: Self, carry: Self) -> (Self, Self) {
                // (2^w − 1)² + 2(2^w − 1) = 2^2w − 1: fits the wide type.
                let r = <$wide>::from(a)
                    .wrapping_mul(<$wide>::from(b))
                    .wrapping_add(<$wide>::from(self))
                    .wrapping_add(<$wide>::from(carry));
                (r as $t, (r >> <$t>::BITS) as $t)
            }

            #[inline(always)]
            fn adc(self, b: Self, carry: Self) -> (Self, Self) {
                let r = <$wide>::from(self)
                    .wrapping_add(<$wide>::from(b))
                    .wrapping_add(<$wide>::from(carry));
                (r as $t, (r >> <$t>::BITS) as $t)
            }

            #[inline(always)]
            fn sbb(self, b: Self, borrow: Self) -> (Self, Self) {
                let r = <$wide>::from(self)
                    .wrapping_sub(<$wide>::from(b))
                    .wrapping_sub(<$wide>::from(borrow));
                // On underflow the high half is all ones; keep one bit of it.
                (r as $t, ((r >> <$t>::BITS) as $t) & 1)
            }

            #[inline(always)]
            fn wrapping_mul(self, b: Self) -> Self {
                <$t>::wrapping_mul(self, b)
            }

            #[inline(always)]
            fn wrapping_sub(self, b: Self) -> Self {
                <$t>::wrapping_sub(self, b)
            }

            #[inline(always)]
            fn shl1(self, carry_in: Self) -> (Self, Self) {
                ((self << 1) | carry_in, self >> (<$t>::BITS - 1))
            }

            #[inline]
            fn from_be(bytes: &[u8]) -> Self {
                bytes.iter().fold(0, |acc, b| (acc << 8) | Self::from(*b))
            }

            #[inline]
            fn write_be(self, out: &mut [u8]) {
                let bytes = self.to_be_bytes();
                for (o, b) in out.iter_mut().rev().zip(bytes.iter().rev()) {
                    *o = *b;
                }
            }

            #[inline(always)]
            fn leading_zeros(self) -> u32 {
                <$t>::leading_zeros(self)
            }

            #[inline(always)]
            fn bit(i: u32) -> Self {
                (1 as $t).wrapping_shl(i)
            }
        }
    };
}

word!(u32, u64);
word!(u64, u128);

/// The limb the product uses: the target's native word.
#[cfg(target_pointer_width = "64")]
pub(crate) type NativeWord = u64;
/// The limb the product uses: the target's native word.
#[cfg(not(target_pointer_width = "64"))]
pub(crate) type NativeWord = u32;

#[cfg(test)]
mod tests {
    use super::Word;

    #[test]
    fn carries_at_the_extremes() {
        assert_eq!(
            u32::MAX.mac(u32::MAX, u32::MAX, u32::MAX),
            (u32::MAX, u32::MAX)
        );
        assert_eq!(u64::MAX.adc(1, 1), (1, 1));
        assert_eq!(0u32.sbb(0, 1), (u32::MAX, 1));
        assert_eq!(5u64.sbb(3, 1), (1, 0));
        assert_eq!(0x8000_0001u32.shl1(1), (3, 1));
        assert_eq!(u32::select(1, 2, 0), 1);
        assert_eq!(u32::select(1, 2, u32::MAX), 2);
        assert_eq!(<u32 as Word>::from_be(&[1, 2, 3]), 0x0001_0203);
        let mut out = [0u8; 3];
        0x0a0b_0c0du32.write_be(&mut out);
        assert_eq!(out, [0x0b, 0x0c, 0x0d]);
    }
}
