//! Where the probe connects for the URL the learner typed. Run directly
//! (`scripts/run-lab`), server-a shares the learner's machine, and
//! `localhost` is the same place for both. In a container it is not:
//! server-a's `localhost` is its own container. So, set by docker-compose.yml:
//!
//! - `DOCTOR_LOOPBACK_HOST` (`host.docker.internal`, which compose maps to the
//!   Docker host through `host-gateway`): a URL on `localhost`, a name under
//!   `.localhost`, `127.0.0.0/8` or `[::1]` is reached there, on the same port;
//! - `DOCTOR_API_ADDRESS` (`server-b:8081`): the API's origin, as the browser
//!   sees it (`API_ORIGIN`, or any loopback name with its port), is reached at
//!   server-b's address on the compose network. server-b is published on the
//!   host's 127.0.0.1 only, which the host-gateway address does not reach;
//! - `DOCTOR_API_TLS_ADDRESS` (`server-b:8443`): the same for the API's https
//!   origin (`API_TLS_ORIGIN`). The TLS handshake still names the URL's host,
//!   so server-b's certificate is checked for the name the browser uses.
//!
//! Only where the probe connects changes: the request keeps the URL as typed
//! (its `Host`, the `Origin` sent), and the SSRF guard judges the address it
//! finally connects to (the host-gateway address is private, allowed on
//! purpose; link-local and the rest are still refused).

use std::net::IpAddr;

use anyhow::Context;
use url::{Host, Url};

use super::guard::{written, Target};

/// The mappings, both off by default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    /// Where the learner's loopback is, seen from server-a.
    pub loopback_host: Option<Host<String>>,
    /// server-b's address, seen from server-a, and its port.
    pub api_address: Option<(Host<String>, u16)>,
    /// server-b's https address, seen from server-a, and its port.
    pub api_tls_address: Option<(Host<String>, u16)>,
}

impl Reach {
    /// `DOCTOR_LOOPBACK_HOST` (a host) and `DOCTOR_API_ADDRESS` (`host:port`),
    /// checked; empty values count as unset.
    pub fn parse(loopback_host: Option<&str>, api_address: Option<&str>) -> anyhow::Result<Reach> {
        let loopback_host = loopback_host
            .filter(|text| !text.is_empty())
            .map(|text| {
                Host::parse(text).with_context(|| {
                    format!("'{text}' is not a host name (like host.docker.internal)")
                })
            })
            .transpose()
            .context("--doctor-loopback-host / DOCTOR_LOOPBACK_HOST")?;
        let api_address =
            address(api_address).context("--doctor-api-address / DOCTOR_API_ADDRESS")?;
        Ok(Reach {
            loopback_host,
            api_address,
            api_tls_address: None,
        })
    }

    /// `DOCTOR_API_TLS_ADDRESS` (`host:port`) too; empty counts as unset.
    pub fn with_api_tls_address(self, address: Option<&str>) -> anyhow::Result<Reach> {
        let api_tls_address =
            self::address(address).context("--doctor-api-tls-address / DOCTOR_API_TLS_ADDRESS")?;
        Ok(Reach {
            api_tls_address,
            ..self
        })
    }

    /// Where to connect for `url`, whose host and port the browser uses;
    /// `apis` are server-b's origins as the browser sees them: http, and
    /// https when it serves it.
    pub fn target(&self, url: &Url, apis: &ApiOrigins) -> Result<Target, super::guard::Refused> {
        let direct = Target::of(url)?;
        let routes = [
            (Some(apis.http.as_str()), &self.api_address),
            (apis.https.as_deref(), &self.api_tls_address),
        ];
        for (origin, address) in routes {
            if let (Some(origin), Some((host, port))) = (origin, address) {
                if names_origin(&direct, origin) {
                    return Ok(mapped(direct, host.clone(), *port));
                }
            }
        }
        let loopback = is_loopback(&direct.host);
        match &self.loopback_host {
            Some(host) if loopback => {
                let port = direct.port;
                Ok(mapped(direct, host.clone(), port))
            }
            _ => Ok(direct),
        }
    }
}

