//! The RSA public operation `x^e mod n` in Montgomery arithmetic.
//!
//! Why our own and not `crypto-bigint`: the device only ever raises to a
//! small public exponent, which needs one multiplication routine. The
//! general-purpose boxed integers behind the `rsa` crate link Karatsuba
//! instances for 16 to 256 limbs, division and modular inversion: 36 KB
//! of firmware flash and a 6 KB stack frame (see `docs/firmware.md`), for
//! work this file does in a few hundred lines.
//!
//! Timing: the base may be secret (the OAEP-encoded CEK), so every step that
//! touches it is branch-free: the Montgomery product ends in a masked
//! subtraction and the range check scans every limb. The modulus and the
//! exponent are public, and the code branches on them freely.

use alloc::vec;
use core::cell::Cell;
use zeroize::Zeroizing;

use super::word::Word;

/// Why [`public_op`] refused its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpError {
    /// The input is not below the modulus (a signature or ciphertext
    /// representative out of range, RFC 8017 §5.1.1 and §5.2.2 step 1).
    OutOfRange,
    /// The modulus is even or empty, or `buf` is not as long as it.
    BadModulus,
}

/// Little-endian limbs from big-endian bytes; limbs beyond the bytes are zero.
fn load_be<W: Word>(bytes: &[u8], limbs: &mut [W]) {
    limbs.fill(W::ZERO);
    for (limb, chunk) in limbs.iter_mut().zip(bytes.rchunks(W::BYTES)) {
        *limb = W::from_be(chunk);
    }
}

/// The low `out.len()` bytes of `limbs`, big-endian.
fn store_be<W: Word>(limbs: &[W], out: &mut [u8]) {
    for (chunk, limb) in out.rchunks_mut(W::BYTES).zip(limbs.iter()) {
        limb.write_be(chunk);
    }
}

/// `a < b` for equal-length limb strings, scanning every limb (no early exit).
fn less_than<W: Word>(a: &[W], b: &[W]) -> bool {
    let mut borrow = W::ZERO;
    for (x, y) in a.iter().zip(b.iter()) {
        borrow = x.sbb(*y, borrow).1;
    }
    borrow == W::ONE
}

/// `dst = src` (equal lengths; a loop, so no length-mismatch panic path).
fn copy<W: Word>(dst: &mut [W], src: &[W]) {
    for (d, s) in dst.iter_mut().zip(src.iter()) {
        *d = *s;
    }
}

/// `a −= b` (equal lengths); returns the borrow.
fn sub_assign<W: Word>(a: &mut [W], b: &[W]) -> W {
    let mut borrow = W::ZERO;
    for (x, y) in a.iter_mut().zip(b.iter()) {
        (*x, borrow) = x.sbb(*y, borrow);
    }
    borrow
}

/// An odd modulus with its Montgomery constant.
struct Modulus<'a, W> {
    n: &'a [W],
    n0: W,
    /// −n⁻¹ mod 2^BITS.
    n0inv: W,
}

impl<'a, W: Word> Modulus<'a, W> {
    /// `None` for an even or empty modulus.
    fn new(n: &'a [W]) -> Option<Self> {
        let n0 = *n.first()?;
        // Newton's iteration: x = n0 is n0⁻¹ mod 2³ for odd n0, and each
        // step doubles the correct bits (3 → 6 → … → 96 ≥ 64).
        let two = W::ONE.adc(W::ONE, W::ZERO).0;
        let mut x = n0;
        for _ in 0..5 {
            x = x.wrapping_mul(two.wrapping_sub(n0.wrapping_mul(x)));
        }
        if n0.wrapping_mul(x) != W::ONE {
            return None; // even: no inverse
        }
        Some(Self {
            n,
            n0,
            n0inv: W::ZERO.wrapping_sub(x),
        })
    }

