//! The preflight cache entry a successful preflight leaves: for how long,
//! for which methods and headers, and whether the same request sent again
//! is answered from it. Its key is the URL, the origin and the credentials
//! mode, so another path (or a fresh `?run=`) asks again.
//!
//! The engines look entries up differently (found by the browser matrix):
//! Chromium lets a cached `*` cover any method or header except
//! `Authorization`, which its preflight check lets `*` cover but its cache
//! lookup does not; Firefox matches the request's method (other than GET
//! and POST) and each unsafe header name literally, so a preflight that
//! passed only through `*` caches nothing usable and the next request is
//! preflighted again (gecko's nsPreflightCache::CacheEntry::CheckRequest).
//! Firefox also drops the entry when the actual response fails the CORS
//! check (see `verdict`). WebKit (CrossOriginPreflightResultCacheItem::
//! allowsRequest) lets a cached `*` cover any method or header without
//! credentials, `Authorization` included, and always allows GET, HEAD and
//! POST; it keeps an entry 5 s by default and 600 s at most.

use serde::{Deserialize, Serialize};

use crate::engine::Engine;
use crate::headers::split_list;
use crate::preflight::SAFELISTED_METHODS;
use crate::request::Prepared;
use crate::response::Answer;
use crate::safelist::unsafe_names_in;

/// The preflight cache entry one engine makes from a passing preflight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheEntry {
    /// `Access-Control-Max-Age` as sent, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age: Option<String>,
    /// How long this engine keeps the entry; 0: every request is preflighted.
    pub seconds: u64,
    /// Where `seconds` comes from.
    pub source: CacheSource,
    /// The methods `Access-Control-Allow-Methods` lists, as sent (`*` kept).
    pub methods: Vec<String>,
    /// The names `Access-Control-Allow-Headers` lists, as sent (`*` kept).
    pub headers: Vec<String>,
    /// Whether the same request, sent again while the entry lives, is
    /// answered from it (no second preflight).
    pub answers_repeat: bool,
    /// Removed again after the request (Firefox, when the response failed
    /// the CORS check).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dropped: bool,
}

/// Where an entry's lifetime ([`CacheEntry::seconds`]) comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CacheSource {
    /// Max-Age as sent.
    Header,
    /// Max-Age above the engine's cap: the cap.
    Capped,
    /// No Max-Age: the engine's default (5 s).
    Default,
    /// A Max-Age the engine could not parse.
    Invalid,
}

/// The entry `engine` makes from a preflight answer that passed for `request`.
pub fn entry(engine: Engine, answer: &Answer, request: &Prepared) -> CacheEntry {
    let mut entry = entry_of(engine, answer);
    entry.answers_repeat = entry.seconds > 0 && covers(engine, &entry, request);
    entry
}

/// Whether the engine's lookup finds `request`'s method and unsafe headers
/// in the entry (see the module's comment for how the engines differ).
pub fn covers(engine: Engine, entry: &CacheEntry, request: &Prepared) -> bool {
    let wildcard = |list: &[String], name: &str| {
        let covers_name = match engine {
            Engine::Chromium => name != "authorization",
            Engine::Webkit => true,
            Engine::Firefox => false,
        };
        covers_name && !request.includes_credentials() && list.iter().any(|item| item == "*")
    };
    let method = &request.method;
    let method_ok = match engine {
        Engine::Chromium | Engine::Webkit => SAFELISTED_METHODS.contains(&method.as_str()),
        Engine::Firefox => method == "GET" || method == "POST",
    } || entry.methods.iter().any(|m| m == method)
        || wildcard(&entry.methods, method);
    let headers_ok = unsafe_names_in(engine, &request.headers)
        .iter()
        .all(|name| {
            entry.headers.iter().any(|h| h.eq_ignore_ascii_case(name))
                || wildcard(&entry.headers, name)
        });
    method_ok && headers_ok
}

/// The entry's lifetime and lists, before any lookup.
fn entry_of(engine: Engine, answer: &Answer) -> CacheEntry {
    let max_age = answer.get("access-control-max-age");
    let (seconds, source) = match max_age.as_deref().map(str::trim) {
        None => (engine.default_max_age(), CacheSource::Default),
        Some(text) => parse(engine, text),
    };
    let list = |name| {
        split_list(&answer.get(name).unwrap_or_default())
            .into_iter()
            .map(String::from)
            .collect()
    };
    CacheEntry {
        max_age,
        seconds,
        source,
        methods: list("access-control-allow-methods"),
        headers: list("access-control-allow-headers"),
        answers_repeat: false,
        dropped: false,
    }
}

