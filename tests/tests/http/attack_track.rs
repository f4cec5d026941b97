//! The attack track's endpoints over plain HTTP: each vulnerable endpoint
//! lets through exactly the attacker origins its broken check lets through
//! (the browser's, and the shapes CORS scanners send), each fixed endpoint
//! lets through the page only, and the victims serve what they guard to whom
//! they should. The table is written out by hand, not asked of the checks.

use lab_tests::http::{client, send, set_cookie, USER};
use lab_tests::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::json;

/// Whether an origin should get `Access-Control-Allow-Origin` back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    /// The origin itself, with `Access-Control-Allow-Credentials: true`.
    ReflectedWithCredentials,
    /// The origin itself, without credentials.
    Reflected,
    /// `*`.
    Wildcard,
    /// No `Access-Control-Allow-Origin` at all.
    Refused,
}

use Answer::*;

/// Per endpoint, `(origin, answer)`; `{port}` is the attacker's port here.
const TABLE: &[(&str, &[(&str, Answer)])] = &[
    // Cors::permissive(): everyone, with credentials.
    (
        "attack-reflect-origin/account",
        &[
            ("http://evil.com", ReflectedWithCredentials),
            ("null", ReflectedWithCredentials),
            ("http://localhost:{port}", ReflectedWithCredentials),
            ("http://evil.localhost:{port}", ReflectedWithCredentials),
        ],
    ),
    // starts_with("http://localhost")
    (
        "attack-prefix-match/account",
        &[
            ("http://localhost.evil.com", ReflectedWithCredentials),
            (
                "http://localhost.evil.localhost:{port}",
                ReflectedWithCredentials,
            ),
            ("http://localhost:{port}", ReflectedWithCredentials),
            ("http://evil.localhost:{port}", Refused),
            ("http://evil.com", Refused),
            ("null", Refused),
        ],
    ),
    // The host ends_with("localhost")
    (
        "attack-suffix-match/dashboard",
        &[
            ("http://evillocalhost", Reflected),
            ("http://evil.localhost:{port}", Reflected),
            ("http://localhost.evil.com", Refused),
            ("http://evil.com", Refused),
            ("null", Refused),
        ],
    ),
    // ^http://(app.)?localhost
    (
        "attack-regex-dot/account",
        &[
            (
                "http://app-localhost.localhost:{port}",
                ReflectedWithCredentials,
            ),
            ("http://appxlocalhost", ReflectedWithCredentials),
            ("http://localhost.evil.com", ReflectedWithCredentials),
            ("http://app.evil.com", Refused),
            ("http://evil.localhost:{port}", Refused),
        ],
    ),
    // allowed_origin("null")
    (
        "attack-trust-null/account",
        &[
            ("null", ReflectedWithCredentials),
            ("http://evil.com", Refused),
            ("Null", Refused),
        ],
    ),
    (
        "attack-trust-null/internal",
        &[("null", ReflectedWithCredentials)],
    ),
    // allow_any_origin().send_wildcard()
    (
        "attack-intranet-wildcard/dashboard",
        &[("http://evil.com", Wildcard), ("null", Wildcard)],
    ),
    // ^https?://(localhost|127\.0\.0\.1)(:[0-9]+)?$: either scheme
    (
        "attack-insecure-scheme/account",
        &[
            ("http://localhost:{port}", ReflectedWithCredentials),
            ("http://127.0.0.1", ReflectedWithCredentials),
            ("https://localhost:{port}", ReflectedWithCredentials),
            ("http://evil.localhost:{port}", Refused),
            ("http://localhost.evil.com", Refused),
        ],
    ),
    // Its fix, ^https://…: the https front ends alone
    (
        "attack-insecure-scheme/account-fixed",
        &[
            ("http://localhost:{port}", Refused),
            ("http://127.0.0.1", Refused),
            ("https://localhost:{port}", ReflectedWithCredentials),
        ],
    ),
    // Cors::permissive() again, for the SameSite=None session
    (
        "attack-third-party-cookies/account",
        &[("http://evil.localhost:{port}", ReflectedWithCredentials)],
    ),
];

