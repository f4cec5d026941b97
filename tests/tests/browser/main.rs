//! The browser suite: every lesson of the catalogue, run through the page in
//! real browsers (Chromium and Firefox ESR headless, WebKitGTK under Xvfb),
//! checked against each browser's own evidence. Each test below runs once
//! per engine (`chromium::…`, `firefox::…`, `webkit::…`). `check.rs` holds
//! "Check your API", `har.rs` a HAR each browser wrote, judged and held to
//! what it did (Chromium and Firefox: WebKitWebDriver gives no HAR),
//! `https.rs` server-b's https origin, trusted and not. `webkit_harness.rs` holds
//! what only WebKit's harness has: the model's prediction for every step
//! from server-b's record, and the harness's own processes and trust.

mod check;
mod firefox_language;
mod har;
mod https;
mod language;
mod paste_error;
mod redirected_preflight;
mod verify;
mod webkit_harness;

use std::time::Duration;

use lab_tests::browser::{Browser, ConsoleEntry, Cookies, Engine};
use lab_tests::{spawn_app, spawn_app_with, TestApp, Tuning};
use lessons::{Api, Initiator, Outcome};
use serde_json::{json, Value};

use check::your_api_is_checked_by_the_browser_and_the_model;
use har::a_har_the_browser_wrote_agrees_with_the_browser;
use https::{
    an_untrusted_lab_ca_is_said_and_its_steps_skipped, the_https_origin_is_reached_over_http2,
};
use language::the_page_speaks_the_browsers_language;
use paste_error::a_pasted_console_line_is_read_back_and_replayed;
use redirected_preflight::a_redirected_preflight_logs_the_models_lines;

/// One `#[tokio::test]` per engine for each test function named, in modules
/// `chromium`, `firefox` and `webkit`; those after `not_in_webkit:` in the
/// first two only (each says why where it is defined).
macro_rules! in_every_engine {
    ($($test:ident),* $(,)? ; not_in_webkit: $($other:ident),* $(,)?) => {
        mod chromium {
            $(#[tokio::test]
            async fn $test() {
                super::$test(super::Engine::Chromium).await
            })*
            $(#[tokio::test]
            async fn $other() {
                super::$other(super::Engine::Chromium).await
            })*
        }
        mod firefox {
            $(#[tokio::test]
            async fn $test() {
                super::$test(super::Engine::Firefox).await
            })*
            $(#[tokio::test]
            async fn $other() {
                super::$other(super::Engine::Firefox).await
            })*
        }
        mod webkit {
            $(#[tokio::test]
            async fn $test() {
                super::$test(super::Engine::Webkit).await
            })*
        }
    };
}

in_every_engine!(
    every_lesson_tells_the_truth,
    every_lesson_tells_the_truth_with_xhr,
    the_attack_track_with_third_party_cookies_allowed,
    the_api_switch_is_followed_and_remembered,
    a_fetch_only_step_keeps_fetch_under_the_xhr_switch,
    the_run_buttons_show_what_the_browser_did,
    a_preflight_is_cached_5_seconds_without_max_age,
    the_console_reader_sees_what_the_page_does_not_catch,
    a_full_recorder_is_said_on_the_page,
    your_api_is_checked_by_the_browser_and_the_model,
    the_https_origin_is_reached_over_http2,
    an_untrusted_lab_ca_is_said_and_its_steps_skipped,
    a_redirected_preflight_logs_the_models_lines,
    a_pasted_console_line_is_read_back_and_replayed,
    the_session_cookie_is_httponly_in_the_browser,
    the_page_speaks_the_browsers_language;
    // WebKitWebDriver has no log endpoint and no BiDi (`lab_tests::webkit`):
    // no network record to build a HAR from, so the HAR test is Chromium's
    // and Firefox's.
    not_in_webkit: a_har_the_browser_wrote_agrees_with_the_browser,
);

/// Clicks the Run button of the lesson view `root` (a CSS selector), as a
/// learner does, and waits for the outcome the page then shows.
async fn click_run(browser: &Browser, root: &str) -> Value {
    browser
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
        .await
}

