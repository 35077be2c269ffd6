//! Events, log levels and `MaskSensitive`: a masked entry never reaches `on_log`.

use proptest::prelude::*;
use threeds_core::client::events::{ClientEvents, LogLevel, LogType, NoEvents, ServerCertificate};
use threeds_core::client::log::{LogLine, LogLineError, Logger, MASK};

#[derive(Default)]
struct Recorder {
    lines: Vec<(LogLevel, LogType, String)>,
}

impl ClientEvents for Recorder {
    fn on_log(&mut self, level: LogLevel, log_type: LogType, message: &str) {
        self.lines.push((level, log_type, message.to_string()));
    }
}

const LEVELS: [LogLevel; 4] = [
    LogLevel::None,
    LogLevel::Info,
    LogLevel::Verbose,
    LogLevel::Debug,
];

/// A CReq plaintext carrying the entries, and a JWK private part, as the facade would log it.
fn creq(entry: &str, d: &str) -> String {
    serde_json::json!({
        "messageType": "CReq",
        "messageVersion": "2.2.0",
        "challengeDataEntry": entry,
        "challengeDataEntryTwo": entry,
        "challengeHTMLDataEntry": format!("otp={entry}"),
        "nested": [{"challengeDataEntry": entry}, {"jwk": {"kty": "EC", "d": d}}],
        "sdkTransID": "b2385523-a66c-4907-ac3c-91848e8c0067"
    })
    .to_string()
}

/// Logs the entry every way the facade can, at every level and type.
fn log_everything(
    configured: LogLevel,
    mask: bool,
    entry: &str,
    d: &str,
) -> Vec<(LogLevel, LogType, String)> {
    let mut rec = Recorder::default();
    let message = creq(entry, d);
    let mut logger = Logger::new(&mut rec, configured, mask);
    let mut buf = vec![0u8; 4096];
    for level in LEVELS {
        for log_type in LogType::ALL {
            logger
                .log(level, log_type, &mut buf, |l| {
                    l.text("entry: ")?
                        .sensitive(entry)?
                        .text(" key: ")?
                        .secret()?;
                    Ok(())
                })
                .unwrap();
            logger
                .log(level, log_type, &mut buf, |l| {
                    l.json(message.as_bytes())?;
                    Ok(())
                })
                .unwrap();
        }
    }
    rec.lines
}

fn escaped(s: &str) -> String {
    let q = serde_json::to_string(s).unwrap();
    q[1..q.len() - 1].to_string()
}

proptest! {
    #[test]
    fn masked_entries_never_reach_on_log(
        entry in "Q7[A-Za-z0-9 !#%&'()*+,./:;<=>?@_{}~\"\\\\é]{2,24}",
        d in "D9[A-Za-z0-9_-]{20,43}",
    ) {
        for configured in LEVELS {
            let lines = log_everything(configured, true, &entry, &d);
            for (_, _, message) in &lines {
                prop_assert!(!message.contains(&entry), "entry leaked: {}", message);
                prop_assert!(!message.contains(&escaped(&entry)), "entry leaked: {}", message);
                prop_assert!(!message.contains(&d), "key leaked: {}", message);
            }
            // Lines really were emitted wherever the level allows.
            let enabled = LEVELS.iter().filter(|l| **l != LogLevel::None && **l <= configured).count();
            prop_assert_eq!(lines.len(), enabled * LogType::ALL.len() * 2);
        }
    }

    #[test]
    fn unmasked_entries_appear_but_keys_never_do(
        entry in "Q7[A-Za-z0-9]{2,24}",
        d in "D9[A-Za-z0-9_-]{20,43}",
    ) {
        let lines = log_everything(LogLevel::Debug, false, &entry, &d);
        prop_assert!(lines.iter().all(|(_, _, m)| m.contains(&entry)));
        prop_assert!(lines.iter().all(|(_, _, m)| !m.contains(&d)));
    }
}

