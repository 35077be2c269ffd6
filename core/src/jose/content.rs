//! Content encryption: `A128CBC-HS256` (RFC 7518 §5.2) and `A128GCM`, in
//! place in a caller buffer with a caller-supplied IV.

use core::fmt;

use aes_gcm::aead::{AeadInOut, KeyInit};
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeEncrypt, KeyIvInit};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Authentication tag length of both supported algorithms.
pub const TAG_LEN: usize = 16;

/// A supported JWE `enc` algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentEncryption {
    /// `A128CBC-HS256`: 32-byte key (MAC key ‖ AES key), 16-byte IV.
    A128CbcHs256,
    /// `A128GCM`: 16-byte key, 12-byte IV.
    A128Gcm,
}

impl ContentEncryption {
    /// The JOSE name.
    pub fn name(self) -> &'static str {
        match self {
            ContentEncryption::A128CbcHs256 => "A128CBC-HS256",
            ContentEncryption::A128Gcm => "A128GCM",
        }
    }
    /// The algorithm with JOSE name `name`, if supported.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "A128CBC-HS256" => Some(ContentEncryption::A128CbcHs256),
            "A128GCM" => Some(ContentEncryption::A128Gcm),
            _ => None,
        }
    }
    /// Content encryption key length in bytes.
    pub fn key_len(self) -> usize {
        match self {
            ContentEncryption::A128CbcHs256 => 32,
            ContentEncryption::A128Gcm => 16,
        }
    }
    /// IV length in bytes.
    pub fn iv_len(self) -> usize {
        match self {
            ContentEncryption::A128CbcHs256 => 16,
            ContentEncryption::A128Gcm => 12,
        }
    }
    /// Ciphertext length for a plaintext of `len` bytes (`None` on overflow).
    pub fn ciphertext_len(self, len: usize) -> Option<usize> {
        match self {
            ContentEncryption::A128CbcHs256 => (len / 16).checked_add(1)?.checked_mul(16),
            ContentEncryption::A128Gcm => Some(len),
        }
    }
}

/// Why content encryption or decryption failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContentError {
    /// The key has the wrong length for the algorithm.
    InvalidKeyLength,
    /// The IV has the wrong length for the algorithm.
    InvalidIvLength,
    /// The buffer cannot hold the ciphertext (or the length is absurd).
    BufferTooSmall,
    /// Authentication failed (tag, padding or length): deliberately one
    /// opaque error so that no padding oracle exists.
    DecryptionFailed,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ContentError::InvalidKeyLength => "content encryption: wrong key length",
            ContentError::InvalidIvLength => "content encryption: wrong IV length",
            ContentError::BufferTooSmall => "content encryption: buffer too small",
            ContentError::DecryptionFailed => "decryption failed",
        })
    }
}

impl core::error::Error for ContentError {}

fn check(enc: ContentEncryption, key: &[u8], iv: &[u8]) -> Result<(), ContentError> {
    if key.len() != enc.key_len() {
        return Err(ContentError::InvalidKeyLength);
    }
    if iv.len() != enc.iv_len() {
        return Err(ContentError::InvalidIvLength);
    }
    Ok(())
}

// RFC 7518 §5.2.2.1: M = HMAC(MAC_KEY, A ‖ IV ‖ E ‖ AL), T = M[..16].
fn cbc_hs256_tag(
    mac_key: &[u8],
    aad: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
) -> Result<[u8; TAG_LEN], ContentError> {
    let al = u64::try_from(aad.len())
        .ok()
        .and_then(|n| n.checked_mul(8))
        .ok_or(ContentError::BufferTooSmall)?;
    hmac_sha256_truncated(mac_key, &[aad, iv, ciphertext, &al.to_be_bytes()])
}

