//! What the last screen allowed, so that the next CReq is checked against it.

use crate::message::{
    ChallengeAnswer, ChallengeCancel, ChallengeScreen, Interface, MessageVersion, OobAppStatus,
    OutgoingExtensions, RequestField, UiType,
};

/// What the AReq offered in `deviceRenderOptions`: the ARes
/// `acsRenderingType` and every CRes `acsUiType` must stay within it (203).
/// Two bytes, kept with the transaction and in its export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RenderOffer {
    /// `sdkInterface` code: 1 native, 2 HTML, 3 both.
    interface: u8,
    /// Bit `n` set when UI type `n` (1–7) was offered.
    ui_types: u8,
}

impl RenderOffer {
    /// Everything offered: for a transaction resumed from parts that do
    /// not say what its AReq offered.
    pub(crate) const ANY: Self = Self {
        interface: 3,
        ui_types: 0xFE,
    };

    pub(crate) fn new(interface: Interface, ui_types: &[UiType]) -> Self {
        let bit = |t: &UiType| 1u8.checked_shl(u32::from(t.code())).unwrap_or(0);
        Self {
            interface: interface.code(),
            ui_types: ui_types.iter().map(bit).fold(0, |a, b| a | b),
        }
    }

    /// True when the AReq offered UI type `t`.
    pub(crate) fn offers_ui(self, t: UiType) -> bool {
        let bit = 1u8.checked_shl(u32::from(t.code())).unwrap_or(0);
        (1..=7).contains(&t.code()) && self.ui_types & bit != 0
    }

    /// True when the AReq offered interface `i` (native or HTML).
    pub(crate) fn offers_interface(self, i: Interface) -> bool {
        matches!(i.code(), 1 | 2) && self.interface & i.code() != 0
    }

    pub(crate) fn to_bytes(self) -> [u8; 2] {
        [self.interface, self.ui_types]
    }

    /// `None` unless the bytes are an offer [`to_bytes`](Self::to_bytes) writes.
    pub(crate) fn from_bytes([interface, ui_types]: [u8; 2]) -> Option<Self> {
        ((1..=3).contains(&interface) && ui_types & 1 == 0 && ui_types != 0).then_some(Self {
            interface,
            ui_types,
        })
    }
}

/// The input of one CReq: the cardholder's answer and the consent toggles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChallengeInput<'a> {
    /// What the cardholder did ([`ChallengeAnswer::Initial`] for the first CReq).
    pub answer: ChallengeAnswer<'a>,
    /// The trust-list toggle (`trustListDataEntry`; `whitelistingDataEntry`
    /// in 2.2.0). Sent whenever the last screen had the text; `None` means
    /// the cardholder left the default, sent as `N`.
    pub trust_list: Option<bool>,
    /// The device-binding toggle (`deviceBindingDataEntry`, 2.3.1), same rule.
    pub device_binding: Option<bool>,
    /// `oobAppStatus` (2.3.1): whether opening the OOB app URL worked.
    pub oob_app_status: Option<OobAppStatus>,
    /// `messageExtension` of this CReq.
    pub extensions: OutgoingExtensions<'a>,
    /// Extra members (the reference's `add_request_field`).
    pub extra_fields: &'a [RequestField<'a>],
}

impl<'a> ChallengeInput<'a> {
    /// An input with the given answer and untouched toggles.
    pub const fn new(answer: ChallengeAnswer<'a>) -> Self {
        Self {
            answer,
            trust_list: None,
            device_binding: None,
            oob_app_status: None,
            extensions: OutgoingExtensions::None,
            extra_fields: &[],
        }
    }
}

impl<'a> From<ChallengeAnswer<'a>> for ChallengeInput<'a> {
    fn from(answer: ChallengeAnswer<'a>) -> Self {
        Self::new(answer)
    }
}

/// The parts of the last challenge screen that decide what the next CReq may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenConstraints {
    /// `acsUiType` of the screen.
    pub ui_type: UiType,
    /// The screen had `challengeEntryBoxTwo` (UI 01, 2.3.1).
    pub entry_box_two: bool,
    /// The screen had `trustListInfoText` (`whitelistingInfoText` in 2.2.0).
    pub trust_list_text: bool,
    /// The screen had `deviceBindingInfoText` (2.3.1).
    pub device_binding_text: bool,
    /// The screen had `challengeAddLabel` (2.3.1).
    pub add_label: bool,
}

impl ScreenConstraints {
    /// A screen of `ui_type` with no optional parts.
    pub const fn plain(ui_type: UiType) -> Self {
        Self {
            ui_type,
            entry_box_two: false,
            trust_list_text: false,
            device_binding_text: false,
            add_label: false,
        }
    }

