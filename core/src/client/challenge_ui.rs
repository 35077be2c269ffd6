//! The challenge screen as the last CRes described it (the reference's read-only UI properties).
//!
//! The facade fills a [`ChallengeUi`] from each CRes screen the transaction
//! read and stores it in the properties; the application reads it through
//! the properties' getters.

use alloc::string::String;
use alloc::vec::Vec;

/// One challenge entry box's presentation (2.3.1 `challengeEntryBox…`
/// fields): the message layer's entry box, owning its label (no entry box:
/// the default, empty label and every field unset).
pub type EntryBox = crate::message::EntryBoxOf<String>;

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
