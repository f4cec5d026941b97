//! `POST /doctor`: the doctor (the `doctor` crate, as `scripts/doctor` runs
//! it) asked from the page, for a URL the learner types. server-a sends the
//! preflight and the request as the learner's engine would, then answers the
//! wire it saw, both engines' verdicts, the failed check, console lines, fix
//! and warnings; the page sets them beside what the learner's own browser got.
//!
//! JSON in: `{"url", "method", "headers", "credentials", "engine", "origin",
//! "timeout"}` (all but `url` optional; `origin` defaults to this page's).
//! `?lang=ru|zh|en` (English when absent or unknown) sets the language of
//! the verdicts' words and the warnings; `Content-Language` says which (an
//! `unreachable` reason is the network's own words, in English).
//! Bad input: 400 `{"error", "field"}`; not JSON: 415; from another
//! origin than the page's: 403. Unreachable or silent: 200
//! `{"unreachable": "…"}`, since the probe itself worked. Over the rate
//! limit: 429 with `Retry-After`; too many probes running at once: 503. The
//! guard against server-side request forgery is in `guard.rs`, the limits in
//! `limit.rs`, the answer's shape (and what it never shows) in `answer.rs`.

mod answer;
pub mod guard;
pub mod limit;
pub mod reach;

use std::net::SocketAddr;
use std::time::Duration;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use common::refusal::{read_json, Refusal};
use cors_model::{CookieSpec, Credentials, Engine, Headers, InputError, Request};
use doctor::http::{Client, Options};
use doctor::{examine, DoctorError, Spec};

use super::lab_ca::ApiHttps;
use serde::Deserialize;

/// The largest request body read.
pub const MAX_BODY: usize = 16 * 1024;
/// The most request headers one probe may set.
pub const MAX_HEADERS: usize = 32;
/// Their names and values together, in bytes.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;
/// Seconds each request of the probe may take, by default and at most.
pub const TIMEOUT: u64 = 3;
const MAX_TIMEOUT: u64 = 5;

/// Registers the route, with the limits `startup.rs` built for this server.
pub fn configure(cfg: &mut web::ServiceConfig, limits: web::Data<limit::ProbeLimits>) {
    cfg.service(
        web::resource("/doctor")
            .app_data(limits)
            .route(web::post().to(probe)),
    );
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    url: String,
    #[serde(default = "get")]
    method: String,
    #[serde(default)]
    headers: Headers,
    #[serde(default)]
    credentials: Credentials,
    #[serde(default = "chromium")]
    engine: Engine,
    #[serde(default)]
    origin: Option<String>,
    #[serde(default)]
    timeout: Option<u64>,
}

fn get() -> String {
    "GET".into()
}

fn chromium() -> Engine {
    Engine::Chromium
}

/// The model names `request.method`; this route's fields are top-level.
fn top_level(e: InputError) -> Refusal {
    let field = e.field.strip_prefix("request.").unwrap_or(&e.field);
    Refusal::bad(field, e.message)
}

async fn probe(
    req: HttpRequest,
    body: web::Bytes,
    limits: web::Data<limit::ProbeLimits>,
) -> Result<HttpResponse, Refusal> {
    if let Err(retry_after) = limits.check(&req) {
        let message = format!("too many probes from your address: try again in {retry_after} s");
        return Err(
            Refusal::new(StatusCode::TOO_MANY_REQUESTS, "", message).retry_after(retry_after)
        );
    }
    from_the_page(&req, "POST /doctor", "probe")?;
    let (spec, url, timeout) = prepare(&req, &body)?;
    let Some(_slot) = limits.slot() else {
        let message = format!(
            "{} probes are running already: try again in a moment",
            limit::MAX_IN_FLIGHT
        );
        return Err(Refusal::new(StatusCode::SERVICE_UNAVAILABLE, "", message).retry_after(1));
    };
    let target = where_to_connect(&req, &url).map_err(|refused| Refusal::bad("url", refused))?;
    run(spec, target, timeout, lab_ca(&req)).await
}

