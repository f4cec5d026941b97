//! When a lesson's request is preflighted, and what the preflight asks for:
//! the CORS model's own plan (`cors_model::preflight::plan`) for the step's
//! request, never a second reading of the rules. The
//! catalogue's expectations are checked against it, and the browser suite
//! checks both against the browsers.

use cors_model::preflight::Plan;
use cors_model::{BodyKind, Headers, Request};

use crate::engines::Engine;
use crate::model::{RequestMode, Step};

/// Stand-in origins: the rules below ask about the step's request when it is
/// cross-origin, wherever the lab runs.
const PAGE: &str = "http://page.invalid";
const API: &str = "http://api.invalid";

/// The request a step makes from `origin` to `url`, as the CORS model takes
/// it (the model then judges it with server-b's answers).
pub fn model_request(step: &Step, origin: &str, url: &str) -> Request {
    Request {
        headers: Headers(step.headers.clone().into_iter().collect()),
        body: match &step.body {
            Some(_) => step.body_kind.model(),
            None => BodyKind::None,
        },
        credentials: step.credentials,
        read_headers: step.read_headers.clone(),
        upload_listener: step.upload_listener(),
        ..Request::new(origin, url, step.method.as_str())
    }
}

/// Whether `engine`'s API refuses the step's request before sending
/// anything: a forbidden method (every engine), a `ReadableStream` body
/// (WebKit): the model's own refusals.
pub fn refused_in(engine: Engine, step: &Step) -> bool {
    let request = model_request(step, PAGE, &format!("{API}/{}", step.path));
    cors_model::request::normalise_method(&step.method).is_err()
        || cors_model::stream::refused(engine, request.body).is_some()
}

/// The preflight `engine` sends before the step's request (when it is
/// cross-origin): the model's plan, none for a request fetch refuses, and
/// none in `no-cors` mode, which never preflights (the model judges CORS
/// requests; a no-cors request has no CORS check to judge).
pub fn plan_in(engine: Engine, step: &Step) -> Option<Plan> {
    if step.mode == RequestMode::NoCors {
        return None;
    }
    cors_mode_plan(engine, step)
}

/// The plan as if the step were sent in CORS mode.
fn cors_mode_plan(engine: Engine, step: &Step) -> Option<Plan> {
    let request = model_request(step, PAGE, &format!("{API}/{}", step.path));
    cors_model::preflight::plan(engine, &request.prepare().ok()?)
}

/// Whether some engine would preflight the step in CORS mode: a request
/// `no-cors` mode refuses (it must be simple).
pub fn needs_preflight_in_cors_mode(step: &Step) -> bool {
    Engine::ALL
        .into_iter()
        .any(|engine| cors_mode_plan(engine, step).is_some())
}

/// Whether any of the lab's engines preflights the step's request (when it
/// is cross-origin).
pub fn needs_preflight(step: &Step) -> bool {
    Engine::ALL
        .into_iter()
        .any(|engine| needs_preflight_in(engine, step))
}

/// Whether `engine` preflights the step's request (when it is cross-origin).
pub fn needs_preflight_in(engine: Engine, step: &Step) -> bool {
    plan_in(engine, step).is_some()
}

/// The headers the first engine that preflights the step lists in
/// `Access-Control-Request-Headers` (lower-cased, sorted); none when no
/// engine preflights it.
pub fn unsafe_header_names(step: &Step) -> Vec<String> {
    Engine::ALL
        .into_iter()
        .find_map(|engine| plan_in(engine, step))
        .and_then(|plan| plan.request_headers)
        .map(|names| names.split(',').map(str::to_owned).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(method: &str, headers: &[(&str, &str)]) -> Step {
        let mut text = format!(
            "name = \"s\"\ntitle = \"t\"\npath = \"p\"\nmethod = \"{method}\"\n[policy]\nkind = \"none\"\n[expect]\noutcome = \"allowed\"\n[headers]\n"
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
