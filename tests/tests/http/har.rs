//! `POST /har` on server-a: a HAR judged by the doctor's `har` module, for
//! the page's `#/har` view. Answers the objects `cors-doctor har --json`
//! prints; refuses other origins (403), bodies that are not JSON (415 / 400),
//! files past the cap (413, with a sentence), and HARs without a cross-origin
//! request; and never logs a Cookie or Authorization value it was sent.

use std::sync::{Mutex, OnceLock};

use lab_tests::http::{send, Reply, EVIL_ORIGIN};
use lab_tests::{spawn_app, TestApp};
use serde_json::{json, Value};

const SECRETS: [&str; 3] = [
    "lab_session=s3cr3t-cookie",
    "Bearer s3cr3t-token",
    "s3cr3t-set",
];

/// A HAR as Chromium's DevTools writes one, with secrets a page that did
/// not strip them would send: a blocked preflight (the request after it
/// never sent), an allowed credentialed GET, a same-origin request.
fn har(app: &TestApp) -> Value {
    let api = |path: &str| format!("{}{path}", app.api);
    let headers = |list: &[(&str, &str)]| -> Value {
        list.iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect()
    };
    let entry = |method: &str, url: String, sent: Value, status: u16, got: Value| {
        json!({"request": {"method": method, "url": url, "headers": sent, "cookies": [
                   {"name": "lab_session", "value": "s3cr3t-cookie"}]},
               "response": {"status": status, "headers": got, "content": {"size": 2, "text": "{}"}}})
    };
    let page = app.page.as_str();
    json!({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
        "entries": [
        entry("GET", format!("{page}/config.json"), headers(&[]), 200, headers(&[])),
        entry("DELETE", api("/api/notes/1"), headers(&[("Origin", page), ("Authorization", SECRETS[1])]), 0, headers(&[])),
        entry("OPTIONS", api("/api/notes/1"),
              headers(&[("Origin", page), ("Access-Control-Request-Method", "DELETE"),
                        ("Access-Control-Request-Headers", "authorization")]),
              400, headers(&[("Content-Type", "text/plain")])),
        entry("GET", api("/api/me"), headers(&[("Origin", page), ("Cookie", SECRETS[0])]), 200,
              headers(&[("Access-Control-Allow-Origin", page), ("Access-Control-Allow-Credentials", "true"),
                        ("Set-Cookie", SECRETS[2])])),
    ]}})
}

async fn post(app: &TestApp, body: Vec<u8>, origin: Option<&str>) -> Reply {
    let mut request = app
        .client()
        .post(app.page_url("/har"))
        .header("Content-Type", "application/json")
        .body(body);
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    send(request).await
}

#[tokio::test]
async fn a_har_is_judged_request_by_request() {
    let app = spawn_app();
    let har = har(&app);
    let reply = post(&app, har.to_string().into_bytes(), Some(&app.page)).await;
    assert_eq!(reply.status, 200, "{}", reply.json);
    let list = reply.json.as_array().expect("an array");
    assert_eq!(
        list.len(),
        2,
        "the same-origin request is left out: {}",
        reply.json
    );
    let (delete, me) = (&list[0], &list[1]);
    assert_eq!(delete["method"], "DELETE");
    assert_eq!(
        (delete["preflight"].clone(), delete["sent"].clone()),
        (json!(true), json!(false))
    );
    assert_eq!(
        delete["verdicts"],
        json!({"chromium": "blocked", "firefox": "blocked", "webkit": "blocked"})
    );
    assert_eq!(delete["failure"]["kind"], "missing-allow-origin");
    assert_eq!(
        delete["credentials"], "unknown",
        "the page set its Authorization"
    );
    assert_eq!(me["credentials"], "include");
    assert_eq!(
        me["verdicts"],
        json!({"chromium": "allowed", "firefox": "allowed", "webkit": "allowed"})
    );
    assert_eq!(me["failure"], Value::Null);
    assert!(me["explanation"].as_str().is_some_and(|e| !e.is_empty()));
    // The same objects as the command line's --json, line for line.
    let cli = doctor::har::explain(har.to_string().as_bytes(), None).unwrap();
    let lines: Vec<Value> = doctor::har::report::json_lines(&cli)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&lines, list);
}

/// `?lang=` sets the language of the judgements' words (explanations,
/// fixes, notes, why a request was not sent); the verdicts and the
/// failures are the same, and without it the words are English as before.
#[tokio::test]
async fn the_judgements_come_in_the_language_asked() {
    use cors_model::text::in_script;
    use cors_model::Language;
    let app = spawn_app();
    let body = har(&app).to_string().into_bytes();
    let ask = |lang: &'static str| {
        let request = app
            .client()
            .post(format!("{}{lang}", app.page_url("/har")))
            .header("Content-Type", "application/json")
            .header("Origin", &app.page)
            .body(body.clone());
        send(request)
    };
    let english = ask("").await;
    assert_eq!(english.status, 200, "{}", english.json);
    assert_eq!(english.header("content-language"), Some("en"));
    assert!(
        english.json[0]["explanation"]
            .as_str()
            .unwrap()
            .starts_with("The preflight (OPTIONS) failed"),
        "{}",
        english.json
    );
    for (lang, language) in [("?lang=ru", Language::Ru), ("?lang=zh", Language::Zh)] {
        let reply = ask(lang).await;
        assert_eq!(reply.status, 200, "{}", reply.json);
        assert_eq!(reply.header("content-language"), Some(language.code()));
        for (theirs, ours) in reply
            .json
            .as_array()
            .unwrap()
            .iter()
            .zip(english.json.as_array().unwrap())
        {
            for same in ["verdicts", "failure", "sent", "credentials", "entry"] {
                assert_eq!(theirs[same], ours[same], "{lang}: {same}");
            }
            let explanation = theirs["explanation"].as_str().unwrap();
            assert!(in_script(explanation, language), "{lang}: {explanation}");
            for note in theirs["notes"].as_array().unwrap() {
                let note = note.as_str().unwrap();
                assert!(in_script(note, language), "{lang}: {note}");
            }
        }
        let delete = &reply.json[0];
        let fix = delete["fix"]["text"].as_str().unwrap();
        assert!(in_script(fix, language), "{lang}: {fix}");
        assert!(
            fix.contains(&format!("Access-Control-Allow-Origin: {}", app.page)),
            "{fix}"
        );
        let why = delete["not_sent"].as_str().unwrap();
        assert!(in_script(why, language), "{lang}: {why}");
    }
}

