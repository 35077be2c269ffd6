//! `docs/reference-map.md` must have a row for every name of `docs/reference-names.txt`,
//! and what it claims as done must exist.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use threeds_core::client::error::ErrorCode;
use threeds_core::client::setting::{Setting, SettingKind};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Section name -> names, in file order.
fn names() -> Vec<(String, Vec<String>)> {
    let text = fs::read_to_string(root().join("docs/reference-names.txt")).unwrap();
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(section) = line.strip_prefix("# ") {
            out.push((section.to_string(), Vec::new()));
        } else {
            out.last_mut()
                .expect("a name before any # section")
                .1
                .push(line.to_string());
        }
    }
    out
}

struct Row {
    status: String,
    api: String,
    note: String,
}

/// Section -> name -> row.
fn map() -> BTreeMap<String, BTreeMap<String, Row>> {
    let text = fs::read_to_string(root().join("docs/reference-map.md")).unwrap();
    let mut out: BTreeMap<String, BTreeMap<String, Row>> = BTreeMap::new();
    let mut section = None;
    for line in text.lines() {
        if let Some(s) = line.strip_prefix("## ") {
            section = Some(s.trim().to_string());
            continue;
        }
        let Some(row) = line.strip_prefix("| `") else {
            continue;
        };
        let cells: Vec<&str> = row.split(" | ").collect();
        assert!(cells.len() >= 4, "malformed row: {line}");
        let name = cells[0].trim_end_matches('`').to_string();
        let s = section.clone().expect("row before any ## section");
        let prev = out.entry(s.clone()).or_default().insert(
            name.clone(),
            Row {
                status: cells[1].trim().to_string(),
                api: cells[2].trim().to_string(),
                note: cells[3].trim_end_matches('|').trim().to_string(),
            },
        );
        assert!(prev.is_none(), "duplicate row {name} in {s}");
    }
    out
}

