//! Properties: defaults, validation, indexes, resets. What messages fill
//! (the screen, packets, status) is checked end to end against what the
//! simulator sent: `e2e_std_screen`, `e2e_facade`.

use threeds_core::client::error::ErrorCode;
use threeds_core::client::properties::{MAX_EXTENSIONS, Properties, PropertyError};

#[test]
fn defaults_are_the_references() {
    let p = Properties::default();
    assert_eq!(p.timeout(), 30);
    assert_eq!(p.message_version(), "2.1.0");
    assert_eq!(p.oob_app_url_indicator(), 1);
    assert_eq!(p.oob_app_status(), 0);
    assert_eq!(p.oob_continuation_indicator(), 0);
    assert_eq!(p.acsui_type(), 0);
    assert_eq!(p.challenge_data_entry(), "");
    assert_eq!(p.device_param_count(), 0);
    assert_eq!(p.extension_count(), 0);
    assert_eq!(p.challenge_select_info_count(), 0);
    assert_eq!(p.issuer_image1(), "");
    assert!(!p.use_additional_challenge());
    assert!(!p.whitelisting_data_entry());
}

#[test]
fn device_params_follow_the_reference_examples() {
    let mut p = Properties::default();
    p.add_device_param("", "1.1", 2, 0).unwrap();
    p.add_device_param("C001", "Android", 2, 1).unwrap();
    p.add_device_param("C010", "RE01", 2, 2).unwrap();
    p.add_device_param("SW01", "", 2, 3).unwrap();
    p.add_device_param(
        "A040",
        r#"["firstDevice", "secondDevice", "thirdDevice"]"#,
        1,
        1,
    )
    .unwrap();
    assert_eq!(p.device_param_count(), 5);
    assert_eq!(p.device_param_field_name(1).unwrap(), "C001");
    assert_eq!(p.device_param_value(2).unwrap(), "RE01");
    assert_eq!(p.device_param_category(3).unwrap(), 3);
    assert_eq!(p.device_param_value_type(4).unwrap(), 1);

    for (vt, cat, value) in [
        (0, 1, "x"),
        (3, 1, "x"),
        (2, 4, "x"),
        (1, 1, "x"),
        (1, 1, "[1]"),
        (1, 1, "{}"),
    ] {
        let err = p.add_device_param("C002", value, vt, cat).unwrap_err();
        assert!(
            matches!(err, PropertyError::InvalidValue { .. }),
            "{vt}/{cat}/{value}"
        );
        assert_eq!(err.error_code(), ErrorCode::InvalidOperation);
    }
    assert_eq!(p.device_param_count(), 5);

    // Array-typed values stay JSON arrays of strings.
    assert!(p.set_device_param_value(4, "not json").is_err());
    assert!(
        p.set_device_param_value_type(1, 1).is_err(),
        "'Android' is not an array"
    );
    p.set_device_param_value(1, "iOS").unwrap();
    p.set_device_param_field_name(1, "C003").unwrap();
    p.set_device_param_category(1, 2).unwrap();
    assert_eq!(p.device_param_value(1).unwrap(), "iOS");
    assert_eq!(p.device_param_field_name(1).unwrap(), "C003");

    // The count setter truncates and extends with defaults (value type 2).
    p.set_device_param_count(7);
    assert_eq!(p.device_param_value_type(6).unwrap(), 2);
    assert_eq!(p.device_param_category(6).unwrap(), 0);
    p.set_device_param_count(2);
    assert_eq!(p.device_param_count(), 2);
}

