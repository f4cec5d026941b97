//! Sends one request exactly as given and reads the answer back as the
//! model's [`Answer`]; writes both as raw HTTP for the learner to read.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use cors_model::{Answer, Headers};
use reqwest::blocking::{Client as BlockingClient, ClientBuilder, RequestBuilder};
use reqwest::redirect::Policy;
use url::Url;

use crate::{tls_failure, DoctorError, Transport};

/// One request the doctor sends.
#[derive(Clone, Debug)]
pub struct Outgoing {
    /// The method, as sent.
    pub method: String,
    /// Where it goes.
    pub url: Url,
    /// In order, as sent (`Host` is added by the client and shown first).
    pub headers: Headers,
}

/// How the HTTP client behaves.
#[derive(Clone, Debug)]
pub struct Options {
    /// For each request, connect to answer.
    pub timeout: Duration,
    /// Connect to these addresses (with their port), whatever the URL's host
    /// and port say, and send the URL's `Host` all the same: the caller
    /// resolved and checked them (server-a's address guard), and a second
    /// lookup could answer differently (DNS rebinding). In a container the
    /// caller also maps the learner's `localhost` to the Docker host here.
    pub pin: Option<Vec<SocketAddr>>,
    /// Use the proxies named in the environment (`HTTP_PROXY`, …). The command
    /// line does, as curl would; server-a must not, since a proxy would
    /// resolve and reach the host itself, past the address guard.
    pub proxies: bool,
    /// CA certificates (PEM) trusted for https beside the system's: the
    /// lab's own CA, or `--cacert`.
    pub extra_roots: Vec<String>,
}

impl Options {
    /// The command line's: its timeout, the system's resolver and proxies.
    pub fn command_line(timeout_secs: u64) -> Self {
        Options {
            timeout: Duration::from_secs(timeout_secs),
            pin: None,
            proxies: true,
            extra_roots: Vec::new(),
        }
    }
}

/// A blocking client that never follows a redirect (the doctor sends each
/// hop itself) and never reads a body.
pub struct Client {
    inner: reqwest::blocking::Client,
    options: Options,
}

/// The name a pinned http request is sent to: only the client's own
/// resolver override knows it (`.invalid` never resolves), so the connection
/// goes to the pinned addresses whatever the URL's host is, a name or an
/// address.
const PINNED: &str = "pinned.doctor.invalid";

impl Client {
    /// A client that behaves as `options` say.
    pub fn new(options: Options) -> Result<Client, DoctorError> {
        if let Some(addresses) = &options.pin {
            pinned_port(addresses)?;
        }
        let inner = client(&options, |builder| match &options.pin {
            Some(addresses) => builder.resolve_to_addrs(PINNED, addresses),
            None => builder,
        })?;
        Ok(Client { inner, options })
    }
}

impl Transport for Client {
    fn send(&self, out: &Outgoing) -> Result<Answer, DoctorError> {
        let request = match (&self.options.pin, out.url.scheme()) {
            (None, _) => self.inner.request(method(out)?, out.url.clone()),
            (Some(addresses), "https") => pinned_https(&self.options, addresses, out)?,
            (Some(addresses), _) => pinned_http(&self.inner, addresses, out)?,
        };
        send(request, out, self.options.timeout)
    }
}

/// A reqwest client set up as `options` say, on rustls with the ring
/// provider, then as `more` says (pinning). It trusts the system's CAs and
/// `options.extra_roots`; where the system has no CA store at all (the
/// lab's slim container image), the extra roots alone, so that plain http
/// and the lab's own https still work.
fn client(
    options: &Options,
    more: impl Fn(ClientBuilder) -> ClientBuilder,
) -> Result<BlockingClient, DoctorError> {
    // reqwest is built without a provider of its own: ring, as the lab's
    // servers use, for the whole process (a second install changes nothing).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let roots = extra_roots(options)?;
    let with_system = more(base(options)).tls_certs_merge(roots.clone());
    with_system
        .build()
        .or_else(|_| more(base(options)).tls_certs_only(roots).build())
        .map_err(|e| DoctorError::Unreachable(format!("cannot build an HTTP client: {e}")))
}

fn base(options: &Options) -> ClientBuilder {
    // HTTP/1.1 always, as the wire the doctor shows says: another crate of
    // the same build (the test suites') turns on reqwest's http2 feature,
    // and features are shared, so without this the probe would offer h2
    // through ALPN in one build and not in another.
    let builder = reqwest::blocking::Client::builder()
        .http1_only()
        .redirect(Policy::none())
        .timeout(options.timeout)
        .connect_timeout(options.timeout);
    if options.proxies {
        builder
    } else {
        builder.no_proxy()
    }
}

fn extra_roots(options: &Options) -> Result<Vec<reqwest::Certificate>, DoctorError> {
    let mut roots = Vec::new();
    for pem in &options.extra_roots {
        let bundle = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
            .map_err(|e| DoctorError::Usage(format!("a CA certificate is not PEM: {e}")))?;
        roots.extend(bundle);
    }
    Ok(roots)
}

/// The port pinned connections go to.
fn pinned_port(addresses: &[SocketAddr]) -> Result<u16, DoctorError> {
    addresses
        .first()
        .map(SocketAddr::port)
        .ok_or_else(|| DoctorError::Unreachable("no address to connect to".to_owned()))
}

fn method(out: &Outgoing) -> Result<reqwest::Method, DoctorError> {
    reqwest::Method::from_bytes(out.method.as_bytes())
        .map_err(|_| DoctorError::Usage(format!("'{}' is not a method", out.method)))
}

