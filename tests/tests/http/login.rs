use lab_tests::http::{send, session_cookie, set_cookie, Reply, USER};
use lab_tests::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::json;

fn login_request(app: &TestApp) -> reqwest::RequestBuilder {
    app.from_page(Method::POST, "/api/login")
}

/// The page may read the answer, credentials and all.
fn assert_readable_by_the_page(reply: &Reply, app: &TestApp) {
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(app.page.as_str())
    );
    assert_eq!(
        reply.header("access-control-allow-credentials"),
        Some("true")
    );
}

/// Errors must be readable by the page: they carry the CORS headers too.
fn assert_readable_error(reply: &Reply, app: &TestApp, status: u16) {
    assert_eq!(reply.status, status, "{:?}", reply.json);
    assert_readable_by_the_page(reply, app);
    assert!(
        !reply.error().is_empty(),
        "an error message: {:?}",
        reply.json
    );
    assert!(set_cookie(&reply.headers, "lab_session").is_none());
}

#[tokio::test]
async fn the_story_login_succeeds_with_a_safe_cookie() {
    let app = spawn_app();
    let reply = send(login_request(&app).json(&json!({"email": USER.0, "password": USER.1}))).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json["user"]["email"], USER.0);
    assert_readable_by_the_page(&reply, &app);
    let cookie = set_cookie(&reply.headers, "lab_session").expect("a session cookie");
    let attributes: Vec<&str> = cookie.split("; ").skip(1).collect();
    for expected in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(
            attributes.contains(&expected),
            "{expected} missing in {cookie}"
        );
    }
    assert!(!attributes
        .iter()
        .any(|a| a.starts_with("Max-Age") || a.starts_with("Expires")));
    assert!(
        !cookie.contains(USER.1),
        "the password must not be in the cookie"
    );
}

#[tokio::test]
async fn a_wrong_password_is_401() {
    let app = spawn_app();
    let reply = send(login_request(&app).json(&json!({"email": USER.0, "password": "nope"}))).await;
    assert_readable_error(&reply, &app, 401);
    assert_eq!(reply.error(), "wrong email or password");
}

#[tokio::test]
async fn malformed_json_and_missing_fields_are_400() {
    let app = spawn_app();
    let broken = login_request(&app)
        .header("Content-Type", "application/json")
        .body("{\"email\":");
    let reply = send(broken).await;
    assert_readable_error(&reply, &app, 400);
    assert!(
        reply.error().contains("not valid JSON"),
        "{}",
        reply.error()
    );
    // server-b's refusals have server-a's shape: the field at fault is named.
    assert_eq!(reply.json["field"], "body", "{}", reply.json);

    let reply = send(login_request(&app).json(&json!({"email": USER.0}))).await;
    assert_readable_error(&reply, &app, 400);
    assert!(reply.error().contains("password"), "{}", reply.error());
}

#[tokio::test]
async fn anything_but_json_is_415() {
    let app = spawn_app();
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ] {
        let request = login_request(&app)
            .header("Content-Type", content_type)
            .body(format!("email={}&password={}", USER.0, USER.1));
        let reply = send(request).await;
        assert_readable_error(&reply, &app, 415);
    }
    let reply = send(login_request(&app).body("{}")).await;
    assert_readable_error(&reply, &app, 415);
}

#[tokio::test]
async fn a_body_over_16_kib_is_413() {
    let app = spawn_app();
    let padding = "x".repeat(16 * 1024);
    let request = login_request(&app).json(&json!({"email": USER.0, "password": padding}));
    let reply = send(request).await;
    assert_readable_error(&reply, &app, 413);
}

#[tokio::test]
async fn login_renews_the_session_id() {
    let app = spawn_app();
    let body = json!({"email": USER.0, "password": USER.1});
    let first = send(login_request(&app).json(&body)).await;
    let first_cookie = session_cookie(&first.headers).unwrap();
    let second = send(
        login_request(&app)
            .header("Cookie", &first_cookie)
            .json(&body),
    )
    .await;
    let second_cookie = session_cookie(&second.headers).unwrap();
    assert_ne!(first_cookie, second_cookie, "the id must change at login");
    let old = send(
        app.from_page(Method::GET, "/api/me")
            .header("Cookie", &first_cookie),
    )
    .await;
    assert_eq!(old.status, 401, "the pre-login id must be dead");
}
