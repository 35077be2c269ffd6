//! The CRes update surface of [`Properties`] (crate-private) and resets.

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use alloc::format;
    use alloc::vec;

    use super::super::challenge_ui::{ChallengeUi, EntryBox, SelectInfo};
    use super::super::properties::Properties;

    #[test]
    fn challenge_screen_reaches_the_getters() {
        let mut p = Properties::default();
        let ui = ChallengeUi {
            acsui_type: 2,
            challenge_info_header: "Verify".into(),
            challenge_info_text: "Pick a number".into(),
            challenge_select_info: vec![
                SelectInfo {
                    name: "phone".into(),
                    value: "**** 1234".into(),
                },
                SelectInfo {
                    name: "email".into(),
                    value: "a***@x".into(),
                },
            ],
            entry_box: EntryBox {
                label: "OTP".into(),
                length_max: 8,
                masking: Some(true),
                keyboard_type: Some(1),
                ..Default::default()
            },
            issuer_image: ["m".into(), "h".into(), "x".into()],
            payment_system_image: ["pm".into(), "ph".into(), "px".into()],
            why_information_text: "why".into(),
            ..Default::default()
        };
        p.update_challenge_ui(ui.clone());
        assert_eq!(p.challenge_ui(), &ui);
        assert_eq!(p.acsui_type(), 2);
        assert_eq!(p.challenge_info_header(), "Verify");
        assert_eq!(p.challenge_info_text(), "Pick a number");
        assert_eq!(p.challenge_select_info_count(), 2);
        assert_eq!(p.challenge_select_info_name(1).unwrap(), "email");
        assert_eq!(p.challenge_select_info_value(0).unwrap(), "**** 1234");
        assert_eq!(p.challenge_entry_box_label(), "OTP");
        assert_eq!(p.challenge_entry_box_length_max(), 8);
        assert!(p.challenge_entry_box_masking());
        assert_eq!(p.challenge_entry_box_keyboard_type(), 1);
        assert_eq!(p.challenge_entry_box_two_label(), "");
        assert_eq!(
            (p.issuer_image1(), p.issuer_image2(), p.issuer_image3()),
            ("m", "h", "x")
        );
        assert_eq!(p.issuer_image(2).unwrap(), "h");
        assert_eq!(p.payment_system_image3(), "px");
        assert_eq!(p.why_information_text(), "why");
    }

    #[test]
    fn entries_stay_out_of_debug_and_resets_keep_configuration() {
        let mut p = Properties::default();
        p.set_challenge_data_entry("246810");
        p.set_challenge_data_entry_two("135791");
        assert!(!format!("{p:?}").contains("246810"));
        assert!(!format!("{p:?}").contains("135791"));
        p.add_device_param("C001", "Android", 2, 1).unwrap();
        p.set_directory_server_id("A000000003");
        p.set_sdk_app_id("8a880dc0-d2d2-4067-bcb1-b08d1690b26e")
            .unwrap();
        p.set_sdk_transaction_id("b2385523-a66c-4907-ac3c-91848e8c0067")
            .unwrap();
        p.set_message_version("2.2.0").unwrap();
        p.set_timeout(60);
        p.update_challenge_ui(ChallengeUi {
            challenge_info_text: "t".into(),
            ..Default::default()
        });
        p.update_error_packet("{}");
        p.update_data_packet_out("abc");

        p.reset_transaction_info();
        assert_eq!(p.challenge_data_entry(), "");
        assert_eq!(p.challenge_data_entry_two(), "");
        assert_eq!(p.challenge_info_text(), "");
        assert_eq!(p.sdk_transaction_id(), "");
        assert_eq!(p.error_packet(), "");
        assert_eq!(p.data_packet_out(), "");
        assert_eq!(p.device_param_count(), 1);
        assert_eq!(p.directory_server_id(), "A000000003");
        assert_eq!(p.sdk_app_id(), "8a880dc0-d2d2-4067-bcb1-b08d1690b26e");
        assert_eq!(p.message_version(), "2.2.0");
        assert_eq!(p.timeout(), 60);

        p.set_challenge_data_entry("1");
        p.clear_challenge_entries();
        assert_eq!(p.challenge_data_entry(), "");
        p.reset();
        assert_eq!(p.device_param_count(), 0);
        assert_eq!(p.timeout(), 30);
        assert_eq!(p.directory_server_id(), "");
    }
}
