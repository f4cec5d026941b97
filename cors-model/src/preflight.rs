//! The CORS-preflight fetch: when a browser sends one, what it asks for
//! (`Access-Control-Request-Method`, `-Headers`), and the checks it runs on
//! the answer: no redirect, the CORS check, an ok status, then methods and
//! headers (with `*` only without credentials). The Fetch standard says `*`
//! never covers `Authorization`; Chromium 156 lets it (measured), and so does
//! Firefox by its default preference (with a deprecation warning): the model
//! follows the browsers and the verdict names the departure.

use serde::{Deserialize, Serialize};

use crate::check::{self, Asker};
use crate::engine::Engine;
use crate::failure::{CheckName, Failure, Stage, Trace};
use crate::headers::{is_token, split_list};
use crate::request::Prepared;
use crate::response::Answer;
use crate::safelist::unsafe_names_in;

/// Methods that never need a preflight on their own.
pub const SAFELISTED_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];

/// The OPTIONS request a browser sends before the actual one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// `Access-Control-Request-Method`.
    pub request_method: String,
    /// `Access-Control-Request-Headers`: lower-cased, sorted, comma-separated
    /// without spaces, as both engines send it; absent when empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_headers: Option<String>,
}

/// Fetch: a cross-origin request is preflighted when its method is not
/// safelisted or it carries a CORS-unsafe request header (as `engine` counts
/// them: Chromium still safelists a few client hints, see `safelist`).
pub fn needs_preflight(engine: Engine, method: &str, headers: &crate::headers::Headers) -> bool {
    !SAFELISTED_METHODS.contains(&method) || !unsafe_names_in(engine, headers).is_empty()
}

/// The preflight `engine` sends for `request`, if any.
pub fn plan(engine: Engine, request: &Prepared) -> Option<Plan> {
    let needed = request.upload_listener
        || crate::stream::forces_preflight(engine, request.body)
        || needs_preflight(engine, &request.method, &request.headers);
    if request.same_origin() || !needed {
        return None;
    }
    let names = unsafe_names_in(engine, &request.headers);
    Some(Plan {
        request_method: request.method.clone(),
        request_headers: (!names.is_empty()).then(|| names.join(",")),
    })
}

/// Runs every check of the preflight answer, in the engine's order.
pub fn run(engine: Engine, request: &Prepared, answer: &Answer, trace: &mut Trace) -> bool {
    let stage = Stage::Preflight;
    let redirect = if answer.is_redirect() || (300..=399).contains(&answer.status) {
        Err(Failure::PreflightRedirect {
            status: answer.status,
        })
    } else {
        Ok("the preflight was not redirected".into())
    };
    let asker = Asker {
        origin: &request.origin,
        include_credentials: request.includes_credentials(),
    };
    // Measured: Chromium refuses a redirected preflight before anything
    // else; Firefox runs the CORS check on the redirect first, so a 301
    // without Access-Control-Allow-Origin is a missing header there.
    let redirect_then_cors = match engine {
        Engine::Chromium => {
            trace.run(stage, CheckName::Redirect, redirect)
                && check::run(engine, asker, answer, stage, trace)
        }
        Engine::Firefox => {
            check::run(engine, asker, answer, stage, trace)
                && trace.run(stage, CheckName::Redirect, redirect)
        }
        Engine::Webkit => return webkit(request, answer, asker, redirect, trace),
    };
    redirect_then_cors
        && trace.run(stage, CheckName::OkStatus, ok_status(answer))
        && match engine {
            Engine::Chromium => chromium_lists(request, answer, trace),
            Engine::Firefox => firefox_lists(request, answer, trace),
            Engine::Webkit => unreachable!("WebKit's checks run in `webkit`"),
        }
}

/// WebKit (CrossOriginAccessControl.cpp, validatePreflightResponse): a
/// redirect is refused first (the network process's preflight checker does
/// not follow one); then the status, before the CORS check (the standard
/// has them the other way round: a 403 without CORS headers is a bad
/// status here, a missing header in the other engines); then both lists are
/// parsed, and the method and the headers checked.
fn webkit(
    request: &Prepared,
    answer: &Answer,
    asker: Asker,
    redirect: Result<String, Failure>,
    trace: &mut Trace,
) -> bool {
    let stage = Stage::Preflight;
    let redirect = match redirect {
        // A 3xx without Location is an answer, judged by its status.
        Err(_) if !answer.is_redirect() => Ok("the preflight was not redirected".into()),
        other => other,
    };
    trace.run(stage, CheckName::Redirect, redirect)
        && trace.run(stage, CheckName::OkStatus, ok_status(answer))
        && check::run(Engine::Webkit, asker, answer, stage, trace)
        && webkit_lists(request, answer, trace)
}

