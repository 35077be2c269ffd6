//! `begin`: the SDK part of the AReq (the reference's `get_auth_request`).

use super::Transaction;
use super::constraints::RenderOffer;
use super::error::{Error, StateName};
use super::ids::new_sdk_trans_id;
use super::sizing;
use super::state::{ExpectAres, MAX_SDK_REFERENCE_NUMBER, State, StoredSettings};
use super::timer::Timeouts;
use crate::jose::{ContentEncryption, EphemeralKeyError, EphemeralKeyPair, JweError, jwe};
use crate::keys::PublicKey;
use crate::message::{AuthRequestData, BuildError, Interface, MessageVersion, TransId, UiType};
use crate::platform::Rng;

/// Everything `begin` needs; all borrowed.
#[derive(Debug, Clone, Copy)]
pub struct AuthParams<'a> {
    /// The message version the 3DS Server will send (`messageVersion`).
    pub version: MessageVersion,
    /// The DS encryption key: RSA → `RSA-OAEP-256`, P-256 → `ECDH-ES`
    /// (PartyVInfo = [`ds_id`](Self::ds_id)).
    pub ds_key: &'a PublicKey,
    /// The DS key id (`kid` of the device-info JWE), if the DS assigned one.
    pub ds_key_id: Option<&'a str>,
    /// The DS id (RID), used as PartyVInfo for `ECDH-ES`.
    pub ds_id: &'a str,
    /// `sdkAppID`: UUID of this app installation.
    pub sdk_app_id: &'a str,
    /// `sdkReferenceNumber`: EMVCo-assigned (≤ 32 characters); also the
    /// session key derivation input.
    pub sdk_reference_number: &'a str,
    /// `sdkMaxTimeout` (minutes, ≥ 5) and the per-exchange timeout.
    pub timeouts: Timeouts,
    /// The device information JSON (from [`DeviceInfo`](crate::message::DeviceInfo)).
    pub device_info: &'a [u8],
    /// `UseAESGCM`: `A128GCM` instead of `A128CBC-HS256`, for the device
    /// info and the challenge messages.
    pub use_aes_gcm: bool,
    /// `deviceRenderOptions.sdkInterface`.
    pub sdk_interface: Interface,
    /// `deviceRenderOptions.sdkUiType`.
    pub sdk_ui_types: &'a [UiType],
    /// `threeDSRequestorAppURL` (2.2.0+), repeated in every CReq.
    pub requestor_app_url: Option<&'a str>,
    /// `oobAppURLInd` = `01` in every 2.3.1 CReq (else `02`).
    pub oob_app_url_supported: bool,
}

/// Where the auth request JSON sits in the caller's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct AuthRequest {
    /// Bytes of JSON at the start of the output buffer.
    pub len: usize,
}

fn jwe_error(e: JweError, needed: impl FnOnce() -> Result<usize, Error>) -> Error {
    match e {
        JweError::BufferTooSmall => match needed() {
            Ok(needed) => Error::BufferTooSmall { needed },
            Err(e) => e,
        },
        JweError::Rng => Error::Rng,
        _ => Error::Crypto,
    }
}

fn build_error(e: BuildError, needed: impl FnOnce() -> Result<usize, Error>) -> Error {
    match e {
        BuildError::BufferTooSmall => match needed() {
            Ok(needed) => Error::BufferTooSmall { needed },
            Err(e) => e,
        },
        other => Error::Build(other),
    }
}

impl Transaction {
    /// Starts a transaction: generates the SDK ephemeral key and
    /// `sdkTransID`, encrypts the device information to the DS key and
    /// writes the SDK auth-request JSON (for the 3DS Server) into `out`.
    /// `now_ms` (monotonic) starts `SDKMaxTimeout`.
    ///
    /// `out` holds the device-info JWE and then the JSON that embeds it, so
    /// it needs about twice the JWE size plus 1 KB (8 KB covers typical
    /// device information).
    ///
    /// # Errors
    /// [`Error::ApiMisuse`] unless the transaction is idle;
    /// [`Error::InvalidParameter`] / [`Error::Build`] for bad parameters;
    /// [`Error::BufferTooSmall`], [`Error::Rng`], [`Error::Crypto`].
    /// On error the transaction stays idle.
    pub fn begin<R: Rng + ?Sized>(
        &mut self,
        params: &AuthParams<'_>,
        rng: &mut R,
        now_ms: u64,
        out: &mut [u8],
    ) -> Result<AuthRequest, Error> {
        self.begin_with_trans_id(params, None, rng, now_ms, out)
    }

