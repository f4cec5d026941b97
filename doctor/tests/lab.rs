//! The doctor against a lab of the test's own (`spawn_app`): server-b's API
//! and lesson endpoints, whose policies are known, and bad input.

use std::net::TcpListener;
use std::process::Command;

use clap::Parser;
use doctor::{diagnose, Args, DoctorError, Report};
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

#[test]
fn the_login_preflight_from_the_page_is_allowed() {
    let app = spawn_app();
    let url = lab(&app, "/api/login");
    let report = run(
        &url,
        &app.page,
        &[
            "--method",
            "POST",
            "--header",
            "Content-Type: application/json",
            "--credentials",
        ],
    );
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
    assert!(
        text.contains("warning: Access-Control-Max-Age: 86400 is above chromium's cap"),
        "{text}"
    );
    let firefox = run(
        &url,
        &app.page,
        &[
            "--method",
            "POST",
            "--header",
            "Content-Type: application/json",
            "--credentials",
            "--engine",
            "firefox",
        ],
    );
    assert!(!firefox.text.contains("Max-Age"), "{}", firefox.text);
}

#[test]
fn the_login_preflight_from_a_foreign_origin_is_blocked() {
    let app = spawn_app();
    let url = lab(&app, "/api/login");
    let foreign = "http://evil.localhost:1";
    let report = run(
        &url,
        foreign,
        &[
            "--method",
            "POST",
            "--header",
            "Content-Type: application/json",
            "--credentials",
        ],
    );
    assert_eq!(report.exit_code(), 1, "{}", report.text);
    let console = format!(
        "console: Access to fetch at '{url}' from origin '{foreign}' has been blocked by CORS policy: \
         Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header"
    );
    assert!(report.text.contains(&console), "{}", report.text);
    assert!(
        report.text.contains("failed check: preflight allow-origin"),
        "{}",
        report.text
    );
    assert!(
        report
            .text
            .contains("not sent (a browser stops at the failed preflight)"),
        "{}",
        report.text
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
    assert!(chromium.text.contains("Request header field x-token is not allowed by Access-Control-Allow-Headers in preflight response."), "{}", chromium.text);
    assert!(
        chromium.text.contains(".allowed_header(\"x-token\")"),
        "{}",
        chromium.text
    );
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
    assert!(
        omitted
            .text
            .contains("Method DELETE is not allowed by Access-Control-Allow-Methods"),
        "{}",
        omitted.text
    );
    let allowed = run(
        &lab(&app, "/lab/preflight-methods/allowed"),
        &app.page,
        &["--method", "DELETE"],
    );
    assert_eq!(allowed.exit_code(), 0, "{}", allowed.text);
    let bare = run(&lab(&app, "/lab/no-cors-headers/data"), &app.page, &[]);
    assert_eq!(bare.exit_code(), 1);
    assert!(
        bare.text.contains("failed check: response allow-origin"),
        "{}",
        bare.text
    );
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

#[test]
fn bad_input_is_explained_not_panicked() {
    let app = spawn_app();
    let url = lab(&app, "/api/me");
    let cases: [(&str, &str, &[&str], &str); 5] = [
        ("not a url", &app.page, &[], "request.url"),
        (&url, "http://localhost:8080/", &[], "request.origin"),
        (&url, "localhost", &[], "request.origin"),
        (&url, &app.page, &["--method", "GE T"], "request.method"),
        (&url, &app.page, &["--header", "X-Token: a\nb"], "CR, LF"),
    ];
    for (url, origin, extra, phrase) in cases {
        let err = diagnose(&args(url, origin, extra)).unwrap_err();
        assert!(
            matches!(err, DoctorError::Input(_) | DoctorError::Usage(_)),
            "{err}"
        );
        assert!(err.to_string().contains(phrase), "{err}");
    }
}

#[test]
fn unreachable_and_silent_servers_are_reported() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let err = diagnose(&args(
        &format!("http://127.0.0.1:{port}/"),
        "http://localhost:8080",
        &[],
    ))
    .unwrap_err();
    assert!(
        matches!(err, DoctorError::Unreachable(_)) && err.to_string().contains("cannot connect"),
        "{err}"
    );
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}/", silent.local_addr().unwrap().port());
    let err = diagnose(&args(&url, "http://localhost:8080", &["--timeout", "1"])).unwrap_err();
    assert!(
        err.to_string().contains("did not answer within 1 s"),
        "{err}"
    );
}