/// Chromium reads an integer (negative as 0) and falls back to its default
/// on anything else; Firefox accepts digits only and caches nothing otherwise.
/// WebKit (parseAccessControlMaxAge) reads a 64-bit integer, a sign allowed
/// (negative: the entry has expired already), and falls back to its default
/// on anything else, a number too large for 64 bits included.
fn parse(engine: Engine, text: &str) -> (u64, CacheSource) {
    let cap = engine.max_age_cap();
    let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    let number = if engine == Engine::Webkit {
        text.parse::<i64>()
            .ok()
            .map(|n| u128::try_from(n).unwrap_or(0))
    } else if digits {
        Some(text.parse::<u128>().unwrap_or(u128::MAX))
    } else if engine == Engine::Chromium && text.parse::<i64>().is_ok() {
        Some(0)
    } else {
        None
    };
    match (number, engine) {
        (Some(n), _) if n > u128::from(cap) => (cap, CacheSource::Capped),
        (Some(n), _) => (n as u64, CacheSource::Header),
        (None, Engine::Chromium | Engine::Webkit) => {
            (engine.default_max_age(), CacheSource::Invalid)
        }
        (None, Engine::Firefox) => (0, CacheSource::Invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(engine: Engine, max_age: Option<&str>) -> (u64, CacheSource) {
        let mut answer = Answer::new(204);
        if let Some(value) = max_age {
            answer = answer.with("Access-Control-Max-Age", value);
        }
        let entry = entry_of(engine, &answer);
        (entry.seconds, entry.source)
    }

    #[test]
    fn default_and_zero() {
        // WPT cors-preflight-cache: no header caches briefly, 0 never.
        for engine in Engine::ALL {
            assert_eq!(seconds(engine, None), (5, CacheSource::Default));
            assert_eq!(seconds(engine, Some("0")), (0, CacheSource::Header));
            assert_eq!(seconds(engine, Some("600")), (600, CacheSource::Header));
        }
    }

    #[test]
    fn each_engine_has_its_cap() {
        assert_eq!(
            seconds(Engine::Chromium, Some("86400")),
            (7200, CacheSource::Capped)
        );
        assert_eq!(
            seconds(Engine::Firefox, Some("86400")),
            (86400, CacheSource::Header)
        );
        assert_eq!(
            seconds(Engine::Firefox, Some("100000")),
            (86400, CacheSource::Capped)
        );
        assert_eq!(
            seconds(Engine::Chromium, Some("99999999999999999999999")).1,
            CacheSource::Capped
        );
    }

    #[test]
    fn invalid_values_differ() {
        assert_eq!(
            seconds(Engine::Chromium, Some("ten")),
            (5, CacheSource::Invalid)
        );
        assert_eq!(
            seconds(Engine::Firefox, Some("ten")),
            (0, CacheSource::Invalid)
        );
        assert_eq!(
            seconds(Engine::Chromium, Some("-1")),
            (0, CacheSource::Header)
        );
        assert_eq!(
            seconds(Engine::Firefox, Some("-1")),
            (0, CacheSource::Invalid)
        );
    }

    #[test]
    fn the_entry_keeps_the_lists() {
        let answer = Answer::new(204)
            .with("Access-Control-Allow-Methods", "PUT, DELETE")
            .with("Access-Control-Allow-Headers", "x-token");
        let entry = entry_of(Engine::Chromium, &answer);
        assert_eq!(entry.methods, ["PUT", "DELETE"]);
        assert_eq!(entry.headers, ["x-token"]);
    }

    fn request(method: &str, header: Option<&str>) -> Prepared {
        let mut headers = crate::headers::Headers::new();
        if let Some(name) = header {
            headers = headers.with(name, "1");
        }
        crate::request::Request {
            headers,
            credentials: crate::request::Credentials::Omit,
            ..crate::request::Request::new(
                "http://localhost:8080",
                "http://localhost:8081/x",
                method,
            )
        }
        .prepare()
        .unwrap()
    }

    #[test]
    fn firefox_finds_no_wildcard_in_its_cache() {
        let star = Answer::new(204)
            .with("Access-Control-Allow-Methods", "*")
            .with("Access-Control-Allow-Headers", "*")
            .with("Access-Control-Max-Age", "600");
        for r in [request("DELETE", None), request("GET", Some("X-Token"))] {
            assert!(entry(Engine::Chromium, &star, &r).answers_repeat);
            assert!(!entry(Engine::Firefox, &star, &r).answers_repeat);
        }
        // Chromium's preflight lets '*' cover Authorization, its cache does not.
        let r = request("GET", Some("Authorization"));
        assert!(!entry(Engine::Chromium, &star, &r).answers_repeat);
        let listed = |max_age| {
            Answer::new(204)
                .with("Access-Control-Allow-Methods", "DELETE")
                .with("Access-Control-Allow-Headers", "X-TOKEN")
                .with("Access-Control-Max-Age", max_age)
        };
        let r = request("DELETE", Some("x-token"));
        for engine in Engine::ALL {
            assert!(entry(engine, &listed("600"), &r).answers_repeat);
            assert!(!entry(engine, &listed("0"), &r).answers_repeat);
        }
    }

    #[test]
    fn webkit_caps_at_600_and_falls_back_to_5() {
        let webkit = |value| seconds(Engine::Webkit, Some(value));
        assert_eq!(webkit("601"), (600, CacheSource::Capped));
        assert_eq!(webkit("86400"), (600, CacheSource::Capped));
        assert_eq!(webkit("599"), (599, CacheSource::Header));
        assert_eq!(webkit("+30"), (30, CacheSource::Header));
        assert_eq!(webkit("-1"), (0, CacheSource::Header));
        assert_eq!(webkit("ten"), (5, CacheSource::Invalid));
        assert_eq!(webkit("99999999999999999999999"), (5, CacheSource::Invalid));
    }

    #[test]
    fn webkit_finds_a_wildcard_without_credentials_authorization_too() {
        let star = Answer::new(204)
            .with("Access-Control-Allow-Methods", "*")
            .with("Access-Control-Allow-Headers", "*")
            .with("Access-Control-Max-Age", "600");
        for r in [
            request("DELETE", None),
            request("GET", Some("X-Token")),
            request("GET", Some("Authorization")),
        ] {
            assert!(entry(Engine::Webkit, &star, &r).answers_repeat);
        }
        // HEAD needs no listing in WebKit's cache (nor in Chromium's).
        let none = Answer::new(204).with("Access-Control-Max-Age", "600");
        let head = request("HEAD", Some("X-Token"));
        let listed = none.clone().with("Access-Control-Allow-Headers", "x-token");
        assert!(entry(Engine::Webkit, &listed, &head).answers_repeat);
        assert!(!entry(Engine::Firefox, &listed, &head).answers_repeat);
    }
}