    /// `out = a·b·R⁻¹ mod n` (R = 2^(BITS·len)) for `a, b < n`; `t` is
    /// scratch. All four have the modulus's length. Coarsely integrated
    /// operand scanning (Koç, Acar, Kaliski, "Analyzing and comparing
    /// Montgomery multiplication algorithms", IEEE Micro 1996), with the two
    /// limbs above `t` held in locals.
    fn mul(&self, a: &[W], b: &[W], out: &mut [W], t: &mut [W]) {
        t.fill(W::ZERO);
        let mut hi = W::ZERO;
        for bi in b {
            // t += a·bi
            let mut carry = W::ZERO;
            for (tj, aj) in t.iter_mut().zip(a.iter()) {
                (*tj, carry) = tj.mac(*aj, *bi, carry);
            }
            let top;
            (hi, top) = hi.adc(carry, W::ZERO);
            // t = (t + m·n) / 2^BITS, with m chosen so that the low limb vanishes.
            let t0 = t.first().copied().unwrap_or(W::ZERO);
            let m = t0.wrapping_mul(self.n0inv);
            let mut carry = t0.mac(m, self.n0, W::ZERO).1;
            let cells = Cell::from_mut(&mut *t).as_slice_of_cells();
            for (pair, nj) in cells.windows(2).zip(self.n.iter().skip(1)) {
                if let [dst, src] = pair {
                    let (lo, c) = src.get().mac(m, *nj, carry);
                    dst.set(lo);
                    carry = c;
                }
            }
            let (lo, c) = hi.adc(carry, W::ZERO);
            if let Some(last) = t.last_mut() {
                *last = lo;
            }
            hi = top.adc(c, W::ZERO).0;
        }
        // hi·R + t < 2n: subtract n once and keep the difference when the
        // value was at least n (hi set, or no borrow), without branching.
        copy(out, t);
        let borrow = sub_assign(out, self.n);
        let keep_difference = hi | (borrow ^ W::ONE);
        let mask = W::ZERO.wrapping_sub(keep_difference);
        for (o, tj) in out.iter_mut().zip(t.iter()) {
            *o = W::select(*tj, *o, mask);
        }
    }

    /// `x = 2x mod n` for `x < n` (public values only: it branches).
    fn double(&self, x: &mut [W]) {
        let mut carry = W::ZERO;
        for limb in x.iter_mut() {
            (*limb, carry) = limb.shl1(carry);
        }
        if carry == W::ONE || !less_than(x, self.n) {
            sub_assign(x, self.n);
        }
    }

    /// `rr = R² mod n`, the factor that takes a value into Montgomery form.
    ///
    /// R·2^j mod n comes from doublings of 2^(bits − 1) (which is below n);
    /// each Montgomery squaring then doubles the exponent of 2: with
    /// j = R's exponent stripped of its factors of two, `tz` squarings reach
    /// R·2^(j·2^tz) = R·R. That is a few dozen doublings and about a dozen
    /// squarings, instead of thousands of doublings.
    fn r_squared(&self, rr: &mut [W], tmp: &mut [W], t: &mut [W]) {
        let len = u32::try_from(self.n.len()).unwrap_or(u32::MAX);
        let r_bits = len.saturating_mul(W::BITS);
        let top_zeros = self.n.last().map_or(W::BITS, |l| l.leading_zeros());
        let n_bits = r_bits.saturating_sub(top_zeros);
        let tz = r_bits.trailing_zeros();
        let j = r_bits.checked_shr(tz).unwrap_or(0);

        rr.fill(W::ZERO);
        let top_bit = n_bits.saturating_sub(1);
        let limb = usize::try_from(top_bit.checked_div(W::BITS).unwrap_or(0)).unwrap_or(usize::MAX);
        if let Some(l) = rr.get_mut(limb) {
            *l = W::bit(top_bit.checked_rem(W::BITS).unwrap_or(0));
        }
        // 2^(n_bits − 1) · 2^(r_bits − n_bits + 1 + j) = R·2^j.
        let doublings = r_bits
            .saturating_sub(n_bits)
            .saturating_add(1)
            .saturating_add(j);
        for _ in 0..doublings {
            self.double(rr);
        }
        for _ in 0..tz {
            self.mul(rr, rr, tmp, t);
            copy(rr, tmp);
        }
    }
}

