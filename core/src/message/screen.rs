//! Typed challenge screens: what an app renders for each ACS UI type,
//! borrowed from the CRes, without touching JSON.

use super::codes::{ErrorCode, two_digits};
use super::error::{MessageError, Problem};
use super::fields::{self, Members};
use super::html::HtmlContent;
use super::version::MessageVersion;
use crate::json::{Array, JsonStr};

/// Maximum serialised length of a 2.3.1 image object.
pub const MAX_IMAGE_OBJECT: usize = 6144;
/// Maximum length of one image URL.
pub const MAX_IMAGE_URL: usize = 2048;
/// Maximum number of `challengeSelectInfo` options (2.3.1).
pub const MAX_SELECT_OPTIONS: usize = 8;
/// Maximum number of `challengeSelectInfo` options read in 2.1.0 and 2.2.0,
/// which state no limit: a select list longer than this is refused (203)
/// before any option is read.
pub const MAX_SELECT_OPTIONS_LEGACY: usize = 64;

/// An image object (`issuerImage`, `psImage`), in either protocol shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Image<'a> {
    /// 2.1.0/2.2.0: one URL per screen density.
    Density {
        /// `medium`
        medium: Option<JsonStr<'a>>,
        /// `high`
        high: Option<JsonStr<'a>>,
        /// `extraHigh`
        extra_high: Option<JsonStr<'a>>,
    },
    /// 2.3.1: one URL per display theme; `default` is mandatory.
    Themed {
        /// `default`
        default: JsonStr<'a>,
        /// `dark`
        dark: Option<JsonStr<'a>>,
        /// `monochrome`
        monochrome: Option<JsonStr<'a>>,
    },
}

/// A 2.3.1 `challengeEntryBox` / `challengeEntryBoxTwo`, as received
/// ([`EntryBox`], borrowing the message) or as kept by an owner of the
/// label text (the facade's challenge screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EntryBoxOf<S> {
    /// `challengeDataEntryLabel`.
    pub label: S,
    /// `challengeDataEntryKeyboardType`: 1 numeric, 2 alphanumeric.
    pub keyboard_type: Option<u8>,
    /// `challengeDataEntryAutofill` = `Y`.
    pub autofill: bool,
    /// `challengeDataEntryAutofillType`: 1 SMS OTP, 2 password.
    pub autofill_type: Option<u8>,
    /// `challengeDataEntryLengthMax` (1–45, default 45).
    pub length_max: u8,
    /// `challengeDataEntryMasking`.
    pub masking: Option<bool>,
    /// `challengeDataEntryToggle`.
    pub toggle: Option<bool>,
}

/// A received entry box, borrowing the message.
pub type EntryBox<'a> = EntryBoxOf<JsonStr<'a>>;

/// `challengeSelectInfo`: the options of a select screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelectOptions<'a> {
    array: Array<'a>,
}

impl<'a> SelectOptions<'a> {
    /// `(key, label)` pairs in received order; the CReq answers with keys.
    pub fn iter(&self) -> impl Iterator<Item = (JsonStr<'a>, JsonStr<'a>)> + 'a {
        self.array.iter().filter_map(|v| {
            let (k, v) = v.as_object()?.iter().next()?;
            Some((k, v.as_str()?))
        })
    }
    /// Number of options.
    pub fn len(&self) -> usize {
        self.array.len()
    }
    /// True when there is no option (never for a validated CRes).
    pub fn is_empty(&self) -> bool {
        self.array.is_empty()
    }
}

/// The texts every native screen may carry (Table A.20's optional rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScreenTexts<'a> {
    /// `challengeInfoHeader`.
    pub header: Option<JsonStr<'a>>,
    /// `challengeInfoLabel`.
    pub info_label: Option<JsonStr<'a>>,
    /// `challengeInfoText` (`\n` line breaks; `**bold**` in 2.3.1).
    pub info_text: Option<JsonStr<'a>>,
    /// `challengeInfoTextIndicator` = `Y`: show the warning icon.
    pub info_text_indicator: bool,
    /// `issuerImage`.
    pub issuer_image: Option<Image<'a>>,
    /// `psImage`.
    pub ps_image: Option<Image<'a>>,
    /// `whyInfoLabel`.
    pub why_label: Option<JsonStr<'a>>,
    /// `whyInfoText`.
    pub why_text: Option<JsonStr<'a>>,
    /// `expandInfoLabel`.
    pub expand_label: Option<JsonStr<'a>>,
    /// `expandInfoText`.
    pub expand_text: Option<JsonStr<'a>>,
    /// `challengeAddLabel` (2.3.1): the extra-choice button.
    pub add_label: Option<JsonStr<'a>>,
    /// `whitelistingInfoText` (2.2.0) / `trustListInfoText` (2.3.1); answer
    /// with `trust_list_data_entry`.
    pub trust_list_text: Option<JsonStr<'a>>,
    /// `deviceBindingInfoText` (2.3.1); answer with `device_binding_data_entry`.
    pub device_binding_text: Option<JsonStr<'a>>,
    /// `togglePositionInd` = `01`: consent toggles above the buttons.
    pub toggle_above: bool,
    /// `challengeAddInfo` (accepted up to 2.2.0 only, never required).
    pub add_info: Option<JsonStr<'a>>,
}

