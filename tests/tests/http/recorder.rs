use lab_tests::http::{client, from_page, login, send, EVIL_ORIGIN, USER};
use lab_tests::{spawn_lab, Lab};
use reqwest::Method;
use serde_json::{json, Value};

async fn exchanges(lab: &Lab, after: u64, prefix: &str) -> Value {
    let url = lab.api_url(&format!("/lab/exchanges?after={after}&prefix={prefix}"));
    send(client().get(url).header("Origin", &lab.page))
        .await
        .json
}

async fn last_seq(lab: &Lab) -> u64 {
    exchanges(lab, 0, "/-").await["last_seq"].as_u64().unwrap()
}

#[tokio::test]
async fn a_preflight_and_its_request_are_recorded_without_secrets() {
    let lab = spawn_lab();
    let before = last_seq(&lab).await;
    let preflight = client()
        .request(Method::OPTIONS, lab.api_url("/api/login?run=rec1"))
        .header("Origin", &lab.page)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type");
    send(preflight).await;
    let cookie = login(&lab, USER).await;
    let cookie_value = cookie.split_once('=').unwrap().1.to_owned();
    send(
        from_page(&lab, Method::GET, "/api/me").header("Cookie", format!("{cookie}; other=v4lue")),
    )
    .await;

    let page = exchanges(&lab, before, "/api/").await;
    let text = page.to_string();
    for secret in [cookie_value.as_str(), USER.1, "v4lue"] {
        assert!(!text.contains(secret), "the recorder leaked {secret}");
    }
    let list = page["exchanges"].as_array().unwrap();
    let first = list
        .iter()
        .find(|e| e["query"] == "run=rec1")
        .expect("the preflight");
    assert_eq!(first["method"], "OPTIONS");
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
            .contains(&json!(["access-control-max-age", "86400"])),
        "{cors}"
    );

    let login = list
        .iter()
        .find(|e| e["path"] == "/api/login" && e["method"] == "POST")
        .unwrap();
    let set_cookie = login["response"]["set_cookies"][0].as_str().unwrap();
    assert!(
        set_cookie.starts_with("lab_session=<redacted>;"),
        "{set_cookie}"
    );
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");

    let me = list.iter().find(|e| e["path"] == "/api/me").unwrap();
    assert_eq!(
        me["request"]["cookie_names"],
        json!(["lab_session", "other"])
    );
    assert_eq!(me["request"]["origin"], lab.page.as_str());
    assert!(me["seq"].as_u64() > login["seq"].as_u64());
}

#[tokio::test]
async fn blocked_and_refused_requests_are_recorded_too() {
    let lab = spawn_lab();
    let before = last_seq(&lab).await;
    let foreign = client()
        .post(lab.api_url("/api/logout?run=rec2"))
        .header("Origin", EVIL_ORIGIN);
    assert_eq!(send(foreign).await.status, 403);
    let page = exchanges(&lab, before, "/api/logout").await;
    let entry = &page["exchanges"][0];
    assert_eq!(entry["response"]["status"], 403, "{page}");
    assert_eq!(entry["request"]["origin"], EVIL_ORIGIN);
}

#[tokio::test]
async fn the_recorder_is_bounded_and_skips_itself() {
    let lab = spawn_lab();
    let before = last_seq(&lab).await;
    let capacity = exchanges(&lab, 0, "/-").await["capacity"].as_u64().unwrap();
    for _ in 0..capacity + 20 {
        send(client().get(lab.api_url("/healthz"))).await;
    }
    let page = exchanges(&lab, 0, "").await;
    let last = page["last_seq"].as_u64().unwrap();
    assert!(last >= before + capacity + 20);
    let kept = page["exchanges"].as_array().unwrap();
    assert_eq!(kept.len() as u64, capacity);
    assert!(kept.iter().all(|e| e["path"] != "/lab/exchanges"));
    assert_eq!(kept.last().unwrap()["seq"].as_u64(), Some(last));
}

#[tokio::test]
async fn only_the_page_may_read_the_recorder() {
    let lab = spawn_lab();
    let url = lab.api_url("/lab/exchanges?after=0&prefix=/-");
    let allowed = send(client().get(&url).header("Origin", &lab.page)).await;
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some(lab.page.as_str())
    );
    let foreign = send(client().get(&url).header("Origin", EVIL_ORIGIN)).await;
    assert_eq!(foreign.header("access-control-allow-origin"), None);
}
