//! "Paste an error" (`#/error`, `window.lab.explainError`) in each engine,
//! fed the lines that engine itself logged: lessons run in the browser, the
//! console lines the driver reads are pasted as a learner pastes them, and
//! each report must name the check the lesson's step failed. Then each
//! report's playground link is opened and run in the same browser, and the
//! line the engine logs for that run must read back to the same check: the
//! link reproduces the failure in the real engine, not in the page's words.

use lab_tests::browser::{cors_error_marker, Browser, Engine};
use lab_tests::webkit_lines::with_reasons;
use serde_json::{json, Value};

use super::{open_lab, open_page, run_lesson};

/// Lessons whose blocked steps cover the checks the playground can answer
/// with: header and method lists, a missing header, the wildcard and the
/// credentials flag.
const LESSONS: [&str; 5] = [
    "no-cors-headers",
    "preflight-headers",
    "preflight-methods",
    "credentials-wildcard",
    "credentials-missing-allow",
];

/// The engine's CORS lines logged since the last read: in WebKit each
/// line naming the URL with its reason, the line before it.
async fn cors_lines(browser: &Browser, engine: Engine) -> Vec<String> {
    // Lines can trail the promise by a moment.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let messages: Vec<String> = browser
        .console()
        .await
        .into_iter()
        .map(|e| e.message)
        .collect();
    let marker = cors_error_marker(engine);
    with_reasons(engine, &messages, |m| m.contains(marker))
        .into_iter()
        .cloned()
        .collect()
}

async fn explain(browser: &Browser, text: &str) -> Vec<Value> {
    let reports = browser
        .run_async(
            "const done = arguments[1];
             window.lab.explainError(arguments[0]).then(done, e => done({ lab_error: String(e) }));",
            vec![json!(text)],
        )
        .await;
    reports
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{reports}"))
}

pub async fn a_pasted_console_line_is_read_back_and_replayed(engine: Engine) {
    let Some((browser, lab)) = open_lab(engine).await else {
        return;
    };
    let mut links = Vec::new();
    let mut pasted = (String::new(), Vec::new());
    for id in LESSONS {
        browser.console().await;
        let result = run_lesson(&browser, id).await;
        assert!(result["steps"].is_array(), "{id}: {result}");
        let lines = cors_lines(&browser, engine).await;
        assert!(!lines.is_empty(), "{id}: the engine logged no CORS line");
        // As pasted: the whole block at once.
        let reports = explain(&browser, &lines.join("\n")).await;
        if id == "preflight-methods" {
            pasted = (
                lines.join("\n"),
                reports
                    .iter()
                    .map(|r| r["failure"]["kind"].clone())
                    .collect(),
            );
        }
        assert_eq!(reports.len(), lines.len(), "{id}: {lines:#?}\n{reports:#?}");
        for (line, report) in lines.iter().zip(&reports) {
            assert_eq!(report["engine"], engine.name(), "{id}: {line}");
            let predicted = cors_model::console::read(line);
            let kind = &report["failure"]["kind"];
            assert_eq!(
                kind.as_str(),
                predicted[0].failure.as_ref().map(|f| f.kind()),
                "{id}: {line}"
            );
            if let Some(link) = report["link"].as_str() {
                links.push((id, kind.clone(), link.to_owned()));
            }
        }
    }
    assert!(links.len() >= LESSONS.len(), "{links:#?}");
    the_view_shows_the_reports(&browser, &lab, engine, &pasted).await;
    for (id, kind, link) in links {
        let reproduced = replay(&browser, engine, &link).await;
        assert_eq!(
            reproduced,
            kind,
            "{id}: the link {link} reproduced {reproduced} in {}",
            engine.label()
        );
    }
    open_page(&browser, &lab, "").await;
    browser.quit().await;
}

/// `#/error?text=…` shows one report per line, each marked with the
/// failure the API named.
async fn the_view_shows_the_reports(
    browser: &Browser,
    lab: &lab_tests::TestApp,
    engine: Engine,
    (text, kinds): &(String, Vec<Value>),
) {
    assert!(!kinds.is_empty(), "no lines were pasted");
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("text", text)
        .finish();
    open_page(browser, lab, &format!("#/error?{query}")).await;
    let shown = browser
        .run_async(
            "const [count, done] = arguments;
             const poll = () => {
               const reports = [...document.querySelectorAll('[data-error-report]')];
               if (reports.length >= count) done(reports.map(r => r.dataset.errorReport));
               else setTimeout(poll, 50);
             };
             poll();",
            vec![json!(kinds.len())],
        )
        .await;
    let expected: Vec<Value> = kinds
        .iter()
        .map(|k| json!(k.as_str().unwrap_or("none")))
        .collect();
    assert_eq!(shown, json!(expected), "{}", engine.label());
    browser.screenshot("paste-an-error").await;
}

/// Opens a playground link, runs it, and reads the check back from the
/// line the engine logged.
async fn replay(browser: &Browser, engine: Engine, link: &str) -> Value {
    browser.goto(link).await;
    lab_tests::browser::lab_page_ready(&browser.client).await;
    browser.console().await;
    let run = browser
        .run_async(
            "const done = arguments[0];
             window.lab.ready
               .then(() => window.lab.playground.run(window.lab.playground.state()))
               .then(done, e => done({ lab_error: String(e) }));",
            vec![],
        )
        .await;
    assert_eq!(run["outcome"], "blocked", "{link}: {run}");
    let lines = cors_lines(browser, engine).await;
    let first = lines
        .first()
        .unwrap_or_else(|| panic!("{link}: no line logged"));
    let read = cors_model::console::read(first);
    json!(read[0].failure.as_ref().map(|f| f.kind()))
}
