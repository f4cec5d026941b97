//! `GET /lessons.json`: the catalogue as the page renders it, each lesson
//! made into its view by the lessons crate (`lessons::view`) for the origins
//! this browser uses.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use common::{Origin, Refusal};

use super::origins_seen_by;

/// The catalogue, with the real origins filled in.
#[get("/lessons.json")]
pub async fn catalogue(
    req: HttpRequest,
    api_origin: web::Data<Origin>,
) -> Result<HttpResponse, Refusal> {
    let origins = origins_seen_by(&req, &api_origin);
    // Checked at start (startup.rs), so this is never expected to fail.
    let catalogue = ::lessons::catalogue()
        .map_err(|e| Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "", e))?;
    let views: Vec<_> = catalogue
        .iter()
        .map(|lesson| ::lessons::view::lesson_view(lesson, &origins))
        .collect();
    Ok(HttpResponse::Ok().json(views))
}
