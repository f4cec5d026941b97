//! The two ways a lesson's endpoint answers CORS: correctly, with actix-cors, or
//! with literal headers, for the mistakes actix-cors will not make.

use std::collections::BTreeMap;

use actix_cors::Cors;
use actix_web::middleware::DefaultHeaders;
use common::{Allowlist, Origin};
use lessons::{fill_literal, ActixCorsPolicy, OriginRule};

/// Builds a lesson's actix-cors policy (the page's origins, any, or one of
/// the attack track's broken checks).
pub fn actix_cors(policy: &ActixCorsPolicy, page_origins: &Allowlist) -> Cors {
    let mut cors = match &policy.origins {
        OriginRule::Page => page_origins.iter().fold(Cors::default(), |cors, origin| {
            cors.allowed_origin(origin.as_str())
        }),
        OriginRule::Any => Cors::default().allow_any_origin().send_wildcard(),
        OriginRule::Exactly(value) => Cors::default().allowed_origin(value),
        rule => {
            // The hand-written checks: the lessons crate holds each one, so
            // the page, the tests and this endpoint run the same function.
            let rule = rule.clone();
            Cors::default().allowed_origin_fn(move |origin, _req| {
                origin
                    .to_str()
                    .is_ok_and(|origin| rule.allows(origin, |_| false))
            })
        }
    };
    if !policy.methods.is_empty() {
        cors = cors.allowed_methods(policy.methods.iter().map(String::as_str));
    }
    if !policy.headers.is_empty() {
        cors = cors.allowed_headers(policy.headers.iter().map(String::as_str));
    }
    if !policy.expose.is_empty() {
        cors = cors.expose_headers(policy.expose.iter().map(String::as_str));
    }
    if policy.credentials {
        cors = cors.supports_credentials();
    }
    cors.max_age(policy.max_age)
}

/// Adds the headers as written, to preflights and actual responses alike.
pub fn literal(headers: &BTreeMap<String, String>, page_origin: &Origin) -> DefaultHeaders {
    headers
        .iter()
        .fold(DefaultHeaders::new(), |mw, (name, value)| {
            let value = fill_literal(value, page_origin.as_str());
            mw.add((name.as_str(), value))
        })
}

/// The page shows each actix-cors policy as the builder chain that
/// `ActixCorsPolicy::rust_snippet` writes; `actix_cors` above is the builder
/// that really runs. These tests hold the two together: every call the
/// snippet names is visible in what the built `Cors` answers, and what it
/// leaves out the builder does not do either.
#[cfg(test)]
mod snippet_tests {
    use std::collections::BTreeSet;

    use actix_web::http::header::HeaderMap;
    use actix_web::http::Method;
    use actix_web::test::{call_service, init_service, TestRequest};
    use actix_web::{web, App, HttpResponse};
    use lessons::Policy;

    use super::*;

    const PAGE: &str = "http://localhost:9080";

    /// `(method, arguments)` of each `.call(...)` line after `Cors::default()`.
    fn calls(snippet: &str) -> Vec<(String, String)> {
        let mut lines = snippet.lines();
        assert_eq!(lines.next(), Some("Cors::default()"), "{snippet}");
        lines
            .map(|line| {
                let call = line
                    .trim()
                    .strip_prefix('.')
                    .and_then(|c| c.strip_suffix(')'));
                let (name, args) = call.and_then(|c| c.split_once('(')).expect(line);
                (name.to_owned(), args.to_owned())
            })
            .collect()
    }