/// The host and port the probe connects to for `url` (`reach.rs`): the
/// URL's own unless server-a runs in a container.
fn where_to_connect(req: &HttpRequest, url: &url::Url) -> Result<guard::Target, guard::Refused> {
    let reach = req.app_data::<web::Data<reach::Reach>>();
    let api_origin = req.app_data::<web::Data<common::Origin>>();
    let https = req.app_data::<web::Data<ApiHttps>>();
    match (reach, api_origin) {
        (Some(reach), Some(api_origin)) => {
            let apis = reach::ApiOrigins {
                http: api_origin.to_string(),
                https: https.and_then(|https| Some(https.origin.as_ref()?.to_string())),
            };
            reach.target(url, &apis)
        }
        _ => guard::Target::of(url),
    }
}

/// The lab's CA certificate, when server-b has made it: the probe trusts it
/// beside the system's roots, as a learner's browser does once told to.
fn lab_ca(req: &HttpRequest) -> Vec<String> {
    let https = req.app_data::<web::Data<ApiHttps>>();
    https
        .and_then(|https| std::fs::read_to_string(&https.ca_file).ok())
        .into_iter()
        .collect()
}

/// Only the lab page (or a client that is no browser) may ask. Another site
/// open in the learner's browser could otherwise make server-a probe the
/// learner's LAN: a cross-origin POST is sent even though its answer cannot
/// be read (CORS is not CSRF protection, lesson 6). JSON only, which a form
/// cannot send and a cross-origin fetch must preflight (server-a answers no
/// preflight), and an `Origin`, when a browser sends one, that is the page's.
/// Refused unless the request may go on: JSON only, and from the page's
/// own origin or from no browser at all (`route` names the route and `body`
/// what it takes, for the sentences; `POST /har` asks the same).
pub(crate) fn from_the_page(req: &HttpRequest, route: &str, body: &str) -> Result<(), Refusal> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        let message = format!("send the {body} as JSON (Content-Type: application/json)");
        return Err(Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "body",
            message,
        ));
    }
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .map(|v| v.to_str().unwrap_or("(an Origin that is not ASCII)"));
    match origin.filter(|origin| *origin != page_origin(req)) {
        None => Ok(()),
        Some(foreign) => Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "",
            format!("{route} answers the lab page only, not {foreign}"),
        )),
    }
}

/// The page's origin as this browser sees it (its scheme and Host).
fn page_origin(req: &HttpRequest) -> String {
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}

/// Everything checked that can be checked without a lookup.
fn prepare(req: &HttpRequest, body: &[u8]) -> Result<(Spec, url::Url, Duration), Refusal> {
    if body.len() > MAX_BODY {
        return Err(Refusal::bad("body", format!("at most {MAX_BODY} bytes")));
    }
    let input: Input = read_json(body)?;
    let url = guard::check_url(&input.url).map_err(|e| Refusal::bad("url", e))?;
    header_rules(&input.headers)?;
    let timeout = input.timeout.unwrap_or(TIMEOUT);
    if !(1..=MAX_TIMEOUT).contains(&timeout) {
        return Err(Refusal::bad(
            "timeout",
            format!("1 to {MAX_TIMEOUT} seconds"),
        ));
    }
    let request = Request {
        origin: input.origin.unwrap_or_else(|| page_origin(req)),
        url: url.to_string(),
        method: input.method,
        headers: input.headers,
        body: Default::default(),
        credentials: input.credentials,
        // The probe holds no cookie; the model says what a browser's would do.
        cookie: Some(CookieSpec {
            name: "your-session".into(),
            ..CookieSpec::default()
        }),
        read_headers: Vec::new(),
        upload_listener: false,
    };
    request.prepare().map_err(top_level)?;
    let spec = Spec {
        request,
        engine: input.engine,
        probe: true,
        follow_redirect: false,
        language: super::language_asked(req),
    };
    Ok((spec, url, Duration::from_secs(timeout)))
}

