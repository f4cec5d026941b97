//! The playground's handler: an OPTIONS request gets the policy's preflight
//! answer, any other method its actual response, with a small JSON body.
//! A bad policy gets 400 `{"error", "field"}`, readable from the page.

use actix_web::http::{header, Method, StatusCode};
use actix_web::ResponseError;
use actix_web::{web, HttpRequest, HttpResponse};
use common::{Allowlist, Refusal};
use cors_model::playground::Policy;
use serde::Serialize;

/// The body of every playground answer but a preflight's or a HEAD's: that
/// the playground answered, to what, and with which status. The page reads
/// none of it: it shows the status JavaScript saw, and the wire. Fields in
/// alphabetical order, the order the body has always had.
#[derive(Serialize)]
pub struct PlaygroundEcho<'a> {
    /// The request's method.
    pub method: &'a str,
    /// Always true: this answer is the playground's.
    pub playground: bool,
    /// The status the policy answered with.
    pub status: u16,
}

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
    response.json(PlaygroundEcho {
        method: req.method().as_str(),
        playground: true,
        status: status.as_u16(),
    })
}