#[tokio::test]
async fn only_the_page_and_no_browser_may_ask() {
    let app = spawn_app();
    let body = har(&app).to_string().into_bytes();
    let foreign = post(&app, body.clone(), Some(EVIL_ORIGIN)).await;
    assert_eq!(foreign.status, 403);
    assert!(
        foreign
            .error()
            .contains("POST /har answers the lab page only"),
        "{}",
        foreign.error()
    );
    let curl = post(&app, body.clone(), None).await;
    assert_eq!(curl.status, 200, "{}", curl.json);
    let form = send(
        app.client()
            .post(app.page_url("/har"))
            .header("Content-Type", "text/plain")
            .body(body),
    )
    .await;
    assert_eq!(form.status, 415);
    assert!(
        form.error().contains("send the HAR as JSON"),
        "{}",
        form.error()
    );
}

#[tokio::test]
async fn broken_empty_and_huge_files_get_a_sentence() {
    let app = spawn_app();
    let broken = post(&app, b"{\"log\": {\"entries\": [".to_vec(), Some(&app.page)).await;
    assert_eq!(broken.status, 400);
    assert!(
        broken.error().contains("not JSON, so not a HAR"),
        "{}",
        broken.error()
    );
    let not_har = post(&app, b"{\"entries\": []}".to_vec(), Some(&app.page)).await;
    assert_eq!(not_har.status, 400);
    assert!(not_har.error().contains("not a HAR"), "{}", not_har.error());
    let same_origin = json!({"log": {"entries": [
        {"request": {"method": "GET", "url": app.page_url("/"), "headers": []},
         "response": {"status": 200, "headers": []}}]}});
    let none = post(&app, same_origin.to_string().into_bytes(), Some(&app.page)).await;
    assert_eq!(none.status, 400);
    assert!(
        none.error()
            .contains("no cross-origin request in the HAR (1 entry)"),
        "{}",
        none.error()
    );
    // 50 MB, all of it in one JSON string: refused by its length, unread.
    let mut huge = b"{\"log\": {\"entries\": [], \"comment\": \"".to_vec();
    huge.resize(50 * 1024 * 1024, b'x');
    huge.extend_from_slice(b"\"}}");
    let too_large = post(&app, huge, Some(&app.page)).await;
    assert_eq!(too_large.status, 413);
    assert!(
        too_large.error().contains("larger than the 10 MB"),
        "{}",
        too_large.error()
    );
}

/// Every line logged in this process (server-a runs in it), from the first
/// call on.
fn captured() -> &'static Mutex<Vec<String>> {
    static LINES: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    LINES.get_or_init(|| {
        struct Capture;
        impl log::Log for Capture {
            fn enabled(&self, _: &log::Metadata) -> bool {
                true
            }
            fn log(&self, record: &log::Record) {
                if let Ok(mut lines) = captured().lock() {
                    lines.push(format!("{} {}", record.target(), record.args()));
                }
            }
            fn flush(&self) {}
        }
        if log::set_boxed_logger(Box::new(Capture)).is_ok() {
            log::set_max_level(log::LevelFilter::Debug);
        }
        Mutex::new(Vec::new())
    })
}

#[tokio::test]
async fn no_secret_of_the_har_reaches_the_log() {
    let lines = captured();
    let app = spawn_app();
    if !app.is_in_process() {
        eprintln!("skipped against running servers: their log is not this process's");
        return;
    }
    let reply = post(&app, har(&app).to_string().into_bytes(), Some(&app.page)).await;
    assert_eq!(reply.status, 200);
    let broken = post(
        &app,
        br#"{"log": {"entries": [{"request": {"url": "Bearer s3cr3t-token"}}]}}"#.to_vec(),
        Some(&app.page),
    )
    .await;
    assert_eq!(broken.status, 400);
    let logged = lines.lock().unwrap().join("\n");
    assert!(
        logged.contains("har: 4 entries, 2 cross-origin requests judged"),
        "the log is captured: {logged}"
    );
    for secret in SECRETS {
        assert!(
            !logged.contains(secret),
            "the log shows {secret}:\n{logged}"
        );
    }
    // The whole URL, with this test's own port: other tests' servers log
    // their own requests to /api/notes/1 into the same process's log.
    let url = format!("{}/api/notes/1", app.api);
    assert!(!logged.contains(&url), "no URL of the HAR is logged: {url}");
}
