//! CReq message extensions up to the spec's caps (81,920 characters in
//! all, 8,059 per `data`, 10 objects up to 2.2.0 and 15 in 2.3.1): the
//! caller's buffer is the only other limit, and what the ACS decrypts is
//! exactly what was given.

mod transaction_support;

use serde_json::Value;
use threeds_core::message::{
    BuildError, ChallengeAnswer, MAX_EXTENSION_DATA, MAX_EXTENSIONS_TOTAL, OutgoingExtension,
    OutgoingExtensions,
};
use threeds_core::transaction::{ChallengeInput, Error, StateName};
use transaction_support::*;

/// `n` extensions whose compact array takes `total` characters or a few less.
fn extension_data(n: usize, total: usize) -> Vec<(String, String, String)> {
    // Each object: {"name":"N","id":"A000000802-0NN","criticalityIndicator":false,"data":{"v":"…"}}
    let per = total / n;
    (0..n)
        .map(|i| {
            let id = format!("A000000802-{i:03}");
            let name = format!("Ext{i:02}");
            let frame = format!(
                r#"{{"name":"{name}","id":"{id}","criticalityIndicator":false,"data":{{"v":""}}}},"#
            )
            .len();
            let filler = "é".repeat(per.saturating_sub(frame).min(MAX_EXTENSION_DATA - 8));
            (id, name, format!(r#"{{"v":"{filler}"}}"#))
        })
        .collect()
}

fn outgoing(data: &[(String, String, String)]) -> Vec<OutgoingExtension<'_>> {
    data.iter()
        .map(|(id, name, data)| OutgoingExtension {
            id,
            name,
            critical: false,
            data,
        })
        .collect()
}

fn expected_json(data: &[(String, String, String)]) -> Value {
    Value::Array(
        data.iter()
            .map(|(id, name, d)| {
                serde_json::json!({
                    "name": name,
                    "id": id,
                    "criticalityIndicator": false,
                    "data": serde_json::from_str::<Value>(d).unwrap(),
                })
            })
            .collect(),
    )
}

#[test]
fn an_80000_character_extension_set_reaches_the_acs_exactly() {
    for (version, n) in [("2.2.0", 10), ("2.3.1", 15)] {
        let mut r = start_challenge(version, true, SignAlg::Es256);
        let data = extension_data(n, 80_000);
        let list = outgoing(&data);
        let mut input = ChallengeInput::new(ChallengeAnswer::Initial);
        input.extensions = OutgoingExtensions::List(&list);
        let needed = r.txn.creq_size(&input).unwrap();
        // Multi-byte characters: far more bytes than characters.
        assert!(needed > 150_000, "{needed}");
        let mut out = vec![0u8; needed];
        let creq = r
            .txn
            .build_creq(&input, &mut r.rng, r.clock.now(), &mut out)
            .unwrap();
        assert_eq!(creq.len, needed);
        let opened = r.acs.open_creq(&out);
        let sent = &opened["messageExtension"];
        assert_eq!(sent, &expected_json(&data));
        let chars = serde_json::to_string(sent).unwrap().chars().count();
        assert!((79_000..=MAX_EXTENSIONS_TOTAL).contains(&chars), "{chars}");
    }
}

#[test]
fn extensions_over_the_caps_are_refused_before_anything_is_sealed() {
    // (version, objects, characters in all, the field named)
    for (version, n, total) in [
        ("2.2.0", 11, 11_000), // 11 objects before 2.3.1
        ("2.3.1", 16, 16_000), // 16 objects in 2.3.1
        ("2.3.1", 11, 88_000), // over 81,920 characters in all
        ("2.3.1", 15, 82_070), // just over: 82,066 characters
    ] {
        let mut r = start_challenge(version, false, SignAlg::Es256);
        let data = extension_data(n, total);
        let list = outgoing(&data);
        let mut input = ChallengeInput::new(ChallengeAnswer::Initial);
        input.extensions = OutgoingExtensions::List(&list);
        let refused = Error::Build(BuildError::TooLong("messageExtension"));
        let is_cap = |e: &Error| {
            *e == refused || *e == Error::Build(BuildError::CapacityExceeded("messageExtension"))
        };
        let e = r.txn.creq_size(&input).unwrap_err();
        assert!(is_cap(&e), "{version} {n} {total}: {e:?}");
        // Whatever the buffer, the same typed error; nothing was sealed.
        for cap in [64, 4096, 1 << 20] {
            let mut out = vec![0u8; cap];
            let e = r
                .txn
                .build_creq(&input, &mut r.rng, r.clock.now(), &mut out)
                .unwrap_err();
            assert!(is_cap(&e), "{version} {n} {total} {cap}: {e:?}");
            assert!(out.iter().all(|b| *b == 0));
            assert_eq!(r.txn.state(), StateName::ChallengeExpectCreq);
        }
    }
}

#[test]
fn one_data_object_over_8059_characters_is_refused() {
    let mut r = start_challenge("2.3.1", false, SignAlg::Es256);
    let data = format!(r#"{{"v":"{}"}}"#, "x".repeat(MAX_EXTENSION_DATA - 7));
    let list = [OutgoingExtension {
        id: "A000000802-001",
        name: "Big",
        critical: false,
        data: &data,
    }];
    let mut input = ChallengeInput::new(ChallengeAnswer::Initial);
    input.extensions = OutgoingExtensions::List(&list);
    assert_eq!(
        r.txn.creq_size(&input),
        Err(Error::Build(BuildError::TooLong("messageExtension.data")))
    );
    // One character less is exactly the cap, and is sent.
    let data = format!(r#"{{"v":"{}"}}"#, "x".repeat(MAX_EXTENSION_DATA - 8));
    let list = [OutgoingExtension {
        id: "A000000802-001",
        name: "Big",
        critical: false,
        data: &data,
    }];
    input.extensions = OutgoingExtensions::List(&list);
    let needed = r.txn.creq_size(&input).unwrap();
    let mut out = vec![0u8; needed];
    let creq = r
        .txn
        .build_creq(&input, &mut r.rng, r.clock.now(), &mut out)
        .unwrap();
    let opened = r.acs.open_creq(&out[..creq.len]);
    assert_eq!(
        opened["messageExtension"][0]["data"]["v"]
            .as_str()
            .unwrap()
            .len(),
        MAX_EXTENSION_DATA - 8
    );
}