/// server-b's origins as the browser sees them.
#[derive(Clone, Debug)]
pub struct ApiOrigins {
    /// `API_ORIGIN`.
    pub http: String,
    /// `API_TLS_ORIGIN`, when server-b serves https.
    pub https: Option<String>,
}

/// Whether `direct` is `origin`'s host and port (any loopback name counts
/// for a loopback origin).
fn names_origin(direct: &Target, origin: &str) -> bool {
    let api = Url::parse(origin)
        .ok()
        .and_then(|api| Some((api.host()?.to_owned(), api.port_or_known_default()?)));
    api.is_some_and(|(api_host, api_port)| {
        api_port == direct.port
            && (api_host == direct.host || (is_loopback(&direct.host) && is_loopback(&api_host)))
    })
}

fn mapped(direct: Target, host: Host<String>, port: u16) -> Target {
    let there = format!("{}:{port}", written(&host));
    let note = if port == direct.port {
        format!(
            "server-a runs in a container and reaches your machine's {} at {there}: \
             a server there answers only if it listens on all interfaces (0.0.0.0), \
             not on 127.0.0.1 alone",
            direct.shown
        )
    } else {
        format!("server-a runs in a container and reaches this origin at {there}")
    };
    Target {
        shown: format!("{} (reached as {there})", direct.shown),
        note: Some(note),
        host,
        port,
    }
}

/// An address setting: unset or empty is none, anything else `host:port`.
fn address(text: Option<&str>) -> anyhow::Result<Option<(Host<String>, u16)>> {
    text.filter(|text| !text.is_empty())
        .map(host_and_port)
        .transpose()
}

/// `host:port`, as `server-b:8081` or `[::1]:8081`.
fn host_and_port(text: &str) -> anyhow::Result<(Host<String>, u16)> {
    let url = Url::parse(&format!("http://{text}/"))
        .ok()
        .filter(|url| url.path() == "/" && url.username().is_empty());
    let parsed = url.and_then(|url| Some((url.host()?.to_owned(), url.port()?)));
    parsed.with_context(|| format!("'{text}' is not host:port (like server-b:8081)"))
}

