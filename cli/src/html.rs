//! `acsHTML` shown in a terminal: the text without markup, then the form
//! fields the cardholder fills in (their answer is the form data,
//! `name=value&…`, as a WebView would post it).

/// A form field of the ACS HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    /// `name`.
    pub name: String,
    /// `type` (`text` when absent; `select`, `textarea` for those elements).
    pub kind: String,
    /// `value` (preset, e.g. of a hidden field).
    pub value: Option<String>,
}

/// The HTML as text plus its form fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlView {
    /// Visible text, one block per line.
    pub text: String,
    /// `action` of the first form.
    pub action: Option<String>,
    /// The named fields, in document order.
    pub fields: Vec<FormField>,
}

/// Elements whose content is not shown.
const HIDDEN_CONTENT: [&str; 4] = ["script", "style", "head", "template"];
/// Elements that start a new line.
const BLOCKS: [&str; 14] = [
    "p", "div", "br", "h1", "h2", "h3", "h4", "li", "tr", "form", "label", "button", "section",
    "title",
];

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower.get(from..)?.find(name) {
        let start = from + pos;
        from = start + name.len();
        let before_ok = start == 0 || lower[..start].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let offset = tag.len() - rest.len() + 1;
        let value = tag[offset..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_owned(),
            _ => value
                .split(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or("")
                .to_owned(),
        });
    }
    None
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Renders `html` as text and collects its form fields.
pub fn view(html: &str) -> HtmlView {
    let mut view = HtmlView::default();
    let mut text = String::new();
    let mut rest = html;
    let mut skip_until: Option<String> = None;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            if skip_until.is_none() {
                text.push_str(rest);
            }
            break;
        };
        if skip_until.is_none() {
            text.push_str(&rest[..open]);
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else { break };
        let tag = &after[..close];
        rest = &after[close + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        if let Some(until) = &skip_until {
            if closing && *until == name {
                skip_until = None;
            }
            continue;
        }
        if !closing && HIDDEN_CONTENT.contains(&name.as_str()) && !tag.ends_with('/') {
            skip_until = Some(name);
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            text.push('\n');
        }
        if closing {
            continue;
        }
        match name.as_str() {
            "form" if view.action.is_none() => view.action = attribute(tag, "action"),
            "input" | "select" | "textarea" => {
                let kind = if name == "input" {
                    attribute(tag, "type").unwrap_or_else(|| "text".into())
                } else {
                    name.clone()
                };
                if let Some(field) = attribute(tag, "name")
                    && !matches!(kind.as_str(), "submit" | "button" | "reset")
                {
                    let value = attribute(tag, "value");
                    text.push_str(&format!("[{field}]"));
                    view.fields.push(FormField {
                        name: field,
                        kind,
                        value,
                    });
                }
            }
            "img" => {
                if let Some(src) = attribute(tag, "src") {
                    text.push_str(&format!("[image {src}]"));
                }
            }
            _ => {}
        }
    }
    view.text = decode_entities(&text)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    view
}

/// The form data for `answers` (field name → value): preset values for the
/// fields without an answer, URL-encoded.
pub fn form_data(fields: &[FormField], answers: &[(String, String)]) -> String {
    let mut parts = Vec::new();
    for field in fields {
        let value = answers
            .iter()
            .find(|(n, _)| *n == field.name)
            .map(|(_, v)| v.clone())
            .or_else(|| field.value.clone());
        if let Some(value) = value {
            parts.push(format!("{}={}", encode(&field.name), encode(&value)));
        }
    }
    parts.join("&")
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
