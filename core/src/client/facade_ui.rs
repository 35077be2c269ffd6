//! Turns a typed challenge screen into the reference's challenge UI properties.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::challenge_ui::{ChallengeUi, EntryBox as UiEntryBox, SelectInfo};
use crate::json::JsonStr;
use crate::message::{ChallengeScreen, EntryBox, HtmlContent, Image, ScreenTexts, UiType};

fn text(s: Option<JsonStr<'_>>) -> String {
    s.map(|s| s.chars().collect()).unwrap_or_default()
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

fn entry_box(b: Option<EntryBox<'_>>) -> UiEntryBox {
    b.map(|b| UiEntryBox {
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

/// The challenge UI properties for one CRes screen.
pub(crate) fn challenge_ui(ui_type: UiType, screen: &ChallengeScreen<'_>) -> ChallengeUi {
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
