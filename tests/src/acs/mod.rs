//! The ACS role: CReq in, CRes (or Erro) out.

mod action;
mod cres;
mod erro;
mod process;
pub(crate) mod screens;
mod script;
pub(crate) mod validate;

use serde_json::json;

use crate::records::{TxState, Violation, ViolationKind};
use crate::scenario::FaultKind;
use crate::sim::{HttpAnswer, Sim};
use crate::util;
use cres::answer;
use erro::{receive_erro, refuse};
use process::process;

impl Sim {
    /// The ACS role: a POST of `body` to `/acs/<acs_trans_id>`.
    ///
    /// A JWE body is a CReq; a JSON body (`content_type` JSON, or a body that
    /// starts with `{`) is an Erro from the SDK, recorded and never answered
    /// (empty 200). Every rule the CReq breaks is answered with an Erro
    /// (errorComponent `A`) and recorded as a [`Violation`].
    #[must_use]
    pub fn handle_creq(
        &self,
        acs_trans_id: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> HttpAnswer {
        let mut state = self.lock();
        let Some(tx) = state.txs.get_mut(acs_trans_id) else {
            let violation = Violation {
                kind: ViolationKind::WrongIds,
                code: "301".into(),
                detail: "acsTransID".into(),
                counter: None,
            };
            let erro = json!({
                "messageType": "Erro",
                "messageVersion": "2.2.0",
                "errorCode": "301",
                "errorComponent": "A",
                "errorDescription": util::error_description("301"),
                "errorDetail": "acsTransID",
                "errorMessageType": "CReq",
            });
            state.unknown.push((acs_trans_id.to_owned(), violation));
            return HttpAnswer::json(&erro);
        };
        let is_json = content_type.is_some_and(|c| c.to_ascii_lowercase().contains("json"))
            || body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        if is_json {
            tx.record.erro_bodies_received.push(body.to_vec());
            receive_erro(tx, body);
            return HttpAnswer::ok("text/plain; charset=UTF-8", Vec::new());
        }
        tx.record.creq_bodies.push(body.to_vec());
        // Transport faults answer before the CReq is consumed, so the same
        // CReq could be sent again.
        if tx.record.state == TxState::Challenge {
            let at = tx.counter;
            // Each transport fault fires once: a retry of the same CReq succeeds.
            let pending = tx.scenario.faults.iter().enumerate().find(|(i, f)| {
                f.at == at
                    && matches!(f.kind, FaultKind::Http500 | FaultKind::DropConnection)
                    && !tx.fired_transport_faults.contains(i)
            });
            if let Some((index, fault)) = pending {
                let kind = fault.kind;
                tx.fired_transport_faults.insert(index);
                match kind {
                    FaultKind::Http500 => {
                        return HttpAnswer {
                            status: 500,
                            content_type: "text/plain; charset=UTF-8".into(),
                            body: b"Internal Server Error".to_vec(),
                            delay_ms: 0,
                            drop_connection: false,
                        };
                    }
                    FaultKind::DropConnection => {
                        return HttpAnswer {
                            status: 0,
                            content_type: String::new(),
                            body: Vec::new(),
                            delay_ms: 0,
                            drop_connection: true,
                        };
                    }
                    _ => {}
                }
            }
        }
        let base = self.acs_base();
        let answered = match process(tx, body) {
            Ok((counter, action, oob_ind)) => {
                answer(tx, counter, &action, oob_ind.as_deref(), &base)
            }
            Err((refusal, counter)) => refuse(tx, refusal, counter),
        };
        tx.record.acs_answers.push(answered.body.clone());
        answered
    }
}
