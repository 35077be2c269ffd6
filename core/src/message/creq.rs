//! CReq building into a caller buffer, with the per-version member rules
//! and the "exactly one answer" rule of Table A.16.

use core::fmt;

use super::codes::{ChallengeCancel, OobAppStatus, OobAppUrlInd, OobContinue, two_digit_text};
use super::error::BuildError;
use super::extension::{self, OutgoingExtensions};
use super::ids::is_uuid;
use super::request_field::{self, RequestField};
use super::version::MessageVersion;
use crate::json::JsonWriter;

/// Maximum length of `challengeDataEntry` / `challengeDataEntryTwo`.
pub const MAX_CHALLENGE_DATA_ENTRY: usize = 45;
/// Maximum length of `challengeHTMLDataEntry`.
pub const MAX_HTML_DATA_ENTRY: usize = 256;
/// Maximum length of `threeDSRequestorAppURL` in 2.2.0.
pub const MAX_REQUESTOR_APP_URL_2_2: usize = 256;
/// Maximum length of `threeDSRequestorAppURL` in 2.3.1.
pub const MAX_REQUESTOR_APP_URL_2_3: usize = 2048;
/// Byte capacity for comma-joined multi-select keys (45 characters of UTF-8).
const JOINED_CAPACITY: usize = MAX_CHALLENGE_DATA_ENTRY * 4;

/// The cardholder's answer: exactly one per CReq.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ChallengeAnswer<'a> {
    /// The first CReq of a challenge: no screen was shown yet, so no answer.
    Initial,
    /// UI 01: `challengeDataEntry` and/or (2.3.1) `challengeDataEntryTwo`.
    Text {
        /// Text from the first entry box.
        first: Option<&'a str>,
        /// Text from the second entry box (2.3.1).
        second: Option<&'a str>,
    },
    /// UI 02: the selected key of `challengeSelectInfo`.
    SingleSelect(&'a str),
    /// UI 03: the selected keys, sent comma-joined.
    MultiSelect(&'a [&'a str]),
    /// UI 05/06: `challengeHTMLDataEntry`.
    Html(&'a str),
    /// `challengeNoEntry` `Y`: submitted without data.
    NoEntry,
    /// `challengeCancel`.
    Cancel(ChallengeCancel),
    /// `resendChallenge` `Y`.
    Resend,
    /// `challengeAddCode` `Y` (2.3.1).
    AddCode,
    /// `oobContinue`: Boolean `true` up to 2.2.0 (only `Pressed`), `01`/`02` in 2.3.1.
    OobContinue(OobContinue),
    /// `infoContinueIndicator` `true` (2.3.1, UI 07).
    InfoContinue,
}

impl fmt::Debug for ChallengeAnswer<'_> {
    // Cardholder entries never reach Debug output.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text { .. } => f.write_str("Text(<redacted>)"),
            Self::SingleSelect(_) => f.write_str("SingleSelect(<redacted>)"),
            Self::MultiSelect(_) => f.write_str("MultiSelect(<redacted>)"),
            Self::Html(_) => f.write_str("Html(<redacted>)"),
            Self::Initial => f.write_str("Initial"),
            Self::NoEntry => f.write_str("NoEntry"),
            Self::Cancel(c) => write!(f, "Cancel({c:?})"),
            Self::Resend => f.write_str("Resend"),
            Self::AddCode => f.write_str("AddCode"),
            Self::OobContinue(c) => write!(f, "OobContinue({c:?})"),
            Self::InfoContinue => f.write_str("InfoContinue"),
        }
    }
}

