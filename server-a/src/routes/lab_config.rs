//! `GET /config.json`: where the page finds the API, and the page's other
//! origins, worked out here so that the page computes none of its own. The
//! answer is [`LabConfig`]: the page's contract, typed, in camelCase.

use actix_web::{get, web, HttpRequest, HttpResponse};
use common::Origin;
use lessons::origins::Frame;
use lessons::{Initiator, Origins};
use serde::Serialize;

use super::origins_seen_by;

/// Everything the page is told at start.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabConfig {
    /// server-b, as the browser reaches it.
    pub api_origin: String,
    /// server-b over https, when it serves it (the lab's CA, at
    /// `/lab-ca.pem`, issued its certificate).
    pub api_tls_origin: Option<String>,
    /// This page's origin, from the Host the browser sent.
    pub page_origin: String,
    /// The same page under the other loopback name.
    pub other_page_origin: String,
    /// The page on server-b's allowlist: this page, or its other page when
    /// it was opened at 127.0.0.1.
    pub lab_origin: String,
    /// The session cookie's name.
    pub session_cookie: &'static str,
    /// The playground's senders, in the order its form offers them.
    pub sender_names: Vec<&'static str>,
    /// Each sender's origin and the frame that sends for it.
    pub senders: std::collections::BTreeMap<&'static str, Sender>,
    /// The playground's form: the policy's fields, as the model reads them.
    pub playground_fields: cors_model::playground::Fields,
}

/// One place the playground can send from.
#[derive(Serialize)]
pub struct Sender {
    /// The `Origin` its requests carry (`null` when sandboxed).
    pub origin: String,
    /// The frame that sends, or none for the page itself.
    pub frame: Option<Frame>,
}

/// The playground's senders: the page, its other loopback name, the
/// attacker's page on the same site and on another, and a sandboxed frame.
const SENDERS: [(&str, Initiator, Option<&str>); 5] = [
    ("page", Initiator::Page, None),
    ("other-origin", Initiator::OtherOrigin, None),
    ("attacker-same-site", Initiator::Attacker, None),
    ("attacker", Initiator::Attacker, Some("evil.localhost")),
    ("sandboxed", Initiator::Sandboxed, None),
];

impl LabConfig {
    /// The configuration for a browser that sees the lab at `origins`.
    pub fn seen_from(origins: &Origins) -> LabConfig {
        let senders = SENDERS
            .into_iter()
            .map(|(name, from, host)| {
                let sender = Sender {
                    origin: origins.sender_of(from, host),
                    frame: origins.frame_of(from, host),
                };
                (name, sender)
            })
            .collect();
        LabConfig {
            api_origin: origins.api.clone(),
            api_tls_origin: origins.api_tls.clone(),
            page_origin: origins.page.clone(),
            other_page_origin: origins.other_page.clone(),
            lab_origin: origins.lab_page().to_owned(),
            session_cookie: lessons::SESSION_COOKIE,
            sender_names: SENDERS.iter().map(|(name, ..)| *name).collect(),
            senders,
            playground_fields: cors_model::playground::fields(),
        }
    }
}

/// Where the page finds server-b, and its own origins as the browser sees them.
#[get("/config.json")]
pub async fn config(req: HttpRequest, api_origin: web::Data<Origin>) -> HttpResponse {
    let origins = origins_seen_by(&req, &api_origin);
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(LabConfig::seen_from(&origins))
}