    /// [`begin`](Self::begin) with an `sdkTransID` drawn beforehand (with
    /// [`new_sdk_trans_id`]), for device
    /// information that carries it (`C018`) and so must exist before the
    /// request. `None` draws one here, as `begin` does.
    ///
    /// # Errors
    /// As [`begin`](Self::begin).
    pub fn begin_with_trans_id<R: Rng + ?Sized>(
        &mut self,
        params: &AuthParams<'_>,
        sdk_trans_id: Option<&TransId>,
        rng: &mut R,
        now_ms: u64,
        out: &mut [u8],
    ) -> Result<AuthRequest, Error> {
        if !matches!(self.state, State::Idle) {
            return Err(self.misuse("begin"));
        }
        if !params.timeouts.is_valid() || params.timeouts.sdk_max_timeout_minutes > 99 {
            return Err(Error::InvalidParameter("sdkMaxTimeout"));
        }
        let mut sdk_reference_number = heapless::String::<MAX_SDK_REFERENCE_NUMBER>::new();
        sdk_reference_number
            .push_str(params.sdk_reference_number)
            .map_err(|_| Error::InvalidParameter("sdkReferenceNumber"))?;
        let mut settings =
            StoredSettings::new(params.requestor_app_url, params.oob_app_url_supported)
                .ok_or(Error::InvalidParameter("threeDSRequestorAppURL"))?;
        settings.render = RenderOffer::new(params.sdk_interface, params.sdk_ui_types);
        let enc = if params.use_aes_gcm {
            ContentEncryption::A128Gcm
        } else {
            ContentEncryption::A128CbcHs256
        };
        let ephemeral = EphemeralKeyPair::generate_with(self.crypto, rng).map_err(|e| match e {
            EphemeralKeyError::Rng(_) => Error::Rng,
            _ => Error::Crypto,
        })?;
        let sdk_trans_id = match sdk_trans_id {
            Some(id) => id.clone(),
            None => new_sdk_trans_id(rng).map_err(|_| Error::Rng)?,
        };

        let jwk = ephemeral.public_jwk();
        let sdk_max_timeout_minutes = u8::try_from(params.timeouts.sdk_max_timeout_minutes)
            .map_err(|_| Error::InvalidParameter("sdkMaxTimeout"))?;
        let data = |sdk_enc_data| AuthRequestData {
            version: params.version,
            sdk_app_id: params.sdk_app_id,
            sdk_trans_id: sdk_trans_id.as_str(),
            sdk_reference_number: params.sdk_reference_number,
            sdk_enc_data,
            sdk_ephem_pub_key: jwk.as_str(),
            sdk_max_timeout_minutes,
            sdk_interface: params.sdk_interface,
            sdk_ui_types: params.sdk_ui_types,
            wrapped: false,
        };
        // What `out` needs: the JWE, and the JSON that embeds it in front of
        // it. The JWE's length is known before it exists; its text (base64url
        // and dots) is never escaped, so a one-character stand-in measures
        // the JSON around it.
        let needed = || -> Result<usize, Error> {
            let jwe = match params.ds_key {
                // Every P-256 JWK has the same length as the SDK's own.
                PublicKey::P256(_) => sizing::ecdh_es_jwe_len(
                    enc,
                    jwk.as_str(),
                    params.ds_key_id,
                    params.device_info.len(),
                ),
                #[cfg(feature = "alloc")]
                PublicKey::Rsa(key) => sizing::rsa_oaep_jwe_len(
                    enc,
                    key.size(),
                    params.ds_key_id,
                    params.device_info.len(),
                ),
            };
            let json = data("A")
                .measure()
                .map_err(|e| build_error(e, || Ok(usize::MAX)))?;
            Ok(json
                .saturating_sub(1)
                .saturating_add(jwe)
                .saturating_add(jwe))
        };

        // The JWE is written first, moved to the end of `out`, and the JSON
        // that embeds it is written in front of it: no second buffer.
        let jwe_len = match params.ds_key {
            PublicKey::P256(key) => jwe::encrypt_ecdh_es_with_provider(
                self.crypto,
                enc,
                key,
                params.ds_id.as_bytes(),
                params.ds_key_id,
                rng,
                params.device_info,
                out,
            ),
            #[cfg(feature = "alloc")]
            PublicKey::Rsa(key) => jwe::encrypt_rsa_oaep_with_provider(
                self.crypto,
                enc,
                key,
                params.ds_key_id,
                rng,
                params.device_info,
                out,
            ),
        }
        .map_err(|e| jwe_error(e, needed))?;
        let split = match out.len().checked_sub(jwe_len) {
            Some(split) => split,
            None => return Err(build_error(BuildError::BufferTooSmall, needed)),
        };
        out.copy_within(..jwe_len, split);
        let (front, back) = out.split_at_mut(split);
        let sdk_enc_data = core::str::from_utf8(back).map_err(|_| Error::Crypto)?;
        let len = match data(sdk_enc_data).write(front) {
            Ok(written) => written.len(),
            Err(e) => return Err(build_error(e, needed)),
        };
        self.state = State::AuthRequested(ExpectAres {
            version: params.version,
            sdk_trans_id,
            ephemeral,
            sdk_reference_number,
            start_ms: now_ms,
            timeouts: params.timeouts,
            enc,
            settings,
        });
        Ok(AuthRequest { len })
    }

    pub(crate) fn misuse(&self, call: &'static str) -> Error {
        Error::ApiMisuse {
            call,
            state: self.state.name(),
        }
    }

    /// The state name, e.g. for logs.
    pub fn state(&self) -> StateName {
        self.state.name()
    }
}
