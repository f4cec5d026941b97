//! Only the lab's own names: both servers answer a request only when its
//! `Host` is `localhost`, `127.0.0.1`, `[::1]`, a name under `.localhost`, or
//! `LAB_HOST` when set, with the port the request came in on (or the port a
//! container publishes it on). Anything else gets `421 Misdirected Request`
//! and one sentence naming the accepted names and how to add one.
//!
//! This closes DNS rebinding for the whole lab. A page at
//! `http://rebind.example:8080` whose name is made to resolve to 127.0.0.1 is
//! same-origin with itself, so the browser lets it read everything it asks the
//! lab for: `POST /doctor` (which reaches loopback and private addresses on
//! purpose), the intranet lessons' tokens, the recorder. Its requests still
//! say `Host: rebind.example:8080`, and that is what is judged here, before
//! any route runs.
//!
//! A request with no `Host` at all cannot come from a browser page (every
//! browser sends one), so it rebinds nothing: HTTP/1.0 may omit it and is
//! served; HTTP/1.1 must send it (RFC 9112, 3.2) and gets 400 without one.
//! The refusal carries no CORS headers: the one page it could matter to is
//! on a name the lab does not answer to, and it must read nothing.

use std::collections::HashMap;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Version};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};

/// `LAB_HOST`: one more name the lab answers to (a classroom's
/// `teacher.local`), kept lower case and without a trailing dot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabHost(String);

/// Why a `LAB_HOST` value is refused; the message shows what to write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a host name: write the name alone, like teacher.local or 192.168.1.20 (no scheme, port or path)")]
pub struct LabHostError(String);

impl FromStr for LabHost {
    type Err = LabHostError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let refused = || LabHostError(text.to_owned());
        let trimmed = text.trim();
        if let Some(inner) = trimmed
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            let ip: Ipv6Addr = inner.parse().map_err(|_| refused())?;
            return Ok(LabHost(format!("[{ip}]")));
        }
        let name = normalise_name(trimmed).ok_or_else(refused)?;
        Ok(LabHost(name))
    }
}

impl LabHost {
    /// The name as judged (lower case, no trailing dot; IPv6 in brackets).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LabHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A DNS name or IPv4 literal in lower case without one trailing dot, or
/// `None` when it is not one (empty labels, characters no name has).
fn normalise_name(text: &str) -> Option<String> {
    let name = text.strip_suffix('.').unwrap_or(text).to_ascii_lowercase();
    let good_label = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    (name.len() <= 253 && name.split('.').all(good_label)).then_some(name)
}

/// Which names and ports a server answers to: the lab's names, and for each
/// listener the port a browser may use to reach it besides its own.
#[derive(Clone, Debug, Default)]
pub struct HostCheck {
    lab_host: Option<LabHost>,
    /// Listener port -> the port published for it (a container's `-p 9080:8080`).
    published: HashMap<u16, u16>,
}

impl HostCheck {
    /// The lab's names, plus `lab_host` when given.
    pub fn new(lab_host: Option<LabHost>) -> Self {
        HostCheck {
            lab_host,
            published: HashMap::new(),
        }
    }

    /// Also accepts `public` on requests to the listener on `listener`:
    /// the port the browser uses when a container publishes it elsewhere.
    pub fn with_published_port(mut self, listener: u16, public: Option<u16>) -> Self {
        if let Some(public) = public.filter(|public| *public != listener) {
            self.published.insert(listener, public);
        }
        self
    }

    /// Whether a `Host` value names this lab, with a port of `listener`.
    pub fn accepts(&self, host: &str, listener: u16) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        let port_ok = port == listener || self.published.get(&listener) == Some(&port);
        port_ok && self.is_lab_name(&name)
    }

    /// `LAB_HOST`, when set.
    pub fn lab_host(&self) -> Option<&str> {
        self.lab_host.as_ref().map(LabHost::as_str)
    }

    /// Whether `name` (as [`split_host`] gives it) is one of the lab's names.
    pub fn is_lab_name(&self, name: &str) -> bool {
        is_loopback_name(name) || self.lab_host.as_ref().is_some_and(|h| h.as_str() == name)
    }

