//! Challenge screens and errors as JSON lines and as terminal text.

use core::fmt::Write as _;

use serde_json::{Map, Value, json};
use threeds_core::json::JsonStr;
use threeds_core::message::{
    ChallengeScreen, EntryBox, Erro, HtmlContent, Image, ScreenTexts, TransStatus, UiType,
};
use threeds_core::transaction::{SdkErro, error_description};

use crate::html::{self, HtmlView};

/// A JSON string of a message, unescaped.
pub fn json_str(s: &JsonStr<'_>) -> String {
    s.chars().collect()
}

fn opt(s: Option<JsonStr<'_>>) -> Option<String> {
    s.map(|s| json_str(&s))
}

/// Text for the indented terminal layout: continuation lines stay indented.
fn block(s: Option<JsonStr<'_>>) -> Option<String> {
    opt(s).map(|t| t.replace('\n', "\n    "))
}

/// `acsUiType` on the wire ("01"…"07").
pub fn ui_code(ui: UiType) -> String {
    format!("{:02}", ui.code())
}

/// A `transStatus` on the wire.
pub fn trans_status(s: TransStatus) -> &'static str {
    match s {
        TransStatus::Authenticated => "Y",
        TransStatus::NotAuthenticated => "N",
        TransStatus::Unavailable => "U",
        TransStatus::Attempted => "A",
        TransStatus::Challenge => "C",
        TransStatus::Decoupled => "D",
        TransStatus::Rejected => "R",
        TransStatus::Informational => "I",
        TransStatus::Spc => "S",
    }
}

/// The `{"error":…}` line of an Erro received from the ACS or the DS.
pub fn erro_json(e: &Erro<'_>) -> Value {
    let mut error = Map::new();
    error.insert("code".into(), Value::from(e.code.0));
    error.insert(
        "description".into(),
        Value::from(opt(e.description).unwrap_or_default()),
    );
    if let Some(detail) = opt(e.detail) {
        error.insert("detail".into(), Value::from(detail));
    }
    // The wire letter (errorComponent: C, S, D or A), as the Erro carried it.
    error.insert("component".into(), Value::from(e.component.as_str()));
    error.insert("from".into(), Value::from("received"));
    json!({ "error": error })
}

/// The `{"error":…}` line of an Erro the SDK sent to the ACS.
pub fn sdk_erro_json(e: &SdkErro) -> Value {
    json!({ "error": {
        "code": e.code.0,
        "description": error_description(e.code),
        "detail": e.detail.as_str(),
        "from": "sent",
    }})
}

/// The URL to show for an image (the default or medium density one).
pub fn image_url(image: &Image<'_>) -> Option<String> {
    match image {
        Image::Density {
            medium,
            high,
            extra_high,
        } => opt(medium.or(*high).or(*extra_high)),
        Image::Themed { default, .. } => Some(json_str(default)),
    }
}

/// Decodes `acsHTML`.
pub fn decode_html(content: &HtmlContent<'_>) -> Option<String> {
    let mut buf = vec![0u8; content.decoded_len_max()];
    content.decode_into(&mut buf).ok().map(str::to_owned)
}

fn texts_json(texts: &ScreenTexts<'_>, out: &mut Map<String, Value>) {
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            out.insert(k.into(), Value::from(v));
        }
    };
    put("challengeInfoHeader", opt(texts.header));
    put("challengeInfoLabel", opt(texts.info_label));
    put("challengeInfoText", opt(texts.info_text));
    put("whyInfoLabel", opt(texts.why_label));
    put("whyInfoText", opt(texts.why_text));
    put("expandInfoLabel", opt(texts.expand_label));
    put("expandInfoText", opt(texts.expand_text));
    put("challengeAddInfo", opt(texts.add_info));
    put("challengeAddLabel", opt(texts.add_label));
    put("trustListInfoText", opt(texts.trust_list_text));
    put("deviceBindingInfoText", opt(texts.device_binding_text));
    put(
        "issuerImage",
        texts.issuer_image.as_ref().and_then(image_url),
    );
    put("psImage", texts.ps_image.as_ref().and_then(image_url));
    if texts.info_text_indicator {
        out.insert("challengeInfoTextIndicator".into(), Value::from(true));
    }
}

