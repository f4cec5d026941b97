//! "Paste an error" (`#/error`, `window.lab.explainError`) in each engine,
//! fed the lines that engine itself logged: lessons run in the browser, the
//! console lines the driver reads are pasted as a learner pastes them, and
//! each report must name the check the lesson's step failed. Then each
//! report's playground link is opened and run in the same browser, and the
//! line the engine logs for that run must read back to the same check: the
//! link reproduces the failure in the real engine, not in the page's words.

use lab_tests::browser::{cors_error_marker, Browser, Engine};
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

/// The engine's CORS lines logged since the last read.
async fn cors_lines(browser: &Browser, engine: Engine) -> Vec<String> {
    // Lines can trail the promise by a moment.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    browser
        .console()
        .await
        .into_iter()
        .map(|e| e.message)
        .filter(|m| m.contains(cors_error_marker(engine)))
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
    for id in LESSONS {
        browser.console().await;
        let result = run_lesson(&browser, id).await;
        assert!(result["steps"].is_array(), "{id}: {result}");
        let lines = cors_lines(&browser, engine).await;
        assert!(!lines.is_empty(), "{id}: the engine logged no CORS line");
        // As pasted: the whole block at once.
        let reports = explain(&browser, &lines.join("\n")).await;
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

/// Opens a playground link, runs it, and reads the check back from the
/// line the engine logged.
async fn replay(browser: &Browser, engine: Engine, link: &str) -> Value {
    browser.client.goto(link).await.unwrap();
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
