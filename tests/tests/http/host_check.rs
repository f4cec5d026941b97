//! Only the lab's own names: both servers answer 421 to a `Host` that is not
//! localhost, 127.0.0.1, [::1], a name under .localhost (or LAB_HOST), on
//! every route, static files and the attacker's port included. This is what
//! stops DNS rebinding: a page at `rebind.example` resolved to 127.0.0.1 is
//! same-origin with itself, but its requests still say `Host: rebind.example`.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use lab_tests::http::{client, send};
use lab_tests::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::json;

fn port_of(origin: &str) -> u16 {
    url::Url::parse(origin).unwrap().port().unwrap()
}

/// Every route of both servers, as (origin, method, path): each server's
/// own, its static files and 404, every lab endpoint of the catalogue.
fn every_route(app: &TestApp) -> Vec<(String, Method, String)> {
    let attacker = format!("http://localhost:{}", app.attacker_port);
    let mut routes = Vec::new();
    for (method, path) in [
        (Method::GET, "/healthz"),
        (Method::GET, "/"),
        (Method::GET, "/index.html"),
        (Method::GET, "/js/app.js"),
        (Method::GET, "/css/"),
        (Method::GET, "/config.json"),
        (Method::GET, "/lessons.json"),
        (Method::POST, "/explain"),
        (Method::POST, "/explain-error"),
        (Method::POST, "/doctor"),
        (Method::POST, "/har"),
        (Method::GET, "/same-origin/echo"),
        (Method::OPTIONS, "/doctor"),
        (Method::GET, "/no-such-page"),
    ] {
        routes.push((app.page.clone(), method, path.to_owned()));
    }
    for (method, path) in [
        (Method::GET, "/"),
        (Method::GET, "/healthz"),
        (Method::GET, "/config.json"),
        (Method::GET, "/js/attempt.js"),
        (Method::GET, "/attacker.js"),
        (Method::GET, "/doctor"),
    ] {
        routes.push((attacker.clone(), method, path.to_owned()));
    }
    for (method, path) in [
        (Method::GET, "/healthz"),
        (Method::POST, "/api/login"),
        (Method::OPTIONS, "/api/login"),
        (Method::POST, "/api/logout"),
        (Method::GET, "/api/me"),
        (Method::GET, "/api/notes"),
        (Method::POST, "/api/notes"),
        (Method::PUT, "/api/notes/1"),
        (Method::DELETE, "/api/notes/1"),
        (Method::GET, "/api/nothing"),
        (Method::GET, "/lab/exchanges"),
        (Method::GET, "/lab/playground"),
        (Method::OPTIONS, "/lab/playground"),
        (Method::GET, "/nothing"),
    ] {
        routes.push((app.api.clone(), method, path.to_owned()));
    }
    for lesson in lessons::catalogue().unwrap() {
        for step in lesson.steps.iter() {
            if step.lab().is_some() {
                let path = format!("/lab/{}/{}", lesson.id, step.path);
                routes.push((app.api.clone(), Method::GET, path.clone()));
                routes.push((app.api.clone(), Method::OPTIONS, path));
            }
        }
    }
    routes
}

#[tokio::test]
async fn a_foreign_host_gets_421_on_every_route_of_both_servers() {
    let app = spawn_app();
    let routes = every_route(&app);
    for (origin, method, path) in &routes {
        let port = port_of(origin);
        let url = format!("{origin}{path}");
        let response = client()
            .request(method.clone(), &url)
            .header("Host", format!("rebind.example:{port}"))
            // A rebinding page is same-origin with itself.
            .header("Origin", format!("http://rebind.example:{port}"))
            .header("Content-Type", "application/json")
            .header("Access-Control-Request-Method", "POST")
            .body(
                r#"{"email":"user@example.com","password":"p@ssword","url":"http://localhost:1/"}"#,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 421, "{method} {url}");
        let headers = response.headers().clone();
        assert_eq!(
            headers.get("content-type").unwrap(),
            "text/plain; charset=utf-8",
            "{method} {url}"
        );
        assert!(
            headers.get("access-control-allow-origin").is_none(),
            "{method} {url}"
        );
        assert!(headers.get("set-cookie").is_none(), "{method} {url}");
        let text = response.text().await.unwrap();
        assert_eq!(
            text,
            format!(
                "CORS Lab answers only to localhost, 127.0.0.1, [::1] and names under \
                 .localhost, on port {port}, not to Host 'rebind.example:{port}': to open it \
                 under another name, set LAB_HOST to that name and restart the lab.\n"
            ),
            "{method} {url}"
        );
    }
    eprintln!("{} routes refused a foreign Host", routes.len());
}

#[tokio::test]
async fn the_lab_names_are_answered_on_every_route() {
    let app = spawn_app();
    for (origin, method, path) in every_route(&app) {
        let port = port_of(&origin);
        for host in [
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
            format!("evil.localhost:{port}"),
            format!("LocalHost.:{port}"),
        ] {
            let url = format!("{origin}{path}");
            let response = client()
                .request(method.clone(), &url)
                .header("Host", &host)
                .send()
                .await
                .unwrap();
            assert_ne!(response.status(), 421, "{method} {url} as {host}");
        }
    }
}

#[tokio::test]
async fn names_that_only_look_like_the_lab_are_refused() {
    let app = spawn_app();
    let port = port_of(&app.api);
    for host in [
        format!("localhost.evil.com:{port}"),
        format!("evil.localhost.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost:{}", port_of(&app.page)),
        "localhost".to_owned(),
    ] {
        let response = client()
            .get(app.api_url("/healthz"))
            .header("Host", &host)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 421, "{host}");
    }
}

