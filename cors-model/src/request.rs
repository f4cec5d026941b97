//! The request a page makes with `fetch`: who asks (the page's origin), for
//! what (URL, method, headers with values, body, credentials mode), and which
//! cookie the browser holds for the target. [`Request::prepare`] turns it into
//! what the browser really sends: the method normalised, forbidden headers
//! dropped, the body's own `Content-Type` added.

use serde::{Deserialize, Serialize};
use url::Url;

use crate::cookie_spec::CookieSpec;
use crate::error::InputError;
use crate::headers::{is_token, Headers};

/// A `fetch` call as the page writes it, with the cookie the browser holds
/// for the target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The page's origin (`http://localhost:8080`), or `null` (a sandboxed frame).
    pub origin: String,
    /// The URL passed to fetch; only http and https are accepted.
    pub url: String,
    /// The method as the page wrote it (GET when the JSON leaves it out);
    /// [`Request::prepare`] normalises it as fetch does.
    #[serde(default = "get")]
    pub method: String,
    /// The headers the page sets, as written, forbidden ones included
    /// (`prepare` drops those).
    #[serde(default)]
    pub headers: Headers,
    /// What the page passes as the body (none when the JSON leaves it out).
    #[serde(default)]
    pub body: BodyKind,
    /// fetch's `credentials` option (`same-origin` when left out, as in fetch).
    #[serde(default)]
    pub credentials: Credentials,
    /// The cookie the browser holds for the URL's host, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookie: Option<CookieSpec>,
    /// Response headers the page reads with `response.headers.get`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub read_headers: Vec<String>,
    /// XMLHttpRequest with a listener on `xhr.upload` (its "use-CORS-preflight
    /// flag"): a preflight whatever the method and headers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub upload_listener: bool,
}

fn get() -> String {
    "GET".into()
}

impl Request {
    /// `method` from `origin` to `url`, with fetch's defaults for the rest:
    /// no headers, no body, `credentials: "same-origin"`, no cookie held,
    /// no header read, no upload listener.
    pub fn new(
        origin: impl Into<String>,
        url: impl Into<String>,
        method: impl Into<String>,
    ) -> Request {
        Request {
            origin: origin.into(),
            url: url.into(),
            method: method.into(),
            headers: Headers::new(),
            body: BodyKind::None,
            credentials: Credentials::SameOrigin,
            cookie: None,
            read_headers: Vec::new(),
            upload_listener: false,
        }
    }
}

/// What `body` the page passes to `fetch`; some bring their own Content-Type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyKind {
    /// No body (the only kind GET and HEAD accept).
    #[default]
    None,
    /// A string (JSON.stringify too): `text/plain;charset=UTF-8` unless set.
    Text,
    /// `URLSearchParams`: `application/x-www-form-urlencoded;charset=UTF-8`.
    UrlSearchParams,
    /// `FormData`: `multipart/form-data; boundary=…`.
    FormData,
    /// A `Blob` without a type, an `ArrayBuffer`: no Content-Type.
    Blob,
    /// A `ReadableStream` (fetch with `duplex: "half"`): no Content-Type.
    /// The standard preflights it whatever the method and headers; how each
    /// engine really sends it is in `stream`.
    Stream,
}

/// `fetch`'s `credentials` option.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Credentials {
    /// `"omit"`: the cookie the browser holds is never sent.
    Omit,
    /// `"same-origin"`, fetch's default: cookies go to the page's own
    /// origin only.
    #[default]
    SameOrigin,
    /// `"include"`: cookies go cross-origin too, and the answer must name
    /// the origin (not `*`) and send `Access-Control-Allow-Credentials: true`.
    Include,
}

/// The request as the browser sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    /// The page's origin, checked: an origin exactly as a browser sends it,
    /// or `null`.
    pub origin: String,
    /// The URL, parsed (http or https).
    pub url: Url,
    /// The method as fetch sends it: DELETE, GET, HEAD, OPTIONS, POST and
    /// PUT upper-cased, any other as written.
    pub method: String,
    /// Headers the page set that the browser sends (names as written).
    pub headers: Headers,
    /// Names the page set that `fetch` silently drops (forbidden headers).
    pub dropped: Vec<String>,
    /// See `Request::credentials`.
    pub credentials: Credentials,
    /// See `Request::cookie`.
    pub cookie: Option<CookieSpec>,
    /// See `Request::read_headers`.
    pub read_headers: Vec<String>,
    /// See `Request::upload_listener`.
    pub upload_listener: bool,
    /// What the page passed as the body.
    pub body: BodyKind,
}

impl Prepared {
    /// Whether the page's origin is the URL's origin (then CORS never applies).
    pub fn same_origin(&self) -> bool {
        self.url.origin().ascii_serialization() == self.origin
    }

    /// `credentials: "include"`: the only mode that sends cookies cross-origin
    /// and the one that makes `*` unacceptable.
    pub fn includes_credentials(&self) -> bool {
        self.credentials == Credentials::Include
    }
}

/// fetch throws a TypeError for these methods before anything is sent.
const FORBIDDEN_METHODS: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];
/// fetch upper-cases these, whatever the page wrote; others stay as written.
const NORMALISED_METHODS: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

impl Request {
    /// The request as the browser sends it: origin and URL checked, the
    /// method normalised, forbidden headers dropped, values trimmed of
    /// spaces and tabs, the body's own Content-Type added when the page set
    /// none. An error where fetch would throw (a forbidden method, a body on
    /// GET or HEAD) or the input is malformed.
    pub fn prepare(&self) -> Result<Prepared, InputError> {
        let origin = check_origin(&self.origin)?;
        let url = check_url(&self.url)?;
        let method = normalise_method(&self.method)?;
        if matches!(method.as_str(), "GET" | "HEAD") && self.body != BodyKind::None {
            return Err(InputError::new(
                "request.body",
                format!("fetch throws a TypeError: a {method} request cannot have a body"),
            ));
        }
        let (headers, dropped) = self.sent_headers()?;
        Ok(Prepared {
            origin,
            url,
            method,
            headers,
            dropped,
            credentials: self.credentials,
            cookie: self.cookie.clone(),
            read_headers: self.read_headers.clone(),
            upload_listener: self.upload_listener,
            body: self.body,
        })
    }