    /// The one sentence of the 421 answer. It names the port the browser
    /// uses: the published one when there is one (the listener's own port
    /// inside a container is no use to a browser outside it).
    pub fn refusal(&self, host: &str, listener: u16) -> String {
        let port = self.published.get(&listener).copied().unwrap_or(listener);
        let names = match &self.lab_host {
            Some(lab_host) => format!(
                "localhost, 127.0.0.1, [::1], names under .localhost and {lab_host} (LAB_HOST)"
            ),
            None => "localhost, 127.0.0.1, [::1] and names under .localhost".to_owned(),
        };
        format!(
            "CORS Lab answers only to {names}, on port {port}, not to Host {}: \
             to open it under another name, set LAB_HOST to that name and restart the lab.\n",
            shown(host)
        )
    }
}

/// A `Host` value as quoted in the refusal: printable ASCII, at most 100 bytes.
fn shown(host: &str) -> String {
    let clean: String = host
        .chars()
        .map(|c| if c.is_ascii_graphic() { c } else { '?' })
        .take(100)
        .collect();
    format!("'{clean}'")
}

/// `localhost`, any name under `.localhost`, `127.0.0.1` and `::1` (in any
/// IPv6 spelling; `name` as [`split_host`] gives it, IPv6 in brackets).
pub fn is_loopback_name(name: &str) -> bool {
    if let Some(inner) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        return inner.parse::<Ipv6Addr>() == Ok(Ipv6Addr::LOCALHOST);
    }
    if let Ok(ip) = name.parse::<Ipv4Addr>() {
        return ip == Ipv4Addr::LOCALHOST;
    }
    name == "localhost" || name.ends_with(".localhost")
}

/// A `Host` value split into its name (lower case, no trailing dot, IPv6 in
/// brackets) and its port (80 when absent or empty, as for `http:`), or
/// `None` when it is not a host.
pub fn split_host(host: &str) -> Option<(String, u16)> {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let (inner, after) = rest.split_once(']')?;
        let ip: Ipv6Addr = inner.parse().ok()?;
        let port = match after {
            "" => None,
            after => Some(after.strip_prefix(':')?),
        };
        (format!("[{ip}]"), port)
    } else {
        let (name, port) = match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        };
        (normalise_name(name)?, port)
    };
    let port = match port {
        None | Some("") => 80,
        Some(digits) if digits.bytes().all(|b| b.is_ascii_digit()) => digits.parse().ok()?,
        Some(_) => return None,
    };
    Some((name, port))
}

