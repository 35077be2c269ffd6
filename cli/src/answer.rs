//! The cardholder's answer to a screen: parsed from `--answer` text or read
//! from the terminal.
//!
//! Text forms: plain text (UI 01 entry; UI 05/06 form data), option keys
//! comma-separated (UI 02/03; 1-based numbers and labels work too),
//! `@continue` (UI 04/06/07), `@resend`, `@cancel`, `@empty`
//! (challengeNoEntry), `@add-code` (2.3.1 challengeAddCode).

use std::io::{BufRead, Write};

use threeds_core::message::{ChallengeAnswer, ChallengeCancel, ChallengeScreen, OobContinue};
use zeroize::Zeroizing;

use crate::html::{FormField, HtmlView, form_data};
use crate::render::json_str;

/// An answer that owns its text (wiped on drop).
#[derive(Clone)]
pub enum Answer {
    /// The first CReq.
    Initial,
    /// UI 01 entries.
    Text(Zeroizing<String>, Option<Zeroizing<String>>),
    /// UI 02 key.
    Single(String),
    /// UI 03 keys.
    Multi(Vec<String>),
    /// UI 05/06 form data.
    Html(Zeroizing<String>),
    /// challengeNoEntry.
    NoEntry,
    /// challengeCancel 01.
    Cancel,
    /// resendChallenge.
    Resend,
    /// challengeAddCode.
    AddCode,
    /// oobContinue.
    OobContinue,
    /// infoContinueIndicator.
    InfoContinue,
}

impl Answer {
    /// The multi-select keys as `&str` (what [`Answer::to_core`] borrows).
    pub fn keys(&self) -> Vec<&str> {
        match self {
            Self::Multi(keys) => keys.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// The core's view of the answer.
    pub fn to_core<'a>(&'a self, keys: &'a [&'a str]) -> ChallengeAnswer<'a> {
        match self {
            Self::Initial => ChallengeAnswer::Initial,
            Self::Text(first, second) => ChallengeAnswer::Text {
                first: Some(first.as_str()),
                second: second.as_ref().map(|s| s.as_str()),
            },
            Self::Single(key) => ChallengeAnswer::SingleSelect(key),
            Self::Multi(_) => ChallengeAnswer::MultiSelect(keys),
            Self::Html(data) => ChallengeAnswer::Html(data),
            Self::NoEntry => ChallengeAnswer::NoEntry,
            Self::Cancel => ChallengeAnswer::Cancel(ChallengeCancel::CardholderCancel),
            Self::Resend => ChallengeAnswer::Resend,
            Self::AddCode => ChallengeAnswer::AddCode,
            Self::OobContinue => ChallengeAnswer::OobContinue(OobContinue::Pressed),
            Self::InfoContinue => ChallengeAnswer::InfoContinue,
        }
    }

    /// A short description for logs (entries shown, as the demo prints them).
    pub fn describe(&self) -> String {
        match self {
            Self::Initial => "(first CReq)".into(),
            Self::Text(a, Some(b)) => format!("entry \"{}\" / \"{}\"", a.as_str(), b.as_str()),
            Self::Text(a, None) => format!("entry \"{}\"", a.as_str()),
            Self::Single(k) => format!("select {k}"),
            Self::Multi(k) => format!("select {}", k.join(",")),
            Self::Html(d) => format!("form data \"{}\"", d.as_str()),
            Self::NoEntry => "submit without entry".into(),
            Self::Cancel => "cancel".into(),
            Self::Resend => "resend the code".into(),
            Self::AddCode => "ask for another code".into(),
            Self::OobContinue => "continue (out-of-band approval done)".into(),
            Self::InfoContinue => "continue".into(),
        }
    }
}

/// What kind of answer a screen takes.
#[derive(Debug, Clone)]
pub enum Expect {
    /// UI 01 (with a second entry box?).
    Text {
        /// 2.3.1 `challengeEntryBoxTwo`.
        two: bool,
    },
    /// UI 02: (key, label).
    Single(Vec<(String, String)>),
    /// UI 03: (key, label).
    Multi(Vec<(String, String)>),
    /// UI 04.
    Oob,
    /// UI 05: the form fields.
    Html(Vec<FormField>),
    /// UI 06: the form fields.
    HtmlOob(Vec<FormField>),
    /// UI 07.
    Info,
}

/// What `screen` asks for; `form` is the parsed HTML of UI 05/06.
pub fn expect(screen: &ChallengeScreen<'_>, form: Option<&HtmlView>) -> Expect {
    let fields = || form.map(|f| f.fields.clone()).unwrap_or_default();
    match screen {
        ChallengeScreen::Text { entry_box_two, .. } => Expect::Text {
            two: entry_box_two.is_some(),
        },
        ChallengeScreen::SingleSelect { options, .. } => Expect::Single(
            options
                .iter()
                .map(|(k, v)| (json_str(&k), json_str(&v)))
                .collect(),
        ),
        ChallengeScreen::MultiSelect { options, .. } => Expect::Multi(
            options
                .iter()
                .map(|(k, v)| (json_str(&k), json_str(&v)))
                .collect(),
        ),
        ChallengeScreen::Oob { .. } => Expect::Oob,
        ChallengeScreen::Html { .. } => Expect::Html(fields()),
        ChallengeScreen::HtmlOob { .. } => Expect::HtmlOob(fields()),
        ChallengeScreen::Information { .. } => Expect::Info,
    }
}

