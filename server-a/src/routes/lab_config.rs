//! `GET /config.json`: where the page finds the API, and the page's other origin.

use actix_web::{get, web, HttpRequest, HttpResponse};
use common::Origin;
use serde_json::json;

use super::page_origins;

#[get("/config.json")]
pub async fn config(req: HttpRequest, api_origin: web::Data<Origin>) -> HttpResponse {
    let (page, other_page) = page_origins(&req);
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(json!({
            "apiOrigin": api_origin.as_str(),
            "pageOrigin": page,
            "otherPageOrigin": other_page,
        "sessionCookie": lessons::SESSION_COOKIE,
        }))
}
