//! The floor: only the RustCrypto calls the protocol work cannot avoid,
//! on pre-parsed keys, with no JSON, base64 or X.509 parsing.

use aes::cipher::{BlockModeDecrypt as _, BlockModeEncrypt as _, KeyIvInit as _};
use aes_gcm::aead::{AeadInOut as _, KeyInit as _};
use cbc::cipher::block_padding::Pkcs7;
use hmac::{Hmac, Mac as _};
use p256::elliptic_curve::Generate as _;
use sha2::{Digest as _, Sha256};
use signature::Verifier as _;

use crate::fixtures::{AresCase, CresCase, SigKey};
use crate::ours::DsKey;
use crate::{Result, fail};

type HmacSha256 = Hmac<Sha256>;

/// The EMV Concat KDF is one SHA-256 block: counter ‖ Z ‖ lengths ‖ V.
fn kdf(z: &[u8], v: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(1u32.to_be_bytes());
    h.update(z);
    h.update(0u32.to_be_bytes());
    h.update(0u32.to_be_bytes());
    h.update((v.len() as u32).to_be_bytes());
    h.update(v);
    h.update(256u32.to_be_bytes());
    h.finalize().into()
}

/// A128CBC-HS256 in place: AES-128-CBC + HMAC-SHA-256 over aad ‖ iv ‖ ct ‖ AL.
fn cbc_hs256_seal(
    key: &[u8; 32],
    iv: &[u8; 16],
    aad: &[u8],
    buf: &mut [u8],
    len: usize,
) -> Result<[u8; 16]> {
    let ct = cbc::Encryptor::<aes::Aes128>::new_from_slices(&key[16..], iv)
        .map_err(fail("cbc"))?
        .encrypt_padded::<Pkcs7>(buf, len)
        .map_err(fail("cbc"))?;
    let mut mac =
        <HmacSha256 as hmac::KeyInit>::new_from_slice(&key[..16]).map_err(fail("hmac"))?;
    mac.update(aad);
    mac.update(iv);
    mac.update(ct);
    mac.update(&((aad.len() as u64) * 8).to_be_bytes());
    let mut tag = [0u8; 16];
    tag.copy_from_slice(&mac.finalize().into_bytes()[..16]);
    Ok(tag)
}

/// Primitives of `get_auth_request`: ephemeral key generation, 16 random
/// bytes, then either OAEP of a fresh CEK or a second key generation +
/// ECDH + KDF, then A128CBC-HS256 of the device information.
///
/// # Errors
/// On a primitive failure (never expected).
pub fn get_auth_request<R: rand_core::CryptoRng + ?Sized>(
    ds: DsKey<'_>,
    rng: &mut R,
    device_info: &[u8],
    buf: &mut [u8],
) -> Result<[u8; 16]> {
    let ephemeral = p256::SecretKey::generate_from_rng(rng);
    let _public = ephemeral.public_key();
    let mut id = [0u8; 16];
    rng.fill_bytes(&mut id);
    let mut cek = [0u8; 32];
    match ds {
        DsKey::Rsa(_, key) => {
            rng.fill_bytes(&mut cek);
            let ek = key
                .oaep_encrypt_with_rng::<Sha256, R>(rng, &cek)
                .map_err(fail("oaep"))?;
            core::hint::black_box(ek);
        }
        DsKey::Ec(key) => {
            let epk = p256::SecretKey::generate_from_rng(rng);
            let _epk_pub = epk.public_key();
            let z = p256::ecdh::diffie_hellman(epk.to_nonzero_scalar(), key.as_affine());
            cek = kdf(z.raw_secret_bytes(), crate::fixtures::DS_ID.as_bytes());
        }
    }
    let mut iv = [0u8; 16];
    rng.fill_bytes(&mut iv);
    buf[..device_info.len()].copy_from_slice(device_info);
    cbc_hs256_seal(&cek, &iv, b"header", buf, device_info.len())
}

fn verify(key: &SigKey, pss: bool, msg: &[u8], sig: &[u8]) -> Result<()> {
    match key {
        SigKey::Rsa(k) if pss => {
            let vk = rsa::pss::VerifyingKey::<Sha256>::new(k.clone());
            let sig = rsa::pss::Signature::try_from(sig).map_err(fail("pss"))?;
            vk.verify(msg, &sig).map_err(fail("pss"))
        }
        SigKey::Rsa(k) => {
            let vk = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(k.clone());
            let sig = rsa::pkcs1v15::Signature::try_from(sig).map_err(fail("pkcs1"))?;
            vk.verify(msg, &sig).map_err(fail("pkcs1"))
        }
        SigKey::P256(vk) => {
            let sig = if pss {
                p256::ecdsa::Signature::from_slice(sig).map_err(fail("ecdsa"))?
            } else {
                p256::ecdsa::DerSignature::try_from(sig)
                    .map_err(fail("ecdsa"))?
                    .try_into()
                    .map_err(fail("ecdsa"))?
            };
            vk.verify(msg, &sig).map_err(fail("ecdsa"))
        }
    }
}

