//! What the model judges: the request and the server's answers to it.

use serde::{Deserialize, Serialize};

use crate::cookies::ThirdPartyCookies;
use crate::request::Request;
use crate::response::Answer;

/// The request and the server's answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    /// The request as the page writes it.
    pub request: Request,
    /// The answer to the preflight (a bare 200 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preflight: Option<Answer>,
    /// The answer to the actual request (a bare 200 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Answer>,
    /// When `response` redirects: the answer at its Location (a bare 200 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirected: Option<Answer>,
    /// The browser's third-party cookie setting (blocked when absent).
    #[serde(default)]
    pub third_party_cookies: ThirdPartyCookies,
}
