//! Scenarios as data: what the DS answers in the ARes and how the ACS plays
//! the challenge, round by round, including the faults it injects.
//!
//! The format is JSON, documented in `tests/scenarios/README.md`; the built-in
//! scenarios are the files of `tests/scenarios/`, compiled in.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::jose::jws::SigningAlg;

/// One scenario.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    /// Unique name (the `scenario` query parameter).
    pub name: String,
    /// What the scenario shows.
    #[serde(default)]
    pub description: String,
    /// The ARes.
    pub ares: AresSpec,
    /// The challenge rounds (only for transStatus `C`).
    #[serde(default)]
    pub rounds: Vec<Round>,
    /// transStatus of the final CRes after the last round was answered as
    /// expected (`Y` by default).
    #[serde(default = "default_success")]
    pub final_status: String,
    /// transStatus of the final CRes when the cardholder fails or cancels
    /// (`N` by default).
    #[serde(default = "default_failure")]
    pub failure_status: String,
    /// Faults the ACS injects into its answers.
    #[serde(default)]
    pub faults: Vec<Fault>,
    /// `messageExtension` arrays the ACS adds to its CRes messages, by
    /// `acsCounterAtoS`: the CRes with counter `i` carries element `i`
    /// (`null`, or no element: no extension).
    #[serde(default)]
    pub cres_extensions: Vec<Value>,
}

fn default_success() -> String {
    "Y".into()
}
fn default_failure() -> String {
    "N".into()
}

/// The ARes the DS answers.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AresSpec {
    /// `Y`, `A`, `N`, `U`, `R`, `I`, `D` or `C`.
    pub trans_status: String,
    /// transStatusReason (required by the spec for N, U, R).
    #[serde(default)]
    pub trans_status_reason: Option<String>,
    /// For `C`: `01` native or `02` HTML (default `01`).
    #[serde(default)]
    pub acs_interface: Option<String>,
    /// For `C`: signing algorithm of `acsSignedContent` (default: the
    /// simulator configuration).
    #[serde(default)]
    pub signing: Option<SigningAlg>,
    /// cardholderInfo text (required for `D`; a default is used).
    #[serde(default)]
    pub cardholder_info: Option<String>,
    /// Fields merged into the ARes last (a `null` value removes the field).
    #[serde(default)]
    pub extra: Map<String, Value>,
    /// A fault in the ARes itself.
    #[serde(default)]
    pub fault: Option<AresFault>,
}

/// Faults of the ARes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AresFault {
    /// The JWS signature of `acsSignedContent` does not verify.
    BadSignature,
    /// `acsSignedContent` echoes an `sdkEphemPubKey` that is not the SDK's.
    WrongSdkEphemPubKey,
    /// `acsSignedContent` is signed by a self-signed certificate outside the
    /// DS PKI.
    UntrustedChain,
    /// The ARes carries an `sdkTransID` other than the request's.
    WrongSdkTransId,
    /// `acsEphemPubKey` in `acsSignedContent` is not a point on P-256.
    InvalidAcsEphemPubKey,
}

/// One challenge round: the screen a CRes shows and the answer it expects.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Round {
    /// acsUiType `01`–`07`.
    pub ui_type: String,
    /// What the cardholder must answer.
    pub expect: Expect,
    /// Fields merged into the generated screen (`null` removes a field).
    #[serde(default)]
    pub screen: Map<String, Value>,
    /// What happens on a wrong answer (`retry` by default).
    #[serde(default)]
    pub on_wrong: OnWrong,
    /// Attempts before the challenge fails (default 3).
    #[serde(default = "default_attempts")]
    pub max_attempts: u32,
    /// Offer "resend" (UI 01 only; default true for UI 01).
    #[serde(default)]
    pub resend: Option<bool>,
    /// Show a trust-list (2.3.1) / whitelisting (2.2.0) consent text.
    #[serde(default)]
    pub trust_list: bool,
    /// Show a device-binding consent text (2.3.1).
    #[serde(default)]
    pub device_binding: bool,
}

fn default_attempts() -> u32 {
    3
}

impl Round {
    /// Whether the screen offers resend.
    #[must_use]
    pub fn offers_resend(&self) -> bool {
        self.resend.unwrap_or(self.ui_type == "01")
    }
}

