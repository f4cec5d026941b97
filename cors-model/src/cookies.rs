//! Cookies: whether the browser sends the cookie it holds with the actual
//! request, and whether it stores a `Set-Cookie` from the answer. Both turn
//! on the credentials mode and on *site*, not origin: ports do not count,
//! `localhost:8080` and `localhost:8081` are same-site, while `127.0.0.1`
//! and every `*.localhost` name are sites of their own. Cross-site, neither
//! engine sends a cookie by default (Chromium 156 blocks third-party cookies;
//! Firefox keeps them partitioned per top-level site; WebKit's default cookie
//! policy accepts no third-party cookies). WebKit does not count
//! `http://localhost` as secure for cookies: a `Secure` cookie set over it is
//! not stored (measured in WebKitGTK 2.50), so none is sent there either.

use serde::{Deserialize, Serialize};
use url::{Host, Url};

use crate::engine::Engine;
use crate::request::{Credentials, Prepared};
use crate::response::Answer;

pub use crate::cookie_spec::{CookieSpec, SameSite};

/// The browser's third-party cookie setting (Chromium 156 headless: blocked).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThirdPartyCookies {
    /// Chromium 156's default: Chromium neither sends nor stores a
    /// cross-site cookie.
    #[default]
    Blocked,
    /// Chromium sends and stores a cross-site `SameSite=None; Secure`
    /// cookie. Firefox ignores the setting: it never sends a cross-site
    /// cookie, and stores a `SameSite=None; Secure` one in a jar partitioned
    /// under the page's site.
    Allowed,
}

/// What the browser does with one cookie: sends it with the request, or
/// stores it from a `Set-Cookie` line; and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookieEffect {
    /// The cookie's name (for a stored one, as the `Set-Cookie` line gives it).
    pub name: String,
    /// Sent with the request, or stored from the answer.
    pub yes: bool,
    /// The rule that decided, in a sentence for the learner.
    pub reason: String,
}

/// A site: the scheme and the registrable domain (or the IP, or the
/// `localhost` name itself).
pub fn site(url: &Url) -> Option<(String, String)> {
    let host = match url.host()? {
        Host::Domain(name) => registrable(&name.to_ascii_lowercase()),
        Host::Ipv4(ip) => ip.to_string(),
        Host::Ipv6(ip) => ip.to_string(),
    };
    Some((url.scheme().to_owned(), host))
}

/// Suffixes under which a site has three labels (a short list: the model
/// carries no public suffix list).
const TWO_LABEL_SUFFIXES: [&str; 8] = [
    "co.uk",
    "org.uk",
    "ac.uk",
    "com.au",
    "co.jp",
    "github.io",
    "herokuapp.com",
    "vercel.app",
];

fn registrable(name: &str) -> String {
    if name == "localhost" || name.ends_with(".localhost") {
        return name.to_owned();
    }
    let labels: Vec<&str> = name.split('.').collect();
    let keep = if TWO_LABEL_SUFFIXES
        .iter()
        .any(|s| name.ends_with(&format!(".{s}")))
    {
        3
    } else {
        2
    };
    labels[labels.len().saturating_sub(keep)..].join(".")
}

/// Whether the page's origin and the URL are the same site (`null`: never).
pub fn same_site(origin: &str, url: &Url) -> bool {
    let page = Url::parse(origin).ok().and_then(|u| site(&u));
    page.is_some() && page == site(url)
}

/// `https`, or a loopback name: where a `Secure` cookie is accepted.
/// Where a `Secure` cookie may be set and sent: WebKit, https only.
fn secure_enough(engine: Engine, url: &Url) -> bool {
    match engine {
        Engine::Webkit => url.scheme() == "https",
        Engine::Chromium | Engine::Firefox => trustworthy(url),
    }
}

fn trustworthy(url: &Url) -> bool {
    url.scheme() == "https"
        || matches!(url.host(), Some(Host::Domain(d)) if d == "localhost" || d.ends_with(".localhost"))
        || matches!(url.host(), Some(Host::Ipv4(ip)) if ip.is_loopback())
}

