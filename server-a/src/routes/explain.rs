//! `POST /explain`: the CORS model's judgement of any exchange, for the page
//! (which never re-derives it in JavaScript) and for any other client. JSON
//! in: the request, the server's answers and optionally the engine; JSON out:
//! each engine's verdict. Bad input gets 400 `{"error", "field"}`; header
//! names and values obey the catalogue's rules (tokens, visible ASCII, no CR
//! or LF, at most 1024 bytes), so nothing here can split a message.

use actix_web::{post, web, HttpResponse};
use cors_model::{Answer, Engine, Exchange, Headers, InputError, Request, ThirdPartyCookies};
use serde::Deserialize;
use serde_json::json;

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
    third_party_cookies: ThirdPartyCookies,
    #[serde(default)]
    engine: Option<Engine>,
}

/// The CORS model's verdict for the exchange posted, per engine.
#[post("/explain")]
pub async fn explain(body: web::Bytes) -> HttpResponse {
    let input: Input = match serde_json::from_slice(&body) {
        Ok(input) => input,
        Err(e) => return bad(&field_of(&e.to_string()), &e.to_string()),
    };
    let exchange = Exchange {
        request: input.request,
        preflight: input.preflight,
        response: input.response,
        redirected: input.redirected,
        third_party_cookies: input.third_party_cookies,
    };
    if let Err(e) = header_rules(&exchange) {
        return bad(&e.field, &e.message);
    }
    match cors_model::explain(&exchange, input.engine) {
        Ok(explanation) => HttpResponse::Ok().json(explanation),
        Err(e) => bad(&e.field, &e.message),
    }
}

fn bad(field: &str, message: &str) -> HttpResponse {
    HttpResponse::BadRequest().json(json!({ "error": message, "field": field }))
}

/// serde names the field in backticks ("unknown field `methd`", "missing
/// field `url`"); otherwise the JSON as a whole is at fault.
pub(crate) fn field_of(message: &str) -> String {
    message
        .split('`')
        .nth(1)
        .filter(|_| message.contains("field"))
        .unwrap_or("body")
        .to_owned()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_name_their_field() {
        assert_eq!(
            field_of("unknown field `methd`, expected one of `origin`"),
            "methd"
        );
        assert_eq!(field_of("missing field `url` at line 1 column 9"), "url");
        assert_eq!(field_of("expected value at line 1 column 1"), "body");
    }
}