fn pick(options: &[(String, String)], item: &str) -> Result<String, String> {
    let item = item.trim();
    if let Some((k, _)) = options.iter().find(|(k, _)| k == item) {
        return Ok(k.clone());
    }
    if let Some((k, _)) = options.iter().find(|(_, l)| l.eq_ignore_ascii_case(item)) {
        return Ok(k.clone());
    }
    if let Ok(n) = item.parse::<usize>()
        && let Some((k, _)) = n.checked_sub(1).and_then(|i| options.get(i))
    {
        return Ok(k.clone());
    }
    let keys: Vec<&str> = options.iter().map(|(k, _)| k.as_str()).collect();
    Err(format!("\"{item}\" is not an option ({})", keys.join(", ")))
}

/// The fields the cardholder fills in (not hidden).
fn fillable(fields: &[FormField]) -> Vec<&FormField> {
    fields
        .iter()
        .filter(|f| !matches!(f.kind.as_str(), "hidden"))
        .collect()
}

/// Parses an answer text for a screen.
///
/// # Errors
/// A message saying what the screen accepts.
pub fn parse(text: &str, expect: &Expect) -> Result<Answer, String> {
    match text.trim() {
        "@cancel" => return Ok(Answer::Cancel),
        "@resend" => return Ok(Answer::Resend),
        "@empty" => return Ok(Answer::NoEntry),
        "@add-code" => return Ok(Answer::AddCode),
        "@continue" => {
            return match expect {
                Expect::Oob | Expect::HtmlOob(_) => Ok(Answer::OobContinue),
                Expect::Info => Ok(Answer::InfoContinue),
                _ => Err("@continue answers out-of-band and information screens only".into()),
            };
        }
        _ => {}
    }
    match expect {
        Expect::Text { two } => {
            let (first, second) = match text.split_once('\n') {
                Some((a, b)) if *two => (a, Some(b)),
                _ => (text, None),
            };
            Ok(Answer::Text(
                Zeroizing::new(first.to_owned()),
                second.map(|s| Zeroizing::new(s.to_owned())),
            ))
        }
        Expect::Single(options) => Ok(Answer::Single(pick(options, text)?)),
        Expect::Multi(options) => {
            let keys = text
                .split(',')
                .filter(|s| !s.trim().is_empty())
                .map(|s| pick(options, s))
                .collect::<Result<Vec<_>, _>>()?;
            if keys.is_empty() {
                return Err("select at least one option (or @empty)".into());
            }
            Ok(Answer::Multi(keys))
        }
        Expect::Oob | Expect::Info => Err("this screen takes @continue (or @cancel)".into()),
        Expect::Html(fields) | Expect::HtmlOob(fields) => {
            // A bare value fills the form's only visible field.
            let open = fillable(fields);
            if !text.contains('=')
                && open.len() == 1
                && let Some(field) = open.first()
            {
                let data = form_data(fields, &[(field.name.clone(), text.to_owned())]);
                return Ok(Answer::Html(Zeroizing::new(data)));
            }
            Ok(Answer::Html(Zeroizing::new(text.to_owned())))
        }
    }
}

/// Reads one line; `None` at end of input.
fn read_line(input: &mut dyn BufRead) -> Option<String> {
    let mut line = String::new();
    match input.read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim_end_matches(['\r', '\n']).to_owned()),
    }
}

fn prompt(out: &mut dyn Write, text: &str) {
    let _ = write!(out, "{text}");
    let _ = out.flush();
}

/// Asks the cardholder in the terminal until the answer parses.
///
/// # Errors
/// When the input ends.
pub fn ask(
    expect: &Expect,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Answer, String> {
    loop {
        let hint = match expect {
            Expect::Text { .. } => "Enter the code (or @resend, @cancel, @empty)",
            Expect::Single(_) => "Choose one option by number or key (or @cancel)",
            Expect::Multi(_) => "Choose options, comma-separated (or @cancel)",
            Expect::Oob => "Approve out of band, then press Enter to continue (or @cancel)",
            Expect::Html(_) => "Fill in the form",
            Expect::HtmlOob(_) => "Approve out of band, then press Enter to continue (or @cancel)",
            Expect::Info => "Press Enter to continue (or @cancel)",
        };
        prompt(out, &format!("{hint}\n> "));
        let line = read_line(input).ok_or("the input ended before the challenge did")?;
        let answer = match expect {
            Expect::Oob | Expect::HtmlOob(_) | Expect::Info if line.trim().is_empty() => {
                parse("@continue", expect)
            }
            Expect::Html(fields) if !line.starts_with('@') && !line.contains('=') => {
                // The first line filled the first visible field; ask the others.
                let open = fillable(fields);
                let mut values = Vec::new();
                let mut rest = open.iter();
                if let Some(first) = rest.next() {
                    values.push((first.name.clone(), line.clone()));
                }
                for field in rest {
                    prompt(out, &format!("{}: ", field.name));
                    let value = read_line(input).ok_or("the input ended")?;
                    values.push((field.name.clone(), value));
                }
                Ok(Answer::Html(Zeroizing::new(form_data(fields, &values))))
            }
            Expect::Text { two: true } if !line.starts_with('@') => {
                prompt(out, "Second entry: ");
                let second = read_line(input).ok_or("the input ended")?;
                Ok(Answer::Text(
                    Zeroizing::new(line),
                    Some(Zeroizing::new(second)),
                ))
            }
            _ => parse(&line, expect),
        };
        match answer {
            Ok(a) => return Ok(a),
            Err(e) => prompt(out, &format!("{e}\n")),
        }
    }
}