/// Every `(endpoint, origin, answer)` row of the table.
fn rows() -> impl Iterator<Item = (&'static str, &'static str, Answer)> {
    TABLE.iter().flat_map(|&(endpoint, answers)| {
        answers
            .iter()
            .map(move |&(origin, answer)| (endpoint, origin, answer))
    })
}

/// The fixed endpoints: the exact allowlist.
const FIXED: &[&str] = &[
    "attack-reflect-origin/account-fixed",
    "attack-prefix-match/account-fixed",
    "attack-suffix-match/dashboard-fixed",
    "attack-regex-dot/internal-fixed",
    "attack-trust-null/internal-fixed",
    "attack-intranet-wildcard/dashboard-fixed",
    "attack-third-party-cookies/account-fixed",
];

/// Every origin the table names, and the lab's own near misses.
fn attacker_origins(app: &TestApp) -> Vec<String> {
    let mut origins: Vec<String> = rows().map(|(_, origin, _)| fill(app, origin)).collect();
    origins.extend([
        app.page.replace("://localhost", "://127.0.0.1"),
        format!("{}.evil.com", app.page),
        app.page.to_ascii_uppercase(),
    ]);
    origins.sort();
    origins.dedup();
    origins
}

fn fill(app: &TestApp, origin: &str) -> String {
    origin.replace("{port}", &app.attacker_port.to_string())
}

async fn get_from(app: &TestApp, endpoint: &str, origin: &str) -> lab_tests::http::Reply {
    send(app.from_origin(origin, Method::GET, &format!("/lab/{endpoint}"))).await
}

#[tokio::test]
async fn each_broken_check_lets_through_exactly_its_attackers() {
    let app = spawn_app();
    for (endpoint, origin, answer) in rows() {
        let origin = fill(&app, origin);
        let reply = get_from(&app, endpoint, &origin).await;
        let allow_origin = reply.header("access-control-allow-origin");
        let credentials = reply.header("access-control-allow-credentials") == Some("true");
        let seen = match allow_origin {
            None => Refused,
            Some("*") => Wildcard,
            Some(o) if o == origin && credentials => ReflectedWithCredentials,
            Some(o) if o == origin => Reflected,
            Some(other) => panic!("{endpoint} from {origin}: allowed {other}"),
        };
        assert_eq!(seen, answer, "{endpoint} from {origin}");
    }
}

#[tokio::test]
async fn the_fixed_endpoints_let_through_the_page_only() {
    let app = spawn_app();
    for endpoint in FIXED {
        for origin in attacker_origins(&app) {
            let reply = get_from(&app, endpoint, &origin).await;
            assert_eq!(
                reply.header("access-control-allow-origin"),
                None,
                "{endpoint} from {origin}"
            );
        }
        let reply = get_from(&app, endpoint, &app.page).await;
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some(app.page.as_str()),
            "{endpoint} from the page"
        );
    }
}

