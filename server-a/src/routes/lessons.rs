//! `GET /lessons.json`: the catalogue as the page renders it, each lesson
//! made into its view by the lessons crate (`lessons::view`) for the origins
//! this browser uses, in the language `?lang=` asks for (`en`, `ru`, `zh`;
//! English when absent or unknown, and where a lesson has no translation).

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use common::{Origin, Refusal};
use lessons::translation;

use super::{language_asked, origins_seen_by};

/// The catalogue, with the real origins filled in, in the language asked for.
#[get("/lessons.json")]
pub async fn catalogue(
    req: HttpRequest,
    api_origin: web::Data<Origin>,
) -> Result<HttpResponse, Refusal> {
    let language = language_asked(&req);
    let origins = origins_seen_by(&req, &api_origin);
    // Checked at start (startup.rs), so this is never expected to fail.
    let catalogue = ::lessons::catalogue()
        .map_err(|e| Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "", e))?;
    let views: Vec<_> = catalogue
        .iter()
        .map(|lesson| translation::lesson_in(lesson, language))
        .map(|lesson| ::lessons::view::lesson_view(&lesson, &origins, language))
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Language", language.code()))
        .json(views))
}
