//! Fetch's lists of request headers: the forbidden ones a page cannot set,
//! and the CORS-safelisted ones (with their value rules) that never cause a
//! preflight. Everything else a page sets is a "CORS-unsafe request-header
//! name" and goes into `Access-Control-Request-Headers`.

use crate::engine::Engine;
use crate::headers::Headers;

const FORBIDDEN: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// A header `fetch` silently drops (`Headers` with the "request" guard).
pub fn is_forbidden_request_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    FORBIDDEN.contains(&name.as_str()) || name.starts_with("proxy-") || name.starts_with("sec-")
}

/// The three MIME types a `<form>` can send, so Content-Type needs no preflight.
pub const SIMPLE_CONTENT_TYPES: [&str; 3] = [
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
];

/// Fetch: a safelisted value longer than this is not safelisted.
pub const MAX_SAFELISTED_VALUE: usize = 128;
/// Fetch: when the safelisted values add up to more, they all count as unsafe.
pub const MAX_SAFELISTED_TOTAL: usize = 1024;

/// Fetch's "CORS-unsafe request-header byte".
pub fn is_unsafe_byte(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f || b"\"():<>?@[\\]{}".contains(&b)
}

/// Fetch's "CORS-safelisted request-header" for one name and value.
pub fn is_safelisted(name: &str, value: &str) -> bool {
    if value.len() > MAX_SAFELISTED_VALUE {
        return false;
    }
    match name.to_ascii_lowercase().as_str() {
        "accept" => !value.bytes().any(is_unsafe_byte),
        "accept-language" | "content-language" => value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" *,-.;=".contains(&b)),
        "content-type" => is_simple_content_type(value),
        "range" => is_simple_range(value),
        _ => false,
    }
}

/// Content-Type: no unsafe byte, and a MIME type whose essence is one of three.
pub fn is_simple_content_type(value: &str) -> bool {
    if value.bytes().any(is_unsafe_byte) {
        return false;
    }
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let valid = essence
        .split_once('/')
        .is_some_and(|(t, s)| crate::headers::is_token(t) && crate::headers::is_token(s));
    valid && SIMPLE_CONTENT_TYPES.contains(&essence.as_str())
}

/// Range: `bytes=N-` or `bytes=N-M` with N <= M, one range, no spaces (the
/// "simple range header value"; Chromium implements exactly this).
pub fn is_simple_range(value: &str) -> bool {
    let Some(range) = value.strip_prefix("bytes=") else {
        return false;
    };
    let Some((start, end)) = range.split_once('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(start) || !(end.is_empty() || digits(end)) {
        return false;
    }
    match (start.parse::<u128>(), end.parse::<u128>()) {
        (Ok(s), Ok(e)) => s <= e,
        (Ok(_), Err(_)) => end.is_empty(),
        _ => false,
    }
}

/// Client hints Chromium still safelists (as the CORS standard once did):
/// Chromium 156 sends no preflight for `DPR: 2`, `Downlink: 10`,
/// `Save-Data: on`, `Viewport-Width: 1280` or `Width: 640` (measured by the
/// simple-headers lesson); Firefox 153 preflights each, as Fetch says today.
/// Chromium's source checks the values (a number; `on` for Save-Data), as
/// this does; only the lesson's values were measured.
pub fn is_chromium_client_hint(name: &str, value: &str) -> bool {
    let number = |v: &str| !v.is_empty() && v.parse::<f64>().is_ok_and(|n| n >= 0.0);
    match name.to_ascii_lowercase().as_str() {
        "dpr" | "downlink" | "viewport-width" | "width" => number(value.trim()),
        "save-data" => value.trim().eq_ignore_ascii_case("on"),
        _ => false,
    }
}

/// Whether `engine` sends the header without a preflight.
pub fn is_safelisted_in(engine: Engine, name: &str, value: &str) -> bool {
    is_safelisted(name, value)
        || (engine == Engine::Chromium
            && value.len() <= MAX_SAFELISTED_VALUE
            && is_chromium_client_hint(name, value))
}

/// Request headers WebKit knows by name (its HTTPHeaderNames.in), spelled as
/// WebKit spells them, that a page can set: its header map keeps these
/// apart from the others and lists them first.
const WEBKIT_COMMON: [&str; 22] = [
    "Accept",
    "Accept-Language",
    "Authorization",
    "Cache-Control",
    "Content-Disposition",
    "Content-Encoding",
    "Content-Language",
    "Content-Range",
    "Content-Type",
    "Content-Transfer-Encoding",
    "ETag",
    "Expires",
    "If-Match",
    "If-Modified-Since",
    "If-None-Match",
    "If-Range",
    "If-Unmodified-Since",
    "Last-Event-ID",
    "Last-Modified",
    "Purpose",
    "Pragma",
    "Range",
];

/// The CORS-unsafe request headers of `headers` as WebKit's header map
/// iterates them, which is the order its preflight check names the first
/// one missing from Access-Control-Allow-Headers in: the headers WebKit
/// knows by name first, in its spelling ("Authorization"), then the others
/// as the page wrote them ("X-Token"), each group in the page's order
/// (HTTPHeaderMap; CrossOriginPreflightResultCacheItem::
/// validateCrossOriginHeaders returns the key as the map holds it).
pub fn webkit_unsafe_in_map_order(headers: &Headers) -> Vec<String> {
    let unsafe_names = unsafe_names_in(Engine::Webkit, headers);
    let mut common = Vec::new();
    let mut other = Vec::new();
    for (name, _) in headers.iter() {
        let lower = name.to_ascii_lowercase();
        if !unsafe_names.contains(&lower) {
            continue;
        }
        match WEBKIT_COMMON.iter().find(|c| c.eq_ignore_ascii_case(name)) {
            Some(known) if !common.contains(&known.to_string()) => common.push(known.to_string()),
            Some(_) => {}
            None if !other.iter().any(|o: &String| o.eq_ignore_ascii_case(name)) => {
                other.push(name.to_owned())
            }
            None => {}
        }
    }
    common.extend(other);
    common
}

