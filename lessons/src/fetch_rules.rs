//! When a lesson's request is preflighted, and what the preflight asks for:
//! a thin view of a step through the CORS model (`cors-model`), which makes
//! these decisions once for the lessons, server-a and the doctor. The
//! catalogue's expectations are checked against it, and the browser suite
//! checks both against the browsers.

use cors_model::{safelist, Headers};

use crate::engines::Engine;
use crate::model::Step;

/// Whether any of the lab's engines preflights the step's request (when it
/// is cross-origin).
pub fn needs_preflight(step: &Step) -> bool {
    Engine::ALL
        .into_iter()
        .any(|engine| needs_preflight_in(engine, step))
}

/// Whether `engine` preflights the step's request (when it is cross-origin).
pub fn needs_preflight_in(engine: Engine, step: &Step) -> bool {
    step.upload_listener
        || (step.body.is_some()
            && cors_model::stream::forces_preflight(engine, step.body_kind.model()))
        || cors_model::needs_preflight(engine, &step.method, &headers(step))
}

/// Headers that are not safelisted, lower-cased and sorted as the browser
/// lists them in `Access-Control-Request-Headers`.
pub fn unsafe_header_names(step: &Step) -> Vec<String> {
    safelist::unsafe_names(&headers(step))
}

fn headers(step: &Step) -> Headers {
    Headers(
        step.headers
            .iter()
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect(),
    )
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

    #[test]
    fn safelisted_names_still_follow_their_value_rules() {
        assert!(needs_preflight(&step("GET", &[("Accept", "a{b")])));
        assert!(needs_preflight(&step("GET", &[("Range", "bytes=-5")])));
        assert!(!needs_preflight(&step("GET", &[("Range", "bytes=0-5")])));
    }
}
