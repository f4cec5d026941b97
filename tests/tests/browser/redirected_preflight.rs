//! A preflight answered with a redirect, in each engine: the lines the
//! engine logs must be the model's (Firefox's three, Chromium's one) and
//! must read back to `preflight-redirect` with the redirect's status. The
//! answer comes from a tiny server of this test's own (the lab never
//! redirects a preflight), on another origin than the page.

use std::io::{Read, Write};
use std::net::TcpListener;

use cors_model::console::{self, Context};
use cors_model::{Engine as ModelEngine, Failure, Stage};
use lab_tests::browser::{Browser, Engine};
use lab_tests::webkit_lines::with_reasons;
use serde_json::json;

use super::open_lab;

/// Answers every request with `301 Moved Permanently`, carrying the CORS
/// headers that would let `origin` through when it is given (so that only
/// the redirect fails), for at most `count` connections; returns its port.
fn redirecting_server(origin: Option<&str>, count: usize) -> u16 {
    let cors = origin.map_or(String::new(), |origin| {
        format!("Access-Control-Allow-Origin: {origin}\r\nAccess-Control-Allow-Methods: PUT\r\n")
    });
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(count).flatten() {
            let mut stream = stream;
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let answer = format!(
                "HTTP/1.1 301 Moved Permanently\r\nLocation: http://127.0.0.1:{port}/elsewhere\r\n\
                 {cors}Content-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    port
}

pub async fn a_redirected_preflight_logs_the_models_lines(engine: Engine) {
    let Some((browser, lab)) = open_lab(engine).await else {
        return;
    };
    // With the CORS headers only the redirect fails; without them Firefox
    // finds the missing header first (Chromium still the redirect).
    let bare = match engine {
        Engine::Chromium => Failure::PreflightRedirect { status: 301 },
        Engine::Firefox => Failure::MissingAllowOrigin { status: 301 },
        Engine::Webkit => Failure::PreflightRedirect { status: 301 },
    };
    for (origin, failure) in [
        (
            Some(lab.page.as_str()),
            Failure::PreflightRedirect { status: 301 },
        ),
        (None, bare),
    ] {
        let url = format!("http://127.0.0.1:{}/api", redirecting_server(origin, 8));
        logs_the_models_lines(&browser, engine, &lab.page, &url, failure).await;
    }
    browser.quit().await;
}

/// A PUT to `url` from the lab page: the engine's lines are the model's
/// for `failure`, and read back to it.
async fn logs_the_models_lines(
    browser: &Browser,
    engine: Engine,
    page: &str,
    url: &str,
    failure: Failure,
) {
    browser.console().await;
    let outcome = browser
        .run_async(
            "const [url, done] = arguments;
             fetch(url, { method: 'PUT' }).then(() => done('allowed'), () => done('blocked'));",
            vec![json!(url)],
        )
        .await;
    assert_eq!(outcome, "blocked");
    let at = Context {
        url,
        redirected_from: None,
        origin: page,
        status: 301,
    };
    let model: ModelEngine = engine;
    let expected = console::lines(model, Stage::Preflight, &failure, at);
    let logged = browser.console_until_logged(&expected).await;
    for line in &expected {
        assert!(
            logged.iter().any(|m| m.contains(line.as_str())),
            "{}: the model's line {line:?} is not among {logged:#?}",
            engine.label()
        );
    }
    // The lines naming the URL, and WebKit's reason, the line before its own.
    let block = with_reasons(engine, &logged, |m| m.contains(url));
    let readings = console::read(
        &block
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
    // Chromium's line does not give the status; Firefox's lines do.
    let read = readings[0].failure.as_ref().map(Failure::kind);
    assert_eq!(read, Some(failure.kind()), "{readings:#?}");
    if engine == Engine::Firefox {
        assert_eq!(readings[0].failure, Some(failure), "{readings:#?}");
    }
}