    fn sent_headers(&self) -> Result<(Headers, Vec<String>), InputError> {
        let mut kept = Headers::new();
        let mut dropped = Vec::new();
        for (name, value) in self.headers.iter() {
            check_header(name, value)?;
            if crate::safelist::is_forbidden_request_header(name) {
                dropped.push(name.to_owned());
            } else {
                kept = kept.with(name, value.trim_matches([' ', '\t']));
            }
        }
        if let Some(content_type) = self.body.content_type() {
            if !kept.contains("content-type") {
                kept = kept.with("Content-Type", content_type);
            }
        }
        Ok((kept, dropped))
    }
}

impl BodyKind {
    /// The Content-Type the body brings when the page set none.
    pub fn content_type(self) -> Option<&'static str> {
        match self {
            BodyKind::Text => Some("text/plain;charset=UTF-8"),
            BodyKind::UrlSearchParams => Some("application/x-www-form-urlencoded;charset=UTF-8"),
            BodyKind::FormData => Some("multipart/form-data; boundary=----LabFormBoundary"),
            BodyKind::None | BodyKind::Blob | BodyKind::Stream => None,
        }
    }
}

/// An origin exactly as a browser sends it, or `null`.
pub fn check_origin(origin: &str) -> Result<String, InputError> {
    if origin == "null" {
        return Ok(origin.to_owned());
    }
    origin
        .parse::<crate::origin::Origin>()
        .map(|origin| origin.as_str().to_owned())
        .map_err(|e| InputError::new("request.origin", e.to_string()))
}

fn check_url(text: &str) -> Result<Url, InputError> {
    let url = Url::parse(text)
        .map_err(|e| InputError::new("request.url", format!("'{text}' is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(InputError::new(
            "request.url",
            format!("'{text}': CORS requests are only supported for http and https"),
        ));
    }
    Ok(url)
}

/// The method as fetch sends it, or why fetch refuses it.
pub fn normalise_method(method: &str) -> Result<String, InputError> {
    if !is_token(method) {
        return Err(InputError::new(
            "request.method",
            format!(
                "'{}' is not an HTTP method (a token: letters, digits, !#$%&'*+-.^_`|~)",
                method.escape_debug()
            ),
        ));
    }
    let upper = method.to_ascii_uppercase();
    if FORBIDDEN_METHODS.contains(&upper.as_str()) {
        return Err(InputError::new(
            "request.method",
            format!("fetch throws a TypeError: the method {upper} is forbidden"),
        ));
    }
    Ok(if NORMALISED_METHODS.contains(&upper.as_str()) {
        upper
    } else {
        method.to_owned()
    })
}

/// A header name must be a token and a value must not split the message.
pub fn check_header(name: &str, value: &str) -> Result<(), InputError> {
    crate::syntax::check_sendable(name, value)
        .map_err(|e| InputError::new(format!("request.headers.{name}"), e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str) -> Request {
        Request::new(
            "http://localhost:8080",
            "http://localhost:8081/api/login",
            method,
        )
    }

    #[test]
    fn methods_are_normalised_like_fetch() {
        assert_eq!(request("delete").prepare().unwrap().method, "DELETE");
        assert_eq!(request("patch").prepare().unwrap().method, "patch");
        assert_eq!(request("PATCH").prepare().unwrap().method, "PATCH");
        assert!(request("trace")
            .prepare()
            .unwrap_err()
            .message
            .contains("forbidden"));
        assert_eq!(
            request("GE T").prepare().unwrap_err().field,
            "request.method"
        );
    }

    #[test]
    fn forbidden_headers_are_dropped_and_bodies_bring_a_type() {
        let mut r = request("POST");
        r.headers = Headers::new()
            .with("Cookie", "a=1")
            .with("X-Token", " abc ");
        r.body = BodyKind::Text;
        let prepared = r.prepare().unwrap();
        assert_eq!(prepared.dropped, ["Cookie"]);
        assert_eq!(prepared.headers.get("x-token").as_deref(), Some("abc"));
        assert_eq!(
            prepared.headers.get("content-type").as_deref(),
            Some("text/plain;charset=UTF-8")
        );
    }

    #[test]
    fn bad_input_names_its_field() {
        let mut r = request("GET");
        r.body = BodyKind::Text;
        assert_eq!(r.prepare().unwrap_err().field, "request.body");
        let mut r = request("GET");
        r.origin = "http://localhost:8080/".into();
        assert!(r
            .prepare()
            .unwrap_err()
            .message
            .contains("'http://localhost:8080'"));
        let mut r = request("GET");
        r.headers = Headers::new().with("X-A", "a\r\nSet-Cookie: x=1");
        assert_eq!(r.prepare().unwrap_err().field, "request.headers.X-A");
        let mut r = request("GET");
        r.url = "ftp://example.com/".into();
        assert_eq!(r.prepare().unwrap_err().field, "request.url");
    }

    #[test]
    fn same_origin_compares_scheme_host_and_port() {
        let mut r = request("GET");
        assert!(!r.prepare().unwrap().same_origin());
        r.url = "http://localhost:8080/x".into();
        assert!(r.prepare().unwrap().same_origin());
        r.origin = "null".into();
        assert!(!r.prepare().unwrap().same_origin());
    }
}
