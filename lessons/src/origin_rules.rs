//! Which origins a lesson's origin rule lets through. The attack track's rules
//! are the broken checks people write by hand; server-b runs exactly these
//! functions inside actix-cors' `allowed_origin_fn`, and the tests ask them
//! which attacker origins should get through, so the check is written once.

use regex_lite::Regex;
use serde::{Deserialize, Serialize};

/// The origins a lesson's actix-cors policy allows.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum OriginRule {
    /// The origins on server-b's allowlist (the lab page).
    Page,
    /// Any origin, answered with `Access-Control-Allow-Origin: *`.
    Any,
    /// `allowed_origin(...)` with this exact value (`"null"` in the lesson
    /// about trusting it).
    Exactly(String),
    /// `allowed_origin_fn` checking that the Origin starts with this text.
    StartsWith(String),
    /// `allowed_origin_fn` checking that the Origin's host ends with this text.
    HostEndsWith(String),
    /// `allowed_origin_fn` matching the Origin against this regular expression.
    Regex(OriginPattern),
}

/// A lesson's origin regex, compiled when the catalogue loads: a pattern that
/// does not compile is a load error naming the lesson's file, never a check
/// that silently refuses every origin at request time.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct OriginPattern(Regex);

impl OriginPattern {
    /// The pattern as the lesson writes it.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl TryFrom<String> for OriginPattern {
    type Error = String;
    fn try_from(pattern: String) -> Result<Self, String> {
        Regex::new(&pattern)
            .map(OriginPattern)
            .map_err(|e| format!("the origin regex does not compile: {e}"))
    }
}

impl From<OriginPattern> for String {
    fn from(pattern: OriginPattern) -> String {
        pattern.as_str().to_owned()
    }
}

impl PartialEq for OriginPattern {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for OriginPattern {}

impl OriginRule {
    /// Whether an `Origin` header value passes this rule; `is_page` says
    /// whether it is on server-b's allowlist. `Any` answers every origin
    /// with `*`, so every origin passes.
    pub fn allows(&self, origin: &str, is_page: impl Fn(&str) -> bool) -> bool {
        match self {
            OriginRule::Page => is_page(origin),
            OriginRule::Any => true,
            OriginRule::Exactly(value) => origin == value,
            OriginRule::StartsWith(prefix) => origin.starts_with(prefix.as_str()),
            OriginRule::HostEndsWith(suffix) => {
                host_of(origin).is_some_and(|host| host.ends_with(suffix.as_str()))
            }
            OriginRule::Regex(pattern) => pattern.0.is_match(origin),
        }
    }

    /// Whether the rule is a hand-written check (`allowed_origin_fn`).
    pub fn is_hand_written(&self) -> bool {
        matches!(
            self,
            OriginRule::StartsWith(_) | OriginRule::HostEndsWith(_) | OriginRule::Regex(_)
        )
    }
}

/// The host of a serialised origin (`scheme://host[:port]`), as a check that
/// splits it by hand finds it; `None` for `null` and other non-URLs.
pub fn host_of(origin: &str) -> Option<&str> {
    let rest = origin.split_once("://")?.1;
    Some(rest.rsplit_once(':').map_or(rest, |(host, _)| host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never(_: &str) -> bool {
        false
    }

    fn pattern(source: &str) -> OriginPattern {
        OriginPattern::try_from(source.to_owned()).unwrap()
    }

    #[test]
    fn a_pattern_that_does_not_compile_is_refused_with_the_reason() {
        let err = OriginPattern::try_from("^http://(app".to_owned()).unwrap_err();
        assert!(err.contains("does not compile"), "{err}");
    }

    #[test]
    fn a_prefix_check_lets_a_lookalike_host_through() {
        let rule = OriginRule::StartsWith("http://localhost".into());
        assert!(rule.allows("http://localhost.evil.localhost:8082", never));
        assert!(rule.allows("http://localhost:8082", never));
        assert!(!rule.allows("http://evil.localhost:8082", never));
        assert!(!rule.allows("null", never));
    }

    #[test]
    fn a_suffix_check_lets_any_name_ending_so_through() {
        let rule = OriginRule::HostEndsWith("localhost".into());
        assert!(rule.allows("http://evillocalhost", never));
        assert!(rule.allows("http://evil.localhost:8082", never));
        assert!(!rule.allows("http://localhost.evil.example", never));
        assert!(!rule.allows("null", never));
    }

    #[test]
    fn an_unescaped_dot_matches_any_character() {
        let rule = OriginRule::Regex(pattern(r"^http://(app.)?localhost"));
        assert!(rule.allows("http://app-localhost.localhost:8082", never));
        let escaped = OriginRule::Regex(pattern(r"^http://(app\.)?localhost:8080$"));
        assert!(!escaped.allows("http://app-localhost.localhost:8082", never));
        assert!(escaped.allows("http://app.localhost:8080", never));
    }

    #[test]
    fn exactly_null_is_the_sandboxed_frames_origin() {
        let rule = OriginRule::Exactly("null".into());
        assert!(rule.allows("null", never));
        assert!(!rule.allows("http://localhost:8080", never));
    }

    #[test]
    fn the_page_rule_asks_the_allowlist() {
        assert!(OriginRule::Page.allows("http://localhost:8080", |o| o == "http://localhost:8080"));
        assert!(!OriginRule::Page.allows("http://localhost:8082", |o| o == "http://localhost:8080"));
    }

    #[test]
    fn the_host_is_found_with_or_without_a_port() {
        assert_eq!(
            host_of("http://evil.localhost:8082"),
            Some("evil.localhost")
        );
        assert_eq!(host_of("http://evillocalhost"), Some("evillocalhost"));
        assert_eq!(host_of("null"), None);
    }
}
