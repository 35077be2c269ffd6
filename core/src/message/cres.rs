//! CRes parsing and validation, in the order of the project design
//! (after decryption): `messageType` → counter (302) →
//! `challengeCompletionInd` → ids present → `messageVersion` → extensions →
//! final-CRes rules or UI-type rules → ids equal (301) → version equal (102).

use super::ares::{check_version, read_version};
use super::codes::{ErrorCode, TransStatus, UiType};
use super::erro::Erro;
use super::error::{MessageError, Problem};
use super::extension::{self, Extensions};
use super::fields::{self, Members};
use super::html::{HtmlContent, MAX_ACS_HTML, is_base64url};
use super::ids::TransId;
use super::limits::MAX_CRES_BYTES;
use super::screen::{self, ChallengeScreen, ENTRY_BOX, ENTRY_BOX_TWO, ScreenTexts};
use super::version::MessageVersion;
use crate::json::{JsonStr, Object};

/// What the caller expects of the CRes answering its CReq.
#[derive(Debug, Clone, Copy)]
pub struct CresExpectation<'e> {
    /// The transaction's version.
    pub version: MessageVersion,
    /// `threeDSServerTransID` of the CReq.
    pub three_ds_server_trans_id: &'e str,
    /// `acsTransID` of the CReq.
    pub acs_trans_id: &'e str,
    /// `sdkTransID` of the CReq.
    pub sdk_trans_id: &'e str,
    /// `sdkCounterStoA` of the CReq; `acsCounterAtoS` must equal it.
    pub counter: u8,
    /// Ids of the message extensions this SDK understands.
    pub understood_extensions: &'e [&'e str],
    /// 2.3.1: the AReq's `threeDSRequestorDecReqInd` was `F` or `B`, so a
    /// final CRes may carry `transStatus` `D`.
    pub decoupled_fallback: bool,
}

/// The answer to a CReq: a CRes, or an Erro to surface.
// No heap on this path, so no boxing: the size difference is accepted.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChallengeResponse<'a> {
    /// A valid CRes.
    Cres(Cres<'a>),
    /// An Erro from the ACS.
    Erro(Erro<'a>),
}

/// The body of a CRes.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CresBody<'a> {
    /// `challengeCompletionInd` = `Y`: the challenge is over.
    Final {
        /// `transStatus` (Y, N, or D when permitted).
        trans_status: TransStatus,
    },
    /// Another screen to show.
    Challenge {
        /// `acsUiType`.
        ui_type: UiType,
        /// What to render.
        screen: ChallengeScreen<'a>,
    },
}

/// A validated CRes, borrowed from the decrypted message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cres<'a> {
    /// `messageVersion`.
    pub version: MessageVersion,
    /// `threeDSServerTransID`.
    pub three_ds_server_trans_id: TransId,
    /// `acsTransID`.
    pub acs_trans_id: TransId,
    /// `sdkTransID`.
    pub sdk_trans_id: TransId,
    /// `acsCounterAtoS`.
    pub acs_counter: u8,
    /// `messageExtension`.
    pub extensions: Option<Extensions<'a>>,
    /// Final status or next screen.
    pub body: CresBody<'a>,
    /// The whole message, for members this type does not model.
    pub raw: Object<'a>,
}

/// The members a final CRes may carry (Table B.5).
const FINAL_MEMBERS: &[&str] = &[
    "threeDSServerTransID",
    "acsTransID",
    "sdkTransID",
    "acsCounterAtoS",
    "challengeCompletionInd",
    "messageType",
    "messageVersion",
    "messageExtension",
    "transStatus",
];

impl<'a> ChallengeResponse<'a> {
    /// Parses and validates a decrypted CRes (or a plain Erro).
    ///
    /// # Errors
    /// A [`MessageError`] with the Erro code and the offending field. For a
    /// final CRes whose `transStatus` is a known status other than the
    /// permitted ones, [`MessageError::sends_erro`] is false.
    pub fn parse(input: &'a [u8], expected: &CresExpectation<'_>) -> Result<Self, MessageError> {
        let index = fields::open(input, MAX_CRES_BYTES)?;
        let obj = Members::from(&index);
        match fields::opt_code::<4>(obj, "messageType")
            .ok()
            .flatten()
            .as_deref()
        {
            Some("Erro") => {
                return Erro::from_object(obj).map(ChallengeResponse::Erro);
            }
            Some("CRes") => {}
            _ => {
                return Err(MessageError::new(
                    ErrorCode::MESSAGE_INVALID,
                    "messageType",
                    Problem::WrongMessageType,
                ));
            }
        }
        Cres::from_object(obj, expected).map(ChallengeResponse::Cres)
    }
}