fn entry_json(e: &EntryBox<'_>) -> Value {
    json!({ "label": json_str(&e.label), "lengthMax": e.length_max, "masking": e.masking })
}

fn options_json(options: &threeds_core::message::SelectOptions<'_>) -> Value {
    Value::Array(
        options
            .iter()
            .map(|(k, v)| json!({ "key": json_str(&k), "label": json_str(&v) }))
            .collect(),
    )
}

fn html_json(content: &HtmlContent<'_>, out: &mut Map<String, Value>) {
    if let Some(text) = decode_html(content) {
        let view = html::view(&text);
        out.insert("acsHTML".into(), Value::from(text));
        out.insert(
            "formFields".into(),
            Value::Array(
                view.fields
                    .iter()
                    .map(|f| json!({ "name": f.name, "type": f.kind, "value": f.value }))
                    .collect(),
            ),
        );
    }
}

/// One CRes screen as a JSON line.
pub fn screen_json(round: u16, ui_type: UiType, screen: &ChallengeScreen<'_>) -> Value {
    let mut out = Map::new();
    out.insert("round".into(), Value::from(round));
    out.insert("acsUiType".into(), Value::from(ui_code(ui_type)));
    match screen {
        ChallengeScreen::Text {
            texts,
            entry_box,
            entry_box_two,
            submit_label,
            resend_label,
        } => {
            texts_json(texts, &mut out);
            if let Some(e) = entry_box {
                out.insert("challengeEntryBox".into(), entry_json(e));
            }
            if let Some(e) = entry_box_two {
                out.insert("challengeEntryBoxTwo".into(), entry_json(e));
            }
            out.insert(
                "submitAuthenticationLabel".into(),
                json_str(submit_label).into(),
            );
            if let Some(r) = opt(*resend_label) {
                out.insert("resendInformationLabel".into(), r.into());
            }
        }
        ChallengeScreen::SingleSelect {
            texts,
            options,
            submit_label,
        }
        | ChallengeScreen::MultiSelect {
            texts,
            options,
            submit_label,
        } => {
            texts_json(texts, &mut out);
            out.insert("challengeSelectInfo".into(), options_json(options));
            out.insert(
                "submitAuthenticationLabel".into(),
                json_str(submit_label).into(),
            );
        }
        ChallengeScreen::Oob {
            texts,
            continue_label,
            app_url,
            app_label,
        } => {
            texts_json(texts, &mut out);
            for (k, v) in [
                ("oobContinueLabel", continue_label),
                ("oobAppURL", app_url),
                ("oobAppLabel", app_label),
            ] {
                if let Some(v) = opt(*v) {
                    out.insert(k.into(), v.into());
                }
            }
        }
        ChallengeScreen::Html { html, .. } => html_json(html, &mut out),
        ChallengeScreen::HtmlOob { html, app_url } => {
            html_json(html, &mut out);
            if let Some(v) = opt(*app_url) {
                out.insert("oobAppURL".into(), v.into());
            }
        }
        ChallengeScreen::Information {
            texts,
            continue_label,
        } => {
            texts_json(texts, &mut out);
            out.insert("infoContinueLabel".into(), json_str(continue_label).into());
        }
    }
    Value::Object(out)
}

fn texts_text(texts: &ScreenTexts<'_>, out: &mut String) {
    if let Some(h) = opt(texts.header) {
        let _ = writeln!(out, "  == {h} ==");
    }
    if let Some(url) = texts.issuer_image.as_ref().and_then(image_url) {
        let _ = writeln!(out, "  [issuer image: {url}]");
    }
    if let Some(url) = texts.ps_image.as_ref().and_then(image_url) {
        let _ = writeln!(out, "  [payment system image: {url}]");
    }
    if let Some(t) = block(texts.info_text) {
        let mark = if texts.info_text_indicator {
            "(!) "
        } else {
            ""
        };
        let _ = writeln!(out, "  {mark}{t}");
    }
    for (label, text) in [
        (texts.why_label, texts.why_text),
        (texts.expand_label, texts.expand_text),
    ] {
        match (opt(label), opt(text)) {
            (Some(l), Some(t)) => {
                let _ = writeln!(out, "  {l}: {t}");
            }
            (Some(l), None) | (None, Some(l)) => {
                let _ = writeln!(out, "  {l}");
            }
            (None, None) => {}
        }
    }
    if let Some(t) = opt(texts.add_info) {
        let _ = writeln!(out, "  {t}");
    }
    if let Some(t) = opt(texts.trust_list_text) {
        let _ = writeln!(out, "  [trust list] {t}");
    }
    if let Some(t) = opt(texts.device_binding_text) {
        let _ = writeln!(out, "  [device binding] {t}");
    }
}