fn ok_status(answer: &Answer) -> Result<String, Failure> {
    if answer.is_ok() {
        Ok(format!("{} is an ok status", answer.status))
    } else {
        Err(Failure::PreflightStatus {
            status: answer.status,
        })
    }
}

/// Chromium parses both lists before it checks either.
fn chromium_lists(request: &Prepared, answer: &Answer, trace: &mut Trace) -> bool {
    let stage = Stage::Preflight;
    let methods = parse(answer, "access-control-allow-methods");
    let headers = parse(answer, "access-control-allow-headers");
    let (methods, headers) = match (methods, headers) {
        (Err(token), _) => {
            return trace.run(
                stage,
                CheckName::AllowMethods,
                Err(Failure::InvalidAllowMethods { token }),
            )
        }
        (_, Err(token)) => {
            return trace.run(
                stage,
                CheckName::AllowHeaders,
                Err(Failure::InvalidAllowHeaders { token }),
            )
        }
        (Ok(m), Ok(h)) => (m, h),
    };
    trace.run(
        stage,
        CheckName::AllowMethods,
        method_allowed(request, &methods),
    ) && trace.run(
        stage,
        CheckName::AllowHeaders,
        headers_allowed(Engine::Chromium, request, &headers),
    )
}

/// Firefox parses and checks the methods, then the headers.
fn firefox_lists(request: &Prepared, answer: &Answer, trace: &mut Trace) -> bool {
    let stage = Stage::Preflight;
    let methods = parse(answer, "access-control-allow-methods")
        .map_err(|token| Failure::InvalidAllowMethods { token })
        .and_then(|methods| method_allowed(request, &methods));
    trace.run(stage, CheckName::AllowMethods, methods) && {
        let headers = parse(answer, "access-control-allow-headers")
            .map_err(|token| Failure::InvalidAllowHeaders { token })
            .and_then(|headers| headers_allowed(Engine::Firefox, request, &headers));
        trace.run(stage, CheckName::AllowHeaders, headers)
    }
}

/// WebKit parses both lists first (CrossOriginPreflightResultCacheItem::
/// create) and quotes the whole value of one that does not parse; then the
/// method, then the headers, named as WebKit's header map holds them.
fn webkit_lists(request: &Prepared, answer: &Answer, trace: &mut Trace) -> bool {
    let stage = Stage::Preflight;
    let whole = |name| answer.get(name).unwrap_or_default();
    let methods = parse(answer, "access-control-allow-methods");
    let headers = parse(answer, "access-control-allow-headers");
    let (methods, headers) = match (methods, headers) {
        (Err(_), _) => {
            let token = whole("access-control-allow-methods");
            let failure = Failure::InvalidAllowMethods { token };
            return trace.run(stage, CheckName::AllowMethods, Err(failure));
        }
        (_, Err(_)) => {
            let token = whole("access-control-allow-headers");
            let failure = Failure::InvalidAllowHeaders { token };
            return trace.run(stage, CheckName::AllowHeaders, Err(failure));
        }
        (Ok(m), Ok(h)) => (m, h),
    };
    let headers_allowed = headers_allowed(Engine::Webkit, request, &headers).map_err(|_| {
        let allowed: Vec<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
        let name = crate::safelist::webkit_unsafe_in_map_order(&request.headers)
            .into_iter()
            .find(|name| !allowed.contains(&name.to_ascii_lowercase()))
            .unwrap_or_default();
        Failure::HeaderNotAllowed { name }
    });
    trace.run(
        stage,
        CheckName::AllowMethods,
        method_allowed(request, &methods),
    ) && trace.run(stage, CheckName::AllowHeaders, headers_allowed)
}

