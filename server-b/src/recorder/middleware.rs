//! Records every exchange, outermost, so it sees the response exactly as sent:
//! CORS headers and error responses included.

use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use super::exchange::{clip, Exchange, RequestFacts, ResponseFacts};
use super::{Recorder, RunId, EXCHANGES_PATH};

pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let recorder = req.app_data::<web::Data<Recorder>>().cloned();
    let recorder = match recorder {
        Some(recorder) if req.path() != EXCHANGES_PATH => recorder,
        _ => {
            return next
                .call(req)
                .await
                .map(ServiceResponse::map_into_boxed_body)
        }
    };
    let run = RunId::of_query(req.query_string());
    let mut exchange = Exchange {
        seq: 0,
        time_ms: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis(),
        method: req.method().to_string(),
        path: clip(req.path()),
        query: clip(req.query_string()),
        request: RequestFacts::from_headers(req.headers()),
        response: ResponseFacts::default(),
    };
    // Do not clone the HttpRequest before calling inward: routing needs it
    // unshared (actix panics in match_info_mut otherwise).
    let result = next.call(req).await;
    exchange.response = match &result {
        Ok(response) => {
            ResponseFacts::from_response(response.status().as_u16(), response.headers())
        }
        // An error from an inner middleware: record the response it will
        // become (error_response() applies the CORS mappers too).
        Err(error) => {
            let response = error.error_response();
            ResponseFacts::from_response(response.status().as_u16(), response.headers())
        }
    };
    recorder.record(run.as_ref(), exchange);
    result.map(ServiceResponse::map_into_boxed_body)
}