/// The answer a round expects from the cardholder.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Expect {
    /// UI 01: this `challengeDataEntry`.
    Entry(String),
    /// UI 02/03: exactly these keys of `challengeSelectInfo`.
    Select(Vec<String>),
    /// UI 04/06: the OOB continue button (`oobContinue`).
    OobContinue,
    /// UI 05/06: this `challengeHTMLDataEntry`.
    Html(String),
    /// UI 05/06: any `challengeHTMLDataEntry`.
    HtmlAny,
    /// UI 07: the information continue button.
    InfoContinue,
    /// Any valid, non-cancel answer.
    Any,
}

/// Reaction to a wrong answer.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum OnWrong {
    /// Show the same screen again with an error text, until `maxAttempts`.
    #[default]
    Retry,
    /// End the challenge at once with the failure status.
    Fail,
}

/// A fault the ACS injects into the answer to one CReq.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    /// The `sdkCounterStoA` (as a number) of the CReq whose answer is faulted.
    #[serde(default)]
    pub at: u32,
    /// What goes wrong.
    pub kind: FaultKind,
    /// For `missingField`/`setField`/`wrongIds`: the field concerned.
    #[serde(default)]
    pub field: Option<String>,
    /// For `setField`/`invalidUiType`/`wrongVersion`: the value to send.
    #[serde(default)]
    pub value: Option<Value>,
    /// For `delay`: milliseconds before answering.
    #[serde(default)]
    pub ms: Option<u64>,
    /// For `erro`: the error code (default `403`).
    #[serde(default)]
    pub code: Option<String>,
}

/// The kinds of injected faults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FaultKind {
    /// acsCounterAtoS (and the GCM IV) differ from the CReq's counter.
    WrongCounter,
    /// The JWE authentication tag is corrupted.
    BadTag,
    /// A transaction id (`field`, default `sdkTransID`) is replaced.
    WrongIds,
    /// messageVersion differs from the transaction's.
    WrongVersion,
    /// An unknown critical message extension is added.
    CriticalExtension,
    /// A required field (`field`, default `challengeCompletionInd`) is removed.
    MissingField,
    /// acsUiType is invalid (`value`, default `"99"`).
    InvalidUiType,
    /// `field` is set to `value` (anything goes).
    SetField,
    /// The correct answer, `ms` milliseconds late.
    Delay,
    /// An Erro (`code`) instead of a CRes.
    Erro,
    /// HTTP 500 with no CRes.
    Http500,
    /// The connection is closed without an answer.
    DropConnection,
}

/// A scenario that failed to parse.
#[derive(Debug)]
pub struct ScenarioError(pub String);

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "scenario: {}", self.0)
    }
}

impl core::error::Error for ScenarioError {}

impl Scenario {
    /// Parses one scenario from JSON.
    ///
    /// # Errors
    /// [`ScenarioError`] when the JSON does not follow the format.
    pub fn from_json(text: &str) -> Result<Self, ScenarioError> {
        let scenario: Self =
            serde_json::from_str(text).map_err(|e| ScenarioError(e.to_string()))?;
        scenario.check()?;
        Ok(scenario)
    }

    fn check(&self) -> Result<(), ScenarioError> {
        let status = self.ares.trans_status.as_str();
        if !matches!(status, "Y" | "A" | "N" | "U" | "R" | "I" | "D" | "C") {
            return Err(ScenarioError(format!(
                "{}: transStatus `{status}` not supported",
                self.name
            )));
        }
        if status == "C" && self.rounds.is_empty() {
            return Err(ScenarioError(format!(
                "{}: a challenge needs at least one round",
                self.name
            )));
        }
        for round in &self.rounds {
            let valid = matches!(
                (round.ui_type.as_str(), &round.expect),
                ("01", Expect::Entry(_) | Expect::Any)
                    | ("02" | "03", Expect::Select(_) | Expect::Any)
                    | ("04", Expect::OobContinue | Expect::Any)
                    | ("05", Expect::Html(_) | Expect::HtmlAny | Expect::Any)
                    | (
                        "06",
                        Expect::OobContinue | Expect::Html(_) | Expect::HtmlAny | Expect::Any
                    )
                    | ("07", Expect::InfoContinue | Expect::Any)
            );
            if !valid {
                return Err(ScenarioError(format!(
                    "{}: round of UI {} cannot expect {:?}",
                    self.name, round.ui_type, round.expect
                )));
            }
        }
        Ok(())
    }
}

