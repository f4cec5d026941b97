use lab_tests::http::{send, set_cookie, USER};
use lab_tests::spawn_app;
use reqwest::Method;

#[tokio::test]
async fn me_needs_the_cookie() {
    let app = spawn_app();
    let anonymous = send(app.from_page(Method::GET, "/api/me")).await;
    assert_eq!(anonymous.status, 401);
    assert_eq!(
        anonymous.header("access-control-allow-origin"),
        Some(app.page.as_str())
    );
    assert!(anonymous.error().contains("not logged in"));

    let cookie = app.login(USER).await;
    let (status, body) = app
        .call(app.from_page(Method::GET, "/api/me"), &cookie)
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["user"]["email"], USER.0);
    assert_eq!(body["user"]["name"], "Demo User");
}

#[tokio::test]
async fn a_forged_cookie_is_not_a_session() {
    let app = spawn_app();
    let (status, _) = app
        .call(app.from_page(Method::GET, "/api/me"), "lab_session=forged")
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn logout_kills_the_session_on_the_server() {
    let app = spawn_app();
    let cookie = app.login(USER).await;
    let reply = send(
        app.from_page(Method::POST, "/api/logout")
            .header("Cookie", &cookie),
    )
    .await;
    assert_eq!(reply.status, 204);
    let removal =
        set_cookie(&reply.headers, "lab_session").expect("the browser is told to drop it");
    assert!(
        removal.contains("Max-Age=0") || removal.contains("Expires="),
        "{removal}"
    );

    // Replaying the old cookie, as an attacker who copied it would.
    let (status, _) = app
        .call(app.from_page(Method::GET, "/api/me"), &cookie)
        .await;
    assert_eq!(status, 401);
}
