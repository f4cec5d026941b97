//! `POST /explain`: the CORS model's judgement of any exchange, for the page
//! (which never re-derives it in JavaScript) and for any other client. JSON
//! in: the request, the server's answers and optionally the engine; JSON out:
//! each engine's verdict, and the exchange as curl commands. `?lang=ru|zh|en`
//! (English when absent or unknown) sets the language of the explanations,
//! fixes and notes, and `Content-Language` says which. Bad input gets 400 `{"error", "field"}`; header
//! names and values obey the catalogue's rules (tokens, visible ASCII, no CR
//! or LF, at most 1024 bytes), so nothing here can split a message.
//!
//! The answers are written out (`preflight`, `response`), or given as the
//! playground's `policy`, from which the model makes the very answers
//! server-b's `/lab/playground` sends ("page" being the lab page's origin).

use actix_web::{post, web, HttpRequest, HttpResponse};
use common::Origin;
use cors_model::playground::Policy;
use cors_model::{
    Answer, Engine, Exchange, Explanation, Headers, InputError, Request, ThirdPartyCookies,
};
use serde::{Deserialize, Serialize};

use common::refusal::{read_json, Refusal};

use super::{language_asked, origins_seen_by};

/// The largest body `/explain` reads (413 above it).
pub const MAX_BODY: usize = 64 * 1024;
/// The most headers one request or answer may list.
pub const MAX_HEADERS: usize = 64;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    request: Request,
    #[serde(default)]
    preflight: Option<Answer>,
    #[serde(default)]
    response: Option<Answer>,
    #[serde(default)]
    redirected: Option<Answer>,
    #[serde(default)]
    policy: Option<serde_json::Value>,
    #[serde(default)]
    third_party_cookies: ThirdPartyCookies,
    #[serde(default)]
    engine: Option<Engine>,
}

/// The CORS model's verdict for the exchange posted, per engine.
#[post("/explain")]
pub async fn explain(
    req: HttpRequest,
    body: web::Bytes,
    api: web::Data<Origin>,
) -> Result<HttpResponse, Refusal> {
    let input: Input = read_json(&body)?;
    let engine = input.engine;
    let language = language_asked(&req);
    let page = origins_seen_by(&req, &api).lab_page().to_owned();
    let exchange = exchange_of(input, &page)?;
    header_rules(&exchange)?;
    let explanation = cors_model::explain_in(language, &exchange, engine)?;
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Language", language.code()))
        .json(with_curl(explanation, &exchange.request)))
}

/// The exchange posted, its answers made from the policy when one is given.
fn exchange_of(input: Input, page: &str) -> Result<Exchange, InputError> {
    let (preflight, response) = match &input.policy {
        None => (input.preflight, input.response),
        Some(_) if input.preflight.is_some() || input.response.is_some() => {
            return Err(InputError::new(
                "policy",
                "give the answers either as a policy or as preflight and response, not both",
            ))
        }
        Some(policy) => {
            let policy = Policy::from_value("policy", policy)?;
            let origin = Some(input.request.origin.as_str());
            (
                Some(policy.preflight_answer(origin, page)),
                Some(policy.response_answer(origin, page)),
            )
        }
    };
    Ok(Exchange {
        request: input.request,
        preflight,
        response,
        redirected: input.redirected,
        third_party_cookies: input.third_party_cookies,
    })
}

/// The verdicts, and the exchange as curl commands (the first engine's
/// requests), quoted for a shell.
#[derive(Serialize)]
struct Explained {
    #[serde(flatten)]
    explanation: Explanation,
    curl: Vec<String>,
}

fn with_curl(explanation: Explanation, request: &Request) -> Explained {
    let curl = explanation
        .results
        .first()
        .map(|verdict| lessons::curl::for_verdict(request, verdict))
        .unwrap_or_default()
        .iter()
        .map(lessons::curl::CurlCommand::to_shell)
        .collect();
    Explained { explanation, curl }
}

fn header_rules(exchange: &Exchange) -> Result<(), InputError> {
    let lists: [(&str, Option<&Headers>); 4] = [
        ("request.headers", Some(&exchange.request.headers)),
        (
            "preflight.headers",
            exchange.preflight.as_ref().map(|a| &a.headers),
        ),
        (
            "response.headers",
            exchange.response.as_ref().map(|a| &a.headers),
        ),
        (
            "redirected.headers",
            exchange.redirected.as_ref().map(|a| &a.headers),
        ),
    ];
    for (field, headers) in lists {
        let Some(headers) = headers else { continue };
        if headers.0.len() > MAX_HEADERS {
            return Err(InputError::new(
                field,
                format!("at most {MAX_HEADERS} headers"),
            ));
        }
        for (name, value) in headers.iter() {
            cors_model::syntax::check(name, value)
                .map_err(|e| InputError::new(format!("{field}.{name}"), e.to_string()))?;
        }
    }
    for name in &exchange.request.read_headers {
        cors_model::syntax::check_name(name)
            .map_err(|e| InputError::new("request.read_headers", e.to_string()))?;
    }
    Ok(())
}
