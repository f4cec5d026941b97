//! The playground's policy: what server-b answers to the preflight and to the
//! actual request, read from the `p` query parameter (JSON). A field left out
//! means the header is absent. Every field is checked, and an error names it.

use cors_model::syntax;
use serde_json::{Map, Value};

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

/// A policy that cannot be served: the field and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct PolicyError {
    /// The field, as a path (`preflight.allow_headers`).
    pub field: String,
    /// What is wrong, and how to write it.
    pub message: String,
}

fn error(field: &str, message: impl Into<String>) -> PolicyError {
    PolicyError {
        field: field.to_owned(),
        message: message.into(),
    }
}

/// The answer fields and the header each becomes.
const PREFLIGHT_FIELDS: [(&str, &str); 4] = [
    ("allow_credentials", "Access-Control-Allow-Credentials"),
    ("allow_methods", "Access-Control-Allow-Methods"),
    ("allow_headers", "Access-Control-Allow-Headers"),
    ("max_age", "Access-Control-Max-Age"),
];
const RESPONSE_FIELDS: [(&str, &str); 2] = [
    ("allow_credentials", "Access-Control-Allow-Credentials"),
    ("expose_headers", "Access-Control-Expose-Headers"),
];

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
        let object = as_object("p", &value)?;
        known_fields("", object, &["preflight", "response", "vary", "set_cookie"])?;
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
    let mut known = vec!["status", "allow_origin"];
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
    pub fn headers_for(&self, origin: Option<&str>, page: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let allow = match &self.allow_origin {
            None => None,
            Some(AllowOrigin::Any) => Some("*".to_owned()),
            Some(AllowOrigin::Page) => Some(page.to_owned()),
            Some(AllowOrigin::Reflect) => origin.map(str::to_owned),
            Some(AllowOrigin::Literal(value)) => Some(value.clone()),
        };
        if let Some(allow) = allow {
            out.push(("Access-Control-Allow-Origin".to_owned(), allow));
        }
        out.extend(self.headers.iter().cloned());
        out
    }
}

impl Policy {
    /// The preflight's status and headers for a request from `origin`.
    pub fn preflight_answer(
        &self,
        origin: Option<&str>,
        page: &str,
    ) -> (u16, Vec<(String, String)>) {
        let mut headers = self.preflight.headers_for(origin, page);
        if let Some(vary) = &self.vary {
            headers.push(("Vary".to_owned(), vary.clone()));
        }
        (self.preflight.status.unwrap_or(204), headers)
    }

    /// The actual response's status and headers for a request from `origin`.
    pub fn response_answer(
        &self,
        origin: Option<&str>,
        page: &str,
    ) -> (u16, Vec<(String, String)>) {
        let mut headers = self.response.headers_for(origin, page);
        if let Some(vary) = &self.vary {
            headers.push(("Vary".to_owned(), vary.clone()));
        }
        if let Some(cookie) = &self.set_cookie {
            headers.push(("Set-Cookie".to_owned(), cookie.clone()));
        }
        (self.response.status.unwrap_or(200), headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_become_headers() {
        let policy = Policy::from_json(
            r#"{"preflight":{"status":200,"allow_origin":"reflect","allow_methods":"PUT"},
                "response":{"allow_origin":"page","expose_headers":"x-a"},"vary":"Origin"}"#,
        )
        .unwrap();
        let (status, headers) = policy.preflight_answer(Some("http://o.test"), "http://p.test");
        assert_eq!(status, 200);
        assert!(headers.contains(&("Access-Control-Allow-Origin".into(), "http://o.test".into())));
        assert!(headers.contains(&("Access-Control-Allow-Methods".into(), "PUT".into())));
        let (_, headers) = policy.response_answer(Some("http://o.test"), "http://p.test");
        assert!(headers.contains(&("Access-Control-Allow-Origin".into(), "http://p.test".into())));
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