/// What to render, one variant per ACS UI type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeScreen<'a> {
    /// 01 Text.
    Text {
        /// Common texts.
        texts: ScreenTexts<'a>,
        /// `challengeEntryBox` (2.3.1; earlier the info label labels one free-text field).
        entry_box: Option<EntryBox<'a>>,
        /// `challengeEntryBoxTwo` (2.3.1).
        entry_box_two: Option<EntryBox<'a>>,
        /// `submitAuthenticationLabel`.
        submit_label: JsonStr<'a>,
        /// `resendInformationLabel`.
        resend_label: Option<JsonStr<'a>>,
    },
    /// 02 Single select.
    SingleSelect {
        /// Common texts.
        texts: ScreenTexts<'a>,
        /// `challengeSelectInfo`.
        options: SelectOptions<'a>,
        /// `submitAuthenticationLabel`.
        submit_label: JsonStr<'a>,
    },
    /// 03 Multi select.
    MultiSelect {
        /// Common texts.
        texts: ScreenTexts<'a>,
        /// `challengeSelectInfo`.
        options: SelectOptions<'a>,
        /// `submitAuthenticationLabel`.
        submit_label: JsonStr<'a>,
    },
    /// 04 Out of band.
    Oob {
        /// Common texts.
        texts: ScreenTexts<'a>,
        /// `oobContinueLabel`.
        continue_label: Option<JsonStr<'a>>,
        /// `oobAppURL` (2.3.1).
        app_url: Option<JsonStr<'a>>,
        /// `oobAppLabel` (2.3.1).
        app_label: Option<JsonStr<'a>>,
    },
    /// 05 HTML.
    Html {
        /// `acsHTML`.
        html: HtmlContent<'a>,
        /// `acsHTMLRefresh` (accepted up to 2.2.0).
        refresh: Option<HtmlContent<'a>>,
    },
    /// 06 HTML out of band (2.3.1).
    HtmlOob {
        /// `acsHTML`.
        html: HtmlContent<'a>,
        /// `oobAppURL`.
        app_url: Option<JsonStr<'a>>,
    },
    /// 07 Information (2.3.1).
    Information {
        /// Common texts.
        texts: ScreenTexts<'a>,
        /// `infoContinueLabel`.
        continue_label: JsonStr<'a>,
    },
}

pub(crate) fn read_image<'a>(
    obj: Members<'a, '_>,
    field: &'static str,
    paths: [&'static str; 3],
    version: MessageVersion,
) -> Result<Option<Image<'a>>, MessageError> {
    let max = if version.is_2_3() {
        MAX_IMAGE_OBJECT
    } else {
        usize::MAX
    };
    let Some(img) = fields::opt_object(obj, field, max)? else {
        return Ok(None);
    };
    let img = Members::from(img);
    let [a, b, c] = paths;
    let url = |p| fields::opt_url(img, p, MAX_IMAGE_URL);
    if version.is_2_3() {
        Ok(Some(Image::Themed {
            default: url(a)?.ok_or_else(|| MessageError::missing(a))?,
            dark: url(b)?,
            monochrome: url(c)?,
        }))
    } else {
        let (medium, high, extra_high) = (url(a)?, url(b)?, url(c)?);
        if medium.is_none() && high.is_none() && extra_high.is_none() {
            return Err(MessageError::format(field));
        }
        Ok(Some(Image::Density {
            medium,
            high,
            extra_high,
        }))
    }
}

