//! No input makes a message parser panic: random bytes, and valid messages
//! with one member replaced by an arbitrary JSON value.

use proptest::prelude::*;
use serde_json::{Value as J, json};
use threeds_core::message::*;

const SRV: &str = "8a880dc0-d2d2-4067-bcb1-b08d1690b26e";
const ACS: &str = "d7c1ee99-9478-44a6-b1f2-391e29c6b340";
const SDK: &str = "b2385523-a66c-4907-ac3c-91848e8c0067";

fn parse_all(bytes: &[u8]) {
    for v in MessageVersion::ALL {
        let c = CresExpectation {
            version: v,
            three_ds_server_trans_id: SRV,
            acs_trans_id: ACS,
            sdk_trans_id: SDK,
            counter: 0,
            understood_extensions: &["A000000802-001"],
            decoupled_fallback: true,
        };
        if let Ok(ChallengeResponse::Cres(cres)) = ChallengeResponse::parse(bytes, &c) {
            if let CresBody::Challenge {
                screen: ChallengeScreen::Html { html, .. },
                ..
            } = cres.body
            {
                let mut buf = vec![0u8; html.decoded_len_max()];
                let _ = html.decode_into(&mut buf);
            }
            if let CresBody::Challenge {
                screen: ChallengeScreen::SingleSelect { options, .. },
                ..
            } = cres.body
            {
                let _ = options.iter().count();
            }
        }
        let a = AresExpectation {
            version: v,
            sdk_trans_id: SDK,
            understood_extensions: &[],
        };
        let _ = AuthResponse::parse(bytes, &a);
    }
    let _ = Erro::parse(bytes);
    let _ = AcsSignedPayload::parse(bytes);
}

fn arb_json() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "\\PC{0,8}".prop_map(J::String),
        prop_oneof![
            Just("01"),
            Just("05"),
            Just("Y"),
            Just("N"),
            Just("C"),
            Just("2.3.1"),
            Just(SRV)
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(J::Array),
            proptest::collection::btree_map("[a-zA-Z]{1,6}", inner, 0..4)
                .prop_map(|m| J::Object(m.into_iter().collect())),
        ]
    })
}

fn bases() -> Vec<J> {
    vec![
        json!({"messageType": "CRes", "messageVersion": "2.3.1", "threeDSServerTransID": SRV, "acsTransID": ACS,
            "sdkTransID": SDK, "acsCounterAtoS": "000", "challengeCompletionInd": "N", "acsUiType": "02",
            "challengeInfoHeader": "h", "challengeInfoText": "t", "challengeInfoLabel": "l",
            "submitAuthenticationLabel": "s", "challengeSelectInfo": [{"a": "b"}],
            "issuerImage": {"default": "https://x/y"}, "challengeEntryBox": {"challengeDataEntryLabel": "x"},
            "messageExtension": [{"name": "n", "id": "i", "criticalityIndicator": false, "data": {}}]}),
        json!({"messageType": "CRes", "messageVersion": "2.2.0", "threeDSServerTransID": SRV, "acsTransID": ACS,
            "sdkTransID": SDK, "acsCounterAtoS": "000", "challengeCompletionInd": "N", "acsUiType": "05",
            "acsHTML": "PGh0bWw-", "acsHTMLRefresh": "PGh0bWw-"}),
        json!({"messageType": "ARes", "messageVersion": "2.3.1", "threeDSServerTransID": SRV, "acsTransID": ACS,
            "dsTransID": SRV, "sdkTransID": SDK, "transStatus": "C", "acsChallengeMandated": "Y",
            "acsRenderingType": {"acsInterface": "01", "acsUiTemplate": "01", "deviceUserInterfaceMode": "01"},
            "acsSignedContent": "a.b.c", "acsReferenceNumber": "r", "dsReferenceNumber": "d",
            "threeDSRequestorAppURLInd": "Y", "deviceInfoRecognisedVersion": "1.0", "cardholderInfo": {"text": "x"}}),
        json!({"acsURL": "https://a/b", "acsEphemPubKey": {"kty": "EC"}, "sdkEphemPubKey": {"kty": "EC"}}),
        json!({"messageType": "Erro", "errorCode": "101", "errorComponent": "A"}),
    ]
}

proptest! {
    #[test]
    fn random_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        parse_all(&data);
    }

    #[test]
    fn mutated_messages_never_panic(which in 0usize..5, field in 0usize..32, value in arb_json()) {
        let mut m = bases()[which].clone();
        let obj = m.as_object_mut().unwrap();
        let keys: Vec<String> = obj.keys().cloned().collect();
        let k = keys[field % keys.len()].clone();
        obj.insert(k, value);
        parse_all(&serde_json::to_vec(&m).unwrap());
    }
}
