//! XPath over JSON: the reference's examples, every read-out, errors, and a
//! property test against an independent navigator over `serde_json::Value`.

use proptest::prelude::*;
use threeds_core::client::config::{ConfigError, ConfigValue, Settings, SettingsBackend};
use threeds_core::client::error::ErrorCode;
use threeds_core::client::setting::Setting;
use threeds_core::json::xpath::{self, XPathError};

/// The reference's example document.
const DOC: &str = r#"{
  "firstlevel": {
    "one": "value",
    "two": ["first", "second"],
    "three": "value three"
  }
}"#;

struct Message(Vec<u8>);

impl SettingsBackend for Message {
    fn last_message(&self) -> Option<&[u8]> {
        Some(&self.0)
    }
}

fn with_path(path: &str) -> (Settings, Message) {
    let mut s = Settings::default();
    let mut m = Message(DOC.as_bytes().to_vec());
    s.config(&format!("XPath={path}"), &mut m)
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    (s, m)
}

fn read(s: &Settings, m: &Message, name: &str) -> String {
    s.get(name, m)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .to_string()
}

#[test]
fn reference_examples() {
    // Document root.
    let (s, m) = with_path("/json");
    assert_eq!(read(&s, &m, "XElement"), "json");
    assert_eq!(read(&s, &m, "XParent"), "");
    assert_eq!(read(&s, &m, "XChildCount"), "1");
    assert_eq!(read(&s, &m, "XChildName[0]"), "firstlevel");
    // Specific element.
    let (s, m) = with_path("/json/firstlevel/one");
    assert_eq!(read(&s, &m, "XElement"), "one");
    assert_eq!(read(&s, &m, "XText"), "value");
    assert_eq!(read(&s, &m, "XParent"), "firstlevel");
    assert_eq!(read(&s, &m, "XSubTree"), "\"value\"");
    assert_eq!(read(&s, &m, "XChildCount"), "0");
    // i-th child (1-based).
    let (s, m) = with_path("/json/firstlevel/two/[2]");
    assert_eq!(read(&s, &m, "XText"), "second");
    assert_eq!(read(&s, &m, "XElement"), "two");
    assert_eq!(read(&s, &m, "XParent"), "two");
}

