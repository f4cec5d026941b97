//! WebKit, driven as the other engines are (WebDriver, through Debian's
//! WebKitWebDriver and the lab's browser program), its console read from the
//! engine's own output (`lab_tests::webkit`). Not yet one of the engines every
//! lesson runs in: the lessons' model does not describe WebKit, so this test
//! holds WebKit to what it logs and to what server-b received, and proves the
//! harness leaves no process behind.

use std::process::Command;
use std::time::{Duration, Instant};

use lab_tests::spawn_app;
use lab_tests::webkit::{ConsoleLine, WebKit};
use serde_json::{json, Value};

/// The lessons whose blocked steps' lines are shown: a preflight refused for a
/// header, a method not allowed, a wildcard with credentials, and
/// `Access-Control-Allow-Credentials` missing.
const MORE_LESSONS: [&str; 4] = [
    "preflight-headers",
    "preflight-methods",
    "credentials-wildcard",
    "credentials-missing-allow",
];

#[tokio::test]
async fn webkit_logs_its_own_line_for_a_blocked_step() {
    let Some(webkit) = WebKit::start().await else {
        return;
    };
    let test_started = Instant::now();
    let groups = webkit.process_groups();
    eprintln!("WebKit session started in {:?}", webkit.started_in);
    let lab = spawn_app();
    webkit.goto(&lab.page_url("/")).await;
    let ready = webkit
        .run_async(
            "window.lab.ready.then(() => arguments[0](window.lab.lessons))",
            vec![],
        )
        .await;
    assert!(
        ready.as_array().is_some_and(|ids| !ids.is_empty()),
        "the page did not load: {ready}"
    );
    let agent = webkit.eval("return navigator.userAgent").await;
    eprintln!("navigator.userAgent: {agent}");

    let id = "no-cors-headers";
    webkit.console();
    let result = run_lesson(&webkit, id).await;
    let step = &result["steps"][0];
    assert_eq!(step["outcome"], "blocked", "{result}");
    let url = step["url"].as_str().expect("the step's URL");
    let origin = &lab.page;
    let security =
        format!("Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: 200");
    let fetch = format!("Fetch API cannot load {url} due to access control checks.");
    let console = webkit
        .console_until(&[&security, &fetch], Duration::from_secs(2))
        .await;
    for (source, message) in [("SECURITY", &security), ("JS", &fetch)] {
        assert!(
            console
                .iter()
                .any(|l| l.source == source && l.level == "ERROR" && &l.message == message),
            "WebKit did not log `CONSOLE {source} ERROR {message}`: {console:#?}"
        );
    }
    for line in &console {
        eprintln!("{id}: {}", show(line));
    }

    // What server-b received: the request was sent, from the page's origin,
    // and answered 200 without CORS headers.
    let lesson = lessons::catalogue()
        .unwrap()
        .iter()
        .find(|l| l.id == id)
        .unwrap()
        .clone();
    let path = lesson.steps[0].url_path(id);
    let run = result["nonce"].as_str().expect("the run's nonce");
    let recorded = lab.exchanges_of(run).await.json;
    let wire: Vec<&Value> = recorded["exchanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["path"] == path.as_str())
        .collect();
    assert_eq!(wire.len(), 1, "one request, no preflight: {recorded}");
    let sent = wire[0];
    assert_eq!(sent["method"], "GET", "{sent}");
    assert_eq!(sent["request"]["origin"], json!(origin), "{sent}");
    assert_eq!(sent["request"]["sec_fetch_mode"], "cors", "{sent}");
    assert_eq!(sent["response"]["status"], 200, "{sent}");

    // The other kinds of failure: each blocked step logs the request's URL.
    for id in MORE_LESSONS {
        webkit.console();
        let result = run_lesson(&webkit, id).await;
        let steps = result["steps"].as_array().cloned().unwrap_or_default();
        assert!(!steps.is_empty(), "{id}: {result}");
        let blocked: Vec<String> = steps
            .iter()
            .filter(|s| s["outcome"] == "blocked")
            .filter_map(|s| s["url"].as_str())
            .map(|url| format!("cannot load {url} due to access control checks."))
            .collect();
        let needles: Vec<&str> = blocked.iter().map(String::as_str).collect();
        let console = webkit.console_until(&needles, Duration::from_secs(2)).await;
        for line in &console {
            eprintln!("{id}: {}", show(line));
        }
        for needle in &needles {
            assert!(
                console.iter().any(|l| l.message.contains(needle)),
                "{id}: no line says {needle:?}: {console:#?}"
            );
        }
    }

    webkit.quit().await;
    eprintln!(
        "WebKit test ran {:?} after the session",
        test_started.elapsed()
    );
    assert_nothing_left(&groups).await;
}

/// Runs a lesson through the page's automation surface.
async fn run_lesson(webkit: &WebKit, id: &str) -> Value {
    webkit
        .run_async(
            "const done = arguments[1];
             window.lab.run(arguments[0], {}).then(done, e => done({ lab_error: String(e) }));",
            vec![json!(id)],
        )
        .await
}

fn show(line: &ConsoleLine) -> String {
    let source = match line.source.as_str() {
        "CONSOLE-API" => String::new(),
        source => format!("{source} "),
    };
    format!("CONSOLE {source}{} {}", line.level, line.message)
}

/// No process of the session's groups is left (a zombie waiting for init
/// to reap it is not running and not counted), and none of WebKit's or
/// Xvfb's processes that `pgrep -f` finds is in one of them.
async fn assert_nothing_left(groups: &[i32]) {
    let pattern =
        "WebKitWebProcess|WebKitNetworkProcess|WebKitGPUProcess|Xvfb|WebKitWebDriver|lab_webkit_browser";
    let mut left = Vec::new();
    for _ in 0..50 {
        let Ok(found) = Command::new("pgrep").args(["-f", pattern]).output() else {
            eprintln!("pgrep not found: the check for leftover processes is skipped");
            return;
        };
        let all_pids = std::fs::read_dir("/proc")
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok());
        let matched = String::from_utf8_lossy(&found.stdout)
            .lines()
            .filter_map(|pid| pid.trim().parse::<i32>().ok())
            .collect::<Vec<_>>();
        left = all_pids
            .chain(matched)
            .filter_map(|pid| {
                let (group, state, name) = process(pid)?;
                (groups.contains(&group) && state != 'Z').then(|| format!("{pid} {name}"))
            })
            .collect();
        left.sort();
        left.dedup();
        if left.is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("processes of the WebKit session are left: {left:?}");
}

/// A process's group, state and command line, from /proc.
fn process(pid: i32) -> Option<(i32, char, String)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) state ppid pgrp …`: comm may hold spaces and parentheses.
    let after = &stat[stat.rfind(')')? + 2..];
    let mut fields = after.split(' ');
    let state = fields.next()?.chars().next()?;
    let group = fields.nth(1)?.parse().ok()?;
    let cmdline = std::fs::read_to_string(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    Some((group, state, cmdline.replace('\0', " ")))
}
