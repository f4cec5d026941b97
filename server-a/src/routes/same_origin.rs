//! `/same-origin/echo`: a resource on the page's own origin, for the lesson
//! where no CORS is involved. It echoes the fetch metadata the browser sent.

use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

/// What the browser sent to the page's own origin, for the same-origin lesson.
pub async fn echo(req: HttpRequest) -> HttpResponse {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(json!({
            "method": req.method().as_str(),
            "origin": header("origin"),
            "sec_fetch_site": header("sec-fetch-site"),
            "sec_fetch_mode": header("sec-fetch-mode"),
        }))
}

/// Mounts the same-origin lesson's endpoint.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/same-origin/echo").to(echo));
}