#[test]
fn masked_json_is_the_message_with_the_entries_replaced() {
    let message = creq("123456", "secret-d");
    let mut buf = [0u8; 2048];
    let mut line = LogLine::new(&mut buf, true);
    line.json(message.as_bytes()).unwrap();
    let got: serde_json::Value = serde_json::from_str(line.as_str()).unwrap();
    let mut want: serde_json::Value = serde_json::from_str(&message).unwrap();
    want["challengeDataEntry"] = MASK.into();
    want["challengeDataEntryTwo"] = MASK.into();
    want["challengeHTMLDataEntry"] = MASK.into();
    want["nested"][0]["challengeDataEntry"] = MASK.into();
    want["nested"][1]["jwk"]["d"] = MASK.into();
    assert_eq!(got, want);
}

#[test]
fn escaped_member_names_are_masked_too() {
    let message = br#"{"challenge\u0044ataEntry":"4242","\u0064":"k"}"#;
    let mut buf = [0u8; 256];
    let mut line = LogLine::new(&mut buf, true);
    line.json(message).unwrap();
    assert!(!line.as_str().contains("4242"), "{}", line.as_str());
    assert!(!line.as_str().contains("\"k\""), "{}", line.as_str());
}

#[test]
fn level_filtering_skips_the_builder() {
    let mut rec = Recorder::default();
    let mut logger = Logger::new(&mut rec, LogLevel::Info, true);
    let mut built = false;
    let mut buf = [0u8; 64];
    logger
        .log(LogLevel::Verbose, LogType::CReq, &mut buf, |l| {
            built = true;
            l.text("x").map(drop)
        })
        .unwrap();
    assert!(!built);
    logger
        .log(LogLevel::None, LogType::Info, &mut buf, |l| {
            l.text("x").map(drop)
        })
        .unwrap();
    assert!(logger.enabled(LogLevel::Info));
    assert!(!logger.enabled(LogLevel::None));
    logger
        .log(LogLevel::Info, LogType::Info, &mut buf, |l| {
            l.text("hello").map(drop)
        })
        .unwrap();
    assert_eq!(
        rec.lines,
        vec![(LogLevel::Info, LogType::Info, "hello".to_string())]
    );
}

#[test]
fn overflow_and_bad_json_emit_nothing() {
    let mut rec = Recorder::default();
    let mut logger = Logger::new(&mut rec, LogLevel::Debug, true);
    let mut small = [0u8; 8];
    let r = logger.log(LogLevel::Info, LogType::CReq, &mut small, |l| {
        l.json(creq("1234", "dd").as_bytes()).map(drop)
    });
    assert_eq!(r, Err(LogLineError::Full));
    let mut buf = [0u8; 256];
    let r = logger.log(LogLevel::Info, LogType::CRes, &mut buf, |l| {
        l.json(b"{\"challengeDataEntry\":\"99").map(drop)
    });
    assert_eq!(r, Err(LogLineError::NotJson));
    assert!(rec.lines.is_empty());
}

#[test]
fn log_types_and_levels() {
    let names: Vec<&str> = LogType::ALL.iter().map(|t| t.as_str()).collect();
    assert_eq!(names.len(), 20);
    for t in LogType::ALL {
        assert_eq!(format!("{t:?}"), t.as_str());
        assert_eq!(t.to_string(), t.as_str());
    }
    for n in 0..=3 {
        assert_eq!(LogLevel::from_number(n).unwrap().number(), n);
    }
    assert_eq!(LogLevel::from_number(4), None);
    assert_eq!(LogLevel::default(), LogLevel::Info);
}

#[test]
fn events_default_to_nothing_and_accept_can_be_overridden() {
    let cert = ServerCertificate {
        cert_encoded: b"\x30\x00",
        cert_subject: "CN=acs",
        cert_issuer: "CN=ca",
        status: "certificate not trusted",
    };
    let mut accept = false;
    let mut none = NoEvents;
    none.on_ssl_server_authentication(&cert, &mut accept);
    none.on_data_packet_in(b"x");
    none.on_data_packet_out(b"x");
    none.on_error(1302, "Decryption failed.");
    none.on_ssl_status("ok");
    none.on_log(LogLevel::Info, LogType::Info, "x");
    assert!(!accept, "the default keeps the verification result");

    struct Pinning;
    impl ClientEvents for Pinning {
        fn on_ssl_server_authentication(
            &mut self,
            cert: &ServerCertificate<'_>,
            accept: &mut bool,
        ) {
            *accept = cert.cert_subject == "CN=acs";
        }
    }
    Pinning.on_ssl_server_authentication(&cert, &mut accept);
    assert!(accept);
}