/// Primitives of `check_auth_response`: the JWS signature, every
/// certificate signature of the chain, ECDH and the KDF.
///
/// # Errors
/// On a primitive failure (never expected).
pub fn check_auth_response(case: &AresCase, ephemeral: &p256::SecretKey) -> Result<[u8; 32]> {
    // `pss` doubles as "JWS form": PSS for RSA, raw R‖S for ECDSA.
    verify(
        &case.jws_key,
        true,
        &case.signing_input,
        &case.jws_signature,
    )?;
    for c in &case.cert_signatures {
        verify(&c.issuer, false, &c.tbs, &c.signature)?;
    }
    let z = p256::ecdh::diffie_hellman(
        ephemeral.to_nonzero_scalar(),
        case.acs_ephemeral.as_affine(),
    );
    Ok(kdf(
        z.raw_secret_bytes(),
        crate::fixtures::SDK_REFERENCE_NUMBER.as_bytes(),
    ))
}

/// Primitives of a CReq: content encryption of a `len`-byte plaintext.
///
/// # Errors
/// On a primitive failure (never expected).
pub fn creq_seal(case: &CresCase, buf: &mut [u8], len: usize) -> Result<[u8; 16]> {
    match case.enc {
        threeds_core::jose::ContentEncryption::A128CbcHs256 => {
            let iv: [u8; 16] = case.iv.as_slice().try_into().map_err(fail("iv"))?;
            cbc_hs256_seal(&case.session_key, &iv, &case.aad, buf, len)
        }
        threeds_core::jose::ContentEncryption::A128Gcm => {
            let cipher =
                aes_gcm::Aes128Gcm::new_from_slice(&case.session_key[..16]).map_err(fail("gcm"))?;
            let nonce = aes_gcm::Nonce::try_from(&case.iv[..]).map_err(fail("gcm"))?;
            let tag = cipher
                .encrypt_inout_detached(&nonce, &case.aad, (&mut buf[..len]).into())
                .map_err(fail("gcm"))?;
            let mut out = [0u8; 16];
            out.copy_from_slice(&tag);
            Ok(out)
        }
    }
}

/// Primitives of a CRes: tag check and decryption of the ciphertext
/// (copied into `buf` first, as decoding would).
///
/// # Errors
/// On a primitive failure (never expected).
pub fn cres_open(case: &CresCase, buf: &mut [u8]) -> Result<usize> {
    let ct = &mut buf[..case.ciphertext.len()];
    ct.copy_from_slice(&case.ciphertext);
    match case.enc {
        threeds_core::jose::ContentEncryption::A128CbcHs256 => {
            let key = &case.session_key;
            let mut mac =
                <HmacSha256 as hmac::KeyInit>::new_from_slice(&key[..16]).map_err(fail("hmac"))?;
            mac.update(&case.aad);
            mac.update(&case.iv);
            mac.update(ct);
            mac.update(&((case.aad.len() as u64) * 8).to_be_bytes());
            mac.verify_truncated_left(&case.tag).map_err(fail("tag"))?;
            let pt = cbc::Decryptor::<aes::Aes128>::new_from_slices(&key[16..], &case.iv)
                .map_err(fail("cbc"))?
                .decrypt_padded::<Pkcs7>(ct)
                .map_err(fail("cbc"))?;
            Ok(pt.len())
        }
        threeds_core::jose::ContentEncryption::A128Gcm => {
            let cipher =
                aes_gcm::Aes128Gcm::new_from_slice(&case.session_key[16..]).map_err(fail("gcm"))?;
            let nonce = aes_gcm::Nonce::try_from(&case.iv[..]).map_err(fail("gcm"))?;
            let tag = aes_gcm::Tag::try_from(&case.tag[..]).map_err(fail("gcm"))?;
            cipher
                .decrypt_inout_detached(&nonce, &case.aad, ct.into(), &tag)
                .map_err(fail("gcm"))?;
            Ok(ct.len())
        }
    }
}
