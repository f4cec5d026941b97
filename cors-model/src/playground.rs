//! The playground's policy: what server-b answers to the preflight and to the
//! actual request, as the learner wrote it (JSON, carried in the `p` query
//! parameter of `/lab/playground`). A field left out means the header is
//! absent. Every field is checked, and an error names it.
//!
//! One owner for the answers: server-b writes exactly [`Policy::preflight_answer`]
//! and [`Policy::response_answer`], and server-a's `POST /explain` judges
//! the same two answers when the page sends it a policy, so the prediction
//! is of what server-b sends, never of a reconstruction in the page.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::InputError;
use crate::response::Answer;
use crate::syntax;

/// The longest `p` parameter accepted, in bytes.
pub const MAX_POLICY_LEN: usize = 8 * 1024;

/// `Access-Control-Allow-Origin` as the learner chose it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllowOrigin {
    /// `*`.
    Any,
    /// The page's origin (server-b's first allowed origin).
    Page,
    /// The request's own `Origin`, whatever it is.
    Reflect,
    /// A value written out.
    Literal(String),
}

/// One answer: the status and the CORS headers it carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnswerPolicy {
    /// The status; 200 (actual) or 204 (preflight) when left out.
    pub status: Option<u16>,
    /// `Access-Control-Allow-Origin`.
    pub allow_origin: Option<AllowOrigin>,
    /// Other headers, as sent (name, value).
    pub headers: Vec<(String, String)>,
}

/// The whole policy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// The answer to an OPTIONS preflight.
    pub preflight: AnswerPolicy,
    /// The answer to the actual request.
    pub response: AnswerPolicy,
    /// `Vary`, on both answers.
    pub vary: Option<String>,
    /// `Set-Cookie`, on the actual response.
    pub set_cookie: Option<String>,
}

/// A policy that cannot be served: the field (a path such as
/// `preflight.allow_headers`) and what is wrong, and how to write it.
pub type PolicyError = InputError;

fn error(field: &str, message: impl Into<String>) -> PolicyError {
    InputError::new(field, message)
}

/// The fields every answer has, before its headers.
const ANSWER_FIELDS: [&str; 2] = ["status", "allow_origin"];
/// The preflight's header fields and the header each becomes.
const PREFLIGHT_FIELDS: [(&str, &str); 4] = [
    ("allow_credentials", "Access-Control-Allow-Credentials"),
    ("allow_methods", "Access-Control-Allow-Methods"),
    ("allow_headers", "Access-Control-Allow-Headers"),
    ("max_age", "Access-Control-Max-Age"),
];
/// The actual response's header fields.
const RESPONSE_FIELDS: [(&str, &str); 2] = [
    ("allow_credentials", "Access-Control-Allow-Credentials"),
    ("expose_headers", "Access-Control-Expose-Headers"),
];
/// The fields outside the two answers.
const TOP_FIELDS: [&str; 4] = ["preflight", "response", "vary", "set_cookie"];

/// The fields a policy has, in the order a form shows them: what the page
/// builds its form from (`/config.json`'s `playgroundFields`), so the lists
/// are written once, here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fields {
    /// The preflight answer's fields.
    pub preflight: Vec<&'static str>,
    /// The actual response's fields.
    pub response: Vec<&'static str>,
    /// The fields on both answers (`Vary`) or on the response (`Set-Cookie`).
    pub both: Vec<&'static str>,
}

/// The policy's fields; see [`Fields`].
pub fn fields() -> Fields {
    let answer = |headers: &[(&'static str, &str)]| {
        ANSWER_FIELDS
            .into_iter()
            .chain(headers.iter().map(|(field, _)| *field))
            .collect()
    };
    Fields {
        preflight: answer(&PREFLIGHT_FIELDS),
        response: answer(&RESPONSE_FIELDS),
        both: TOP_FIELDS[2..].to_vec(),
    }
}

impl Policy {
    /// Reads the policy from a query string; no `p` is the empty policy.
    pub fn from_query(query: &str) -> Result<Policy, PolicyError> {
        let raw = url::form_urlencoded::parse(query.as_bytes())
            .find(|(name, _)| name == "p")
            .map(|(_, value)| value.into_owned());
        match raw {
            None => Ok(Policy::default()),
            Some(raw) => Policy::from_json(&raw),
        }
    }

    /// Reads the policy from its JSON text.
    pub fn from_json(raw: &str) -> Result<Policy, PolicyError> {
        if raw.len() > MAX_POLICY_LEN {
            return Err(error(
                "p",
                format!("{} bytes long (at most {MAX_POLICY_LEN})", raw.len()),
            ));
        }
        let value: Value =
            serde_json::from_str(raw).map_err(|e| error("p", format!("not JSON: {e}")))?;
        Policy::from_value("p", &value)
    }

    /// Reads the policy from JSON already parsed; `field` names the whole.
    pub fn from_value(field: &str, value: &Value) -> Result<Policy, PolicyError> {
        let object = as_object(field, value)?;
        known_fields("", object, &TOP_FIELDS)?;
        let preflight = answer("preflight", object.get("preflight"), &PREFLIGHT_FIELDS)?;
        let response = answer("response", object.get("response"), &RESPONSE_FIELDS)?;
        let vary = optional_text("vary", object.get("vary"))?;
        if let Some(vary) = &vary {
            checked_value("vary", "Vary", vary)?;
        }
        let set_cookie = optional_text("set_cookie", object.get("set_cookie"))?;
        if let Some(cookie) = &set_cookie {
            check_cookie(cookie)?;
        }
        Ok(Policy {
            preflight,
            response,
            vary,
            set_cookie,
        })
    }
}

fn as_object<'a>(field: &str, value: &'a Value) -> Result<&'a Map<String, Value>, PolicyError> {
    value
        .as_object()
        .ok_or_else(|| error(field, "must be a JSON object"))
}