fn client_sources() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/client");
    let mut all = String::new();
    for entry in fs::read_dir(dir).unwrap() {
        all.push_str(&fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    // The modules the facade re-exports: XPath over JSON, masked log lines,
    // device information collection.
    for file in ["json/xpath.rs", "log_line.rs", "device_collect.rs"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(file);
        all.push_str(&fs::read_to_string(path).unwrap());
    }
    // The TLS and certificate-store properties live in threeds-std, with
    // the TLS and the store formats.
    for file in [
        "tls_properties.rs",
        "connection_properties.rs",
        "cert_stores.rs",
        "https/reconfigure.rs",
    ] {
        let path = root().join("platform-std/src").join(file);
        all.push_str(&fs::read_to_string(path).unwrap());
    }
    all
}

#[test]
fn every_reference_name_has_a_row() {
    let names = names();
    assert!(
        names.len() >= 6,
        "sections missing from reference-names.txt"
    );
    let map = map();
    let mut missing = Vec::new();
    for (section, items) in &names {
        for name in items {
            if !map.get(section).is_some_and(|rows| rows.contains_key(name)) {
                missing.push(format!("{section}: {name}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no row in reference-map.md for: {missing:#?}"
    );
}

#[test]
fn no_row_without_a_reference_name() {
    let names: BTreeMap<String, BTreeSet<String>> = names()
        .into_iter()
        .map(|(s, v)| (s, v.into_iter().collect()))
        .collect();
    for (section, rows) in map() {
        if section.starts_with("extensions:") {
            // Our own names: none may shadow a reference name.
            for name in rows.keys() {
                assert!(
                    !names.values().any(|n| n.contains(name)),
                    "{section}: {name} is a reference name"
                );
            }
            continue;
        }
        let known = names
            .get(&section)
            .unwrap_or_else(|| panic!("unknown section {section}"));
        for name in rows.keys() {
            assert!(
                known.contains(name),
                "{section}: {name} is not a reference name"
            );
        }
    }
}

#[test]
fn rows_are_well_formed() {
    for (section, rows) in map() {
        for (name, row) in rows {
            match row.status.as_str() {
                "done" | "planned" => assert!(
                    row.api.contains('`'),
                    "{section}: {name}: a {} row names its API",
                    row.status
                ),
                "n/a" => assert!(
                    !row.note.is_empty(),
                    "{section}: {name}: n/a needs a reason"
                ),
                other => panic!("{section}: {name}: unknown status {other}"),
            }
        }
    }
}

/// Every `Type::function(` a done row names is a function in `core/src/client/`
/// or a module it re-exports (or, for the TLS and store properties, in threeds-std).
#[test]
fn done_rows_name_existing_functions() {
    let src = client_sources();
    for (section, rows) in map() {
        for (name, row) in rows.iter().filter(|(_, r)| r.status == "done") {
            let mut rest = row.api.as_str();
            while let Some(pos) = rest.find("::") {
                let after = &rest[pos + 2..];
                let ident: String = after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if after[ident.len()..].starts_with('(') {
                    // Accessors generated by the `ui_str!`/`ui_copy!` macros appear as
                    // `name => …` / `name: ty => …`, those of the `properties!` table as
                    // `name: ty = default, kind / set_name, …`.
                    let by_macro = src.lines().any(|l| {
                        let l = l.trim_start();
                        l.starts_with(&format!("{ident} => "))
                            || l.starts_with(&format!("{ident}: "))
                            || l.contains(&format!(" / {ident}, "))
                    });
                    assert!(
                        by_macro
                            || src.contains(&format!("fn {ident}("))
                            || src.contains(&format!("fn {ident}<")),
                        "{section}: {name}: `{ident}` is not a function in core/src/client"
                    );
                }
                rest = after;
            }
        }
    }
}

#[test]
fn config_names_match_the_setting_enum() {
    let names = names();
    let mut from_doc = BTreeSet::new();
    for (section, items) in &names {
        if !section.starts_with("config:") {
            continue;
        }
        for name in items {
            let base = name.split('[').next().unwrap();
            let setting =
                Setting::lookup(base).unwrap_or_else(|| panic!("{name} is not a Setting"));
            assert_eq!(setting.name(), base, "spelling of {name}");
            assert_eq!(setting.indexed(), name.contains('['), "index of {name}");
            if section == "config: ssl" {
                assert!(
                    matches!(setting.kind(), SettingKind::Unsupported(_)),
                    "{name}"
                );
            }
            from_doc.insert(base.to_string());
        }
    }
    // And the settings of ours, documented as extensions.
    let ours: BTreeSet<String> = map()
        .remove("extensions: config")
        .unwrap_or_default()
        .into_keys()
        .collect();
    for s in Setting::ALL {
        assert!(
            from_doc.contains(s.name()) || ours.contains(s.name()),
            "Setting::{s:?} is neither a reference name nor a documented extension"
        );
    }
    assert_eq!(from_doc.len() + ours.len(), Setting::ALL.len());
}

#[test]
fn done_error_rows_match_the_error_enum() {
    for (section, rows) in map() {
        if !section.starts_with("errors:") {
            continue;
        }
        for (name, row) in rows {
            let code: u16 = name.parse().unwrap();
            if row.api.contains("from_code") {
                let e = ErrorCode::from_code(code)
                    .unwrap_or_else(|| panic!("{section}: {code} missing from ErrorCode"));
                assert_eq!(e.code(), code);
            }
        }
    }
    // And every code the enum reports is a reference code.
    let map = map();
    for e in ErrorCode::ALL {
        let listed = map
            .iter()
            .filter(|(s, _)| s.starts_with("errors:"))
            .any(|(_, rows)| {
                rows.get(&e.code().to_string())
                    .is_some_and(|r| r.status == "done")
            });
        assert!(listed, "{e:?} ({}) has no done row", e.code());
    }
}

/// The test functions of the workspace's integration suites and of the
/// Python binding's pytest files, as `file::function`.
fn workspace_tests() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Ok(entries) = fs::read_dir(root().join("bindings/python/tests")) {
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "py") {
                continue;
            }
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            for line in fs::read_to_string(&path).unwrap().lines() {
                if let Some(f) = line.strip_prefix("def test_") {
                    let name: String = f
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    out.insert(format!("{stem}::test_{name}"));
                }
            }
        }
    }
    for dir in [
        "core/tests",
        "tests/tests",
        "platform-std/tests",
        "cli/tests",
    ] {
        let Ok(entries) = fs::read_dir(root().join(dir)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&path).unwrap();
            let mut lines = text.lines().map(str::trim);
            while let Some(line) = lines.next() {
                if line != "#[test]" {
                    continue;
                }
                let Some(f) = lines.next().and_then(|l| l.strip_prefix("fn ")) else {
                    continue;
                };
                let name: String = f
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.insert(format!("{stem}::{name}"));
            }
        }
    }
    out
}

/// Every `done` row names its crate and the tests that exercise it, and
/// every test a row names exists: a row cannot claim coverage that is not
/// there.
#[test]
fn named_tests_exist() {
    let tests = workspace_tests();
    assert!(tests.len() > 50, "test discovery found {}", tests.len());
    let mut named = 0;
    for (section, rows) in map() {
        for (name, row) in rows {
            let listed = row
                .note
                .split_once("test: ")
                .or_else(|| row.note.split_once("tests: "))
                .map(|(_, t)| t);
            if row.status == "done" {
                assert!(listed.is_some(), "{section}: {name}: no test named");
                assert!(
                    row.note.contains("threeds-core") || row.note.contains("threeds-std"),
                    "{section}: {name}: no crate named (threeds-core or threeds-std)"
                );
            }
            let Some(listed) = listed else { continue };
            for test in listed.split(", ").map(|t| t.trim().trim_matches('`')) {
                assert!(tests.contains(test), "{section}: {name}: no test {test}");
                named += 1;
            }
        }
    }
    assert!(named >= 10, "{named} tests named");
}
