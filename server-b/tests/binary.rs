//! The server-b binary as a learner runs it: clear one-line errors, and logs
//! that never show a password or a cookie value.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_server-b");

fn run_to_end(args: &[&str], envs: &[(&str, &str)]) -> (bool, String) {
    let output = Command::new(BIN)
        .args(args)
        .envs(envs.iter().copied())
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn bad_values_stop_the_server_with_one_line() {
    /// Arguments, environment, and what stderr must say.
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 3] = [
        (
            &["--allowed-origins", "http://localhost:8080/"],
            &[],
            "not an origin",
        ),
        (
            &["--port", "0"],
            &[("SESSION_KEY", "short")],
            "SESSION_KEY is 5 bytes long",
        ),
        (&["--port", "99999"], &[], "invalid value '99999'"),
    ];
    for (args, envs, expected) in cases {
        let (ok, stderr) = run_to_end(args, envs);
        assert!(!ok, "{args:?} started");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        let error_lines = stderr.lines().filter(|l| l.contains("error")).count();
        assert_eq!(error_lines, 1, "{stderr}");
    }
}

#[test]
fn help_names_every_setting() {
    let output = Command::new(BIN).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for name in [
        "--bind",
        "--port",
        "--allowed-origins",
        "BIND",
        "PORT",
        "ALLOWED_ORIGINS",
        "SESSION_KEY",
        "healthcheck",
    ] {
        assert!(help.contains(name), "{name} missing from --help");
    }
}

struct Server {
    child: Child,
    port: u16,
    logs: std::sync::mpsc::Receiver<String>,
}

impl Server {
    /// Stops the server and returns everything it logged.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.logs.try_iter().collect::<Vec<_>>().join("\n")
    }
}

/// Starts the binary on a free port with debug logging and waits until it listens.
fn start() -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(BIN)
        .args(["--port", &port.to_string()])
        .env("RUST_LOG", "debug")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, logs) = std::sync::mpsc::channel();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    std::thread::spawn(move || {
        stderr
            .lines()
            .map_while(Result::ok)
            .for_each(|l| drop(tx.send(l)))
    });
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !seen.iter().any(|l: &String| l.contains("listens on")) {
        assert!(
            Instant::now() < deadline,
            "server-b did not start: {seen:?}"
        );
        if let Ok(line) = logs.recv_timeout(Duration::from_millis(200)) {
            seen.push(line);
        }
    }
    Server { child, port, logs }
}

fn raw_request(port: u16, request: &str) -> String {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

fn post_login(port: u16, password: &str) -> String {
    let body = format!(r#"{{"email":"user@example.com","password":"{password}"}}"#);
    raw_request(
        port,
        &format!(
            "POST /api/login HTTP/1.1\r\nHost: localhost:{port}\r\nOrigin: http://localhost:8080\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

#[test]
fn logs_never_show_passwords_or_cookie_values() {
    let server = start();
    let wrong = post_login(server.port, "wr0ng-guess");
    assert!(wrong.starts_with("HTTP/1.1 401"), "{wrong}");
    let right = post_login(server.port, "p@ssword");
    assert!(right.starts_with("HTTP/1.1 200"), "{right}");
    let cookie = right
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: lab_session="))
        .and_then(|rest| rest.split(';').next())
        .unwrap()
        .to_owned();
    let me = raw_request(
        server.port,
        &format!("GET /api/me HTTP/1.1\r\nHost: localhost:{}\r\nCookie: lab_session={cookie}\r\nConnection: close\r\n\r\n", server.port),
    );
    assert!(me.starts_with("HTTP/1.1 200"), "{me}");

    std::thread::sleep(Duration::from_millis(200));
    let logs = server.stop();
    assert!(
        logs.contains("user@example.com logged in"),
        "the log shows logins: {logs}"
    );
    for secret in ["wr0ng-guess", "p@ssword", cookie.as_str()] {
        assert!(!logs.contains(secret), "the log shows {secret}:\n{logs}");
    }
}
