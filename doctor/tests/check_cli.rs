//! The doctor on its own (no lab): bad input, unreachable and silent
//! servers, the binary's exit codes, the reflection probe and the pinned
//! client, against small servers written here. Its runs against the lab's
//! own endpoints are in the lab's HTTP suite (`tests/tests/http/doctor_library.rs`).

use std::net::TcpListener;
use std::process::Command;

use clap::Parser;
use doctor::{diagnose, Args, DoctorError, Report};

fn args(url: &str, origin: &str, extra: &[&str]) -> Args {
    let mut all = vec!["cors-doctor", url, "--origin", origin];
    all.extend(extra);
    Args::try_parse_from(all).unwrap()
}

fn run(url: &str, origin: &str, extra: &[&str]) -> Report {
    diagnose(&args(url, origin, extra)).unwrap_or_else(|e| panic!("{url}: {e}"))
}

#[test]
fn bad_input_is_explained_not_panicked() {
    // Refused before anything is sent: port 9 (discard) is never asked.
    let url = "http://127.0.0.1:9/api/me";
    let page = "http://localhost:8080";
    let cases: [(&str, &str, &[&str], &str); 5] = [
        ("not a url", page, &[], "request.url"),
        (url, "http://localhost:8080/", &[], "request.origin"),
        (url, "localhost", &[], "request.origin"),
        (url, page, &["--method", "GE T"], "request.method"),
        (url, page, &["--header", "X-Token: a\nb"], "CR, LF"),
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
    let doctor = env!("CARGO_BIN_EXE_cors-doctor");
    let status = |args: &[&str]| {
        let output = Command::new(doctor).args(args).output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    // The reflecting server allows any origin, but names no method: a PUT's
    // preflight fails.
    let data = reflecting_server();
    let page = "http://localhost:8080";
    assert_eq!(
        status(&[&data, "--origin", page, "--credentials"]).0,
        Some(0)
    );
    assert_eq!(
        status(&[&data, "--origin", page, "--method", "PUT"]).0,
        Some(1)
    );
    let me = data.as_str();
    let (code, stderr) = status(&[me, "--origin", "nope"]);
    assert_eq!(code, Some(2));
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.starts_with("cors-doctor: bad input: request.origin"),
        "{stderr}"
    );
}

/// A system without CA certificates (the lab's slim container image): the
/// doctor still speaks plain http, where it would otherwise fail to build
/// its client at all. rustls-native-certs reads SSL_CERT_FILE and
/// SSL_CERT_DIR before the system's store; pointed at nothing, it finds none.
#[test]
fn a_system_without_ca_certificates_still_gets_plain_http() {
    let doctor = env!("CARGO_BIN_EXE_cors-doctor");
    let data = reflecting_server();
    let output = Command::new(doctor)
        .args([&data, "--origin", "http://localhost:8080"])
        .env("SSL_CERT_FILE", "/nonexistent/ca-bundle.pem")
        .env("SSL_CERT_DIR", "/nonexistent/certs")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
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
        extra_roots: Vec::new(),
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

/// The report in the language `--lang` names, else `LANG`'s: its own words
/// and the model's, the wire, header names and values as they are.
#[test]
fn the_report_speaks_the_language_of_lang_or_the_locale() {
    let url = reflecting_server();
    let russian = run(
        &url,
        "http://localhost:8080",
        &["--method", "PUT", "--lang", "ru"],
    );
    assert_eq!(russian.exit_code(), 1, "{}", russian.text);
    for said in [
        "предварительный запрос в том виде, как его отправляет chromium:\n> OPTIONS /data HTTP/1.1",
        "вердикт: заблокирован (chromium)",
        "непройденная проверка: preflight allow-methods: PUT нет в Access-Control-Allow-Methods",
        "почему: Предварительный запрос (OPTIONS) не прошёл",
        "как исправить: Укажите PUT в Access-Control-Allow-Methods",
        "     actix-cors: Cors::default().allowed_origin(\"http://localhost:8080\").allowed_methods(vec![\"PUT\"])",
        "console: Access to fetch at",
    ] {
        let said = said.replace("console: ", "консоль: ");
        assert!(russian.text.contains(&said), "{said}:\n{}", russian.text);
    }
    let chinese = run(&url, "http://localhost:8080", &["--lang", "zh", "--probe"]);
    assert!(
        chinese.text.contains("结论：允许（chromium）"),
        "{}",
        chinese.text
    );
    assert!(
        chinese
            .text
            .contains("警告：服务器会回显任意源（http://doctor-probe.invalid 被允许了）"),
        "{}",
        chinese.text
    );
    let english = run(&url, "http://localhost:8080", &["--method", "PUT"]);
    assert!(
        english.text.contains("verdict: blocked (chromium)"),
        "{}",
        english.text
    );

    // The binary reads the locale (LC_ALL, LC_MESSAGES, LANG) when --lang
    // is not given, and only then.
    let doctor = env!("CARGO_BIN_EXE_cors-doctor");
    let report_in = |args: &[&str], locale: &[(&str, &str)]| {
        let mut command = Command::new(doctor);
        command
            .args([url.as_str(), "--origin", "http://localhost:8080"])
            .args(args)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        let output = command.envs(locale.iter().copied()).output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let report = |args: &[&str], lang: &str| report_in(args, &[("LANG", lang)]);
    let lc_all_first = [("LANG", "ru_RU.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")];
    assert!(report_in(&[], &lc_all_first).contains("结论：允许（chromium）"));
    assert!(report(&[], "ru_RU.UTF-8").contains("вердикт: разрешён (chromium)"));
    assert!(report(&[], "zh_CN.UTF-8").contains("结论：允许（chromium）"));
    assert!(report(&[], "C.UTF-8").contains("verdict: allowed (chromium)"));
    assert!(report(&["--lang", "en"], "ru_RU.UTF-8").contains("verdict: allowed (chromium)"));
    let help = Command::new(doctor).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("--lang <en|ru|zh>") && help.contains("LANG"),
        "{help}"
    );
}
