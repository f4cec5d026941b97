//! HAR fragments as each engine's DevTools writes them, judged end to end:
//! pairing, credentials, requests never sent, and bad files.

use serde_json::{json, Value};

use super::*;

const PAGE: &str = "http://localhost:8080";
const API: &str = "http://localhost:8081";

fn headers(list: &[(&str, &str)]) -> Value {
    list.iter()
        .map(|(name, value)| json!({"name": name, "value": value}))
        .collect()
}

/// An entry: request method, URL and headers; response status and headers.
fn entry(
    method: &str,
    path: &str,
    sent: &[(&str, &str)],
    status: i64,
    got: &[(&str, &str)],
) -> Value {
    json!({
        "startedDateTime": "2026-12-02T10:00:00.000Z",
        "request": {"method": method, "url": format!("{API}{path}"), "httpVersion": "HTTP/1.1",
                    "headers": headers(sent), "cookies": [], "queryString": []},
        "response": {"status": status, "statusText": "", "headers": headers(got), "cookies": [],
                     "content": {"size": 0, "mimeType": "x-unknown"}},
        "timings": {"send": 0, "wait": 0, "receive": 0},
    })
}

/// Chromium's record of a request it never sent: status 0, `_error`.
fn unsent(method: &str, path: &str, sent: &[(&str, &str)], error: &str) -> Value {
    let mut e = entry(method, path, sent, 0, &[]);
    e["response"]["_error"] = json!(error);
    e
}

fn preflight(
    path: &str,
    method: &str,
    names: Option<&str>,
    status: i64,
    got: &[(&str, &str)],
) -> Value {
    let mut sent = vec![("Origin", PAGE), ("Access-Control-Request-Method", method)];
    if let Some(names) = names {
        sent.push(("Access-Control-Request-Headers", names));
    }
    let mut e = entry("OPTIONS", path, &sent, status, got);
    e["_resourceType"] = json!("preflight");
    e
}

fn har(entries: Vec<Value>) -> Vec<u8> {
    json!({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                   "pages": [], "entries": entries}})
    .to_string()
    .into_bytes()
}

fn judged(entries: Vec<Value>) -> Vec<Judged> {
    explain(&har(entries), None).unwrap().judged
}

fn said(j: &Judged) -> (Said, Said) {
    (j.verdicts["chromium"], j.verdicts["firefox"])
}

const ALLOW_PAGE: (&str, &str) = ("Access-Control-Allow-Origin", PAGE);

#[test]
fn a_failed_preflight_stops_the_request_and_says_why() {
    // Chromium's order: the page's request first (never sent, so recorded
    // without Origin), then its preflight.
    let list = judged(vec![
        unsent("PUT", "/lab/x", &[("X-Token", "abc")], "net::ERR_FAILED"),
        preflight(
            "/lab/x",
            "PUT",
            Some("x-token"),
            400,
            &[("Content-Type", "text/plain")],
        ),
    ]);
    assert_eq!(list.len(), 1, "{list:?}");
    let j = &list[0];
    assert!(j.preflight && !j.sent);
    assert_eq!((j.entry, j.origin.as_str()), (1, PAGE));
    assert_eq!(said(j), (Said::Blocked, Said::Blocked));
    let failure = serde_json::to_value(&j.failure).unwrap();
    assert_eq!(failure["kind"], "missing-allow-origin", "{failure}");
    assert!(
        j.not_sent
            .as_deref()
            .unwrap()
            .contains("its preflight failed"),
        "{j:?}"
    );
    assert_eq!(
        j.failed_check.as_ref().unwrap().stage,
        cors_model::Stage::Preflight
    );
    assert!(j.fix.is_some());
}

#[test]
fn a_blocked_response_is_judged_from_its_headers() {
    let mut e = entry(
        "GET",
        "/api/me",
        &[("Origin", PAGE)],
        200,
        &[("Content-Type", "application/json")],
    );
    e["response"]["_error"] = json!("net::ERR_FAILED");
    let j = &judged(vec![e])[0];
    assert!(j.sent && !j.preflight);
    assert_eq!(said(j), (Said::Blocked, Said::Blocked));
    assert_eq!(
        serde_json::to_value(&j.failure).unwrap()["kind"],
        "missing-allow-origin"
    );
    assert!(
        j.explanation.contains("Access-Control-Allow-Origin"),
        "{}",
        j.explanation
    );
}