pub(crate) fn read_select<'a>(
    obj: Members<'a, '_>,
    version: MessageVersion,
) -> Result<Option<SelectOptions<'a>>, MessageError> {
    const F: &str = "challengeSelectInfo";
    let Some(v) = fields::get(obj, F) else {
        return Ok(None);
    };
    let array = v.as_array().ok_or_else(|| MessageError::format(F))?;
    let max = if version.is_2_3() {
        MAX_SELECT_OPTIONS
    } else {
        MAX_SELECT_OPTIONS_LEGACY
    };
    // Counted without walking past the cap.
    if array.iter().nth(max).is_some() {
        return Err(MessageError::too_long(F));
    }
    let key_max = if version.is_2_3() { 4 } else { 45 };
    // Each option is read once; twins are then looked for among the keys
    // (at most 64 of at most 45 characters).
    let mut keys: heapless::Vec<JsonStr<'a>, MAX_SELECT_OPTIONS_LEGACY> = heapless::Vec::new();
    for item in array.iter() {
        let o = item.as_object().ok_or_else(|| MessageError::format(F))?;
        let mut members = o.iter();
        let (Some((k, val)), None) = (members.next(), members.next()) else {
            return Err(MessageError::format(F));
        };
        let val = val.as_str().ok_or_else(|| MessageError::format(F))?;
        let kn = k.char_count();
        if kn == 0 || val.is_empty() {
            return Err(MessageError::format(F));
        }
        if kn > key_max || val.char_count() > 45 {
            return Err(MessageError::too_long(F));
        }
        if keys.iter().any(|k2| k2.eq_json(&k)) {
            return Err(MessageError::new(
                ErrorCode::DUPLICATE,
                F,
                Problem::DuplicateKey,
            ));
        }
        keys.push(k).map_err(|_| MessageError::too_long(F))?;
    }
    Ok(Some(SelectOptions { array }))
}

pub(crate) fn read_entry_box<'a>(
    obj: Members<'a, '_>,
    field: &'static str,
    p: &EntryBoxPaths,
) -> Result<Option<EntryBox<'a>>, MessageError> {
    let Some(b) = fields::opt_object(obj, field, usize::MAX)? else {
        return Ok(None);
    };
    let b = Members::from(b);
    let one_or_two = |n: u8| n == 1 || n == 2;
    let keyboard_type = fields::opt_two(b, p.keyboard, two_digits, one_or_two)?;
    let autofill = fields::opt_yn(b, p.autofill, false)?.unwrap_or(false);
    let autofill_type = fields::opt_two(b, p.autofill_type, two_digits, one_or_two)?;
    if autofill && autofill_type.is_none() {
        return Err(MessageError::missing(p.autofill_type));
    }
    let length_max =
        fields::opt_two(b, p.length_max, two_digits, |n| (1..=45).contains(&n))?.unwrap_or(45);
    let label = fields::req_str(b, p.label, 1, 45)?;
    let masking = fields::opt_yn(b, p.masking, true)?;
    let toggle = fields::opt_yn(b, p.toggle, true)?;
    if masking == Some(true) && toggle.is_none() {
        return Err(MessageError::missing(p.toggle));
    }
    Ok(Some(EntryBox {
        label,
        keyboard_type,
        autofill,
        autofill_type,
        length_max,
        masking,
        toggle,
    }))
}

/// Field paths of one entry box, for error details.
pub(crate) struct EntryBoxPaths {
    pub keyboard: &'static str,
    pub autofill: &'static str,
    pub autofill_type: &'static str,
    pub length_max: &'static str,
    pub label: &'static str,
    pub masking: &'static str,
    pub toggle: &'static str,
}

pub(crate) const ENTRY_BOX: EntryBoxPaths = EntryBoxPaths {
    keyboard: "challengeEntryBox.challengeDataEntryKeyboardType",
    autofill: "challengeEntryBox.challengeDataEntryAutofill",
    autofill_type: "challengeEntryBox.challengeDataEntryAutofillType",
    length_max: "challengeEntryBox.challengeDataEntryLengthMax",
    label: "challengeEntryBox.challengeDataEntryLabel",
    masking: "challengeEntryBox.challengeDataEntryMasking",
    toggle: "challengeEntryBox.challengeDataEntryToggle",
};

pub(crate) const ENTRY_BOX_TWO: EntryBoxPaths = EntryBoxPaths {
    keyboard: "challengeEntryBoxTwo.challengeDataEntryKeyboardType",
    autofill: "challengeEntryBoxTwo.challengeDataEntryAutofill",
    autofill_type: "challengeEntryBoxTwo.challengeDataEntryAutofillType",
    length_max: "challengeEntryBoxTwo.challengeDataEntryLengthMax",
    label: "challengeEntryBoxTwo.challengeDataEntryLabel",
    masking: "challengeEntryBoxTwo.challengeDataEntryMasking",
    toggle: "challengeEntryBoxTwo.challengeDataEntryToggle",
};
