use lab_tests::http::{header, EVIL_ORIGIN};
use lab_tests::{spawn_app, TestApp};

async fn preflight(
    app: &TestApp,
    origin: &str,
    path: &str,
    method: &str,
    headers: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .from_origin(origin, reqwest::Method::OPTIONS, path)
        .header("Access-Control-Request-Method", method);
    if let Some(headers) = headers {
        request = request.header("Access-Control-Request-Headers", headers);
    }
    request.send().await.unwrap()
}

fn assert_api_preflight_allows(response: &reqwest::Response, page: &str, method: &str) {
    assert_eq!(response.status(), 200);
    assert_eq!(header(response, "access-control-allow-origin"), Some(page));
    assert_eq!(
        header(response, "access-control-allow-credentials"),
        Some("true")
    );
    let methods = header(response, "access-control-allow-methods").unwrap();
    assert!(methods.split(", ").any(|m| m == method), "{methods}");
    let headers = header(response, "access-control-allow-headers").unwrap();
    assert_eq!(headers.to_ascii_lowercase(), "content-type");
    assert_eq!(header(response, "access-control-max-age"), Some("7200"));
    let vary = header(response, "vary").unwrap();
    assert!(
        vary.split(", ").any(|v| v.eq_ignore_ascii_case("origin")),
        "{vary}"
    );
}

#[tokio::test]
async fn login_preflight_allows_the_page() {
    let app = spawn_app();
    let response = preflight(&app, &app.page, "/api/login", "POST", Some("content-type")).await;
    assert_api_preflight_allows(&response, &app.page, "POST");
}

#[tokio::test]
async fn notes_put_and_delete_preflights_allow_the_page() {
    let app = spawn_app();
    let response = preflight(&app, &app.page, "/api/notes/1", "PUT", Some("content-type")).await;
    assert_api_preflight_allows(&response, &app.page, "PUT");
    let response = preflight(&app, &app.page, "/api/notes/1", "DELETE", None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "access-control-allow-origin"),
        Some(app.page.as_str())
    );
    let methods = header(&response, "access-control-allow-methods").unwrap();
    assert!(methods.contains("DELETE"), "{methods}");
}

#[tokio::test]
async fn a_disallowed_origin_gets_no_allow_origin() {
    let app = spawn_app();
    for origin in [EVIL_ORIGIN, "http://127.0.0.1:1", "null"] {
        let response = preflight(&app, origin, "/api/login", "POST", Some("content-type")).await;
        assert!(
            response.status().is_client_error(),
            "{origin}: {}",
            response.status()
        );
        assert_eq!(
            header(&response, "access-control-allow-origin"),
            None,
            "{origin}"
        );
        assert_eq!(
            header(&response, "access-control-allow-credentials"),
            None,
            "{origin}"
        );
    }
}

#[tokio::test]
async fn the_port_is_part_of_the_origin() {
    let app = spawn_app();
    let other_port = app.page.replace("localhost:", "localhost:1");
    let response = preflight(
        &app,
        &other_port,
        "/api/login",
        "POST",
        Some("content-type"),
    )
    .await;
    assert_eq!(header(&response, "access-control-allow-origin"), None);
}

#[tokio::test]
async fn methods_and_headers_off_the_list_are_refused() {
    let app = spawn_app();
    let response = preflight(&app, &app.page, "/api/notes/1", "PATCH", None).await;
    assert_eq!(response.status(), 400);
    assert_eq!(header(&response, "access-control-allow-origin"), None);
    let response = preflight(&app, &app.page, "/api/me", "GET", Some("x-token")).await;
    assert_eq!(response.status(), 400);
}