/// A listener that counts the connections it accepted, without answering.
fn accepted(listener: &TcpListener) -> usize {
    listener.set_nonblocking(true).unwrap();
    let mut count = 0;
    loop {
        match listener.accept() {
            Ok(_) => count += 1,
            Err(e) if e.kind() == ErrorKind::WouldBlock => return count,
            Err(e) => panic!("{e}"),
        }
    }
}

/// The rebinding attack on the doctor: a page at rebind.example:PORT (its
/// name resolved to 127.0.0.1) posts to its own origin, so Origin and Host
/// match, and the doctor's own Origin check would pass. The name check
/// refuses it before any probe: the target listener accepts nothing. The
/// same request from the lab's name does reach it.
#[tokio::test]
async fn a_rebound_doctor_request_is_refused_before_any_probe() {
    let app = spawn_app();
    if !app.is_in_process() {
        eprintln!("skipped against running servers: the probe's target listens on this host");
        return;
    }
    let target = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}/", target.local_addr().unwrap().port());
    let port = port_of(&app.page);
    let rebound = format!("rebind.example:{port}");
    let reply = send(
        client()
            .post(app.page_url("/doctor"))
            .header("Host", &rebound)
            .header("Origin", format!("http://{rebound}"))
            .json(&json!({ "url": url, "timeout": 1 })),
    )
    .await;
    assert_eq!(reply.status, 421);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(accepted(&target), 0, "server-a probed for a foreign Host");

    target.set_nonblocking(false).unwrap();
    let reply = send(
        client()
            .post(app.page_url("/doctor"))
            .header("Origin", &app.page)
            .json(&json!({ "url": url, "timeout": 1 })),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.json);
    assert!(
        accepted(&target) >= 1,
        "the lab's own name should reach the target"
    );
}

/// One request over a raw socket: the status line's code.
fn raw_status(port: u16, request: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(3)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    answer
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned()
}

/// No Host at all cannot come from a browser page: HTTP/1.0 may omit it
/// and is served; HTTP/1.1 must send one (400). Two Host headers: 400. An
/// absolute-form target is judged too.
#[tokio::test]
async fn a_missing_or_doubled_host_is_handled() {
    let app = spawn_app();
    if !app.is_in_process() {
        eprintln!("skipped against running servers: raw sockets go to 127.0.0.1");
        return;
    }
    for port in [port_of(&app.page), port_of(&app.api)] {
        let ok = raw_status(port, "GET /healthz HTTP/1.0\r\n\r\n");
        assert_eq!(ok, "200", "HTTP/1.0 without Host on {port}");
        let missing = raw_status(port, "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
        assert_eq!(missing, "400", "HTTP/1.1 without Host on {port}");
        let doubled = raw_status(
            port,
            &format!("GET /healthz HTTP/1.1\r\nHost: localhost:{port}\r\nHost: rebind.example:{port}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(doubled, "400", "two Host headers on {port}");
        let absolute = raw_status(
            port,
            &format!("GET http://rebind.example:{port}/healthz HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(absolute, "421", "absolute-form target on {port}");
        let good = raw_status(
            port,
            &format!(
                "GET /healthz HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
            ),
        );
        assert_eq!(good, "200");
    }
}

/// The container healthcheck (`server-x healthcheck`) still passes.
#[tokio::test]
async fn the_healthcheck_names_the_lab() {
    let app = spawn_app();
    if !app.is_in_process() {
        return;
    }
    for origin in [&app.page, &app.api] {
        let port = port_of(origin);
        tokio::task::spawn_blocking(move || common::health::check(port))
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("healthcheck of {port}: {e:#}"));
    }
}

/// `from_page` and the helpers keep working: a login from the page's name.
#[tokio::test]
async fn the_page_origin_still_logs_in() {
    let app = spawn_app();
    let reply = send(
        app.from_page(Method::POST, "/api/login")
            .json(&json!({"email": "user@example.com", "password": "p@ssword"})),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.json);
}
