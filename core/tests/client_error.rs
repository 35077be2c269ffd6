//! The reference's error-code table and the mapping from `Erro` codes.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use threeds_core::client::error::{ErroCode, ErrorCode};

/// The error codes listed in `docs/reference-names.txt`, by section.
fn reference_codes(section: &str) -> BTreeSet<u16> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference-names.txt");
    let text = fs::read_to_string(path).unwrap();
    let mut inside = false;
    let mut out = BTreeSet::new();
    for line in text.lines() {
        if let Some(s) = line.strip_prefix("# ") {
            inside = s == section;
        } else if inside {
            out.insert(line.trim().parse().unwrap());
        }
    }
    out
}

#[test]
fn every_client_error_of_the_reference_is_an_error_code() {
    let client = reference_codes("errors: client");
    assert_eq!(client.len(), 12);
    for code in &client {
        let e = ErrorCode::from_code(*code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(e.code(), *code);
        assert!(e.description().ends_with('.'), "{e:?}");
        assert_eq!(e.to_string(), format!("{code}: {}", e.description()));
    }
}

#[test]
fn codes_are_unique_and_round_trip() {
    let mut seen = BTreeSet::new();
    for e in ErrorCode::ALL {
        assert!(seen.insert(e.code()), "duplicate {}", e.code());
        assert_eq!(ErrorCode::from_code(e.code()), Some(e));
        assert!(!e.description().is_empty());
    }
    assert_eq!(ErrorCode::from_code(0), None);
    assert_eq!(ErrorCode::from_code(10060), None);
}

#[test]
fn client_error_descriptions_match_the_reference_wording() {
    let table = [
        (601, "Could not create ephemeral key."),
        (602, "Invalid certificate."),
        (603, "Invalid operation."),
        (604, "Invalid ClientAuth data."),
        (605, "The errorCode element in Erro message is invalid."),
        (606, "Invalid index."),
        (1101, "Protocol error. Received invalid message."),
        (1102, "Protocol error. Invalid message version."),
        (1201, "Protocol error. Missing data element."),
        (1202, "Protocol error. Unrecognized critical extension."),
        (1301, "Protocol error. Unrecognized transaction Id."),
        (1302, "Decryption failed."),
    ];
    for (code, text) in table {
        assert_eq!(ErrorCode::from_code(code).unwrap().description(), text);
    }
}

#[test]
fn erro_codes_parse_and_map() {
    let defined: Vec<u16> = (101..=103)
        .chain(201..=207)
        .chain(301..=315)
        .chain(402..=405)
        .collect();
    for n in 0..1000u16 {
        let text = format!("{n:03}");
        match ErroCode::parse(&text) {
            Ok(e) => {
                assert!(defined.contains(&n), "{text} accepted");
                assert_eq!(e.code(), n);
                assert_eq!(e.to_string(), text);
            }
            Err(e) => {
                assert!(!defined.contains(&n), "{text} rejected");
                assert_eq!(e, ErrorCode::InvalidErroCode);
                assert_eq!(e.code(), 605);
            }
        }
    }
    for bad in ["", "10", "1010", "1O1", " 101", "+01", "-01", "１０１"] {
        assert_eq!(
            ErroCode::parse(bad),
            Err(ErrorCode::InvalidErroCode),
            "{bad:?}"
        );
    }
    let mapped = [
        (101, 1101),
        (102, 1102),
        (201, 1201),
        (202, 1202),
        (203, 1101),
        (204, 1101),
        (301, 1301),
        (302, 1302),
        (305, 1101),
        (402, 201),
        (403, 1101),
        (404, 1101),
        (405, 1101),
    ];
    for (erro, client) in mapped {
        let e = ErroCode::from_code(erro).unwrap();
        assert_eq!(ErrorCode::from(e).code(), client, "{erro}");
    }
}
