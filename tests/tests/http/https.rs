//! server-b's https listener: the same API, over HTTP/2 and HTTP/1.1, with
//! a certificate the lab's CA issued for the lab's names, answering to the
//! lab's names only, and deciding CORS as its http twin does.

use lab_tests::http::{https_client, send, USER};
use lab_tests::{spawn_app, Https, TestApp};
use reqwest::{Method, Version};
use serde_json::Value;

/// The https origin of this lab, or `None` (with a line saying so) against
/// running servers that were not given `LAB_B_TLS_URL` and `LAB_TLS_CA`.
fn https_of(app: &TestApp) -> Option<&Https> {
    if app.api_tls.is_none() {
        eprintln!("skipped: set LAB_B_TLS_URL and LAB_TLS_CA to test the running server-b's https");
    }
    app.api_tls.as_ref()
}

#[tokio::test]
async fn the_api_answers_over_http2_and_http11_with_a_certificate_of_the_lab_ca() {
    let app = spawn_app();
    let Some(https) = https_of(&app) else { return };
    let url = format!("{}/healthz", https.origin);
    // ALPN picks h2 unless the client offers HTTP/1.1 alone.
    for (http1_only, version) in [(false, Version::HTTP_2), (true, Version::HTTP_11)] {
        let client = https_client(&https.ca_pem, http1_only);
        let reply = client.get(&url).send().await.unwrap();
        assert_eq!(reply.status(), 200);
        assert_eq!(reply.version(), version);
    }
}

#[tokio::test]
async fn a_client_that_does_not_trust_the_lab_ca_is_refused_the_handshake() {
    let app = spawn_app();
    let Some(https) = https_of(&app) else { return };
    let stranger = another_ca_pem();
    let error = https_client(&stranger, false)
        .get(format!("{}/healthz", https.origin))
        .send()
        .await
        .expect_err("a certificate from an untrusted CA");
    // Another lab's CA has the same name, so the signature is what fails.
    let chain = format!("{error:?}");
    assert!(chain.contains("InvalidCertificate"), "{chain}");
}

/// A CA certificate that did not issue the lab's: the lab CA of another
/// directory.
fn another_ca_pem() -> String {
    let dir = std::env::temp_dir().join(format!("cors-lab-stranger-ca-{}", std::process::id()));
    let ca = common::tls::Authority::load_or_create(&dir).unwrap();
    ca.certificate_pem.clone()
}