/// Whether the held cookie goes with the actual request.
pub fn sent(
    engine: Engine,
    request: &Prepared,
    setting: ThirdPartyCookies,
) -> Option<CookieEffect> {
    let cookie = request.cookie.as_ref()?;
    let (yes, reason) = send_rule(engine, request, cookie, setting);
    Some(CookieEffect {
        name: cookie.name.clone(),
        yes,
        reason: reason.into(),
    })
}

fn send_rule(
    engine: Engine,
    request: &Prepared,
    cookie: &CookieSpec,
    setting: ThirdPartyCookies,
) -> (bool, &'static str) {
    let same_origin = request.same_origin();
    match request.credentials {
        Credentials::Omit => return (false, "credentials: \"omit\" sends no cookie"),
        Credentials::SameOrigin if !same_origin => {
            return (false, "credentials: \"same-origin\" (fetch's default) sends cookies to the page's own origin only")
        }
        _ => {}
    }
    if cookie.secure && !secure_enough(engine, &request.url) {
        return (
            false,
            match engine {
                Engine::Webkit => "a Secure cookie goes over https only (WebKit does not count http://localhost as secure)",
                _ => "a Secure cookie goes over https (or to localhost) only",
            },
        );
    }
    if same_origin {
        return (true, "same-origin: the cookie goes along");
    }
    if same_site(&request.origin, &request.url) {
        return (
            true,
            "cross-origin but same-site (ports do not count for site): the cookie goes along",
        );
    }
    cross_site_rule(engine, cookie, setting)
}

fn cross_site_rule(
    engine: Engine,
    cookie: &CookieSpec,
    setting: ThirdPartyCookies,
) -> (bool, &'static str) {
    match (cookie.same_site, engine, setting) {
        (SameSite::Strict | SameSite::Lax, _, _) => (false, "cross-site: a SameSite=Lax or Strict cookie stays home"),
        (SameSite::Unspecified, Engine::Chromium, _) => (false, "cross-site: Chromium treats a cookie without SameSite as Lax"),
        (_, Engine::Firefox, _) => (false, "cross-site: Firefox keeps cookies partitioned per top-level site, so the site's own cookie is not sent"),
        (SameSite::None, Engine::Chromium, ThirdPartyCookies::Allowed) if cookie.secure => {
            (true, "cross-site: SameSite=None; Secure is sent because third-party cookies are allowed")
        }
        (SameSite::None, Engine::Chromium, ThirdPartyCookies::Allowed) => (false, "SameSite=None without Secure is never stored"),
        (_, Engine::Chromium, ThirdPartyCookies::Blocked) => (false, "cross-site: Chromium 156 blocks third-party cookies by default"),
        (_, Engine::Webkit, ThirdPartyCookies::Blocked) => (false, "cross-site: WebKit accepts no third-party cookies by default"),
        (_, Engine::Webkit, ThirdPartyCookies::Allowed) => (true, "cross-site, third-party cookies allowed: WebKit sends it (it treats a cookie without SameSite as None)"),
    }
}

/// What the browser does with each `Set-Cookie` of the answer. It is decided
/// before the CORS check, so a blocked response can still set a cookie.
pub fn stored(
    engine: Engine,
    request: &Prepared,
    answer: &Answer,
    setting: ThirdPartyCookies,
) -> Vec<CookieEffect> {
    answer
        .headers
        .all("set-cookie")
        .into_iter()
        .map(|line| {
            let (name, attrs) = parse_set_cookie(line);
            let (yes, reason) = store_rule(engine, request, &attrs, setting);
            CookieEffect {
                name,
                yes,
                reason: reason.into(),
            }
        })
        .collect()
}

