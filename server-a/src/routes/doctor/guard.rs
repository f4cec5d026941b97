//! What `POST /doctor` agrees to reach. server-a sends requests where a
//! visitor tells it to, so this is the route's SSRF guard:
//!
//! - `http` and `https` only, no user name or password in the URL, none of
//!   the ports browsers refuse to fetch (Fetch's "bad port" list: SMTP, IRC,
//!   …), so the probe cannot speak HTTP at a mail or chat server;
//! - the host is resolved here, every address it resolves to is checked, and
//!   the client is then pinned to those addresses: no second lookup between
//!   the check and the connection, so a name cannot rebind to another address;
//! - refused: link-local (169.254.0.0/16, fe80::/10: cloud metadata services
//!   live there, 169.254.169.254 and AWS's fd00:ec2::254; Alibaba's
//!   100.100.100.200 too), unspecified and "this network" (0.0.0.0/8, `::`,
//!   which Linux connects to itself), multicast, broadcast and the reserved
//!   240.0.0.0/4; IPv4 written inside IPv6 (`::ffff:a.b.c.d`, NAT64's
//!   `64:ff9b::a.b.c.d`) is judged as the IPv4 address it carries;
//! - allowed on purpose: loopback and private ranges (10/8, 172.16/12,
//!   192.168/16, fc00::/7). The learner's own API is almost always on
//!   localhost or the LAN, and the learner's browser reaches it from the same
//!   machine anyway. The lab binds 127.0.0.1 by default, so the only visitor
//!   is the learner; an instructor who publishes server-a to a class lets the
//!   class probe the instructor's LAN through it (docs/doctor.md says so).
//!
//! Redirects are never followed (the doctor reports them), and the caller
//! adds a short timeout, a rate limit and the header rules.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};

use url::{Host, Url};

/// Why a URL or an address is refused (400, field `url`).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Refused {
    /// Not parsable as a URL (or without a host).
    #[error("'{url}' is not a URL ({reason})")]
    NotAUrl {
        /// The text given.
        url: String,
        /// The parser's complaint.
        reason: String,
    },
    /// `file:`, `ftp:`, `gopher:`, …: never.
    #[error("only http:// and https:// URLs can be checked, not {0}:")]
    Scheme(String),
    /// `http://user:password@host/`: fetch refuses it, and it would leak.
    #[error("a user name or password in the URL is refused: fetch() refuses them too")]
    Userinfo,
    /// One of Fetch's bad ports.
    #[error("port {0} is one browsers refuse to fetch (Fetch's bad ports: mail, chat, …), so the lab does not probe it")]
    BadPort(u16),
    /// The host is, or resolves to, an address off limits.
    #[error(
        "{}: a {kind} address, which the lab does not probe (cloud metadata services live there)",
        which(.host, .address)
    )]
    Address {
        /// The host as written in the URL.
        host: String,
        /// The address refused.
        address: IpAddr,
        /// Why: "link-local", "multicast", …
        kind: &'static str,
    },
}

/// The literal as written, or "name resolves to 169.254.169.254".
fn which(host: &str, address: &IpAddr) -> String {
    let literal = host.trim_matches(['[', ']']).parse::<IpAddr>().ok();
    if literal == Some(*address) {
        host.to_owned()
    } else {
        format!("{host} resolves to {address}")
    }
}

/// Why the host could not be resolved (an answer saying so, not a 400).
#[derive(Debug, thiserror::Error)]
#[error("{host} could not be resolved: {reason}")]
pub struct Unresolved {
    /// The name looked up.
    pub host: String,
    /// The resolver's answer.
    pub reason: String,
}

/// The URL, parsed, if its scheme, user info and port may be probed.
pub fn check_url(text: &str) -> Result<Url, Refused> {
    let url = Url::parse(text).map_err(|e| Refused::NotAUrl {
        url: text.to_owned(),
        reason: e.to_string(),
    })?;
    match url.scheme() {
        "http" | "https" => {}
        other => return Err(Refused::Scheme(other.to_owned())),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refused::Userinfo);
    }
    let port = url.port_or_known_default().unwrap_or(80);
    if BAD_PORTS.contains(&port) {
        return Err(Refused::BadPort(port));
    }
    Ok(url)
}

/// Where the probe connects: the host to look up (or the address written)
/// and the port, and how to name it in a refusal. Usually the URL's own
/// host and port; in a container, `reach.rs` maps the learner's `localhost`
/// to the Docker host, and the API's origin to server-b's address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The host to look up, or the address to connect to.
    pub host: Host<String>,
    /// The port to connect to.
    pub port: u16,
    /// The host as a refusal names it: as written in the URL, and where it
    /// was reached instead when mapped (`localhost (reached as host.docker.internal)`).
    pub shown: String,
    /// When mapped: where the probe went instead, said after "cannot connect".
    pub note: Option<String>,
}

