//! `POST /explain-error`: console text as the learner copied it from
//! DevTools, read back to the failed check by the model (the same reader as
//! `scripts/doctor explain-error`). JSON in, `{"text": "…"}`; JSON out, an
//! array of the model's reports (engine, API, URL, origin, stage, failure,
//! explanation, fix, playground link), in the language `?lang=ru|zh|en` asks
//! for (English when absent or unknown; `Content-Language` says which).
//! Pure computation on the text: nothing is fetched, logged or kept.

use actix_web::{post, web, HttpRequest, HttpResponse};
use common::refusal::{read_json, Refusal};
use common::Origin;
use serde::Deserialize;

use super::{language_asked, origins_seen_by};

/// The most text one paste may hold, in bytes (a console's worth).
pub const MAX_TEXT: usize = 64 * 1024;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    text: String,
}

/// Each CORS line of the text, explained.
#[post("/explain-error")]
pub async fn explain_error(
    req: HttpRequest,
    body: web::Bytes,
    api_origin: web::Data<Origin>,
) -> Result<HttpResponse, Refusal> {
    let input: Input = read_json(&body)?;
    if input.text.len() > MAX_TEXT {
        return Err(Refusal::bad(
            "text",
            format!("{} bytes of text (at most {MAX_TEXT}): paste the lines about the failing request only", input.text.len()),
        ));
    }
    if input.text.trim().is_empty() {
        return Err(Refusal::bad(
            "text",
            "no text: paste the console line (or lines) here",
        ));
    }
    let lab = origins_seen_by(&req, &api_origin).page;
    let language = language_asked(&req);
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Content-Language", language.code()))
        .json(cors_model::explain_error_in(language, &input.text, &lab)))
}
