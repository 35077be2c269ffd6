//! The facade's whole `send_challenge_request` path: a `Client` imports a
//! live challenge (counter 0, the fixed session key) and talks to a fake
//! transport that answers each CReq with the next input segment. Segment
//! byte 0: bit 0 = send the rest as the raw body (else seal it as the ACS
//! would for that CReq's counter), bits 1..3 = the answer the app sets
//! before the call, bits 4..7 = the HTTP status class (0 = 200). Each call
//! is followed by the read-outs an app makes (UI properties, the CRes as
//! `ChallengeResponse`, an XPath query), so the facade's own code over
//! received bytes runs too. Invariant: no panic, and a refused or finished
//! challenge never sends another CReq.
#![no_main]
use rand_chacha::rand_core::SeedableRng;
use threeds_core::client::events::{ClientEvents, LogLevel, LogType};
use threeds_core::client::facade::Client;
use threeds_core::jose::{ContentEncryption as E, Direction, SessionKeys, jwe, session};
use threeds_core::platform::{
    Clock, HttpRequest, HttpResponse, TransportError, TransportErrorKind,
};
use threeds_fuzz::{ACS_ID, SESSION_KEY, challenge_export, segments};

/// Answers each POST with the next segment; counts CReqs.
struct Acs<'a> {
    segments: Vec<&'a [u8]>,
    next: usize,
    gcm: bool,
    creqs: u8,
}

#[derive(Debug)]
struct Refused;

impl core::fmt::Display for Refused {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("no more answers")
    }
}

impl TransportError for Refused {
    fn kind(&self) -> TransportErrorKind {
        TransportErrorKind::Connection
    }
}

impl threeds_core::platform::Transport for Acs<'_> {
    type Error = Refused;

    fn post(&mut self, request: &HttpRequest<'_>, out: &mut [u8]) -> Result<HttpResponse, Refused> {
        if request.content_type != threeds_core::transaction::CREQ_CONTENT_TYPE {
            return Ok(HttpResponse {
                status: 200,
                body_len: 0,
            }); // an Erro
        }
        let counter = self.creqs;
        self.creqs = self.creqs.wrapping_add(1);
        let seg = self.segments.get(self.next).ok_or(Refused)?;
        self.next += 1;
        let Some((&ctl, body)) = seg.split_first() else {
            return Err(Refused);
        };
        let status = [200, 200, 302, 404, 500][usize::from(ctl >> 4) % 5];
        let enc = if self.gcm {
            E::A128Gcm
        } else {
            E::A128CbcHs256
        };
        let len = if ctl & 1 == 1 {
            let n = body.len().min(out.len());
            out[..n].copy_from_slice(&body[..n]);
            n
        } else {
            let keys = SessionKeys::from_bytes(SESSION_KEY);
            let key = keys.key_for(enc, Direction::AcsToSdk);
            let iv = session::gcm_counter_iv(Direction::AcsToSdk, counter);
            let iv: &[u8] = if self.gcm { &iv } else { &[9u8; 16] };
            let mut wire = vec![0u8; body.len() * 2 + 256];
            let n =
                jwe::encrypt_dir(enc, key, ACS_ID, iv, body, &mut wire).expect("sealing succeeds");
            let n = n.min(out.len());
            out[..n].copy_from_slice(&wire[..n]);
            n
        };
        Ok(HttpResponse {
            status,
            body_len: len,
        })
    }
}

/// Ten seconds pass per call, so the challenge timers can fire too.
struct Ticks(core::cell::Cell<u64>);

impl Clock for Ticks {
    fn now_unix(&self) -> u64 {
        1_750_000_000 + self.0.get() / 1000
    }
    fn monotonic_ms(&self) -> u64 {
        let t = self.0.get() + 10_000;
        self.0.set(t);
        t
    }
}

/// Reads every log line, as an app's logger would.
struct Logs(usize);

impl ClientEvents for Logs {
    fn on_log(&mut self, _level: LogLevel, _log_type: LogType, message: &str) {
        self.0 = self.0.wrapping_add(message.len());
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let gcm = mode & 1 != 0;
    let segs = segments(rest, 12);
    let acs = Acs {
        segments: segs.clone(),
        next: 0,
        gcm,
        creqs: 0,
    };
    let rng = rand_chacha::ChaCha20Rng::from_seed([mode; 32]);
    let mut client = Client::new(acs, rng, Ticks(core::cell::Cell::new(0)), Logs(0));
    let _ = client.config("LogLevel=3");
    client
        .import_state(&challenge_export(mode >> 1, gcm))
        .expect("fixture imports");
    for seg in &segs {
        let pick = seg.first().map_or(0, |c| (c >> 1) & 7);
        match pick {
            0 => client.set_challenge_data_entry("123456"),
            1 => client.set_challenge_data_entry("1,2"),
            2 => client.set_challenge_data_entry_two("654321"),
            3 => client.set_oob_continuation_indicator(1),
            4 => {
                let _ = client.set_challenge_cancellation_indicator("01");
            }
            5 => client.set_whitelisting_data_entry(true),
            6 => client.set_oob_app_status(1),
            _ => {}
        }
        let sent_before = client.transport_mut().creqs;
        let result = client.send_challenge_request();
        let _ = (client.acsui_type(), client.challenge_info_text().len());
        let _ = client.config("ChallengeResponse");
        let _ = client.config("XPath=/challengeInfoText");
        let _ = client.config("XText");
        let _ = client.transaction_status();
        if result.is_err() || client.challenge_complete() {
            // Nothing may leave after the end.
            let _ = client.send_challenge_request();
            let _ = client.send_challenge_request();
            assert!(client.transport_mut().creqs <= sent_before + 1);
            break;
        }
    }
});
