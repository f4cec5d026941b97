//! `/lab/playground`: answers any CORS exchange the playground composes,
//! statelessly, from the policy carried in the request's own query string
//! (`?p=<JSON>&run=<nonce>`). The preflight and the actual request share the
//! URL, so they agree without server state. The policy and the answers it
//! makes are the model's (`cors_model::playground`), which server-a's
//! `POST /explain` judges too. A bad policy gets 400 with a JSON error naming
//! the field; header names and values are validated, so the playground
//! cannot inject headers or split a response.

pub mod respond;

use actix_web::web;

/// The path the playground's requests go to.
pub const PATH: &str = "/lab/playground";

/// The playground's resource, mounted before the `/lab` scope.
pub fn service() -> actix_web::Resource {
    web::resource(PATH).default_service(web::to(respond::respond))
}