#[tokio::test]
async fn the_https_origin_decides_cors_as_the_http_one() {
    let app = spawn_app();
    let Some(https) = https_of(&app) else { return };
    let client = https_client(&https.ca_pem, false);
    let preflight = |origin: &str| {
        client
            .request(
                Method::OPTIONS,
                format!("{}/api/login?run={}", https.origin, app.run),
            )
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
    };
    let from_page = send(preflight(&app.page)).await;
    assert_eq!(
        from_page.header("access-control-allow-origin"),
        Some(app.page.as_str())
    );
    assert_eq!(
        from_page.header("access-control-allow-credentials"),
        Some("true")
    );
    // The page's origin with the other scheme is another origin.
    let https_page = app.page.replace("http:", "https:");
    let other_scheme = send(preflight(&https_page)).await;
    assert_eq!(other_scheme.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn the_https_port_answers_to_the_lab_names_only() {
    let app = spawn_app();
    let Some(https) = https_of(&app) else { return };
    // HTTP/1.1, where Host is a header a client may set.
    let client = https_client(&https.ca_pem, true);
    let foreign = client
        .get(format!("{}/healthz", https.origin))
        .header("Host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 421);
}

#[tokio::test]
async fn the_page_hands_out_the_ca_certificate_and_never_its_key() {
    let app = spawn_app();
    let Some(https) = https_of(&app) else { return };
    let reply = send(app.client().get(app.page_url("/lab-ca.pem"))).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/x-pem-file"));
    assert_eq!(reply.text.trim(), https.ca_pem.trim());
    assert!(!reply.text.contains("PRIVATE KEY"));
    for path in [
        "/ca-key.pem",
        "/lab-ca-key.pem",
        "/../ca-key.pem",
        "/lab-ca.pem/../ca-key.pem",
    ] {
        let reply = send(app.client().get(app.page_url(path))).await;
        assert!(!reply.text.contains("PRIVATE KEY"), "{path}");
    }
    let config = send(app.client().get(app.page_url("/config.json"))).await;
    assert_eq!(config.json["apiTlsOrigin"], https.origin.as_str());
}

/// `--tls-cert`/`--tls-key`: server-b serves a certificate of the
/// learner's own (here one of another CA), and a key file that holds no key
/// stops it at start with a sentence naming what is wrong.
#[tokio::test]
async fn a_certificate_of_ones_own_is_served_and_a_bad_key_refused() {
    use clap::Parser;
    let dir = std::env::temp_dir().join(format!("cors-lab-own-cert-{}", std::process::id()));
    let own_ca = common::tls::Authority::load_or_create(&dir.join("ca")).unwrap();
    let issued = own_ca.issue(&["localhost".into()]).unwrap();
    let (cert, key, bad_key) = (
        dir.join("cert.pem"),
        dir.join("key.pem"),
        dir.join("bad.pem"),
    );
    std::fs::write(&cert, &issued.chain_pem).unwrap();
    std::fs::write(&key, &issued.key_pem).unwrap();
    std::fs::write(&bad_key, "not a key\n").unwrap();
    let settings = |key: &std::path::Path| {
        let words = ["server-b", "--port", "0", "--tls-port", "0", "--tls-cert"];
        let cli = server_b::configuration::Cli::try_parse_from(
            words.iter().map(|w| w.to_string()).chain([
                cert.display().to_string(),
                "--tls-key".into(),
                key.display().to_string(),
            ]),
        )
        .unwrap();
        server_b::configuration::Settings::from_cli(cli).unwrap()
    };
    let err = format!(
        "{:#}",
        server_b::startup::build(settings(&bad_key)).err().unwrap()
    );
    assert!(
        err.contains("--tls-key") && err.contains("no PEM private key"),
        "{err}"
    );
    let running = server_b::startup::build(settings(&key)).unwrap();
    let port = running.tls_port().expect("an https port");
    let handle = running.handle();
    tokio::spawn(running.run_until_stopped());
    let reply = https_client(&own_ca.certificate_pem, false)
        .get(format!("https://localhost:{port}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    handle.stop(false).await;
    std::fs::remove_dir_all(dir).unwrap();
}

/// The page's curl view of an https step, run as a learner would run it:
/// the setup saves the lab's CA from the page, then curl reaches server-b's
/// https origin and sees its answer to the page's origin.
#[tokio::test]
async fn the_curl_view_of_an_https_step_runs() {
    let app = spawn_app();
    let Some(https) = https_of(&app) else { return };
    if std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_err()
    {
        return eprintln!("skipped: curl is not installed");
    }
    let lessons = send(app.client().get(app.page_url("/lessons.json"))).await;
    let lesson = lessons
        .json
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "origin-port");
    let steps = lesson.expect("lesson 4")["steps"].as_array().unwrap();
    let step = steps
        .iter()
        .find(|s| s["name"] == "https-page-origin")
        .unwrap();
    assert_eq!(step["request_origin"], https.origin.as_str());
    let shell = |line: &Value| {
        let output = std::process::Command::new("sh")
            .args(["-c", line.as_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{line}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).to_lowercase()
    };
    for setup in step["curl_setup"].as_array().expect("a setup for https") {
        shell(setup);
    }
    let curl = step["curl"].as_array().unwrap();
    assert!(
        curl.iter()
            .all(|c| c.as_str().unwrap().contains("--cacert")),
        "{curl:?}"
    );
    let answer = shell(curl.last().unwrap());
    let allowed = format!("access-control-allow-origin: {}", app.page);
    assert!(
        answer.starts_with("http/2 200") && answer.contains(&allowed),
        "{answer}"
    );
}

/// The session cookie of a login over https is `Secure`; over plain http it
/// is not (a LAN name over http could not store it).
#[tokio::test]
async fn a_login_over_https_gets_a_secure_session_cookie() {
    let app = spawn_app();
    let Some(https) = https_of(&app) else { return };
    let login = |client: reqwest::Client, origin: String| {
        let page = app.page.clone();
        let run = app.run.clone();
        async move {
            let reply = send(
                client
                    .post(format!("{origin}/api/login?run={run}"))
                    .header("Origin", page)
                    .json(&serde_json::json!({"email": USER.0, "password": USER.1})),
            )
            .await;
            assert_eq!(reply.status, 200, "{}", reply.text);
            lab_tests::http::set_cookie(&reply.headers, "lab_session").expect("a session cookie")
        }
    };
    // The attributes only: a cookie's value is never printed.
    let attributes =
        |set_cookie: String| set_cookie.split_once(';').unwrap_or_default().1.to_owned();
    let over_https =
        attributes(login(https_client(&https.ca_pem, false), https.origin.clone()).await);
    assert!(over_https.ends_with("; Secure"), "{over_https}");
    assert!(over_https.contains("HttpOnly"), "{over_https}");
    let over_http = attributes(login(app.client().clone(), app.api.clone()).await);
    assert!(
        !over_http.to_ascii_lowercase().contains("secure"),
        "{over_http}"
    );
}