/// HMAC-SHA-256 over the concatenation of `parts`, truncated to [`TAG_LEN`]
/// bytes (RFC 7518 §5.2.2.1, step 5).
fn hmac_sha256_truncated(key: &[u8], parts: &[&[u8]]) -> Result<[u8; TAG_LEN], ContentError> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key).map_err(|_| ContentError::InvalidKeyLength)?;
    for part in parts {
        mac.update(part);
    }
    let full = mac.finalize().into_bytes();
    let mut tag = [0u8; TAG_LEN];
    tag.copy_from_slice(full.get(..TAG_LEN).ok_or(ContentError::DecryptionFailed)?);
    Ok(tag)
}

/// Encrypts `buf[..plaintext_len]` in place; `buf` must have room for the
/// ciphertext ([`ContentEncryption::ciphertext_len`]). Returns the
/// ciphertext length and the tag.
///
/// # Errors
/// [`ContentError`] for a wrong key/IV length or a too-small buffer.
pub fn encrypt_in_place(
    enc: ContentEncryption,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    buf: &mut [u8],
    plaintext_len: usize,
) -> Result<(usize, [u8; TAG_LEN]), ContentError> {
    check(enc, key, iv)?;
    let ct_len = enc
        .ciphertext_len(plaintext_len)
        .ok_or(ContentError::BufferTooSmall)?;
    let region = buf.get_mut(..ct_len).ok_or(ContentError::BufferTooSmall)?;
    match enc {
        ContentEncryption::A128CbcHs256 => {
            let (mac_key, enc_key) = key.split_at(16);
            let cipher = cbc::Encryptor::<aes::Aes128>::new_from_slices(enc_key, iv)
                .map_err(|_| ContentError::InvalidKeyLength)?;
            let ct = cipher
                .encrypt_padded::<Pkcs7>(region, plaintext_len)
                .map_err(|_| ContentError::BufferTooSmall)?;
            let tag = cbc_hs256_tag(mac_key, aad, iv, ct)?;
            Ok((ct.len(), tag))
        }
        ContentEncryption::A128Gcm => {
            let cipher = aes_gcm::Aes128Gcm::new_from_slice(key)
                .map_err(|_| ContentError::InvalidKeyLength)?;
            let nonce = aes_gcm::Nonce::try_from(iv).map_err(|_| ContentError::InvalidIvLength)?;
            let tag = cipher
                .encrypt_inout_detached(&nonce, aad, region.into())
                .map_err(|_| ContentError::BufferTooSmall)?;
            let mut out = [0u8; TAG_LEN];
            out.copy_from_slice(tag.as_slice());
            Ok((ct_len, out))
        }
    }
}

/// Blocks decrypted per AES call in [`cbc_decrypt_unpad`].
const CBC_PAR_BLOCKS: usize = 8;

