//! One recorded exchange. Only names and CORS-relevant headers are kept:
//! cookie values, Set-Cookie values and Authorization never enter it.
//!
//! Kept compactly (a handful of allocations however many headers there were)
//! because every request on server-b's hot path makes one, and serialised into
//! the JSON the page and the tests read.

use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::http::header::{self, HeaderMap, HeaderName};
use actix_web::http::{Method, Version};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::texts::{Lines, Texts};

/// One request server-b received and what it answered.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// Its number within its run (or the shared ring).
    pub seq: u64,
    /// Milliseconds since the Unix epoch.
    pub time_ms: u64,
    /// The request's method.
    pub method: Method,
    /// The path and the query string, clipped, in one text.
    target: Texts<2>,
    /// What the request carried.
    pub request: RequestFacts,
    /// What server-b answered.
    pub response: ResponseFacts,
}

/// The request's HTTP version, its CORS-relevant headers (see
/// `REQUEST_FIELDS`), the names of its cookies, and whether it carried
/// Authorization (never its value).
#[derive(Clone, Debug, Default)]
pub struct RequestFacts {
    /// HTTP/1.1, or HTTP/2 on the https port when the browser chose it.
    pub version: Version,
    fields: Texts<6>,
    cookie_names: Lines,
    /// Whether an Authorization header came (never its value).
    pub authorization: bool,
}

/// The status, `Access-Control-*`, `Cross-Origin-*` (the resource, embedder
/// and opener policies) and `Vary` as sent (sorted), and each Set-Cookie
/// with its value replaced: `name=<redacted>; HttpOnly; ...`.
#[derive(Clone, Debug, Default)]
pub struct ResponseFacts {
    /// The status sent.
    pub status: u16,
    /// One `name:value` per line.
    cors_headers: Lines,
    set_cookies: Vec<String>,
}

const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");
const SEC_FETCH_MODE: HeaderName = HeaderName::from_static("sec-fetch-mode");

/// The request headers an exchange keeps, with their JSON names. Names are
/// constants: a lookup by `&str` would parse the name at every request.
const REQUEST_FIELDS: [(HeaderName, &str); 6] = [
    (header::ORIGIN, "origin"),
    (
        header::ACCESS_CONTROL_REQUEST_METHOD,
        "access_control_request_method",
    ),
    (
        header::ACCESS_CONTROL_REQUEST_HEADERS,
        "access_control_request_headers",
    ),
    (SEC_FETCH_SITE, "sec_fetch_site"),
    (SEC_FETCH_MODE, "sec_fetch_mode"),
    (header::CONTENT_TYPE, "content_type"),
];

/// The longest text kept from a request: every exchange has a bounded size,
/// so the recorder's memory is bounded by its counts alone.
pub const MAX_TEXT: usize = 256;

/// Cookie names kept per request at the most.
const MAX_COOKIE_NAMES: usize = 16;

impl Exchange {
    /// An exchange seen now; its number is given when it is stored.
    pub fn new(
        method: Method,
        path: &str,
        query: &str,
        request: RequestFacts,
        response: ResponseFacts,
    ) -> Self {
        let time_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |t| u64::try_from(t.as_millis()).unwrap_or(u64::MAX));
        Exchange {
            seq: 0,
            time_ms,
            method,
            target: Texts::new([Some(clipped(path)), Some(clipped(query))]),
            request,
            response,
        }
    }

    /// The path, clipped to `MAX_TEXT` bytes.
    pub fn path(&self) -> &str {
        self.target.get(0).unwrap_or_default()
    }

    /// The query string, clipped to `MAX_TEXT` bytes.
    pub fn query(&self) -> &str {
        self.target.get(1).unwrap_or_default()
    }
}

impl RequestFacts {
    /// What an exchange keeps of a request of `version` with `headers`.
    pub fn from_headers(version: Version, headers: &HeaderMap) -> Self {
        let text = |name: &HeaderName| headers.get(name).and_then(|v| v.to_str().ok()).map(clipped);
        RequestFacts {
            version,
            fields: Texts::new(REQUEST_FIELDS.each_ref().map(|(name, _)| text(name))),
            cookie_names: cookie_names(headers),
            authorization: headers.contains_key(header::AUTHORIZATION),
        }
    }

    /// The request's `Origin`, as recorded.
    pub fn origin(&self) -> Option<&str> {
        self.fields.get(0)
    }

    /// The names of the cookies sent, sorted.
    pub fn cookie_names(&self) -> impl Iterator<Item = &str> {
        self.cookie_names.iter()
    }
}

impl ResponseFacts {
    /// What an exchange keeps of the response's headers.
    pub fn from_response(status: u16, headers: &HeaderMap) -> Self {
        let mut cors: Vec<(&str, &[u8])> = headers
            .iter()
            .filter(|(name, _)| {
                let name = name.as_str();
                name.starts_with("access-control-")
                    || name.starts_with("cross-origin-")
                    || name == header::VARY
            })
            .map(|(name, value)| (name.as_str(), value.as_bytes()))
            .collect();
        cors.sort_unstable();
        let mut lines = String::new();
        for (name, value) in cors {
            if !lines.is_empty() {
                lines.push('\n');
            }
            lines.push_str(name);
            lines.push(':');
            lines.push_str(&String::from_utf8_lossy(value));
        }
        let set_cookies = headers
            .get_all(header::SET_COOKIE)
            .map(|value| redact_set_cookie(&String::from_utf8_lossy(value.as_bytes())))
            .collect();
        ResponseFacts {
            status,
            cors_headers: Lines::from_joined(lines),
            set_cookies,
        }
    }
}

