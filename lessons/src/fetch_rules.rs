//! The Fetch standard's rule for when a cross-origin request needs a preflight.
//! The catalogue's expectations are checked against it, and the browser suite
//! checks both against Chromium.

use crate::model::Step;

/// Methods a cross-origin request may use without a preflight.
const SIMPLE_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];

/// Request headers that never trigger a preflight (with their value rules).
const SAFELISTED_HEADERS: [&str; 4] = [
    "accept",
    "accept-language",
    "content-language",
    "content-type",
];

/// `Content-Type` values a form could send, so they need no preflight.
const SIMPLE_CONTENT_TYPES: [&str; 3] = [
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
];

pub fn needs_preflight(step: &Step) -> bool {
    !SIMPLE_METHODS.contains(&step.method.as_str())
        || step
            .headers
            .iter()
            .any(|(name, value)| !is_safelisted(name, value))
}

/// Headers that are not safelisted, lower-cased as the browser lists them in
/// `Access-Control-Request-Headers`.
pub fn unsafe_header_names(step: &Step) -> Vec<String> {
    let mut names: Vec<String> = step
        .headers
        .iter()
        .filter(|(name, value)| !is_safelisted(name, value))
        .map(|(name, _)| name.to_ascii_lowercase())
        .collect();
    names.sort();
    names
}

fn is_safelisted(name: &str, value: &str) -> bool {
    let name = name.to_ascii_lowercase();
    if !SAFELISTED_HEADERS.contains(&name.as_str()) || value.len() > 128 {
        return false;
    }
    if name == "content-type" {
        let essence = value
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        return SIMPLE_CONTENT_TYPES.contains(&essence.as_str());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(method: &str, headers: &[(&str, &str)]) -> Step {
        let mut text = format!(
            "name = \"s\"\ntitle = \"t\"\npath = \"p\"\nmethod = \"{method}\"\n[expect]\noutcome = \"allowed\"\n[headers]\n"
        );
        for (name, value) in headers {
            text += &format!("\"{name}\" = \"{value}\"\n");
        }
        toml::from_str(&text).unwrap()
    }

    #[test]
    fn simple_requests_need_no_preflight() {
        assert!(!needs_preflight(&step("GET", &[])));
        assert!(!needs_preflight(&step(
            "POST",
            &[("Content-Type", "text/plain;charset=UTF-8")]
        )));
        assert!(!needs_preflight(&step(
            "POST",
            &[("Accept", "application/json")]
        )));
    }

    #[test]
    fn other_methods_headers_and_types_do() {
        assert!(needs_preflight(&step("DELETE", &[])));
        assert!(needs_preflight(&step("PUT", &[])));
        assert!(needs_preflight(&step("GET", &[("X-Token", "abc")])));
        assert!(needs_preflight(&step(
            "POST",
            &[("Content-Type", "application/json")]
        )));
        assert_eq!(
            unsafe_header_names(&step("GET", &[("X-Token", "a"), ("Accept", "b")])),
            ["x-token"]
        );
    }
}
