//! `config("Name=Value")` / `config("Name")`: every setting, every bad value.

use threeds_core::client::config::{
    ConfigError, ConfigValue, NoBackend, Settings, SettingsBackend, parse_bool, parse_name,
};
use threeds_core::client::error::ErrorCode;
use threeds_core::client::events::LogLevel;
use threeds_core::client::properties::Properties;
use threeds_core::client::setting::{Setting, SettingKind};

fn get(s: &Settings, name: &str) -> Result<String, ConfigError> {
    s.get(name, &NoBackend).map(|v| v.to_string())
}

fn set(s: &mut Settings, name: &str, value: &str) -> Result<(), ConfigError> {
    s.set(name, value, &mut NoBackend)
}

#[test]
fn defaults_are_the_references() {
    let s = Settings::default();
    let expect = [
        ("AcceptAnyACSCert", "false"),
        ("DecoupledFallback", "false"),
        ("DeviceRenderingInterface", "03"),
        ("DeviceRenderingUIType", "127"),
        ("LogLevel", "1"),
        ("MaskSensitive", "true"),
        ("OutgoingRawExtensions", ""),
        ("ResendChallengeInfo", ""),
        ("SdkAuthenticationType", ""),
        ("SDKMaxTimeout", "5"),
        ("SDKReferenceNumber", ""),
        ("UseAESGCM", "false"),
        ("XPath", "/json"),
    ];
    for (name, value) in expect {
        assert_eq!(get(&s, name).unwrap(), value, "{name}");
    }
    assert_eq!(s.log_level(), LogLevel::Info);
    assert!(s.mask_sensitive());
    assert_eq!(s.sdk_max_timeout(), 5);
    assert_eq!(s.device_rendering_ui_type_codes().count(), 7);
    // Every stored setting is covered above.
    let stored = Setting::ALL
        .iter()
        .filter(|s| s.kind() == SettingKind::Stored)
        .count();
    assert_eq!(stored, expect.len());
    // And the same values come back from the property alias backend.
    let p = Properties::default();
    assert_eq!(s.get("ProtocolVersion", &p).unwrap().to_string(), "2.1.0");
    assert_eq!(s.get("SdkAppId", &p).unwrap(), ConfigValue::Str(""));
}

#[test]
fn valid_values_round_trip() {
    let cases = [
        ("AcceptAnyACSCert", "true", "true"),
        ("AcceptAnyACSCert", "0", "false"),
        ("AcceptAnyACSCert", "1", "true"),
        ("AcceptAnyACSCert", "FALSE", "false"),
        ("DeviceRenderingInterface", "01", "01"),
        ("DeviceRenderingInterface", "2", "02"),
        ("DeviceRenderingInterface", "03", "03"),
        ("DeviceRenderingUIType", "1", "1"),
        ("DeviceRenderingUIType", "0127", "127"),
        ("DeviceRenderingUIType", "9", "9"),
        ("LogLevel", "0", "0"),
        ("LogLevel", "3", "3"),
        ("MaskSensitive", "false", "false"),
        ("MaskSensitive", "True", "true"),
        (
            "OutgoingRawExtensions",
            r#"[{"id":"A","name":"n","criticalityIndicator":false,"data":{}}]"#,
            r#"[{"id":"A","name":"n","criticalityIndicator":false,"data":{}}]"#,
        ),
        ("OutgoingRawExtensions", "", ""),
        ("ResendChallengeInfo", "Y", "Y"),
        ("ResendChallengeInfo", "N", "N"),
        ("ResendChallengeInfo", "", ""),
        ("SdkAuthenticationType", "01,02,11", "01,02,11"),
        ("SdkAuthenticationType", "", ""),
        ("SDKMaxTimeout", "5", "5"),
        ("SDKMaxTimeout", "30", "30"),
        ("SDKMaxTimeout", "99", "99"),
        (
            "SDKReferenceNumber",
            "3DS_LOA_SDK_ABCD_020100_00001",
            "3DS_LOA_SDK_ABCD_020100_00001",
        ),
        ("UseAESGCM", "true", "true"),
        ("XPath", "/json/a", "/json/a"),
    ];
    for (name, value, back) in cases {
        let mut s = Settings::default();
        set(&mut s, name, value).unwrap_or_else(|e| panic!("{name}={value}: {e}"));
        assert_eq!(get(&s, name).unwrap(), back, "{name}={value}");
    }
}