/// Plain http to the pinned addresses: the URL names the pinned name and
/// port; the request still names the URL's host, as a browser's would.
fn pinned_http(
    client: &BlockingClient,
    addresses: &[SocketAddr],
    out: &Outgoing,
) -> Result<RequestBuilder, DoctorError> {
    let mut url = out.url.clone();
    let rewritten =
        url.set_host(Some(PINNED)).is_ok() && url.set_port(Some(pinned_port(addresses)?)).is_ok();
    if !rewritten {
        return Err(DoctorError::Usage(format!(
            "{} has no host to replace",
            out.url
        )));
    }
    Ok(client
        .request(method(out)?, url)
        .header(reqwest::header::HOST, host_header(&out.url)))
}

/// https to the pinned addresses: the TLS handshake must name the URL's own
/// host (SNI) and check the certificate against it, so the URL keeps its
/// host and a client of this request's own resolves that host to the
/// pinned addresses. Only the port may change (a container's published
/// port), with `Host` as the browser sends it.
fn pinned_https(
    options: &Options,
    addresses: &[SocketAddr],
    out: &Outgoing,
) -> Result<RequestBuilder, DoctorError> {
    let port = pinned_port(addresses)?;
    let mut url = out.url.clone();
    let written_address = |ip: IpAddr| addresses.contains(&SocketAddr::new(ip, port));
    let client = match out.url.host() {
        Some(url::Host::Domain(name)) => {
            client(options, |builder| builder.resolve_to_addrs(name, addresses))?
        }
        Some(url::Host::Ipv4(ip)) if written_address(ip.into()) => client(options, |b| b)?,
        Some(url::Host::Ipv6(ip)) if written_address(ip.into()) => client(options, |b| b)?,
        _ => {
            return Err(DoctorError::Unreachable(format!(
                "{} is reached elsewhere from here, which https to an address cannot do \
                 (the certificate is checked for the address): use its name, like localhost",
                out.url
            )))
        }
    };
    url.set_port(Some(port))
        .map_err(|()| DoctorError::Usage(format!("{} has no port to set", out.url)))?;
    Ok(client
        .request(method(out)?, url)
        .header(reqwest::header::HOST, host_header(&out.url)))
}

fn send(request: RequestBuilder, out: &Outgoing, timeout: Duration) -> Result<Answer, DoctorError> {
    let mut request = request;
    for (name, value) in out.headers.iter() {
        request = request.header(name, value);
    }
    // The body is never read: dropping the response closes the connection.
    let response = request
        .send()
        .map_err(|e| transport_error(&out.url, timeout, &e.without_url()))?;
    let mut answer = Answer::new(response.status().as_u16());
    for (name, value) in response.headers() {
        let value = String::from_utf8_lossy(value.as_bytes());
        answer = answer.with(name.as_str(), &value);
    }
    Ok(answer)
}

fn transport_error(url: &Url, timeout: Duration, e: &reqwest::Error) -> DoctorError {
    let host = url.host_str().unwrap_or("?");
    if e.is_timeout() {
        DoctorError::Unreachable(format!(
            "{host} did not answer within {} s",
            timeout.as_secs_f32()
        ))
    } else if let Some(sentence) = tls_failure::describe(host, e) {
        // The handshake is part of connecting: asked first.
        DoctorError::Unreachable(sentence)
    } else if e.is_connect() {
        DoctorError::Unreachable(format!(
            "cannot connect to {host}:{}",
            url.port_or_known_default().unwrap_or(0)
        ))
    } else {
        DoctorError::Unreachable(format!("request to {url} failed: {}", reason_chain(e)))
    }
}

/// The error and every cause under it, in one line.
fn reason_chain(e: &reqwest::Error) -> String {
    let mut reason = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        reason = format!("{reason}: {cause}");
        source = cause.source();
    }
    reason
}

/// `Host` for a URL: its host, and its port unless the scheme's default.
fn host_header(url: &Url) -> String {
    match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or("")),
        None => url.host_str().unwrap_or("").to_owned(),
    }
}

/// The request as raw HTTP/1.1 lines, prefixed `> `.
pub fn raw_request(out: &Outgoing) -> String {
    let mut path = out.url.path().to_owned();
    if let Some(query) = out.url.query() {
        path = format!("{path}?{query}");
    }
    let host = host_header(&out.url);
    let mut text = format!("> {} {path} HTTP/1.1\n> Host: {host}\n", out.method);
    for (name, value) in out.headers.iter() {
        text += &format!("> {name}: {value}\n");
    }
    text
}

/// The answer as raw lines, prefixed `< `.
pub fn raw_answer(answer: &Answer) -> String {
    let reason = reqwest::StatusCode::from_u16(answer.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let mut text = format!("< HTTP/1.1 {} {reason}\n", answer.status);
    for (name, value) in answer.headers.iter() {
        text += &format!("< {name}: {value}\n");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_lines_show_path_query_and_host() {
        let out = Outgoing {
            method: "OPTIONS".into(),
            url: Url::parse("http://localhost:8081/api/login?run=1").unwrap(),
            headers: Headers::new().with("Origin", "http://localhost:8080"),
        };
        assert_eq!(
            raw_request(&out),
            "> OPTIONS /api/login?run=1 HTTP/1.1\n> Host: localhost:8081\n> Origin: http://localhost:8080\n"
        );
        let answer = Answer::new(204).with("Vary", "Origin");
        assert_eq!(
            raw_answer(&answer),
            "< HTTP/1.1 204 No Content\n< Vary: Origin\n"
        );
    }
}