fn known_fields(
    prefix: &str,
    object: &Map<String, Value>,
    known: &[&str],
) -> Result<(), PolicyError> {
    match object.keys().find(|k| !known.contains(&k.as_str())) {
        None => Ok(()),
        Some(unknown) => Err(error(
            &format!("{prefix}{unknown}"),
            format!("unknown field (known: {})", known.join(", ")),
        )),
    }
}

fn answer(
    field: &str,
    value: Option<&Value>,
    headers: &[(&str, &str)],
) -> Result<AnswerPolicy, PolicyError> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(AnswerPolicy::default());
    };
    let object = as_object(field, value)?;
    let mut known = ANSWER_FIELDS.to_vec();
    known.extend(headers.iter().map(|(f, _)| *f));
    known_fields(&format!("{field}."), object, &known)?;
    let status = match object.get("status").filter(|v| !v.is_null()) {
        None => None,
        Some(status) => Some(check_status(&format!("{field}.status"), status)?),
    };
    let allow_origin =
        match optional_text(&format!("{field}.allow_origin"), object.get("allow_origin"))? {
            None => None,
            Some(text) => allow_origin(&format!("{field}.allow_origin"), &text)?,
        };
    let mut out = Vec::new();
    for (name, header) in headers {
        let at = format!("{field}.{name}");
        if let Some(text) = optional_text(&at, object.get(*name))? {
            checked_value(&at, header, &text)?;
            out.push(((*header).to_owned(), text));
        }
    }
    Ok(AnswerPolicy {
        status,
        allow_origin,
        headers: out,
    })
}

fn check_status(field: &str, value: &Value) -> Result<u16, PolicyError> {
    let status = value.as_u64().ok_or_else(|| {
        error(
            field,
            format!("{value} is not a status code (a number, 200 to 599)"),
        )
    })?;
    if !(200..=599).contains(&status) || (300..=399).contains(&status) {
        return Err(error(
            field,
            format!(
                "{status} is out of range (200 to 299 or 400 to 599; redirects are not offered)"
            ),
        ));
    }
    Ok(status as u16)
}

/// A string, or a number or boolean written as one; null and absent are `None`.
fn optional_text(field: &str, value: Option<&Value>) -> Result<Option<String>, PolicyError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(other) => Err(error(
            field,
            format!("{other} is not a header value (write a string)"),
        )),
    }
}

/// `none`, `*`, `page`, `reflect` or an origin written out.
fn allow_origin(field: &str, text: &str) -> Result<Option<AllowOrigin>, PolicyError> {
    Ok(Some(match text {
        "none" => return Ok(None),
        "*" => AllowOrigin::Any,
        "page" => AllowOrigin::Page,
        "reflect" => AllowOrigin::Reflect,
        literal => {
            checked_value(field, "Access-Control-Allow-Origin", literal)?;
            AllowOrigin::Literal(literal.to_owned())
        }
    }))
}

fn checked_value(field: &str, header: &str, value: &str) -> Result<(), PolicyError> {
    syntax::check_value(header, value).map_err(|e| error(field, e.to_string()))
}

/// `name=value` and the attributes a lab cookie may carry.
fn check_cookie(cookie: &str) -> Result<(), PolicyError> {
    let field = "set_cookie";
    checked_value(field, "Set-Cookie", cookie)?;
    let mut parts = cookie.split(';').map(str::trim);
    let pair = parts.next().unwrap_or_default();
    let (name, value) = pair.split_once('=').ok_or_else(|| {
        error(
            field,
            "write name=value first (e.g. lab_pg=1; SameSite=Lax)",
        )
    })?;
    if syntax::check_name(name).is_err() {
        return Err(error(
            field,
            format!("'{name}' is not a cookie name (a token)"),
        ));
    }
    if !value
        .bytes()
        .all(|b| b.is_ascii_graphic() && !b",;\\\"".contains(&b))
    {
        return Err(error(
            field,
            format!("'{value}' is not a cookie value (no , ; \\ \" or spaces)"),
        ));
    }
    for attribute in parts {
        let (key, val) = attribute.split_once('=').unwrap_or((attribute, ""));
        let ok = match key.to_ascii_lowercase().as_str() {
            "samesite" => ["lax", "strict", "none"].contains(&val.to_ascii_lowercase().as_str()),
            "secure" | "httponly" => val.is_empty(),
            "path" => val.starts_with('/'),
            "max-age" => val.parse::<i64>().is_ok(),
            _ => false,
        };
        if !ok {
            return Err(error(
                field,
                format!("'{attribute}' is not allowed (SameSite=Lax|Strict|None, Secure, HttpOnly, Path=/…, Max-Age=N)"),
            ));
        }
    }
    Ok(())
}

