//! A plain HTTP client that sets `Origin` and cookies by hand, as a browser would.

use reqwest::header::{HeaderMap, SET_COOKIE};
use reqwest::{Client, RequestBuilder, Response};
use serde_json::Value;

pub const USER: (&str, &str) = ("user@example.com", "p@ssword");
pub const FRIEND: (&str, &str) = ("friend@example.com", "fr1end-p@ss");
pub const EVIL_ORIGIN: &str = "http://evil.example";

pub fn client() -> Client {
    use_ring();
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A client that trusts the lab's CA (`ca_pem`) and nothing else, speaking
/// HTTP/2 or HTTP/1.1 as the server's ALPN offers, or HTTP/1.1 alone.
pub fn https_client(ca_pem: &str, http1_only: bool) -> Client {
    use_ring();
    let ca = reqwest::Certificate::from_pem(ca_pem.as_bytes()).expect("the lab CA in PEM");
    let builder = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .tls_certs_only([ca]);
    let builder = if http1_only {
        builder.http1_only()
    } else {
        builder
    };
    builder.build().unwrap()
}

/// reqwest is built without a TLS provider of its own: ring, as the servers
/// use, for the whole process (a second install changes nothing).
fn use_ring() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The `lab_session=...` pair from a response's Set-Cookie, ready to send back.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    set_cookie(headers, "lab_session").map(|full| full.split(';').next().unwrap().to_owned())
}

/// The whole Set-Cookie header for the cookie `name`.
pub fn set_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(String::from)
}

pub fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

/// A response read whole: status, headers, body, and the body as JSON
/// (`Null` when not JSON).
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `error` message of a JSON error body.
    pub fn error(&self) -> &str {
        self.json["error"].as_str().unwrap_or_default()
    }
}

pub async fn send(request: RequestBuilder) -> Reply {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        text,
        json,
    }
}
