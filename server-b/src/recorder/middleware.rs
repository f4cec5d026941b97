//! The outermost middleware: it sees every request and the response exactly
//! as sent (CORS headers and error responses included), so it writes the
//! access log line and feeds the recorder. One layer for both keeps the hot
//! path short: the two were a fifth of a preflight's cost as separate layers.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, Uri};
use actix_web::middleware::Next;
use actix_web::web;

use super::exchange::{Exchange, RequestFacts, ResponseFacts};
use super::{Recorder, RunId, EXCHANGES_PATH};

/// The middleware: logs the exchange and records it in its run.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let recorder = req
        .app_data::<web::Data<Recorder>>()
        .filter(|_| req.path() != EXCHANGES_PATH)
        .cloned();
    // What to keep is taken now: the request moves inward. Do not clone the
    // HttpRequest before calling inward: routing needs it unshared (actix
    // panics in match_info_mut otherwise).
    let method = req.method().clone();
    let target = req.uri().clone();
    let request = recorder
        .as_ref()
        .map(|_| RequestFacts::from_headers(req.version(), req.headers()));
    let result = next.call(req).await;
    let response = match &result {
        Ok(response) => {
            ResponseFacts::from_response(response.status().as_u16(), response.headers())
        }
        // An error from an inner middleware: the response it will become
        // (error_response() applies the CORS mappers too).
        Err(error) => {
            let response = error.error_response();
            ResponseFacts::from_response(response.status().as_u16(), response.headers())
        }
    };
    access_log(&method, &target, response.status, started);
    if let (Some(recorder), Some(request)) = (recorder, request) {
        let query = target.query().unwrap_or_default();
        let exchange = Exchange::new(method, target.path(), query, request, response);
        recorder.record(RunId::of_query(query).as_ref(), exchange);
    }
    result.map(ServiceResponse::map_into_boxed_body)
}

/// `200 OPTIONS /api/login?run=ab12 85us`: the query holds the run id, never
/// a secret (credentials travel in bodies and cookies, which are not logged).
fn access_log(method: &Method, target: &Uri, status: u16, started: Instant) {
    if log::log_enabled!(target: "access", log::Level::Info) {
        let micros = started.elapsed().as_micros();
        log::info!(target: "access", "{status} {method} {target} {micros}us");
    }
}
