//! A HAR the browser itself wrote, judged by `doctor::har` and held to what
//! that browser did: lesson-like exchanges (a preflight actix-cors refuses,
//! a preflight that omits the method, a response without CORS headers, the
//! credentialed login and the request after it) run from the lab page; the
//! browser's network log is saved as a HAR (under `target/lab-har/` for
//! inspection); each verdict is compared with what JavaScript got, with
//! the console lines the engine logged, and with what server-b's recorder
//! saw arrive. Never with what the page claims. The page's `#/har` is then
//! given the same HAR, through `window.lab.explainHar` and through its file
//! input: it strips the secrets and shows the same verdicts.
//!
//! Chromium: the HAR is built from its DevTools protocol events
//! (`lab_tests::har_capture`), as DevTools builds its export.
//! Firefox: its own DevTools writes it. A toolbox opened headless from the
//! chrome context (geckodriver's `--allow-system-access`), on the page's tab
//! with the network monitor selected, records the exchanges, and
//! `toolbox.getHARFromNetMonitor()` returns the HAR's `log` as "Save All As
//! HAR" writes it (the same exporter). Measured in Firefox ESR 153: it
//! records preflights (after their request, as Chromium lists them), and a
//! request it never sent with its Origin, status 0, no response header and
//! no `_error`. (The `devtools.netmonitor.har.enableAutoExportToFile` route
//! was not needed.)

use std::path::PathBuf;
use std::time::Duration;

use doctor::har::Judged;
use lab_tests::browser::{Browser, Engine};
use lab_tests::http::USER;
use lab_tests::{spawn_app, TestApp};
use serde_json::{json, Value};

/// The exchanges, by name: the path, and the fetch options.
fn exchanges() -> [(&'static str, &'static str, Value); 5] {
    let login = json!({"email": USER.0, "password": USER.1}).to_string();
    [
        (
            "refused",
            "/lab/preflight-methods/refused",
            json!({"method": "DELETE"}),
        ),
        (
            "omitted",
            "/lab/preflight-methods/omitted",
            json!({"method": "DELETE"}),
        ),
        ("no-cors", "/lab/no-cors-headers/data", json!({})),
        (
            "login",
            "/api/login",
            json!({"method": "POST", "credentials": "include",
                   "headers": {"Content-Type": "application/json"}, "body": login}),
        ),
        ("me", "/api/me", json!({"credentials": "include"})),
    ]
}

/// Runs each exchange from the page, in order; what JavaScript got of each.
async fn run_all(browser: &Browser, lab: &TestApp) -> Value {
    let list: Vec<Value> = exchanges()
        .iter()
        .map(|(name, path, init)| json!([name, lab.api_url(path), init]))
        .collect();
    browser
        .run_async(
            "const [list, done] = arguments;
             const out = {};
             (async () => {
               for (const [name, url, init] of list) {
                 try {
                   const response = await fetch(url, init);
                   await response.text();
                   out[name] = {outcome: 'allowed', status: response.status};
                 } catch (error) {
                   out[name] = {outcome: 'blocked', error: String(error)};
                 }
               }
               done(out);
             })();",
            vec![json!(list)],
        )
        .await
}

/// Firefox's toolbox: opened on the page's tab with the network monitor
/// selected (`open`), so that it records the exchanges that follow; or asked
/// for what its network monitor holds, as a HAR's `log`. `Err` says why not.
async fn firefox_toolbox(browser: &Browser, open: bool) -> Result<Value, String> {
    let script = if open {
        "const done = arguments[0];
         (async () => {
           const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
           const { gDevTools } = require('devtools/client/framework/devtools');
           const win = Services.wm.getMostRecentWindow('navigator:browser');
           const toolbox = await gDevTools.showToolboxForTab(win.gBrowser.selectedTab, { toolId: 'netmonitor' });
           await toolbox.getPanelWhenReady('netmonitor');
           return { opened: true };
         })().then(done, e => done({ error: String(e) }));"
    } else {
        "const done = arguments[0];
         (async () => {
           const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
           const { gDevTools } = require('devtools/client/framework/devtools');
           const win = Services.wm.getMostRecentWindow('navigator:browser');
           const toolbox = gDevTools.getToolboxForTab(win.gBrowser.selectedTab);
           if (!toolbox) return { error: 'no toolbox' };
           return await toolbox.getHARFromNetMonitor();
         })().then(done, e => done({ error: String(e) }));"
    };
    let value = browser.in_chrome_context(script).await?;
    match value["error"].as_str() {
        Some(error) => Err(error.to_owned()),
        None => Ok(value),
    }
}

fn save(engine: Engine, har: &Value) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/lab-har");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{}.har", engine.name()));
    std::fs::write(&path, serde_json::to_string_pretty(har).unwrap()).unwrap();
    path
}

