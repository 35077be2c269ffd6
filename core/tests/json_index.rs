//! The member table of `json::parse_indexed` answers exactly like the
//! scanning `Object` views (and like serde_json) on every lookup, including
//! escaped keys, odd whitespace and the most members an object may have.

use proptest::prelude::*;
use threeds_core::json::{self, MAX_MEMBERS, ObjectIndex, Value};

fn index(doc: &str) -> ObjectIndex<'_> {
    json::parse_indexed(doc.as_bytes()).unwrap().unwrap()
}

/// Compares every lookup the table can answer with the scanning view.
fn agree(doc: &str, probes: &[&str]) {
    let ix = index(doc);
    let obj = json::parse(doc.as_bytes()).unwrap().as_object().unwrap();
    assert_eq!(ix.object(), obj);
    for k in probes {
        assert_eq!(ix.get(k), obj.get(k), "{k} in {doc}");
    }
    for (k, _) in obj.iter() {
        let key = k.to_string();
        assert_eq!(ix.get(&key), obj.get(&key), "{key} in {doc}");
    }
    assert!(ix.iter().eq(obj.iter()), "{doc}");
}

#[test]
fn lookups_match_the_scanning_view() {
    agree(r#"{}"#, &["a", ""]);
    agree(r#" { } "#, &["a"]);
    agree(r#"{"a":1}"#, &["a", "b"]);
    agree(
        "\t{ \"a\" :\n\"x\" , \"b\"\r:[1, {\"c\":2}] ,\"\":null,\"d\":{ } ,\"e\" : -1.5e3 } \n",
        &["a", "b", "c", "", "d", "e", "f"],
    );
    agree(
        r#"{"a\u0062":true,"c\"d":false,"\u00e9":"x","abc":0}"#,
        &["ab", "c\"d", "é", "a\\u0062"],
    );
    agree(
        r#"{"html":"PGh0bWw-","x":"\\\"","y":"\ud83d\ude00"}"#,
        &["html", "x", "y"],
    );
}

#[test]
fn values_match_serde_json() {
    let doc = r#"{ "s" : "a\nb" , "n":0.5,"t":true,"f":false,"z":null,"o":{"k":[1,2]},"a":[ ] }"#;
    let ix = index(doc);
    let theirs: serde_json::Value = serde_json::from_str(doc).unwrap();
    for (k, v) in theirs.as_object().unwrap() {
        let ours = ix.get(k).unwrap();
        let back: serde_json::Value = match ours {
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Number(n) => serde_json::from_str(n).unwrap(),
            Value::Object(o) => serde_json::from_str(o.raw()).unwrap(),
            Value::Array(a) => serde_json::from_str(a.raw()).unwrap(),
            Value::Bool(b) => serde_json::Value::Bool(b),
            Value::Null => serde_json::Value::Null,
        };
        assert_eq!(&back, v, "{k}");
    }
}

#[test]
fn every_member_is_in_the_table() {
    for n in [1, 47, 48, 49, MAX_MEMBERS - 1] {
        let mut doc = String::from("{");
        for i in 0..n {
            doc.push_str(&format!(" \"k{i}\" : \"v{i}\" ,"));
        }
        doc.push_str("\"last\":[0]}");
        let probes: Vec<String> = (0..n + 2).map(|i| format!("k{i}")).collect();
        let probes: Vec<&str> = probes.iter().map(String::as_str).collect();
        agree(&doc, &probes);
    }
}

#[test]
fn non_objects_and_bad_documents() {
    assert!(json::parse_indexed(b"[1]").unwrap().is_none());
    assert!(json::parse_indexed(b" \"s\" ").unwrap().is_none());
    for bad in [&b"{"[..], b"{\"a\":1,}", b"{\"a\" 1}", b"{} {}", b"\xff"] {
        assert_eq!(
            json::parse_indexed(bad).unwrap_err(),
            json::parse(bad).unwrap_err()
        );
    }
}

#[test]
fn the_table_is_small() {
    // It lives on the stack of every message parse (firmware included).
    let size = core::mem::size_of::<ObjectIndex<'_>>();
    assert!(size <= json::MAX_OPEN_MEMBERS * 8 + 48, "{size}");
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-c]{0,2}",
        Just("a\\u0062".to_string()),
        Just("\\u0061".to_string()),
        Just("\\\"".to_string()),
    ]
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        "-?[0-9]{1,3}",
        "\"[a-z\\\\n ]{0,6}\"".prop_map(|s| s.replace("\\\"", "")),
        Just("{\"x\":[1,{}]}".to_string()),
        Just("[ ]".to_string()),
    ]
}

fn ws() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just(""), Just(" "), Just("\n\t"), Just("\r ")]
}

proptest! {
    #[test]
    fn random_objects_agree(
        members in proptest::collection::vec((key(), scalar(), ws(), ws()), 0..70)
    ) {
        let mut doc = String::from("{");
        for (i, (k, v, w1, w2)) in members.iter().enumerate() {
            if i > 0 {
                doc.push_str(w1);
                doc.push(',');
            }
            doc.push_str(w2);
            // Unique names (twins are refused by the parser, see json_duplicates.rs).
            doc.push_str(&format!("\"{k}-{i}\"{w1}:{w2}{v}{w1}"));
        }
        doc.push('}');
        if json::parse(doc.as_bytes()).is_ok() {
            agree(&doc, &["", "a", "ab", "b", "\""]);
        }
    }
}

proptest! {
    /// Long strings (the word-at-a-time scan) are accepted and rejected
    /// exactly as serde_json does, and decode to the same text.
    #[test]
    fn long_strings_match_serde_json(
        parts in proptest::collection::vec(
            prop_oneof![
                "[a-zA-Z0-9 <>=/-]{0,20}",
                Just("\\\"".to_string()),
                Just("\\\\".to_string()),
                Just("\\n".to_string()),
                Just("\\u00e9".to_string()),
                Just("\\ud83d\\ude00".to_string()),
                Just("é€😀".to_string()),
                Just("\u{1}".to_string()),
                Just("\\x".to_string()),
                Just("\"".to_string()),
            ],
            0..20,
        )
    ) {
        let doc = format!("{{\"k\":\"{}\"}}", parts.concat());
        let theirs = serde_json::from_str::<serde_json::Value>(&doc);
        let ours = json::parse_indexed(doc.as_bytes());
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{}", doc);
        if let (Ok(Some(ix)), Ok(v)) = (ours, theirs) {
            let s = ix.get("k").unwrap().as_str().unwrap();
            let want = v["k"].as_str().unwrap();
            prop_assert_eq!(s.to_string(), want);
            prop_assert_eq!(s.char_count(), want.chars().count());
            prop_assert_eq!(s.decoded_len(), want.len());
            prop_assert!(s.eq_str(want));
        }
    }
}
