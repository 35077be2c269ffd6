//! The parser refuses a document exactly when some object, at any depth,
//! has two members with the same (decoded) name — the pairwise definition,
//! computed here on the generated tree, not with the parser — and names the
//! twin the pairwise walk finds first.

use proptest::prelude::*;
use threeds_core::json::{self, JsonErrorKind};

/// A generated document: names are stored decoded and written with or
/// without escapes, so equal names may look different on the wire.
#[derive(Debug, Clone)]
enum Node {
    Leaf(&'static str),
    Array(Vec<Node>),
    Object(Vec<(String, Spelling, Node)>),
}

#[derive(Debug, Clone, Copy)]
enum Spelling {
    Plain,
    /// Every character as `\uXXXX`.
    Escaped,
    /// Only the first character escaped.
    FirstEscaped,
}

fn spell(name: &str, how: Spelling) -> String {
    let esc = |c: char| {
        let mut units = [0u16; 2];
        c.encode_utf16(&mut units)
            .iter()
            .map(|u| format!("\\u{u:04x}"))
            .collect::<String>()
    };
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        match how {
            Spelling::Escaped => out.push_str(&esc(c)),
            Spelling::FirstEscaped if i == 0 => out.push_str(&esc(c)),
            _ if c == '"' || c == '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn write(n: &Node, out: &mut String) {
    match n {
        Node::Leaf(s) => out.push_str(s),
        Node::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Node::Object(members) => {
            out.push('{');
            for (i, (k, how, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(" , ");
                }
                out.push('"');
                out.push_str(&spell(k, *how));
                out.push_str("\":");
                write(v, out);
            }
            out.push('}');
        }
    }
}

/// Pairwise: the earliest member of `members` with a later twin.
fn pairwise(members: &[(String, Spelling, Node)]) -> Option<&str> {
    members.iter().enumerate().find_map(|(i, (k, _, _))| {
        members[i + 1..]
            .iter()
            .any(|(k2, _, _)| k2 == k)
            .then_some(k.as_str())
    })
}

/// True when any object of the tree has twins.
fn has_twins(n: &Node) -> bool {
    match n {
        Node::Leaf(_) => false,
        Node::Array(items) => items.iter().any(has_twins),
        Node::Object(m) => pairwise(m).is_some() || m.iter().any(|(_, _, v)| has_twins(v)),
    }
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ab]{0,2}",
        Just("é".to_string()),
        Just("😀".to_string()),
        Just("a\"".to_string()),
        Just("\\".to_string()),
    ]
}

fn spelling() -> impl Strategy<Value = Spelling> {
    prop_oneof![
        Just(Spelling::Plain),
        Just(Spelling::Escaped),
        Just(Spelling::FirstEscaped),
    ]
}

fn tree() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![Just("1"), Just("null"), Just("\"s\"")].prop_map(Node::Leaf);
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Node::Array),
            prop::collection::vec((name(), spelling(), inner), 0..8).prop_map(Node::Object),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn refused_exactly_when_some_object_has_twins(doc in tree()) {
        let mut text = String::new();
        write(&doc, &mut text);
        let got = json::parse(text.as_bytes());
        let twins = has_twins(&doc);
        match got {
            Ok(_) => prop_assert!(!twins, "{}", text),
            Err(e) => {
                prop_assert_eq!(e.kind, JsonErrorKind::DuplicateKey, "{}", text);
                prop_assert!(twins, "{}", text);
            }
        }
    }

    #[test]
    fn names_the_pairwise_first_twin(
        members in prop::collection::vec((name(), spelling()), 0..40)
    ) {
        let doc = Node::Object(
            members.into_iter().map(|(k, s)| (k, s, Node::Leaf("0"))).collect(),
        );
        let Node::Object(m) = &doc else { unreachable!() };
        let mut text = String::new();
        write(&doc, &mut text);
        match (json::parse(text.as_bytes()), pairwise(m)) {
            (Ok(_), None) => {}
            (Err(e), Some(want)) => {
                prop_assert_eq!(e.kind, JsonErrorKind::DuplicateKey);
                // The offset is the earlier twin's opening quote.
                let doc: serde_json::Value =
                    serde_json::from_str(text[e.offset..].split_once(':').unwrap().0).unwrap();
                prop_assert_eq!(doc.as_str(), Some(want), "{}", text);
            }
            (got, want) => prop_assert!(false, "{:?} vs {:?} in {}", got, want, text),
        }
    }
}

/// Many members, all distinct but for one late pair: the sort finds it
/// wherever it sits.
#[test]
fn a_single_pair_among_many_members() {
    for (a, b) in [(0usize, 126usize), (63, 64), (125, 126), (0, 1)] {
        let names: Vec<String> = (0..127)
            .map(|i| format!("m{}", if i == b { a } else { i }))
            .collect();
        let doc = Node::Object(
            names
                .into_iter()
                .map(|k| (k, Spelling::Plain, Node::Leaf("0")))
                .collect(),
        );
        let mut text = String::new();
        write(&doc, &mut text);
        let e = json::parse(text.as_bytes()).unwrap_err();
        assert_eq!(e.kind, JsonErrorKind::DuplicateKey);
        assert!(
            text[e.offset..].starts_with(&format!("\"m{a}\"")),
            "{a} {b}"
        );
    }
}
