//! The real API against every origin an attacker can produce: the shapes
//! CORS scanners send (reflection, prefix, suffix, substring, unescaped dot,
//! any subdomain, http for https, special characters, `null`) and the lab's
//! own near misses (another port, another loopback name, a trailing slash,
//! upper case). None may read a response; none may write.

use lab_tests::http::{send, set_cookie, USER};
use lab_tests::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::json;

/// Origins built around the page's own, e.g. `http://localhost:41234`.
fn attacker_origins(app: &TestApp) -> Vec<String> {
    let page = app.page.as_str();
    let (scheme_host, port) = page.rsplit_once(':').expect("the page has a port");
    let host = scheme_host.trim_start_matches("http://");
    let other_port = port.parse::<u32>().unwrap() + 1;
    let mut origins = vec![
        "http://evil.example".to_owned(),
        "null".to_owned(),
        format!("http://{host}.evil.localhost:{port}"),
        format!("http://evil{host}:{port}"),
        format!("http://{}:{port}", &host[1..]),
        format!("http://evil.{host}:{port}"),
        format!("https://{host}:{port}"),
        format!("http://{host}:{other_port}"),
        format!("http://127.0.0.1:{port}"),
        format!("{page}/"),
        page.to_ascii_uppercase(),
        format!("{page}.evil.example"),
    ];
    for c in [
        '_', '-', '"', '{', '}', '+', '^', '%', '$', '&', '\'', '(', ')', '*', ';', '=', '~', '`',
        '!',
    ] {
        origins.push(format!("http://{host}:{port}{c}.evil.example"));
    }
    origins
}

fn api_requests() -> [(Method, &'static str); 7] {
    [
        (Method::GET, "/api/me"),
        (Method::GET, "/api/notes"),
        (Method::POST, "/api/login"),
        (Method::POST, "/api/logout"),
        (Method::POST, "/api/notes"),
        (Method::PUT, "/api/notes/1"),
        (Method::DELETE, "/api/notes/1"),
    ]
}

#[tokio::test]
async fn no_attacker_origin_may_read_the_api() {
    let app = spawn_app();
    let cookie = app.login(USER).await;
    let mut problems = Vec::new();
    for origin in attacker_origins(&app) {
        for (method, path) in api_requests() {
            let request = app
                .from_origin(&origin, method.clone(), path)
                .header("Cookie", &cookie)
                .json(&json!({"email": USER.0, "password": USER.1, "text": "x"}));
            let reply = send(request).await;
            if let Some(allowed) = reply.header("access-control-allow-origin") {
                problems.push(format!("{method} {path} from {origin}: ACAO {allowed}"));
            }
            let writes = method != Method::GET;
            if writes && reply.status != 403 {
                problems.push(format!("{method} {path} from {origin}: {}", reply.status));
            }
            if set_cookie(&reply.headers, "lab_session").is_some() && path == "/api/login" {
                problems.push(format!("a login from {origin} set a session cookie"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn no_attacker_origin_passes_a_preflight() {
    let app = spawn_app();
    let mut problems = Vec::new();
    for origin in attacker_origins(&app) {
        for (method, path) in api_requests() {
            let preflight = app
                .from_origin(&origin, Method::OPTIONS, path)
                .header("Access-Control-Request-Method", method.as_str())
                .header("Access-Control-Request-Headers", "content-type");
            let reply = send(preflight).await;
            for name in [
                "access-control-allow-origin",
                "access-control-allow-credentials",
            ] {
                if let Some(value) = reply.header(name) {
                    problems.push(format!(
                        "preflight {method} {path} from {origin}: {name} {value}"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn the_page_itself_still_passes() {
    // The control: the same checks would see the page's own origin allowed.
    let app = spawn_app();
    let preflight = app
        .from_page(Method::OPTIONS, "/api/notes/1")
        .header("Access-Control-Request-Method", "PUT")
        .header("Access-Control-Request-Headers", "content-type");
    let reply = send(preflight).await;
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(app.page.as_str())
    );
}
