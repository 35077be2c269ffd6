//! `jose::base64url::decode_public` (table-driven, variable time) accepts,
//! rejects and decodes exactly like the constant-time `decode` (base64ct).

use proptest::prelude::*;
use threeds_core::jose::base64url;

fn same(text: &str, cap: usize) {
    let mut a = vec![0u8; cap];
    let mut b = vec![0u8; cap];
    let want = base64url::decode(text, &mut a).map(<[u8]>::to_vec);
    let got = base64url::decode_public(text, &mut b).map(<[u8]>::to_vec);
    assert_eq!(got, want, "{text:?} into {cap}");
}

#[test]
fn edge_cases() {
    for t in [
        "", "A", "AA", "AB", "AQ", "AAA", "AAB", "AAE", "AAAA", "____", "-_-_", "QUJD", "QUJDRA",
        "QUJDRE", "QUJDREU", "QUJDREV", "QQ==", "QQ", "a+b/", "a b", "é", "AAAAé", "\0\0\0\0",
    ] {
        for cap in [0, 1, 2, 3, 4, 5, 16] {
            same(t, cap);
        }
    }
}

proptest! {
    #[test]
    fn matches_the_constant_time_decoder(
        text in "[A-Za-z0-9_=+/ .-]{0,40}",
        cap in 0usize..40,
    ) {
        same(&text, cap);
    }

    #[test]
    fn round_trips_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text: String = <base64ct::Base64UrlUnpadded as base64ct::Encoding>::encode_string(&bytes);
        same(&text, bytes.len());
        let mut out = vec![0u8; bytes.len()];
        prop_assert_eq!(base64url::decode_public(&text, &mut out).unwrap(), &bytes[..]);
    }
}
