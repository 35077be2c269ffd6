//! The terminal's own code, shared by the firmware examples: one whole
//! transaction (AReq to the back end, ARes check, challenge through the core's
//! exchange driver) over any `Transport`, with fixed-size buffers. The
//! examples differ only in the transport they pass in.

use threeds_core::message::{
    ChallengeAnswer, ChallengeScreen, Interface, MessageVersion, TransStatus, UiType,
};
use threeds_core::pki::TrustAnchors;
use threeds_core::platform::{Clock, HttpRequest, Rng, Transport};
use threeds_core::transaction::{
    AcsTrust, AresOutcome, AuthParams, ChallengeInput, CresOutcome, Timeouts, Transaction,
    run_exchange,
};
use threeds_std::certs::{CertFormat, CertStore};

use crate::{BoxError, SimTarget};

/// The UI types a native-only terminal offers (no HTML renderer).
const UI_TYPES: [UiType; 4] = [
    UiType::Text,
    UiType::SingleSelect,
    UiType::MultiSelect,
    UiType::Oob,
];

/// Runs the `challenge-text` scenario over `transport`; returns transStatus.
///
/// # Errors
/// Any provisioning, transport or protocol failure, as text.
pub fn run_transaction<T, K, R>(
    sim: &SimTarget,
    transport: &mut T,
    clock: &K,
    rng: &mut R,
) -> Result<TransStatus, BoxError>
where
    T: Transport,
    T::Error: core::fmt::Display,
    K: Clock,
    R: Rng,
{
    // Provisioned at manufacture or by the terminal management system.
    let ds_key = CertStore::from_file(&sim.file("ds-enc-ec.crt.pem"), CertFormat::Auto, "")?
        .public_key("*")?;
    let acs_roots = CertStore::from_file(&sim.file("ds-root.crt.pem"), CertFormat::Auto, "")?;
    let root_ders: Vec<&[u8]> = acs_roots.certificates().iter().map(|c| c.der()).collect();
    let roots = TrustAnchors::from_der(&root_ders).map_err(|e| format!("ACS roots: {e:?}"))?;

    // Fixed buffers, sized for native UIs (an HTML CRes needs far more).
    let mut areq = [0u8; 8 * 1024];
    let mut ares = [0u8; 16 * 1024];
    let mut creq = [0u8; 4 * 1024];
    let mut cres = [0u8; 16 * 1024];
    let mut plain = [0u8; 16 * 1024];
    let version = MessageVersion::V2_2_0;
    let params = AuthParams {
        version,
        ds_key: &ds_key,
        ds_key_id: None,
        ds_id: "A000000802",
        sdk_app_id: "9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
        sdk_reference_number: "THREEDS-EXAMPLE-01",
        timeouts: Timeouts::default(),
        device_info: br#"{"DV":"1.0","DD":{"C001":"Linux","C002":"payment terminal"}}"#,
        use_aes_gcm: true,
        sdk_interface: Interface::Native,
        sdk_ui_types: &UI_TYPES,
        requestor_app_url: None,
        oob_app_url_supported: false,
    };
    let mut txn = Transaction::new();
    let sdk_part = txn
        .begin(&params, rng, clock.monotonic_ms(), &mut areq)
        .map_err(|e| e.to_string())?;

    // The terminal's back end (its 3DS Server) over the same transport.
    let auth_url = sim.auth_url("challenge-text");
    let response = transport
        .post(
            &HttpRequest {
                url: &auth_url,
                content_type: "application/json; charset=utf-8",
                body: &areq[..sdk_part.len],
                timeout_ms: 30_000,
            },
            &mut ares,
        )
        .map_err(|e| e.to_string())?;
    if response.status != 200 {
        return Err(format!("the 3DS Server answered HTTP {}", response.status).into());
    }
    match txn
        .handle_ares(
            &ares[..response.body_len],
            &AcsTrust::roots(&roots),
            clock.now_unix(),
        )
        .map_err(|e| e.to_string())?
    {
        AresOutcome::Challenge(_) => {}
        AresOutcome::Frictionless(a) | AresOutcome::Decoupled(a) => {
            return Ok(a.trans_status);
        }
        AresOutcome::Erro(e) => return Err(format!("Erro from the DS: {e:?}").into()),
    }

    let mut answer = ChallengeAnswer::Initial;
    for _round in 0..10 {
        let outcome = run_exchange(
            &mut txn,
            transport,
            &ChallengeInput::new(answer),
            rng,
            clock,
            &mut creq,
            &mut cres,
            &mut plain,
        )
        .map_err(|e| e.to_string())?;
        answer = match outcome {
            CresOutcome::Screen {
                screen: ChallengeScreen::Text { .. },
                ..
            } => {
                // The keypad entry would come from the PIN pad here.
                println!("  text screen: entering the one-time code");
                ChallengeAnswer::Text {
                    first: Some("123456"),
                    second: None,
                }
            }
            CresOutcome::Screen { ui_type, .. } => {
                return Err(format!("UI type {ui_type:?} is not handled here").into());
            }
            CresOutcome::Completed(status) => return Ok(status),
            other => return Err(format!("the challenge ended: {other:?}").into()),
        };
    }
    Err("the ACS did not end the challenge".into())
}