/// AES-128-CBC decryption and PKCS#7 unpadding, eight blocks at a time.
///
/// `cbc`'s `decrypt_padded` and `block-padding`'s unpad index slices in ways
/// the optimizer cannot prove in bounds, which keeps a panic path in firmware
/// images (see `fuzz/no-panic/check.sh`); this loop has none. It runs only
/// after the HMAC tag has been verified, so padding errors are no oracle.
fn cbc_decrypt_unpad(key: &[u8], iv: &[u8], buf: &mut [u8]) -> Result<usize, ContentError> {
    use aes::cipher::BlockCipherDecrypt;
    use core::cell::Cell;
    use zeroize::Zeroize;

    if buf.is_empty() || !buf.len().is_multiple_of(16) {
        return Err(ContentError::DecryptionFailed);
    }
    let cipher = aes::Aes128::new_from_slice(key).map_err(|_| ContentError::InvalidKeyLength)?;
    let mut prev: [u8; 16] = iv.try_into().map_err(|_| ContentError::InvalidIvLength)?;
    // Eight blocks per call: the AES backends (AES-NI, the fixsliced
    // software one) decrypt several blocks in parallel, which CBC decryption
    // allows; one block per call was the bottleneck of large CRes.
    let mut blocks = [aes::Block::default(); CBC_PAR_BLOCKS];
    for chunk in buf.chunks_mut(16 * CBC_PAR_BLOCKS) {
        for (block, ct) in blocks.iter_mut().zip(chunk.chunks_exact(16)) {
            block.copy_from_slice(ct);
        }
        let n = chunk.len().checked_div(16).unwrap_or(0);
        let decrypted = blocks.get_mut(..n).ok_or(ContentError::DecryptionFailed)?;
        cipher.decrypt_blocks(decrypted);
        let next_prev: [u8; 16] = chunk
            .rchunks_exact(16)
            .next()
            .and_then(|last| last.try_into().ok())
            .ok_or(ContentError::DecryptionFailed)?;
        // Backwards, so that each block's predecessor is still ciphertext
        // when it is XORed in: P_i = D(C_i) ⊕ C_(i−1).
        let cells = core::cell::Cell::from_mut(&mut *chunk).as_slice_of_cells();
        let mut pairs = cells
            .chunks_exact(16)
            .zip(decrypted.iter())
            .rev()
            .peekable();
        while let Some((out, plain)) = pairs.next() {
            let chain: [u8; 16] = match pairs.peek() {
                Some((before, _)) => core::array::from_fn(|i| before.get(i).map_or(0, Cell::get)),
                None => prev,
            };
            for ((o, p), c) in out.iter().zip(plain.iter()).zip(chain.iter()) {
                o.set(p ^ c);
            }
        }
        prev = next_prev;
    }
    for block in &mut blocks {
        block.as_mut_slice().zeroize();
    }
    let pad = *buf.last().ok_or(ContentError::DecryptionFailed)?;
    let pad_len = usize::from(pad);
    if !(1..=16).contains(&pad_len) {
        return Err(ContentError::DecryptionFailed);
    }
    let len = buf
        .len()
        .checked_sub(pad_len)
        .ok_or(ContentError::DecryptionFailed)?;
    let padding = buf.get(len..).ok_or(ContentError::DecryptionFailed)?;
    if padding.iter().any(|&b| b != pad) {
        return Err(ContentError::DecryptionFailed);
    }
    Ok(len)
}

/// Checks the tag (constant time) and only then decrypts `buf` (the whole
/// ciphertext) in place. Returns the plaintext length.
///
/// # Errors
/// [`ContentError::DecryptionFailed`] for any authentication, length or
/// padding failure; key/IV length errors otherwise.
pub fn decrypt_in_place(
    enc: ContentEncryption,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    buf: &mut [u8],
    tag: &[u8],
) -> Result<usize, ContentError> {
    check(enc, key, iv)?;
    if tag.len() != TAG_LEN {
        return Err(ContentError::DecryptionFailed);
    }
    match enc {
        ContentEncryption::A128CbcHs256 => {
            let (mac_key, enc_key) = key
                .split_at_checked(16)
                .ok_or(ContentError::InvalidKeyLength)?;
            let expected = cbc_hs256_tag(mac_key, aad, iv, buf)?;
            if !bool::from(expected.ct_eq(tag)) {
                return Err(ContentError::DecryptionFailed);
            }
            if buf.is_empty() || !buf.len().is_multiple_of(16) {
                return Err(ContentError::DecryptionFailed);
            }
            cbc_decrypt_unpad(enc_key, iv, buf)
        }
        ContentEncryption::A128Gcm => {
            let cipher = aes_gcm::Aes128Gcm::new_from_slice(key)
                .map_err(|_| ContentError::InvalidKeyLength)?;
            let nonce = aes_gcm::Nonce::try_from(iv).map_err(|_| ContentError::InvalidIvLength)?;
            let tag = aes_gcm::Tag::try_from(tag).map_err(|_| ContentError::DecryptionFailed)?;
            // aes-gcm compares the tag in constant time before releasing data.
            cipher
                .decrypt_inout_detached(&nonce, aad, (&mut *buf).into(), &tag)
                .map_err(|_| ContentError::DecryptionFailed)?;
            Ok(buf.len())
        }
    }
}

