//! WebKit, driven as the other engines are (WebDriver, through Debian's
//! WebKitWebDriver and the lab's browser program), its console read from the
//! engine's own output (`lab_tests::webkit`). Not yet one of the engines the
//! generated per-lesson tests run in (the catalogue does not describe
//! WebKit): one test holds WebKit to what it logs and to what server-b
//! received, and proves the harness leaves no process behind; another runs
//! every lesson and holds WebKit to what the model predicts for it; a third
//! shows each session trusts the lab's CA on its own (`WebKit::start`), and
//! one started untrusting does not.

use std::collections::HashMap;
use std::process::Command;
use std::time::{Duration, Instant};

use cors_model::cache::{covers, CacheEntry};
use cors_model::console::{self, resource_policy, thrown};
use cors_model::{Answer, Engine, Exchange};
use lab_tests::spawn_app;
use lab_tests::webkit::{ConsoleLine, WebKit};
use lab_tests::webkit_lines::with_reasons;
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
    lab_tests::browser::lab_page_ready(&webkit.client).await;
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

/// Whether the page at the lab reaches `origin` over https: a no-cors fetch
/// resolves whenever the TLS handshake and the exchange worked, whatever
/// CORS would say (the page's own test, `static/js/https-reach.js`). The
/// error's words when it does not.
async fn reaches_https(webkit: &WebKit, origin: &str) -> Result<(), String> {
    let answer = webkit
        .run_async(
            "const done = arguments[1];
             fetch(arguments[0] + '/healthz', { mode: 'no-cors', cache: 'no-store' })
               .then(() => done({ ok: true }), e => done({ ok: false, error: String(e) }));",
            vec![json!(origin)],
        )
        .await;
    if answer["ok"] == true {
        Ok(())
    } else {
        Err(answer["error"].as_str().unwrap_or_default().to_owned())
    }
}

/// A session trusts the lab's CA as a learner's system does once the CA is
/// among its authorities: the lab page reaches server-b's https origin. A
/// session started untrusting, on the same machine, does not (the TLS
/// handshake fails), so the trust is the session's own, not the machine's.
#[tokio::test]
async fn webkit_trusts_the_lab_ca_in_its_own_session_only() {
    let Some(trusting) = WebKit::start().await else {
        return;
    };
    let lab = spawn_app();
    let https = lab.api_tls.clone().expect("server-b's https origin");
    trusting.goto(&lab.page_url("/")).await;
    let reached = reaches_https(&trusting, &https.origin).await;
    trusting.quit().await;
    assert_eq!(reached, Ok(()), "the trusting session: {}", https.origin);

    let untrusting = WebKit::start_untrusting()
        .await
        .expect("WebKit, installed for the first session");
    untrusting.goto(&lab.page_url("/")).await;
    let refused = reaches_https(&untrusting, &https.origin).await;
    let console = untrusting.console();
    untrusting.quit().await;
    let error = refused.expect_err("the untrusting session reached the https origin");
    eprintln!("untrusting: {error}");
    for line in &console {
        eprintln!("untrusting: {}", show(line));
    }
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

/// A step whose outcome WebKit changes for a reason that is not CORS, which
/// the model does not describe (yet): the step is run and compared, and a
/// disagreement there is counted as this departure, printed, not a failure.
fn known_departure(step: &lessons::Step) -> Option<&'static str> {
    if step.from != lessons::Initiator::Page {
        return Some(
            "sent from a frame inside the lab page: WebKit judges SameSite (and its cookie \
             policy) from the top-level page, so the frame's requests carry cookies a \
             top-level page of that origin would not",
        );
    }
    None
}