#[test]
fn typed_accessors_follow_the_strings() {
    let mut s = Settings::default();
    for cmd in [
        "LogLevel=3",
        "MaskSensitive=0",
        "SDKMaxTimeout=10",
        "UseAESGCM=1",
        "AcceptAnyACSCert=true",
        "DeviceRenderingUIType=5",
        "ResendChallengeInfo=Y",
    ] {
        s.config(cmd, &mut NoBackend).unwrap();
    }
    assert_eq!(s.log_level(), LogLevel::Debug);
    assert!(!s.mask_sensitive());
    assert_eq!(s.sdk_max_timeout(), 10);
    assert!(s.use_aes_gcm());
    assert!(s.accept_any_acs_cert());
    assert_eq!(
        s.device_rendering_ui_type_codes().collect::<Vec<_>>(),
        ["01", "03"]
    );
    assert_eq!(s.resend_challenge_info(), Some(true));
}

#[test]
fn every_bad_value_is_a_typed_error() {
    let bad = [
        ("AcceptAnyACSCert", &["", "y", "2", "tru", "-1"][..]),
        (
            "DeviceRenderingInterface",
            &["", "0", "4", "Native", "-1", "1.0"],
        ),
        (
            "DeviceRenderingUIType",
            &["", "0", "128", "255", "256", "x", "-1"],
        ),
        ("LogLevel", &["", "4", "-1", "Info", "1.5", "99999999999"]),
        ("MaskSensitive", &["", "y", "n", "10"]),
        (
            "OutgoingRawExtensions",
            &["{", "{}", "[1]", "[{}", "null", r#"["x"]"#],
        ),
        ("ResendChallengeInfo", &["Yes", "X", "01"]),
        (
            "SdkAuthenticationType",
            &["1", "00", "12", "01,", "01,01", "ab", "01;02", "001"],
        ),
        ("SDKMaxTimeout", &["", "0", "4", "100", "five", "-5", "5.0"]),
        (
            "SDKReferenceNumber",
            &["0123456789012345678901234567890123", "tab\there", "é"],
        ),
        ("UseAESGCM", &["", "GCM", "2"]),
        (
            "XPath",
            &[
                "",
                "/json/",
                "/json//a",
                "/json/a[",
                "/json/a[0x]",
                "/json/[@id='x']",
                "/json/[last()+1]",
            ],
        ),
    ];
    for (name, values) in bad {
        for value in values {
            let mut s = Settings::default();
            let before = s.clone();
            let err = set(&mut s, name, value).expect_err(&format!("{name}={value} accepted"));
            assert!(
                matches!(
                    err,
                    ConfigError::InvalidValue { .. } | ConfigError::XPath(_)
                ),
                "{name}={value}: {err:?}"
            );
            assert_eq!(
                err.error_code(),
                ErrorCode::InvalidOperation,
                "{name}={value}"
            );
            assert!(s == before, "{name}={value} changed the settings");
        }
    }
}

#[test]
fn names_are_case_insensitive_and_trimmed() {
    let mut s = Settings::default();
    s.config("loglevel=2", &mut NoBackend).unwrap();
    assert_eq!(
        s.config("LOGLEVEL", &mut NoBackend).unwrap().to_string(),
        "2"
    );
    s.config(" sdkmaxtimeout =7", &mut NoBackend).unwrap();
    assert_eq!(get(&s, "SdkMaxTimeout").unwrap(), "7");
    assert_eq!(
        parse_name("xchildname[3]").unwrap(),
        (Setting::XChildName, Some(3))
    );
    assert_eq!(
        parse_name("IncomingExtensionId[0]").unwrap(),
        (Setting::IncomingExtensionId, Some(0))
    );
}

#[test]
fn value_keeps_everything_after_the_first_equals() {
    let mut s = Settings::default();
    let mut p = Properties::default();
    let url = "merchantScheme://appName?transID=b2385523-a66c-4907-ac3c-91848e8c0067";
    assert_eq!(
        s.config(&format!("MerchantAppURL={url}"), &mut p).unwrap(),
        ConfigValue::Empty
    );
    assert_eq!(p.requestor_app_url(), url);
    assert_eq!(s.config("MerchantAppURL", &mut p).unwrap().to_string(), url);
}

#[test]
fn name_errors() {
    let mut s = Settings::default();
    let cases: [(&str, ConfigError); 8] = [
        ("NoSuchSetting", ConfigError::UnknownSetting),
        ("", ConfigError::UnknownSetting),
        (
            "IncomingExtensionId",
            ConfigError::MissingIndex(Setting::IncomingExtensionId),
        ),
        ("XChildName", ConfigError::MissingIndex(Setting::XChildName)),
        (
            "LogLevel[0]",
            ConfigError::UnexpectedIndex(Setting::LogLevel),
        ),
        ("XChildName[x]", ConfigError::MalformedName),
        ("XChildName[0", ConfigError::MalformedName),
        ("XChildName[-1]", ConfigError::MalformedName),
    ];
    for (name, want) in cases {
        assert_eq!(s.get(name, &NoBackend).unwrap_err(), want, "get {name}");
        assert_eq!(
            s.set(name, "1", &mut NoBackend).unwrap_err(),
            want,
            "set {name}"
        );
        assert_eq!(want.error_code(), ErrorCode::InvalidOperation);
    }
    assert_eq!(
        parse_name("NoSuch[1]").unwrap_err(),
        ConfigError::UnknownSetting
    );
    assert_eq!(
        ConfigError::IndexOutOfRange(Setting::XChildName).error_code(),
        ErrorCode::InvalidIndex
    );
}

#[test]
fn read_only_and_unsupported_settings() {
    let mut s = Settings::default();
    for setting in Setting::ALL {
        let name = if setting.indexed() {
            format!("{}[0]", setting.name())
        } else {
            setting.name().to_string()
        };
        let set_result = s.set(&name, "1", &mut NoBackend);
        let get_result = s.get(&name, &NoBackend);
        match setting.kind() {
            SettingKind::Transaction { writable: false } | SettingKind::XPathReadout => {
                assert_eq!(set_result, Err(ConfigError::ReadOnly(*setting)), "{name}");
            }
            SettingKind::Transaction { writable: true } | SettingKind::Property => {
                // NoBackend refuses sets it cannot hold.
                assert_eq!(set_result, Err(ConfigError::ReadOnly(*setting)), "{name}");
                assert_eq!(
                    get_result,
                    Err(ConfigError::NotAvailable(*setting)),
                    "{name}"
                );
            }
            SettingKind::Unsupported(reason) => {
                let want = ConfigError::Unsupported {
                    setting: *setting,
                    reason,
                };
                assert_eq!(set_result, Err(want), "{name}");
                assert_eq!(get_result, Err(want), "{name}");
                assert_eq!(want.error_code(), ErrorCode::InvalidOperation);
            }
            SettingKind::Stored => {}
        }
        if setting.kind() == SettingKind::XPathReadout {
            assert!(
                matches!(get_result, Err(ConfigError::XPath(_))),
                "{name}: {get_result:?}"
            );
        }
    }
}

/// A backend standing in for the transaction state machine.
#[derive(Default)]
struct Transaction {
    acs_url: String,
    last_set: Option<(Setting, Option<usize>, String)>,
}

impl SettingsBackend for Transaction {
    fn get(&self, setting: Setting, index: Option<usize>) -> Result<ConfigValue<'_>, ConfigError> {
        match (setting, index) {
            (Setting::AcsUrl, None) => Ok(ConfigValue::Str(&self.acs_url)),
            (Setting::ChallengeTimeRemaining, None) => Ok(ConfigValue::Number(287)),
            (Setting::IncomingExtensionCritical, Some(0)) => Ok(ConfigValue::Bool(true)),
            (Setting::IncomingExtensionCritical, Some(_)) => {
                Err(ConfigError::IndexOutOfRange(setting))
            }
            _ => Err(ConfigError::NotAvailable(setting)),
        }
    }
    fn set(
        &mut self,
        setting: Setting,
        index: Option<usize>,
        value: &str,
    ) -> Result<(), ConfigError> {
        self.last_set = Some((setting, index, value.to_string()));
        if setting == Setting::AcsUrl {
            self.acs_url = value.to_string();
        }
        Ok(())
    }
}

