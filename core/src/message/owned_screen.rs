//! The challenge screen of a CRes, owned: what the reference's read-only UI
//! properties show (`acshtml`, `challenge_info_text`, the entry boxes, …)
//! after the exchange's buffers are reused. [`challenge_ui`] copies a
//! [`ChallengeScreen`] the transaction read into a [`ChallengeUi`].

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::{ChallengeScreen, EntryBox as WireEntryBox, HtmlContent, Image, ScreenTexts, UiType};
use crate::json::text_or_empty as text;

/// One challenge entry box's presentation (2.3.1 `challengeEntryBox…`
/// fields): the message layer's entry box, owning its label (no entry box:
/// the default, empty label and every field unset).
pub type EntryBox = super::EntryBoxOf<String>;

/// One option of a single/multi-select challenge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelectInfo {
    /// The option's key (`challengeSelectInfo` name).
    pub name: String,
    /// The option's text.
    pub value: String,
}

/// Everything a CRes tells the SDK to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChallengeUi {
    /// `acsHTML`, decoded.
    pub acshtml: String,
    /// `acsHTMLRefresh`, decoded.
    pub acshtml_refresh: String,
    /// `acsUiType` as a number (1 text … 7 information; 0 unset).
    pub acsui_type: u8,
    /// `challengeAddInfo`.
    pub challenge_additional_information: String,
    /// `challengeAddLabel` (2.3.1).
    pub challenge_additional_label: String,
    /// The first entry box.
    pub entry_box: EntryBox,
    /// The second entry box (2.3.1).
    pub entry_box_two: EntryBox,
    /// `challengeInfoHeader`.
    pub challenge_info_header: String,
    /// `challengeInfoLabel`.
    pub challenge_info_label: String,
    /// `challengeInfoText`.
    pub challenge_info_text: String,
    /// `challengeSelectInfo`, in order.
    pub challenge_select_info: Vec<SelectInfo>,
    /// `deviceBindingInfoText` (2.3.1).
    pub device_binding_information_text: String,
    /// `challengeInfoTextIndicator`.
    pub enable_challenge_info_text_indicator: bool,
    /// `expandInfoLabel`.
    pub expandable_information_label: String,
    /// `expandInfoText`.
    pub expandable_information_text: String,
    /// `issuerImage` medium, high, extra-high URLs.
    pub issuer_image: [String; 3],
    /// `oobAppLabel`.
    pub oob_app_label: String,
    /// `oobAppURL`.
    pub oob_app_url: String,
    /// `oobContinueLabel`.
    pub oob_continue_label: String,
    /// `psImage` medium, high, extra-high URLs.
    pub payment_system_image: [String; 3],
    /// `resendInformationLabel`.
    pub resend_information_label: String,
    /// `submitAuthenticationLabel`.
    pub submit_authentication_label: String,
    /// `trustListToggle…`/device-binding prompt position (0 unset).
    pub toggle_position_indicator: u8,
    /// `whitelistingInfoText` (2.2.0: trust list).
    pub whitelisting_information_text: String,
    /// `whyInfoLabel`.
    pub why_information_label: String,
    /// `whyInfoText`.
    pub why_information_text: String,
}

/// The three URLs of an image, in the reference's order (medium/high/extra-high,
/// or default/dark/monochrome).
fn image_urls(image: Option<Image<'_>>) -> [String; 3] {
    match image {
        Some(Image::Density {
            medium,
            high,
            extra_high,
        }) => [text(medium), text(high), text(extra_high)],
        Some(Image::Themed {
            default,
            dark,
            monochrome,
        }) => [text(Some(default)), text(dark), text(monochrome)],
        None => Default::default(),
    }
}

fn html(content: HtmlContent<'_>) -> String {
    let mut buf = vec![0u8; content.decoded_len_max()];
    content
        .decode_into(&mut buf)
        .map(String::from)
        .unwrap_or_default()
}

fn entry_box(b: Option<WireEntryBox<'_>>) -> EntryBox {
    b.map(|b| EntryBox {
        label: text(Some(b.label)),
        keyboard_type: b.keyboard_type,
        autofill: b.autofill,
        autofill_type: b.autofill_type,
        length_max: b.length_max,
        masking: b.masking,
        toggle: b.toggle,
    })
    .unwrap_or_default()
}

fn apply_texts(ui: &mut ChallengeUi, t: &ScreenTexts<'_>) {
    ui.challenge_info_header = text(t.header);
    ui.challenge_info_label = text(t.info_label);
    ui.challenge_info_text = text(t.info_text);
    ui.enable_challenge_info_text_indicator = t.info_text_indicator;
    ui.issuer_image = image_urls(t.issuer_image);
    ui.payment_system_image = image_urls(t.ps_image);
    ui.why_information_label = text(t.why_label);
    ui.why_information_text = text(t.why_text);
    ui.expandable_information_label = text(t.expand_label);
    ui.expandable_information_text = text(t.expand_text);
    ui.challenge_additional_label = text(t.add_label);
    ui.challenge_additional_information = text(t.add_info);
    ui.whitelisting_information_text = text(t.trust_list_text);
    ui.device_binding_information_text = text(t.device_binding_text);
    ui.toggle_position_indicator = if t.toggle_above { 1 } else { 2 };
}

/// The owned screen of one CRes: `screen` as the transaction read it, its
/// texts copied, its HTML decoded.
pub fn challenge_ui(ui_type: UiType, screen: &ChallengeScreen<'_>) -> ChallengeUi {
    let mut ui = ChallengeUi {
        acsui_type: ui_type.code(),
        ..ChallengeUi::default()
    };
    match screen {
        ChallengeScreen::Text {
            texts,
            entry_box: first,
            entry_box_two,
            submit_label,
            resend_label,
        } => {
            apply_texts(&mut ui, texts);
            ui.entry_box = entry_box(*first);
            ui.entry_box_two = entry_box(*entry_box_two);
            ui.submit_authentication_label = text(Some(*submit_label));
            ui.resend_information_label = text(*resend_label);
        }
        ChallengeScreen::SingleSelect {
            texts,
            options,
            submit_label,
        }
        | ChallengeScreen::MultiSelect {
            texts,
            options,
            submit_label,
        } => {
            apply_texts(&mut ui, texts);
            ui.challenge_select_info = options
                .iter()
                .map(|(name, value)| SelectInfo {
                    name: name.chars().collect(),
                    value: value.chars().collect(),
                })
                .collect::<Vec<_>>();
            ui.submit_authentication_label = text(Some(*submit_label));
        }
        ChallengeScreen::Oob {
            texts,
            continue_label,
            app_url,
            app_label,
        } => {
            apply_texts(&mut ui, texts);
            ui.oob_continue_label = text(*continue_label);
            ui.oob_app_url = text(*app_url);
            ui.oob_app_label = text(*app_label);
        }
        ChallengeScreen::Html { html: h, refresh } => {
            ui.acshtml = html(*h);
            ui.acshtml_refresh = refresh.map(html).unwrap_or_default();
        }
        ChallengeScreen::HtmlOob { html: h, app_url } => {
            ui.acshtml = html(*h);
            ui.oob_app_url = text(*app_url);
        }
        ChallengeScreen::Information {
            texts,
            continue_label,
        } => {
            apply_texts(&mut ui, texts);
            // The reference has no dedicated property for infoContinueLabel;
            // it is the screen's submit button.
            ui.submit_authentication_label = text(Some(*continue_label));
        }
    }
    ui
}
