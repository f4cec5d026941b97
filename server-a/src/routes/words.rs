//! `GET /words.json`: the page's own words (`lessons::page_words`) in the
//! language `?lang=` asks for, as one flat map of "view.key" → text; English
//! where the language is unknown or lacks a text.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpResponse};
use common::Refusal;
use lessons::translation::Language;

use super::lessons::LangQuery;

/// The words, in the language asked for.
#[get("/words.json")]
pub async fn words(query: web::Query<LangQuery>) -> Result<HttpResponse, Refusal> {
    let language = Language::from_query(query.lang.as_deref());
    // Read and checked at start (startup.rs), so this is never expected to fail.
    let words = lessons::page_words::words_in(language)
        .map_err(|e| Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "", e))?;
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Language", language.code()))
        .json(words))
}