fn read_counter(obj: Members<'_, '_>, expected: u8) -> Result<u8, MessageError> {
    const F: &str = "acsCounterAtoS";
    let s = fields::req_code::<3>(obj, F)?;
    let ok = s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit());
    let n = s
        .parse::<u16>()
        .ok()
        .filter(|_| ok)
        .and_then(|n| u8::try_from(n).ok())
        .ok_or_else(|| MessageError::format(F))?;
    if n != expected {
        return Err(MessageError::new(
            ErrorCode::DECRYPTION,
            F,
            Problem::CounterMismatch,
        ));
    }
    Ok(n)
}

fn id_equal(got: &TransId, want: &str, field: &'static str) -> Result<(), MessageError> {
    if got.matches(want) {
        Ok(())
    } else {
        Err(MessageError::new(
            ErrorCode::TRANSACTION_ID,
            field,
            Problem::IdMismatch,
        ))
    }
}

impl<'a> Cres<'a> {
    fn from_object(
        obj: Members<'a, '_>,
        expected: &CresExpectation<'_>,
    ) -> Result<Self, MessageError> {
        let acs_counter = read_counter(obj, expected.counter)?;
        let complete = fields::opt_yn(obj, "challengeCompletionInd", true)?
            .ok_or_else(|| MessageError::missing("challengeCompletionInd"))?;
        let three_ds_server_trans_id = fields::req_id(obj, "threeDSServerTransID")?;
        let acs_trans_id = fields::req_id(obj, "acsTransID")?;
        let sdk_trans_id = fields::req_id(obj, "sdkTransID")?;
        let version = read_version(obj)?;
        let extensions = extension::parse(obj, version, expected.understood_extensions)?;

        let body = if complete {
            read_final(obj, version, expected)?
        } else {
            read_challenge(obj, version)?
        };

        id_equal(
            &three_ds_server_trans_id,
            expected.three_ds_server_trans_id,
            "threeDSServerTransID",
        )?;
        id_equal(&acs_trans_id, expected.acs_trans_id, "acsTransID")?;
        id_equal(&sdk_trans_id, expected.sdk_trans_id, "sdkTransID")?;
        check_version(version, expected.version)?;

        Ok(Self {
            version,
            three_ds_server_trans_id,
            acs_trans_id,
            sdk_trans_id,
            acs_counter,
            extensions,
            body,
            raw: obj.object(),
        })
    }
}

fn read_final<'a>(
    obj: Members<'a, '_>,
    version: MessageVersion,
    expected: &CresExpectation<'_>,
) -> Result<CresBody<'a>, MessageError> {
    // Only Table B.5's members: anything else is "present where its
    // condition does not apply" (203), named in the detail.
    if let Some((k, _)) = obj
        .object()
        .iter()
        .find(|(k, _)| !FINAL_MEMBERS.iter().any(|m| k.eq_str(m)))
    {
        return Err(MessageError::not_here("").with_detail(k.chars()));
    }
    let s = fields::req_code::<1>(obj, "transStatus")?;
    let status = TransStatus::from_wire(&s).ok_or_else(|| MessageError::value("transStatus"))?;
    match status {
        TransStatus::Authenticated | TransStatus::NotAuthenticated => {}
        TransStatus::Decoupled if version.is_2_3() && expected.decoupled_fallback => {}
        _ => {
            return Err(MessageError::new(
                ErrorCode::INVALID_FORMAT,
                "transStatus",
                Problem::StatusEndsWithoutErro,
            ));
        }
    }
    Ok(CresBody::Final {
        trans_status: status,
    })
}

