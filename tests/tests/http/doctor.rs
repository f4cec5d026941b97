//! `POST /doctor` on server-a: the doctor run by the page's server against a
//! URL the learner types. Good input is probed for real, against this test's
//! own server-b, and judged as the lesson files say; every refusal of the
//! guard against server-side request forgery gets 400 naming the field and
//! sends nothing; a redirect is reported, never followed; a silent server and
//! a closed port get an answer saying so; the rate limit answers 429.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use lab_tests::http::{send, Reply};
use lab_tests::{spawn_app, TestApp};
use serde_json::{json, Value};

/// A lab in this process, or `None` (with a line saying why) against running
/// servers: server-a in a container cannot reach the test's loopback (its
/// own `localhost` is the container), and 20 probes use up its rate limit.
fn own_lab() -> Option<TestApp> {
    let app = spawn_app();
    if !app.is_in_process() {
        eprintln!("skipped against running servers: server-a's probe would not reach this host's loopback");
        return None;
    }
    Some(app)
}

async fn doctor(app: &TestApp, body: &Value) -> Reply {
    send(app.client().post(app.page_url("/doctor")).json(body)).await
}

/// Labs for a test that probes more often than the rate limit allows one
/// client: a fresh lab (a listener with a budget of its own) before the
/// budget runs out. Earlier labs are kept, so their recorders can be read.
struct Labs(Vec<(TestApp, u32)>);

impl Labs {
    fn new() -> Option<Self> {
        Some(Labs(vec![(own_lab()?, 0)]))
    }

    /// A lab with at least one probe left in its budget.
    fn next(&mut self) -> &TestApp {
        if self
            .0
            .last()
            .is_some_and(|(_, used)| *used >= server_a::routes::doctor::limit::BURST)
        {
            self.0.push((spawn_app(), 0));
        }
        let (app, used) = self.0.last_mut().unwrap();
        *used += 1;
        app
    }
}

fn credentials(step: &lessons::Step) -> &'static str {
    match step.credentials {
        lessons::Credentials::Omit => "omit",
        lessons::Credentials::SameOrigin => "same-origin",
        lessons::Credentials::Include => "include",
    }
}

/// Every lab step the probe can send as the page does (no body, no upload
/// listener): the route's verdict, failed check and console lines are the
/// lesson file's, and server-b saw exactly the requests the route reports.
#[tokio::test]
async fn the_route_judges_every_bodiless_lesson_step_as_its_file_says() {
    let Some(mut labs) = Labs::new() else {
        return;
    };
    let mut judged = 0;
    for lesson in lessons::catalogue().unwrap() {
        for step in lesson
            .steps
            .iter()
            // The doctor probes CORS requests, as the model judges them: a
            // no-cors step has no CORS check (its lesson is the browsers').
            .filter(|s| {
                s.lab().is_some()
                    && s.body.is_none()
                    && !s.upload_listener()
                    && s.mode == lessons::RequestMode::Cors
            })
        {
            let name = format!("{}/{}", lesson.id, step.name);
            let app = labs.next();
            let origin = app.origins().sender(step);
            let run = lab_tests::lab::new_run_id("doctor");
            let url = app.api_url_in_run(&step.url_path(&lesson.id), &run);
            let reply = doctor(
                app,
                &json!({
                    "url": url, "method": step.method, "headers": step.headers,
                    "credentials": credentials(step), "origin": origin, "engine": "chromium",
                }),
            )
            .await;
            let expected = match step.expect.outcome.get(lessons::Engine::Chromium) {
                lessons::Outcome::Allowed => "allowed",
                lessons::Outcome::Blocked => "blocked",
                lessons::Outcome::Opaque => unreachable!("no-cors steps are left out above"),
                lessons::Outcome::Error => {
                    // A method fetch refuses: the doctor refuses to send it.
                    assert_eq!(
                        (reply.status, reply.json["field"].as_str()),
                        (400, Some("method")),
                        "{name}: {}",
                        reply.json
                    );
                    assert!(recorded_run(app, &run).await.is_empty(), "{name}");
                    judged += 1;
                    continue;
                }
            };
            assert_eq!(reply.status, 200, "{name}: {}", reply.json);
            let results = reply.json["results"].as_array().unwrap();
            assert_eq!(results[0]["engine"], "chromium", "{name}");
            assert_eq!(results[0]["verdict"], expected, "{name}: {}", results[0]);
            assert_eq!(
                results[0]["preflight"].is_object(),
                step.expect.preflights.get(lessons::Engine::Chromium) > 0,
                "{name}"
            );
            if let Some(console) = &step.expect.console {
                let lines: Vec<String> = console
                    .get(lessons::Engine::Chromium)
                    .iter()
                    .map(|line| lessons::console::fill_console(line, &url, &origin))
                    .collect();
                assert_eq!(results[0]["console"], json!(lines), "{name}");
            }
            // server-b's own record: the route's legs and the probe, no more.
            let mut reported: Vec<(String, String)> = reply.json["exchanges"]
                .as_array()
                .unwrap()
                .iter()
                .chain(std::iter::once(&reply.json["probe"]))
                .map(|leg| {
                    let origin = leg["request_headers"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|h| h[0] == "Origin")
                        .map(|h| h[1].as_str().unwrap().to_owned())
                        .unwrap_or_default();
                    (leg["method"].as_str().unwrap().to_owned(), origin)
                })
                .collect();
            let mut seen = recorded_run(app, &run).await;
            reported.sort();
            seen.sort();
            assert_eq!(seen, reported, "{name}: server-b's record");
            judged += 1;
        }
    }
    eprintln!("POST /doctor agrees with {judged} lesson steps");
    assert!(judged >= 10, "only {judged} steps judged");
}

