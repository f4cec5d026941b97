//! `/lab/playground`: server-b answers from the policy in the query string,
//! one header per field, the preflight and the actual request apart; a bad
//! policy is a 400 naming the field, and nothing can split a response.

use lab_tests::http::{send, Reply, EVIL_ORIGIN};
use lab_tests::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

fn path(policy: &Value) -> String {
    let encoded: String =
        url::form_urlencoded::byte_serialize(policy.to_string().as_bytes()).collect();
    format!("/lab/playground?p={encoded}")
}

async fn ask(app: &TestApp, method: Method, origin: &str, policy: &Value) -> Reply {
    let mut request = app.from_origin(origin, method.clone(), &path(policy));
    if method == Method::OPTIONS {
        request = request.header("Access-Control-Request-Method", "PUT");
    }
    send(request).await
}

#[tokio::test]
async fn each_field_is_one_header_and_the_answers_are_apart() {
    let app = spawn_app();
    let policy = json!({
        "preflight": {"status": 200, "allow_origin": "page", "allow_credentials": "true",
                      "allow_methods": "PUT, DELETE", "allow_headers": "x-token", "max_age": 600},
        "response": {"status": 404, "allow_origin": "*", "expose_headers": "x-a"},
        "vary": "Origin",
    });
    let pre = ask(&app, Method::OPTIONS, &app.page, &policy).await;
    assert_eq!(pre.status, 200);
    for (name, value) in [
        ("access-control-allow-origin", app.page.as_str()),
        ("access-control-allow-credentials", "true"),
        ("access-control-allow-methods", "PUT, DELETE"),
        ("access-control-allow-headers", "x-token"),
        ("access-control-max-age", "600"),
        ("vary", "Origin"),
    ] {
        assert_eq!(pre.header(name), Some(value), "preflight {name}");
    }
    assert_eq!(pre.header("access-control-expose-headers"), None);
    let actual = ask(&app, Method::PUT, &app.page, &policy).await;
    assert_eq!(actual.status, 404);
    assert_eq!(actual.header("access-control-allow-origin"), Some("*"));
    assert_eq!(actual.header("access-control-expose-headers"), Some("x-a"));
    assert_eq!(actual.header("access-control-allow-credentials"), None);
    assert_eq!(actual.header("access-control-allow-methods"), None);
    assert_eq!(actual.json["method"], "PUT");
    // The write was recorded in the test's run, with the preflight.
    let methods: Vec<Value> = app
        .exchanges()
        .await
        .iter()
        .map(|e| e["method"].clone())
        .collect();
    assert!(
        methods.contains(&json!("OPTIONS")) && methods.contains(&json!("PUT")),
        "{methods:?}"
    );
}

#[tokio::test]
async fn a_field_left_out_is_a_header_absent() {
    let app = spawn_app();
    let pre = ask(&app, Method::OPTIONS, &app.page, &json!({})).await;
    assert_eq!(pre.status, 204);
    let actual = ask(
        &app,
        Method::GET,
        &app.page,
        &json!({"response": {"allow_origin": "none"}}),
    )
    .await;
    assert_eq!(actual.status, 200);
    for reply in [&pre, &actual] {
        let cors: Vec<&str> = reply
            .headers
            .keys()
            .map(|k| k.as_str())
            .filter(|k| k.starts_with("access-control-"))
            .collect();
        assert!(cors.is_empty(), "{cors:?}");
    }
}

#[tokio::test]
async fn reflect_echoes_whatever_origin_asks() {
    let app = spawn_app();
    let policy = json!({"response": {"allow_origin": "reflect", "allow_credentials": true},
                        "set_cookie": "lab_pg=1; SameSite=Lax; Path=/"});
    let reply = ask(&app, Method::GET, EVIL_ORIGIN, &policy).await;
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(EVIL_ORIGIN)
    );
    assert_eq!(
        reply.header("access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(
        reply.header("set-cookie"),
        Some("lab_pg=1; SameSite=Lax; Path=/")
    );
    let literal = ask(
        &app,
        Method::GET,
        EVIL_ORIGIN,
        &json!({"response": {"allow_origin": "http://x.test"}}),
    )
    .await;
    assert_eq!(
        literal.header("access-control-allow-origin"),
        Some("http://x.test")
    );
}

#[tokio::test]
async fn a_bad_policy_is_a_400_naming_the_field() {
    let app = spawn_app();
    for (policy, field) in [
        (json!({"preflight": {"status": 700}}), "preflight.status"),
        (json!({"response": {"status": "ok"}}), "response.status"),
        (
            json!({"response": {"allow_origin": "http://a\u{e9}.test"}}),
            "response.allow_origin",
        ),
        (
            json!({"preflight": {"allow_methods": "x".repeat(2000)}}),
            "preflight.allow_methods",
        ),
        (
            json!({"preflight": {"allow_heders": "x"}}),
            "preflight.allow_heders",
        ),
        (
            json!({"set_cookie": "lab=1; Domain=evil.test"}),
            "set_cookie",
        ),
        (json!({"set_cookie": "no pair"}), "set_cookie"),
    ] {
        let reply = ask(&app, Method::GET, &app.page, &policy).await;
        assert_eq!(reply.status, 400, "{policy}");
        assert_eq!(reply.json["field"], field, "{policy}: {:?}", reply.json);
        // The message says what is wrong; the field says where.
        assert!(!reply.error().is_empty(), "{:?}", reply.json);
        // The page may read why.
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some(app.page.as_str())
        );
    }
    let not_json = send(app.from_page(Method::GET, "/lab/playground?p=%7Bnope")).await;
    assert_eq!(not_json.status, 400);
    assert_eq!(not_json.json["field"], "p");
}

#[tokio::test]
async fn crlf_cannot_inject_a_header_or_split_the_response() {
    let app = spawn_app();
    for policy in [
        json!({"response": {"expose_headers": "x-a\r\nSet-Cookie: evil=1"}}),
        json!({"vary": "Origin\nX-Injected: 1"}),
        json!({"preflight": {"allow_origin": "http://a.test\r\n\r\nHTTP/1.1 200 OK"}}),
        json!({"set_cookie": "a=1\r\nX-Injected: 1"}),
    ] {
        for method in [Method::GET, Method::OPTIONS] {
            let reply = ask(&app, method.clone(), &app.page, &policy).await;
            assert_eq!(reply.status, 400, "{method} {policy}");
            assert!(reply.headers.get("x-injected").is_none());
            assert!(reply.headers.get("set-cookie").is_none());
            assert!(reply.json["field"].as_str().is_some_and(|f| !f.is_empty()));
        }
    }
}