/// Everything a CReq carries.
#[derive(Debug, Clone, Copy)]
pub struct CreqBuilder<'a> {
    /// The transaction's message version.
    pub version: MessageVersion,
    /// `threeDSServerTransID` from the ARes.
    pub three_ds_server_trans_id: &'a str,
    /// `acsTransID` from the ARes.
    pub acs_trans_id: &'a str,
    /// `sdkTransID` of the AReq.
    pub sdk_trans_id: &'a str,
    /// `sdkCounterStoA`, written `"000"`–`"255"`.
    pub sdk_counter: u8,
    /// The answer (exactly one).
    pub answer: ChallengeAnswer<'a>,
    /// `threeDSRequestorAppURL` (2.2.0+; in 2.3.1 required in every CReq when configured).
    pub three_ds_requestor_app_url: Option<&'a str>,
    /// `oobAppURLInd` (2.3.1, required in every CReq).
    pub oob_app_url_ind: Option<OobAppUrlInd>,
    /// `oobAppStatus` (2.3.1).
    pub oob_app_status: Option<OobAppStatus>,
    /// `whitelistingDataEntry` (2.2.0) / `trustListDataEntry` (2.3.1): consent given.
    pub trust_list_data_entry: Option<bool>,
    /// `deviceBindingDataEntry` (2.3.1): consent given.
    pub device_binding_data_entry: Option<bool>,
    /// `messageExtension`.
    pub extensions: OutgoingExtensions<'a>,
    /// Extra members, written last (`add_request_field`).
    pub extra_fields: &'a [RequestField<'a>],
}

/// Members the builder writes itself; extra fields may not repeat them.
const RESERVED: &[&str] = &[
    "messageType",
    "messageVersion",
    "threeDSServerTransID",
    "acsTransID",
    "sdkTransID",
    "sdkCounterStoA",
    "challengeDataEntry",
    "challengeDataEntryTwo",
    "challengeHTMLDataEntry",
    "challengeNoEntry",
    "challengeCancel",
    "resendChallenge",
    "challengeAddCode",
    "oobContinue",
    "infoContinueIndicator",
    "threeDSRequestorAppURL",
    "oobAppURLInd",
    "oobAppStatus",
    "whitelistingDataEntry",
    "trustListDataEntry",
    "deviceBindingDataEntry",
    "messageExtension",
];

impl<'a> CreqBuilder<'a> {
    /// A builder with the ids, the counter and the answer; everything else empty.
    pub fn new(
        version: MessageVersion,
        three_ds_server_trans_id: &'a str,
        acs_trans_id: &'a str,
        sdk_trans_id: &'a str,
        sdk_counter: u8,
        answer: ChallengeAnswer<'a>,
    ) -> Self {
        Self {
            version,
            three_ds_server_trans_id,
            acs_trans_id,
            sdk_trans_id,
            sdk_counter,
            answer,
            three_ds_requestor_app_url: None,
            oob_app_url_ind: None,
            oob_app_status: None,
            trust_list_data_entry: None,
            device_binding_data_entry: None,
            extensions: OutgoingExtensions::None,
            extra_fields: &[],
        }
    }