#[test]
fn an_allowed_credentialed_login_pairs_and_passes() {
    let allow = [
        ALLOW_PAGE,
        ("Access-Control-Allow-Credentials", "true"),
        ("Access-Control-Allow-Methods", "POST"),
        ("Access-Control-Allow-Headers", "content-type"),
    ];
    let list = judged(vec![
        preflight("/api/login", "POST", Some("content-type"), 200, &allow),
        entry(
            "POST",
            "/api/login",
            &[
                ("Origin", PAGE),
                ("Content-Type", "application/json"),
                ("User-Agent", "x"),
                ("Priority", "u=0"),
            ],
            200,
            &[
                ALLOW_PAGE,
                ("Access-Control-Allow-Credentials", "true"),
                ("Set-Cookie", ""),
            ],
        ),
    ]);
    let j = &list[0];
    assert!(j.preflight && j.sent);
    assert_eq!(said(j), (Said::Allowed, Said::Allowed));
    assert_eq!(j.credentials, CredentialsSeen::Unknown);
    assert!(
        j.verdicts_with_credentials.is_none(),
        "include changes nothing here"
    );
    assert!(j.failure.is_none());
}

#[test]
fn an_unknown_mode_gives_the_credentialed_verdict_where_it_differs() {
    let star = [("Access-Control-Allow-Origin", "*")];
    let j = &judged(vec![entry(
        "GET",
        "/api/public",
        &[("Origin", PAGE)],
        200,
        &star,
    )])[0];
    assert_eq!(said(j), (Said::Allowed, Said::Allowed));
    let with = j
        .verdicts_with_credentials
        .as_ref()
        .expect("include differs");
    assert_eq!(with["chromium"], Said::Blocked);
    let json: Value = serde_json::from_str(
        super::report::json_lines(&HarReport {
            entries: 1,
            creator: None,
            judged: vec![j.clone()],
            language: cors_model::Language::En,
        })
        .trim(),
    )
    .unwrap();
    assert_eq!(json["credentials"], "unknown");
    assert_eq!(json["verdicts_with_credentials"]["firefox"], "blocked");
    assert_eq!(json["failure"], Value::Null);
    // A cookie proves the mode: judged with it, once.
    let cookie = entry(
        "GET",
        "/api/public",
        &[("Origin", PAGE), ("Cookie", "")],
        200,
        &star,
    );
    let j = &judged(vec![cookie])[0];
    assert_eq!(j.credentials, CredentialsSeen::Include);
    assert_eq!(said(j), (Said::Blocked, Said::Blocked));
    assert_eq!(
        serde_json::to_value(&j.failure).unwrap()["kind"],
        "wildcard-with-credentials"
    );
    assert!(j.verdicts_with_credentials.is_none());
}

#[test]
fn authorization_is_a_credential_only_when_the_page_did_not_set_it() {
    let ok = [
        ALLOW_PAGE,
        ("Access-Control-Allow-Headers", "authorization"),
    ];
    let page_set = judged(vec![
        preflight("/api/token", "GET", Some("authorization"), 204, &ok),
        entry(
            "GET",
            "/api/token",
            &[("Origin", PAGE), ("Authorization", "")],
            200,
            &[ALLOW_PAGE],
        ),
    ]);
    assert_eq!(page_set[0].credentials, CredentialsSeen::Unknown);
    assert_eq!(said(&page_set[0]), (Said::Allowed, Said::Allowed));
    let browser_set = judged(vec![entry(
        "GET",
        "/api/basic",
        &[("Origin", PAGE), ("Authorization", "")],
        200,
        &[ALLOW_PAGE],
    )]);
    assert_eq!(browser_set[0].credentials, CredentialsSeen::Include);
    assert_eq!(
        said(&browser_set[0]),
        (Said::Blocked, Said::Blocked),
        "no Allow-Credentials"
    );
}

#[test]
fn a_network_failure_is_not_sent_and_not_a_cors_verdict() {
    let j = &judged(vec![unsent(
        "GET",
        "/api/me",
        &[("Origin", PAGE)],
        "net::ERR_CONNECTION_REFUSED",
    )])[0];
    assert!(!j.sent && j.failure.is_none());
    assert_eq!(said(j), (Said::Blocked, Said::Blocked));
    assert!(j
        .not_sent
        .as_deref()
        .unwrap()
        .contains("ERR_CONNECTION_REFUSED"));
    assert!(
        j.explanation.contains("network failure"),
        "{}",
        j.explanation
    );
}

#[test]
fn a_lone_preflight_stands_for_its_request() {
    let j = &judged(vec![preflight(
        "/api/notes/1",
        "DELETE",
        None,
        204,
        &[ALLOW_PAGE],
    )])[0];
    assert_eq!((j.method.as_str(), j.sent), ("DELETE", false));
    assert_eq!(said(j), (Said::Blocked, Said::Blocked));
    assert_eq!(
        serde_json::to_value(&j.failure).unwrap(),
        json!({"kind": "method-not-allowed", "method": "DELETE"})
    );
}

