//! Refuses state-changing requests from origins not on the allowlist.
//!
//! CORS only decides whether a page may *read* a response: a cross-origin POST
//! still reaches the handler and runs. So the API checks `Origin` itself before
//! anything changes. A write is refused when its `Origin` is not on the
//! allowlist (`null`, the opaque origin of sandboxed frames and data: URLs,
//! never is), and when the browser says it is cross-site (`Sec-Fetch-Site`)
//! without an allowlisted `Origin`. A request with neither header (curl, a
//! server) is not a browser's, and goes on.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::web;

use crate::errors::ApiError;
use common::Allowlist;

/// The middleware: 403 for a write whose initiator is not the lab page.
pub async fn refuse_foreign_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state && !is_allowed_writer(&req) {
        log::warn!(
            "refused {} {} from origin {:?} (sec-fetch-site {:?})",
            req.method(),
            req.path(),
            req.headers().get(header::ORIGIN),
            req.headers().get(SEC_FETCH_SITE),
        );
        return Err(ApiError::ForeignOrigin.into());
    }
    next.call(req).await
}

const SEC_FETCH_SITE: &str = "sec-fetch-site";

fn is_allowed_writer(req: &ServiceRequest) -> bool {
    let allowlisted = |origin: &[u8]| {
        req.app_data::<web::Data<Allowlist>>()
            .is_some_and(|list| list.contains(origin))
    };
    match req.headers().get(header::ORIGIN) {
        Some(origin) => allowlisted(origin.as_bytes()),
        None => req
            .headers()
            .get(SEC_FETCH_SITE)
            .is_none_or(|site| site.as_bytes() != b"cross-site"),
    }
}
