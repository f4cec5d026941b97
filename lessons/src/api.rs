//! What the lessons know of server-b's real API: its CORS policy and its
//! session cookie. server-b builds its `/api` policy from this value, and the
//! page shows it, so both always agree.

use crate::model::{ActixCorsPolicy, OriginRule};

/// The session cookie server-b sets at login.
pub const SESSION_COOKIE: &str = "lab_session";

/// The API's `Access-Control-Max-Age`: two hours, Chromium's cap (Firefox
/// caps at 86400 s, WebKit at 600 s). The story asks for a day, which
/// Chromium cuts to two hours anyway and the lab's own doctor warns about;
/// 7200 s is kept in full by Chromium and Firefox, ten minutes by WebKit.
pub const PREFLIGHT_MAX_AGE_SECS: usize = 7_200;

/// `/api`'s policy: the exact allowlist, credentials, the four methods of the
/// notes API, JSON bodies.
pub fn api_policy() -> ActixCorsPolicy {
    ActixCorsPolicy {
        origins: OriginRule::Page,
        methods: ["GET", "POST", "PUT", "DELETE"].map(String::from).to_vec(),
        headers: vec!["Content-Type".into()],
        expose: vec![],
        max_age: Some(PREFLIGHT_MAX_AGE_SECS),
        credentials: true,
    }
}