/// Built-in scenario files (name, JSON), compiled from `tests/scenarios/`.
const BUILTIN: &[&str] = &[
    include_str!("../scenarios/frictionless-y.json"),
    include_str!("../scenarios/frictionless-a.json"),
    include_str!("../scenarios/frictionless-n.json"),
    include_str!("../scenarios/frictionless-u.json"),
    include_str!("../scenarios/frictionless-r.json"),
    include_str!("../scenarios/frictionless-i.json"),
    include_str!("../scenarios/decoupled.json"),
    include_str!("../scenarios/challenge-text.json"),
    include_str!("../scenarios/challenge-text-wrong-then-right.json"),
    include_str!("../scenarios/challenge-text-fail.json"),
    include_str!("../scenarios/challenge-single-select.json"),
    include_str!("../scenarios/challenge-multi-select.json"),
    include_str!("../scenarios/challenge-oob.json"),
    include_str!("../scenarios/challenge-html.json"),
    include_str!("../scenarios/challenge-html-oob.json"),
    include_str!("../scenarios/challenge-info.json"),
    include_str!("../scenarios/challenge-trust-list.json"),
    include_str!("../scenarios/challenge-device-binding.json"),
    include_str!("../scenarios/challenge-two-rounds.json"),
    include_str!("../scenarios/challenge-cres-extension.json"),
    include_str!("../scenarios/challenge-es256.json"),
    include_str!("../scenarios/fault-wrong-counter.json"),
    include_str!("../scenarios/fault-bad-tag.json"),
    include_str!("../scenarios/fault-wrong-ids.json"),
    include_str!("../scenarios/fault-wrong-version.json"),
    include_str!("../scenarios/fault-critical-extension.json"),
    include_str!("../scenarios/fault-missing-field.json"),
    include_str!("../scenarios/fault-invalid-ui-type.json"),
    include_str!("../scenarios/fault-slow.json"),
    include_str!("../scenarios/fault-erro.json"),
    include_str!("../scenarios/fault-http-500.json"),
    include_str!("../scenarios/fault-drop-connection.json"),
    include_str!("../scenarios/fault-ares-bad-signature.json"),
    include_str!("../scenarios/fault-ares-untrusted-chain.json"),
    include_str!("../scenarios/fault-ares-wrong-sdk-key.json"),
    include_str!("../scenarios/fault-ares-invalid-acs-key.json"),
    include_str!("../scenarios/fault-ares-wrong-sdk-trans-id.json"),
];

/// A set of scenarios by name.
#[derive(Debug, Clone, Default)]
pub struct ScenarioSet {
    by_name: BTreeMap<String, Scenario>,
}

impl ScenarioSet {
    /// The built-in scenarios of `tests/scenarios/`.
    ///
    /// # Errors
    /// [`ScenarioError`] if a built-in file is broken (a bug, caught by tests).
    pub fn builtin() -> Result<Self, ScenarioError> {
        let mut set = Self::default();
        for text in BUILTIN {
            set.insert(Scenario::from_json(text)?);
        }
        Ok(set)
    }

    /// Loads every `*.json` file of `dir` on top of this set.
    ///
    /// # Errors
    /// [`ScenarioError`] naming the first unreadable or invalid file.
    pub fn load_dir(&mut self, dir: &std::path::Path) -> Result<(), ScenarioError> {
        let entries =
            std::fs::read_dir(dir).map_err(|e| ScenarioError(format!("{}: {e}", dir.display())))?;
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
        {
            let text = std::fs::read_to_string(path)
                .map_err(|e| ScenarioError(format!("{}: {e}", path.display())))?;
            let scenario = Scenario::from_json(&text)
                .map_err(|e| ScenarioError(format!("{}: {}", path.display(), e.0)))?;
            self.insert(scenario);
        }
        Ok(())
    }

    /// Adds (or replaces) a scenario.
    pub fn insert(&mut self, scenario: Scenario) {
        self.by_name.insert(scenario.name.clone(), scenario);
    }

    /// The scenario called `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Scenario> {
        self.by_name.get(name)
    }

    /// All scenario names, sorted.
    #[must_use]
    pub fn names(&self) -> Vec<&str> {
        self.by_name.keys().map(String::as_str).collect()
    }
}
