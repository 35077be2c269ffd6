//! The scenario script: what the cardholder's action leads to.

use super::action::Action;
use super::screens::Repeat;
use crate::scenario::{Expect, OnWrong};
use crate::sim::Tx;

/// What the ACS does after a valid CReq.
pub(crate) enum Step {
    /// Show round `round` (again).
    Screen(Repeat),
    /// Send the final CRes with this transStatus.
    Final(String),
}

fn matches_expectation(expect: &Expect, action: &Action) -> bool {
    match (expect, action) {
        (
            Expect::Any,
            Action::Entry(_)
            | Action::Html(_)
            | Action::OobContinue
            | Action::InfoContinue
            | Action::NoEntry,
        ) => true,
        (Expect::Entry(want), Action::Entry(got)) => want == got,
        (Expect::Select(want), Action::Entry(got)) => {
            let mut want: Vec<&str> = want.iter().map(String::as_str).collect();
            let mut got: Vec<&str> = got.split(',').collect();
            want.sort_unstable();
            got.sort_unstable();
            want == got
        }
        (Expect::OobContinue, Action::OobContinue | Action::Html(_)) => true,
        (Expect::Html(want), Action::Html(Some(got))) => want == got,
        (Expect::HtmlAny, Action::Html(_)) => true,
        (Expect::InfoContinue, Action::InfoContinue) => true,
        _ => false,
    }
}

/// Moves the script forward and tells what to send.
pub(crate) fn next_step(tx: &mut Tx, action: &Action) -> Step {
    let failure = tx.scenario.failure_status.clone();
    let Some(round) = tx.scenario.rounds.get(tx.round).cloned() else {
        return Step::Final(failure);
    };
    match action {
        Action::Start => {
            tx.attempts = 0;
            Step::Screen(Repeat::First)
        }
        Action::Cancel => Step::Final(failure),
        Action::Resend => Step::Screen(Repeat::Resent),
        Action::AddCode => Step::Screen(Repeat::First),
        _ if matches_expectation(&round.expect, action) => {
            tx.round = tx.round.saturating_add(1);
            tx.attempts = 0;
            if tx.round >= tx.scenario.rounds.len() {
                Step::Final(tx.scenario.final_status.clone())
            } else {
                Step::Screen(Repeat::First)
            }
        }
        _ => {
            tx.attempts = tx.attempts.saturating_add(1);
            if round.on_wrong == OnWrong::Fail || tx.attempts >= round.max_attempts {
                Step::Final(failure)
            } else {
                Step::Screen(Repeat::Wrong(
                    round.max_attempts.saturating_sub(tx.attempts),
                ))
            }
        }
    }
}
