//! Heap allocations per operation, counted by a global allocator wrapper.
//!
//! Each operation runs once to warm up (lazy statics, first-use tables),
//! then the allocations of one more run are counted. The CReq/CRes path of
//! the core must not allocate at all; the process exits non-zero if it
//! does. Figures for the other operations are printed, not asserted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;
use threeds_bench::fixtures::{BUF_LEN, Fixtures};
use threeds_bench::openssl_jose::{self, OpenSslAres, OpenSslKeys};
use threeds_bench::ours;
use threeds_bench::{rng, tx};
use threeds_core::jose::SessionKeys;
use threeds_core::message::ChallengeAnswer;

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call unchanged to the system allocator; only counts.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` twice and returns (allocations, bytes) of the second run.
fn count(mut f: impl FnMut()) -> (usize, usize) {
    f();
    let (a0, b0) = (ALLOCS.load(Ordering::SeqCst), BYTES.load(Ordering::SeqCst));
    f();
    (
        ALLOCS.load(Ordering::SeqCst) - a0,
        BYTES.load(Ordering::SeqCst) - b0,
    )
}

fn main() {
    let fx = Fixtures::new().expect("fixtures");
    let ossl = OpenSslKeys::new(&fx).expect("openssl keys");
    let mut a = vec![0u8; BUF_LEN];
    let mut b = vec![0u8; BUF_LEN];
    let mut r = rng(42);
    // (operation, (allocations, bytes) for threeds, the same for josekit)
    type Row = (String, (usize, usize), (usize, usize));
    let mut rows: Vec<Row> = Vec::new();
    let mut failed = false;

    for (name, ds_key, enc) in [
        (
            "get_auth_request RSA-2048 (Transaction::begin)",
            &fx.ds_public[0],
            ossl.rsa.as_ref(),
        ),
        (
            "get_auth_request P-256 (Transaction::begin)",
            &fx.ds_public[1],
            ossl.ec.as_ref(),
        ),
    ] {
        let params = tx::auth_params(ds_key, &fx.device_info, false);
        let ours = count(|| {
            tx::get_auth_request(&params, &mut r, &mut a).unwrap();
        });
        let jose = count(|| {
            openssl_jose::get_auth_request(enc, &fx.device_info).unwrap();
        });
        rows.push((name.into(), ours, jose));
    }
    for (name, case) in [
        ("check_auth_response PS256, 1-level chain", &fx.ares_ps256),
        ("check_auth_response ES256, 2-level chain", &fx.ares_es256),
    ] {
        let st = OpenSslAres::new(case).unwrap();
        let ours = count(|| {
            ours::check_auth_response(case).unwrap();
        });
        let jose = count(|| {
            openssl_jose::check_auth_response(case, &st).unwrap();
        });
        rows.push((name.into(), ours, jose));
    }
    for (label, case) in &fx.cres {
        let ids = case.ids();
        let keys = SessionKeys::from_bytes(case.session_key);
        let html = label.starts_with("html");
        let answer = if html {
            ChallengeAnswer::Html("otp=123456&submit=Submit")
        } else {
            ChallengeAnswer::Text {
                first: Some("123456"),
                second: None,
            }
        };
        let json_answer = if html {
            json!({"challengeHTMLDataEntry": "otp=123456&submit=Submit"})
        } else {
            json!({"challengeDataEntry": "123456"})
        };
        let ours_creq = count(|| {
            ours::creq(
                &ids,
                &keys,
                case.enc,
                1,
                Some(answer),
                &mut r,
                &mut a,
                &mut b,
            )
            .unwrap();
        });
        let jose_creq = count(|| {
            openssl_jose::creq(case, &json_answer).unwrap();
        });
        let ours_cres = count(|| {
            ours::cres(&ids, &keys, case.enc, 0, &case.jwe, &mut a).unwrap();
        });
        let jose_cres = count(|| {
            openssl_jose::cres(case).unwrap();
        });
        failed |= ours_creq.0 != 0 || ours_cres.0 != 0;
        let screen = if html { "HTML" } else { "text" };
        let enc = label.rsplit('/').next().unwrap_or("");
        rows.push((
            format!("CReq ({screen} answer, {enc})"),
            ours_creq,
            jose_creq,
        ));
        rows.push((format!("CRes {label}"), ours_cres, jose_cres));
    }
    for rec in &fx.transactions {
        let ours = count(|| {
            tx::full_challenge(rec, &fx.device_info, &mut a, &mut b).unwrap();
        });
        rows.push((
            format!(
                "full challenge, 3 rounds, Transaction API ({})",
                rec.enc.name()
            ),
            ours,
            (0, 0),
        ));
    }

    println!(
        "| operation | threeds allocations | threeds bytes | josekit allocations | josekit bytes |"
    );
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (name, (oa, ob), (ja, jb)) in &rows {
        let (ja, jb) = if *ja == 0 && *jb == 0 && name.starts_with("full") {
            ("–".to_owned(), "–".to_owned())
        } else {
            (ja.to_string(), jb.to_string())
        };
        println!("| {name} | {oa} | {ob} | {ja} | {jb} |");
    }
    if failed {
        eprintln!("FAIL: the core allocated on the CReq/CRes path");
        std::process::exit(1);
    }
}
