//! The doctor over https against a TLS server of its own, each failure
//! produced for real: a CA it was not given, an expired certificate, a
//! certificate for another name, and a server that speaks no TLS. Each is
//! its own sentence (exit 2), never a CORS verdict; given the CA, the same
//! server is judged.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;

use clap::Parser;
use doctor::{diagnose, Args, DoctorError};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use time::{Duration, OffsetDateTime};

/// A CA, and its certificate as PEM.
struct Ca {
    issuer: Issuer<'static, KeyPair>,
    pem: String,
}

fn ca() -> Ca {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let key = KeyPair::generate().unwrap();
    let pem = params.self_signed(&key).unwrap().pem();
    Ca {
        issuer: Issuer::new(params, key),
        pem,
    }
}

/// A server certificate for `name`, valid from `from` days to `until` days
/// from now, and its key.
fn leaf(ca: &Ca, name: &str, (from, until): (i64, i64)) -> (String, String) {
    let mut params = CertificateParams::new(vec![name.to_owned()]).unwrap();
    let now = OffsetDateTime::now_utc();
    params.not_before = now + Duration::days(from);
    params.not_after = now + Duration::days(until);
    let key = KeyPair::generate().unwrap();
    let certificate = params.signed_by(&key, &ca.issuer).unwrap();
    (certificate.pem(), key.serialize_pem())
}

/// Serves https with the certificate on a free port, answering every
/// request with the page's origin allowed; the URL of `/data` there.
fn https_server((chain, key): (String, String)) -> String {
    let chain = CertificateDer::pem_slice_iter(chain.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(key.as_bytes()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let connection = rustls::ServerConnection::new(config.clone()).unwrap();
            let tls = rustls::StreamOwned::new(connection, stream);
            // A client that refuses the certificate ends the handshake here.
            let _ = answer(tls);
        }
    });
    format!("https://localhost:{port}/data")
}

/// Reads a request's head and answers it, CORS allowing the page.
fn answer(stream: impl std::io::Read + Write) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    reader.get_mut().write_all(
        b"HTTP/1.1 200 OK\r\naccess-control-allow-origin: http://localhost:8080\r\n\
          content-length: 0\r\nconnection: close\r\n\r\n",
    )
}

fn doctor(url: &str, cacert: Option<&str>) -> Result<doctor::Report, DoctorError> {
    let mut words = vec!["cors-doctor", url, "--origin", "http://localhost:8080"];
    let file;
    if let Some(pem) = cacert {
        file = std::env::temp_dir().join(format!(
            "cors-lab-doctor-tls-{}-{}.pem",
            std::process::id(),
            url.rsplit(':').next().unwrap_or("x").replace('/', "")
        ));
        std::fs::write(&file, pem).unwrap();
        words.extend(["--cacert", file.to_str().unwrap()]);
    }
    diagnose(&Args::try_parse_from(words).unwrap())
}

fn refusal(result: Result<doctor::Report, DoctorError>) -> String {
    match result {
        Err(DoctorError::Unreachable(sentence)) => sentence,
        other => panic!("a TLS failure, not {other:?}"),
    }
}

#[test]
fn a_certificate_of_a_ca_not_given_is_an_unknown_issuer_until_given() {
    let ca = ca();
    let url = https_server(leaf(&ca, "localhost", (-1, 30)));
    let sentence = refusal(doctor(&url, None));
    assert!(
        sentence.contains("unknown issuer") && sentence.contains("--cacert FILE"),
        "{sentence}"
    );
    assert!(sentence.contains("before any CORS check"), "{sentence}");
    let report = doctor(&url, Some(&ca.pem)).unwrap();
    assert_eq!(report.exit_code(), 0, "{}", report.text);
    assert!(
        report
            .text
            .contains("> GET /data HTTP/1.1\n> Host: localhost:"),
        "{}",
        report.text
    );
}

#[test]
fn an_expired_certificate_says_when_it_expired() {
    let ca = ca();
    let url = https_server(leaf(&ca, "localhost", (-30, -2)));
    let sentence = refusal(doctor(&url, Some(&ca.pem)));
    let expired_on = (OffsetDateTime::now_utc() - Duration::days(2))
        .date()
        .to_string();
    assert!(
        sentence.contains("has expired") && sentence.contains(&expired_on),
        "{sentence} (expected {expired_on})"
    );
}

#[test]
fn a_certificate_not_valid_yet_says_from_when() {
    let ca = ca();
    let url = https_server(leaf(&ca, "localhost", (3, 30)));
    let sentence = refusal(doctor(&url, Some(&ca.pem)));
    assert!(sentence.contains("is not valid yet"), "{sentence}");
}

#[test]
fn a_certificate_for_another_name_names_the_names_it_holds() {
    let ca = ca();
    let url = https_server(leaf(&ca, "api.example.test", (-1, 30)));
    let sentence = refusal(doctor(&url, Some(&ca.pem)));
    assert!(
        sentence.contains("localhost's certificate is for another name")
            && sentence.contains("api.example.test"),
        "{sentence}"
    );
}

#[test]
fn a_server_that_speaks_no_tls_is_a_failed_handshake() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = answer(stream);
        }
    });
    let sentence = refusal(doctor(&format!("https://localhost:{port}/data"), None));
    assert!(
        sentence.contains("the TLS handshake with localhost failed"),
        "{sentence}"
    );
}
