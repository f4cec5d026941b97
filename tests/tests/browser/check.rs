//! "Check your API" (`#/check`) in each engine, against this test's own
//! server-b: the page's two answers are held to evidence outside the page.
//! What the browser did is read from server-b's recorder (the browser's own
//! requests carry `Sec-Fetch-Mode: cors`, server-a's probe does not) and from
//! the console the driver reads; what the model said is compared with
//! server-a's `POST /doctor` asked directly. One allowed case, filled in the
//! form and submitted as a learner does; one blocked case, through
//! `window.lab.check.run`; and a closed port, where neither can reach the API
//! and the page says a network error looks like a CORS block from
//! JavaScript. A link to a check fills the form and runs nothing. It runs
//! in-process and against `docker compose up` alike (scripts/compose-smoke.sh).

use lab_tests::browser::{fetch_rejection, Browser, Engine};
use lab_tests::lab::new_run_id;
use lab_tests::{spawn_app, TestApp};
use serde_json::{json, Value};

/// server-b's record of a run, split into the browser's requests and the probe's.
async fn wire_of(lab: &TestApp, run: &str) -> (Vec<Value>, Vec<Value>) {
    let all = lab.exchanges_of(run).await.json["exchanges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    all.into_iter()
        .partition(|e| e["request"]["sec_fetch_mode"] == "cors")
}

fn methods(exchanges: &[Value]) -> Vec<&str> {
    exchanges
        .iter()
        .filter_map(|e| e["method"].as_str())
        .collect()
}

/// What `POST /doctor` says for the same input, asked by the test itself.
async fn model_verdict(lab: &TestApp, engine: Engine, body: Value) -> Value {
    let mut body = body;
    body["engine"] = json!(engine.name());
    let url = lab.page_url("/doctor");
    let reply = lab_tests::http::send(lab.client().post(url).json(&body)).await;
    assert_eq!(reply.status, 200, "{}", reply.json);
    reply.json["results"][0].clone()
}

/// Waits for the page to show a finished check; returns the data attributes.
async fn shown(browser: &Browser) -> Value {
    browser
        .run_async(
            "const done = arguments[0];
             const poll = () => {
               const b = document.querySelector('[data-check-browser]');
               const m = document.querySelector('[data-check-model]');
               const a = document.querySelector('[data-check-agree]');
               if (b && m && a) done({browser: b.dataset.checkBrowser, model: m.dataset.checkModel,
                                      agree: a.dataset.checkAgree, sentence: a.textContent,
                                      text: b.textContent});
               else setTimeout(poll, 50);
             };
             poll();",
            vec![],
        )
        .await
}

pub async fn your_api_is_checked_by_the_browser_and_the_model(engine: Engine) {
    let Some(browser) = Browser::start(engine).await else {
        return;
    };
    // Against running servers too: under docker compose, server-a's probe
    // reaches the API's origin at server-b on the compose network, and this
    // host's other ports through host-gateway (DOCTOR_API_ADDRESS,
    // DOCTOR_LOOPBACK_HOST).
    let lab = spawn_app();
    super::open_page(&browser, &lab, "#/check").await;
    browser.console().await;

    let run = new_run_id("check-ok");
    let url = lab.api_url_in_run("/api/notes/1", &run);
    allowed(&browser, &lab, engine, &url, &run).await;
    a_link_restores_the_form(&browser, &lab, &url, &run).await;
    if let Some(https) = &lab.api_tls {
        allowed_over_https(&browser, &lab, engine, &https.origin).await;
    }
    blocked(&browser, &lab, engine).await;
    nobody_listens(&browser, engine).await;
    browser.quit().await;
}

/// Allowed: the API's policy lets the page PUT JSON with credentials.
/// Returns server-b's record of the run: the browser's requests, the probe's.
async fn allowed(
    browser: &Browser,
    lab: &TestApp,
    engine: Engine,
    url: &str,
    run: &str,
) -> (Vec<Value>, Vec<Value>) {
    browser
        .run_async(
            "const [url, done] = arguments;
             const form = document.querySelector('[data-check] form');
             form.elements.url.value = url;
             form.elements.method.value = 'PUT';
             form.elements.headers.value = 'Content-Type: application/json';
             form.elements.credentials.value = 'include';
             form.querySelector('[data-check-run]').click();
             done(true);",
            vec![json!(url)],
        )
        .await;
    let page = shown(browser).await;
    let (from_browser, from_probe) = wire_of(lab, run).await;
    assert_eq!(
        methods(&from_browser),
        ["OPTIONS", "PUT"],
        "{from_browser:?}"
    );
    assert_eq!(
        methods(&from_probe),
        ["OPTIONS", "PUT", "OPTIONS"],
        "{from_probe:?}"
    );
    let status = from_browser[1]["response"]["status"].as_u64().unwrap();
    assert_eq!(page["browser"], "allowed", "{page}");
    assert!(
        page["text"]
            .as_str()
            .unwrap()
            .contains(&format!("status {status}")),
        "{page}"
    );
    browser.assert_no_cors_error().await;
    let body = json!({"url": url, "method": "PUT",
        "headers": [["Content-Type", "application/json"]], "credentials": "include"});
    let model = model_verdict(lab, engine, body).await;
    assert_eq!(page["model"], model["verdict"], "{page} vs {model}");
    assert_eq!(page["agree"], "true", "{page}");
    browser.screenshot("check-allowed").await;
    (from_browser, from_probe)
}

/// The same check against server-b's https origin (the suite's sessions
/// trust the lab's CA; server-a's probe trusts it too): the browser speaks
/// HTTP/2 to it, the probe HTTP/1.1, and both say allowed.
async fn allowed_over_https(browser: &Browser, lab: &TestApp, engine: Engine, origin: &str) {
    let run = new_run_id("check-https");
    let url = format!("{origin}/api/notes/1?run={run}");
    let (from_browser, from_probe) = allowed(browser, lab, engine, &url, &run).await;
    let versions = |exchanges: &[Value]| -> Vec<String> {
        exchanges
            .iter()
            .map(|e| e["request"]["version"].as_str().unwrap_or("?").to_owned())
            .collect()
    };
    assert_eq!(versions(&from_browser), ["HTTP/2", "HTTP/2"]);
    assert_eq!(versions(&from_probe), ["HTTP/1.1"; 3]);
}

/// The input is in the URL: reopening it fills the form and sends nothing.
async fn a_link_restores_the_form(browser: &Browser, lab: &TestApp, url: &str, run: &str) {
    let link = browser.eval("return location.href").await;
    let input = json!({"url": url, "method": "PUT",
        "headers": {"Content-Type": "application/json"}, "credentials": "include"});
    let made = browser
        .run_async(
            "const [input, done] = arguments; done(window.lab.check.link(input));",
            vec![input],
        )
        .await;
    assert_eq!(
        made, link,
        "window.lab.check.link and the URL the page shows"
    );
    browser.client.goto("about:blank").await.unwrap();
    browser.goto(link.as_str().unwrap()).await;
    lab_tests::browser::lab_page_ready(&browser.client).await;
    let form = browser
        .eval(
            "const f = document.querySelector('[data-check] form');
             return [f.elements.url.value, f.elements.method.value,
                     f.elements.headers.value, f.elements.credentials.value];",
        )
        .await;
    assert_eq!(
        form,
        json!([url, "PUT", "Content-Type: application/json", "include"])
    );
    let (again, _) = wire_of(lab, run).await;
    assert_eq!(
        methods(&again),
        ["OPTIONS", "PUT"],
        "opening a link ran the check"
    );
}

/// Blocked: X-Token is not in the API's Access-Control-Allow-Headers.
async fn blocked(browser: &Browser, lab: &TestApp, engine: Engine) {
    let run = new_run_id("check-blocked");
    let url = lab.api_url_in_run("/api/notes/1", &run);
    let input = json!({"url": url, "method": "PUT", "credentials": "include",
        "headers": {"Content-Type": "application/json", "X-Token": "1"}});
    let result = browser
        .run_async(
            "const [input, done] = arguments;
             window.lab.check.run(input).then(done, e => done({ lab_error: String(e) }));",
            vec![input],
        )
        .await;
    let (from_browser, _) = wire_of(lab, &run).await;
    assert_eq!(methods(&from_browser), ["OPTIONS"], "{from_browser:?}");
    assert_eq!(result["browser"]["outcome"], "blocked", "{result}");
    assert_eq!(
        result["browser"]["error"],
        fetch_rejection(engine),
        "{result}"
    );
    browser
        .assert_logged(&result["model"]["console"], &result.to_string())
        .await;
    let page = shown(browser).await;
    assert_eq!(page["browser"], "blocked", "{page}");
    assert_eq!(page["model"], "blocked", "{page}");
    assert_eq!(page["agree"], "true", "{page}");
    assert!(
        page["sentence"]
            .as_str()
            .unwrap()
            .contains("network error and a CORS block"),
        "{page}"
    );
    browser.screenshot("check-blocked").await;
}

/// Nobody listens: the browser fails as it does for a CORS block, and the
/// page says server-a could not reach it either (no verdict to compare).
async fn nobody_listens(browser: &Browser, engine: Engine) {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://localhost:{}/api",
        closed.local_addr().unwrap().port()
    );
    drop(closed);
    let result = browser
        .run_async(
            "const [input, done] = arguments;
             window.lab.check.run(input).then(done, e => done({ lab_error: String(e) }));",
            vec![json!({"url": url})],
        )
        .await;
    assert_eq!(result["browser"]["outcome"], "blocked", "{result}");
    assert_eq!(
        result["browser"]["error"],
        fetch_rejection(engine),
        "{result}"
    );
    assert!(result["doctor"]["unreachable"].is_string(), "{result}");
    assert_eq!(result["model"], Value::Null, "{result}");
    let page = shown(browser).await;
    assert_eq!(
        (page["model"].as_str(), page["agree"].as_str()),
        (Some("none"), Some("null"))
    );
    let sentence = page["sentence"].as_str().unwrap();
    assert!(
        sentence.contains("server-a could not reach it either")
            && sentence.contains("network error and a CORS block"),
        "{sentence}"
    );
}
