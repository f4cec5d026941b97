//! The recorder keeps each run's exchanges apart, without secrets, bounded.

use lab_tests::http::{client, send, EVIL_ORIGIN, USER};
use lab_tests::{spawn_app, spawn_app_with, Tuning};
use reqwest::Method;
use serde_json::json;
use server_b::recorder::RunLimits;

#[tokio::test]
async fn a_preflight_and_its_request_are_recorded_without_secrets() {
    let app = spawn_app();
    let preflight = app
        .to_api(Method::OPTIONS, "/api/login")
        .header("Origin", &app.page)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type");
    send(preflight).await;
    let cookie = app.login(USER).await;
    let cookie_value = cookie.split_once('=').unwrap().1.to_owned();
    send(
        app.from_page(Method::GET, "/api/me")
            .header("Cookie", format!("{cookie}; other=v4lue")),
    )
    .await;

    let list = app.exchanges().await;
    let text = serde_json::to_string(&list).unwrap();
    for secret in [cookie_value.as_str(), USER.1, "v4lue"] {
        assert!(!text.contains(secret), "the recorder leaked {secret}");
    }
    let methods: Vec<_> = list.iter().map(|e| e["method"].clone()).collect();
    assert_eq!(methods, [json!("OPTIONS"), json!("POST"), json!("GET")]);
    let first = &list[0];
    assert_eq!(first["query"], format!("run={}", app.run));
    assert_eq!(first["request"]["access_control_request_method"], "POST");
    assert_eq!(
        first["request"]["access_control_request_headers"],
        "content-type"
    );
    assert_eq!(first["response"]["status"], 200);
    let cors = &first["response"]["cors_headers"];
    assert!(
        cors.as_array()
            .unwrap()
            .contains(&json!(["access-control-max-age", "7200"])),
        "{cors}"
    );

    let login = &list[1];
    let set_cookie = login["response"]["set_cookies"][0].as_str().unwrap();
    assert!(
        set_cookie.starts_with("lab_session=<redacted>;"),
        "{set_cookie}"
    );
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");

    let me = &list[2];
    assert_eq!(
        me["request"]["cookie_names"],
        json!(["lab_session", "other"])
    );
    assert_eq!(me["request"]["origin"], app.page.as_str());
    assert!(me["seq"].as_u64() > login["seq"].as_u64());
}

#[tokio::test]
async fn blocked_and_refused_requests_are_recorded_too() {
    let app = spawn_app();
    let foreign = app.from_origin(EVIL_ORIGIN, Method::POST, "/api/logout");
    assert_eq!(send(foreign).await.status, 403);
    let list = app.exchanges().await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["response"]["status"], 403);
    assert_eq!(list[0]["request"]["origin"], EVIL_ORIGIN);
}

#[tokio::test]
async fn runs_are_read_apart_and_after_a_sequence_number() {
    let app = spawn_app();
    let other = lab_tests::lab::new_run_id("other");
    send(client().get(app.api_url("/healthz"))).await;
    send(client().get(app.api_url_in_run("/healthz", &other))).await;
    send(client().get(app.api_url("/api/me"))).await;

    let mine = app.exchanges().await;
    let paths: Vec<_> = mine.iter().map(|e| e["path"].clone()).collect();
    assert_eq!(paths, [json!("/healthz"), json!("/api/me")]);
    assert!(mine
        .iter()
        .all(|e| e["query"] == format!("run={}", app.run)));
    let after_first = app.exchanges_of(&format!("{}&after=1", app.run)).await.json;
    assert_eq!(after_first["last_seq"], 2);
    assert_eq!(after_first["exchanges"].as_array().unwrap().len(), 1);
    assert_eq!(
        app.exchanges_of(&other).await.json["exchanges"][0]["path"],
        "/healthz"
    );
}

#[tokio::test]
async fn a_run_keeps_its_newest_exchanges_and_skips_the_recorder_itself() {
    let app = spawn_app();
    let limits = app.exchanges_of(&app.run).await.json["limits"].clone();
    let per_run = limits["exchanges_per_run"].as_u64().unwrap();
    for _ in 0..per_run + 5 {
        send(client().get(app.api_url("/healthz"))).await;
    }
    let page = app.exchanges_of(&app.run).await.json;
    assert_eq!(page["last_seq"].as_u64(), Some(per_run + 5));
    assert_eq!(page["dropped"].as_u64(), Some(5));
    let kept = page["exchanges"].as_array().unwrap();
    assert_eq!(kept.len() as u64, per_run);
    assert!(kept.iter().all(|e| e["path"] != "/lab/exchanges"));
    assert_eq!(kept.last().unwrap()["seq"].as_u64(), Some(per_run + 5));
}

#[tokio::test]
async fn exchanges_without_a_run_go_to_the_shared_ring() {
    let app = spawn_app();
    let marker = lab_tests::lab::new_run_id("no-run");
    send(client().get(app.api_url_bare(&format!("/healthz?marker={marker}")))).await;
    let shared = send(
        client()
            .get(app.api_url_bare("/lab/exchanges"))
            .header("Origin", &app.page),
    )
    .await;
    assert_eq!(shared.json["run"], serde_json::Value::Null);
    let found = shared.json["exchanges"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["query"] == format!("marker={marker}"));
    assert!(found, "{}", shared.json);
    assert!(
        app.exchanges().await.is_empty(),
        "nothing in this test's run"
    );
}

#[tokio::test]
async fn a_full_store_answers_new_runs_but_says_it_did_not_record_them() {
    let app = spawn_app_with(Tuning {
        run_limits: Some(RunLimits {
            max_runs: 3,
            ..RunLimits::default()
        }),
        ..Tuning::default()
    });
    if !app.is_in_process() {
        eprintln!("skipped against running servers: this test needs a tuned server-b");
        return;
    }
    send(client().get(app.api_url("/healthz"))).await;
    for n in 0..5 {
        let url = app.api_url_in_run("/healthz", &format!("{}-{n}", app.run));
        assert_eq!(send(client().get(url)).await.status, 200, "still answered");
    }
    assert_eq!(app.exchanges().await.len(), 1, "the young run is kept");
    let refused = app.exchanges_of(&format!("{}-4", app.run)).await.json;
    assert_eq!(refused["recorded"], false);
    let reason = refused["reason"].as_str().unwrap();
    assert!(reason.contains("full"), "{reason}");
}

#[tokio::test]
async fn bad_queries_get_json_errors() {
    let app = spawn_app();
    for query in ["run=a%20b", "run=x&after=abc"] {
        let url = app.api_url_bare(&format!("/lab/exchanges?{query}"));
        let reply = send(client().get(url).header("Origin", &app.page)).await;
        assert_eq!(reply.status, 400, "{query}");
        assert!(!reply.error().is_empty(), "{query}: {:?}", reply.json);
    }
}

#[tokio::test]
async fn only_the_page_may_read_the_recorder() {
    let app = spawn_app();
    let allowed = app.exchanges_of(&app.run).await;
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some(app.page.as_str())
    );
    let url = app.api_url_bare(&format!("/lab/exchanges?run={}", app.run));
    let foreign = send(client().get(&url).header("Origin", EVIL_ORIGIN)).await;
    assert_eq!(foreign.header("access-control-allow-origin"), None);
}
