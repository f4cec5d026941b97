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
use crate::language::Language;
use crate::request::{Credentials, Prepared};
use crate::response::Answer;
use crate::text::Text;

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

crate::texts! {
    // Whether the cookie goes with the request.
    OMIT {
        en: "credentials: \"omit\" sends no cookie",
        ru: "credentials: \"omit\" не отправляет cookie",
        zh: "credentials: \"omit\" 不发送 Cookie",
    }
    SAME_ORIGIN_ONLY {
        en: "credentials: \"same-origin\" (fetch's default) sends cookies to the page's own origin only",
        ru: "credentials: \"same-origin\" (так у fetch по умолчанию) отправляет cookie только на собственный источник страницы",
        zh: "credentials: \"same-origin\"（fetch 的默认值）只向页面自己的源发送 Cookie",
    }
    SECURE_HTTPS_ONLY_WEBKIT {
        en: "a Secure cookie goes over https only (WebKit does not count http://localhost as secure)",
        ru: "cookie с Secure отправляется только по https (WebKit не считает http://localhost безопасным)",
        zh: "Secure Cookie 只通过 https 发送（WebKit 不把 http://localhost 视为安全的）",
    }
    SECURE_HTTPS_ONLY {
        en: "a Secure cookie goes over https (or to localhost) only",
        ru: "cookie с Secure отправляется только по https (или на localhost)",
        zh: "Secure Cookie 只通过 https 发送（或发往 localhost）",
    }
    SENT_SAME_ORIGIN {
        en: "same-origin: the cookie goes along",
        ru: "тот же источник: cookie отправляется с запросом",
        zh: "同源：Cookie 会随请求一起发送",
    }
    SENT_SAME_SITE {
        en: "cross-origin but same-site (ports do not count for site): the cookie goes along",
        ru: "другой источник, но тот же сайт (для сайта порты не учитываются): cookie отправляется с запросом",
        zh: "跨源但同站（判断站点时不看端口）：Cookie 会随请求一起发送",
    }
    LAX_STAYS_HOME {
        en: "cross-site: a SameSite=Lax or Strict cookie stays home",
        ru: "другой сайт: cookie с SameSite=Lax или Strict не отправляется",
        zh: "跨站：SameSite=Lax 或 Strict 的 Cookie 不会被发送",
    }
    CHROMIUM_UNSPECIFIED_IS_LAX {
        en: "cross-site: Chromium treats a cookie without SameSite as Lax",
        ru: "другой сайт: cookie без SameSite Chromium считает Lax",
        zh: "跨站：Chromium 把没有 SameSite 的 Cookie 当作 Lax",
    }
    FIREFOX_PARTITIONS {
        en: "cross-site: Firefox keeps cookies partitioned per top-level site, so the site's own cookie is not sent",
        ru: "другой сайт: Firefox разделяет cookie по сайтам верхнего уровня, поэтому собственный cookie сайта не отправляется",
        zh: "跨站：Firefox 按顶级站点对 Cookie 分区，所以不会发送该站点自己的 Cookie",
    }
    THIRD_PARTY_SENT {
        en: "cross-site: SameSite=None; Secure is sent because third-party cookies are allowed",
        ru: "другой сайт: cookie с SameSite=None; Secure отправляется, потому что сторонние cookie разрешены",
        zh: "跨站：因为允许第三方 Cookie，SameSite=None; Secure 的 Cookie 会被发送",
    }
    NONE_WITHOUT_SECURE_NEVER_STORED {
        en: "SameSite=None without Secure is never stored",
        ru: "cookie с SameSite=None без Secure никогда не сохраняется",
        zh: "没有 Secure 的 SameSite=None Cookie 永远不会被保存",
    }
    CHROMIUM_BLOCKS_THIRD_PARTY {
        en: "cross-site: Chromium 156 blocks third-party cookies by default",
        ru: "другой сайт: Chromium 156 по умолчанию блокирует сторонние cookie",
        zh: "跨站：Chromium 156 默认阻止第三方 Cookie",
    }
    WEBKIT_BLOCKS_THIRD_PARTY {
        en: "cross-site: WebKit accepts no third-party cookies by default",
        ru: "другой сайт: WebKit по умолчанию не принимает сторонние cookie",
        zh: "跨站：WebKit 默认不接受第三方 Cookie",
    }
    WEBKIT_THIRD_PARTY_SENT {
        en: "cross-site, third-party cookies allowed: WebKit sends it (it treats a cookie without SameSite as None)",
        ru: "другой сайт, сторонние cookie разрешены: WebKit его отправляет (cookie без SameSite он считает None)",
        zh: "跨站，且允许第三方 Cookie：WebKit 会发送它（它把没有 SameSite 的 Cookie 当作 None）",
    }

    // Whether a Set-Cookie is stored.
    IGNORED_WITHOUT_INCLUDE {
        en: "without credentials: \"include\" a cross-origin Set-Cookie is ignored",
        ru: "без credentials: \"include\" Set-Cookie от другого источника игнорируется",
        zh: "没有 credentials: \"include\" 时，跨源响应的 Set-Cookie 会被忽略",
    }
    NONE_WITHOUT_SECURE_REJECTED {
        en: "SameSite=None without Secure is rejected",
        ru: "cookie с SameSite=None без Secure отвергается",
        zh: "没有 Secure 的 SameSite=None Cookie 会被拒绝",
    }
    SECURE_OVER_HTTP_WEBKIT {
        en: "a Secure cookie from plain http is rejected (WebKit does not count http://localhost as secure)",
        ru: "cookie с Secure, пришедший по обычному http, отвергается (WebKit не считает http://localhost безопасным)",
        zh: "通过普通 http 设置的 Secure Cookie 会被拒绝（WebKit 不把 http://localhost 视为安全的）",
    }
    SECURE_OVER_HTTP {
        en: "a Secure cookie from a plain-http host that is not localhost is rejected",
        ru: "cookie с Secure от хоста на обычном http (не localhost) отвергается",
        zh: "来自普通 http 主机（不是 localhost）的 Secure Cookie 会被拒绝",
    }
    STORED_SAME_SITE {
        en: "same-site: stored (whatever the CORS verdict: cookies are stored before the check)",
        ru: "тот же сайт: сохраняется (каким бы ни был вердикт CORS: cookie сохраняются до проверки)",
        zh: "同站：会被保存（不论 CORS 的结论如何：Cookie 在检查之前就已保存）",
    }
    STORED_THIRD_PARTY {
        en: "cross-site, third-party cookies allowed: stored",
        ru: "другой сайт, сторонние cookie разрешены: сохраняется",
        zh: "跨站，且允许第三方 Cookie：会被保存",
    }
    STORED_PARTITIONED {
        en: "cross-site: stored in a jar partitioned under the page's site, not the site's own",
        ru: "другой сайт: сохраняется в отдельном хранилище под сайтом страницы, а не в собственном хранилище сайта",
        zh: "跨站：保存在按页面所在站点分区的 Cookie 存储中，而不是该站点自己的存储中",
    }
    NOT_SET_CROSS_SITE {
        en: "cross-site: a Lax or Strict cookie (or one without SameSite) is not set by a cross-site response",
        ru: "другой сайт: cookie с Lax или Strict (или без SameSite) ответ с другого сайта не устанавливает",
        zh: "跨站：跨站响应不会设置 Lax 或 Strict（或没有 SameSite）的 Cookie",
    }
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

/// Whether the held cookie goes with the actual request (the reason in
/// `language`).
pub fn sent(
    language: Language,
    engine: Engine,
    request: &Prepared,
    setting: ThirdPartyCookies,
) -> Option<CookieEffect> {
    let cookie = request.cookie.as_ref()?;
    let (yes, reason) = send_rule(engine, request, cookie, setting);
    Some(CookieEffect {
        name: cookie.name.clone(),
        yes,
        reason: reason.get(language).to_owned(),
    })
}

fn send_rule(
    engine: Engine,
    request: &Prepared,
    cookie: &CookieSpec,
    setting: ThirdPartyCookies,
) -> (bool, Text) {
    let same_origin = request.same_origin();
    match request.credentials {
        Credentials::Omit => return (false, OMIT),
        Credentials::SameOrigin if !same_origin => return (false, SAME_ORIGIN_ONLY),
        _ => {}
    }
    if cookie.secure && !secure_enough(engine, &request.url) {
        return (
            false,
            match engine {
                Engine::Webkit => SECURE_HTTPS_ONLY_WEBKIT,
                _ => SECURE_HTTPS_ONLY,
            },
        );
    }
    if same_origin {
        return (true, SENT_SAME_ORIGIN);
    }
    if same_site(&request.origin, &request.url) {
        return (true, SENT_SAME_SITE);
    }
    cross_site_rule(engine, cookie, setting)
}

fn cross_site_rule(
    engine: Engine,
    cookie: &CookieSpec,
    setting: ThirdPartyCookies,
) -> (bool, Text) {
    match (cookie.same_site, engine, setting) {
        (SameSite::Strict | SameSite::Lax, _, _) => (false, LAX_STAYS_HOME),
        (SameSite::Unspecified, Engine::Chromium, _) => (false, CHROMIUM_UNSPECIFIED_IS_LAX),
        (_, Engine::Firefox, _) => (false, FIREFOX_PARTITIONS),
        (SameSite::None, Engine::Chromium, ThirdPartyCookies::Allowed) if cookie.secure => {
            (true, THIRD_PARTY_SENT)
        }
        (SameSite::None, Engine::Chromium, ThirdPartyCookies::Allowed) => {
            (false, NONE_WITHOUT_SECURE_NEVER_STORED)
        }
        (_, Engine::Chromium, ThirdPartyCookies::Blocked) => (false, CHROMIUM_BLOCKS_THIRD_PARTY),
        (_, Engine::Webkit, ThirdPartyCookies::Blocked) => (false, WEBKIT_BLOCKS_THIRD_PARTY),
        (_, Engine::Webkit, ThirdPartyCookies::Allowed) => (true, WEBKIT_THIRD_PARTY_SENT),
    }
}

/// What the browser does with each `Set-Cookie` of the answer (the reasons
/// in `language`). It is decided before the CORS check, so a blocked
/// response can still set a cookie.
pub fn stored(
    language: Language,
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
                reason: reason.get(language).to_owned(),
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
) -> (bool, Text) {
    if !request.same_origin() && !request.includes_credentials() {
        return (false, IGNORED_WITHOUT_INCLUDE);
    }
    // WebKit stores SameSite=None without Secure (measured in WebKitGTK
    // 2.50 by the matrix); Chromium and Firefox reject it.
    if cookie.same_site == SameSite::None && !cookie.secure && engine != Engine::Webkit {
        return (false, NONE_WITHOUT_SECURE_REJECTED);
    }
    if cookie.secure && !secure_enough(engine, &request.url) {
        return (
            false,
            match engine {
                Engine::Webkit => SECURE_OVER_HTTP_WEBKIT,
                _ => SECURE_OVER_HTTP,
            },
        );
    }
    if request.same_origin() || same_site(&request.origin, &request.url) {
        return (true, STORED_SAME_SITE);
    }
    match (cookie.same_site, engine, setting) {
        (SameSite::None, Engine::Chromium | Engine::Webkit, ThirdPartyCookies::Allowed) => {
            (true, STORED_THIRD_PARTY)
        }
        (SameSite::None, Engine::Firefox, _) => (true, STORED_PARTITIONED),
        (SameSite::None, Engine::Chromium, ThirdPartyCookies::Blocked) => {
            (false, CHROMIUM_BLOCKS_THIRD_PARTY)
        }
        (SameSite::None, Engine::Webkit, ThirdPartyCookies::Blocked) => {
            (false, WEBKIT_BLOCKS_THIRD_PARTY)
        }
        _ => (false, NOT_SET_CROSS_SITE),
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
        sent(Language::En, engine, &r, setting).unwrap().yes
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
            stored(
                Language::En,
                engine,
                request,
                &answer,
                ThirdPartyCookies::Blocked,
            )
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
            !sent(
                Language::En,
                Engine::Chromium,
                &r,
                ThirdPartyCookies::Blocked
            )
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
