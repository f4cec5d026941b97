//! The playground's handler: an OPTIONS request gets the policy's preflight
//! answer, any other method its actual response, with a small JSON body.
//! A bad policy gets 400 `{"error", "field"}`, readable from the page.

use actix_web::http::{header, Method, StatusCode};
use actix_web::ResponseError;
use actix_web::{web, HttpRequest, HttpResponse};
use common::{Allowlist, Refusal};
use cors_model::playground::Policy;
use serde_json::json;

/// Answers one playground request.
pub async fn respond(req: HttpRequest, allowed: web::Data<Allowlist>) -> HttpResponse {
    let page = allowed.first().to_string();
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok());
    let policy = match Policy::from_query(req.query_string()) {
        Ok(policy) => policy,
        Err(e) => {
            // Readable by the lab page, like every API error.
            let mut response = Refusal::from(e).error_response();
            if let Some(origin) = origin.filter(|o| allowed.contains(o.as_bytes())) {
                let headers = response.headers_mut();
                if let Ok(origin) = header::HeaderValue::from_str(origin) {
                    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
                }
                headers.insert(header::VARY, header::HeaderValue::from_static("Origin"));
            }
            return response;
        }
    };
    let preflight = req.method() == Method::OPTIONS;
    let answer = if preflight {
        policy.preflight_answer(origin, &page)
    } else {
        policy.response_answer(origin, &page)
    };
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    for (name, value) in answer.headers.iter() {
        response.append_header((name, value));
    }
    if preflight || req.method() == Method::HEAD {
        return response.finish();
    }
    response.json(
        json!({ "playground": true, "method": req.method().as_str(), "status": status.as_u16() }),
    )
}
