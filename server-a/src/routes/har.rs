//! `POST /har`: a HAR (DevTools' "Save all as HAR") judged by the doctor's
//! [`doctor::har::explain`], for the page's `#/har` view. JSON in: the HAR
//! (the page has already removed Cookie, Set-Cookie and Authorization values,
//! cookie lists, request bodies and response bodies); JSON out: an array of
//! the objects `cors-doctor har --json` prints, one per cross-origin request,
//! their words in the language `?lang=ru|zh|en` asks for (English when
//! absent or unknown; `Content-Language` says which).
//!
//! Refused: from another origin than the page's, 403; not sent as JSON,
//! 415; larger than [`MAX_BODY`], 413 (read no further than that); not JSON,
//! not a HAR or without a cross-origin request, 400 `{"error", "field"}`.
//! Nothing of the HAR is logged or kept: the log line says how many entries
//! and requests, never a URL or a header.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use common::Refusal;

/// The largest HAR read, in bytes.
pub const MAX_BODY: usize = 10 * 1024 * 1024;

/// Registers the route (one line in `startup.rs`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/har").route(web::post().to(har)));
}

async fn har(req: HttpRequest, payload: web::Payload) -> Result<HttpResponse, Refusal> {
    super::doctor::from_the_page(&req, "POST /har", "HAR")?;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_BODY) {
        return Err(too_large());
    }
    let body = match payload.to_bytes_limited(MAX_BODY).await {
        Err(_) => return Err(too_large()),
        Ok(Err(_)) => {
            return Err(Refusal::bad(
                "body",
                "the upload was cut off before its end",
            ))
        }
        Ok(Ok(body)) => body,
    };
    let language = super::language_asked(&req);
    let report = web::block(move || doctor::har::explain_in(language, &body, None)).await;
    match report {
        Ok(Ok(report)) => {
            log::info!(
                "har: {} entries, {} cross-origin requests judged",
                report.entries,
                report.judged.len()
            );
            Ok(HttpResponse::Ok()
                .insert_header(("Content-Language", language.code()))
                .json(&report.judged))
        }
        Ok(Err(e)) => {
            log::info!("har: refused ({})", kind(&e));
            Err(Refusal::bad("body", e))
        }
        Err(_) => Err(Refusal::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "",
            "the HAR could not be read now: try again",
        )),
    }
}

fn too_large() -> Refusal {
    let message = format!(
        "the HAR is larger than the {} MB this page reads: save a smaller one (clear the \
         network panel, run only the requests in question, then save), or run \
         scripts/doctor har FILE, which reads up to {} MB",
        MAX_BODY / (1024 * 1024),
        doctor::har::MAX_FILE_BYTES / (1024 * 1024)
    );
    Refusal::new(StatusCode::PAYLOAD_TOO_LARGE, "body", message)
}

/// The kind of refusal, for the log (the message may quote the file).
fn kind(e: &doctor::har::HarError) -> &'static str {
    use doctor::har::HarError::*;
    match e {
        Unreadable { .. } => "unreadable",
        TooLarge { .. } => "too large",
        NotJson(_) => "not JSON",
        NotHar(_) => "not a HAR",
        NoCrossOrigin { .. } => "no cross-origin request",
        BadOrigin(_) => "bad origin",
    }
}
