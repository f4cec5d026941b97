//! Refuses state-changing requests from origins not on the allowlist.
//!
//! CORS only decides whether a page may *read* a response: a cross-origin POST
//! still reaches the handler and runs. So the API checks `Origin` itself before
//! anything changes.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::web;

use crate::errors::ApiError;
use crate::startup::AllowedOrigins;

pub async fn refuse_foreign_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state {
        if let Some(origin) = req.headers().get(header::ORIGIN) {
            let allowed = req
                .app_data::<web::Data<AllowedOrigins>>()
                .is_some_and(|list| list.contains(origin.as_bytes()));
            if !allowed {
                log::warn!(
                    "refused {} {} from origin {:?}",
                    req.method(),
                    req.path(),
                    origin
                );
                return Err(ApiError::ForeignOrigin.into());
            }
        }
    }
    next.call(req).await
}
