//! Which response headers JavaScript can read: the CORS-safelisted response
//! headers, plus those `Access-Control-Expose-Headers` names (`*` names all
//! of them, but only without credentials; `Set-Cookie` never).

use serde::{Deserialize, Serialize};

use crate::headers::{is_token, split_list};
use crate::response::Answer;

const SAFELISTED: [&str; 7] = [
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// The answer's header names (and those the page reads), sorted into those
/// JavaScript can read and those it cannot.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exposure {
    /// Response headers `response.headers.get` returns (lower-cased).
    pub readable: Vec<String>,
    /// Response headers it returns `null` for.
    pub hidden: Vec<String>,
}

/// The names `Access-Control-Expose-Headers` lists, lower-cased; an element
/// that is not a token makes the whole list fail (Fetch: "extract header
/// list values"), which exposes nothing.
pub fn exposed_names(answer: &Answer) -> Vec<String> {
    let value = answer
        .get("access-control-expose-headers")
        .unwrap_or_default();
    let items = split_list(&value);
    if items.iter().any(|item| !is_token(item)) {
        return Vec::new();
    }
    items.iter().map(|item| item.to_ascii_lowercase()).collect()
}

/// Whether JavaScript can read the response header `name` (any case): a
/// safelisted name, one `Access-Control-Expose-Headers` lists, or any name
/// when it lists `*` and the request carries no credentials; `Set-Cookie`
/// and `Set-Cookie2` never.
pub fn is_readable(name: &str, answer: &Answer, include_credentials: bool) -> bool {
    let name = name.to_ascii_lowercase();
    if name == "set-cookie" || name == "set-cookie2" {
        return false;
    }
    let exposed = exposed_names(answer);
    SAFELISTED.contains(&name.as_str())
        || exposed.contains(&name)
        || (!include_credentials && exposed.iter().any(|n| n == "*"))
}

/// Sorts the answer's headers (and those the page asks for) into readable and hidden.
pub fn exposure(answer: &Answer, include_credentials: bool, asked: &[String]) -> Exposure {
    let mut names: Vec<String> = answer
        .headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .chain(asked.iter().map(|n| n.to_ascii_lowercase()))
        .collect();
    names.sort();
    names.dedup();
    let (readable, hidden) = names
        .into_iter()
        .partition(|n| is_readable(n, answer, include_credentials));
    Exposure { readable, hidden }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(expose: &str) -> Answer {
        Answer::new(200)
            .with("X-Total", "3")
            .with("Content-Type", "application/json")
            .with("Access-Control-Expose-Headers", expose)
    }

    #[test]
    fn parsing_follows_the_list_rules() {
        // WPT access-control-expose-headers-parsing, ported: empty elements and
        // spaces around names are fine, a list with a non-token exposes nothing.
        for ok in [
            "x-total",
            " x-total",
            "x-total ,",
            ",x-total",
            "X-TOTAL",
            "a, x-total",
        ] {
            assert!(is_readable("x-total", &answer(ok), false), "{ok:?}");
        }
        for bad in ["x-total, \"a\"", "x-total;", "x total"] {
            assert!(!is_readable("x-total", &answer(bad), false), "{bad:?}");
        }
    }

    #[test]
    fn safelisted_names_are_always_readable_set_cookie_never() {
        let a = answer("");
        assert!(is_readable("Content-Type", &a, true));
        assert!(!is_readable("x-total", &a, false));
        assert!(!is_readable("set-cookie", &answer("*, set-cookie"), false));
    }

    #[test]
    fn star_exposes_all_only_without_credentials() {
        assert!(is_readable("x-total", &answer("*"), false));
        assert!(!is_readable("x-total", &answer("*"), true));
        let e = exposure(&answer("*"), true, &["X-Missing".into()]);
        assert_eq!(e.readable, ["content-type"]);
        assert_eq!(
            e.hidden,
            ["access-control-expose-headers", "x-missing", "x-total"]
        );
    }
}
