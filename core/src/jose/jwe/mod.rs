//! JWE compact serialization: encryption (`RSA-OAEP-256`, `ECDH-ES`, `dir`)
//! and `dir` decryption.

mod compact;
mod decrypt;
mod encrypt;
mod error;

pub use decrypt::decrypt_dir;
pub use encrypt::{
    encrypt_dir, encrypt_dir_in_place, encrypt_dir_in_place_random_iv, encrypt_dir_random_iv,
    encrypt_ecdh_es, encrypt_ecdh_es_with, encrypt_ecdh_es_with_provider,
};
#[cfg(feature = "alloc")]
pub use encrypt::{encrypt_rsa_oaep, encrypt_rsa_oaep_with, encrypt_rsa_oaep_with_provider};
pub use error::JweError;

/// Largest protected header (decoded JSON) accepted or produced.
pub const MAX_HEADER_LEN: usize = 1024;

/// Total length of a compact JWE whose header JSON is `header_len` bytes,
/// encrypted key `ek_len` bytes, and plaintext `plaintext_len` bytes under
/// `enc` (`None` on overflow).
pub fn compact_len(
    enc: super::ContentEncryption,
    header_len: usize,
    ek_len: usize,
    plaintext_len: usize,
) -> Option<usize> {
    compact::total_len(enc, header_len, ek_len, plaintext_len)
}