pub async fn a_har_the_browser_wrote_agrees_with_the_browser(engine: Engine) {
    let Some(browser) = Browser::start_recording_network(engine).await else {
        return;
    };
    let lab = spawn_app();
    super::open_page(&browser, &lab, "#/har").await;
    if engine == Engine::Firefox {
        if let Err(why) = firefox_toolbox(&browser, true).await {
            browser.quit().await;
            panic!("Firefox's network monitor could not be opened headless: {why}");
        }
    }
    browser.console().await;
    let got = run_all(&browser, &lab).await;
    // Console lines can trail the requests.
    let mut logged: Vec<String> = Vec::new();
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        logged.extend(browser.console().await.into_iter().map(|e| e.message));
    }
    let har = match capture(&browser).await {
        Ok(har) => har,
        Err(why) => {
            browser.quit().await;
            panic!("Firefox's network monitor gave no HAR: {why}");
        }
    };
    let path = save(engine, &har);
    let bytes = serde_json::to_vec(&har).unwrap();
    let report =
        doctor::har::explain(&bytes, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let seen = Seen {
        engine,
        got: &got,
        logged: &logged,
        wire: &lab.exchanges().await,
    };
    let mut problems = against_the_browser(&seen, &lab, &har, &report);
    problems.extend(the_page_agrees(&browser, &har, &report).await);
    problems.extend(the_file_shown(&browser, &path, &report).await);
    browser.quit().await;
    let entries = har["log"]["entries"].as_array().map_or(0, Vec::len);
    let preflights = report.judged.iter().filter(|j| j.preflight).count();
    eprintln!(
        "{}: HAR at {} with {entries} entries, {} cross-origin requests ({preflights} with a \
         preflight)",
        engine.label(),
        path.display(),
        report.judged.len()
    );
    assert!(
        problems.is_empty(),
        "{} disagreements between {}'s HAR and {} itself:\n{}",
        problems.len(),
        engine.label(),
        engine.label(),
        problems.join("\n")
    );
}

/// The HAR the engine wrote of what it just did: Chromium's from its
/// DevTools protocol events, Firefox's from its network monitor.
async fn capture(browser: &Browser) -> Result<Value, String> {
    match browser.engine {
        Engine::Chromium => {
            let version = browser.eval("return navigator.userAgent").await;
            Ok(lab_tests::har_capture::har_from_performance_log(
                &browser.performance_log().await,
                version.as_str().unwrap_or_default(),
            ))
        }
        // The toolbox hands over the HAR's `log`; "Save All As HAR" writes
        // it as `{"log": …}`.
        Engine::Firefox => firefox_toolbox(browser, false)
            .await
            .map(|log| json!({ "log": log })),
        Engine::Webkit => Err("a Browser is never WebKit".into()),
    }
}

/// What the browser itself showed of the run: what each fetch got, the
/// console lines, and server-b's record.
struct Seen<'a> {
    engine: Engine,
    got: &'a Value,
    logged: &'a [String],
    wire: &'a [Value],
}

/// The doctor's reading of the HAR against what the browser did.
fn against_the_browser(
    seen: &Seen,
    lab: &TestApp,
    har: &Value,
    report: &doctor::har::HarReport,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, path_of, _) in exchanges() {
        let url = lab.api_url(path_of);
        let Some(judged) = report.judged.iter().find(|j| j.url == url) else {
            problems.push(format!("{name}: not in the HAR's cross-origin requests"));
            continue;
        };
        problems.extend(paired_as_sent(name, &url, har, judged));
        problems.extend(one_exchange(seen, name, path_of, judged));
    }
    let me = report
        .judged
        .iter()
        .find(|j| j.url == lab.api_url("/api/me"));
    if me.is_some_and(|j| j.credentials != doctor::har::CredentialsSeen::Include) {
        problems
            .push("me: the Cookie the browser sent did not make credentials \"include\"".into());
    }
    if let Some(bad) = report.judged.iter().find(|j| j.error.is_some()) {
        problems.push(format!(
            "entry {} could not be judged: {:?}",
            bad.entry, bad.error
        ));
    }
    problems
}

