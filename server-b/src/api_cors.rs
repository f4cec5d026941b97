//! The real API's CORS policy: an exact allowlist, with credentials.

use actix_cors::Cors;
use actix_web::http::{header, Method};
use common::Origin;

/// The story's value. Browsers cap it (Chromium at 7200 s, Firefox at 86400,
/// Safari at 600), so this asks for "as long as you allow".
pub const PREFLIGHT_MAX_AGE_SECS: usize = 86_400;

pub fn policy(allowed: &[Origin]) -> Cors {
    allowed
        .iter()
        .fold(Cors::default(), |cors, origin| {
            cors.allowed_origin(origin.as_str())
        })
        .allowed_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allowed_header(header::CONTENT_TYPE)
        .supports_credentials()
        .max_age(PREFLIGHT_MAX_AGE_SECS)
}

/// The recorder's policy: the lab page may read what server-b saw.
pub fn exchanges_policy(allowed: &[Origin]) -> Cors {
    allowed
        .iter()
        .fold(Cors::default(), |cors, origin| {
            cors.allowed_origin(origin.as_str())
        })
        .allowed_methods([Method::GET])
}
