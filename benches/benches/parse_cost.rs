//! Parse cost against input size: what a hostile ACS can make the SDK spend
//! before any authentication.
//!
//! - `ares_members/N`: `AuthResponse::parse` of a 2.2.0 ARes carrying N
//!   unknown members (the duplicate check once walked them pairwise; the
//!   parser now refuses the 128th member of an object with 101).
//! - `json_members/N`: `json::parse` of an array of objects of 100 members
//!   each, N members in all: every object's duplicate check, at every depth,
//!   costs the same per member whatever N is.
//! - `select_info/N`: `ChallengeResponse::parse` of a decrypted 2.2.0 CRes
//!   with N `challengeSelectInfo` options (no limit in 2.1.0/2.2.0 before;
//!   64 now, refused before any option is read).
//!
//! Full run: `cargo bench --manifest-path benches/Cargo.toml --bench parse_cost`.
//! Quick: append `-- --warm-up-time 0.1 --measurement-time 0.5 --noplot`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Map, Value, json};
use threeds_core::json;
use threeds_core::message::{
    AresExpectation, AuthResponse, ChallengeResponse, CresExpectation, MessageVersion,
};

const SDK: &str = "2e1d4f5a-1c1a-4a2e-9c7e-6a8f1b2c3d4e";
const ACS: &str = "d7c1ee99-9478-44a6-b1f2-391e29c6b340";
const SERVER: &str = "8a880dc0-d2d2-4067-bcb1-b08d1690b26e";

/// `n` members named `x0`, `x1`, … with short string values.
fn members(n: usize, prefix: &str) -> Map<String, Value> {
    (0..n)
        .map(|i| (format!("{prefix}{i}"), json!("v")))
        .collect()
}

fn ares(n: usize) -> Vec<u8> {
    let mut a = json!({
        "messageType": "ARes", "messageVersion": "2.2.0",
        "threeDSServerTransID": SERVER, "acsTransID": ACS,
        "dsTransID": "1c7b4b8e-2f0c-4bdb-9f1c-6a5e2a1d9c01", "sdkTransID": SDK,
        "transStatus": "Y", "acsReferenceNumber": "ACS-REF-0001",
        "dsReferenceNumber": "DS-REF-0001",
        "authenticationValue": "AAABBZEEBgAAAAAAAAAAAAAAAAA=", "eci": "05",
    });
    a.as_object_mut().unwrap().extend(members(n, "x"));
    a.to_string().into_bytes()
}

fn objects(n: usize) -> Vec<u8> {
    let per = 100;
    let all: Vec<Value> = (0..n.div_ceil(per))
        .map(|i| Value::Object(members(per.min(n - i * per), "k")))
        .collect();
    Value::Array(all).to_string().into_bytes()
}

fn cres_select(n: usize) -> Vec<u8> {
    let options: Vec<Value> = (0..n).map(|i| json!({format!("{i}"): "Option"})).collect();
    json!({
        "messageType": "CRes", "messageVersion": "2.2.0",
        "threeDSServerTransID": SERVER, "acsTransID": ACS, "sdkTransID": SDK,
        "acsCounterAtoS": "000", "challengeCompletionInd": "N", "acsUiType": "02",
        "challengeInfoHeader": "Verify", "challengeInfoLabel": "Choose",
        "challengeInfoText": "Where should we send the code?",
        "submitAuthenticationLabel": "Next", "challengeSelectInfo": options,
    })
    .to_string()
    .into_bytes()
}

fn benches(c: &mut Criterion) {
    let expect_ares = AresExpectation {
        version: MessageVersion::V2_2_0,
        sdk_trans_id: SDK,
        understood_extensions: &[],
    };
    let mut g = c.benchmark_group("ares_members");
    for n in [100usize, 1_000, 4_000, 10_000, 100_000] {
        let doc = ares(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &doc, |b, doc| {
            b.iter(|| AuthResponse::parse(black_box(doc), &expect_ares).is_ok())
        });
    }
    g.finish();

    let mut g = c.benchmark_group("json_members");
    for n in [100usize, 1_000, 10_000, 100_000] {
        let doc = objects(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &doc, |b, doc| {
            b.iter(|| json::parse(black_box(doc)).is_ok())
        });
    }
    g.finish();

    let expect_cres = CresExpectation {
        version: MessageVersion::V2_2_0,
        three_ds_server_trans_id: SERVER,
        acs_trans_id: ACS,
        sdk_trans_id: SDK,
        counter: 0,
        understood_extensions: &[],
        decoupled_fallback: false,
    };
    let mut g = c.benchmark_group("select_info");
    for n in [8usize, 64, 1_000, 4_000] {
        let doc = cres_select(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &doc, |b, doc| {
            b.iter(|| ChallengeResponse::parse(black_box(doc), &expect_cres).is_ok())
        });
    }
    g.finish();
}

criterion_group! {
    name = parse_cost;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(parse_cost);