/// What WebKit does with a no-cors step: the lesson's shared outcome, one
/// request, and where refused the lines WebKit 2.50 logs (measured): its
/// CORP line once, then its fetch line.
fn no_cors_expectation(step: &lessons::Step, url: &str) -> Seen {
    let outcome = step.expect.outcome.get(Engine::Chromium);
    assert_eq!(
        outcome,
        step.expect.outcome.get(Engine::Firefox),
        "{}: no-cors steps share one outcome",
        step.name
    );
    let lines = if outcome == lessons::Outcome::Blocked {
        let refused =
            resource_policy::line(Engine::Webkit, resource_policy::Refused::SameOrigin, url);
        let fetch = format!("Fetch API cannot load {url} due to access control checks.");
        vec![refused, fetch]
    } else {
        Vec::new()
    };
    Seen {
        outcome: serde_json::to_value(outcome)
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .into(),
        preflights: 0,
        requests: step.times as usize,
        lines,
    }
}

/// The model's answers for a step, from what server-b recorded of it: the
/// first preflight's answer and the last request's.
fn recorded_answers(exchanges: &[&Value]) -> (Option<Answer>, Option<Answer>) {
    let answer = |e: &Value| {
        let status = e["response"]["status"].as_u64().unwrap_or(0) as u16;
        let mut answer = Answer::new(status);
        for pair in e["response"]["cors_headers"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let name = pair[0].as_str().unwrap_or_default().trim();
            answer = answer.with(name, pair[1].as_str().unwrap_or_default().trim());
        }
        answer
    };
    let preflight = exchanges.iter().find(|e| e["method"] == "OPTIONS");
    let request = exchanges.iter().rev().find(|e| e["method"] != "OPTIONS");
    (preflight.map(|e| answer(e)), request.map(|e| answer(e)))
}

/// A step as the model predicts WebKit runs it, or as WebKit ran it.
#[derive(Clone, Debug, PartialEq)]
struct Seen {
    outcome: String,
    preflights: usize,
    requests: usize,
    lines: Vec<String>,
}

/// One step's prediction, made from server-b's record of the run.
struct Predicted<'a> {
    name: String,
    step: &'a lessons::Step,
    url: String,
    expected: Seen,
    observed: Seen,
    /// What the model says WebKit throws, and what the page caught.
    thrown: Option<(String, String)>,
}

type Cache = HashMap<(String, bool), (CacheEntry, Answer)>;