/// A list header's tokens; the first element that is not a token on error.
fn parse(answer: &Answer, name: &str) -> Result<Vec<String>, String> {
    let value = answer.get(name).unwrap_or_default();
    split_list(&value)
        .into_iter()
        .map(|item| {
            if is_token(item) {
                Ok(item.to_owned())
            } else {
                Err(item.to_owned())
            }
        })
        .collect()
}

/// Methods compare case-sensitively (`delete` does not allow `DELETE`).
fn method_allowed(request: &Prepared, methods: &[String]) -> Result<String, Failure> {
    let method = &request.method;
    if methods.iter().any(|m| m == method) {
        Ok(format!("{method} is listed"))
    } else if SAFELISTED_METHODS.contains(&method.as_str()) {
        Ok(format!(
            "{method} is a safelisted method: it need not be listed"
        ))
    } else if methods.iter().any(|m| m == "*") && !request.includes_credentials() {
        Ok(format!("'*' allows {method} (no credentials)"))
    } else {
        Err(Failure::MethodNotAllowed {
            method: method.clone(),
        })
    }
}

/// Header names compare case-insensitively; `*` covers every name (the
/// browsers include `Authorization`), and only without credentials.
fn headers_allowed(
    engine: Engine,
    request: &Prepared,
    allowed: &[String],
) -> Result<String, Failure> {
    let allowed: Vec<String> = allowed.iter().map(|h| h.to_ascii_lowercase()).collect();
    let wildcard = allowed.iter().any(|h| h == "*") && !request.includes_credentials();
    let names = unsafe_names_in(engine, &request.headers);
    for name in &names {
        if !wildcard && !allowed.contains(name) {
            return Err(Failure::HeaderNotAllowed { name: name.clone() });
        }
    }
    Ok(if names.is_empty() {
        "no CORS-unsafe request headers to allow".into()
    } else {
        format!("{} allowed", names.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::headers::Headers;
    use crate::request::{Credentials, Request};

    const PAGE: &str = "http://localhost:8080";

    fn request(method: &str, headers: &[(&str, &str)], credentials: Credentials) -> Prepared {
        let mut h = Headers::new();
        for (n, v) in headers {
            h = h.with(n, v);
        }
        Request {
            headers: h,
            credentials,
            ..Request::new(PAGE, "http://localhost:8081/x", method)
        }
        .prepare()
        .unwrap()
    }

    fn answer(methods: &str, headers: &str) -> Answer {
        Answer::new(204)
            .with("Access-Control-Allow-Origin", PAGE)
            .with("Access-Control-Allow-Credentials", "true")
            .with("Access-Control-Allow-Methods", methods)
            .with("Access-Control-Allow-Headers", headers)
    }

    fn failure(engine: Engine, request: &Prepared, answer: &Answer) -> Option<Failure> {
        let mut trace = Trace::default();
        run(engine, request, answer, &mut trace);
        trace.failure.map(|(_, f)| f)
    }

    fn agree(request: &Prepared, answer: &Answer) -> Option<Failure> {
        let chromium = failure(Engine::Chromium, request, answer);
        assert_eq!(chromium, failure(Engine::Firefox, request, answer));
        chromium
    }

    #[test]
    fn the_plan_lists_unsafe_headers_as_browsers_send_them() {
        let r = request(
            "PUT",
            &[
                ("X-B", "1"),
                ("Content-Type", "application/json"),
                ("X-A", "2"),
            ],
            Credentials::Omit,
        );
        let plan = plan(Engine::Firefox, &r).unwrap();
        assert_eq!(plan.request_method, "PUT");
        assert_eq!(
            plan.request_headers.as_deref(),
            Some("content-type,x-a,x-b")
        );
        assert!(plan_of("GET", &[("Accept", "text/html")]).is_none());
        assert_eq!(plan_of("DELETE", &[]).unwrap().request_headers, None);
    }

    fn plan_of(method: &str, headers: &[(&str, &str)]) -> Option<Plan> {
        plan(
            Engine::Firefox,
            &request(method, headers, Credentials::Omit),
        )
    }

    #[test]
    fn star_allows_methods_and_headers_only_without_credentials() {
        // WPT cors-preflight-star.any.js, ported.
        let star = answer("*", "*");
        let r = request("PUT", &[("X-Test", "1")], Credentials::Omit);
        assert_eq!(agree(&r, &star), None);
        let r = request("PUT", &[("X-Test", "1")], Credentials::Include);
        assert_eq!(
            agree(&r, &star),
            Some(Failure::MethodNotAllowed {
                method: "PUT".into()
            })
        );
        let r = request("GET", &[("X-Test", "1")], Credentials::Include);
        assert_eq!(
            agree(&r, &star),
            Some(Failure::HeaderNotAllowed {
                name: "x-test".into()
            })
        );
        let listed = answer("PUT, *", "x-test, *");
        let r = request("PUT", &[("X-Test", "1")], Credentials::Include);
        assert_eq!(agree(&r, &listed), None);
    }

    #[test]
    fn star_covers_authorization_as_the_browsers_do() {
        // The standard says it must be listed; Chromium 156 (measured) and
        // Firefox's default preference let `*` cover it.
        let r = request("GET", &[("Authorization", "Bearer x")], Credentials::Omit);
        assert_eq!(agree(&r, &answer("*", "*")), None);
        let r = request(
            "GET",
            &[("Authorization", "Bearer x")],
            Credentials::Include,
        );
        assert_eq!(
            agree(&r, &answer("*", "*")),
            Some(Failure::HeaderNotAllowed {
                name: "authorization".into()
            })
        );
    }

    #[test]
    fn method_case_matters_header_case_does_not() {
        let r = request("PATCH", &[], Credentials::Omit);
        assert_eq!(
            agree(&r, &answer("patch", "")),
            Some(Failure::MethodNotAllowed {
                method: "PATCH".into()
            })
        );
        let r = request("patch", &[], Credentials::Omit);
        assert_eq!(agree(&r, &answer("patch", "")), None);
        let r = request("GET", &[("X-Token", "a")], Credentials::Omit);
        assert_eq!(agree(&r, &answer("GET", "X-TOKEN")), None);
        let r = request("GET", &[("X-Token", "a")], Credentials::Omit);
        assert_eq!(
            agree(&r, &answer("", "")),
            Some(Failure::HeaderNotAllowed {
                name: "x-token".into()
            })
        );
    }

    #[test]
    fn safelisted_methods_need_not_be_listed() {
        let r = request(
            "POST",
            &[("Content-Type", "application/json")],
            Credentials::Omit,
        );
        assert_eq!(agree(&r, &answer("", "content-type")), None);
    }

    #[test]
    fn status_is_checked_after_the_origin() {
        // WPT cors-preflight-status: any non-2xx fails, with the CORS headers right.
        for status in [300, 400, 401, 404, 500] {
            let mut a = answer("PUT", "");
            a.status = status;
            let r = request("PUT", &[], Credentials::Omit);
            let expected = if status == 300 {
                Failure::PreflightRedirect { status }
            } else {
                Failure::PreflightStatus { status }
            };
            assert_eq!(agree(&r, &a), Some(expected), "{status}");
        }
        // actix-cors' refusal: 400 without CORS headers reads as a missing origin.
        let r = request("PUT", &[], Credentials::Omit);
        assert_eq!(
            agree(&r, &Answer::new(400)),
            Some(Failure::MissingAllowOrigin { status: 400 })
        );
    }

    #[test]
    fn engines_order_list_parsing_differently() {
        let r = request("DELETE", &[], Credentials::Omit);
        let a = answer("GET", "x y");
        assert_eq!(
            failure(Engine::Chromium, &r, &a),
            Some(Failure::InvalidAllowHeaders {
                token: "x y".into()
            })
        );
        assert_eq!(
            failure(Engine::Firefox, &r, &a),
            Some(Failure::MethodNotAllowed {
                method: "DELETE".into()
            })
        );
        let bad_method = answer("GET;POST", "");
        assert_eq!(
            agree(&r, &bad_method),
            Some(Failure::InvalidAllowMethods {
                token: "GET;POST".into()
            })
        );
    }

    #[test]
    fn a_redirected_preflight_fails() {
        let r = request("PUT", &[], Credentials::Omit);
        let a = answer("PUT", "").with("Location", "/elsewhere");
        let mut redirect = a.clone();
        redirect.status = 307;
        assert_eq!(
            agree(&r, &redirect),
            Some(Failure::PreflightRedirect { status: 307 })
        );
    }
}
