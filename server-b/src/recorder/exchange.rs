//! One recorded exchange. Only names and CORS-relevant headers are kept:
//! cookie values, Set-Cookie values and Authorization never enter it.

use actix_web::http::header::{self, HeaderMap};
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Exchange {
    pub seq: u64,
    /// Milliseconds since the Unix epoch.
    pub time_ms: u128,
    pub method: String,
    pub path: String,
    pub query: String,
    pub request: RequestFacts,
    pub response: ResponseFacts,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct RequestFacts {
    pub origin: Option<String>,
    pub access_control_request_method: Option<String>,
    pub access_control_request_headers: Option<String>,
    pub sec_fetch_site: Option<String>,
    pub sec_fetch_mode: Option<String>,
    pub content_type: Option<String>,
    /// Names of the cookies sent, never their values.
    pub cookie_names: Vec<String>,
    /// Whether an Authorization header came (its value is never kept).
    pub authorization: bool,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ResponseFacts {
    pub status: u16,
    /// `Access-Control-*` and `Vary`, as sent.
    pub cors_headers: Vec<(String, String)>,
    /// Each Set-Cookie with its value replaced: `name=<redacted>; HttpOnly; ...`.
    pub set_cookies: Vec<String>,
}

/// The longest text kept from a request: every exchange has a bounded size,
/// so the recorder's memory is bounded by its counts alone.
pub const MAX_TEXT: usize = 256;

/// Cookie names kept per request at the most.
const MAX_COOKIE_NAMES: usize = 16;

/// The text, cut at [`MAX_TEXT`] bytes (on a character boundary) with a mark.
pub fn clip(text: &str) -> String {
    if text.len() <= MAX_TEXT {
        return text.to_owned();
    }
    let mut end = MAX_TEXT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

impl RequestFacts {
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(clip);
        RequestFacts {
            origin: text("origin"),
            access_control_request_method: text("access-control-request-method"),
            access_control_request_headers: text("access-control-request-headers"),
            sec_fetch_site: text("sec-fetch-site"),
            sec_fetch_mode: text("sec-fetch-mode"),
            content_type: text("content-type"),
            cookie_names: cookie_names(headers),
            authorization: headers.contains_key(header::AUTHORIZATION),
        }
    }
}

impl ResponseFacts {
    pub fn from_response(status: u16, headers: &HeaderMap) -> Self {
        let mut cors_headers: Vec<(String, String)> = headers
            .iter()
            .filter(|(name, _)| {
                name.as_str().starts_with("access-control-") || *name == header::VARY
            })
            .map(|(name, value)| {
                (
                    name.to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        cors_headers.sort();
        let set_cookies = headers
            .get_all(header::SET_COOKIE)
            .map(|value| redact_set_cookie(&String::from_utf8_lossy(value.as_bytes())))
            .collect();
        ResponseFacts {
            status,
            cors_headers,
            set_cookies,
        }
    }
}

fn cookie_names(headers: &HeaderMap) -> Vec<String> {
    let mut names: Vec<String> = headers
        .get_all(header::COOKIE)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.split_once('=').map(|(name, _)| clip(name.trim())))
        .filter(|name| !name.is_empty())
        .take(MAX_COOKIE_NAMES)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// `lab_session=abc; HttpOnly; Path=/` becomes `lab_session=<redacted>; HttpOnly; Path=/`.
pub fn redact_set_cookie(set_cookie: &str) -> String {
    let mut parts = set_cookie.split(';');
    let first = parts.next().unwrap_or_default();
    let name = first
        .split_once('=')
        .map(|(n, _)| n)
        .unwrap_or(first)
        .trim();
    std::iter::once(format!("{name}=<redacted>"))
        .chain(parts.map(|attribute| attribute.trim().to_string()))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    #[test]
    fn set_cookie_values_are_redacted() {
        assert_eq!(
            redact_set_cookie("lab_session=s3cr3t=; HttpOnly; SameSite=Lax; Path=/"),
            "lab_session=<redacted>; HttpOnly; SameSite=Lax; Path=/"
        );
    }

    #[test]
    fn only_cookie_names_are_kept() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("b=secret1; a=secret2"),
        );
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer secret3"),
        );
        let facts = RequestFacts::from_headers(&headers);
        assert_eq!(facts.cookie_names, ["a", "b"]);
        assert!(facts.authorization);
        let json = serde_json::to_string(&facts).unwrap();
        assert!(!json.contains("secret"), "{json}");
    }

    #[test]
    fn long_texts_are_clipped() {
        let long = "é".repeat(MAX_TEXT);
        let clipped = clip(&long);
        assert!(clipped.len() <= MAX_TEXT + "…".len(), "{}", clipped.len());
        assert!(clipped.ends_with('…'));
        assert_eq!(clip("short"), "short");
    }

    #[test]
    fn keeps_cors_headers_and_vary_only() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("access-control-allow-origin", "http://localhost:8080"),
            ("vary", "Origin"),
            ("x-other", "no"),
        ] {
            headers.insert(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        let facts = ResponseFacts::from_response(200, &headers);
        let names: Vec<_> = facts.cors_headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["access-control-allow-origin", "vary"]);
    }
}