/// `buf = buf^e mod n` in place: `buf` holds a big-endian value exactly as
/// long as the big-endian modulus `n_be`. `W` is the limb width.
///
/// The scratch limbs are zeroized when done, since `buf` may hold a padded
/// secret.
///
/// # Errors
/// [`OpError::OutOfRange`] when the input is not below `n` (`buf` is left
/// unchanged); [`OpError::BadModulus`] for an even or empty `n`, `n = 1`, a
/// zero exponent, or a length mismatch.
pub(crate) fn public_op<W: Word>(n_be: &[u8], e: u64, buf: &mut [u8]) -> Result<(), OpError> {
    // A leading zero byte would leave the top limb empty; n = 1 has no
    // residue below it but 0, and no room for R mod n.
    if buf.len() != n_be.len() || e == 0 || n_be.first().is_none_or(|b| *b == 0) || n_be == [1] {
        return Err(OpError::BadModulus);
    }
    let len = n_be.len().div_ceil(W::BYTES);
    let mut scratch = Zeroizing::new(vec![W::ZERO; len.saturating_mul(6)]);
    let mut parts = scratch.chunks_exact_mut(len.max(1));
    let (Some(n), Some(x), Some(rr), Some(xm), Some(acc), Some(t)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(OpError::BadModulus);
    };
    load_be(n_be, n);
    let modulus = Modulus::new(n).ok_or(OpError::BadModulus)?;
    load_be(buf, x);
    if !less_than(x, modulus.n) {
        return Err(OpError::OutOfRange);
    }

    modulus.r_squared(rr, acc, t);
    modulus.mul(x, rr, xm, t); // x·R mod n
    copy(acc, xm);
    // Left to right over the exponent's bits below the leading one; `x` and
    // `rr` are free now and serve as the other operand buffer.
    let mut cur: &mut [W] = acc;
    let mut other: &mut [W] = x;
    for i in (0..63u32.saturating_sub(e.leading_zeros())).rev() {
        modulus.mul(cur, cur, other, t);
        core::mem::swap(&mut cur, &mut other);
        if e.checked_shr(i).unwrap_or(0) & 1 == 1 {
            modulus.mul(cur, xm, other, t);
            core::mem::swap(&mut cur, &mut other);
        }
    }
    // Out of Montgomery form: multiply by 1.
    rr.fill(W::ZERO);
    if let Some(l) = rr.first_mut() {
        *l = W::ONE;
    }
    modulus.mul(cur, rr, other, t);
    store_be(other, buf);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn modpow_reference(x: u128, e: u64, n: u128) -> u128 {
        // Small moduli only (< 2^64), so products fit.
        let mut r = 1u128;
        let mut b = x % n;
        let mut e = e;
        while e > 0 {
            if e & 1 == 1 {
                r = r * b % n;
            }
            b = b * b % n;
            e >>= 1;
        }
        r
    }

    fn run<W: Word>(x: u64, e: u64, n: u64) -> Result<u64, OpError> {
        let n_be = n.to_be_bytes();
        let mut buf = x.to_be_bytes();
        public_op::<W>(&n_be, e, &mut buf)?;
        Ok(u64::from_be_bytes(buf))
    }

    #[test]
    fn small_moduli_both_widths() {
        let cases: Vec<(u64, u64, u64)> = vec![
            (2, 3, 0xffff_ffff_ffff_ffc5),
            (0xffff_ffff_ffff_ffc4, 65537, 0xffff_ffff_ffff_ffc5),
            (12345, 65537, 0x8000_0000_0000_0001),
            (0, 3, 0x8000_0000_0000_0001),
            (1, 17, 0xc000_0000_0000_0003),
            (0xdead_beef, 0x1_ffff_ffff, 0xf123_4567_89ab_cdef),
        ];
        for (x, e, n) in cases {
            let want = modpow_reference(x.into(), e, n.into()) as u64;
            assert_eq!(run::<u32>(x, e, n), Ok(want), "u32 {x}^{e} mod {n}");
            assert_eq!(run::<u64>(x, e, n), Ok(want), "u64 {x}^{e} mod {n}");
        }
    }

    #[test]
    fn refuses_out_of_range_and_even_moduli() {
        let n = 0x8000_0000_0000_0001u64;
        assert_eq!(run::<u32>(n, 3, n), Err(OpError::OutOfRange));
        assert_eq!(run::<u64>(u64::MAX, 3, n), Err(OpError::OutOfRange));
        assert_eq!(
            run::<u64>(1, 3, 0x8000_0000_0000_0002),
            Err(OpError::BadModulus)
        );
        assert_eq!(
            public_op::<u32>(&[1], 3, &mut [0]),
            Err(OpError::BadModulus)
        );
        assert_eq!(
            public_op::<u64>(&[0, 3], 3, &mut [0, 1]),
            Err(OpError::BadModulus)
        );
        let mut short = [0u8; 7];
        assert_eq!(
            public_op::<u32>(&n.to_be_bytes(), 3, &mut short),
            Err(OpError::BadModulus)
        );
    }
}
