//! The doctor's diagnosis as the JSON `POST /doctor` answers: the wire as
//! the probe saw it (raw lines too), both engines' verdicts, the redirect
//! (reported, never followed) and the warnings. Secret values never leave
//! in it: `Cookie`, `Authorization` and `Proxy-Authorization` values and
//! `Set-Cookie` values are replaced by their length, as server-b's recorder
//! does, so a screenshot or a shared answer shows none.

use cors_model::{Answer, Headers, Stage, Verdict};
use doctor::http::{raw_answer, raw_request, Outgoing};
use doctor::{Diagnosis, Leg};
use serde_json::{json, Value};

/// The whole answer for a diagnosis that reached the server.
pub fn diagnosis(d: &Diagnosis, address: &[std::net::SocketAddr]) -> Value {
    let redirect_unfollowed = d.redirect.as_ref().is_some_and(|r| !r.followed);
    let results: Vec<Value> = d
        .verdicts
        .iter()
        .map(|v| verdict(v, redirect_unfollowed))
        .collect();
    json!({
        "engine": d.engine,
        "origin": d.exchange.request.origin,
        "url": d.exchange.request.url,
        "addresses": address.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
        "exchanges": d.legs.iter().map(leg).collect::<Vec<_>>(),
        "request_sent": d.request_sent,
        "redirect": d.redirect.as_ref().map(|r| json!({
            "location": r.location,
            "followed": r.followed,
        })),
        "probe": d.probe.as_ref().map(leg),
        "results": results,
        "agree": d.verdicts[0].verdict == d.verdicts[1].verdict,
        "warnings": d.warnings,
    })
}

/// A verdict, with `settled`: false when it depends on a redirect target
/// the probe did not ask (the model then assumes a bare 200 there).
fn verdict(v: &Verdict, redirect_unfollowed: bool) -> Value {
    let at_redirect = v
        .failed
        .as_ref()
        .is_some_and(|f| f.stage == Stage::Redirect);
    let mut value = serde_json::to_value(v).unwrap_or(Value::Null);
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "request_headers".into(),
            pairs(&redact_request(&v.request_headers)),
        );
        object.insert(
            "settled".into(),
            (!redirect_unfollowed || at_redirect).into(),
        );
    }
    value
}

fn leg(leg: &Leg) -> Value {
    let request = Outgoing {
        headers: redact_request(&leg.request.headers),
        ..leg.request.clone()
    };
    let answer = Answer {
        headers: redact_answer(&leg.answer.headers),
        ..leg.answer.clone()
    };
    json!({
        "kind": leg.kind.name(),
        "method": request.method,
        "url": request.url.as_str(),
        "request_headers": pairs(&request.headers),
        "status": answer.status,
        "response_headers": pairs(&answer.headers),
        "raw": format!("{}{}", raw_request(&request), raw_answer(&answer)),
    })
}

fn pairs(headers: &Headers) -> Value {
    headers.iter().map(|(n, v)| json!([n, v])).collect()
}

const SECRET_REQUEST_HEADERS: [&str; 3] = ["cookie", "authorization", "proxy-authorization"];

fn redact_request(headers: &Headers) -> Headers {
    Headers(
        headers
            .iter()
            .map(|(name, value)| {
                let secret = SECRET_REQUEST_HEADERS
                    .iter()
                    .any(|s| name.eq_ignore_ascii_case(s));
                let shown = if secret {
                    format!("({} bytes, not shown)", value.len())
                } else {
                    value.to_owned()
                };
                (name.to_owned(), shown)
            })
            .collect(),
    )
}

/// `Set-Cookie: name=value; attributes` keeps its name and attributes.
fn redact_answer(headers: &Headers) -> Headers {
    Headers(
        headers
            .iter()
            .map(|(name, value)| {
                if !name.eq_ignore_ascii_case("set-cookie") {
                    return (name.to_owned(), value.to_owned());
                }
                let (pair, attributes) = value.split_once(';').unwrap_or((value, ""));
                let cookie = pair.split_once('=').map_or(pair, |(n, _)| n);
                let rest = if attributes.is_empty() {
                    String::new()
                } else {
                    format!(";{attributes}")
                };
                (name.to_owned(), format!("{cookie}=(value not shown){rest}"))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_replaced_and_the_rest_kept() {
        let sent = Headers::new()
            .with("Authorization", "Bearer s3cret")
            .with("X-Token", "visible");
        let shown = redact_request(&sent);
        assert_eq!(
            shown.get("authorization").as_deref(),
            Some("(13 bytes, not shown)")
        );
        assert_eq!(shown.get("x-token").as_deref(), Some("visible"));
        let got = Headers::new().with("Set-Cookie", "sid=abc123; HttpOnly; Path=/");
        assert_eq!(
            redact_answer(&got).get("set-cookie").as_deref(),
            Some("sid=(value not shown); HttpOnly; Path=/")
        );
    }
}