/// The model's prediction for one step of a run: its answers are what
/// server-b recorded, or (for a preflight an earlier step of the run left in
/// WebKit's cache, same URL and credentials mode) that earlier answer.
fn predict<'a>(
    lab: &lab_tests::TestApp,
    lesson: &lessons::Lesson,
    step: &'a lessons::Step,
    observed: &Value,
    recorded: &[Value],
    cache: &mut Cache,
) -> Predicted<'a> {
    let name = format!("{}/{}", lesson.id, step.name);
    let url = observed["url"].as_str().expect("the step's URL").to_owned();
    let path = step.url_path(&lesson.id);
    let (after, last) = (
        observed["after_seq"].as_u64().unwrap_or(0),
        observed["last_seq"].as_u64().unwrap_or(0),
    );
    let mine: Vec<&Value> = recorded
        .iter()
        .filter(|e| {
            let seq = e["seq"].as_u64().unwrap_or(0);
            e["path"] == path.as_str() && seq > after && seq <= last
        })
        .collect();
    let wire = |options: bool| {
        mine.iter()
            .filter(|e| (e["method"] == "OPTIONS") == options)
            .count()
    };
    let observed_seen = Seen {
        outcome: observed["outcome"].as_str().unwrap_or_default().into(),
        preflights: wire(true),
        requests: wire(false),
        lines: Vec::new(),
    };
    let api: lessons::Api =
        serde_json::from_value(observed["api"].clone()).unwrap_or(lessons::Api::Fetch);
    let (preflight, response) = recorded_answers(&mine);
    let mut exchange = Exchange {
        request: lessons::fetch_rules::model_request(step, &lab.origins().sender(step), &url),
        preflight,
        response,
        redirected: None,
        third_party_cookies: Default::default(),
    };
    let key = (
        url.clone(),
        step.credentials == lessons::Credentials::Include,
    );
    let from_cache = match (cache.get(&key), exchange.request.prepare()) {
        (Some((entry, answer)), Ok(prepared)) if covers(Engine::Webkit, entry, &prepared) => {
            Some(answer.clone())
        }
        _ => None,
    };
    if exchange.preflight.is_none() {
        exchange.preflight.clone_from(&from_cache);
    }
    // server-b records its own exchanges only, not the page's.
    let on_server_b = step.target.kind() != lessons::TargetKind::Page;
    let times = step.times as usize;
    let mut thrown = None;
    if step.mode == lessons::RequestMode::NoCors {
        // The model judges no no-cors request: WebKit is held to the
        // outcome the lesson gives both other engines, and where
        // Cross-Origin-Resource-Policy refuses, to its own line for it.
        return Predicted {
            expected: no_cors_expectation(step, &url),
            name,
            step,
            url,
            observed: observed_seen,
            thrown,
        };
    }
    let expected = match cors_model::judge(&exchange, Engine::Webkit) {
        // fetch refuses it: nothing is sent, nothing logged; the page
        // records the exception, which the model words.
        Err(refusal) => {
            let words = thrown::before_sending(
                Engine::Webkit,
                api.model(),
                &step.method,
                exchange.request.body,
            )
            .unwrap_or_else(|| refusal.to_string());
            let caught = observed["error"].as_str().unwrap_or_default().to_owned();
            thrown = Some((words, caught));
            Seen {
                outcome: "error".into(),
                preflights: 0,
                requests: 0,
                lines: Vec::new(),
            }
        }
        Ok(verdict) => {
            let stopped_by_preflight = verdict.preflight.is_some() && !verdict.reached_server;
            let repeats = verdict.cache.as_ref().is_some_and(|c| c.answers_repeat);
            if let (Some(entry), Some(answer)) = (verdict.cache.clone(), exchange.preflight.clone())
            {
                if entry.seconds > 0 {
                    cache.insert(key, (entry, answer));
                }
            }
            let preflights = match verdict.preflight {
                None => 0,
                Some(_) if !on_server_b => 0,
                Some(_) if from_cache.is_some() && !stopped_by_preflight => 0,
                Some(_) if repeats && !stopped_by_preflight => 1,
                Some(_) => times,
            };
            let outcome = serde_json::to_value(verdict.verdict).unwrap();
            Seen {
                outcome: outcome.as_str().unwrap_or_default().into(),
                preflights,
                requests: if verdict.reached_server && on_server_b {
                    times
                } else {
                    0
                },
                lines: verdict
                    .console
                    .iter()
                    .map(|line| console::for_api(Engine::Webkit, line, api.model()))
                    .collect(),
            }
        }
    };
    Predicted {
        name,
        step,
        url,
        expected,
        observed: observed_seen,
        thrown,
    }
}

