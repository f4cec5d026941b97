//! server-b's https origin in the browser: a page on plain http calls it
//! over HTTP/2 once the browser trusts the lab's CA, and the page says why
//! it cannot while the browser does not (then nothing reaches server-b).

use lab_tests::browser::{Browser, Engine};
use lab_tests::spawn_app;
use serde_json::Value;

use super::{open_page, run_lesson};

/// The steps of lesson 4 that go to the https origin.
const HTTPS_STEPS: [&str; 2] = ["https-other-scheme", "https-page-origin"];

/// The exchanges server-b recorded on one path of the run, as the recorder
/// hands them to the page.
async fn recorded_on(lab: &lab_tests::TestApp, run: &str, path: &str) -> Vec<Value> {
    let reply = lab.exchanges_of(run).await;
    reply.json["exchanges"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|exchange| exchange["path"] == path)
        .collect()
}

/// Runs lesson 4 on a lab of its own in `browser`: the lab, the run's
/// result and its run id.
async fn run_origin_port(browser: &Browser) -> (lab_tests::TestApp, Value, String) {
    let lab = spawn_app();
    open_page(browser, &lab, "").await;
    let result = run_lesson(browser, "origin-port").await;
    let run = result["nonce"].as_str().expect("a run id").to_owned();
    (lab, result, run)
}

/// Trusted (the suite's sessions accept the lab CA's certificate), the
/// https steps reach server-b over HTTP/2, from the page's http origin.
pub async fn the_https_origin_is_reached_over_http2(engine: Engine) {
    let Some(browser) = Browser::start(engine).await else {
        return;
    };
    let (lab, result, run) = run_origin_port(&browser).await;
    for step in HTTPS_STEPS {
        let path = format!("/lab/origin-port/{step}");
        let seen = recorded_on(&lab, &run, &path).await;
        assert!(!seen.is_empty(), "{step}: nothing recorded in {result}");
        for exchange in &seen {
            assert_eq!(
                exchange["request"]["version"], "HTTP/2",
                "{step}: {exchange}"
            );
            assert_eq!(exchange["request"]["origin"], lab.page.as_str(), "{step}");
        }
    }
    browser.quit().await;
}

/// Not trusted: the page skips the https steps with its reason, runs the
/// others, and server-b sees nothing on the https paths.
pub async fn an_untrusted_lab_ca_is_said_and_its_steps_skipped(engine: Engine) {
    let Some(browser) = Browser::start_untrusting(engine).await else {
        return;
    };
    let (lab, result, run) = run_origin_port(&browser).await;
    let steps = result["steps"].as_array().expect("the steps' results");
    assert_eq!(steps[0]["outcome"], "blocked", "the http step still runs");
    for step in HTTPS_STEPS {
        let outcome = steps.iter().find(|s| s["name"] == step).expect(step);
        assert_eq!(outcome["outcome"], "skipped", "{outcome}");
        let reason = outcome["reason"].as_str().unwrap_or_default();
        assert!(
            reason.contains("does not trust the lab's certificate"),
            "{reason}"
        );
        // The way to trust it, in this engine's own settings.
        let how = match engine {
            Engine::Chromium => "chrome://certificate-manager",
            Engine::Firefox => "Trust this CA to identify websites",
            Engine::Webkit => "Keychain Access",
        };
        assert!(reason.contains(how), "{reason}");
        let seen = recorded_on(&lab, &run, &format!("/lab/origin-port/{step}")).await;
        assert!(seen.is_empty(), "{step} reached server-b: {seen:?}");
    }
    browser.quit().await;
}