fn parse_set_cookie(line: &str) -> (String, CookieSpec) {
    let mut parts = line.split(';');
    let name = parts
        .next()
        .unwrap_or("")
        .split('=')
        .next()
        .unwrap_or("")
        .trim()
        .to_owned();
    let mut spec = CookieSpec {
        name: name.clone(),
        same_site: SameSite::Unspecified,
        secure: false,
    };
    for attr in parts {
        let (key, value) = attr.split_once('=').unwrap_or((attr, ""));
        match key.trim().to_ascii_lowercase().as_str() {
            "secure" => spec.secure = true,
            "samesite" => {
                spec.same_site = match value.trim().to_ascii_lowercase().as_str() {
                    "strict" => SameSite::Strict,
                    "lax" => SameSite::Lax,
                    "none" => SameSite::None,
                    _ => SameSite::Unspecified,
                }
            }
            _ => {}
        }
    }
    (name, spec)
}

fn store_rule(
    engine: Engine,
    request: &Prepared,
    cookie: &CookieSpec,
    setting: ThirdPartyCookies,
) -> (bool, &'static str) {
    if !request.same_origin() && !request.includes_credentials() {
        return (
            false,
            "without credentials: \"include\" a cross-origin Set-Cookie is ignored",
        );
    }
    // WebKit stores SameSite=None without Secure (measured in WebKitGTK
    // 2.50 by the matrix); Chromium and Firefox reject it.
    if cookie.same_site == SameSite::None && !cookie.secure && engine != Engine::Webkit {
        return (false, "SameSite=None without Secure is rejected");
    }
    if cookie.secure && !secure_enough(engine, &request.url) {
        return (
            false,
            match engine {
                Engine::Webkit => "a Secure cookie from plain http is rejected (WebKit does not count http://localhost as secure)",
                _ => "a Secure cookie from a plain-http host that is not localhost is rejected",
            },
        );
    }
    if request.same_origin() || same_site(&request.origin, &request.url) {
        return (
            true,
            "same-site: stored (whatever the CORS verdict: cookies are stored before the check)",
        );
    }
    match (cookie.same_site, engine, setting) {
        (SameSite::None, Engine::Chromium, ThirdPartyCookies::Allowed) => (true, "cross-site, third-party cookies allowed: stored"),
        (SameSite::None, Engine::Firefox, _) => (true, "cross-site: stored in a jar partitioned under the page's site, not the site's own"),
        (SameSite::None, Engine::Chromium, ThirdPartyCookies::Blocked) => (false, "cross-site: Chromium 156 blocks third-party cookies by default"),
        (SameSite::None, Engine::Webkit, ThirdPartyCookies::Allowed) => (true, "cross-site, third-party cookies allowed: stored"),
        (SameSite::None, Engine::Webkit, ThirdPartyCookies::Blocked) => (false, "cross-site: WebKit accepts no third-party cookies by default"),
        _ => (false, "cross-site: a Lax or Strict cookie (or one without SameSite) is not set by a cross-site response"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Request;

    fn request(origin: &str, url: &str, credentials: Credentials, cookie: CookieSpec) -> Prepared {
        Request {
            credentials,
            cookie: Some(cookie),
            ..Request::new(origin, url, "GET")
        }
        .prepare()
        .unwrap()
    }

    fn lax() -> CookieSpec {
        CookieSpec {
            name: "lab_session".into(),
            same_site: SameSite::Lax,
            secure: false,
        }
    }

    fn none_secure() -> CookieSpec {
        CookieSpec {
            name: "s".into(),
            same_site: SameSite::None,
            secure: true,
        }
    }

    fn sends(
        engine: Engine,
        origin: &str,
        credentials: Credentials,
        cookie: CookieSpec,
        setting: ThirdPartyCookies,
    ) -> bool {
        let r = request(origin, "http://localhost:8081/api/me", credentials, cookie);
        sent(engine, &r, setting).unwrap().yes
    }

    #[test]
    fn ports_do_not_count_for_site_but_hosts_do() {
        let api = Url::parse("http://localhost:8081/").unwrap();
        assert!(same_site("http://localhost:8080", &api));
        assert!(!same_site("http://127.0.0.1:8080", &api));
        assert!(!same_site("http://evil.localhost:8080", &api));
        assert!(!same_site("null", &api));
        assert!(!same_site("https://localhost:8080", &api), "schemes count");
        let shop = Url::parse("https://api.shop.example.co.uk/").unwrap();
        assert!(same_site("https://www.shop.example.co.uk", &shop));
        assert!(!same_site("https://other.co.uk", &shop));
    }

    #[test]
    fn same_site_lax_cookie_goes_with_include_only() {
        let page = "http://localhost:8080";
        for engine in Engine::ALL {
            assert!(sends(
                engine,
                page,
                Credentials::Include,
                lax(),
                ThirdPartyCookies::Blocked
            ));
            assert!(!sends(
                engine,
                page,
                Credentials::SameOrigin,
                lax(),
                ThirdPartyCookies::Blocked
            ));
            assert!(!sends(
                engine,
                page,
                Credentials::Omit,
                lax(),
                ThirdPartyCookies::Blocked
            ));
        }
    }

    #[test]
    fn cross_site_sends_nothing_by_default() {
        for engine in Engine::ALL {
            for origin in ["http://127.0.0.1:8080", "http://evil.localhost:8080"] {
                for cookie in [lax(), none_secure()] {
                    assert!(!sends(
                        engine,
                        origin,
                        Credentials::Include,
                        cookie,
                        ThirdPartyCookies::Blocked
                    ));
                }
            }
        }
        let evil = "http://evil.localhost:8080";
        assert!(sends(
            Engine::Chromium,
            evil,
            Credentials::Include,
            none_secure(),
            ThirdPartyCookies::Allowed
        ));
        assert!(!sends(
            Engine::Chromium,
            evil,
            Credentials::Include,
            lax(),
            ThirdPartyCookies::Allowed
        ));
    }

    #[test]
    fn set_cookie_rules() {
        let answer = Answer::new(200)
            .with("Set-Cookie", "a=1; Path=/; HttpOnly; SameSite=Lax")
            .with("Set-Cookie", "b=2; SameSite=None")
            .with("Set-Cookie", "c=3; SameSite=None; Secure");
        let kept = |engine, request: &Prepared| -> Vec<bool> {
            stored(engine, request, &answer, ThirdPartyCookies::Blocked)
                .iter()
                .map(|c| c.yes)
                .collect()
        };
        let same_site = request(
            "http://localhost:8080",
            "http://localhost:8081/x",
            Credentials::Include,
            lax(),
        );
        assert_eq!(kept(Engine::Chromium, &same_site), [true, false, true]);
        // WebKit keeps SameSite=None without Secure, and no Secure cookie
        // from plain http.
        assert_eq!(kept(Engine::Webkit, &same_site), [true, true, false]);
        let cross = request(
            "http://127.0.0.1:8080",
            "http://localhost:8081/x",
            Credentials::Include,
            lax(),
        );
        assert_eq!(kept(Engine::Chromium, &cross), [false, false, false]);
        let omitted = request(
            "http://localhost:8080",
            "http://localhost:8081/x",
            Credentials::SameOrigin,
            lax(),
        );
        assert!(kept(Engine::Firefox, &omitted).iter().all(|yes| !yes));
    }

    #[test]
    fn secure_cookies_need_https_or_localhost() {
        let secure = CookieSpec {
            secure: true,
            ..lax()
        };
        let r = request(
            "http://app.example",
            "http://api.example/x",
            Credentials::Include,
            secure.clone(),
        );
        assert!(
            !sent(Engine::Chromium, &r, ThirdPartyCookies::Blocked)
                .unwrap()
                .yes
        );
        assert!(sends(
            Engine::Chromium,
            "http://localhost:8080",
            Credentials::Include,
            secure,
            ThirdPartyCookies::Blocked
        ));
    }
}