#[test]
fn transaction_settings_go_through_the_backend() {
    let mut s = Settings::default();
    let mut t = Transaction::default();
    s.config("acsurl=https://acs.example/challenge", &mut t)
        .unwrap();
    assert_eq!(
        t.last_set,
        Some((
            Setting::AcsUrl,
            None,
            "https://acs.example/challenge".to_string()
        ))
    );
    assert_eq!(
        s.config("ACSURL", &mut t).unwrap().to_string(),
        "https://acs.example/challenge"
    );
    assert_eq!(
        s.config("ChallengeTimeRemaining", &mut t)
            .unwrap()
            .to_string(),
        "287"
    );
    assert_eq!(
        s.config("IncomingExtensionCritical[0]", &mut t)
            .unwrap()
            .to_string(),
        "true"
    );
    let err = s
        .config("IncomingExtensionCritical[4]", &mut t)
        .unwrap_err();
    assert_eq!(err.error_code(), ErrorCode::InvalidIndex);
    // Read-only transaction state never reaches the backend's setter.
    t.last_set = None;
    assert!(s.config("ChallengeTimeRemaining=5", &mut t).is_err());
    assert!(s.config("ErrorCode=101", &mut t).is_err());
    assert_eq!(t.last_set, None);
}

#[test]
fn property_aliases_validate_through_properties() {
    let mut s = Settings::default();
    let mut p = Properties::default();
    s.config("SdkAppId=8a880dc0-d2d2-4067-bcb1-b08d1690b26e", &mut p)
        .unwrap();
    assert_eq!(p.sdk_app_id(), "8a880dc0-d2d2-4067-bcb1-b08d1690b26e");
    for bad in [
        "8a880dc0",
        "8a880dc0d2d24067bcb1b08d1690b26e",
        "zz880dc0-d2d2-4067-bcb1-b08d1690b26e",
    ] {
        let err = s.config(&format!("SdkAppId={bad}"), &mut p).unwrap_err();
        assert!(matches!(
            err,
            ConfigError::InvalidValue {
                setting: Setting::SdkAppId,
                ..
            }
        ));
    }
    assert_eq!(p.sdk_app_id(), "8a880dc0-d2d2-4067-bcb1-b08d1690b26e");
    s.config("ProtocolVersion=2.3.1", &mut p).unwrap();
    assert_eq!(p.message_version(), "2.3.1");
    for bad in ["2.0.0", "2.3", "", "2.2.0 x"] {
        assert!(
            s.config(&format!("ProtocolVersion={bad}"), &mut p).is_err(),
            "{bad}"
        );
    }
    s.config(
        "SDKTransactionId=b2385523-a66c-4907-ac3c-91848e8c0067",
        &mut p,
    )
    .unwrap();
    assert_eq!(
        s.config("sdktransactionid", &mut p).unwrap().to_string(),
        "b2385523-a66c-4907-ac3c-91848e8c0067"
    );
    // Properties answer no transaction state.
    assert_eq!(
        s.config("ACSURL", &mut p).unwrap_err(),
        ConfigError::NotAvailable(Setting::AcsUrl)
    );
}

#[test]
fn booleans() {
    for (s, b) in [
        ("true", true),
        ("TRUE", true),
        ("1", true),
        ("false", false),
        ("False", false),
        ("0", false),
        ("Yes", true),
        ("yes", true),
        ("ON", true),
        ("No", false),
        ("off", false),
    ] {
        assert_eq!(parse_bool(s), Some(b), "{s}");
    }
    for s in ["", "y", "n", "01", "t", "2", "yess", "onn"] {
        assert_eq!(parse_bool(s), None, "{s}");
    }
}
