//! The smallest exchange that fails a given check, written as the lab
//! playground's state (`#/playground?s=…`), so that a failure read from a
//! console line or a HAR can be run again on the lab's own origins. The
//! playground's answer `allow_origin: "page"` stands for the lab page's
//! origin; server-b writes it out.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::exchange::Exchange;
use crate::failure::{Failure, Stage};
use crate::headers::Headers;
use crate::playground::{Policy, PolicyError};
use crate::request::{Credentials, Request};

/// One answer of the playground's state; a field left out is a header the
/// answer does not carry. [`crate::playground::Policy`] reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AnswerState {
    /// The status; left out, the playground's default (204 for the
    /// preflight, 200 for the response).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `Access-Control-Allow-Origin`: `page` for the lab page's origin, or
    /// a value written out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_origin: Option<String>,
    /// `Access-Control-Allow-Credentials`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_credentials: Option<String>,
    /// `Access-Control-Allow-Methods`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_methods: Option<String>,
    /// `Access-Control-Allow-Headers`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_headers: Option<String>,
}

/// The playground's state: the request the page sends and what server-b
/// answers to its preflight and to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlaygroundState {
    /// The request's method, as the page passes it to fetch.
    pub method: String,
    /// The request headers the page sets, name to value.
    pub headers: BTreeMap<String, String>,
    /// The body, by the playground's name for its kind; [`reproduce`]
    /// always writes `none`.
    pub body: &'static str,
    /// fetch's `credentials` option: `same-origin`, or `include` for the
    /// credentials checks.
    pub credentials: &'static str,
    /// Which of the playground's senders makes the request: `page`, the lab
    /// page itself.
    pub from: &'static str,
    /// What server-b answers to the preflight.
    pub preflight: AnswerState,
    /// What server-b answers to the actual request.
    pub response: AnswerState,
}

const PAGE: &str = "page";

/// A state whose run fails `failure` at `stage` (the response's when the
/// line did not say), or `None` where the playground cannot answer that way
/// (redirects, a streamed body).
pub fn reproduce(stage: Option<Stage>, failure: &Failure) -> Option<PlaygroundState> {
    use Failure::*;
    let mut state = PlaygroundState {
        method: "GET".into(),
        headers: BTreeMap::new(),
        body: "none",
        credentials: "same-origin",
        from: PAGE,
        preflight: allowing("GET"),
        response: allowing("GET"),
    };
    let at_preflight = stage == Some(Stage::Preflight)
        || matches!(
            failure,
            PreflightStatus { .. }
                | InvalidAllowMethods { .. }
                | MethodNotAllowed { .. }
                | InvalidAllowHeaders { .. }
                | HeaderNotAllowed { .. }
        );
    if at_preflight {
        // A method that is never simple, so that a preflight is sent.
        state.method = "PUT".into();
        state.preflight = allowing("PUT");
    }
    if matches!(failure, WildcardWithCredentials | AllowCredentials { .. }) {
        state.credentials = "include";
        for answer in [&mut state.preflight, &mut state.response] {
            answer.allow_credentials = Some("true".into());
        }
    }
    let answer = if at_preflight {
        &mut state.preflight
    } else {
        &mut state.response
    };
    let given =
        |value: &str, otherwise: &str| if value.is_empty() { otherwise } else { value }.to_owned();
    match failure {
        MissingAllowOrigin { .. } => answer.allow_origin = None,
        MultipleAllowOrigin { value } => {
            answer.allow_origin = Some(given(value, "http://one.example, http://two.example"))
        }
        InvalidAllowOrigin { value } => answer.allow_origin = Some(given(value, "localhost")),
        AllowOriginMismatch { value } => {
            answer.allow_origin = Some(given(value, "http://localhost"))
        }
        WildcardWithCredentials => answer.allow_origin = Some("*".into()),
        AllowCredentials { value } => {
            answer.allow_credentials = (!value.is_empty()).then(|| value.clone())
        }
        PreflightStatus { status } => {
            answer.status = Some(if (400..=599).contains(status) {
                *status
            } else {
                500
            })
        }
        InvalidAllowMethods { token } => answer.allow_methods = Some(given(token, "PUT;")),
        MethodNotAllowed { method } => {
            state.method = given(method, "DELETE");
            state.preflight.allow_methods = None;
        }
        InvalidAllowHeaders { token } => {
            state.headers.insert("X-Token".into(), "1".into());
            answer.allow_headers = Some(given(token, "x-token;"));
        }
        HeaderNotAllowed { name } => {
            let name = given(name, "x-token");
            let value = if name.eq_ignore_ascii_case("content-type") {
                "application/json"
            } else {
                "1"
            };
            state.headers.insert(name, value.into());
        }
        PreflightRedirect { .. } | RedirectWithCredentials { .. } | StreamNeedsHttp2 => {
            return None
        }
    }
    // A value read from a pasted line that server-b would refuse to write
    // (a byte outside visible ASCII, say) makes no runnable state.
    state.policy().ok()?;
    Some(state)
}

fn allowing(method: &str) -> AnswerState {
    AnswerState {
        allow_origin: Some(PAGE.into()),
        allow_methods: (method != "GET").then(|| method.to_owned()),
        ..AnswerState::default()
    }
}

impl PlaygroundState {
    /// The lab page's link that opens the playground on this state.
    pub fn link(&self, lab_origin: &str) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        let encoded: String = url::form_urlencoded::byte_serialize(json.as_bytes()).collect();
        format!("{lab_origin}/#/playground?s={encoded}")
    }

    /// The policy server-b answers a run of this state with: the state's
    /// answers read by the same reader as `/lab/playground?p=`.
    pub fn policy(&self) -> Result<Policy, PolicyError> {
        let answers = serde_json::json!({ "preflight": self.preflight, "response": self.response });
        Policy::from_value("state", &answers)
    }

    /// The exchange a run of this state makes, as the model judges it: the
    /// page at `page` sends to `url`, and server-b answers as the state says.
    pub fn exchange(&self, page: &str, url: &str) -> Result<Exchange, PolicyError> {
        let policy = self.policy()?;
        Ok(Exchange {
            request: Request {
                headers: Headers(self.headers.clone().into_iter().collect()),
                credentials: match self.credentials {
                    "include" => Credentials::Include,
                    _ => Credentials::SameOrigin,
                },
                ..Request::new(page, url, self.method.as_str())
            },
            preflight: Some(policy.preflight_answer(Some(page), page)),
            response: Some(policy.response_answer(Some(page), page)),
            redirected: None,
            third_party_cookies: Default::default(),
        })
    }
}
