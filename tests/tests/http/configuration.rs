//! Bad values stop a server at start with a clear message.

use clap::Parser;

fn server_b(args: &[&str]) -> anyhow::Result<server_b::configuration::Settings> {
    let cli = server_b::configuration::Cli::try_parse_from(
        std::iter::once("server-b").chain(args.iter().copied()),
    )?;
    server_b::configuration::Settings::from_cli(cli)
}

fn server_a(args: &[&str]) -> anyhow::Result<server_a::configuration::Settings> {
    let cli = server_a::configuration::Cli::try_parse_from(
        std::iter::once("server-a").chain(args.iter().copied()),
    )?;
    server_a::configuration::Settings::from_cli(cli)
}

#[test]
fn origins_with_a_path_or_trailing_slash_are_refused() {
    for bad in [
        "http://localhost:8080/",
        "http://localhost:8080/lab",
        "localhost:8080",
    ] {
        let err = format!("{:#}", server_b(&["--allowed-origins", bad]).err().unwrap());
        assert!(
            err.contains("ALLOWED_ORIGINS") && err.contains(bad),
            "{err}"
        );
        let err = format!("{:#}", server_a(&["--api-origin", bad]).err().unwrap());
        assert!(err.contains("API_ORIGIN"), "{err}");
    }
    let settings = server_b(&[
        "--allowed-origins",
        "http://localhost:8080,http://127.0.0.1:8080",
    ])
    .unwrap();
    assert_eq!(settings.allowed_origins.len(), 2);
}

#[test]
fn a_missing_static_dir_is_refused() {
    let err = format!(
        "{:#}",
        server_a(&["--static-dir", "/nonexistent"]).err().unwrap()
    );
    assert!(err.contains("/nonexistent has no index.html"), "{err}");
}

#[test]
fn a_port_in_use_is_refused() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let settings = server_b(&["--port", &port]).unwrap();
    let err = server_b::startup::build(settings).err().unwrap();
    assert!(format!("{err:#}").contains(&format!("cannot listen on 127.0.0.1:{port}")));
}

#[test]
fn the_attacker_needs_a_port_of_its_own() {
    let err = format!(
        "{:#}",
        server_a(&["--port", "9080", "--attacker-port", "9080"])
            .err()
            .unwrap()
    );
    assert!(
        err.contains("--attacker-port / ATTACKER_PORT must differ"),
        "{err}"
    );
    let settings = server_a(&["--port", "9080", "--attacker-port", "9082"]).unwrap();
    assert_eq!(settings.attacker_port, 9082);
}

#[test]
fn a_taken_attacker_port_is_refused() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let settings = server_a(&["--port", "0", "--attacker-port", &port]).unwrap();
    let err = server_a::startup::build(settings).err().unwrap();
    assert!(format!("{err:#}").contains(&format!("cannot listen on 127.0.0.1:{port}")));
}

#[test]
fn the_login_burst_is_a_setting_and_never_zero() {
    assert_eq!(server_b(&[]).unwrap().login_burst, 30);
    assert_eq!(
        server_b(&["--login-burst", "500"]).unwrap().login_burst,
        500
    );
    let err = format!("{:#}", server_b(&["--login-burst", "0"]).err().unwrap());
    assert!(
        err.contains("--login-burst / LOGIN_BURST must be at least 1"),
        "{err}"
    );
}

#[test]
fn https_settings_are_checked_at_start() {
    // A certificate needs its key, and a missing file is named by its flag.
    let alone = server_b(&["--tls-port", "0", "--tls-cert", "/nonexistent.pem"]);
    assert!(alone.is_err());
    let missing = server_b(&[
        "--tls-port",
        "0",
        "--tls-cert",
        "/nonexistent.pem",
        "--tls-key",
        "/nonexistent-key.pem",
    ]);
    let err = format!("{:#}", missing.err().unwrap());
    assert!(
        err.contains("--tls-cert / TLS_CERT") && err.contains("/nonexistent.pem"),
        "{err}"
    );
    // Without --tls-port there is no https, and no CA is made.
    let dir = std::env::temp_dir().join(format!("cors-lab-no-tls-{}", std::process::id()));
    let plain = server_b(&["--tls-dir", dir.to_str().unwrap()]).unwrap();
    assert!(plain.tls.is_none() && !dir.exists());
    // server-a's https origin must be one.
    let err = format!(
        "{:#}",
        server_a(&["--api-tls-origin", "http://localhost:8443"])
            .err()
            .unwrap()
    );
    assert!(
        err.contains("API_TLS_ORIGIN") && err.contains("not an https://"),
        "{err}"
    );
    let none = server_a(&["--api-tls-origin", ""]).unwrap();
    assert!(none.api_tls_origin.is_none());
}
