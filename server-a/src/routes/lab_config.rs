//! `GET /config.json`: where the page finds the API, and the page's other
//! origins, worked out here so that the page computes none of its own.

use actix_web::{get, web, HttpRequest, HttpResponse};
use common::Origin;
use serde_json::json;

use super::origins_seen_by;

/// Where the page finds server-b, and its own origins as the browser sees them.
#[get("/config.json")]
pub async fn config(req: HttpRequest, api_origin: web::Data<Origin>) -> HttpResponse {
    let origins = origins_seen_by(&req, &api_origin);
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(json!({
            "apiOrigin": origins.api,
            "pageOrigin": origins.page,
            "otherPageOrigin": origins.other_page,
            // The page on server-b's allowlist: this page, or its other page
            // when it was opened at 127.0.0.1.
            "labOrigin": origins.lab_page(),
            "sessionCookie": lessons::SESSION_COOKIE,
        }))
}
