//! Reads criterion's results (`$CARGO_TARGET_DIR/criterion`, or the
//! directory given as the first argument) and prints the median of each
//! benchmark and the ratios threeds/primitives and threeds/josekit as a
//! Markdown table.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn medians(dir: &Path, out: &mut BTreeMap<String, BTreeMap<String, f64>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let bench = path.join("new/benchmark.json");
        let est = path.join("new/estimates.json");
        if let (Ok(b), Ok(e)) = (std::fs::read(&bench), std::fs::read(&est)) {
            let b: Value = serde_json::from_slice(&b).unwrap_or(Value::Null);
            let e: Value = serde_json::from_slice(&e).unwrap_or(Value::Null);
            let group = b["group_id"].as_str().unwrap_or("?").to_owned();
            let func = b["function_id"].as_str().unwrap_or("?").to_owned();
            if let Some(m) = e["median"]["point_estimate"].as_f64() {
                out.entry(group).or_default().insert(func, m);
            }
        } else if path.file_name().is_some_and(|n| n != "report") {
            medians(&path, out);
        }
    }
}

fn fmt_ns(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
            PathBuf::from(target).join("criterion")
        });
    let mut all = BTreeMap::new();
    medians(&dir, &mut all);
    println!(
        "| benchmark | threeds | primitives | josekit | threeds / primitives | threeds / josekit |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (group, funcs) in &all {
        let get = |k: &str| funcs.get(k).copied();
        match get("threeds") {
            Some(ours) => {
                let cell = |v: Option<f64>| v.map_or("–".into(), fmt_ns);
                let ratio =
                    |v: Option<f64>| v.map_or("–".into(), |v| format!("{:.2}×", ours / v));
                println!(
                    "| {group} | {} | {} | {} | {} | {} |",
                    fmt_ns(ours),
                    cell(get("primitives")),
                    cell(get("josekit")),
                    ratio(get("primitives")),
                    ratio(get("josekit")),
                );
            }
            None => {
                for (f, v) in funcs {
                    println!("| {group}/{f} | {} | – | – | – | – |", fmt_ns(*v));
                }
            }
        }
    }
}
