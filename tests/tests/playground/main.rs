//! The playground page in real Chromium and Firefox: a link made by
//! `window.lab.playground.link(state)` restores the state, back and forward
//! move between states, and `run(state)` reports what the browser did, held
//! to server-b's recorder and the browser's own console, not to the page.

use lab_tests::browser::{Browser, Engine};
use lab_tests::{spawn_app, TestApp};
use serde_json::{json, Value};

#[tokio::test]
async fn chromium_playground() {
    playground(Engine::Chromium).await
}

#[tokio::test]
async fn firefox_playground() {
    playground(Engine::Firefox).await
}

#[tokio::test]
async fn chromium_playground_senders() {
    senders(Engine::Chromium).await
}

#[tokio::test]
async fn firefox_playground_senders() {
    senders(Engine::Firefox).await
}

/// A GET from `from`, answered with `allow_origin`.
fn get_from(from: &str, allow_origin: &str) -> Value {
    json!({
        "method": "GET",
        "headers": {},
        "body": "none",
        "credentials": "same-origin",
        "from": from,
        "preflight": {},
        "response": {"status": 200, "allow_origin": allow_origin},
    })
}

/// Every sender of the playground: the Origin server-b received is that
/// sender's, an answer that reflects it is readable, and one that names the
/// lab page is not; the model predicted both.
async fn senders(engine: Engine) {
    let Some(browser) = Browser::start(engine).await else {
        return;
    };
    let lab = spawn_app();
    open(&browser, &lab.page_url("/")).await;
    let origins = lab.origins();
    let expected = [
        ("page", lab.page.clone()),
        ("other-origin", origins.other_page.clone()),
        ("attacker-same-site", origins.attacker("localhost")),
        ("attacker", origins.attacker("evil.localhost")),
        ("sandboxed", "null".to_owned()),
    ];
    for (from, origin) in expected {
        for (allow, outcome) in [("reflect", "allowed"), ("page", "blocked")] {
            if from == "page" && allow == "page" {
                continue; // the page is the lab page: allowed either way
            }
            let result = call(
                &browser,
                "window.lab.playground.run(arg)",
                get_from(from, allow),
            )
            .await;
            let context = format!("from {from}, allow_origin {allow}: {result}");
            assert_eq!(result["outcome"], outcome, "{context}");
            assert_eq!(result["predicted"]["outcome"], outcome, "{context}");
            let wire = recorded(&lab, &result).await;
            assert_eq!(wire.len(), 1, "{context}: {wire:?}");
            assert_eq!(wire[0]["request"]["origin"], origin.as_str(), "{context}");
        }
    }
    browser.quit().await;
}

fn state(allow_headers: &str) -> Value {
    json!({
        "method": "PUT",
        "headers": {"Content-Type": "application/json", "X-Token": "abc"},
        "body": "text",
        "credentials": "same-origin",
        "from": "page",
        "preflight": {"status": 204, "allow_origin": "page", "allow_methods": "PUT", "allow_headers": allow_headers},
        "response": {"status": 200, "allow_origin": "page", "expose_headers": "x-a"},
    })
}

async fn open(browser: &Browser, url: &str) {
    browser.goto(url).await;
    lab_tests::browser::lab_page_ready(&browser.client).await;
}

async fn call(browser: &Browser, expr: &str, arg: Value) -> Value {
    let script = format!(
        "const [arg, done] = arguments;
         Promise.resolve().then(() => {expr}).then(done, e => done({{ lab_error: String(e) }}));"
    );
    browser.run_async(&script, vec![arg]).await
}

/// The run's exchanges as server-b recorded them (the run id is in the URL the page fetched).
async fn recorded(lab: &TestApp, result: &Value) -> Vec<Value> {
    let url = result["steps"][0]["url"].as_str().expect("the step's URL");
    let run = url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "run")
        .map(|(_, v)| v.into_owned())
        .expect("a run id");
    lab.exchanges_of(&run).await.json["exchanges"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn playground(engine: Engine) {
    let Some(browser) = Browser::start(engine).await else {
        return;
    };
    let lab = spawn_app();
    open(&browser, &lab.page_url("/")).await;
    let allowed = state("content-type, x-token");
    let blocked = state("content-type");
    let link = call(&browser, "window.lab.playground.link(arg)", allowed.clone()).await;
    let link = link
        .as_str()
        .unwrap_or_else(|| panic!("link(state): {link}"))
        .to_owned();
    assert!(link.starts_with(&format!("{}/", lab.page)), "{link}");
    let other = call(&browser, "window.lab.playground.link(arg)", blocked.clone()).await;
    open(&browser, &link).await;
    assert_eq!(
        call(&browser, "window.lab.playground.state()", json!(null)).await,
        allowed
    );
    // A second state, then back: the first one is restored.
    browser.client.goto(other.as_str().unwrap()).await.unwrap();
    assert_eq!(
        call(&browser, "window.lab.playground.state()", json!(null)).await,
        blocked
    );
    browser.client.back().await.unwrap();
    assert_eq!(
        call(&browser, "window.lab.playground.state()", json!(null)).await,
        allowed
    );
    let _ = browser.console().await;

    // Allowed: the PUT reached server-b after one preflight, and no CORS error was logged.
    let result = call(&browser, "window.lab.playground.run(arg)", allowed.clone()).await;
    assert_eq!(result["outcome"], "allowed", "{result}");
    assert_eq!(result["predicted"]["outcome"], "allowed", "{result}");
    let wire = recorded(&lab, &result).await;
    let methods: Vec<&str> = wire.iter().filter_map(|e| e["method"].as_str()).collect();
    assert_eq!(methods, ["OPTIONS", "PUT"], "{wire:?}");
    assert_eq!(wire[1]["response"]["status"], result["status"]);
    browser.assert_no_cors_error().await;
    browser.screenshot("playground").await;

    // Blocked at the preflight: only the OPTIONS reached server-b, and the
    // browser logged the line the page predicted.
    let result = call(&browser, "window.lab.playground.run(arg)", blocked.clone()).await;
    assert_eq!(result["outcome"], "blocked", "{result}");
    assert_eq!(result["predicted"]["outcome"], "blocked", "{result}");
    let wire = recorded(&lab, &result).await;
    let methods: Vec<&str> = wire.iter().filter_map(|e| e["method"].as_str()).collect();
    assert_eq!(methods, ["OPTIONS"], "{wire:?}");
    browser
        .assert_logged(&result["predicted"]["console"], &result.to_string())
        .await;
    browser.quit().await;
}