/// What the learner's browser reaches on its own machine: `localhost`, a
/// name under `.localhost`, and loopback addresses.
fn is_loopback(host: &Host<String>) -> bool {
    match host {
        Host::Domain(name) => {
            let name = name.strip_suffix('.').unwrap_or(name);
            name == "localhost" || name.ends_with(".localhost")
        }
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => {
            ip.is_loopback()
                || ip
                    .to_ipv4_mapped()
                    .is_some_and(|v4| IpAddr::V4(v4).is_loopback())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const API: &str = "http://localhost:9081";

    fn apis(http: &str) -> ApiOrigins {
        ApiOrigins {
            http: http.into(),
            https: Some("https://localhost:9443".into()),
        }
    }

    fn compose() -> Reach {
        Reach::parse(Some("host.docker.internal"), Some("server-b:8081"))
            .and_then(|reach| reach.with_api_tls_address(Some("server-b:8443")))
            .unwrap()
    }

    fn target(reach: &Reach, url: &str) -> (String, u16, String) {
        let t = reach.target(&Url::parse(url).unwrap(), &apis(API)).unwrap();
        (written(&t.host), t.port, t.shown)
    }

    #[test]
    fn off_by_default_every_url_is_reached_as_written() {
        let reach = Reach::parse(None, Some("")).unwrap();
        assert_eq!(reach, Reach::default());
        for (url, host, port) in [
            ("http://localhost:3000/", "localhost", 3000),
            ("http://localhost:9081/api/me", "localhost", 9081),
            ("http://[::1]/", "[::1]", 80),
        ] {
            let (h, p, shown) = target(&reach, url);
            assert_eq!((h.as_str(), p, shown.as_str()), (host, port, host));
        }
    }

    #[test]
    fn in_a_container_loopback_is_the_docker_host() {
        let reach = compose();
        for url in [
            "http://localhost:3000/",
            "http://LOCALHOST.:3000/x",
            "http://api.localhost:3000/",
            "http://127.0.0.1:3000/",
            "http://127.1.2.3:3000/",
            "http://[::1]:3000/",
            "http://[::ffff:127.0.0.1]:3000/",
        ] {
            let (host, port, shown) = target(&reach, url);
            assert_eq!(
                (host.as_str(), port),
                ("host.docker.internal", 3000),
                "{url}"
            );
            assert!(
                shown.ends_with(" (reached as host.docker.internal:3000)"),
                "{shown}"
            );
            let note = reach
                .target(&Url::parse(url).unwrap(), &apis(API))
                .unwrap()
                .note;
            assert!(note
                .unwrap()
                .contains("listens on all interfaces (0.0.0.0)"));
        }
        let (host, _, shown) = target(&reach, "http://192.168.1.10:3000/");
        assert_eq!(
            (host.as_str(), shown.as_str()),
            ("192.168.1.10", "192.168.1.10")
        );
        let (host, ..) = target(&reach, "http://localhost.example:3000/");
        assert_eq!(host, "localhost.example");
    }

    #[test]
    fn the_api_origin_is_server_b_on_the_compose_network() {
        let reach = compose();
        for url in [
            "http://localhost:9081/api/me",
            "http://127.0.0.1:9081/api/me",
            "http://[::1]:9081/",
        ] {
            let (host, port, shown) = target(&reach, url);
            assert_eq!((host.as_str(), port), ("server-b", 8081), "{url}");
            assert!(shown.ends_with("(reached as server-b:8081)"), "{shown}");
        }
        // Another port of the host is the host's.
        assert_eq!(
            target(&reach, "http://localhost:9082/").0,
            "host.docker.internal"
        );
        // A classroom's name for the API is mapped too; the name alone is not.
        let url = Url::parse("http://teacher.local:9081/api/me").unwrap();
        let t = reach
            .target(&url, &apis("http://teacher.local:9081"))
            .unwrap();
        assert_eq!((written(&t.host), t.port), ("server-b".into(), 8081));
        let t = reach.target(&url, &apis(API)).unwrap();
        assert_eq!(written(&t.host), "teacher.local");
    }

    #[test]
    fn the_api_https_origin_is_server_b_s_https_port() {
        let reach = compose();
        for url in ["https://localhost:9443/api/me", "https://127.0.0.1:9443/"] {
            let (host, port, shown) = target(&reach, url);
            assert_eq!((host.as_str(), port), ("server-b", 8443), "{url}");
            assert!(shown.ends_with("(reached as server-b:8443)"), "{shown}");
        }
        // Without a mapping of its own it is the Docker host's port, as any.
        let http_only = Reach::parse(Some("host.docker.internal"), Some("server-b:8081")).unwrap();
        assert_eq!(
            target(&http_only, "https://localhost:9443/").0,
            "host.docker.internal"
        );
        let err = format!(
            "{:#}",
            Reach::default()
                .with_api_tls_address(Some("server-b"))
                .unwrap_err()
        );
        assert!(err.contains("DOCTOR_API_TLS_ADDRESS"), "{err}");
    }

    #[test]
    fn bad_settings_say_what_to_write() {
        let err = format!("{:#}", Reach::parse(Some("a b"), None).unwrap_err());
        assert!(
            err.contains("DOCTOR_LOOPBACK_HOST") && err.contains("like host.docker.internal"),
            "{err}"
        );
        for bad in [
            "server-b",
            "server-b:x",
            "http://server-b:8081",
            "server-b:8081/x",
            "u@server-b:8081",
        ] {
            let err = format!("{:#}", Reach::parse(None, Some(bad)).unwrap_err());
            assert!(
                err.contains("DOCTOR_API_ADDRESS") && err.contains("server-b:8081"),
                "{bad}: {err}"
            );
        }
        let reach = Reach::parse(None, Some("[::1]:8081")).unwrap();
        assert_eq!(
            reach.api_address,
            Some((Host::Ipv6("::1".parse().unwrap()), 8081))
        );
    }
}