impl AnswerPolicy {
    /// The headers this answer carries for a request from `origin`, with
    /// `page` standing for the page's origin.
    fn answer_for(&self, default_status: u16, origin: Option<&str>, page: &str) -> Answer {
        let mut answer = Answer::new(self.status.unwrap_or(default_status));
        let allow = match &self.allow_origin {
            None => None,
            Some(AllowOrigin::Any) => Some("*"),
            Some(AllowOrigin::Page) => Some(page),
            Some(AllowOrigin::Reflect) => origin,
            Some(AllowOrigin::Literal(value)) => Some(value.as_str()),
        };
        if let Some(allow) = allow {
            answer = answer.with("Access-Control-Allow-Origin", allow);
        }
        for (name, value) in &self.headers {
            answer = answer.with(name, value);
        }
        answer
    }
}

impl Policy {
    /// The preflight answer (204 unless the policy says) for a request from
    /// `origin`, `page` being the lab page's origin.
    pub fn preflight_answer(&self, origin: Option<&str>, page: &str) -> Answer {
        let answer = self.preflight.answer_for(204, origin, page);
        match &self.vary {
            Some(vary) => answer.with("Vary", vary),
            None => answer,
        }
    }

    /// The actual response (200 unless the policy says) for a request from
    /// `origin`, `page` being the lab page's origin.
    pub fn response_answer(&self, origin: Option<&str>, page: &str) -> Answer {
        let mut answer = self.response.answer_for(200, origin, page);
        if let Some(vary) = &self.vary {
            answer = answer.with("Vary", vary);
        }
        if let Some(cookie) = &self.set_cookie {
            answer = answer.with("Set-Cookie", cookie);
        }
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_become_headers() {
        let policy = Policy::from_json(
            r#"{"preflight":{"status":200,"allow_origin":"reflect","allow_methods":"PUT"},
                "response":{"allow_origin":"page","expose_headers":"x-a"},"vary":"Origin"}"#,
        )
        .unwrap();
        let preflight = policy.preflight_answer(Some("http://o.test"), "http://p.test");
        assert_eq!(preflight.status, 200);
        let header = |answer: &Answer, name: &str| answer.headers.get(name);
        assert_eq!(
            header(&preflight, "Access-Control-Allow-Origin").as_deref(),
            Some("http://o.test")
        );
        assert_eq!(
            header(&preflight, "Access-Control-Allow-Methods").as_deref(),
            Some("PUT")
        );
        assert_eq!(header(&preflight, "Vary").as_deref(), Some("Origin"));
        let response = policy.response_answer(Some("http://o.test"), "http://p.test");
        assert_eq!(response.status, 200);
        assert_eq!(
            header(&response, "Access-Control-Allow-Origin").as_deref(),
            Some("http://p.test")
        );
        assert_eq!(header(&response, "Access-Control-Allow-Methods"), None);
    }

    #[test]
    fn the_form_fields_are_the_fields_read() {
        let fields = fields();
        assert_eq!(fields.preflight[..2], ["status", "allow_origin"]);
        assert!(fields.response.contains(&"expose_headers"));
        assert!(!fields.response.contains(&"allow_methods"));
        // Every field the form offers is one the reader accepts.
        for (answer, names) in [
            ("preflight", &fields.preflight),
            ("response", &fields.response),
        ] {
            for name in names {
                let value = if *name == "status" {
                    json!(204)
                } else {
                    json!("x")
                };
                let policy = json!({ answer: { *name: value } });
                assert!(Policy::from_value("p", &policy).is_ok(), "{policy}");
            }
        }
        for name in &fields.both {
            let policy = json!({ *name: "a=b" });
            assert!(Policy::from_value("p", &policy).is_ok(), "{policy}");
        }
    }

    #[test]
    fn bad_fields_are_named() {
        for (raw, field) in [
            (r#"{"preflight":{"status":99}}"#, "preflight.status"),
            (r#"{"response":{"status":302}}"#, "response.status"),
            (
                r#"{"response":{"expose_headers":"a\r\nX-Evil: 1"}}"#,
                "response.expose_headers",
            ),
            (
                r#"{"preflight":{"allow_origin":"a\nb"}}"#,
                "preflight.allow_origin",
            ),
            (r#"{"preflight":{"nope":1}}"#, "preflight.nope"),
            (r#"{"set_cookie":"a=b; Domain=evil"}"#, "set_cookie"),
            (r#"[1]"#, "p"),
        ] {
            assert_eq!(Policy::from_json(raw).unwrap_err().field, field, "{raw}");
        }
    }
}
