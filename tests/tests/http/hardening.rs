//! Writes from an opaque or cross-site initiator are refused; logins are
//! limited per address with a readable 429.

use lab_tests::http::{send, set_cookie, USER};
use lab_tests::{spawn_app, spawn_app_with, Tuning};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_null_origin_cannot_write() {
    let app = spawn_app();
    let cookie = app.login(USER).await;
    let login = app
        .from_origin("null", Method::POST, "/api/login")
        .json(&json!({"email": USER.0, "password": USER.1}));
    let reply = send(login).await;
    assert_eq!(reply.status, 403);
    assert!(set_cookie(&reply.headers, "lab_session").is_none());
    let note = app
        .from_origin("null", Method::POST, "/api/notes")
        .json(&json!({"text": "from a sandboxed frame"}));
    assert_eq!(app.call(note, &cookie).await.0, 403);
}

#[tokio::test]
async fn a_cross_site_write_without_an_allowed_origin_is_refused() {
    let app = spawn_app();
    let cookie = app.login(USER).await;
    let cross_site = app
        .to_api(Method::POST, "/api/notes")
        .header("Sec-Fetch-Site", "cross-site")
        .json(&json!({"text": "no Origin, but a browser says cross-site"}));
    let (status, body) = app.call(cross_site, &cookie).await;
    assert_eq!(status, 403, "{body}");
    // The same request from the allowlisted page, same-site, is a write.
    let same_site = app
        .from_page(Method::POST, "/api/notes")
        .header("Sec-Fetch-Site", "same-site")
        .json(&json!({"text": "from the page"}));
    assert_eq!(app.call(same_site, &cookie).await.0, 201);
}

#[tokio::test]
async fn logins_over_the_limit_get_a_readable_429() {
    let app = spawn_app_with(Tuning {
        login_burst: Some(2),
        ..Tuning::default()
    });
    if !app.is_in_process() {
        eprintln!("skipped against running servers: it would spend their login limit");
        return;
    }
    let wrong = json!({"email": USER.0, "password": "wrong"});
    for _ in 0..2 {
        let reply = send(app.from_page(Method::POST, "/api/login").json(&wrong)).await;
        assert_eq!(reply.status, 401, "failed logins count too, but pass");
    }
    let reply = send(app.from_page(Method::POST, "/api/login").json(&wrong)).await;
    assert_eq!(reply.status, 429);
    assert_eq!(reply.header("retry-after"), Some("1"));
    assert_eq!(reply.json["retry_after_seconds"], 1);
    assert!(
        reply.error().contains("too many logins"),
        "{:?}",
        reply.json
    );
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(app.page.as_str()),
        "the page can read why"
    );
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    assert!(!app.login(USER).await.is_empty(), "a second later it works");
}

/// A connection a browser opened ahead of need and used seconds later gets
/// a real answer, not the 408 actix gives after its default 5 s (Firefox
/// would take that 408 as the answer to its request).
#[tokio::test]
async fn a_connection_opened_early_is_answered_when_used() {
    use std::io::{Read, Write};
    let app = spawn_app();
    let address = app.api.trim_start_matches("http://").to_owned();
    let answer = tokio::task::spawn_blocking(move || {
        let mut connection = std::net::TcpStream::connect(&address).unwrap();
        std::thread::sleep(std::time::Duration::from_secs(6));
        let request =
            format!("GET /healthz HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
        connection.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        connection.read_to_string(&mut answer).unwrap();
        answer
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
