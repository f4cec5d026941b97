//! The attacker's port: a third origin that is plainly not the lab. It serves
//! the attacker's page (`static/attacker/`, red banner) and the request code
//! the lab page also runs (`/js/`), nothing else. The lab page frames it to
//! send the attack track's steps from `http://<name>.localhost:<port>`, and
//! from a sandboxed frame (`Origin: null`). Every answer here carries
//! `Access-Control-Allow-Origin: *`, because a sandboxed frame's own scripts
//! are cross-origin requests from `null`; these files are public anyway.

use std::path::Path;

use actix_files::Files;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{from_fn, DefaultHeaders, Next};
use actix_web::{guard, web, HttpMessage, HttpResponse, Scope};
use serde::Serialize;

/// server-a's two ports, as bound.
#[derive(Clone, Copy, Debug)]
pub struct Ports {
    /// The lab page's.
    pub page: u16,
    /// The attacker's.
    pub attacker: u16,
}

/// Marks a request that came in on the attacker's port.
#[derive(Clone, Copy)]
struct OnAttackerPort;

/// Middleware: tells the attacker's requests apart by the port they came in
/// on (the `Host` header is the browser's to choose).
pub async fn mark_port(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let attacker = req
        .app_data::<web::Data<Ports>>()
        .map(|ports| ports.attacker);
    if attacker == Some(req.app_config().local_addr().port()) {
        req.extensions_mut().insert(OnAttackerPort);
    }
    next.call(req).await
}

/// Everything the attacker's port answers: its page, the request code, where
/// the lab page is (so the page talks to it only), and 404 for the rest.
pub fn scope(
    static_dir: &Path,
) -> Scope<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    web::scope("")
        .guard(guard::fn_guard(|ctx| {
            ctx.req_data().contains::<OnAttackerPort>()
        }))
        .service(web::resource("/config.json").to(config))
        .service(Files::new("/js", static_dir.join("js")))
        .service(Files::new("/", static_dir.join("attacker")).index_file("index.html"))
        .wrap(from_fn(sandbox_when_asked))
        .wrap(from_fn(embedder_policy_when_asked))
        .wrap(DefaultHeaders::new().add(("Access-Control-Allow-Origin", "*")))
}

/// `/?sandboxed` is the page that sends `Origin: null`: its own CSP makes it
/// an opaque origin wherever it is opened, in the lab page's sandboxed frame
/// (which says the same) or at the top, where a test reads its console.
async fn sandbox_when_asked(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let sandboxed = req
        .query_string()
        .split('&')
        .any(|pair| pair == "sandboxed");
    let mut response = next.call(req).await?;
    if sandboxed {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            header::HeaderValue::from_static("sandbox allow-scripts"),
        );
    }
    Ok(response)
}

/// `/?coep=require-corp` and `/?coep=credentialless` are the page served
/// with that `Cross-Origin-Embedder-Policy` (the past-CORS lessons send
/// no-cors requests from it); any other value is ignored.
async fn embedder_policy_when_asked(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let policy = req.query_string().split('&').find_map(|pair| match pair {
        "coep=require-corp" => Some("require-corp"),
        "coep=credentialless" => Some("credentialless"),
        _ => None,
    });
    let mut response = next.call(req).await?;
    if let Some(policy) = policy {
        response.headers_mut().insert(
            header::HeaderName::from_static("cross-origin-embedder-policy"),
            header::HeaderValue::from_static(policy),
        );
    }
    Ok(response)
}

/// `GET /config.json` on the attacker's port. The attacker's page reads
/// `labPort` and answers messages only from pages on that port.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttackerConfig {
    /// The lab page's port.
    pub lab_port: u16,
}

/// The lab page's port: the attacker's page answers only pages on it.
async fn config(ports: web::Data<Ports>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(AttackerConfig {
            lab_port: ports.page,
        })
}
