//! The browser suite: every lesson of the catalogue, run through the page in a
//! real headless Chromium, checked against the browser's own evidence.

mod verify;

use std::time::Duration;

use lab_tests::browser::Browser;
use lab_tests::{spawn_app, TestApp};
use lessons::Initiator;
use serde_json::{json, Value};

/// Opens the lab page and waits until it has loaded the catalogue.
async fn open_page(browser: &Browser, lab: &TestApp, fragment: &str) {
    browser
        .client
        .goto(&lab.page_url(&format!("/{fragment}")))
        .await
        .unwrap();
    let ready = browser
        .run_async(
            "window.lab.ready.then(() => arguments[0](window.lab.lessons))",
            vec![],
        )
        .await;
    assert!(
        ready.as_array().is_some_and(|ids| !ids.is_empty()),
        "the page did not load: {ready}"
    );
}

/// Chromium on the lab page, or `None` when the suite is skipped.
async fn open_lab() -> Option<(Browser, TestApp)> {
    let browser = Browser::start().await?;
    let lab = spawn_app();
    open_page(&browser, &lab, "").await;
    Some((browser, lab))
}

async fn run_lesson(browser: &Browser, id: &str) -> Value {
    browser
        .run_async(
            "const done = arguments[1];
             window.lab.run(arguments[0]).then(done, e => done({ lab_error: String(e) }));",
            vec![json!(id)],
        )
        .await
}

/// The exchanges of one step, from server-b's record of the whole run: those
/// on the step's path numbered after the previous step's last one.
fn step_wire(
    wire: &[Value],
    step: &lessons::Step,
    lesson: &str,
    result: &Value,
) -> Result<Vec<Value>, String> {
    let (Some(after), Some(last)) = (result["after_seq"].as_u64(), result["last_seq"].as_u64())
    else {
        return Err(format!("no sequence bounds in {result}"));
    };
    let path = step.url_path(lesson);
    Ok(wire
        .iter()
        .filter(|e| e["path"] == path.as_str())
        .filter(|e| {
            e["seq"]
                .as_u64()
                .is_some_and(|seq| seq > after && seq <= last)
        })
        .cloned()
        .collect())
}

