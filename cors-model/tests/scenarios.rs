//! Whole exchanges through the public API: the lab's lessons and the WPT
//! behaviours, judged for both engines.

use cors_model::{
    explain, judge, Answer, BodyKind, CheckName, CookieSpec, Credentials, Engine, Exchange,
    Failure, Headers, Outcome, Request, SameSite, Stage,
};

const PAGE: &str = "http://localhost:8080";
const API: &str = "http://localhost:8081";

fn request(method: &str, path: &str) -> Request {
    Request::new(PAGE, format!("{API}{path}"), method)
}

fn exchange(request: Request, preflight: Option<Answer>, response: Answer) -> Exchange {
    Exchange {
        request,
        preflight,
        response: Some(response),
        redirected: None,
        third_party_cookies: Default::default(),
    }
}

fn login() -> Exchange {
    let mut r = request("POST", "/api/login");
    r.headers = Headers::new().with("Content-Type", "application/json");
    r.body = BodyKind::Text;
    r.credentials = Credentials::Include;
    r.cookie = Some(CookieSpec {
        name: "lab_session".into(),
        same_site: SameSite::Lax,
        secure: false,
    });
    let allow = |a: Answer| {
        a.with("Access-Control-Allow-Origin", PAGE)
            .with("Access-Control-Allow-Credentials", "true")
            .with("Vary", "Origin")
    };
    let preflight = allow(Answer::new(200))
        .with("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
        .with("Access-Control-Allow-Headers", "content-type")
        .with("Access-Control-Max-Age", "86400");
    let response = allow(Answer::new(200)).with(
        "Set-Cookie",
        "lab_session=x; HttpOnly; SameSite=Lax; Path=/",
    );
    exchange(r, Some(preflight), response)
}

#[test]
fn the_login_is_preflighted_allowed_and_cached_per_engine() {
    let explained = explain(&login(), None).unwrap();
    assert!(explained.agree);
    for verdict in &explained.results {
        assert_eq!(verdict.verdict, Outcome::Allowed, "{:?}", verdict.failed);
        let plan = verdict.preflight.as_ref().unwrap();
        assert_eq!(
            (
                plan.request_method.as_str(),
                plan.request_headers.as_deref()
            ),
            ("POST", Some("content-type"))
        );
        assert!(verdict.cookie_sent.as_ref().unwrap().yes);
        assert!(verdict.cookies_stored[0].yes);
        assert!(verdict.console.is_empty());
        assert_eq!(verdict.request_headers.get("origin").as_deref(), Some(PAGE));
    }
    let chromium = &explained.results[0];
    assert_eq!(chromium.cache.as_ref().unwrap().seconds, 7200);
    assert!(chromium.departures.iter().any(|d| d.contains("7200")));
    assert_eq!(explained.results[1].cache.as_ref().unwrap().seconds, 86400);
    assert!(explained.results[1].departures.is_empty());
}

#[test]
fn no_cors_headers_blocks_reading_but_the_request_ran() {
    let e = exchange(
        request("GET", "/lab/no-cors-headers/plain"),
        None,
        Answer::new(200),
    );
    let v = judge(&e, Engine::Chromium).unwrap();
    assert_eq!(v.verdict, Outcome::Blocked);
    assert!(v.reached_server && v.preflight.is_none());
    let failed = v.failed.unwrap();
    assert_eq!(
        (failed.stage, failed.check),
        (Stage::Response, CheckName::AllowOrigin)
    );
    assert_eq!(
        v.console,
        ["Access to fetch at 'http://localhost:8081/lab/no-cors-headers/plain' from origin 'http://localhost:8080' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."]
    );
    assert!(v
        .fix
        .unwrap()
        .actix
        .contains("allowed_origin(\"http://localhost:8080\")"));
}

#[test]
fn a_refused_preflight_stops_the_request() {
    let mut r = request("GET", "/lab/preflight-headers/refused");
    r.headers = Headers::new().with("X-Token", "abc");
    let e = exchange(r, Some(Answer::new(400)), Answer::new(200));
    let chromium = judge(&e, Engine::Chromium).unwrap();
    assert!(!chromium.reached_server);
    assert_eq!(
        chromium.preflight.unwrap().request_headers.as_deref(),
        Some("x-token")
    );
    assert!(chromium.console[0].contains("Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin'"));
    let firefox = judge(&e, Engine::Firefox).unwrap();
    assert_eq!(firefox.console.len(), 2);
    assert!(
        firefox.console[0].contains("‘Access-Control-Allow-Origin’ missing). Status code: 400.")
    );
    assert!(firefox.console[1].contains("CORS request did not succeed"));
    assert!(firefox.cache.is_none());
    let mut with_cookie = e.clone();
    with_cookie.request.credentials = Credentials::Include;
    with_cookie.request.cookie = Some(CookieSpec::default());
    let cookie = judge(&with_cookie, Engine::Chromium)
        .unwrap()
        .cookie_sent
        .unwrap();
    assert!(
        !cookie.yes && cookie.reason.contains("never sent"),
        "{cookie:?}"
    );
}

#[test]
fn credentials_with_a_wildcard_are_refused_but_the_cookie_went() {
    let mut r = request("GET", "/lab/credentials-wildcard/star");
    r.credentials = Credentials::Include;
    r.cookie = Some(CookieSpec::default());
    let answer = Answer::new(200)
        .with("Access-Control-Allow-Origin", "*")
        .with("Access-Control-Allow-Credentials", "true");
    for engine in Engine::ALL {
        let v = judge(&exchange(r.clone(), None, answer.clone()), engine).unwrap();
        assert_eq!(v.failed.unwrap().failure, Failure::WildcardWithCredentials);
        assert!(
            v.cookie_sent.unwrap().yes,
            "same-site: the cookie is sent even though reading is refused"
        );
    }
}

#[test]
fn same_origin_is_not_cors() {
    let mut r = request("PUT", "/x");
    r.url = format!("{PAGE}/x");
    r.headers = Headers::new().with("X-Token", "a");
    let v = judge(
        &exchange(r, None, Answer::new(200).with("X-Secret", "1")),
        Engine::Firefox,
    )
    .unwrap();
    assert_eq!(v.verdict, Outcome::Allowed);
    assert!(!v.cross_origin && v.preflight.is_none() && v.checks.is_empty());
    assert_eq!(v.exposure.unwrap().readable, ["x-secret"]);
}

#[test]
fn a_redirect_to_a_third_origin_sends_origin_null() {
    let r = request("GET", "/moved");
    let redirect = Answer::new(302)
        .with("Location", "http://other.localhost:9000/data")
        .with("Access-Control-Allow-Origin", PAGE);
    let mut e = exchange(r, None, redirect);
    e.redirected = Some(Answer::new(200).with("Access-Control-Allow-Origin", PAGE));
    let v = judge(&e, Engine::Chromium).unwrap();
    assert_eq!(
        v.failed.as_ref().unwrap().failure,
        Failure::AllowOriginMismatch { value: PAGE.into() }
    );
    assert!(
        v.console[0].contains(
            "at 'http://other.localhost:9000/data' (redirected from 'http://localhost:8081/moved')"
        ),
        "{}",
        v.console[0]
    );
    e.redirected = Some(Answer::new(200).with("Access-Control-Allow-Origin", "null"));
    assert_eq!(
        judge(&e, Engine::Firefox).unwrap().verdict,
        Outcome::Allowed
    );
    e.response = Some(Answer::new(302).with("Location", "/data"));
    let v = judge(&e, Engine::Firefox).unwrap();
    assert_eq!(
        v.failed.unwrap().stage,
        Stage::Redirect,
        "the redirect itself needs CORS headers"
    );
}

#[test]
fn exposed_headers_decide_what_javascript_reads() {
    let mut r = request("GET", "/lab/expose-headers/hidden");
    r.read_headers = vec!["X-Total-Count".into()];
    let answer = Answer::new(200)
        .with("Access-Control-Allow-Origin", PAGE)
        .with("X-Total-Count", "3");
    let v = judge(&exchange(r.clone(), None, answer.clone()), Engine::Chromium).unwrap();
    assert!(v
        .exposure
        .unwrap()
        .hidden
        .contains(&"x-total-count".to_string()));
    let exposed = answer.with("Access-Control-Expose-Headers", "X-Total-Count");
    let v = judge(&exchange(r, None, exposed), Engine::Chromium).unwrap();
    assert!(v
        .exposure
        .unwrap()
        .readable
        .contains(&"x-total-count".to_string()));
}

#[test]
fn the_other_loopback_name_is_another_site() {
    let mut r = request("GET", "/api/me");
    r.origin = "http://127.0.0.1:8080".into();
    r.credentials = Credentials::Include;
    r.cookie = Some(CookieSpec::default());
    let v = judge(&exchange(r, None, Answer::new(401)), Engine::Chromium).unwrap();
    assert!(!v.cookie_sent.unwrap().yes);
    assert!(v.departures.iter().any(|d| d.contains("third-party")));
}

#[test]
fn json_input_is_checked_field_by_field() {
    let json = r#"{"request": {"origin": "http://localhost:8080", "url": "http://localhost:8081/x", "method": "DELETE"},
                   "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "http://localhost:8080"]]}}"#;
    let e: Exchange = serde_json::from_str(json).unwrap();
    let v = judge(&e, Engine::Chromium).unwrap();
    assert_eq!(
        v.failed.unwrap().failure,
        Failure::MethodNotAllowed {
            method: "DELETE".into()
        }
    );
    let typo = json.replace("\"method\"", "\"methd\"");
    assert!(serde_json::from_str::<Exchange>(&typo)
        .unwrap_err()
        .to_string()
        .contains("methd"));
    let split = json.replace(
        "\"status\": 204",
        "\"status\": 204, \"headers\": [[\"X\", \"a\\r\\nb\"]]",
    );
    let split = split.replacen(
        ", \"headers\": [[\"Access-Control-Allow-Origin\", \"http://localhost:8080\"]]",
        "",
        1,
    );
    let e: Exchange = serde_json::from_str(&split).unwrap();
    assert_eq!(
        judge(&e, Engine::Chromium).unwrap_err().field,
        "preflight.headers.X"
    );
}

#[test]
fn star_covering_authorization_is_named_as_a_departure() {
    let mut r = request("GET", "/data");
    r.headers = Headers::new().with("Authorization", "Bearer t");
    let preflight = Answer::new(204)
        .with("Access-Control-Allow-Origin", PAGE)
        .with("Access-Control-Allow-Headers", "*");
    let response = Answer::new(200).with("Access-Control-Allow-Origin", PAGE);
    for engine in Engine::ALL {
        let v = judge(
            &exchange(r.clone(), Some(preflight.clone()), response.clone()),
            engine,
        )
        .unwrap();
        assert_eq!(v.verdict, Outcome::Allowed);
        assert!(
            v.departures
                .iter()
                .any(|d| d.contains("cover Authorization")),
            "{:?}",
            v.departures
        );
    }
}

/// Found by the browser matrix: Firefox removes the preflight cache entry of
/// a request whose response fails the CORS check, so the same request is
/// preflighted again; Chromium keeps the entry.
#[test]
fn firefox_drops_the_cache_entry_after_a_blocked_response() {
    let preflight = Answer::new(204)
        .with("Access-Control-Allow-Origin", PAGE)
        .with("Access-Control-Allow-Methods", "PUT")
        .with("Access-Control-Max-Age", "600");
    let blocked = exchange(
        request("PUT", "/x"),
        Some(preflight.clone()),
        Answer::new(200),
    );
    let allowed = exchange(
        request("PUT", "/x"),
        Some(preflight),
        Answer::new(200).with("Access-Control-Allow-Origin", PAGE),
    );
    let repeat = |e: &Exchange, engine| judge(e, engine).unwrap().cache.unwrap().answers_repeat;
    assert!(repeat(&blocked, Engine::Chromium));
    assert!(!repeat(&blocked, Engine::Firefox));
    let firefox = judge(&blocked, Engine::Firefox).unwrap();
    assert!(firefox
        .departures
        .iter()
        .any(|d| d.contains("removes the preflight cache entry")));
    for engine in Engine::ALL {
        assert!(repeat(&allowed, engine));
    }
}