#[test]
fn the_binary_exits_0_1_or_2() {
    let app = spawn_app();
    let doctor = env!("CARGO_BIN_EXE_cors-doctor");
    let status = |args: &[&str]| {
        let output = Command::new(doctor).args(args).output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let me = lab(&app, "/api/me");
    assert_eq!(
        status(&[&me, "--origin", &app.page, "--credentials"]).0,
        Some(0)
    );
    assert_eq!(status(&[&me, "--origin", "http://127.0.0.1:9"]).0, Some(1));
    let (code, stderr) = status(&[&me, "--origin", "nope"]);
    assert_eq!(code, Some(2));
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.starts_with("cors-doctor: bad input: request.origin"),
        "{stderr}"
    );
}

/// A server that echoes any Origin with credentials, on every connection.
fn reflecting_server() -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://127.0.0.1:{}/data",
        listener.local_addr().unwrap().port()
    );
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut origin = String::new();
            let mut host = String::new();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                let lower = line.to_ascii_lowercase();
                if let Some(value) = lower.strip_prefix("origin:") {
                    origin = value.trim().to_owned();
                }
                if let Some(value) = lower.strip_prefix("host:") {
                    host = value.trim().to_owned();
                }
                line.clear();
            }
            let answer = format!(
                "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: {origin}\r\n\
                 Access-Control-Allow-Credentials: true\r\nX-Seen-Host: {host}\r\n\
                 Content-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = (&stream).write_all(answer.as_bytes());
        }
    });
    url
}

#[test]
fn the_probe_catches_a_reflected_origin() {
    let url = reflecting_server();
    let report = run(&url, "http://localhost:8080", &["--credentials", "--probe"]);
    assert_eq!(
        report.exit_code(),
        0,
        "it works, by accident: {}",
        report.text
    );
    assert!(report.text.contains("warning: the server reflects any origin (http://doctor-probe.invalid was allowed) with credentials"), "{}", report.text);
    assert!(
        report.text.contains("without Vary: Origin"),
        "{}",
        report.text
    );
    let unprobed = run(&url, "http://localhost:8080", &["--credentials"]);
    assert!(!unprobed.text.contains("reflects"), "{}", unprobed.text);
}

/// A client pinned to an address connects there without asking DNS: a
/// `.invalid` name (which never resolves) reaches the server it is pinned
/// to. This is what keeps server-a's checked address from being swapped
/// for another between the check and the connection (DNS rebinding). The
/// pin also wins over the URL's port and over an address in the URL (in a
/// container, server-a maps `localhost` to the Docker host this way), and
/// the request still names the URL's host.
#[test]
fn a_pinned_client_connects_to_the_address_it_was_given() {
    use doctor::http::{Client, Options, Outgoing};
    use doctor::Transport;
    let url = reflecting_server();
    let port = url::Url::parse(&url).unwrap().port().unwrap();
    let address: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let options = Options {
        timeout: std::time::Duration::from_secs(2),
        pin: Some(vec![address]),
        proxies: false,
    };
    let out = Outgoing {
        method: "GET".into(),
        url: url::Url::parse(&format!("http://rebind.invalid:{port}/data")).unwrap(),
        headers: cors_model::Headers::new().with("Origin", "http://localhost:8080"),
    };
    let client = Client::new(options).unwrap();
    let answer = client.send(&out).unwrap();
    assert_eq!(
        answer.get("access-control-allow-origin").as_deref(),
        Some("http://localhost:8080")
    );
    let seen = |answer: &cors_model::Answer| answer.get("x-seen-host");
    assert_eq!(seen(&answer), Some(format!("rebind.invalid:{port}")));
    for (url, host) in [
        ("http://localhost:3000/data", "localhost:3000"),
        ("http://[::1]:3000/data", "[::1]:3000"),
        ("http://10.0.0.1/data", "10.0.0.1"),
    ] {
        let elsewhere = Outgoing {
            url: url::Url::parse(url).unwrap(),
            ..out.clone()
        };
        let answer = client.send(&elsewhere).unwrap();
        assert_eq!(seen(&answer).as_deref(), Some(host), "{url}");
    }
    let unpinned = Client::new(Options::command_line(2)).unwrap().send(&out);
    assert!(
        matches!(unpinned, Err(DoctorError::Unreachable(_))),
        "{unpinned:?}"
    );
}