impl Serialize for Exchange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(7))?;
        map.serialize_entry("seq", &self.seq)?;
        map.serialize_entry("time_ms", &self.time_ms)?;
        map.serialize_entry("method", self.method.as_str())?;
        map.serialize_entry("path", self.path())?;
        map.serialize_entry("query", self.query())?;
        map.serialize_entry("request", &self.request)?;
        map.serialize_entry("response", &self.response)?;
        map.end()
    }
}

impl Serialize for RequestFacts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(REQUEST_FIELDS.len() + 3))?;
        map.serialize_entry("version", version_text(self.version))?;
        for (index, (_, json_name)) in REQUEST_FIELDS.iter().enumerate() {
            map.serialize_entry(json_name, &self.fields.get(index))?;
        }
        let names: Vec<&str> = self.cookie_names.iter().collect();
        map.serialize_entry("cookie_names", &names)?;
        map.serialize_entry("authorization", &self.authorization)?;
        map.end()
    }
}

impl Serialize for ResponseFacts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let pairs: Vec<(&str, &str)> = self
            .cors_headers
            .iter()
            .filter_map(|line| line.split_once(':'))
            .collect();
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("status", &self.status)?;
        map.serialize_entry("cors_headers", &pairs)?;
        map.serialize_entry("set_cookies", &self.set_cookies)?;
        map.end()
    }
}

/// How the wire view writes a version: `HTTP/1.1`, `HTTP/2`.
fn version_text(version: Version) -> &'static str {
    match version {
        Version::HTTP_09 => "HTTP/0.9",
        Version::HTTP_10 => "HTTP/1.0",
        Version::HTTP_2 => "HTTP/2",
        Version::HTTP_3 => "HTTP/3",
        _ => "HTTP/1.1",
    }
}

/// The first [`MAX_TEXT`] bytes of the text, on a character boundary.
fn clipped(text: &str) -> &str {
    let mut end = text.len().min(MAX_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn cookie_names(headers: &HeaderMap) -> Lines {
    if !headers.contains_key(header::COOKIE) {
        return Lines::default();
    }
    let mut names: Vec<&str> = headers
        .get_all(header::COOKIE)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.split_once('=').map(|(name, _)| clipped(name.trim())))
        .filter(|name| !name.is_empty())
        .take(MAX_COOKIE_NAMES)
        .collect();
    names.sort_unstable();
    names.dedup();
    Lines::new(names)
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
    use actix_web::http::header::HeaderValue;
    use serde_json::json;

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
        let facts = RequestFacts::from_headers(Version::HTTP_11, &headers);
        assert_eq!(facts.cookie_names().collect::<Vec<_>>(), ["a", "b"]);
        assert!(facts.authorization);
        let json = serde_json::to_string(&facts).unwrap();
        assert!(!json.contains("secret"), "{json}");
    }

    #[test]
    fn long_texts_are_clipped() {
        let long = "é".repeat(MAX_TEXT);
        let kept = clipped(&long);
        assert!(kept.len() <= MAX_TEXT && long.starts_with(kept));
        assert_eq!(clipped("short"), "short");
    }

    #[test]
    fn keeps_cors_headers_the_cross_origin_policies_and_vary_only() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("access-control-allow-origin", "http://localhost:8080"),
            ("cross-origin-resource-policy", "same-site"),
            ("vary", "Origin"),
            ("x-other", "no"),
        ] {
            headers.insert(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        let json = serde_json::to_value(ResponseFacts::from_response(200, &headers)).unwrap();
        assert_eq!(
            json["cors_headers"],
            json!([
                ["access-control-allow-origin", "http://localhost:8080"],
                ["cross-origin-resource-policy", "same-site"],
                ["vary", "Origin"]
            ])
        );
    }

    #[test]
    fn serialises_as_the_page_reads_it() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ORIGIN, HeaderValue::from_static("http://a.test"));
        let exchange = Exchange::new(
            Method::OPTIONS,
            "/api/login",
            "run=x",
            RequestFacts::from_headers(Version::HTTP_11, &headers),
            ResponseFacts::default(),
        );
        let json = serde_json::to_value(&exchange).unwrap();
        assert_eq!(json["method"], "OPTIONS");
        assert_eq!(json["path"], "/api/login");
        assert_eq!(json["query"], "run=x");
        assert_eq!(json["request"]["origin"], "http://a.test");
        assert_eq!(json["request"]["content_type"], json!(null));
        assert_eq!(json["request"]["cookie_names"], json!([]));
        assert_eq!(json["response"]["status"], 0);
    }
}
