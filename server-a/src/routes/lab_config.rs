//! `GET /config.json`: where the page finds the API, and the page's other
//! origins, worked out here so that the page computes none of its own.

use actix_web::{get, web, HttpRequest, HttpResponse};
use common::Origin;
use serde_json::json;

use super::origins_seen_by;

/// The playground's senders: the page, its other loopback name, the
/// attacker's page on the same site and on another, and a sandboxed frame.
fn senders(origins: &lessons::Origins) -> serde_json::Value {
    use lessons::Initiator;
    let senders = [
        ("page", Initiator::Page, None),
        ("other-origin", Initiator::OtherOrigin, None),
        ("attacker-same-site", Initiator::Attacker, None),
        ("attacker", Initiator::Attacker, Some("evil.localhost")),
        ("sandboxed", Initiator::Sandboxed, None),
    ];
    senders
        .into_iter()
        .map(|(name, from, host)| {
            let sender = json!({
                "origin": origins.sender_of(from, host),
                "frame": origins.frame_of(from, host),
            });
            (name.to_owned(), sender)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

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
            // Where the playground can send from, and the frame that sends.
            "senders": senders(&origins),
            // The playground's form: the policy's fields, as the model reads them.
            "playgroundFields": cors_model::playground::fields(),
        }))
}