fn read_challenge<'a>(
    obj: Members<'a, '_>,
    version: MessageVersion,
) -> Result<CresBody<'a>, MessageError> {
    if fields::has(obj, "transStatus") {
        return Err(MessageError::not_here("transStatus"));
    }
    let ui_type = fields::opt_two(obj, "acsUiType", UiType::from_wire, |t| t.valid_in(version))?
        .ok_or_else(|| MessageError::missing("acsUiType"))?;
    if version.is_2_3() {
        forbid_absent_rows(obj, ui_type)?;
    }
    let label45 = |f| fields::opt_str(obj, f, 1, 45);
    let submit = || {
        label45("submitAuthenticationLabel")?
            .ok_or_else(|| MessageError::missing("submitAuthenticationLabel"))
    };
    let screen = match ui_type {
        UiType::Text => {
            let texts = read_texts(obj, version, ui_type)?;
            let (entry_box, entry_box_two) = if version.is_2_3() {
                let one = screen::read_entry_box(obj, "challengeEntryBox", &ENTRY_BOX)?
                    .ok_or_else(|| MessageError::missing("challengeEntryBox"))?;
                (
                    Some(one),
                    screen::read_entry_box(obj, "challengeEntryBoxTwo", &ENTRY_BOX_TWO)?,
                )
            } else {
                (None, None)
            };
            ChallengeScreen::Text {
                texts,
                entry_box,
                entry_box_two,
                submit_label: submit()?,
                resend_label: label45("resendInformationLabel")?,
            }
        }
        UiType::SingleSelect | UiType::MultiSelect => {
            let texts = read_texts(obj, version, ui_type)?;
            let options = screen::read_select(obj, version)?
                .ok_or_else(|| MessageError::missing("challengeSelectInfo"))?;
            let submit_label = submit()?;
            if ui_type == UiType::SingleSelect {
                ChallengeScreen::SingleSelect {
                    texts,
                    options,
                    submit_label,
                }
            } else {
                ChallengeScreen::MultiSelect {
                    texts,
                    options,
                    submit_label,
                }
            }
        }
        UiType::Oob => {
            let texts = read_texts(obj, version, ui_type)?;
            let continue_label = label45("oobContinueLabel")?;
            let (app_url, app_label) = if version.is_2_3() {
                (
                    fields::opt_url(obj, "oobAppURL", 2048)?,
                    label45("oobAppLabel")?,
                )
            } else {
                // 2.2.0 reserves these: the SDK shall not process them.
                (None, None)
            };
            if continue_label.is_none() && app_label.is_none() {
                return Err(MessageError::missing("oobContinueLabel"));
            }
            ChallengeScreen::Oob {
                texts,
                continue_label,
                app_url,
                app_label,
            }
        }
        UiType::Html => ChallengeScreen::Html {
            html: read_html(obj, "acsHTML")?.ok_or_else(|| MessageError::missing("acsHTML"))?,
            refresh: if version.is_2_3() {
                None
            } else {
                read_html(obj, "acsHTMLRefresh")?
            },
        },
        UiType::HtmlOob => ChallengeScreen::HtmlOob {
            html: read_html(obj, "acsHTML")?.ok_or_else(|| MessageError::missing("acsHTML"))?,
            app_url: fields::opt_url(obj, "oobAppURL", 2048)?,
        },
        UiType::Information => ChallengeScreen::Information {
            texts: read_texts(obj, version, ui_type)?,
            continue_label: label45("infoContinueLabel")?
                .ok_or_else(|| MessageError::missing("infoContinueLabel"))?,
        },
        UiType::Other(_) => return Err(MessageError::value("acsUiType")),
    };
    Ok(CresBody::Challenge { ui_type, screen })
}

