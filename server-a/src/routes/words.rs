//! `GET /words.json`: the page's own words (`lessons::page_words`) in the
//! language `?lang=` asks for, as one flat map of "view.key" → text; English
//! where the language is unknown or lacks a text.

use actix_web::http::StatusCode;
use actix_web::{get, HttpRequest, HttpResponse};
use common::Refusal;

use super::language_asked;

/// The words, in the language asked for.
#[get("/words.json")]
pub async fn words(req: HttpRequest) -> Result<HttpResponse, Refusal> {
    let language = language_asked(&req);
    // Read and checked at start (startup.rs), so this is never expected to fail.
    let words = lessons::page_words::words_in(language)
        .map_err(|e| Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "", e))?;
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Language", language.code()))
        .json(words))
}
