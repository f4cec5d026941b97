//! `/same-origin/echo`: a resource on the page's own origin, for the lesson
//! where no CORS is involved. It echoes the fetch metadata the browser sent.
//! `/same-origin/cookie`: the page's own server sets an ordinary cookie, for
//! the lesson that shows cookies are scoped by host, not by port.

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

/// The cookie server-a sets (not HttpOnly, so the page can show it).
pub const PAGE_COOKIE: &str = "lab_from_page=1; Path=/; SameSite=Lax; Max-Age=60";

/// Sets [`PAGE_COOKIE`] from the page's own origin.
pub async fn cookie() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Set-Cookie", PAGE_COOKIE))
        .json(json!({ "set": "lab_from_page" }))
}

/// Mounts the same-origin endpoints.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/same-origin/echo").to(echo));
    cfg.service(web::resource("/same-origin/cookie").to(cookie));
}
