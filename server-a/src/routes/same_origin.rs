//! `/same-origin/echo`: a resource on the page's own origin, for the lesson
//! where no CORS is involved. It echoes the fetch metadata the browser sent.
//! `/same-origin/cookie`: the page's own server sets an ordinary cookie, for
//! the lesson that shows cookies are scoped by host, not by port.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

/// `/same-origin/echo`'s body: the fetch metadata the browser sent, each
/// header `null` when it sent none. The page's checks read `origin` and
/// `sec_fetch_site` (a step that targets the page has no recorded wire).
/// Fields in alphabetical order, the order the body has always had.
#[derive(Serialize)]
pub struct SameOriginEcho<'a> {
    /// The request's method.
    pub method: &'a str,
    /// The `Origin` header.
    pub origin: Option<&'a str>,
    /// The `Sec-Fetch-Mode` header.
    pub sec_fetch_mode: Option<&'a str>,
    /// The `Sec-Fetch-Site` header.
    pub sec_fetch_site: Option<&'a str>,
}

/// What the browser sent to the page's own origin, for the same-origin lesson.
pub async fn echo(req: HttpRequest) -> HttpResponse {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(SameOriginEcho {
            method: req.method().as_str(),
            origin: header("origin"),
            sec_fetch_mode: header("sec-fetch-mode"),
            sec_fetch_site: header("sec-fetch-site"),
        })
}

/// The cookie server-a sets (not HttpOnly, so the page can show it).
pub const PAGE_COOKIE: &str = "lab_from_page=1; Path=/; SameSite=Lax; Max-Age=60";

/// `/same-origin/cookie`'s body: the name of the cookie it set. The page
/// reads none of it; the lesson looks at `document.cookie` instead.
#[derive(Serialize)]
pub struct CookieSet {
    /// The cookie's name (`lab_from_page`).
    pub set: &'static str,
}

/// Sets [`PAGE_COOKIE`] from the page's own origin.
pub async fn cookie() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Set-Cookie", PAGE_COOKIE))
        .json(CookieSet {
            set: "lab_from_page",
        })
}

/// Mounts the same-origin endpoints.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/same-origin/echo").to(echo));
    cfg.service(web::resource("/same-origin/cookie").to(cookie));
}