    /// What `screen` (of type `ui_type`) allows next.
    pub fn of(ui_type: UiType, screen: &ChallengeScreen<'_>) -> Self {
        let mut c = Self::plain(ui_type);
        let texts = match screen {
            ChallengeScreen::Text {
                texts,
                entry_box_two,
                ..
            } => {
                c.entry_box_two = entry_box_two.is_some();
                Some(texts)
            }
            ChallengeScreen::SingleSelect { texts, .. }
            | ChallengeScreen::MultiSelect { texts, .. }
            | ChallengeScreen::Oob { texts, .. }
            | ChallengeScreen::Information { texts, .. } => Some(texts),
            ChallengeScreen::Html { .. } | ChallengeScreen::HtmlOob { .. } => None,
        };
        if let Some(t) = texts {
            c.trust_list_text = t.trust_list_text.is_some();
            c.device_binding_text = t.device_binding_text.is_some();
            c.add_label = t.add_label.is_some();
        }
        c
    }
}

/// Why a [`ChallengeInput`] does not fit the last screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputRejected {
    /// [`ChallengeAnswer::Initial`] after a screen, or an answer before any screen.
    NoScreenYet,
    /// The answer is not offered by the screen's UI type or by this version.
    AnswerNotAllowed,
    /// A second entry without a second entry box.
    NoSecondEntryBox,
    /// A trust-list or device-binding answer the screen did not ask for,
    /// or one next to a cancellation.
    ConsentNotAsked,
    /// The cancellation code is not one the SDK sends in this version
    /// (`01`, or `08` from 2.2.0 on).
    CancelCodeNotAllowed,
}

impl core::fmt::Display for InputRejected {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::NoScreenYet => "the answer does not fit the challenge's progress",
            Self::AnswerNotAllowed => "the last screen does not offer this answer",
            Self::NoSecondEntryBox => "the last screen had no second entry box",
            Self::ConsentNotAsked => "the last screen did not ask for this consent",
            Self::CancelCodeNotAllowed => "the SDK does not send this challengeCancel code",
        })
    }
}

/// Checks `input` against the last screen (`None` before the first CRes).
///
/// Lengths and per-version member rules are checked by the CReq builder.
pub(crate) fn check_input(
    screen: Option<&ScreenConstraints>,
    version: MessageVersion,
    input: &ChallengeInput<'_>,
) -> Result<(), InputRejected> {
    if let ChallengeAnswer::Cancel(code) = input.answer {
        let sdk_code = matches!(
            code,
            ChallengeCancel::CardholderCancel | ChallengeCancel::TimedOutSdk
        );
        if !sdk_code || !code.valid_in(version) {
            return Err(InputRejected::CancelCodeNotAllowed);
        }
    }
    let cancelling = matches!(input.answer, ChallengeAnswer::Cancel(_));
    let Some(screen) = screen else {
        if input.trust_list.is_some() || input.device_binding.is_some() {
            return Err(InputRejected::ConsentNotAsked);
        }
        return match input.answer {
            ChallengeAnswer::Initial | ChallengeAnswer::Cancel(_) => Ok(()),
            _ => Err(InputRejected::NoScreenYet),
        };
    };
    if (input.trust_list.is_some() && (!screen.trust_list_text || cancelling))
        || (input.device_binding.is_some() && (!screen.device_binding_text || cancelling))
    {
        return Err(InputRejected::ConsentNotAsked);
    }
    let ui = screen.ui_type;
    let allowed = match input.answer {
        ChallengeAnswer::Initial => return Err(InputRejected::NoScreenYet),
        ChallengeAnswer::Text { second, .. } => {
            if second.is_some() && !screen.entry_box_two {
                return Err(InputRejected::NoSecondEntryBox);
            }
            ui == UiType::Text
        }
        ChallengeAnswer::SingleSelect(_) => ui == UiType::SingleSelect,
        ChallengeAnswer::MultiSelect(_) => ui == UiType::MultiSelect,
        ChallengeAnswer::NoEntry => {
            matches!(
                ui,
                UiType::Text | UiType::SingleSelect | UiType::MultiSelect
            )
        }
        ChallengeAnswer::Resend => ui == UiType::Text,
        ChallengeAnswer::AddCode => screen.add_label,
        ChallengeAnswer::OobContinue(_) => matches!(ui, UiType::Oob | UiType::HtmlOob),
        ChallengeAnswer::Html(_) => matches!(ui, UiType::Html | UiType::HtmlOob),
        ChallengeAnswer::InfoContinue => ui == UiType::Information,
        ChallengeAnswer::Cancel(_) => true,
    };
    if allowed {
        Ok(())
    } else {
        Err(InputRejected::AnswerNotAllowed)
    }
}