impl Target {
    /// The URL's own host and port.
    pub fn of(url: &Url) -> Result<Target, Refused> {
        let host = url
            .host()
            .map(|h| h.to_owned())
            .ok_or_else(|| Refused::NotAUrl {
                url: url.to_string(),
                reason: "no host".into(),
            })?;
        Ok(Target {
            shown: written(&host),
            note: None,
            host,
            port: url.port_or_known_default().unwrap_or(80),
        })
    }
}

/// A host as a URL writes it (IPv6 in brackets).
pub fn written(host: &Host<String>) -> String {
    match host {
        Host::Ipv6(ip) => format!("[{ip}]"),
        other => other.to_string(),
    }
}

/// Every address the URL's host stands for, each checked. An IP literal is
/// not looked up; a name is resolved once, here (a blocking call: run it off
/// the server's event loop).
pub fn addresses(url: &Url) -> Result<Result<Vec<SocketAddr>, Unresolved>, Refused> {
    reached(&Target::of(url)?)
}

/// Every address `target` stands for, each checked: what the probe will
/// connect to, wherever the URL pointed.
pub fn reached(target: &Target) -> Result<Result<Vec<SocketAddr>, Unresolved>, Refused> {
    addresses_with(target, |name, port| {
        (name, port).to_socket_addrs().map(Iterator::collect)
    })
}

/// [`reached`] with the lookup given (tests give names their answers).
fn addresses_with(
    target: &Target,
    lookup: impl Fn(&str, u16) -> std::io::Result<Vec<SocketAddr>>,
) -> Result<Result<Vec<SocketAddr>, Unresolved>, Refused> {
    let port = target.port;
    let shown = target.shown.clone();
    let found: Vec<SocketAddr> = match &target.host {
        Host::Ipv4(ip) => vec![SocketAddr::new((*ip).into(), port)],
        Host::Ipv6(ip) => vec![SocketAddr::new((*ip).into(), port)],
        Host::Domain(name) => match lookup(name, port) {
            Ok(found) => found,
            Err(e) => {
                return Ok(Err(Unresolved {
                    host: shown,
                    reason: e.to_string(),
                }))
            }
        },
    };
    if found.is_empty() {
        return Ok(Err(Unresolved {
            host: shown,
            reason: "no address".into(),
        }));
    }
    for address in &found {
        if let Some(kind) = refused_kind(address.ip()) {
            return Err(Refused::Address {
                host: shown,
                address: address.ip(),
                kind,
            });
        }
    }
    Ok(Ok(found))
}

/// Why an address is off limits, or `None` when it may be probed.
pub fn refused_kind(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => refused_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => refused_v4(v4),
            None => refused_v6(v6),
        },
    }
}

fn refused_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, ..] = ip.octets();
    if ip.is_link_local() {
        Some("link-local")
    } else if ip == Ipv4Addr::new(100, 100, 100, 200) {
        Some("cloud metadata")
    } else if a == 0 {
        Some("unspecified (\"this network\")")
    } else if ip.is_broadcast() {
        Some("broadcast")
    } else if ip.is_multicast() {
        Some("multicast")
    } else if a >= 240 {
        Some("reserved")
    } else {
        None
    }
}

fn refused_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let first = ip.segments()[0];
    if ip.is_unspecified() {
        Some("unspecified")
    } else if ip.is_multicast() {
        Some("multicast")
    } else if first & 0xffc0 == 0xfe80 {
        Some("link-local")
    } else if ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254) {
        Some("cloud metadata")
    } else {
        None
    }
}

/// The IPv4 address inside `::ffff:a.b.c.d` (mapped) or `64:ff9b::a.b.c.d`
/// (NAT64's well-known prefix): connecting to either reaches that IPv4 host.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = ip.segments();
    (s[..6] == [0x64, 0xff9b, 0, 0, 0, 0])
        .then(|| Ipv4Addr::from((u32::from(s[6]) << 16) | u32::from(s[7])))
}