#[test]
fn every_readout_on_a_container() {
    let (s, m) = with_path("/json/firstlevel");
    assert_eq!(read(&s, &m, "XElement"), "firstlevel");
    assert_eq!(read(&s, &m, "XParent"), "json");
    assert_eq!(read(&s, &m, "XChildCount"), "3");
    assert_eq!(read(&s, &m, "XChildName[0]"), "one");
    assert_eq!(read(&s, &m, "XChildName[1]"), "two");
    assert_eq!(read(&s, &m, "XChildName[2]"), "three");
    assert_eq!(read(&s, &m, "XChildXText[0]"), "value");
    assert_eq!(read(&s, &m, "XChildXText[1]"), r#"["first", "second"]"#);
    assert_eq!(read(&s, &m, "XChildXText[2]"), "value three");
    let sub: serde_json::Value = serde_json::from_str(&read(&s, &m, "XSubTree")).unwrap();
    let whole: serde_json::Value = serde_json::from_str(DOC).unwrap();
    assert_eq!(sub, whole["firstlevel"]);
    assert_eq!(read(&s, &m, "XText"), read(&s, &m, "XSubTree"));
    // Array children carry the array's name.
    let (s, m) = with_path("/json/firstlevel/two");
    assert_eq!(read(&s, &m, "XChildCount"), "2");
    assert_eq!(read(&s, &m, "XChildName[1]"), "two");
    assert_eq!(read(&s, &m, "XChildXText[1]"), "second");
}

#[test]
fn accessors() {
    let cases = [
        ("/json/firstlevel/two/[1]", "first"),
        ("/json/firstlevel/two/[last()]", "second"),
        ("/json/firstlevel/two/[last()-1]", "first"),
        ("/json/firstlevel/[3]", "value three"),
        ("/json/firstlevel/[last()]", "value three"),
        ("/json/firstlevel/one[1]", "value"),
        ("/json/*/one", "value"),
        ("/json/firstlevel/*", "value"),
        ("/json/firstlevel/*[2]/[2]", "second"),
        ("/json/firstlevel/./one", "value"),
        ("/json/firstlevel/two/../three", "value three"),
        ("/json/firstlevel/two/[1]/../../one", "value"),
        (
            "/",
            r#"{"one":"value","two":["first","second"],"three":"value three"}"#,
        ),
    ];
    for (path, want) in cases {
        let (s, m) = with_path(path);
        let text = read(&s, &m, "XText");
        if path == "/" {
            let got: serde_json::Value = serde_json::from_str(&text).unwrap();
            let want: serde_json::Value = serde_json::from_str(DOC).unwrap();
            assert_eq!(got, want);
        } else {
            assert_eq!(text, want, "{path}");
        }
    }
}

#[test]
fn relative_paths_build_on_the_current_one() {
    let (mut s, mut m) = with_path("/json/firstlevel");
    s.config("XPath=two", &mut m).unwrap();
    assert_eq!(s.xpath(), "/json/firstlevel/two");
    s.config("XPath=[2]", &mut m).unwrap();
    assert_eq!(read(&s, &m, "XText"), "second");
    s.config("XPath=../../three", &mut m).unwrap();
    assert_eq!(read(&s, &m, "XText"), "value three");
    s.config("XPath=.", &mut m).unwrap();
    assert_eq!(read(&s, &m, "XElement"), "three");
}

#[test]
fn escaped_strings_are_decoded_in_text_but_not_in_subtree() {
    let mut s = Settings::default();
    let mut m = Message(br#"{"k\u0065y":"a\"b\u00e9\n"}"#.to_vec());
    s.config("XPath=/json/key", &mut m).unwrap();
    assert_eq!(read(&s, &m, "XText"), "a\"b\u{e9}\n");
    assert_eq!(read(&s, &m, "XElement"), "key");
    let sub: String = serde_json::from_str(&read(&s, &m, "XSubTree")).unwrap();
    assert_eq!(sub, "a\"b\u{e9}\n");
}

#[test]
fn errors_are_typed_and_leave_the_path_unchanged() {
    let cases: [(&str, XPathError); 12] = [
        ("/json/firstlevel/two/[3]", XPathError::IndexOutOfRange),
        ("/json/firstlevel/two/[0]", XPathError::IndexOutOfRange),
        (
            "/json/firstlevel/two/[last()-2]",
            XPathError::IndexOutOfRange,
        ),
        (
            "/json/firstlevel/two/[99999999999999999999999]",
            XPathError::IndexOutOfRange,
        ),
        ("/json/firstlevel/one/[1]", XPathError::IndexOutOfRange),
        ("/json/firstlevel/four", XPathError::NotFound),
        ("/json/firstlevel/one[2]", XPathError::IndexOutOfRange),
        ("/json/..", XPathError::NoParent),
        ("/xml", XPathError::NotFound),
        ("/json/a]", XPathError::Syntax),
        ("/json/firstlevel/[@a='b']", XPathError::XmlOnly),
        ("/json/[1x]", XPathError::Syntax),
    ];
    for (path, want) in cases {
        let (mut s, mut m) = with_path("/json/firstlevel");
        let err = s.config(&format!("XPath={path}"), &mut m).unwrap_err();
        assert_eq!(err, ConfigError::XPath(want), "{path}");
        assert_eq!(s.xpath(), "/json/firstlevel", "{path} changed XPath");
        let code = if want == XPathError::IndexOutOfRange {
            ErrorCode::InvalidIndex
        } else {
            ErrorCode::InvalidOperation
        };
        assert_eq!(err.error_code(), code, "{path}");
    }
}

#[test]
fn child_index_out_of_range_is_606() {
    let (s, m) = with_path("/json/firstlevel");
    for name in [
        "XChildName[3]",
        "XChildXText[3]",
        "XChildName[18446744073709551615]",
    ] {
        let err = s.get(name, &m).unwrap_err();
        assert!(
            matches!(err, ConfigError::IndexOutOfRange(_)),
            "{name}: {err:?}"
        );
        assert_eq!(err.error_code(), ErrorCode::InvalidIndex);
    }
    let err = s
        .get("XChildName[99999999999999999999999]", &m)
        .unwrap_err();
    assert_eq!(err.error_code(), ErrorCode::InvalidIndex);
}

#[test]
fn readouts_without_a_message() {
    let s = Settings::default();
    let none = threeds_core::client::config::NoBackend;
    for setting in [
        Setting::XText,
        Setting::XElement,
        Setting::XChildCount,
        Setting::XSubTree,
    ] {
        assert_eq!(
            s.get(setting.name(), &none).unwrap_err(),
            ConfigError::XPath(XPathError::NoDocument)
        );
    }
    let bad = Message(b"{not json".to_vec());
    assert!(matches!(
        s.get("XText", &bad),
        Err(ConfigError::XPath(XPathError::Json(_)))
    ));
}

#[test]
fn path_set_without_a_message_is_checked_later() {
    let mut s = Settings::default();
    s.config(
        "XPath=/json/nothing/here",
        &mut threeds_core::client::config::NoBackend,
    )
    .unwrap();
    let m = Message(DOC.as_bytes().to_vec());
    assert_eq!(
        s.get("XText", &m).unwrap_err(),
        ConfigError::XPath(XPathError::NotFound)
    );
    assert_eq!(
        s.get("XElement", &m).map(|v| v == ConfigValue::Empty),
        Err(ConfigError::XPath(XPathError::NotFound))
    );
}

// ---- property test against an independent navigator ----

/// serde_json's navigation with the same semantics, as the oracle: elements
/// are (name, value); object members are named by key, array items by their array.
fn oracle<'a>(root: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    let rest = path.strip_prefix("/json")?;
    let mut stack: Vec<(String, &serde_json::Value)> = vec![("json".to_string(), root)];
    for seg in rest.split('/').skip(1) {
        let (cur_name, cur) = stack.last()?.clone();
        match seg {
            "." => continue,
            ".." => {
                if stack.len() < 2 {
                    return None;
                }
                stack.pop();
                continue;
            }
            _ => {}
        }
        let (name, idx) = match seg.find('[') {
            Some(i) => (&seg[..i], Some(&seg[i + 1..seg.len() - 1])),
            None => (seg, None),
        };
        let all: Vec<(String, &serde_json::Value)> = match cur {
            serde_json::Value::Object(o) => o.iter().map(|(k, v)| (k.clone(), v)).collect(),
            serde_json::Value::Array(a) => a.iter().map(|v| (cur_name.clone(), v)).collect(),
            _ => Vec::new(),
        };
        let children: Vec<(String, &serde_json::Value)> = all
            .into_iter()
            .filter(|(k, _)| name.is_empty() || name == "*" || k == name)
            .collect();
        let pick = match idx {
            None => children.first().cloned(),
            Some("last()") => children.last().cloned(),
            Some(i) if i.starts_with("last()-") => {
                let back: usize = i["last()-".len()..].parse().ok()?;
                let i = children.len().checked_sub(1)?.checked_sub(back)?;
                children.get(i).cloned()
            }
            Some(i) => {
                let n: usize = i.parse().ok()?;
                children.get(n.checked_sub(1)?).cloned()
            }
        };
        stack.push(pick?);
    }
    stack.last().map(|(_, v)| *v)
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        (-1000i64..1000).prop_map(|n| serde_json::json!(n)),
        "[a-c\"\\\\é\n ]{0,6}".prop_map(serde_json::Value::String),
    ];
    let tree = leaf.prop_recursive(5, 64, 4, |inner| {
        prop_oneof![
            1 => prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            3 => prop::collection::btree_map("[abc]|x y|é", inner, 1..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    });
    // A message is an object; starting from one makes deep paths likely.
    prop_oneof![
        1 => tree.clone(),
        4 => prop::collection::btree_map("[abc]", tree, 1..4)
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
    ]
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just("a".to_string()),
        4 => Just("b".to_string()),
        2 => Just("c".to_string()),
        3 => (1usize..3).prop_map(|i| format!("[{i}]")),
        1 => Just("x y".to_string()),
        1 => Just("é".to_string()),
        1 => Just("*".to_string()),
        1 => Just(".".to_string()),
        1 => Just("..".to_string()),
        1 => (0usize..5).prop_map(|i| format!("[{i}]")),
        1 => (0usize..3).prop_map(|i| format!("a[{i}]")),
        1 => Just("[last()]".to_string()),
        1 => (0usize..4).prop_map(|i| format!("[last()-{i}]")),
        1 => Just("[99999999999999999999999]".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Well-formed paths agree with the oracle; errors are typed.
    #[test]
    fn agrees_with_serde_json(doc in json_value(), segs in prop::collection::vec(segment(), 0..6)) {
        let text = serde_json::to_string(&doc).unwrap();
        let path = core::iter::once("/json".to_string()).chain(segs).collect::<Vec<_>>().join("/");
        let want = oracle(&doc, &path);
        match xpath::select(text.as_bytes(), &path) {
            Ok(cursor) => {
                let el = cursor.current().unwrap();
                let got: serde_json::Value = serde_json::from_str(&el.sub_tree().to_string()).unwrap();
                prop_assert_eq!(Some(&got), want, "{}", path);
                if let serde_json::Value::String(s) = &got {
                    prop_assert_eq!(&el.text().to_string(), s);
                }
                let count = match &got {
                    serde_json::Value::Object(o) => o.len(),
                    serde_json::Value::Array(a) => a.len(),
                    _ => 0,
                };
                prop_assert_eq!(el.child_count(), count);
                prop_assert!(el.child(count).is_err());
            }
            Err(_) => prop_assert!(want.is_none(), "{} failed but serde_json finds {:?}", path, want),
        }
    }

    /// Paths built by walking the document always resolve, to the walked value.
    #[test]
    fn walked_paths_resolve(doc in json_value(), walk in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3), 0..8)) {
        let text = serde_json::to_string(&doc).unwrap();
        let mut path = String::from("/json");
        let mut cur = &doc;
        let mut cur_name = String::from("json");
        let mut parent_name = String::new();
        for (pick, style) in walk {
            let children: Vec<(String, &serde_json::Value)> = match cur {
                serde_json::Value::Object(o) => o.iter().map(|(k, v)| (k.clone(), v)).collect(),
                serde_json::Value::Array(a) => a.iter().map(|v| (cur_name.clone(), v)).collect(),
                _ => break,
            };
            if children.is_empty() {
                break;
            }
            let k = pick.index(children.len());
            let (name, value) = children[k].clone();
            let seg = match (style, cur) {
                (0, _) => format!("[{}]", k + 1),
                (1, serde_json::Value::Object(_)) => name.clone(),
                (1, _) => format!("{name}[{}]", k + 1),
                _ => format!("[last()-{}]", children.len() - 1 - k),
            };
            path.push('/');
            path.push_str(&seg);
            parent_name = core::mem::replace(&mut cur_name, name);
            cur = value;
        }
        let cursor = xpath::select(text.as_bytes(), &path).map_err(|e| TestCaseError::fail(format!("{path}: {e}")))?;
        let el = cursor.current().unwrap();
        let got: serde_json::Value = serde_json::from_str(&el.sub_tree().to_string()).unwrap();
        prop_assert_eq!(&got, cur, "{}", path);
        prop_assert_eq!(el.name.to_string(), cur_name);
        prop_assert_eq!(cursor.parent().map(|p| p.name.to_string()).unwrap_or_default(), parent_name);
    }

    /// Arbitrary path text and arbitrary bytes never panic.
    #[test]
    fn never_panics(doc in prop::collection::vec(any::<u8>(), 0..64), path in ".{0,40}", json in json_value()) {
        let _ = xpath::select(&doc, &path);
        let text = serde_json::to_string(&json).unwrap();
        let _ = xpath::select(text.as_bytes(), &path);
        let _ = xpath::select(text.as_bytes(), &format!("/json/{path}"));
        let mut s = Settings::default();
        let mut m = Message(text.into_bytes());
        let _ = s.config(&format!("XPath={path}"), &mut m);
        for name in ["XText", "XElement", "XParent", "XSubTree", "XChildCount", "XChildName[0]", "XChildXText[1]"] {
            let _ = s.get(name, &m).map(|v| v.to_string());
        }
    }
}

#[test]
fn named_accessor_on_array_items() {
    let doc = br#"{"a":[1,2]}"#;
    let c = xpath::select(doc, "/json/a/a").map(|c| c.current().unwrap().sub_tree().to_string());
    assert_eq!(c, Ok("1".to_string()));
}
