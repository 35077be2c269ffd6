//! The payload of the ARes `acsSignedContent` JWS (after the jose layer has
//! verified the signature): `acsURL`, `acsEphemPubKey`, `sdkEphemPubKey`.

use super::ares::MAX_ACS_SIGNED_CONTENT;
use super::error::MessageError;
use super::fields::{self, Members};
use crate::json::JsonStr;

/// Maximum length of `acsURL`.
pub const MAX_ACS_URL: usize = 2048;
/// Maximum serialised length of an ephemeral public key JWK.
pub const MAX_EPHEM_KEY_JSON: usize = 256;

/// The verified `acsSignedContent` payload, borrowed.
///
/// The keys are returned as raw JSON object text: the jose layer parses and
/// checks JWKs (P-256 point validity, equality with our own key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcsSignedPayload<'a> {
    /// `acsURL`: where each CReq is POSTed.
    pub acs_url: JsonStr<'a>,
    /// `acsEphemPubKey`: the ACS's ephemeral JWK (object text).
    pub acs_ephem_pub_key: &'a str,
    /// `sdkEphemPubKey`: our own JWK echoed back (object text).
    pub sdk_ephem_pub_key: &'a str,
}

impl<'a> AcsSignedPayload<'a> {
    /// Parses the JWS payload bytes.
    ///
    /// # Errors
    /// 101 when the input is not a JSON object, 204 for a duplicate member,
    /// 201 when a member is missing, 203 when `acsURL` is not a fully
    /// qualified URL of at most 2048 characters or a key is not an object of
    /// at most 256 characters.
    pub fn parse(input: &'a [u8]) -> Result<Self, MessageError> {
        // Bounded by `acsSignedContent` (16,000 characters) already.
        let index = fields::open(input, MAX_ACS_SIGNED_CONTENT)?;
        let obj = Members::from(&index);
        let acs_url = fields::opt_url(obj, "acsURL", MAX_ACS_URL)?
            .ok_or_else(|| MessageError::missing("acsURL"))?;
        let acs_key = fields::opt_object(obj, "acsEphemPubKey", MAX_EPHEM_KEY_JSON)?
            .ok_or_else(|| MessageError::missing("acsEphemPubKey"))?;
        let sdk_key = fields::opt_object(obj, "sdkEphemPubKey", MAX_EPHEM_KEY_JSON)?
            .ok_or_else(|| MessageError::missing("sdkEphemPubKey"))?;
        Ok(Self {
            acs_url,
            acs_ephem_pub_key: acs_key.raw(),
            sdk_ephem_pub_key: sdk_key.raw(),
        })
    }
}
