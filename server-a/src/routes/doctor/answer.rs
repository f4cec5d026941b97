//! The doctor's diagnosis as the JSON `POST /doctor` answers: the wire as
//! the probe saw it (raw lines too), both engines' verdicts, the redirect
//! (reported, never followed) and the warnings. Secret values never leave
//! in it: `Cookie`, `Authorization` and `Proxy-Authorization` values and
//! `Set-Cookie` values are replaced by their length, as server-b's recorder
//! does, so a screenshot or a shared answer shows none. When nothing
//! answered, the answer is `Unreachable` instead.

use cors_model::{Answer, Engine, Headers, Stage, Verdict};
use doctor::http::{raw_answer, raw_request, Outgoing};
use doctor::{Diagnosis, Leg};
use serde::Serialize;

/// The whole answer for a diagnosis that reached the server.
#[derive(Serialize)]
pub struct DoctorAnswer<'a> {
    /// The engine asked about first.
    engine: Engine,
    /// The page's origin the probe sent.
    origin: &'a str,
    url: &'a str,
    /// Where server-a connected.
    addresses: Vec<String>,
    /// Each request sent and its answer, in order.
    exchanges: Vec<LegView>,
    /// False when a failed preflight stopped the request, as a browser would.
    request_sent: bool,
    redirect: Option<RedirectView<'a>>,
    /// The same question from `http://doctor-probe.invalid`.
    probe: Option<LegView>,
    /// `engine`'s verdict first, then the other engine's on the same answers.
    results: Vec<VerdictView>,
    agree: bool,
    warnings: &'a [String],
}

/// The answer when nothing answered the probe (or it went silent): 200, since
/// the probe itself worked. The page reads `unreachable` to say why, beside
/// what the learner's own browser got.
#[derive(Serialize)]
pub struct Unreachable {
    /// Why; in a container, also where the probe went instead.
    pub unreachable: String,
}

/// A redirect, reported and never followed.
#[derive(Serialize)]
struct RedirectView<'a> {
    location: &'a str,
    followed: bool,
}

/// One request and its answer, secrets replaced by their length.
#[derive(Serialize)]
struct LegView {
    kind: &'static str,
    method: String,
    url: String,
    request_headers: Headers,
    status: u16,
    response_headers: Headers,
    /// The lines as the command line prints them.
    raw: String,
}

/// A verdict (its request headers redacted), with `settled`: false when it
/// depends on a redirect target the probe did not ask (the model then
/// assumes a bare 200 there).
#[derive(Serialize)]
struct VerdictView {
    #[serde(flatten)]
    verdict: Verdict,
    settled: bool,
}

/// The answer for `d`, the probe having connected to `addresses`.
pub fn diagnosis<'a>(d: &'a Diagnosis, addresses: &[std::net::SocketAddr]) -> DoctorAnswer<'a> {
    let redirect_unfollowed = d.redirect.as_ref().is_some_and(|r| !r.followed);
    DoctorAnswer {
        engine: d.engine,
        origin: &d.exchange.request.origin,
        url: &d.exchange.request.url,
        addresses: addresses.iter().map(ToString::to_string).collect(),
        exchanges: d.legs.iter().map(leg).collect(),
        request_sent: d.request_sent,
        redirect: d.redirect.as_ref().map(|r| RedirectView {
            location: &r.location,
            followed: r.followed,
        }),
        probe: d.probe.as_ref().map(leg),
        results: d
            .verdicts
            .iter()
            .map(|v| verdict(v, redirect_unfollowed))
            .collect(),
        agree: d.verdicts[0].verdict == d.verdicts[1].verdict,
        warnings: &d.warnings,
    }
}

fn verdict(v: &Verdict, redirect_unfollowed: bool) -> VerdictView {
    let at_redirect = v
        .failed
        .as_ref()
        .is_some_and(|f| f.stage == Stage::Redirect);
    VerdictView {
        verdict: Verdict {
            request_headers: redact_request(&v.request_headers),
            ..v.clone()
        },
        settled: !redirect_unfollowed || at_redirect,
    }
}

fn leg(leg: &Leg) -> LegView {
    let request = Outgoing {
        headers: redact_request(&leg.request.headers),
        ..leg.request.clone()
    };
    let answer = Answer {
        headers: redact_answer(&leg.answer.headers),
        ..leg.answer.clone()
    };
    LegView {
        kind: leg.kind.name(),
        raw: format!("{}{}", raw_request(&request), raw_answer(&answer)),
        method: request.method,
        url: request.url.to_string(),
        request_headers: request.headers,
        status: answer.status,
        response_headers: answer.headers,
    }
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
