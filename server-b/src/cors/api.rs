//! The real API's CORS policy: the catalogue's `api_policy()` (an exact
//! allowlist, with credentials), built by the same code as the lesson policies.

use actix_cors::Cors;
use actix_web::http::Method;
use common::Allowlist;

use super::lesson::actix_cors;

/// The actix-cors middleware of `/api`.
pub fn policy(allowed: &Allowlist) -> Cors {
    actix_cors(&lessons::api_policy(), allowed)
}

/// The recorder's policy: the lab page may read what server-b saw.
pub fn exchanges_policy(allowed: &Allowlist) -> Cors {
    allowed
        .iter()
        .fold(Cors::default(), |cors, origin| {
            cors.allowed_origin(origin.as_str())
        })
        .allowed_methods([Method::GET])
}
