//! The doctor's library (`doctor::diagnose`, what `scripts/doctor` runs)
//! against a lab of the test's own: server-b's API and lesson endpoints,
//! whose policies are known. The doctor's own tests (`doctor/tests/`) need
//! no lab, so the doctor crate does not depend on this one.

use clap::Parser;
use doctor::{diagnose, Args, Report};
use lab_tests::{spawn_app, TestApp};

fn args(url: &str, origin: &str, extra: &[&str]) -> Args {
    let mut all = vec!["cors-doctor", url, "--origin", origin];
    all.extend(extra);
    Args::try_parse_from(all).unwrap()
}

fn run(url: &str, origin: &str, extra: &[&str]) -> Report {
    diagnose(&args(url, origin, extra)).unwrap_or_else(|e| panic!("{url}: {e}"))
}

fn lab(app: &TestApp, path: &str) -> String {
    app.api_url_bare(path)
}

/// The page's login: a credentialed JSON POST.
const LOGIN_POST: &[&str] = &[
    "--method",
    "POST",
    "--header",
    "Content-Type: application/json",
    "--credentials",
];

#[track_caller]
fn assert_says(report: &Report, needle: &str) {
    assert!(
        report.text.contains(needle),
        "{needle:?} in:\n{}",
        report.text
    );
}

#[test]
fn the_login_preflight_from_the_page_is_allowed() {
    let app = spawn_app();
    let url = lab(&app, "/api/login");
    let report = run(&url, &app.page, LOGIN_POST);
    assert_eq!(report.exit_code(), 0, "{}", report.text);
    let text = &report.text;
    assert!(text.contains("> OPTIONS /api/login HTTP/1.1\n"), "{text}");
    assert!(
        text.contains(&format!("> Origin: {}\n", app.page)),
        "{text}"
    );
    assert!(text.contains("> Access-Control-Request-Method: POST\n> Access-Control-Request-Headers: content-type\n"), "{text}");
    assert!(text.contains("> POST /api/login HTTP/1.1\n"), "{text}");
    assert!(text.contains("verdict: allowed (chromium)\n"), "{text}");
    assert!(
        text.contains("a browser would send a SameSite=Lax cookie"),
        "{text}"
    );
    // The API asks for 7200 s, Chromium's cap: nothing to warn about.
    assert!(!text.contains("Max-Age"), "{text}");
    let firefox = run(
        &url,
        &app.page,
        &[LOGIN_POST, &["--engine", "firefox"]].concat(),
    );
    assert!(!firefox.text.contains("Max-Age"), "{}", firefox.text);
}

#[test]
fn the_login_preflight_from_a_foreign_origin_is_blocked() {
    let app = spawn_app();
    let url = lab(&app, "/api/login");
    let foreign = "http://evil.localhost:1";
    let report = run(&url, foreign, LOGIN_POST);
    assert_eq!(report.exit_code(), 1, "{}", report.text);
    let console = format!(
        "console: Access to fetch at '{url}' from origin '{foreign}' has been blocked by CORS policy: \
         Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header"
    );
    assert_says(&report, &console);
    assert_says(&report, "failed check: preflight allow-origin");
    assert_says(
        &report,
        "not sent (a browser stops at the failed preflight)",
    );
    assert!(
        !report.text.contains("> POST"),
        "the doctor must not send what a browser would not"
    );
}

#[test]
fn a_header_left_out_of_allow_headers_is_named_per_engine() {
    let app = spawn_app();
    let url = lab(&app, "/lab/preflight-headers/omitted");
    let chromium = run(&url, &app.page, &["--header", "X-Token: abc"]);
    assert_eq!(chromium.exit_code(), 1);
    assert_says(&chromium, "Request header field x-token is not allowed by Access-Control-Allow-Headers in preflight response.");
    assert_says(&chromium, ".allowed_header(\"x-token\")");
    assert!(
        chromium
            .text
            .contains("warning: preflight: Access-Control-Allow-Origin"),
        "literal answers lack Vary: {}",
        chromium.text
    );
    let firefox = run(
        &url,
        &app.page,
        &["--header", "X-Token: abc", "--engine", "firefox"],
    );
    assert!(firefox.text.contains("(Reason: header ‘x-token’ is not allowed according to header ‘Access-Control-Allow-Headers’"), "{}", firefox.text);
    let allowed = run(
        &lab(&app, "/lab/preflight-headers/allowed"),
        &app.page,
        &["--header", "X-Token: abc"],
    );
    assert_eq!(allowed.exit_code(), 0, "{}", allowed.text);
}

#[test]
fn methods_and_missing_headers_on_lesson_endpoints() {
    let app = spawn_app();
    let omitted = run(
        &lab(&app, "/lab/preflight-methods/omitted"),
        &app.page,
        &["--method", "DELETE"],
    );
    assert_says(
        &omitted,
        "Method DELETE is not allowed by Access-Control-Allow-Methods",
    );
    let allowed = run(
        &lab(&app, "/lab/preflight-methods/allowed"),
        &app.page,
        &["--method", "DELETE"],
    );
    assert_eq!(allowed.exit_code(), 0, "{}", allowed.text);
    let bare = run(&lab(&app, "/lab/no-cors-headers/data"), &app.page, &[]);
    assert_eq!(bare.exit_code(), 1);
    assert_says(&bare, "failed check: response allow-origin");
    assert!(
        bare.text
            .contains("> GET /lab/no-cors-headers/data HTTP/1.1"),
        "the request was sent: {}",
        bare.text
    );
}

#[test]
fn the_probe_finds_no_reflection_on_the_api() {
    let app = spawn_app();
    let report = run(
        &lab(&app, "/api/me"),
        &app.page,
        &["--credentials", "--probe"],
    );
    assert!(
        !report.text.contains("reflects any origin"),
        "{}",
        report.text
    );
}

/// https: the system's roots do not hold the lab's CA, so without `--cacert`
/// the doctor says the certificate is not trusted (no CORS verdict: a
/// browser fails such a request first); with it, the exchange is judged.
#[test]
fn the_https_api_needs_the_lab_ca_and_is_then_judged() {
    let app = spawn_app();
    let Some(https) = app.api_tls.clone() else {
        return eprintln!("skipped: no https origin for the running servers");
    };
    let url = format!("{}/api/login", https.origin);
    let untrusted = diagnose(&args(&url, &app.page, LOGIN_POST)).unwrap_err();
    let reason = untrusted.to_string();
    assert!(
        reason.contains("unknown issuer") && reason.contains("--cacert"),
        "{reason}"
    );
    let ca_file =
        std::env::temp_dir().join(format!("cors-lab-doctor-ca-{}.pem", std::process::id()));
    std::fs::write(&ca_file, &https.ca_pem).unwrap();
    let with_ca = [LOGIN_POST, &["--cacert", ca_file.to_str().unwrap()]].concat();
    let report = run(&url, &app.page, &with_ca);
    std::fs::remove_file(&ca_file).unwrap();
    assert_eq!(report.exit_code(), 0, "{}", report.text);
    assert_says(&report, "> OPTIONS /api/login HTTP/1.1\n");
    assert_says(&report, "verdict: allowed (chromium)\n");
}