#[test]
fn a_preflight_served_from_the_cache_is_taken_as_passed() {
    let j = &judged(vec![entry(
        "PUT",
        "/api/notes/1",
        &[("Origin", PAGE)],
        200,
        &[ALLOW_PAGE],
    )])[0];
    assert!(!j.preflight);
    assert_eq!(said(j), (Said::Allowed, Said::Allowed));
    assert!(
        j.notes.iter().any(|n| n.contains("preflight cache")),
        "{:?}",
        j.notes
    );
}

#[test]
fn two_allow_origin_lines_in_one_value_stay_two() {
    let got = [(
        "Access-Control-Allow-Origin",
        "http://localhost:8080\nhttp://localhost:8080",
    )];
    let j = &judged(vec![entry(
        "GET",
        "/lab/two",
        &[("Origin", PAGE)],
        200,
        &got,
    )])[0];
    assert_eq!(
        serde_json::to_value(&j.failure).unwrap()["kind"],
        "multiple-allow-origin"
    );
}

#[test]
fn exit_codes_follow_the_verdicts() {
    let allowed = explain(
        &har(vec![entry(
            "GET",
            "/a",
            &[("Origin", PAGE)],
            200,
            &[ALLOW_PAGE],
        )]),
        None,
    )
    .unwrap();
    assert_eq!(allowed.exit_code(), 0);
    let blocked = explain(
        &har(vec![entry("GET", "/a", &[("Origin", PAGE)], 200, &[])]),
        None,
    )
    .unwrap();
    assert_eq!(blocked.exit_code(), 1);
    let text = report::text(&blocked);
    assert!(
        text.contains("entry 1: GET http://localhost:8081/a"),
        "{text}"
    );
    assert!(
        text.contains("1 cross-origin request in 1 entry: 0 allowed, 1 blocked"),
        "{text}"
    );
}

#[test]
fn bad_files_get_a_sentence() {
    let none = explain(&har(vec![entry("GET", "/", &[], 200, &[])]), None).unwrap_err();
    assert!(
        none.to_string()
            .contains("no cross-origin request in the HAR (1 entry)"),
        "{none}"
    );
    assert!(none.to_string().contains("--origin"));
    let with_origin = explain(&har(vec![entry("GET", "/", &[], 200, &[])]), Some(PAGE)).unwrap();
    assert_eq!(with_origin.judged.len(), 1);
    assert!(matches!(
        explain(b"\x00\xff", None),
        Err(HarError::NotJson(_))
    ));
    assert!(matches!(explain(b"[1, 2]", None), Err(HarError::NotHar(_))));
    assert!(matches!(
        explain(b"{}", Some("http://x/path")),
        Err(HarError::BadOrigin(_))
    ));
    let dir = std::env::temp_dir().join(format!("har-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.har");
    std::fs::write(&big, vec![b' '; 2048]).unwrap();
    let err = read_file(&big, 1024).unwrap_err().to_string();
    assert!(err.contains("2048 bytes"), "{err}");
    let missing = read_file(&dir.join("none.har"), 1024)
        .unwrap_err()
        .to_string();
    assert!(missing.contains("cannot be read"), "{missing}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn headers_no_model_accepts_are_left_out_not_fatal() {
    let got = [(":status", "200"), ("Access-Control-Allow-Origin", PAGE)];
    let sent = [
        (":authority", "localhost"),
        ("Origin", PAGE),
        ("Accept", "*/*"),
    ];
    let j = &judged(vec![entry("GET", "/h2", &sent, 200, &got)])[0];
    assert!(j.error.is_none(), "{:?}", j.error);
    assert_eq!(said(j), (Said::Allowed, Said::Allowed));
}

#[test]
fn firefox_records_an_unsent_request_with_origin_and_no_error() {
    // Firefox ESR 153's HAR: the DELETE it never sent has its Origin, status
    // 0, no response header and no `_error`; its preflight follows it.
    let list = judged(vec![
        entry(
            "DELETE",
            "/lab/m",
            &[("Origin", PAGE), ("Priority", "u=4")],
            0,
            &[],
        ),
        preflight(
            "/lab/m",
            "DELETE",
            None,
            204,
            &[ALLOW_PAGE, ("Access-Control-Allow-Methods", "GET, POST")],
        ),
    ]);
    assert_eq!(list.len(), 1, "{list:?}");
    let j = &list[0];
    assert_eq!((j.entry, j.preflight, j.sent), (1, true, false));
    assert_eq!(j.failed_check.as_ref().unwrap().check, "allow-methods");
    assert!(j.notes.is_empty(), "{:?}", j.notes);
}
