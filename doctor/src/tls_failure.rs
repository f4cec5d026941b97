//! A failed TLS handshake as its own answer: one sentence a learner can act
//! on, never a CORS verdict. A browser that meets the same failure stops
//! before any CORS check (and JavaScript sees the TypeError a CORS failure
//! also gives), so the doctor says which failure it was.

use std::error::Error;

use rustls::CertificateError;

/// The sentence for a request to `host` that failed with `error`, when
/// somewhere in its chain of causes TLS failed.
pub fn describe(host: &str, error: &(dyn Error + 'static)) -> Option<String> {
    let sentence = match tls_error(error) {
        Some(rustls::Error::InvalidCertificate(certificate)) => {
            certificate_problem(host, certificate)
        }
        Some(other) => format!("the TLS handshake with {host} failed ({other})"),
        None if closed_in_handshake(error) => format!(
            "the TLS handshake with {host} failed: the server closed the connection \
             (is it serving https on that port?)"
        ),
        None => return None,
    };
    Some(format!(
        "{sentence}. A browser fails such a request before any CORS check."
    ))
}

/// The rustls error among `error`'s causes.
fn tls_error<'a>(error: &'a (dyn Error + 'static)) -> Option<&'a rustls::Error> {
    causes(error).find_map(|cause| cause.downcast_ref::<rustls::Error>())
}

/// tokio-rustls's own error for a peer that hung up mid-handshake.
fn closed_in_handshake(error: &(dyn Error + 'static)) -> bool {
    causes(error).any(|cause| cause.to_string() == "tls handshake eof")
}

/// `error` and its causes. An `io::Error` hides the error it wraps from
/// `source()` (it gives that error's own source), so the walk goes into it
/// instead: reqwest's connect error holds an `io::Error` that holds
/// another, which holds rustls's.
fn causes<'a>(error: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(
        Some(error),
        |&error: &&'a (dyn Error + 'static)| match error.downcast_ref::<std::io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &(dyn Error + 'static)),
            None => error.source(),
        },
    )
}

fn certificate_problem(host: &str, problem: &CertificateError) -> String {
    match problem {
        CertificateError::UnknownIssuer => format!(
            "{host}'s certificate is issued by a certificate authority the doctor does not \
             trust (unknown issuer): give its CA with --cacert FILE (the lab's own is at \
             /lab-ca.pem)"
        ),
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            format!("{host}'s certificate has expired{}", expiry(problem))
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            format!("{host}'s certificate is not valid yet{}", expiry(problem))
        }
        CertificateError::NotValidForName => {
            format!("{host}'s certificate is for another name")
        }
        CertificateError::NotValidForNameContext { presented, .. } => format!(
            "{host}'s certificate is for another name: it names {}",
            presented.join(", ")
        ),
        CertificateError::BadSignature => format!(
            "{host}'s certificate names a certificate authority the doctor trusts, but that \
             CA did not sign it (bad signature): another CA of the same name signed it, as \
             when a lab's CA is made again; trust the one the server uses now (the lab's is \
             at /lab-ca.pem)"
        ),
        other => format!("{host}'s certificate is refused ({other:?})"),
    }
}

/// ` (on 2026-11-30, …)`: the dates of an expiry problem, where known.
fn expiry(problem: &CertificateError) -> String {
    match problem {
        CertificateError::ExpiredContext { time, not_after } => format!(
            " (on {}; it is {} now)",
            date(not_after.as_secs()),
            date(time.as_secs())
        ),
        CertificateError::NotValidYetContext { time, not_before } => format!(
            " (from {}; it is {} now)",
            date(not_before.as_secs()),
            date(time.as_secs())
        ),
        _ => String::new(),
    }
}

/// `2026-12-03` for seconds since the Unix epoch (UTC).
fn date(seconds: u64) -> String {
    i64::try_from(seconds)
        .ok()
        .and_then(|seconds| time::OffsetDateTime::from_unix_timestamp(seconds).ok())
        .map_or_else(
            || format!("{seconds} s after 1970"),
            |t| t.date().to_string(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_in_utc() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_796_256_000), "2026-12-03");
    }

    #[test]
    fn a_tls_error_is_found_inside_an_io_error() {
        let tls = rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer);
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, tls);
        let sentence = describe("api.test", &io).unwrap();
        assert!(sentence.contains("unknown issuer") && sentence.contains("--cacert"));
        let forged = rustls::Error::InvalidCertificate(CertificateError::BadSignature);
        let sentence = describe("api.test", &forged).unwrap();
        assert!(sentence.contains("same name") && sentence.contains("/lab-ca.pem"));
        let plain = std::io::Error::other("connection reset");
        assert_eq!(describe("api.test", &plain), None);
    }
}