#[tokio::test]
async fn the_account_is_the_logged_in_users_and_no_one_elses() {
    let app = spawn_app();
    let endpoint = "/lab/attack-reflect-origin/account";
    let anonymous = send(app.from_origin("http://evil.com", Method::GET, endpoint)).await;
    assert_eq!(anonymous.status, 401);
    assert!(
        !anonymous.json.to_string().contains("lab-key"),
        "{}",
        anonymous.json
    );

    let cookie = app.login(USER).await;
    let (status, body) = app
        .call(
            app.from_origin("http://evil.com", Method::GET, endpoint),
            &cookie,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["user"], USER.0);
    assert!(body["api_key"]
        .as_str()
        .unwrap()
        .starts_with("lab-key-demo-user"));

    // Logging out kills the session for these endpoints too.
    let (status, _) = app
        .call(app.from_page(Method::POST, "/api/logout"), &cookie)
        .await;
    assert_eq!(status, 204);
    let (status, _) = app
        .call(
            app.from_origin("http://evil.com", Method::GET, endpoint),
            &cookie,
        )
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn the_intranet_service_answers_anyone() {
    let app = spawn_app();
    let reply = get_from(
        &app,
        "attack-intranet-wildcard/dashboard",
        "http://evil.com",
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json["deploy_token"], server_b::lab::INTERNAL_TOKEN);
}

#[tokio::test]
async fn the_same_site_none_login_scopes_its_cookie_to_the_lesson() {
    let app = spawn_app();
    let login = "/lab/attack-third-party-cookies/login";
    let reply = send(
        app.from_page(Method::POST, login)
            .json(&json!({ "email": USER.0, "password": USER.1 })),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.json);
    let cookie = set_cookie(&reply.headers, "lab_session").expect("a session cookie");
    for attribute in [
        "HttpOnly",
        "SameSite=None",
        "Secure",
        "Path=/lab/attack-third-party-cookies",
    ] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    let pair = cookie.split(';').next().unwrap().to_owned();
    let account = "/lab/attack-third-party-cookies/account";
    let (status, body) = app
        .call(
            app.from_origin("http://evil.com", Method::GET, account),
            &pair,
        )
        .await;
    assert_eq!((status, body["user"].as_str()), (200, Some(USER.0)));

    // Its logout deletes the session on the server: the old cookie is dead.
    let logout = "/lab/attack-third-party-cookies/logout";
    let (status, _) = app.call(app.from_page(Method::POST, logout), &pair).await;
    assert_eq!(status, 204);
    let (status, _) = app
        .call(
            app.from_origin("http://evil.com", Method::GET, account),
            &pair,
        )
        .await;
    assert_eq!(status, 401, "the session outlived its logout");

    let wrong = send(
        client()
            .post(app.api_url(login))
            .header("Origin", &app.page)
            .json(&json!({ "email": USER.0, "password": "guess" })),
    )
    .await;
    assert_eq!(wrong.status, 401);
    assert!(set_cookie(&wrong.headers, "lab_session").is_none());
}

#[tokio::test]
async fn the_attackers_page_is_served_on_its_own_port_only() {
    let app = spawn_app();
    let attacker = format!("http://localhost:{}", app.attacker_port);
    let page = send(client().get(format!("{attacker}/"))).await;
    assert_eq!(page.status, 200);
    let html = client()
        .get(format!("{attacker}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Attacker's site"), "{html}");
    let config = send(client().get(format!("{attacker}/config.json"))).await;
    let page_port: u16 = app.page.rsplit_once(':').unwrap().1.parse().unwrap();
    assert_eq!(config.json["labPort"], page_port);
    // The lab's own files and routes are not on the attacker's port...
    for path in ["/lessons.json", "/runner.html", "/explain"] {
        let reply = send(client().get(format!("{attacker}{path}"))).await;
        assert_eq!(reply.status, 404, "{path}");
    }
    // ...and the attacker's page is not on the lab's.
    let lab_root = client().get(app.page_url("/")).send().await.unwrap();
    let lab_html = lab_root.text().await.unwrap();
    assert!(!lab_html.contains("Attacker's site"));
    // A sandboxed copy, for Origin: null.
    let sandboxed = client()
        .get(format!("{attacker}/?sandboxed"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        sandboxed
            .headers()
            .get("content-security-policy")
            .map(|v| v.to_str().unwrap()),
        Some("sandbox allow-scripts")
    );
    // The copies with an embedder policy (lesson embedder-policy), and
    // nothing for a value the lab does not serve.
    for (query, expected) in [
        ("coep=require-corp", Some("require-corp")),
        ("coep=credentialless", Some("credentialless")),
        ("coep=unsafe-none", None),
        ("", None),
    ] {
        let page = client()
            .get(format!("{attacker}/?{query}"))
            .send()
            .await
            .unwrap();
        let coep = page.headers().get("cross-origin-embedder-policy");
        assert_eq!(coep.map(|v| v.to_str().unwrap()), expected, "{query}");
    }
}