/// What server-b recorded in a run: (method, Origin) per exchange.
async fn recorded_run(app: &TestApp, run: &str) -> Vec<(String, String)> {
    let reply = app.exchanges_of(run).await;
    assert_eq!(reply.status, 200, "{}", reply.json);
    let exchanges = reply.json["exchanges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    exchanges
        .iter()
        .map(|e| {
            (
                e["method"].as_str().unwrap_or_default().to_owned(),
                e["request"]["origin"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

/// The API's policy (docs/api.md: PUT and Content-Type allowed from the page,
/// with credentials): the probe's PUT passes its preflight and is readable
/// (401 without a session); the same PUT with X-Token, a header off the list,
/// stops at the preflight, and server-b never sees a PUT.
#[tokio::test]
async fn a_preflighted_put_is_allowed_and_one_with_an_unlisted_header_is_blocked() {
    let Some(app) = own_lab() else {
        return;
    };
    let body = |run: &str, headers: Value| {
        json!({
            "url": app.api_url_in_run("/api/notes/1", run), "method": "PUT",
            "headers": headers, "credentials": "include", "engine": "firefox",
        })
    };
    let allowed_run = lab_tests::lab::new_run_id("put-ok");
    let reply = doctor(
        &app,
        &body(&allowed_run, json!({"Content-Type": "application/json"})),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.json);
    let json = &reply.json;
    assert_eq!(json["engine"], "firefox");
    assert_eq!(json["results"][0]["engine"], "firefox");
    assert_eq!(json["results"][1]["engine"], "chromium");
    assert_eq!(json["results"][0]["verdict"], "allowed", "{json}");
    assert_eq!(json["request_sent"], true);
    let kinds: Vec<&str> = json["exchanges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["preflight", "request"]);
    let put = &json["exchanges"][1];
    assert_eq!(put["status"], 401, "{put}");
    assert!(
        put["raw"]
            .as_str()
            .unwrap()
            .starts_with("> PUT /api/notes/1?run="),
        "{put}"
    );
    // The origin defaults to the page's, as the browser sees it.
    assert_eq!(json["origin"], app.page.as_str());
    let seen = recorded_run(&app, &allowed_run).await;
    assert!(seen.contains(&("PUT".into(), app.page.clone())), "{seen:?}");
    // The API's Max-Age, 7200, is within both engines' caps: no warning.
    assert!(!json["warnings"].to_string().contains("Max-Age"), "{json}");

    let blocked_run = lab_tests::lab::new_run_id("put-blocked");
    let reply = doctor(
        &app,
        &body(
            &blocked_run,
            json!([["Content-Type", "application/json"], ["X-Token", "1"]]),
        ),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.json);
    let json = &reply.json;
    for result in json["results"].as_array().unwrap() {
        assert_eq!(result["verdict"], "blocked", "{result}");
        assert_eq!(result["failed"]["stage"], "preflight", "{result}");
        assert!(result["fix"]["actix"].is_string(), "{result}");
        assert!(!result["console"].as_array().unwrap().is_empty());
    }
    assert_eq!(json["request_sent"], false);
    assert_eq!(json["exchanges"].as_array().unwrap().len(), 1);
    assert_eq!(json["exchanges"][0]["status"], 400);
    let seen = recorded_run(&app, &blocked_run).await;
    assert!(
        seen.iter().all(|(method, _)| method == "OPTIONS"),
        "{seen:?}"
    );
    assert!(!seen.is_empty());
}

/// `?lang=` sets the language of the verdicts' words and the warnings:
/// asked in Russian the explanation and the fix are Russian, in Chinese
/// Chinese; without it English as before. The wire and the console lines
/// are the same in every language.
#[tokio::test]
async fn the_verdicts_come_in_the_language_asked() {
    use cors_model::text::in_script;
    use cors_model::Language;
    let Some(app) = own_lab() else {
        return;
    };
    let mut replies = Vec::new();
    // One run for the three, so the console lines name the same URL.
    let run = lab_tests::lab::new_run_id("doctor-lang");
    for lang in ["", "?lang=ru", "?lang=zh"] {
        let body = json!({
            "url": app.api_url_in_run("/api/notes/1", &run), "method": "PUT",
            "headers": [["Content-Type", "application/json"], ["X-Token", "1"]],
            "credentials": "include", "engine": "chromium",
        });
        let url = format!("{}{lang}", app.page_url("/doctor"));
        let reply = send(app.client().post(url).json(&body)).await;
        assert_eq!(reply.status, 200, "{lang}: {}", reply.json);
        replies.push(reply);
    }
    let english = &replies[0];
    assert_eq!(english.header("content-language"), Some("en"));
    let chromium = &english.json["results"][0];
    assert!(
        chromium["explanation"].as_str().unwrap().starts_with(
            "The preflight (OPTIONS) failed, so the browser never sent the request itself."
        ),
        "{chromium}"
    );
    // actix-cors refuses the preflight (400, no CORS headers).
    let allow_origin = format!(
        "Access-Control-Allow-Origin: {}",
        english.json["origin"].as_str().unwrap()
    );
    assert_eq!(
        chromium["fix"]["text"],
        format!(
            "Answer with {allow_origin} (exactly the Origin the browser sent) and Vary: Origin."
        )
    );
    for (reply, language) in replies[1..].iter().zip(Language::TRANSLATED) {
        assert_eq!(reply.header("content-language"), Some(language.code()));
        let theirs = &reply.json["results"][0];
        for words in [
            &theirs["explanation"],
            &theirs["fix"]["text"],
            &theirs["failed"]["summary"],
        ] {
            let words = words.as_str().unwrap();
            assert!(in_script(words, language), "{words}");
            assert!(words.contains("Access-Control-Allow-Origin"), "{words}");
        }
        let fix = theirs["fix"]["text"].as_str().unwrap();
        let origin = reply.json["origin"].as_str().unwrap();
        assert!(
            fix.contains(&format!("Access-Control-Allow-Origin: {origin}")),
            "{fix}"
        );
        assert_eq!(theirs["console"], chromium["console"]);
        assert_eq!(theirs["fix"]["actix"], chromium["fix"]["actix"]);
        for warning in reply.json["warnings"].as_array().unwrap() {
            let warning = warning.as_str().unwrap();
            assert!(in_script(warning, language), "{warning}");
        }
    }
}

/// The API's https origin: the probe trusts the lab's CA as a learner's
/// browser does once told to, and judges the https exchange like the http
/// one; server-b records the probe.
#[tokio::test]
async fn the_https_api_is_checked_with_the_lab_ca() {
    let Some(app) = own_lab() else {
        return;
    };
    let https = app.api_tls.clone().expect("an in-process lab serves https");
    let run = lab_tests::lab::new_run_id("https");
    let url = format!("{}/api/notes/1?run={run}", https.origin);
    let body = json!({
        "url": url, "method": "PUT", "credentials": "include",
        "headers": {"Content-Type": "application/json"},
    });
    let reply = doctor(&app, &body).await;
    assert_eq!(reply.status, 200, "{}", reply.json);
    let json = &reply.json;
    assert_eq!(json["results"][0]["verdict"], "allowed", "{json}");
    assert_eq!(json["exchanges"][1]["status"], 401, "{json}");
    let seen = recorded_run(&app, &run).await;
    assert!(seen.contains(&("PUT".into(), app.page.clone())), "{seen:?}");
}

/// An https API whose certificate comes from a CA nobody here trusts (not
/// the lab's): "Check your API" says so in one sentence, with no verdict,
/// as a browser fails such a request before any CORS check.
#[tokio::test]
async fn an_https_api_of_an_unknown_ca_is_said_to_be_untrusted() {
    let Some(app) = own_lab() else {
        return;
    };
    let (origin, server) = a_stranger_https_server();
    let reply = doctor(&app, &json!({"url": format!("{origin}/api")})).await;
    server.abort();
    assert_eq!(reply.status, 200, "{}", reply.json);
    let said = reply.json["unreachable"].as_str().unwrap_or_default();
    assert!(
        said.contains("unknown issuer") && said.contains("/lab-ca.pem"),
        "{}",
        reply.json
    );
    assert!(reply.json.get("results").is_none(), "{}", reply.json);
}

/// An https server on localhost whose certificate a CA of its own issued
/// (made in a scratch directory): its origin, and the task serving it.
fn a_stranger_https_server() -> (String, tokio::task::JoinHandle<std::io::Result<()>>) {
    let dir = std::env::temp_dir().join(format!("cors-lab-stranger-{}", std::process::id()));
    let ca = common::tls::Authority::load_or_create(&dir).unwrap();
    let certificate = ca.issue(&["localhost".to_owned()]).unwrap();
    let config = common::tls::server_config(&certificate).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = actix_web::HttpServer::new(|| {
        actix_web::App::new().default_service(actix_web::web::to(actix_web::HttpResponse::Ok))
    })
    .workers(1)
    .listen_rustls_0_23(listener, config)
    .unwrap()
    .run();
    (format!("https://localhost:{port}"), tokio::spawn(server))
}

/// Each refusal names its field, and nothing reaches server-b.
#[tokio::test]
async fn refused_input_names_the_field_and_sends_nothing() {
    let Some(mut labs) = Labs::new() else {
        return;
    };
    let api = labs.next().api_url("/api/me");
    let many: Vec<Value> = (0..33).map(|i| json!([format!("X-H{i}"), "1"])).collect();
    let big: Vec<Value> = (0..9)
        .map(|i| json!([format!("X-B{i}"), "a".repeat(1000)]))
        .collect();
    let cases = [
        (
            json!({"url": "ftp://localhost/x"}),
            "url",
            "only http:// and https://",
        ),
        (
            json!({"url": "file:///etc/passwd"}),
            "url",
            "only http:// and https://",
        ),
        (
            json!({"url": "https://169.254.169.254/latest/meta-data/"}),
            "url",
            "link-local",
        ),
        (
            json!({"url": api.replace("http://", "http://user:pw@")}),
            "url",
            "user name or password",
        ),
        (
            json!({"url": "http://169.254.169.254/latest/meta-data/"}),
            "url",
            "link-local",
        ),
        (json!({"url": "http://2852039166/"}), "url", "link-local"),
        (
            json!({"url": "http://[::ffff:169.254.169.254]/"}),
            "url",
            "link-local",
        ),
        (
            json!({"url": "http://[fe80::1]:8081/"}),
            "url",
            "link-local",
        ),
        (json!({"url": "http://0.0.0.0:8081/"}), "url", "unspecified"),
        (json!({"url": "http://224.0.0.1/"}), "url", "multicast"),
        (json!({"url": "http://localhost:25/"}), "url", "port 25"),
        (
            json!({"url": api, "headers": [["X-Token", "a\r\nSet-Cookie: x=1"]]}),
            "headers.X-Token",
            "CR, LF or NUL",
        ),
        (
            json!({"url": api, "headers": [["X-Token", "a\u{0}b"]]}),
            "headers.X-Token",
            "CR, LF or NUL",
        ),
        (
            json!({"url": api, "headers": [["X Token", "a"]]}),
            "headers.X Token",
            "not a valid header name",
        ),
        (
            json!({"url": api, "method": "GE T"}),
            "method",
            "not an HTTP method",
        ),
        (
            json!({"url": api, "method": "CONNECT"}),
            "method",
            "CONNECT",
        ),
        (
            json!({"url": api, "headers": many}),
            "headers",
            "at most 32 headers",
        ),
        (
            json!({"url": api, "headers": big}),
            "headers",
            "bytes of headers",
        ),
        (json!({"url": api, "timeout": 60}), "timeout", "1 to 5"),
        (
            json!({"url": api, "methd": "GET"}),
            "methd",
            "unknown field",
        ),
        (json!({"url": 5}), "url", "invalid type"),
        (json!({"method": "GET"}), "url", "missing field"),
        (
            json!({"url": api, "engine": "safari"}),
            "engine",
            "unknown variant",
        ),
        (
            json!({"url": api, "credentials": "always"}),
            "credentials",
            "unknown variant",
        ),
        (
            json!({"url": api, "headers": "X-Token: 1"}),
            "headers",
            "headers must be",
        ),
        (
            json!({"url": api, "origin": "http://localhost:8080/"}),
            "origin",
            "not an origin",
        ),
    ];
    for (body, field, phrase) in &cases {
        let reply = doctor(labs.next(), body).await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.json);
        assert_eq!(reply.json["field"], *field, "{body}: {}", reply.json);
        assert!(reply.error().contains(phrase), "{body}: {}", reply.json);
    }
    let app = labs.next();
    let not_json = app
        .client()
        .post(app.page_url("/doctor"))
        .header("Content-Type", "application/json")
        .body("{");
    let not_json = send(not_json).await;
    assert_eq!(
        (not_json.status, not_json.json["field"].as_str()),
        (400, Some("body"))
    );
    // The server-b URLs above were the first lab's, in its run.
    assert!(
        labs.0[0].0.exchanges().await.is_empty(),
        "a refused probe reached server-b"
    );
}

/// A one-answer HTTP server: answers every connection with `answer` and
/// counts the connections it got.
fn canned_server(answer: String) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let count = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counted.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let _ = (&stream).write_all(answer.as_bytes());
        }
    });
    (origin, count)
}

#[tokio::test]
async fn a_redirect_is_reported_and_never_followed() {
    let Some(app) = own_lab() else {
        return;
    };
    let (target, landed) =
        canned_server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into());
    let (redirector, asked) = canned_server(format!(
        "HTTP/1.1 302 Found\r\nLocation: {target}/elsewhere\r\nAccess-Control-Allow-Origin: *\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
    ));
    let reply = doctor(&app, &json!({"url": format!("{redirector}/start")})).await;
    assert_eq!(reply.status, 200, "{}", reply.json);
    let json = &reply.json;
    assert_eq!(json["redirect"]["location"], format!("{target}/elsewhere"));
    assert_eq!(json["redirect"]["followed"], false);
    assert_eq!(json["exchanges"][0]["status"], 302);
    // The redirect passed its own CORS check, so the verdict depends on the
    // target, which nobody asked: not settled.
    assert_eq!(json["results"][0]["settled"], false, "{json}");
    assert_eq!(
        landed.load(Ordering::SeqCst),
        0,
        "the probe followed the redirect"
    );
    // The GET and the probe from the foreign origin.
    assert_eq!(asked.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_silent_server_and_a_closed_port_get_an_answer_not_an_error() {
    let Some(app) = own_lab() else {
        return;
    };
    // Bound and never accepted: the kernel completes the handshake, nobody answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://127.0.0.1:{}/api",
        silent.local_addr().unwrap().port()
    );
    let started = Instant::now();
    let reply = doctor(&app, &json!({"url": url, "timeout": 1})).await;
    let took = started.elapsed();
    assert_eq!(reply.status, 200, "{}", reply.json);
    let said = reply.json["unreachable"].as_str().unwrap_or_default();
    assert!(said.contains("did not answer within 1 s"), "{}", reply.json);
    assert!(took.as_secs_f32() < 3.0, "took {took:?}");
    eprintln!("a silent server: answered after {took:?}");

    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://127.0.0.1:{}/api",
        closed.local_addr().unwrap().port()
    );
    drop(closed);
    let reply = doctor(&app, &json!({"url": url})).await;
    assert_eq!(reply.status, 200, "{}", reply.json);
    let said = reply.json["unreachable"].as_str().unwrap_or_default();
    assert!(said.contains("cannot connect"), "{}", reply.json);
}

#[tokio::test]
async fn probes_are_rate_limited_per_address() {
    let Some(app) = own_lab() else {
        return;
    };
    // Refused input counts too: the limit comes first.
    let bad = json!({"url": "ftp://x/"});
    for _ in 0..server_a::routes::doctor::limit::BURST {
        assert_eq!(doctor(&app, &bad).await.status, 400);
    }
    let reply = doctor(&app, &bad).await;
    assert_eq!(reply.status, 429, "{}", reply.json);
    let wait: u64 = reply.header("retry-after").unwrap().parse().unwrap();
    let period = server_a::routes::doctor::limit::PERIOD.as_secs();
    assert!((1..=period).contains(&wait), "{wait}");
    // Another lab (another listener) has a budget of its own.
    let other = spawn_app();
    assert_eq!(doctor(&other, &bad).await.status, 400);
}

/// Probes of a silent server hold their place until they time out: past
/// `MAX_IN_FLIGHT` at once, the next is told to come back (503), not queued.
#[tokio::test]
async fn probes_running_at_once_are_capped() {
    let Some(app) = own_lab() else {
        return;
    };
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}/", silent.local_addr().unwrap().port());
    let body = json!({"url": url, "timeout": 1});
    let cap = server_a::routes::doctor::limit::MAX_IN_FLIGHT;
    let replies = futures_util::future::join_all((0..=cap).map(|_| doctor(&app, &body))).await;
    let mut statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    statuses.sort();
    let mut expected = vec![200; cap];
    expected.push(503);
    assert_eq!(statuses, expected);
    // The places are given back: the next probe runs.
    let reply = doctor(&app, &body).await;
    assert_eq!(reply.status, 200, "{}", reply.json);
}