/// A request the HAR holds is judged with its preflight, not the preflight alone.
fn paired_as_sent(name: &str, url: &str, har: &Value, judged: &Judged) -> Vec<String> {
    let recorded = har["log"]["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|e| e["request"]["url"] == url && e["request"]["method"] != "OPTIONS");
    let judged_entry = &har["log"]["entries"][judged.entry - 1];
    if recorded && judged_entry["request"]["method"] == "OPTIONS" {
        vec![format!(
            "{name}: the request is in the HAR, but its preflight was judged alone"
        )]
    } else {
        vec![]
    }
}

/// One exchange's verdict, preflight, sending and console lines against
/// what the browser and server-b saw.
fn one_exchange(seen: &Seen, name: &str, path_of: &str, judged: &Judged) -> Vec<String> {
    let mut problems = Vec::new();
    let on_path: Vec<&Value> = seen.wire.iter().filter(|e| e["path"] == path_of).collect();
    let preflights = on_path.iter().filter(|e| e["method"] == "OPTIONS").count();
    let requests = on_path.len() - preflights;
    let did = seen.got[name]["outcome"].as_str().unwrap_or("(no outcome)");
    let said = judged.verdicts[seen.engine.name()].name();
    if said != did {
        problems.push(format!(
            "{name}: the browser's fetch was {did}, the HAR's verdict {said}"
        ));
    }
    if judged.preflight != (preflights > 0) {
        problems.push(format!(
            "{name}: server-b saw {preflights} preflight(s), the HAR pairs {}",
            judged.preflight
        ));
    }
    if judged.sent != (requests > 0) {
        problems.push(format!(
            "{name}: server-b saw {requests} request(s), the HAR says sent: {}",
            judged.sent
        ));
    }
    let console = &judged.engines[seen.engine.name()].console;
    for line in console {
        if !seen.logged.iter().any(|m| m.contains(line.as_str())) {
            problems.push(format!(
                "{name}: the model's line was not logged: {line}\nlogged: {:#?}",
                seen.logged
            ));
        }
    }
    if did == "blocked" && console.is_empty() {
        problems.push(format!(
            "{name}: blocked, but the model names no console line"
        ));
    }
    problems
}

/// The page strips the HAR's secrets before it sends it, and its `#/har`
/// answers as the doctor's command line does.
async fn the_page_agrees(
    browser: &Browser,
    har: &Value,
    report: &doctor::har::HarReport,
) -> Vec<String> {
    let mut problems = Vec::new();
    let stripped = browser
        .run_async(
            "const [har, done] = arguments;
             import('./js/har.js').then(m => done(JSON.stringify(m.stripHar(har))));",
            vec![har.clone()],
        )
        .await;
    let stripped = stripped.as_str().unwrap_or_default();
    for secret in secrets(har) {
        if stripped.contains(&secret) {
            problems.push(format!(
                "the page left a secret in the HAR it sends: {secret}"
            ));
        }
    }
    let page = browser
        .run_async(
            "const [har, done] = arguments;
             window.lab.explainHar(har).then(done, e => done({ error: String(e) }));",
            vec![har.clone()],
        )
        .await;
    let cli: Vec<Value> = doctor::har::report::json_lines(report)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    if page != json!(cli) {
        problems.push(format!(
            "the page's #/har answered otherwise than the doctor: {page}"
        ));
    }
    problems
}

/// As a learner does: the file chosen in `#/har`'s input shows a row per
/// request with every engine's verdict.
async fn the_file_shown(
    browser: &Browser,
    path: &std::path::Path,
    report: &doctor::har::HarReport,
) -> Vec<String> {
    let mut problems = Vec::new();
    let shown = show_file(browser, path).await;
    browser.screenshot("har").await;
    let rows = shown["rows"].as_array().cloned().unwrap_or_default();
    if rows.len() != report.judged.len() {
        problems.push(format!(
            "#/har shows {} rows for {} requests: {shown}",
            rows.len(),
            report.judged.len()
        ));
    }
    for (row, judged) in rows.iter().zip(&report.judged) {
        let verdicts: Vec<&str> = Engine::ALL
            .iter()
            .map(|engine| judged.verdicts[engine.name()].name())
            .collect();
        let verdicts = json!(verdicts);
        if row["entry"] != json!(judged.entry.to_string()) || row["verdicts"] != verdicts {
            problems.push(format!(
                "#/har shows {row} for entry {} ({verdicts})",
                judged.entry
            ));
        }
    }
    problems
}

/// Chooses the file in #/har's input and waits for the table; returns each
/// row's entry number and verdicts, or the error the page shows.
async fn show_file(browser: &Browser, path: &std::path::Path) -> Value {
    let input = browser
        .client
        .find(fantoccini::Locator::Css("[data-har-file]"))
        .await
        .expect("#/har's file input");
    let absolute = std::fs::canonicalize(path).unwrap();
    input
        .send_keys(&absolute.display().to_string())
        .await
        .expect("the file chosen");
    browser
        .run_async(
            "const done = arguments[0];
             const poll = () => {
               const error = document.querySelector('[data-har-error]');
               if (error) return done({ error: error.textContent });
               if (!document.querySelector('[data-har-summary]')) return setTimeout(poll, 50);
               done({ rows: [...document.querySelectorAll('[data-har-request]')].map(row => ({
                 entry: row.dataset.harRequest,
                 verdicts: [...row.querySelectorAll('[data-har-verdict]')].map(cell => cell.textContent),
               })) });
             };
             poll();",
            vec![],
        )
        .await
}

/// Cookie, Set-Cookie and Authorization values recorded in the HAR.
fn secrets(har: &Value) -> Vec<String> {
    let mut found = Vec::new();
    for entry in har["log"]["entries"].as_array().into_iter().flatten() {
        for part in ["request", "response"] {
            for header in entry[part]["headers"].as_array().into_iter().flatten() {
                let name = header["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                let value = header["value"].as_str().unwrap_or_default();
                if ["cookie", "set-cookie", "authorization"].contains(&name.as_str())
                    && value.len() > 8
                {
                    found.push(value.to_owned());
                }
            }
        }
    }
    found
}
