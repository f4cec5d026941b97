//! The two ways a lesson's endpoint answers CORS: correctly, with actix-cors, or
//! with literal headers, for the mistakes actix-cors will not make.

use std::collections::BTreeMap;

use actix_cors::Cors;
use actix_web::middleware::DefaultHeaders;
use common::Origin;
use lessons::{ActixCorsPolicy, AllowedOrigins, PAGE_ORIGIN_PLACEHOLDER};

pub fn actix_cors(policy: &ActixCorsPolicy, page_origins: &[Origin]) -> Cors {
    let mut cors = match policy.origins {
        AllowedOrigins::Page => page_origins.iter().fold(Cors::default(), |cors, origin| {
            cors.allowed_origin(origin.as_str())
        }),
        AllowedOrigins::Any => Cors::default().allow_any_origin().send_wildcard(),
    };
    if !policy.methods.is_empty() {
        cors = cors.allowed_methods(policy.methods.iter().map(String::as_str));
    }
    if !policy.headers.is_empty() {
        cors = cors.allowed_headers(policy.headers.iter().map(String::as_str));
    }
    if !policy.expose.is_empty() {
        cors = cors.expose_headers(policy.expose.iter().map(String::as_str));
    }
    if policy.credentials {
        cors = cors.supports_credentials();
    }
    cors.max_age(policy.max_age)
}

/// Adds the headers as written, to preflights and actual responses alike.
pub fn literal(headers: &BTreeMap<String, String>, page_origin: &Origin) -> DefaultHeaders {
    headers
        .iter()
        .fold(DefaultHeaders::new(), |mw, (name, value)| {
            let value = value.replace(PAGE_ORIGIN_PLACEHOLDER, page_origin.as_str());
            mw.add((name.as_str(), value))
        })
}