#[cfg(test)]
mod wycheproof {
    //! The building blocks of A128CBC-HS256 against Wycheproof's own files for
    //! them (the composed AEAD is covered by `core/tests/jose_wycheproof.rs`).
    use super::*;
    use std::vec::Vec;

    fn load(name: &str) -> serde_json::Value {
        let path = std::format!(
            "{}/tests/vectors/wycheproof/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    fn hex(t: &serde_json::Value, k: &str) -> Vec<u8> {
        hex::decode(t[k].as_str().unwrap()).unwrap()
    }

    /// Our CBC decryption and unpadding on every AES-128 case of
    /// `aes_cbc_pkcs5_test.json`, including the padding edge cases.
    #[test]
    fn aes_128_cbc_pkcs5() {
        let d = load("aes_cbc_pkcs5_test.json");
        let (mut valid, mut invalid) = (0, 0);
        for g in d["testGroups"].as_array().unwrap() {
            if g["keySize"] != 128 {
                continue;
            }
            for t in g["tests"].as_array().unwrap() {
                let mut buf = hex(t, "ct");
                let got = cbc_decrypt_unpad(&hex(t, "key"), &hex(t, "iv"), &mut buf);
                match t["result"].as_str().unwrap() {
                    "valid" => {
                        let n = got.unwrap_or_else(|e| panic!("tcId {}: {e:?}", t["tcId"]));
                        assert_eq!(buf[..n], hex(t, "msg")[..], "tcId {}", t["tcId"]);
                        valid += 1;
                    }
                    _ => {
                        assert!(got.is_err(), "tcId {} accepted", t["tcId"]);
                        invalid += 1;
                    }
                }
            }
        }
        assert!(
            valid >= 20 && invalid >= 40,
            "{valid} valid, {invalid} invalid"
        );
    }

    /// Messages of 0 to 40 blocks (so across and between the 8-block
    /// chunks of the parallel decryption), encrypted by the `cbc` crate.
    #[test]
    fn cbc_decryption_across_chunk_boundaries_matches_the_cbc_crate() {
        use cbc::cipher::{BlockModeEncrypt, KeyIvInit, block_padding::Pkcs7};
        let key = [0x42u8; 16];
        let iv = [0x24u8; 16];
        for len in 0..=16 * 40 + 3 {
            let msg: Vec<u8> = (0..len).map(|i| (i * 7 + len) as u8).collect();
            let mut buf = msg.clone();
            buf.resize(len + 16, 0);
            let ct_len = cbc::Encryptor::<aes::Aes128>::new(&key.into(), &iv.into())
                .encrypt_padded::<Pkcs7>(&mut buf, len)
                .unwrap()
                .len();
            buf.truncate(ct_len);
            let n = cbc_decrypt_unpad(&key, &iv, &mut buf).unwrap();
            assert_eq!(&buf[..n], &msg[..], "length {len}");
        }
    }

    /// Our truncated HMAC on every 128-bit-tag case of `hmac_sha256_test.json`.
    #[test]
    fn hmac_sha256_128_bit_tags() {
        let d = load("hmac_sha256_test.json");
        let mut n = 0;
        for g in d["testGroups"].as_array().unwrap() {
            if g["tagSize"] != 128 {
                continue;
            }
            for t in g["tests"].as_array().unwrap() {
                let tag = hmac_sha256_truncated(&hex(t, "key"), &[&hex(t, "msg")]).unwrap();
                let same = bool::from(tag.ct_eq(&hex(t, "tag")[..]));
                assert_eq!(same, t["result"] == "valid", "tcId {}", t["tcId"]);
                n += 1;
            }
        }
        assert!(n >= 80, "{n} cases");
    }
}