/// Another site open in the learner's browser cannot make server-a probe:
/// a form's text/plain body (the classic JSON-in-a-form trick) gets 415, a
/// cross-origin fetch 403 (it would need a preflight server-a never grants
/// anyway), and nothing reaches server-b. The page's own origin is served.
#[tokio::test]
async fn only_the_lab_page_may_ask_for_a_probe() {
    let Some(app) = own_lab() else {
        return;
    };
    let body = json!({"url": app.api_url("/api/me")});
    let form = app
        .client()
        .post(app.page_url("/doctor"))
        .header("Content-Type", "text/plain")
        .header("Origin", lab_tests::http::EVIL_ORIGIN)
        .body(body.to_string());
    let reply = send(form).await;
    assert_eq!(reply.status, 415, "{}", reply.json);
    let foreign = app
        .client()
        .post(app.page_url("/doctor"))
        .header("Origin", lab_tests::http::EVIL_ORIGIN)
        .json(&body);
    let reply = send(foreign).await;
    assert_eq!(reply.status, 403, "{}", reply.json);
    assert!(
        reply.error().contains(lab_tests::http::EVIL_ORIGIN),
        "{}",
        reply.json
    );
    assert!(
        app.exchanges().await.is_empty(),
        "a refused probe reached server-b"
    );
    let page = app
        .client()
        .post(app.page_url("/doctor"))
        .header("Origin", &app.page)
        .json(&body);
    let reply = send(page).await;
    assert_eq!(reply.status, 200, "{}", reply.json);
    assert_eq!(app.exchanges().await.len(), 2, "the request and the probe");
}