/// Opens the lab page and waits until it has loaded the catalogue.
async fn open_page(browser: &Browser, lab: &TestApp, fragment: &str) {
    browser.goto(&lab.page_url(&format!("/{fragment}"))).await;
    lab_tests::browser::lab_page_ready(&browser.client).await;
}

/// The engine on the lab page, or `None` when its tests are skipped.
async fn open_lab(engine: Engine) -> Option<(Browser, TestApp)> {
    let browser = Browser::start(engine).await?;
    let lab = spawn_app();
    open_page(&browser, &lab, "").await;
    Some((browser, lab))
}

async fn run_lesson(browser: &Browser, id: &str) -> Value {
    run_lesson_with(browser, id, None).await
}

/// Runs a lesson through the automation surface, with `{api}` when given.
async fn run_lesson_with(browser: &Browser, id: &str, api: Option<Api>) -> Value {
    let options = api.map_or(json!({}), |api| json!({ "api": api.id() }));
    browser
        .run_async(
            "const done = arguments[2];
             window.lab.run(arguments[0], arguments[1]).then(done, e => done({ lab_error: String(e) }));",
            vec![json!(id), options],
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

/// The origin a step's request is sent from.
fn sending_origin(lab: &TestApp, step: &lessons::Step) -> String {
    lab.origins().sender(step)
}

/// The console lines naming its URL each blocked step of the lesson should
/// log, by step number, when the run sends with `api` (a step may fix its
/// own). WebKit's reason line names no URL, and two steps may log the same.
fn expected_lines(
    (engine, api): (Engine, Api),
    lab: &TestApp,
    lesson: &lessons::Lesson,
    results: &[Value],
) -> Vec<(usize, String)> {
    let mut expected = Vec::new();
    for ((step, result), index) in lesson.steps.iter().zip(results).zip(1..) {
        let (Some(lines), Some(url)) = (&step.expect.console, result["url"].as_str()) else {
            continue;
        };
        let origin = sending_origin(lab, step);
        let api = step.fixed_api().unwrap_or(api);
        expected.extend(
            lines
                .get(engine)
                .iter()
                .map(|line| lessons::console::for_api(engine, line, api))
                .map(|line| lessons::console::fill_console(&line, url, &origin))
                .filter(|line| line.contains(url))
                .map(|line| (index, line)),
        );
    }
    expected
}

async fn every_lesson_tells_the_truth(engine: Engine) {
    every_lesson_tells_the_truth_in(engine, Api::Fetch).await
}

/// The same lessons sent with XMLHttpRequest (`window.lab.run(id, {api: "xhr"})`).
async fn every_lesson_tells_the_truth_with_xhr(engine: Engine) {
    every_lesson_tells_the_truth_in(engine, Api::Xhr).await
}

async fn every_lesson_tells_the_truth_in(engine: Engine, api: Api) {
    let Some((browser, lab)) = open_lab(engine).await else {
        return;
    };
    let catalogue = lessons::catalogue().unwrap();
    let page_ids = browser.eval("return window.lab.lessons").await;
    let ids: Vec<&str> = catalogue.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(page_ids, json!(ids), "the page lists the catalogue");
    let problems = lessons_tell_the_truth(&browser, &lab, (engine, api), catalogue).await;
    browser.quit().await;
    assert!(
        problems.is_empty(),
        "{} disagreements in {} with {}:\n{}",
        problems.len(),
        engine.label(),
        api.id(),
        problems.join("\n")
    );
}

/// The attack lessons, and every lesson a third-party cookie setting changes,
/// in a browser that allows third-party cookies (the
/// preference set explicitly), held to each step's `with_third_party_cookies`
/// expectations: where the setting decides, both settings are proven.
async fn the_attack_track_with_third_party_cookies_allowed(engine: Engine) {
    let Some(browser) = Browser::start_with(engine, Cookies::ThirdPartyAllowed).await else {
        return;
    };
    let lab = spawn_app();
    open_page(&browser, &lab, "").await;
    let attacks: Vec<lessons::Lesson> = lessons::catalogue()
        .unwrap()
        .iter()
        .filter(|l| {
            l.id.starts_with("attack-")
                || l.steps
                    .iter()
                    .any(|s| s.expect.with_third_party_cookies.is_some())
        })
        .map(with_third_party_cookies)
        .collect();
    assert!(attacks.len() >= 6, "{} attack lessons", attacks.len());
    let problems = lessons_tell_the_truth(&browser, &lab, (engine, Api::Fetch), &attacks).await;
    browser.quit().await;
    assert!(
        problems.is_empty(),
        "{} disagreements in {} with third-party cookies allowed:\n{}",
        problems.len(),
        engine.label(),
        problems.join("\n")
    );
}

/// The lesson as a browser that allows third-party cookies should run it.
/// Firefox's console line names the status, which the cookie may change.
fn with_third_party_cookies(lesson: &lessons::Lesson) -> lessons::Lesson {
    let mut lesson = lesson.clone();
    for step in &mut lesson.steps {
        let before = step.expect.status;
        step.expect = step.expect.with_third_party_cookies_allowed();
        if let (Some(before), Some(after), Some(console)) =
            (before, step.expect.status, &step.expect.console)
        {
            let line = |status: u16| format!("Status code: {status}.");
            step.expect.console = Some(console.map(|engine, lines| {
                let (from, to) = (line(before.get(engine)), line(after.get(engine)));
                lines.map(|l| l.replace(&from, &to))
            }));
        }
    }
    lesson
}

/// Runs each lesson through the page with `api` and compares every step with
/// the browser's own evidence; returns the disagreements.
async fn lessons_tell_the_truth(
    browser: &Browser,
    lab: &TestApp,
    (engine, api): (Engine, Api),
    lessons: &[lessons::Lesson],
) -> Vec<String> {
    let mut problems = Vec::new();
    for lesson in lessons {
        browser.console().await;
        let asked = (api == Api::Xhr).then_some(api);
        let result = run_lesson_with(browser, &lesson.id, asked).await;
        // Console lines can trail the promise by a moment.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let console = browser.console().await;
        let messages: Vec<String> = console.iter().map(|e| e.message.clone()).collect();
        problems.extend(
            lab_tests::console_capture::read_back(engine, &messages)
                .into_iter()
                .map(|p| format!("{}: {p}", lesson.id)),
        );
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
        let lines = expected_lines((engine, api), lab, lesson, &steps);
        for ((step, step_result), index) in lesson.steps.iter().zip(&steps).zip(1..) {
            // Every step runs here (the session trusts the lab's CA): a step
            // the page skips proves nothing, and the story's claims
            // (lessons/catalogue/story/claims.toml) stand on these steps.
            if step_result["outcome"] == "skipped" {
                problems.push(format!(
                    "{} step {index}: skipped: {}",
                    lesson.id, step_result["reason"]
                ));
                continue;
            }
            let wire = step_wire(&wire, step, &lesson.id, step_result);
            if let Err(e) = wire {
                problems.push(format!("{} step {index}: {e}", lesson.id));
                continue;
            }
            // Two steps can fetch the same URL (from two origins): a line
            // another step of the lesson is expected to log is not this one's.
            let console: Vec<_> = console
                .iter()
                .filter(|e| {
                    !lines
                        .iter()
                        .any(|(i, l)| *i != index && e.message.contains(l))
                })
                .cloned()
                .collect();
            if api == Api::Xhr && step.fixed_api() == Some(Api::Fetch) {
                // A step the file fixes to fetch (a ReadableStream body:
                // XMLHttpRequest cannot send one) runs with fetch in this
                // pass too; `verify` checks the page says it sent fetch.
                eprintln!(
                    "{}/{}: fetch-only, sent with fetch in the XMLHttpRequest run",
                    lesson.id, step.name
                );
            }
            let origin = sending_origin(lab, step);
            let evidence = (console.as_slice(), origin.as_str());
            let sent_with = (engine, step.fixed_api().unwrap_or(api));
            let found = verify::step(sent_with, step, step_result, &wire.unwrap(), evidence);
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
    problems
}

/// The lesson view lists the story's claims its steps answer, in the
/// claims file's order, and no other.
async fn page_shows_the_claims_it_answers(browser: &Browser, lesson: &lessons::Lesson, root: &str) {
    let expected: Vec<&str> = lessons::claims::claims()
        .unwrap()
        .iter()
        .filter(|claim| !claim.steps_in(&lesson.id).is_empty())
        .map(|claim| claim.id.as_str())
        .collect();
    let shown = browser
        .run_async(
            "arguments[1](Array.from(document.querySelectorAll(arguments[0] + ' [data-claim]'), \
             (li) => li.dataset.claim))",
            vec![json!(root)],
        )
        .await;
    assert_eq!(shown, json!(expected), "{}: the story's claims", lesson.id);
}

async fn the_run_buttons_show_what_the_browser_did(engine: Engine) {
    let Some(browser) = Browser::start(engine).await else {
        return;
    };
    let lab = spawn_app();
    for lesson in lessons::catalogue().unwrap() {
        open_page(&browser, &lab, &format!("#/{}", lesson.id)).await;
        let root = format!("[data-lesson=\"{}\"]", lesson.id);
        let outcome = click_run(&browser, &root).await;
        let last = lesson.steps.last().unwrap().expect.outcome.get(engine);
        let expected = serde_json::to_value(last).unwrap();
        assert_eq!(outcome, expected, "{}", lesson.id);
        let console = browser.console().await;
        let uncaught: Vec<_> = console
            .iter()
            .filter(|e| e.is_uncaught(engine))
            .map(|e| &e.message)
            .collect();
        assert!(
            uncaught.is_empty(),
            "{}: the page threw: {uncaught:?}",
            lesson.id
        );
        page_shows_the_engines_console_lines(&browser, lesson, &root, &console).await;
        page_shows_the_claims_it_answers(&browser, lesson, &root).await;
        let has_own_notes = lesson
            .browsers
            .as_ref()
            .is_some_and(|notes| engine != Engine::Webkit || notes.webkit.is_some());
        if has_own_notes {
            let first = browser
                .run_async(
                    "arguments[1](document.querySelector(arguments[0] + ' aside.browsers h4').textContent)",
                    vec![json!(root)],
                )
                .await;
            let own = format!("In {}", engine.label());
            assert_eq!(
                first,
                json!(own),
                "{}: this engine's notes first",
                lesson.id
            );
        }
        if lesson.id == "attack-reflect-origin" {
            // The attacker's page, framed below the lessons, with what it read.
            browser
                .eval("document.querySelector('[data-attacker-frames]').scrollIntoView()")
                .await;
            let shot = browser.screenshot("attack-reflect-origin-attacker").await;
            eprintln!("screenshot: {}", shot.display());
        }
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

/// The switch: picking XMLHttpRequest for a lesson changes the code shown, the
/// run (Chromium's console line names the API) and the console line the page
/// shows, and survives a reload; other lessons keep fetch.
async fn the_api_switch_is_followed_and_remembered(engine: Engine) {
    let Some(browser) = Browser::start(engine).await else {
        return;
    };
    let lab = spawn_app();
    let id = "preflight-headers";
    let root = format!("[data-lesson=\"{id}\"]");
    open_page(&browser, &lab, &format!("#/{id}")).await;
    let code = |root: String| {
        let browser = &browser;
        async move {
            browser
                .run_async(
                    "arguments[1](document.querySelector(arguments[0] + ' [data-fetch-code]').textContent)",
                    vec![json!(root)],
                )
                .await
        }
    };
    assert!(code(root.clone())
        .await
        .as_str()
        .unwrap()
        .contains("await fetch(url"));
    browser
        .run_async(
            "document.querySelector(arguments[0] + ' [data-api-switch] input[value=xhr]').click();
             arguments[1]();",
            vec![json!(root)],
        )
        .await;
    let shown = code(root.clone()).await;
    assert!(
        shown.as_str().unwrap().contains("new XMLHttpRequest()"),
        "{shown}"
    );
    browser.refresh().await;
    lab_tests::browser::lab_page_ready(&browser.client).await;
    let checked = browser
        .run_async(
            "arguments[1](document.querySelector(arguments[0] + ' [data-api-switch] input:checked').value)",
            vec![json!(root)],
        )
        .await;
    assert_eq!(checked, json!("xhr"), "the choice survives a reload");
    browser.console().await;
    let outcome = click_run(&browser, &root).await;
    let lesson = lessons::find(id).unwrap();
    let last = lesson.steps.last().unwrap().expect.outcome.get(engine);
    assert_eq!(outcome, serde_json::to_value(last).unwrap());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let console = browser.console().await;
    let shown = browser
        .run_async(
            "arguments[1](document.querySelector(arguments[0] + ' [data-console-line] code').textContent)",
            vec![json!(root)],
        )
        .await;
    let shown = shown
        .as_str()
        .unwrap_or_default()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        console.iter().any(|e| e.message.contains(&shown)),
        "the page shows {shown:?}, the browser logged {console:#?}"
    );
    if engine == Engine::Chromium {
        assert!(shown.starts_with("Access to XMLHttpRequest at "), "{shown}");
    }
    open_page(&browser, &lab, "#/same-origin").await;
    let other = code("[data-lesson=\"same-origin\"]".into()).await;
    assert!(
        other.as_str().unwrap().contains("await fetch(url"),
        "{other}"
    );
    browser.quit().await;
}

/// The stream step cannot be sent with XMLHttpRequest: with the switch on
/// XMLHttpRequest its code stays fetch's and says why, the other step's
/// code follows the switch, and a run reports the step as sent with fetch.
async fn a_fetch_only_step_keeps_fetch_under_the_xhr_switch(engine: Engine) {
    let Some(browser) = Browser::start(engine).await else {
        return;
    };
    let lab = spawn_app();
    let id = "stream-body";
    let root = format!("[data-lesson=\"{id}\"]");
    open_page(&browser, &lab, &format!("#/{id}")).await;
    let codes = browser
        .run_async(
            "const root = document.querySelector(arguments[0]);
             root.querySelector('[data-api-switch] input[value=xhr]').click();
             arguments[1]([...document.querySelectorAll(arguments[0] + ' [data-fetch-code]')]
               .map(code => code.textContent));",
            vec![json!(root)],
        )
        .await;
    let codes: Vec<&str> = codes
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // The two stream steps (over http, over https), then the text step.
    assert_eq!(codes.len(), 3, "{codes:?}");
    for code in &codes[..2] {
        for needle in [
            "fetch only",
            "new ReadableStream",
            "duplex: \"half\"",
            "await fetch(url",
        ] {
            assert!(code.contains(needle), "{needle:?} not in {code}");
        }
    }
    assert!(codes[2].contains("new XMLHttpRequest()"), "{}", codes[2]);
    let result = run_lesson_with(&browser, id, Some(Api::Xhr)).await;
    browser.quit().await;
    let apis: Vec<&Value> = (0..3).map(|i| &result["steps"][i]["api"]).collect();
    assert_eq!(
        apis,
        [&json!("fetch"), &json!("fetch"), &json!("xhr")],
        "{result}"
    );
}

/// Under each blocked step the page shows this engine's console line first,
/// then the other engine's; the first is the very line this browser logged
/// (where the browser's console holds it: Chromium's log lacks the other
/// origin's frame).
async fn page_shows_the_engines_console_lines(
    browser: &Browser,
    lesson: &lessons::Lesson,
    root: &str,
    console: &[ConsoleEntry],
) {
    let shown = browser
        .run_async(
            "const root = document.querySelector(arguments[0]);
             arguments[1]([...root.querySelectorAll('.step')].map(step =>
               [...step.querySelectorAll('[data-console-line]')].map(line =>
                 [line.getAttribute('data-console-line'), line.querySelector('code').textContent])));",
            vec![json!(root)],
        )
        .await;
    let engine = browser.engine;
    let own = serde_json::to_value(engine).unwrap();
    for (step, lines) in lesson.steps.iter().zip(shown.as_array().unwrap()) {
        let lines = lines.as_array().unwrap();
        if step.expect.outcome.get(engine) != Outcome::Blocked {
            assert!(lines.is_empty(), "{}: {lines:?}", step.name);
            continue;
        }
        assert_eq!(lines.len(), Engine::ALL.len(), "{}: {lines:?}", step.name);
        assert_eq!(lines[0][0], own, "{}: {lines:?}", step.name);
        let text = lines[0][1].as_str().unwrap();
        if step.from == Initiator::Page || engine != Engine::Chromium {
            assert!(
                text.lines()
                    .all(|line| console.iter().any(|e| e.message.contains(line))),
                "{} {}: the page shows\n  {text}\nbut {} logged {:#?}",
                lesson.id,
                step.name,
                engine.label(),
                console.iter().map(|e| &e.message).collect::<Vec<_>>()
            );
        }
    }
}

async fn the_session_cookie_is_httponly_in_the_browser(engine: Engine) {
    let Some((browser, lab)) = open_lab(engine).await else {
        return;
    };
    let result = run_lesson(&browser, "httponly").await;
    assert_eq!(result["outcome"], "allowed", "{result}");
    // The lesson ends by logging out (over https); log in again over http,
    // as its first step did.
    let status = browser
        .run_async(
            "const done = arguments[1];
             fetch(arguments[0] + '/api/login', { method: 'POST', credentials: 'include',
               headers: { 'Content-Type': 'application/json' },
               body: JSON.stringify({ email: 'user@example.com', password: 'p@ssword' }) })
               .then(r => done(r.status), e => done(String(e)));",
            vec![json!(lab.api)],
        )
        .await;
    assert_eq!(status, 200, "the login");
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

/// The preflight-cache lesson's claim for an answer without
/// `Access-Control-Max-Age`: both engines cache it for 5 seconds (still
/// cached after 3 s, gone after 5.5 s).
async fn a_preflight_is_cached_5_seconds_without_max_age(engine: Engine) {
    let Some((browser, lab)) = open_lab(engine).await else {
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
    let once = format!("{put}.then(() => arguments[0](true), e => arguments[0](String(e)))");
    tokio::time::sleep(Duration::from_millis(3_000)).await;
    assert_eq!(browser.run_async(&once, vec![]).await, json!(true));
    assert_eq!(
        preflights().await,
        1,
        "3 s later the preflight is still cached"
    );
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert_eq!(browser.run_async(&once, vec![]).await, json!(true));
    assert_eq!(
        preflights().await,
        2,
        "after 5 s the preflight is sent again"
    );
    browser.quit().await;
}

/// The console reader itself: an exception the page throws and does not
/// catch is reported as uncaught (what the run-button test relies on), and a
/// read empties the console.
async fn the_console_reader_sees_what_the_page_does_not_catch(engine: Engine) {
    let Some((browser, _lab)) = open_lab(engine).await else {
        return;
    };
    browser.console().await;
    browser
        .run_async(
            "setTimeout(() => { throw new Error('lab-probe'); });
             setTimeout(() => arguments[0](true), 200);",
            vec![],
        )
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let console = browser.console().await;
    assert!(
        console
            .iter()
            .any(|e| e.is_uncaught(engine) && e.message.contains("lab-probe")),
        "{console:#?}"
    );
    let again = browser.console().await;
    assert!(
        again.iter().all(|e| !e.message.contains("lab-probe")),
        "{again:#?}"
    );
    browser.quit().await;
}

/// The console lines of steps sent from a frame (the other loopback origin,
/// the attacker's page, a sandboxed frame), replayed from a top-level page
/// loading that frame's URL (chromedriver does not collect the console of a
/// child frame of another site). Same origin, same site, same request; the
/// attacker's `?sandboxed` page is sandboxed by its own CSP header, so it is
/// an opaque origin at the top too. (Firefox's console holds the frames'
/// lines: `every_lesson_tells_the_truth` checks them in place there.)
#[tokio::test]
async fn framed_steps_console_lines_in_chromium() {
    let engine = Engine::Chromium;
    let Some(browser) = Browser::start(engine).await else {
        return;
    };
    let lab = spawn_app();
    let origins = lab.origins();
    let catalogue = lessons::catalogue().unwrap();
    let mut replayed = 0;
    for (lesson, api) in catalogue.iter().flat_map(|l| Api::ALL.map(|api| (l, api))) {
        for step in lesson.steps.iter().filter(|s| s.from != Initiator::Page) {
            let frame = origins.frame(step).unwrap();
            browser.client.goto(&frame.url).await.unwrap();
            browser.console().await;
            let run = format!("{}-{}-{}", lab.run, step.name, api.id());
            let url = lab.api_url_in_run(&step.url_path(&lesson.id), &run);
            let init = json!({
                "method": step.method,
                "credentials": step.credentials,
                "headers": step.headers,
                "mode": step.mode,
            });
            let api = step.fixed_api().unwrap_or(api);
            let outcome = browser
                .run_async(SEND_ONE, vec![json!(api.id()), json!(url), init])
                .await;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let console = browser.console().await;
            assert_eq!(
                outcome,
                serde_json::to_value(step.expect.outcome.get(engine)).unwrap(),
                "{} {} with {}",
                lesson.id,
                step.name,
                api.id()
            );
            let sent = (url.as_str(), frame.origin.as_str());
            let problems = verify::console_problems((engine, api), step, sent, &console);
            assert!(
                problems.is_empty(),
                "{} with {}: {}",
                lesson.id,
                api.id(),
                problems.join("\n")
            );
            replayed += 1;
        }
    }
    eprintln!("replayed {replayed} framed steps top-level");
    browser.quit().await;
}

/// Sends one request with fetch or XMLHttpRequest (arguments: api, url,
/// init) and answers "allowed" or "blocked", written here and not taken from
/// the page, so that the replay does not depend on the page's code.
const SEND_ONE: &str = "const [api, url, init, done] = arguments;
    if (api === 'fetch') {
      fetch(url, init).then((r) => done(r.type === 'opaque' ? 'opaque' : 'allowed'), () => done('blocked'));
    } else {
      const xhr = new XMLHttpRequest();
      xhr.open(init.method, url);
      xhr.withCredentials = init.credentials === 'include';
      for (const [name, value] of Object.entries(init.headers || {})) xhr.setRequestHeader(name, value);
      xhr.onload = () => done('allowed');
      xhr.onerror = () => done('blocked');
      xhr.send();
    }";

/// When server-b's recorder is full of young runs, a new run is answered but
/// not recorded: the lesson still runs, and its wire view says why it is empty.
async fn a_full_recorder_is_said_on_the_page(engine: Engine) {
    let Some(browser) = Browser::start(engine).await else {
        return;
    };
    let limits = server_b::recorder::RunLimits {
        max_runs: 2,
        ..Default::default()
    };
    let lab = spawn_app_with(Tuning {
        run_limits: Some(limits),
        ..Tuning::default()
    });
    if !lab.is_in_process() {
        eprintln!("skipped against running servers: this test needs a tuned server-b");
        browser.quit().await;
        return;
    }
    for n in 0..2 {
        let url = lab.api_url_in_run("/healthz", &format!("{}-fill-{n}", lab.run));
        assert_eq!(lab.client().get(url).send().await.unwrap().status(), 200);
    }
    open_page(&browser, &lab, "#/wildcard").await;
    let root = "[data-lesson=\"wildcard\"]";
    let outcome = click_run(&browser, root).await;
    let shown = browser
        .run_async(
            "arguments[1](document.querySelector(arguments[0]).textContent)",
            vec![json!(root)],
        )
        .await;
    browser.quit().await;
    assert_eq!(outcome, "allowed", "the request itself was answered");
    let shown = shown.as_str().unwrap_or_default();
    assert!(
        shown.contains("answered this run but did not record it"),
        "the page does not say the run went unrecorded: {shown}"
    );
}