#[test]
fn every_indexed_access_past_the_end_is_606() {
    let mut p = Properties::default();
    p.add_extension("ID1", "n", false, "{}").unwrap();
    let i = 5;
    let errors = [
        p.device_param_category(0).err(),
        p.device_param_field_name(0).err(),
        p.device_param_value(0).err(),
        p.device_param_value_type(0).err(),
        p.extension_critical(i).err(),
        p.extension_data(i).err(),
        p.extension_id(i).err(),
        p.extension_name(i).err(),
        p.challenge_select_info_name(0).err(),
        p.challenge_select_info_value(0).err(),
        p.issuer_image(0).err(),
        p.issuer_image(4).err(),
        p.set_device_param_value(0, "x").err(),
        p.set_device_param_field_name(0, "x").err(),
        p.set_device_param_category(0, 1).err(),
        p.set_device_param_value_type(0, 2).err(),
        p.set_extension_id(i, "x").err(),
        p.set_extension_name(i, "x").err(),
        p.set_extension_critical(i, true).err(),
        p.set_extension_data(i, "{}").err(),
    ];
    for (n, e) in errors.into_iter().enumerate() {
        assert_eq!(e, Some(PropertyError::InvalidIndex), "access {n}");
    }
    assert_eq!(PropertyError::InvalidIndex.error_code().code(), 606);
}

#[test]
fn extensions_are_bounded_and_json() {
    let mut p = Properties::default();
    for i in 0..MAX_EXTENSIONS {
        p.add_extension(&format!("ID{i}"), "name", i % 2 == 0, r#"{"k":1}"#)
            .unwrap();
    }
    // 15: the most any version allows (2.3.1).
    assert_eq!(MAX_EXTENSIONS, 15);
    assert_eq!(
        p.add_extension("ID15", "n", false, "{}"),
        Err(PropertyError::TooMany)
    );
    assert_eq!(p.set_extension_count(16), Err(PropertyError::TooMany));
    assert!(p.extension_critical(0).unwrap());
    assert_eq!(p.extension_data(3).unwrap(), r#"{"k":1}"#);
    assert!(p.set_extension_data(0, "{oops").is_err());
    p.set_extension_count(1).unwrap();
    assert!(p.add_extension("X", "n", false, "[").is_err());
    assert_eq!(p.extension_count(), 1);
}

#[test]
fn validated_setters() {
    let mut p = Properties::default();
    p.set_sdk_app_id("8a880dc0-d2d2-4067-bcb1-b08d1690b26e")
        .unwrap();
    assert!(
        p.set_sdk_app_id("8a880dc0d2d24067bcb1b08d1690b26e")
            .is_err()
    );
    assert!(p.set_sdk_transaction_id("not-a-uuid").is_err());
    p.set_sdk_app_id("").unwrap();
    for v in ["2.1.0", "2.2.0", "2.3.1"] {
        p.set_message_version(v).unwrap();
        assert_eq!(p.message_version(), v);
    }
    assert!(p.set_message_version("2.0.1").is_err());
    for v in 1..=3 {
        p.set_oob_app_url_indicator(v).unwrap();
    }
    assert!(p.set_oob_app_url_indicator(0).is_err());
    assert!(p.set_oob_app_url_indicator(4).is_err());
    for v in ["", "01", "07"] {
        p.set_challenge_cancellation_indicator(v).unwrap();
    }
    for v in ["1", "08", "00", "x"] {
        assert!(p.set_challenge_cancellation_indicator(v).is_err(), "{v}");
    }
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
    p.set_use_additional_challenge(true);

    p.reset_transaction_info();
    assert_eq!(p.challenge_data_entry(), "");
    assert_eq!(p.challenge_data_entry_two(), "");
    assert_eq!(p.sdk_transaction_id(), "");
    assert!(!p.use_additional_challenge());
    assert_eq!(p.device_param_count(), 1);
    assert_eq!(p.directory_server_id(), "A000000003");
    assert_eq!(p.sdk_app_id(), "8a880dc0-d2d2-4067-bcb1-b08d1690b26e");
    assert_eq!(p.message_version(), "2.2.0");
    assert_eq!(p.timeout(), 60);

    p.reset();
    assert_eq!(p.device_param_count(), 0);
    assert_eq!(p.timeout(), 30);
    assert_eq!(p.directory_server_id(), "");
}