/// The middleware: wrap it around the whole `App` (every route, static
/// files, every listener), with a [`HostCheck`] in the app data (without
/// one, only the lab's names on the listener's own port pass).
pub async fn refuse_other_names<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let listener = req.app_config().local_addr().port();
    let fallback = HostCheck::default();
    let check = req
        .app_data::<web::Data<HostCheck>>()
        .map_or(&fallback, |data| data.get_ref());
    let hosts: Vec<&header::HeaderValue> = req.headers().get_all(header::HOST).collect();
    // An absolute-form target (`GET http://name/ HTTP/1.1`) names a host too.
    let target = req.uri().authority().map(|a| a.as_str().to_owned());
    let refusal = match (hosts.as_slice(), &target) {
        ([], None) if req.version() <= Version::HTTP_10 => None,
        ([], None) => Some(HttpResponse::BadRequest().body(
            "An HTTP/1.1 request must name the host it is for: send a Host header, like Host: localhost.\n",
        )),
        ([_, _, ..], _) => Some(
            HttpResponse::BadRequest().body("A request must carry one Host header, not several.\n"),
        ),
        (one, target) => {
            let host = one.first().map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            [host, target.clone()]
                .into_iter()
                .flatten()
                .find(|host| !check.accepts(host, listener))
                .map(|foreign| {
                    log::warn!(
                        "421: Host {} is not one of the lab's names (port {listener})",
                        shown(&foreign)
                    );
                    HttpResponse::MisdirectedRequest().body(check.refusal(&foreign, listener))
                })
        }
    };
    match refusal {
        Some(mut response) => {
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            headers.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                header::HeaderValue::from_static("nosniff"),
            );
            Ok(req.into_response(response).map_into_right_body())
        }
        None => Ok(next.call(req).await?.map_into_left_body()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab() -> HostCheck {
        HostCheck::new(Some("Teacher.Local.".parse().unwrap()))
            .with_published_port(8080, Some(9080))
    }

    #[test]
    fn the_lab_names_pass_on_the_listener_port() {
        let check = lab();
        for host in [
            "localhost:8080",
            "LOCALHOST:8080",
            "localhost.:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
            "[0:0:0:0:0:0:0:1]:8080",
            "[0::1]:8080",
            "evil.localhost:8080",
            "A.B.Localhost:8080",
            "evil.localhost.:8080",
            "teacher.local:8080",
            "TEACHER.LOCAL.:8080",
            "localhost:9080",
        ] {
            assert!(check.accepts(host, 8080), "{host} should pass");
        }
    }

    #[test]
    fn other_names_and_ports_are_refused() {
        let check = lab();
        for host in [
            "rebind.example:8080",
            "localhost.evil.com:8080",
            "evil.localhost.example:8080",
            "localhostx:8080",
            "xlocalhost:8080",
            ".localhost:8080",
            "a..localhost:8080",
            "localhost..:8080",
            "127.0.0.2:8080",
            "2130706433:8080",
            "0x7f.0.0.1:8080",
            "[::2]:8080",
            "[::ffff:127.0.0.1]:8080",
            "::1:8080",
            "[::1:8080",
            "[::1]8080",
            "teacher.local.evil:8080",
            "localhost:8081",
            "localhost:+8080",
            "localhost:08080x",
            "localhost:99999",
            "localhost",
            "",
            "local host:8080",
            "localhost:8080/x",
            "user@localhost:8080",
        ] {
            assert!(!check.accepts(host, 8080), "{host} should be refused");
        }
        // The published port belongs to its listener only.
        assert!(!check.accepts("localhost:9080", 8082));
        assert!(check.accepts("localhost:8082", 8082));
    }

    #[test]
    fn no_port_means_80() {
        let check = HostCheck::default();
        assert!(check.accepts("localhost", 80));
        assert!(check.accepts("localhost:", 80));
        assert_eq!(split_host("[::1]"), Some(("[::1]".into(), 80)));
        assert_eq!(
            split_host("LocalHost.:8080"),
            Some(("localhost".into(), 8080))
        );
    }

    #[test]
    fn lab_host_is_one_name_alone() {
        assert_eq!(
            "teacher.local".parse::<LabHost>().unwrap().as_str(),
            "teacher.local"
        );
        assert_eq!(
            "192.168.1.20".parse::<LabHost>().unwrap().as_str(),
            "192.168.1.20"
        );
        assert_eq!(
            "[FE80::1]".parse::<LabHost>().unwrap().as_str(),
            "[fe80::1]"
        );
        for bad in [
            "",
            "http://teacher.local",
            "teacher.local:8080",
            "a b",
            "a/b",
            "[nope]",
        ] {
            let err = bad.parse::<LabHost>().unwrap_err().to_string();
            assert!(
                err.contains("teacher.local or 192.168.1.20"),
                "{bad}: {err}"
            );
        }
        let check = HostCheck::new(Some("[fe80::1]".parse().unwrap()));
        assert!(check.accepts("[fe80:0::1]:8080", 8080));
    }

    #[test]
    fn the_refusal_names_the_names_and_the_way_to_add_one() {
        let sentence = lab().refusal("rebind.example:8080", 8080);
        assert_eq!(
            sentence,
            "CORS Lab answers only to localhost, 127.0.0.1, [::1], names under .localhost and \
             teacher.local (LAB_HOST), on port 9080, not to Host 'rebind.example:8080': \
             to open it under another name, set LAB_HOST to that name and restart the lab.\n"
        );
        let plain = HostCheck::default().refusal(&format!("{}\u{7f}", "x".repeat(300)), 8081);
        assert!(
            plain.contains("[::1] and names under .localhost, on port 8081"),
            "{plain}"
        );
        assert!(plain.contains(&format!("'{}'", "x".repeat(100))), "{plain}");
        assert_eq!(plain.lines().count(), 1);
    }
}