/// Fetch's "bad port" list (fetch.spec.whatwg.org/#port-blocking).
const BAD_PORTS: [u16; 83] = [
    0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101,
    102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427,
    465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990,
    993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
    6668, 6669, 6679, 6697, 10080,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(ip: &str) -> Option<&'static str> {
        refused_kind(ip.parse().unwrap())
    }

    #[test]
    fn link_local_metadata_and_special_addresses_are_refused() {
        for ip in [
            "169.254.169.254",
            "169.254.0.1",
            "fe80::1",
            "febf::1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "fd00:ec2::254",
            "100.100.100.200",
            "0.0.0.0",
            "0.1.2.3",
            "::",
            "255.255.255.255",
            "224.0.0.1",
            "ff02::1",
            "240.0.0.1",
        ] {
            assert!(kind(ip).is_some(), "{ip} should be refused");
        }
        assert_eq!(kind("169.254.169.254"), Some("link-local"));
    }

    #[test]
    fn loopback_and_private_ranges_are_allowed_on_purpose() {
        for ip in [
            "127.0.0.1",
            "::1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.10",
            "fd12::1",
            "::ffff:127.0.0.1",
            "93.184.216.34",
            "fec0::1",
        ] {
            assert_eq!(kind(ip), None, "{ip} should be allowed");
        }
    }

    #[test]
    fn urls_are_checked_before_any_lookup() {
        assert!(check_url("http://localhost:8081/api").is_ok());
        assert_eq!(check_url("ftp://x/"), Err(Refused::Scheme("ftp".into())));
        assert_eq!(
            check_url("file:///etc/passwd"),
            Err(Refused::Scheme("file".into()))
        );
        assert!(check_url("https://example.com/").is_ok());
        assert_eq!(check_url("http://u:p@localhost/"), Err(Refused::Userinfo));
        assert_eq!(check_url("http://u@localhost/"), Err(Refused::Userinfo));
        assert_eq!(check_url("http://localhost:25/"), Err(Refused::BadPort(25)));
        assert!(matches!(
            check_url("not a url"),
            Err(Refused::NotAUrl { .. })
        ));
    }

    #[test]
    fn literals_in_every_spelling_are_judged_as_the_address() {
        // The URL parser turns 2852039166 and 0xa9.0xfe.0xa9.0xfe into
        // 169.254.169.254, and the guard sees the parsed address.
        for text in [
            "http://169.254.169.254/latest/meta-data/",
            "http://2852039166/",
            "http://0xa9.0xfe.0xa9.0xfe/",
            "http://[::ffff:169.254.169.254]/",
        ] {
            let url = check_url(text).unwrap();
            assert!(
                matches!(
                    addresses(&url),
                    Err(Refused::Address {
                        kind: "link-local",
                        ..
                    })
                ),
                "{text}"
            );
        }
        let metadata = check_url("http://169.254.169.254/").unwrap();
        let said = addresses(&metadata).unwrap_err().to_string();
        assert!(
            said.starts_with("169.254.169.254: a link-local address"),
            "{said}"
        );
        let url = check_url("http://127.0.0.1:8081/").unwrap();
        assert_eq!(
            addresses(&url).unwrap().unwrap(),
            vec!["127.0.0.1:8081".parse().unwrap()]
        );
    }

    /// A name is judged by every address it resolves to: one bad address
    /// among good ones refuses the name (the client might pick any).
    #[test]
    fn a_name_resolving_to_metadata_is_refused() {
        let fake = |answers: &'static [&'static str]| {
            move |_: &str, port: u16| -> std::io::Result<Vec<SocketAddr>> {
                Ok(answers
                    .iter()
                    .map(|ip| SocketAddr::new(ip.parse().unwrap(), port))
                    .collect())
            }
        };
        let url = check_url("http://metadata.example/latest/").unwrap();
        let refused =
            addresses_with(&Target::of(&url).unwrap(), fake(&["169.254.169.254"])).unwrap_err();
        assert_eq!(
            refused,
            Refused::Address {
                host: "metadata.example".into(),
                address: "169.254.169.254".parse().unwrap(),
                kind: "link-local",
            }
        );
        assert_eq!(
            refused.to_string(),
            "metadata.example resolves to 169.254.169.254: a link-local address, which the lab \
             does not probe (cloud metadata services live there)"
        );
        assert!(
            addresses_with(&Target::of(&url).unwrap(), fake(&["127.0.0.1", "fe80::1"])).is_err()
        );
        let lan = addresses_with(&Target::of(&url).unwrap(), fake(&["192.168.1.10", "::1"]))
            .unwrap()
            .unwrap();
        assert_eq!(lan.len(), 2);
        assert_eq!(lan[0].port(), 80);
        let nothing = addresses_with(&Target::of(&url).unwrap(), fake(&[]))
            .unwrap()
            .unwrap_err();
        assert_eq!(nothing.reason, "no address");
    }
}