fn html_text(content: &HtmlContent<'_>, out: &mut String) -> HtmlView {
    let view = decode_html(content)
        .map(|h| html::view(&h))
        .unwrap_or_default();
    for line in view.text.lines() {
        let _ = writeln!(out, "  | {line}");
    }
    if !view.fields.is_empty() {
        let names: Vec<String> = view
            .fields
            .iter()
            .map(|f| match &f.value {
                Some(v) if f.kind == "hidden" => format!("{} (hidden, {v})", f.name),
                _ => format!("{} ({})", f.name, f.kind),
            })
            .collect();
        let _ = writeln!(out, "  form fields: {}", names.join(", "));
    }
    view
}

/// One CRes screen as terminal text (and the HTML form, for HTML screens).
pub fn screen_text(
    round: u16,
    ui_type: UiType,
    screen: &ChallengeScreen<'_>,
) -> (String, Option<HtmlView>) {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "--- challenge screen {round} (acsUiType {}) ---",
        ui_code(ui_type)
    );
    let mut form = None;
    match screen {
        ChallengeScreen::Text {
            texts,
            entry_box,
            entry_box_two,
            submit_label,
            resend_label,
        } => {
            texts_text(texts, &mut out);
            let label = entry_box
                .map(|e| json_str(&e.label))
                .or_else(|| opt(texts.info_label))
                .unwrap_or_else(|| "Code".into());
            let _ = writeln!(out, "  [{label}: ________]");
            if let Some(e) = entry_box_two {
                let _ = writeln!(out, "  [{}: ________]", json_str(&e.label));
            }
            let _ = writeln!(out, "  <{}>", json_str(submit_label));
            if let Some(r) = opt(*resend_label) {
                let _ = writeln!(out, "  <{r}>  (@resend)");
            }
        }
        ChallengeScreen::SingleSelect {
            texts,
            options,
            submit_label,
        }
        | ChallengeScreen::MultiSelect {
            texts,
            options,
            submit_label,
        } => {
            texts_text(texts, &mut out);
            let multi = matches!(screen, ChallengeScreen::MultiSelect { .. });
            for (i, (k, v)) in options.iter().enumerate() {
                let mark = if multi { "[ ]" } else { "( )" };
                let _ = writeln!(
                    out,
                    "  {mark} {}. {} ({})",
                    i + 1,
                    json_str(&v),
                    json_str(&k)
                );
            }
            let _ = writeln!(out, "  <{}>", json_str(submit_label));
        }
        ChallengeScreen::Oob {
            texts,
            continue_label,
            app_url,
            app_label,
        } => {
            texts_text(texts, &mut out);
            if let Some(url) = opt(*app_url) {
                let label = opt(*app_label).unwrap_or_else(|| "Open the app".into());
                let _ = writeln!(out, "  <{label}> {url}");
            }
            let label = opt(*continue_label).unwrap_or_else(|| "Continue".into());
            let _ = writeln!(out, "  <{label}>  (@continue)");
        }
        ChallengeScreen::Html { html, .. } => form = Some(html_text(html, &mut out)),
        ChallengeScreen::HtmlOob { html, app_url } => {
            form = Some(html_text(html, &mut out));
            if let Some(url) = opt(*app_url) {
                let _ = writeln!(out, "  app: {url}");
            }
        }
        ChallengeScreen::Information {
            texts,
            continue_label,
        } => {
            texts_text(texts, &mut out);
            let _ = writeln!(out, "  <{}>  (@continue)", json_str(continue_label));
        }
    }
    (out, form)
}