/// Names are tokens, values visible ASCII without CR, LF or NUL, and the
/// list is small: nothing the learner types can split or swell a request.
fn header_rules(headers: &Headers) -> Result<(), Refusal> {
    if headers.0.len() > MAX_HEADERS {
        return Err(Refusal::bad(
            "headers",
            format!("at most {MAX_HEADERS} headers"),
        ));
    }
    let bytes: usize = headers.iter().map(|(n, v)| n.len() + v.len()).sum();
    if bytes > MAX_HEADER_BYTES {
        return Err(Refusal::bad(
            "headers",
            format!("{bytes} bytes of headers (at most {MAX_HEADER_BYTES})"),
        ));
    }
    for (name, value) in headers.iter() {
        cors_model::syntax::check(name, value)
            .map_err(|e| Refusal::bad(format!("headers.{name}"), e))?;
    }
    Ok(())
}

/// What happened once the input was good.
enum Probed {
    Done(Box<doctor::Diagnosis>, Vec<SocketAddr>),
    Unreachable(String),
    Refused(guard::Refused),
    Bad(Refusal),
}

/// Resolves and checks the host it connects to, then runs the doctor
/// pinned to the addresses checked, all off the event loop (lookup and
/// client block).
async fn run(
    spec: Spec,
    connect: guard::Target,
    timeout: Duration,
    extra_roots: Vec<String>,
) -> Result<HttpResponse, Refusal> {
    let method = spec.request.method.clone();
    let language = spec.language;
    let target = format!("{}:{}", guard::written(&connect.host), connect.port);
    // In a container, an unreachable answer says where the probe went.
    let note = connect.note.clone();
    let noted = move |reason: String| match &note {
        Some(note) => format!("{reason} ({note})"),
        None => reason,
    };
    let probed = web::block(move || {
        let addresses = match guard::reached(&connect) {
            Err(refused) => return Probed::Refused(refused),
            Ok(Err(unresolved)) => return Probed::Unreachable(noted(unresolved.to_string())),
            Ok(Ok(addresses)) => addresses,
        };
        let options = Options {
            timeout,
            pin: Some(addresses.clone()),
            proxies: false,
            extra_roots,
        };
        let outcome = Client::new(options).and_then(|client| examine(&spec, &client));
        match outcome {
            Ok(diagnosis) => Probed::Done(Box::new(diagnosis), addresses),
            Err(DoctorError::Unreachable(reason)) => Probed::Unreachable(noted(reason)),
            Err(DoctorError::Input(e)) => Probed::Bad(top_level(e)),
            Err(DoctorError::Usage(message)) => Probed::Bad(Refusal::bad("request", message)),
        }
    })
    .await;
    // Logged: the method, host and port, and the verdict; never a header
    // value or the URL's path and query (they may carry a token).
    match probed {
        Ok(Probed::Done(diagnosis, addresses)) => {
            let allowed = diagnosis.verdicts[0].verdict == cors_model::Outcome::Allowed;
            log::info!(
                "doctor: {method} {target}: {} in {}",
                if allowed { "allowed" } else { "blocked" },
                diagnosis.engine.name()
            );
            Ok(HttpResponse::Ok()
                .insert_header(("Content-Language", language.code()))
                .json(answer::diagnosis(&diagnosis, &addresses)))
        }
        Ok(Probed::Unreachable(reason)) => {
            log::info!("doctor: {method} {target}: unreachable");
            // The reason quotes the network and TLS errors as they come.
            Ok(HttpResponse::Ok()
                .insert_header(("Content-Language", "en"))
                .json(answer::Unreachable {
                    unreachable: reason,
                }))
        }
        Ok(Probed::Refused(refused)) => {
            log::warn!("doctor: {method} {target}: refused ({refused})");
            Err(Refusal::bad("url", refused))
        }
        Ok(Probed::Bad(refusal)) => Err(refusal),
        Err(_) => Err(Refusal::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "",
            "the probe could not be run now: try again",
        )),
    }
}
