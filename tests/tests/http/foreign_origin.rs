//! CORS guards reading, not sending: the API refuses writes from foreign origins itself.

use lab_tests::http::{client, send, set_cookie, EVIL_ORIGIN, USER};
use lab_tests::spawn_app;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_foreign_login_is_refused_and_sets_no_cookie() {
    let app = spawn_app();
    let request = client()
        .post(app.api_url("/api/login"))
        .header("Origin", EVIL_ORIGIN)
        .json(&json!({"email": USER.0, "password": USER.1}));
    let reply = send(request).await;
    assert_eq!(reply.status, 403);
    assert!(set_cookie(&reply.headers, "lab_session").is_none());
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn foreign_writes_change_nothing() {
    let app = spawn_app();
    let cookie = app.login(USER).await;
    let keep = format!("keep me, {}", app.run);
    let create = app
        .from_page(Method::POST, "/api/notes")
        .json(&json!({"text": keep}));
    let (_, note) = app.call(create, &cookie).await;
    let path = format!("/api/notes/{}", note["id"]);
    let foreign = |method: Method, path: &str| {
        client()
            .request(method, app.api_url(path))
            .header("Origin", EVIL_ORIGIN)
    };

    let (status, _) = app.call(foreign(Method::DELETE, &path), &cookie).await;
    assert_eq!(status, 403);
    let (status, _) = app
        .call(
            foreign(Method::PUT, &path).json(&json!({"text": "owned"})),
            &cookie,
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .call(
            foreign(Method::POST, "/api/notes").json(&json!({"text": "spam"})),
            &cookie,
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .call(foreign(Method::POST, "/api/logout"), &cookie)
        .await;
    assert_eq!(status, 403);

    let (status, list) = app
        .call(app.from_page(Method::GET, "/api/notes"), &cookie)
        .await;
    assert_eq!(status, 200, "still logged in");
    let texts: Vec<_> = list["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].clone())
        .collect();
    assert!(texts.contains(&json!(keep)), "{texts:?}");
    assert!(
        !texts.contains(&json!("spam")) && !texts.contains(&json!("owned")),
        "{texts:?}"
    );
}

#[tokio::test]
async fn requests_without_origin_are_not_cross_origin() {
    // curl and same-origin GETs send no Origin: the guard has nothing to judge.
    let app = spawn_app();
    let request = client()
        .post(app.api_url("/api/login"))
        .json(&json!({"email": USER.0, "password": USER.1}));
    assert_eq!(send(request).await.status, 200);
}
