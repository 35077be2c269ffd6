//! Session keys for the CReq/CRes channel.

use core::fmt;

use zeroize::Zeroizing;

use super::content::ContentEncryption;
use super::ephemeral::EphemeralKeyPair;
use super::kdf::{self, KdfError};

/// Who encrypts a challenge message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// CReq: SDK → ACS.
    SdkToAcs,
    /// CRes: ACS → SDK.
    AcsToSdk,
}

/// The 32-byte session key from the EMV KDF. Zeroized on drop, never printed.
#[derive(Clone)]
pub struct SessionKeys {
    key: Zeroizing<[u8; 32]>,
}

impl fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionKeys(<redacted>)")
    }
}

impl SessionKeys {
    /// `EMV KDF(ECDH(ephemeral, acs_pub), V = sdk_reference_number)`.
    ///
    /// # Errors
    /// [`KdfError::InvalidLength`] when the reference number is absurdly
    /// long, [`KdfError::KeyAgreement`] when the ephemeral key's provider fails.
    pub fn derive(
        ephemeral: &EphemeralKeyPair,
        acs_pub: &p256::PublicKey,
        sdk_reference_number: &str,
    ) -> Result<Self, KdfError> {
        let z = ephemeral
            .diffie_hellman(acs_pub)
            .map_err(|_| KdfError::KeyAgreement)?;
        let key = kdf::emv_concat_kdf(&z, sdk_reference_number.as_bytes())?;
        Ok(Self { key })
    }

    /// Wraps an already derived 32-byte key.
    pub fn from_bytes(key: [u8; 32]) -> Self {
        Self {
            key: Zeroizing::new(key),
        }
    }

    /// The whole 32-byte derived key.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.key
    }

    /// The content key for `direction` under `enc`: A128CBC-HS256 uses all
    /// 32 bytes both ways (MAC key 0..16, AES key 16..32); A128GCM uses
    /// bytes 0..16 SDK→ACS and 16..32 ACS→SDK.
    pub fn key_for(&self, enc: ContentEncryption, direction: Direction) -> &[u8] {
        let all: &[u8] = self.key.as_slice();
        match (enc, direction) {
            (ContentEncryption::A128CbcHs256, _) => all,
            (ContentEncryption::A128Gcm, Direction::SdkToAcs) => all.get(..16).unwrap_or(&[]),
            (ContentEncryption::A128Gcm, Direction::AcsToSdk) => all.get(16..).unwrap_or(&[]),
        }
    }
}

/// The A128GCM IV for a challenge message: eleven pad bytes (0x00 SDK→ACS,
/// 0xFF ACS→SDK) followed by the counter byte.
pub fn gcm_counter_iv(direction: Direction, counter: u8) -> [u8; 12] {
    let pad = match direction {
        Direction::SdkToAcs => 0x00,
        Direction::AcsToSdk => 0xFF,
    };
    let mut iv = [pad; 12];
    iv[11] = counter;
    iv
}
