//! JWE content encryption: `A128CBC-HS256` (RFC 7518 §5.2.3) and `A128GCM`.

use aes_gcm::aead::AeadInOut;
use aes_gcm::{Aes128Gcm, KeyInit};
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit, block_padding::Pkcs7};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::JoseError;

/// A JWE `enc` value the simulator accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    /// AES-128-CBC with HMAC-SHA-256 truncated to 16 bytes; 32-byte key.
    A128CbcHs256,
    /// AES-128-GCM; 16-byte key, 12-byte IV.
    A128Gcm,
}

impl Enc {
    /// The registered `enc` name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::A128CbcHs256 => "A128CBC-HS256",
            Self::A128Gcm => "A128GCM",
        }
    }

    /// Parses a registered `enc` name; anything else is `None`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "A128CBC-HS256" => Some(Self::A128CbcHs256),
            "A128GCM" => Some(Self::A128Gcm),
            _ => None,
        }
    }

    /// The IV length this `enc` requires.
    #[must_use]
    pub fn iv_len(self) -> usize {
        match self {
            Self::A128CbcHs256 => 16,
            Self::A128Gcm => 12,
        }
    }
}

/// Ciphertext and tag of one encryption.
#[derive(Debug, Clone)]
pub struct Sealed {
    /// The ciphertext.
    pub ciphertext: Vec<u8>,
    /// The 16-byte authentication tag.
    pub tag: Vec<u8>,
}

type Aes128CbcEnc = cbc::Encryptor<aes::Aes128>;
type Aes128CbcDec = cbc::Decryptor<aes::Aes128>;

fn cbc_hs256_tag(
    mac_key: &[u8],
    aad: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
) -> Result<Hmac<Sha256>, JoseError> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(mac_key)
        .map_err(|_| JoseError::Length("MAC key"))?;
    mac.update(aad);
    mac.update(iv);
    mac.update(ciphertext);
    let aad_bits = u64::try_from(aad.len())
        .unwrap_or(u64::MAX)
        .saturating_mul(8);
    mac.update(&aad_bits.to_be_bytes());
    Ok(mac)
}

/// Encrypts with `enc` under `key` (32 bytes for CBC-HS256, 16 for GCM).
///
/// # Errors
/// [`JoseError::Length`] when the key or IV length does not fit `enc`.
pub fn encrypt(
    enc: Enc,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Sealed, JoseError> {
    if iv.len() != enc.iv_len() {
        return Err(JoseError::Length("IV"));
    }
    match enc {
        Enc::A128CbcHs256 => {
            let (mac_key, enc_key) = split_cbc_key(key)?;
            let block_len = 16usize;
            let padded = (plaintext.len() / block_len + 1) * block_len;
            let mut buf = vec![0u8; padded];
            buf[..plaintext.len()].copy_from_slice(plaintext);
            let ciphertext = Aes128CbcEnc::new_from_slices(enc_key, iv)
                .map_err(|_| JoseError::Length("CBC key"))?
                .encrypt_padded::<Pkcs7>(&mut buf, plaintext.len())
                .map_err(|_| JoseError::Length("CBC padding"))?
                .to_vec();
            let mac = cbc_hs256_tag(mac_key, aad, iv, &ciphertext)?;
            let tag = mac.finalize().into_bytes()[..16].to_vec();
            Ok(Sealed { ciphertext, tag })
        }
        Enc::A128Gcm => {
            let cipher =
                Aes128Gcm::new_from_slice(key).map_err(|_| JoseError::Length("GCM key"))?;
            let nonce = aes_gcm::Nonce::try_from(iv).map_err(|_| JoseError::Length("IV"))?;
            let mut buf = plaintext.to_vec();
            let tag = cipher
                .encrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into())
                .map_err(|_| JoseError::Length("GCM input"))?;
            Ok(Sealed {
                ciphertext: buf,
                tag: tag.to_vec(),
            })
        }
    }
}

/// Decrypts and authenticates.
///
/// # Errors
/// [`JoseError::Length`] for a bad key/IV/tag length, [`JoseError::Decrypt`]
/// when the tag or the padding does not verify.
pub fn decrypt(
    enc: Enc,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Result<Vec<u8>, JoseError> {
    if iv.len() != enc.iv_len() {
        return Err(JoseError::Length("IV"));
    }
    if tag.len() != 16 {
        return Err(JoseError::Length("tag"));
    }
    match enc {
        Enc::A128CbcHs256 => {
            let (mac_key, enc_key) = split_cbc_key(key)?;
            let mac = cbc_hs256_tag(mac_key, aad, iv, ciphertext)?;
            // Constant-time comparison of the truncated tag.
            mac.verify_truncated_left(tag)
                .map_err(|_| JoseError::Decrypt)?;
            if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(16) {
                return Err(JoseError::Decrypt);
            }
            let mut buf = ciphertext.to_vec();
            let plain = Aes128CbcDec::new_from_slices(enc_key, iv)
                .map_err(|_| JoseError::Length("CBC key"))?
                .decrypt_padded::<Pkcs7>(&mut buf)
                .map_err(|_| JoseError::Decrypt)?
                .to_vec();
            Ok(plain)
        }
        Enc::A128Gcm => {
            let cipher =
                Aes128Gcm::new_from_slice(key).map_err(|_| JoseError::Length("GCM key"))?;
            let nonce = aes_gcm::Nonce::try_from(iv).map_err(|_| JoseError::Length("IV"))?;
            let tag = aes_gcm::Tag::try_from(tag).map_err(|_| JoseError::Length("tag"))?;
            let mut buf = ciphertext.to_vec();
            cipher
                .decrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into(), &tag)
                .map_err(|_| JoseError::Decrypt)?;
            Ok(buf)
        }
    }
}

fn split_cbc_key(key: &[u8]) -> Result<(&[u8], &[u8]), JoseError> {
    if key.len() != 32 {
        return Err(JoseError::Length("A128CBC-HS256 key must be 32 bytes"));
    }
    Ok(key.split_at(16))
}
