//! JWE compact encryption. Each algorithm has a `_with` variant taking the
//! random values explicitly (to reproduce published examples) and one that
//! draws them from the caller's [`Rng`].

#[cfg(feature = "alloc")]
use zeroize::Zeroizing;

use super::compact::{assemble, assemble_in_place};
use super::{JweError, MAX_HEADER_LEN};
use crate::crypto::{self, CryptoProvider};
use crate::jose::content::ContentEncryption;
use crate::jose::ephemeral::{EphemeralKeyError, EphemeralKeyPair};
use crate::jose::kdf;
use crate::json::{JsonWriter, WriteError};
#[cfg(feature = "alloc")]
use crate::keys::rsa::RsaPublicKey;
use crate::platform::{Rng, fill_random};

fn header(
    buf: &mut [u8],
    write: impl FnOnce(&mut JsonWriter<'_>) -> Result<(), WriteError>,
) -> Result<&[u8], JweError> {
    let mut w = JsonWriter::new(buf);
    let res = (|| {
        w.begin_object()?;
        write(&mut w)?;
        w.end_object()
    })();
    res.map_err(|_| JweError::HeaderTooLarge)?;
    w.finish().map_err(|_| JweError::HeaderTooLarge)
}

/// Room for a `dir` header: `{"alg":"dir","enc":"A128CBC-HS256","kid":…}`
/// with a `kid` of up to 200 bytes (a CReq's is a 36-character UUID).
const DIR_HEADER_LEN: usize = 256;

fn random_iv<R: Rng + ?Sized>(rng: &mut R, enc: ContentEncryption) -> Result<[u8; 16], JweError> {
    let mut iv = [0u8; 16];
    fill_random(rng, iv.get_mut(..enc.iv_len()).ok_or(JweError::InvalidIv)?)?;
    Ok(iv)
}

/// `dir` encryption with header `{"alg":"dir","enc":…,"kid":<kid>}` and a
/// caller-supplied IV (the CReq counter IV for A128GCM). Returns the
/// length written to `out`.
///
/// # Errors
/// [`JweError`] for a wrong key/IV length or a too-small `out`.
pub fn encrypt_dir(
    enc: ContentEncryption,
    key: &[u8],
    kid: &str,
    iv: &[u8],
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<usize, JweError> {
    let mut hbuf = [0u8; MAX_HEADER_LEN];
    let h = header(&mut hbuf, |w| {
        w.field_str("alg", "dir")?;
        w.field_str("enc", enc.name())?;
        w.field_str("kid", kid)
    })?;
    assemble(h, &[], enc, key, iv, plaintext, out)
}

/// [`encrypt_dir`] with a random IV from `rng`.
///
/// # Errors
/// As [`encrypt_dir`], plus [`JweError::Rng`].
pub fn encrypt_dir_random_iv<R: Rng + ?Sized>(
    enc: ContentEncryption,
    key: &[u8],
    kid: &str,
    rng: &mut R,
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<usize, JweError> {
    let iv = random_iv(rng, enc)?;
    encrypt_dir(
        enc,
        key,
        kid,
        iv.get(..enc.iv_len()).unwrap_or(&[]),
        plaintext,
        out,
    )
}

/// [`encrypt_dir`] of the plaintext at `buf[..plaintext_len]`, in place:
/// the compact JWE replaces it at the start of `buf` (no second buffer holds
/// the plaintext; `buf` is wiped on error). Returns the JWE length.
///
/// # Errors
/// As [`encrypt_dir`].
pub fn encrypt_dir_in_place(
    enc: ContentEncryption,
    key: &[u8],
    kid: &str,
    iv: &[u8],
    plaintext_len: usize,
    buf: &mut [u8],
) -> Result<usize, JweError> {
    let mut hbuf = [0u8; DIR_HEADER_LEN];
    let h = match header(&mut hbuf, |w| {
        w.field_str("alg", "dir")?;
        w.field_str("enc", enc.name())?;
        w.field_str("kid", kid)
    }) {
        Ok(h) => h,
        Err(e) => {
            buf.fill(0);
            return Err(e);
        }
    };
    assemble_in_place(h, enc, key, iv, plaintext_len, buf)
}

/// [`encrypt_dir_in_place`] with a random IV from `rng`.
///
/// # Errors
/// As [`encrypt_dir_in_place`], plus [`JweError::Rng`].
pub fn encrypt_dir_in_place_random_iv<R: Rng + ?Sized>(
    enc: ContentEncryption,
    key: &[u8],
    kid: &str,
    rng: &mut R,
    plaintext_len: usize,
    buf: &mut [u8],
) -> Result<usize, JweError> {
    let iv = match random_iv(rng, enc) {
        Ok(iv) => iv,
        Err(e) => {
            buf.fill(0);
            return Err(e);
        }
    };
    encrypt_dir_in_place(
        enc,
        key,
        kid,
        iv.get(..enc.iv_len()).unwrap_or(&[]),
        plaintext_len,
        buf,
    )
}

/// `ECDH-ES` encryption to the DS key with a given ephemeral key and IV.
/// Header `{"alg":"ECDH-ES","epk":<jwk>,"enc":…[,"kid":…]}`; empty
/// encrypted key; CEK = EMV KDF(Z, PartyVInfo = `ds_id`) (first 16 bytes
/// for A128GCM).
///
/// # Errors
/// [`JweError`] for a wrong IV length, KDF failure or a too-small `out`.
#[allow(clippy::too_many_arguments)]
pub fn encrypt_ecdh_es_with(
    enc: ContentEncryption,
    ds_key: &p256::PublicKey,
    ds_id: &[u8],
    kid: Option<&str>,
    ephemeral: &EphemeralKeyPair,
    iv: &[u8],
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<usize, JweError> {
    let z = ephemeral
        .diffie_hellman(ds_key)
        .map_err(|_| JweError::Kdf)?;
    let derived = kdf::emv_concat_kdf(&z, ds_id)?;
    let cek = derived
        .get(..enc.key_len())
        .ok_or(JweError::InvalidKeyLength)?;
    let epk = ephemeral.public_jwk();
    let mut hbuf = [0u8; MAX_HEADER_LEN];
    let h = header(&mut hbuf, |w| {
        w.field_str("alg", "ECDH-ES")?;
        w.key("epk")?;
        w.raw(epk.as_str())?;
        w.field_str("enc", enc.name())?;
        match kid {
            Some(k) => w.field_str("kid", k),
            None => Ok(()),
        }
    })?;
    assemble(h, &[], enc, cek, iv, plaintext, out)
}

/// [`encrypt_ecdh_es_with`] with a fresh ephemeral key and IV from `rng`.
///
/// # Errors
/// As [`encrypt_ecdh_es_with`], plus [`JweError::Rng`].
pub fn encrypt_ecdh_es<R: Rng + ?Sized>(
    enc: ContentEncryption,
    ds_key: &p256::PublicKey,
    ds_id: &[u8],
    kid: Option<&str>,
    rng: &mut R,
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<usize, JweError> {
    encrypt_ecdh_es_with_provider(
        crypto::default_provider(),
        enc,
        ds_key,
        ds_id,
        kid,
        rng,
        plaintext,
        out,
    )
}

/// [`encrypt_ecdh_es`] with the ephemeral key made (and the ECDH run) by
/// `provider`.
///
/// # Errors
/// As [`encrypt_ecdh_es`].
#[allow(clippy::too_many_arguments)]
pub fn encrypt_ecdh_es_with_provider<R: Rng + ?Sized>(
    provider: &'static dyn CryptoProvider,
    enc: ContentEncryption,
    ds_key: &p256::PublicKey,
    ds_id: &[u8],
    kid: Option<&str>,
    rng: &mut R,
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<usize, JweError> {
    let ephemeral = EphemeralKeyPair::generate_with(provider, rng).map_err(|e| match e {
        EphemeralKeyError::Rng(_) => JweError::Rng,
        _ => JweError::Kdf,
    })?;
    let iv = random_iv(rng, enc)?;
    let iv = iv.get(..enc.iv_len()).ok_or(JweError::InvalidIv)?;
    encrypt_ecdh_es_with(enc, ds_key, ds_id, kid, &ephemeral, iv, plaintext, out)
}

/// `RSA-OAEP-256` encryption with a given CEK and IV; `rng` supplies only
/// the OAEP seed. Header `{"alg":"RSA-OAEP-256","enc":…[,"kid":…]}`.
///
/// # Errors
/// [`JweError`] for a wrong CEK/IV length, RSA failure or a too-small `out`.
#[cfg(feature = "alloc")]
#[allow(clippy::too_many_arguments)]
pub fn encrypt_rsa_oaep_with<R: Rng + ?Sized>(
    enc: ContentEncryption,
    ds_key: &RsaPublicKey,
    kid: Option<&str>,
    cek: &[u8],
    iv: &[u8],
    rng: &mut R,
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<usize, JweError> {
    rsa_oaep_with_provider(
        crypto::default_provider(),
        enc,
        ds_key,
        kid,
        cek,
        iv,
        rng,
        plaintext,
        out,
    )
}

/// The one RSA-OAEP JWE encryption: the key encryption by `provider`, the
/// rest (header, content encryption, serialization) by the core.
#[cfg(feature = "alloc")]
#[allow(clippy::too_many_arguments)]
fn rsa_oaep_with_provider<R: Rng + ?Sized>(
    provider: &dyn CryptoProvider,
    enc: ContentEncryption,
    ds_key: &RsaPublicKey,
    kid: Option<&str>,
    cek: &[u8],
    iv: &[u8],
    rng: &mut R,
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<usize, JweError> {
    if cek.len() != enc.key_len() {
        return Err(JweError::InvalidKeyLength);
    }
    // Drawn whether or not the backend uses it, so every backend consumes
    // the same randomness (see `CryptoProvider::rsa_oaep_sha256_encrypt`).
    let mut seed = Zeroizing::new([0u8; 32]);
    fill_random(rng, seed.as_mut_slice())?;
    let k = ds_key.size();
    let mut ek = alloc::vec![0u8; k];
    let written = provider
        .rsa_oaep_sha256_encrypt(ds_key, cek, &seed, &mut ek)
        .map_err(|_| JweError::KeyEncryption)?;
    // A ciphertext of any other length is a backend fault, not a JWE.
    if written != k {
        return Err(JweError::KeyEncryption);
    }
    let mut hbuf = [0u8; MAX_HEADER_LEN];
    let h = header(&mut hbuf, |w| {
        w.field_str("alg", "RSA-OAEP-256")?;
        w.field_str("enc", enc.name())?;
        match kid {
            Some(k) => w.field_str("kid", k),
            None => Ok(()),
        }
    })?;
    assemble(h, &ek, enc, cek, iv, plaintext, out)
}

/// [`encrypt_rsa_oaep_with`] with a random CEK and IV from `rng`.
///
/// # Errors
/// As [`encrypt_rsa_oaep_with`], plus [`JweError::Rng`].
#[cfg(feature = "alloc")]
pub fn encrypt_rsa_oaep<R: Rng + ?Sized>(
    enc: ContentEncryption,
    ds_key: &RsaPublicKey,
    kid: Option<&str>,
    rng: &mut R,
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<usize, JweError> {
    encrypt_rsa_oaep_with_provider(
        crypto::default_provider(),
        enc,
        ds_key,
        kid,
        rng,
        plaintext,
        out,
    )
}

/// [`encrypt_rsa_oaep`] with the CEK encrypted by `provider`
/// ([`CryptoProvider::rsa_oaep_sha256_encrypt`]); the CEK, IV and OAEP seed
/// still come from `rng`, in that order.
///
/// # Errors
/// As [`encrypt_rsa_oaep`]; a backend failure or a ciphertext that is not
/// as long as the modulus is [`JweError::KeyEncryption`].
#[cfg(feature = "alloc")]
#[allow(clippy::too_many_arguments)]
pub fn encrypt_rsa_oaep_with_provider<R: Rng + ?Sized>(
    provider: &dyn CryptoProvider,
    enc: ContentEncryption,
    ds_key: &RsaPublicKey,
    kid: Option<&str>,
    rng: &mut R,
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<usize, JweError> {
    let mut cek = Zeroizing::new([0u8; 32]);
    let cek = cek
        .get_mut(..enc.key_len())
        .ok_or(JweError::InvalidKeyLength)?;
    fill_random(rng, cek)?;
    let iv = random_iv(rng, enc)?;
    let iv = iv.get(..enc.iv_len()).ok_or(JweError::InvalidIv)?;
    rsa_oaep_with_provider(provider, enc, ds_key, kid, cek, iv, rng, plaintext, out)
}
