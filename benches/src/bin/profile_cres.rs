//! A small driver for `valgrind --tool=callgrind`: decrypts and parses each
//! CRes case `N` times (first argument, default 20) with the core.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use threeds_bench::fixtures::{BUF_LEN, cres_cases};
use threeds_bench::ours;
use threeds_core::jose::SessionKeys;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let only = std::env::args().nth(2);
    let mut buf = vec![0u8; BUF_LEN];
    for (label, case) in cres_cases().expect("cases") {
        if only.as_deref().is_some_and(|o| !label.starts_with(o)) {
            continue;
        }
        let ids = case.ids();
        let keys = SessionKeys::from_bytes(case.session_key);
        for _ in 0..n {
            ours::cres(&ids, &keys, case.enc, 0, &case.jwe, &mut buf).unwrap();
        }
    }
}