/// 2.3.1 Table A.20 "N" rows for native UIs: present → 203.
fn forbid_absent_rows(obj: Members<'_, '_>, ui: UiType) -> Result<(), MessageError> {
    if !ui.is_native() {
        return Ok(());
    }
    let rows: [(&'static str, bool); 8] = [
        ("challengeEntryBox", ui == UiType::Text),
        ("challengeEntryBoxTwo", ui == UiType::Text),
        ("challengeInfoLabel", ui != UiType::Text),
        (
            "challengeSelectInfo",
            matches!(ui, UiType::SingleSelect | UiType::MultiSelect),
        ),
        (
            "submitAuthenticationLabel",
            matches!(
                ui,
                UiType::Text | UiType::SingleSelect | UiType::MultiSelect
            ),
        ),
        ("resendInformationLabel", ui == UiType::Text),
        ("oobContinueLabel", ui == UiType::Oob),
        ("infoContinueLabel", ui == UiType::Information),
    ];
    for (field, allowed) in rows {
        if !allowed && fields::has(obj, field) {
            return Err(MessageError::not_here(field));
        }
    }
    if ui != UiType::Oob && fields::has(obj, "oobAppLabel") {
        return Err(MessageError::not_here("oobAppLabel"));
    }
    Ok(())
}

fn read_html<'a>(
    obj: Members<'a, '_>,
    field: &'static str,
) -> Result<Option<HtmlContent<'a>>, MessageError> {
    let Some(s) = fields::opt_str(obj, field, 1, MAX_ACS_HTML)? else {
        return Ok(None);
    };
    let plain = s.as_plain().ok_or_else(|| MessageError::format(field))?;
    if !is_base64url(plain) {
        return Err(MessageError::format(field));
    }
    Ok(Some(HtmlContent::new(plain)))
}

fn read_texts<'a>(
    obj: Members<'a, '_>,
    version: MessageVersion,
    ui: UiType,
) -> Result<ScreenTexts<'a>, MessageError> {
    let v23 = version.is_2_3();
    let s = |f, max| fields::opt_str(obj, f, 1, max);
    let req = |f, max, required: bool| -> Result<Option<JsonStr<'a>>, MessageError> {
        let got = fields::opt_str(obj, f, 1, max)?;
        if required && got.is_none() {
            return Err(MessageError::missing(f));
        }
        Ok(got)
    };
    let select = matches!(ui, UiType::SingleSelect | UiType::MultiSelect);
    let texts = ScreenTexts {
        header: req("challengeInfoHeader", 45, v23)?,
        info_label: req("challengeInfoLabel", 45, v23 && select)?,
        info_text: req("challengeInfoText", 350, v23)?,
        info_text_indicator: fields::opt_yn(obj, "challengeInfoTextIndicator", true)?
            .unwrap_or(false),
        issuer_image: read_image(obj, "issuerImage", version)?,
        ps_image: read_image(obj, "psImage", version)?,
        why_label: s("whyInfoLabel", 45)?,
        why_text: s("whyInfoText", 256)?,
        expand_label: s("expandInfoLabel", 45)?,
        expand_text: s("expandInfoText", 256)?,
        add_label: if v23 {
            s("challengeAddLabel", 45)?
        } else {
            None
        },
        trust_list_text: match version {
            MessageVersion::V2_1_0 => None,
            MessageVersion::V2_2_0 => s("whitelistingInfoText", 64)?,
            MessageVersion::V2_3_1 => s("trustListInfoText", 64)?,
        },
        device_binding_text: if v23 {
            s("deviceBindingInfoText", 64)?
        } else {
            None
        },
        toggle_above: if v23 {
            fields::opt_two(obj, "togglePositionInd", super::codes::two_digits, |n| {
                n == 1
            })?
            .is_some()
        } else {
            false
        },
        add_info: if v23 {
            None
        } else {
            s("challengeAddInfo", usize::MAX)?
        },
    };
    Ok(texts)
}

fn read_image<'a>(
    obj: Members<'a, '_>,
    field: &'static str,
    version: MessageVersion,
) -> Result<Option<screen::Image<'a>>, MessageError> {
    let paths = match (field, version.is_2_3()) {
        ("issuerImage", true) => [
            "issuerImage.default",
            "issuerImage.dark",
            "issuerImage.monochrome",
        ],
        ("issuerImage", false) => [
            "issuerImage.medium",
            "issuerImage.high",
            "issuerImage.extraHigh",
        ],
        (_, true) => ["psImage.default", "psImage.dark", "psImage.monochrome"],
        (_, false) => ["psImage.medium", "psImage.high", "psImage.extraHigh"],
    };
    screen::read_image(obj, field, paths, version)
}