    /// The string literals among a call's arguments.
    fn strings(args: &str) -> BTreeSet<String> {
        args.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_ascii_lowercase)
            .collect()
    }

    fn header(headers: &HeaderMap, name: &str) -> Option<String> {
        let value = headers.get(name)?;
        Some(value.to_str().unwrap().to_owned())
    }

    fn listed(headers: &HeaderMap, name: &str) -> BTreeSet<String> {
        let value = header(headers, name).unwrap_or_default();
        value
            .split(',')
            .map(|v| v.trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// The policies whose snippet is one builder chain (the hand-written
    /// origin checks are tried against every attacker origin in the HTTP suite).
    fn policies() -> Vec<ActixCorsPolicy> {
        let lessons = lessons::catalogue().unwrap().iter().flat_map(|l| &l.steps);
        let in_lessons = lessons.filter_map(|step| match step.lab().map(|lab| &lab.policy) {
            Some(Policy::ActixCors(policy)) if !policy.origins.is_hand_written() => {
                Some(policy.clone())
            }
            _ => None,
        });
        in_lessons.chain([lessons::api_policy()]).collect()
    }

    /// The headers of a preflight asking for the policy's first method and all
    /// its headers, and of a plain GET, both from the page.
    async fn answers(policy: &ActixCorsPolicy) -> (HeaderMap, HeaderMap) {
        let page: Origin = PAGE.parse().unwrap();
        let sender = match &policy.origins {
            OriginRule::Exactly(value) => value.as_str(),
            _ => PAGE,
        };
        let app = App::new()
            .wrap(actix_cors(policy, &Allowlist::from(page)))
            .default_service(web::to(HttpResponse::Ok));
        let app = init_service(app).await;
        let method = policy.methods.first().map_or("GET", String::as_str);
        let mut preflight = TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/x")
            .insert_header(("Origin", sender))
            .insert_header(("Access-Control-Request-Method", method));
        if !policy.headers.is_empty() {
            let headers = policy.headers.join(",").to_ascii_lowercase();
            preflight = preflight.insert_header(("Access-Control-Request-Headers", headers));
        }
        let preflight = call_service(&app, preflight.to_request()).await;
        let actual = TestRequest::get()
            .uri("/x")
            .insert_header(("Origin", sender));
        let actual = call_service(&app, actual.to_request()).await;
        (preflight.headers().clone(), actual.headers().clone())
    }

    #[actix_web::test]
    async fn each_snippet_names_what_its_builder_does() {
        for policy in policies() {
            let snippet = policy.rust_snippet(PAGE);
            let (preflight, actual) = answers(&policy).await;
            let mut named = BTreeSet::new();
            for (call, args) in calls(&snippet) {
                let values = strings(&args);
                let origin = header(&actual, "access-control-allow-origin");
                match call.as_str() {
                    "allowed_origin" => assert_eq!(
                        origin.map(|o| o.to_ascii_lowercase()),
                        values.first().cloned(),
                        "{snippet}"
                    ),
                    "allow_any_origin" | "send_wildcard" => {
                        assert_eq!(origin.as_deref(), Some("*"), "{snippet}")
                    }
                    "allowed_methods" => {
                        assert_eq!(listed(&preflight, "access-control-allow-methods"), values)
                    }
                    "allowed_headers" => {
                        assert_eq!(listed(&preflight, "access-control-allow-headers"), values)
                    }
                    "expose_headers" => {
                        assert_eq!(listed(&actual, "access-control-expose-headers"), values)
                    }
                    "supports_credentials" => assert_eq!(
                        header(&actual, "access-control-allow-credentials").as_deref(),
                        Some("true")
                    ),
                    "max_age" => assert_eq!(
                        header(&preflight, "access-control-max-age").as_deref(),
                        Some(args.as_str())
                    ),
                    other => panic!("the snippet calls {other}, which this test cannot check"),
                }
                named.insert(call);
            }
            let unnamed = |call: &str| !named.contains(call);
            if unnamed("supports_credentials") {
                assert_eq!(header(&actual, "access-control-allow-credentials"), None);
            }
            if unnamed("max_age") {
                assert_eq!(header(&preflight, "access-control-max-age"), None);
            }
            if unnamed("expose_headers") {
                assert_eq!(header(&actual, "access-control-expose-headers"), None);
            }
        }
    }
}