    /// Writes the CReq JSON into `buf` and returns the bytes written.
    ///
    /// # Errors
    /// [`BuildError::NotInVersion`] for a member the version lacks,
    /// [`BuildError::Missing`] for `oobAppURLInd` in 2.3.1,
    /// [`BuildError::Invalid`]/[`BuildError::TooLong`] for bad inputs,
    /// [`BuildError::Conflict`] for consent answers next to a cancel or a
    /// repeated member, [`BuildError::BufferTooSmall`].
    pub fn write<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], BuildError> {
        let mut w = JsonWriter::new(buf);
        self.emit(&mut w)?;
        Ok(w.finish()?)
    }

    /// The length in bytes [`write`](Self::write) needs: the same checks,
    /// nothing stored (how a caller sizes its buffer to the message).
    ///
    /// # Errors
    /// As [`write`](Self::write), except never [`BuildError::BufferTooSmall`].
    pub fn measure(&self) -> Result<usize, BuildError> {
        let mut w = JsonWriter::counting();
        self.emit(&mut w)?;
        Ok(w.len())
    }

    fn emit(&self, w: &mut JsonWriter<'_>) -> Result<(), BuildError> {
        let v = self.version;
        for (name, id) in [
            ("threeDSServerTransID", self.three_ds_server_trans_id),
            ("acsTransID", self.acs_trans_id),
            ("sdkTransID", self.sdk_trans_id),
        ] {
            if !is_uuid(id) {
                return Err(BuildError::Invalid(name));
            }
        }
        let cancel = matches!(self.answer, ChallengeAnswer::Cancel(_));
        if cancel
            && (self.trust_list_data_entry.is_some() || self.device_binding_data_entry.is_some())
        {
            return Err(BuildError::Conflict(
                "consent answers are not sent with challengeCancel",
            ));
        }

        w.begin_object()?;
        w.field_str("messageType", "CReq")?;
        w.field_str("messageVersion", v.as_str())?;
        w.field_str("threeDSServerTransID", self.three_ds_server_trans_id)?;
        w.field_str("acsTransID", self.acs_trans_id)?;
        w.field_str("sdkTransID", self.sdk_trans_id)?;
        let c = self.sdk_counter;
        let counter = [
            b'0'.wrapping_add(c / 100),
            b'0'.wrapping_add((c / 10) % 10),
            b'0'.wrapping_add(c % 10),
        ];
        w.field_str("sdkCounterStoA", as_str(&counter)?)?;
        self.write_answer(w)?;

        if let Some(url) = self.three_ds_requestor_app_url {
            let max = match v {
                MessageVersion::V2_1_0 => {
                    return Err(BuildError::NotInVersion("threeDSRequestorAppURL"));
                }
                MessageVersion::V2_2_0 => MAX_REQUESTOR_APP_URL_2_2,
                MessageVersion::V2_3_1 => MAX_REQUESTOR_APP_URL_2_3,
            };
            if !is_url_text(url) {
                return Err(BuildError::Invalid("threeDSRequestorAppURL"));
            }
            if url.chars().count() > max {
                return Err(BuildError::TooLong("threeDSRequestorAppURL"));
            }
            w.field_str("threeDSRequestorAppURL", url)?;
        }
        match (self.oob_app_url_ind, v.is_2_3()) {
            (Some(ind), true) => {
                if matches!(ind, OobAppUrlInd::Other(n) if !(4..=99).contains(&n)) {
                    return Err(BuildError::Invalid("oobAppURLInd"));
                }
                w.field_str("oobAppURLInd", as_str(&ind.wire())?)?;
            }
            (None, true) => return Err(BuildError::Missing("oobAppURLInd")),
            (Some(_), false) => return Err(BuildError::NotInVersion("oobAppURLInd")),
            (None, false) => {}
        }
        if let Some(status) = self.oob_app_status {
            if !v.is_2_3() {
                return Err(BuildError::NotInVersion("oobAppStatus"));
            }
            if status.code() == 0 || status.code() > 99 {
                return Err(BuildError::Invalid("oobAppStatus"));
            }
            w.field_str("oobAppStatus", as_str(&status.wire())?)?;
        }
        if let Some(consent) = self.trust_list_data_entry {
            let name = match v {
                MessageVersion::V2_1_0 => {
                    return Err(BuildError::NotInVersion("trustListDataEntry"));
                }
                MessageVersion::V2_2_0 => "whitelistingDataEntry",
                MessageVersion::V2_3_1 => "trustListDataEntry",
            };
            w.field_str(name, yn(consent))?;
        }
        if let Some(consent) = self.device_binding_data_entry {
            if !v.is_2_3() {
                return Err(BuildError::NotInVersion("deviceBindingDataEntry"));
            }
            w.field_str("deviceBindingDataEntry", yn(consent))?;
        }
        extension::write(w, v, self.extensions)?;
        request_field::write_all(w, self.extra_fields, RESERVED)?;
        Ok(w.end_object()?)
    }

    fn write_answer(&self, w: &mut JsonWriter<'_>) -> Result<(), BuildError> {
        let v = self.version;
        match self.answer {
            ChallengeAnswer::Initial => {}
            ChallengeAnswer::Text { first, second } => {
                if first.is_none() && second.is_none() {
                    return Err(BuildError::Missing("challengeDataEntry"));
                }
                if let Some(t) = first {
                    entry(w, "challengeDataEntry", t, MAX_CHALLENGE_DATA_ENTRY)?;
                }
                if let Some(t) = second {
                    if !v.is_2_3() {
                        return Err(BuildError::NotInVersion("challengeDataEntryTwo"));
                    }
                    entry(w, "challengeDataEntryTwo", t, MAX_CHALLENGE_DATA_ENTRY)?;
                }
            }
            ChallengeAnswer::SingleSelect(key) => {
                if key.contains(',') {
                    return Err(BuildError::Invalid("challengeDataEntry"));
                }
                entry(w, "challengeDataEntry", key, MAX_CHALLENGE_DATA_ENTRY)?;
            }
            ChallengeAnswer::MultiSelect(keys) => {
                let mut joined: heapless::String<JOINED_CAPACITY> = heapless::String::new();
                for (i, key) in keys.iter().enumerate() {
                    if key.is_empty() || key.contains(',') {
                        return Err(BuildError::Invalid("challengeDataEntry"));
                    }
                    if keys.get(..i).is_some_and(|b| b.contains(key)) {
                        return Err(BuildError::Invalid("challengeDataEntry"));
                    }
                    if i > 0 {
                        joined
                            .push(',')
                            .map_err(|_| BuildError::TooLong("challengeDataEntry"))?;
                    }
                    joined
                        .push_str(key)
                        .map_err(|_| BuildError::TooLong("challengeDataEntry"))?;
                }
                entry(w, "challengeDataEntry", &joined, MAX_CHALLENGE_DATA_ENTRY)?;
            }
            ChallengeAnswer::Html(data) => {
                entry(w, "challengeHTMLDataEntry", data, MAX_HTML_DATA_ENTRY)?;
            }
            ChallengeAnswer::NoEntry => w.field_str("challengeNoEntry", "Y")?,
            ChallengeAnswer::Cancel(code) => {
                if !code.valid_in(v) {
                    return Err(BuildError::Invalid("challengeCancel"));
                }
                w.field_str("challengeCancel", as_str(&two_digit_text(code.code()))?)?;
            }
            ChallengeAnswer::Resend => w.field_str("resendChallenge", "Y")?,
            ChallengeAnswer::AddCode => {
                if !v.is_2_3() {
                    return Err(BuildError::NotInVersion("challengeAddCode"));
                }
                w.field_str("challengeAddCode", "Y")?;
            }
            ChallengeAnswer::OobContinue(c) => {
                w.key("oobContinue")?;
                match (v.is_2_3(), c) {
                    (false, OobContinue::Pressed) => w.bool(true)?,
                    (false, _) => return Err(BuildError::NotInVersion("oobContinue")),
                    (true, OobContinue::Pressed | OobContinue::Automatic) => {
                        w.string(as_str(&c.wire())?)?;
                    }
                    (true, OobContinue::Other(_)) => {
                        return Err(BuildError::Invalid("oobContinue"));
                    }
                }
            }
            ChallengeAnswer::InfoContinue => {
                if !v.is_2_3() {
                    return Err(BuildError::NotInVersion("infoContinueIndicator"));
                }
                w.key("infoContinueIndicator")?;
                w.bool(true)?;
            }
        }
        Ok(())
    }
}

fn entry(
    w: &mut JsonWriter<'_>,
    name: &'static str,
    text: &str,
    max: usize,
) -> Result<(), BuildError> {
    if text.is_empty() {
        return Err(BuildError::Missing(name));
    }
    if text.chars().count() > max {
        return Err(BuildError::TooLong(name));
    }
    Ok(w.field_str(name, text)?)
}

fn yn(b: bool) -> &'static str {
    if b { "Y" } else { "N" }
}

fn as_str(bytes: &[u8]) -> Result<&str, BuildError> {
    core::str::from_utf8(bytes).map_err(|_| BuildError::Invalid("code"))
}

/// `scheme://rest`: a fully qualified URL or app link.
fn is_url_text(s: &str) -> bool {
    match s.split_once("://") {
        Some((scheme, rest)) => {
            !scheme.is_empty()
                && !rest.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}