/// Fetch's "CORS-unsafe request-header names": lower-cased, sorted, unique.
pub fn unsafe_names(headers: &Headers) -> Vec<String> {
    unsafe_names_with(headers, is_safelisted)
}

/// The CORS-unsafe request-header names as `engine` counts them.
pub fn unsafe_names_in(engine: Engine, headers: &Headers) -> Vec<String> {
    unsafe_names_with(headers, |name, value| is_safelisted_in(engine, name, value))
}

fn unsafe_names_with(headers: &Headers, safelisted: impl Fn(&str, &str) -> bool) -> Vec<String> {
    let mut unsafe_names = Vec::new();
    let mut potentially_unsafe = Vec::new();
    let mut total = 0;
    for (name, value) in headers.iter() {
        if safelisted(name, value) {
            total += value.len();
            potentially_unsafe.push(name.to_ascii_lowercase());
        } else {
            unsafe_names.push(name.to_ascii_lowercase());
        }
    }
    if total > MAX_SAFELISTED_TOTAL {
        unsafe_names.extend(potentially_unsafe);
    }
    unsafe_names.sort();
    unsafe_names.dedup();
    unsafe_names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webkit_names_known_headers_first_in_its_own_spelling() {
        let headers = Headers::new()
            .with("X-Token", "a")
            .with("accept", "text/html")
            .with("authorization", "Basic x")
            .with("x-trace", "b")
            .with("Content-Type", "application/json");
        assert_eq!(
            webkit_unsafe_in_map_order(&headers),
            ["Authorization", "Content-Type", "X-Token", "x-trace"]
        );
    }

    #[test]
    fn chromium_safelists_the_old_client_hints_firefox_does_not() {
        for (name, value) in [
            ("DPR", "2"),
            ("Downlink", "10"),
            ("Save-Data", "on"),
            ("Viewport-Width", "1280"),
            ("Width", "640"),
        ] {
            assert!(is_safelisted_in(Engine::Chromium, name, value), "{name}");
            assert!(!is_safelisted_in(Engine::Firefox, name, value), "{name}");
        }
        assert!(!is_safelisted_in(Engine::Chromium, "Width", "wide"));
        for (name, value) in [("DPR", "2"), ("Save-Data", "on"), ("Width", "640")] {
            assert!(!is_safelisted_in(Engine::Webkit, name, value), "{name}");
        }
        assert!(!is_safelisted_in(Engine::Chromium, "Last-Event-ID", "42"));
    }

    #[test]
    fn content_type_has_three_safe_essences() {
        for ok in [
            "text/plain",
            "text/plain;charset=UTF-8",
            "TEXT/PLAIN; charset=utf-8",
            "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded",
        ] {
            assert!(is_safelisted("Content-Type", ok), "{ok}");
        }
        for bad in [
            "application/json",
            "text/html",
            "text/plain; charset=\"utf-8\"",
            "text/plain(",
            "",
            "text",
        ] {
            assert!(!is_safelisted("content-type", bad), "{bad}");
        }
    }

    #[test]
    fn values_over_128_bytes_are_not_safelisted() {
        let long = format!("text/plain;a={}", "b".repeat(120));
        assert!(long.len() > MAX_SAFELISTED_VALUE);
        assert!(!is_safelisted("Content-Type", &long));
        assert!(is_safelisted("Accept", &"a".repeat(128)));
        assert!(!is_safelisted("Accept", &"a".repeat(129)));
    }

    #[test]
    fn accept_and_language_value_rules() {
        assert!(is_safelisted("Accept", "application/json, */*;q=0.8"));
        assert!(!is_safelisted("Accept", "a{b"));
        assert!(is_safelisted("Accept-Language", "en-GB,en;q=0.9"));
        assert!(!is_safelisted("Content-Language", "en/GB"));
        assert!(!is_safelisted("X-Token", "abc"));
    }

    #[test]
    fn range_is_safe_only_as_one_simple_range() {
        assert!(is_simple_range("bytes=0-"));
        assert!(is_simple_range("bytes=5-10"));
        for bad in [
            "bytes=10-5",
            "bytes=-5",
            "bytes=0-1,3-4",
            "bytes = 0-",
            "items=0-1",
            "bytes=a-",
        ] {
            assert!(!is_simple_range(bad), "{bad}");
        }
    }

    #[test]
    fn unsafe_names_are_lower_cased_sorted_and_unique() {
        let headers = Headers::new()
            .with("X-Token", "a")
            .with("Accept", "b")
            .with("content-type", "application/json")
            .with("x-token", "c");
        assert_eq!(unsafe_names(&headers), ["content-type", "x-token"]);
    }

    #[test]
    fn safelisted_values_over_1024_bytes_in_total_become_unsafe() {
        let value = "a".repeat(120);
        let mut headers = Headers::new();
        for _ in 0..9 {
            headers = headers.with("Accept", &value);
        }
        assert_eq!(unsafe_names(&headers), ["accept"]);
        let few = Headers::new().with("Accept", &value);
        assert!(unsafe_names(&few).is_empty());
    }

    #[test]
    fn forbidden_names_include_prefixes() {
        assert!(is_forbidden_request_header("Sec-Fetch-Site"));
        assert!(is_forbidden_request_header("Proxy-Authorization"));
        assert!(is_forbidden_request_header("Origin"));
        assert!(!is_forbidden_request_header("Authorization"));
    }
}