/// Every lesson of the catalogue, run in WebKit through the page: for each
/// step the model (asked for WebKit on server-b's recorded answers) predicts
/// the outcome, the preflights and requests server-b receives, and the exact
/// lines WebKit logs (none for an allowed step); WebKit's own console and
/// server-b's record must agree, but where a step is a known departure. The
/// session trusts the lab's CA, so the https steps run too.
#[tokio::test]
async fn webkit_runs_every_lesson_as_the_model_predicts() {
    let Some(webkit) = WebKit::start().await else {
        return;
    };
    let lab = spawn_app();
    webkit.goto(&lab.page_url("/")).await;
    webkit
        .run_async("window.lab.ready.then(() => arguments[0](true))", vec![])
        .await;
    let (mut run, mut agreed) = (0, 0);
    let (mut https_run, mut https_agreed) = (0, 0);
    let mut departed: Vec<String> = Vec::new();
    let mut disagreed: Vec<String> = Vec::new();
    for lesson in lessons::catalogue().unwrap() {
        webkit.console();
        let result = run_lesson(&webkit, &lesson.id).await;
        assert!(result.get("lab_error").is_none(), "{}: {result}", lesson.id);
        let nonce = result["nonce"].as_str().expect("the run's nonce");
        let recorded = lab.exchanges_of(nonce).await.json;
        let recorded = recorded["exchanges"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let observed_steps = result["steps"].as_array().cloned().unwrap_or_default();
        let mut cache = Cache::new();
        let mut predictions = Vec::new();
        for (step, observed) in lesson.steps.iter().zip(&observed_steps) {
            run += 1;
            if step.scheme == lessons::Scheme::Https {
                https_run += 1;
            }
            if observed["outcome"] == "skipped" && step.scheme == lessons::Scheme::Https {
                // The session trusts the lab's CA: the page reaches the
                // https origin, and runs every https step.
                let diff = format!(
                    "{}/{}: skipped by the page in a session that trusts the lab's CA: {}",
                    lesson.id, step.name, observed["reason"]
                );
                eprintln!("DISAGREES {diff}");
                disagreed.push(diff);
                continue;
            }
            if observed["outcome"] == "skipped" {
                // The page does not send it: the reason is the page's.
                let why = known_departure(step).map_or_else(
                    || format!("not run by the page: {}", observed["reason"]),
                    |reason| format!("not run by the page ({reason})"),
                );
                let reason = format!("{}/{}: {why}", lesson.id, step.name);
                eprintln!("departed {reason}");
                departed.push(reason);
                continue;
            }
            predictions.push(predict(&lab, lesson, step, observed, &recorded, &mut cache));
        }
        // WebKit's lines for the lesson, waited for until every predicted
        // line is there (or two seconds have passed).
        let wanted: Vec<&str> = predictions
            .iter()
            .flat_map(|p| p.expected.lines.iter().map(String::as_str))
            .collect();
        let logged: Vec<String> = webkit
            .console_until(&wanted, Duration::from_secs(2))
            .await
            .into_iter()
            .filter(|l| l.level == "ERROR")
            .map(|l| l.message)
            .collect();
        // Steps that fetch the same URL share its lines: each URL's lines,
        // in order, against its steps' predicted lines, in order (the
        // reason WebKit logs just before each line naming the URL).
        let mut by_url: HashMap<String, (Vec<String>, Vec<String>)> = HashMap::new();
        for p in &predictions {
            let entry = by_url.entry(p.url.clone()).or_default();
            for _ in 0..p.step.times {
                entry.0.extend(p.expected.lines.iter().cloned());
            }
        }
        for (url, (_, lines)) in by_url.iter_mut() {
            let about_url = with_reasons(Engine::Webkit, &logged, |m| m.contains(url.as_str()));
            lines.extend(about_url.into_iter().cloned());
        }
        for mut p in predictions {
            let (all_expected, all_logged) = &by_url[&p.url];
            // Where the URL's lines agree, each step logged its own.
            p.observed.lines = if all_expected == all_logged {
                p.expected.lines.clone()
            } else {
                all_logged.clone()
            };
            let mut diff = Vec::new();
            if p.observed != p.expected {
                diff.push(format!(
                    "the model says {:?}, WebKit did {:?}",
                    p.expected, p.observed
                ));
            }
            if let Some((words, caught)) = &p.thrown {
                if words != caught {
                    diff.push(format!("WebKit threw {caught:?}, the model says {words:?}"));
                }
            }
            if diff.is_empty() {
                agreed += 1;
                if p.step.scheme == lessons::Scheme::Https {
                    https_agreed += 1;
                }
                continue;
            }
            let diff = format!("{}: {}", p.name, diff.join("; "));
            match known_departure(p.step) {
                Some(reason) => {
                    eprintln!("departed {diff} ({reason})");
                    departed.push(format!("{}: {reason}", p.name));
                }
                None => {
                    eprintln!("DISAGREES {diff}");
                    disagreed.push(diff);
                }
            }
        }
    }
    webkit.quit().await;
    eprintln!(
        "WebKit ran {run} steps: {agreed} agreed with the model, {} departed, {} disagreed",
        departed.len(),
        disagreed.len()
    );
    eprintln!(
        "  of them over https (the lab's CA trusted): {https_run} run, {https_agreed} agreed"
    );
    for reason in &departed {
        eprintln!("  departed: {reason}");
    }
    assert!(disagreed.is_empty(), "{disagreed:#?}");
    assert!(agreed > 0);
}