#[tokio::test]
async fn every_lesson_tells_the_truth_in_chromium() {
    let Some((browser, lab)) = open_lab().await else {
        return;
    };
    let catalogue = lessons::catalogue().unwrap();
    let page_ids = browser.eval("return window.lab.lessons").await;
    let ids: Vec<&str> = catalogue.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(page_ids, json!(ids), "the page lists the catalogue");

    let mut problems = Vec::new();
    for lesson in catalogue {
        browser.console().await;
        let result = run_lesson(&browser, &lesson.id).await;
        // Console lines can trail the promise by a moment.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let console = browser.console().await;
        let steps = result["steps"].as_array().cloned().unwrap_or_default();
        if steps.len() != lesson.steps.len() {
            problems.push(format!(
                "{}: the page ran {} steps: {result}",
                lesson.id,
                steps.len()
            ));
            continue;
        }
        let run = result["nonce"].as_str().unwrap_or_default();
        let recorded = lab.exchanges_of(run).await.json;
        let wire = recorded["exchanges"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for ((step, step_result), index) in lesson.steps.iter().zip(&steps).zip(1..) {
            let wire = step_wire(&wire, step, &lesson.id, step_result);
            if let Err(e) = wire {
                problems.push(format!("{} step {index}: {e}", lesson.id));
                continue;
            }
            let found = verify::step(step, step_result, &wire.unwrap(), &console);
            problems.extend(found.into_iter().map(|p| format!("{}: {p}", lesson.id)));
        }
        let last = steps.last().unwrap();
        if result["outcome"] != last["outcome"] {
            problems.push(format!(
                "{}: top-level outcome is not the last step's",
                lesson.id
            ));
        }
    }
    browser.quit().await;
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[tokio::test]
async fn the_run_buttons_show_what_the_browser_did() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let lab = spawn_app();
    for lesson in lessons::catalogue().unwrap() {
        open_page(&browser, &lab, &format!("#/{}", lesson.id)).await;
        let root = format!("[data-lesson=\"{}\"]", lesson.id);
        let outcome = browser
            .run_async(
                "const root = document.querySelector(arguments[0]);
                 const done = arguments[1];
                 const out = root.querySelector('[data-outcome]');
                 root.querySelector('[data-run]').click();
                 const poll = () => out.getAttribute('data-outcome')
                   ? done(out.getAttribute('data-outcome')) : setTimeout(poll, 50);
                 poll();",
                vec![json!(root)],
            )
            .await;
        let expected = serde_json::to_value(lesson.steps.last().unwrap().expect.outcome).unwrap();
        assert_eq!(outcome, expected, "{}", lesson.id);
        let uncaught: Vec<_> = browser
            .console()
            .await
            .into_iter()
            .filter(|e| e.message.contains("Uncaught"))
            .map(|e| e.message)
            .collect();
        assert!(
            uncaught.is_empty(),
            "{}: the page threw: {uncaught:?}",
            lesson.id
        );
        if ["login", "preflight-methods"].contains(&lesson.id.as_str()) {
            // The top of the lesson, and its first wire view.
            let top = browser.screenshot(&format!("{}-top", lesson.id)).await;
            browser
                .eval("document.querySelector('.wire').scrollIntoView({block: 'center'})")
                .await;
            let wire = browser.screenshot(&format!("{}-wire", lesson.id)).await;
            eprintln!("screenshots: {} {}", top.display(), wire.display());
        }
    }
    browser.quit().await;
}

#[tokio::test]
async fn the_session_cookie_is_httponly_in_the_browser() {
    let Some((browser, _lab)) = open_lab().await else {
        return;
    };
    let result = run_lesson(&browser, "httponly").await;
    assert_eq!(result["outcome"], "allowed", "{result}");
    let visible = browser.eval("return document.cookie").await;
    let visible = visible.as_str().unwrap();
    assert!(visible.contains("lab_visible="), "{visible}");
    assert!(!visible.contains("lab_session"), "{visible}");
    // The browser's own cookie jar, as WebDriver reports it for this host.
    let cookies = browser.client.get_all_cookies().await.unwrap();
    let session = cookies
        .iter()
        .find(|c| c.name() == "lab_session")
        .expect("the session cookie is stored");
    assert_eq!(session.http_only(), Some(true));
    assert_eq!(format!("{:?}", session.same_site()), "Some(Lax)");
    browser.quit().await;
}

#[tokio::test]
async fn chromium_caches_a_preflight_5_seconds_without_max_age() {
    let Some((browser, lab)) = open_lab().await else {
        return;
    };
    let url = lab.api_url("/lab/preflight-cache/no-max-age");
    let put = format!(
        "fetch('{url}', {{ method: 'PUT', headers: {{ 'Content-Type': 'application/json' }}, body: '{{}}' }})"
    );
    let preflights = || async {
        let wire = lab.exchanges().await;
        wire.iter().filter(|e| e["method"] == "OPTIONS").count()
    };
    let twice = format!(
        "{put}.then(() => {put}).then(() => arguments[0](true), e => arguments[0](String(e)))"
    );
    assert_eq!(browser.run_async(&twice, vec![]).await, json!(true));
    assert_eq!(
        preflights().await,
        1,
        "two PUTs in quick succession share a preflight"
    );
    tokio::time::sleep(Duration::from_millis(5_500)).await;
    let once = format!("{put}.then(() => arguments[0](true), e => arguments[0](String(e)))");
    assert_eq!(browser.run_async(&once, vec![]).await, json!(true));
    assert_eq!(
        preflights().await,
        2,
        "after 5 s the preflight is sent again"
    );
    browser.quit().await;
}

/// The console lines of steps sent from the other loopback origin, replayed
/// from a top-level page on that origin (chromedriver does not collect the
/// console of the lesson's child frame). Same origin, same site, same request.
#[tokio::test]
async fn other_origin_console_lines() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let lab = spawn_app();
    let other_page = lab.page.replace("://localhost", "://127.0.0.1");
    for lesson in lessons::catalogue().unwrap() {
        for step in lesson
            .steps
            .iter()
            .filter(|s| s.from == Initiator::OtherOrigin)
        {
            browser
                .client
                .goto(&format!("{other_page}/runner.html"))
                .await
                .unwrap();
            browser.console().await;
            let url = lab.api_url_in_run(
                &step.url_path(&lesson.id),
                &format!("{}-{}", lab.run, step.name),
            );
            let init = json!({
                "method": step.method,
                "credentials": step.credentials,
                "headers": step.headers,
            });
            let outcome = browser
                .run_async(
                    "fetch(arguments[0], arguments[1]).then(() => arguments[2]('allowed'), () => arguments[2]('blocked'))",
                    vec![json!(url), init],
                )
                .await;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let console = browser.console().await;
            assert_eq!(
                outcome,
                serde_json::to_value(step.expect.outcome).unwrap(),
                "{}",
                step.name
            );
            let result = json!({ "url": url });
            let problems = verify::console_problems(step, &result, &console);
            assert!(
                problems.is_empty(),
                "{}: {}",
                lesson.id,
                problems.join("\n")
            );
        }
    }
    browser.quit().await;
}
