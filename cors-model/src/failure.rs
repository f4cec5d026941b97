//! Why a browser blocks: one variant per distinct reason the engines report,
//! with what they quote (the header's value, the method, the header name).

use serde::{Deserialize, Serialize};

/// Which exchange a check belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// The answer to the OPTIONS preflight.
    Preflight,
    /// The answer to the actual request.
    Response,
    /// The redirect answered to the actual request.
    Redirect,
}

/// The reason a check failed, with what the engines quote of the answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Failure {
    /// No `Access-Control-Allow-Origin` at all.
    MissingAllowOrigin {
        /// The answer's status (Firefox names it).
        status: u16,
    },
    /// Several origins in `Access-Control-Allow-Origin`.
    MultipleAllowOrigin {
        /// The header's value, as sent.
        value: String,
    },
    /// A value that is not an origin, `*` or `null`.
    InvalidAllowOrigin {
        /// The header's value, as sent.
        value: String,
    },
    /// An origin other than the page's.
    AllowOriginMismatch {
        /// The header's value, as sent.
        value: String,
    },
    /// `*` answering a request with credentials.
    WildcardWithCredentials,
    /// A credentialed request without `Access-Control-Allow-Credentials: true`.
    AllowCredentials {
        /// The header's value, as sent (empty when absent).
        value: String,
    },
    /// A preflight answered with a status outside 200 to 299.
    PreflightStatus {
        /// The status.
        status: u16,
    },
    /// A 3xx answer to the preflight (`status`).
    PreflightRedirect {
        /// The status.
        status: u16,
    },
    /// `Access-Control-Allow-Methods` that does not parse.
    InvalidAllowMethods {
        /// The token at fault.
        token: String,
    },
    /// The method is not among `Access-Control-Allow-Methods`.
    MethodNotAllowed {
        /// The method, as sent.
        method: String,
    },
    /// `Access-Control-Allow-Headers` that does not parse.
    InvalidAllowHeaders {
        /// The token at fault.
        token: String,
    },
    /// A request header is not among `Access-Control-Allow-Headers`.
    HeaderNotAllowed {
        /// The header's name, lower-cased.
        name: String,
    },
    /// A redirect to a URL with a user name or password in it.
    RedirectWithCredentials {
        /// The Location.
        location: String,
    },
    /// Not a CORS check: Chromium cannot stream a body over HTTP/1.1, so
    /// the request itself fails (see `stream`).
    StreamNeedsHttp2,
}

impl Failure {
    /// The variant's name as the JSON writes it (`"kind"`).
    pub fn kind(&self) -> &'static str {
        use Failure::*;
        match self {
            MissingAllowOrigin { .. } => "missing-allow-origin",
            MultipleAllowOrigin { .. } => "multiple-allow-origin",
            InvalidAllowOrigin { .. } => "invalid-allow-origin",
            AllowOriginMismatch { .. } => "allow-origin-mismatch",
            WildcardWithCredentials => "wildcard-with-credentials",
            AllowCredentials { .. } => "allow-credentials",
            PreflightStatus { .. } => "preflight-status",
            PreflightRedirect { .. } => "preflight-redirect",
            InvalidAllowMethods { .. } => "invalid-allow-methods",
            MethodNotAllowed { .. } => "method-not-allowed",
            InvalidAllowHeaders { .. } => "invalid-allow-headers",
            HeaderNotAllowed { .. } => "header-not-allowed",
            RedirectWithCredentials { .. } => "redirect-with-credentials",
            StreamNeedsHttp2 => "stream-needs-http2",
        }
    }

    /// Where the model can fail this check: the method and header checks
    /// belong to the preflight, the redirect checks to the redirect, the
    /// origin and credentials checks to any answer.
    pub fn stages(&self) -> &'static [Stage] {
        use Failure::*;
        match self {
            PreflightStatus { .. }
            | PreflightRedirect { .. }
            | InvalidAllowMethods { .. }
            | MethodNotAllowed { .. }
            | InvalidAllowHeaders { .. }
            | HeaderNotAllowed { .. } => &[Stage::Preflight],
            RedirectWithCredentials { .. } => &[Stage::Redirect],
            StreamNeedsHttp2 => &[Stage::Response],
            MissingAllowOrigin { .. }
            | MultipleAllowOrigin { .. }
            | InvalidAllowOrigin { .. }
            | AllowOriginMismatch { .. }
            | WildcardWithCredentials
            | AllowCredentials { .. } => &[Stage::Preflight, Stage::Response, Stage::Redirect],
        }
    }

    /// The check this failure belongs to, as listed in a trace.
    pub fn check(&self) -> CheckName {
        use Failure::*;
        match self {
            MissingAllowOrigin { .. }
            | MultipleAllowOrigin { .. }
            | InvalidAllowOrigin { .. }
            | AllowOriginMismatch { .. }
            | WildcardWithCredentials => CheckName::AllowOrigin,
            AllowCredentials { .. } => CheckName::AllowCredentials,
            PreflightStatus { .. } => CheckName::OkStatus,
            PreflightRedirect { .. } | RedirectWithCredentials { .. } => CheckName::Redirect,
            InvalidAllowMethods { .. } | MethodNotAllowed { .. } => CheckName::AllowMethods,
            InvalidAllowHeaders { .. } | HeaderNotAllowed { .. } => CheckName::AllowHeaders,
            StreamNeedsHttp2 => CheckName::Transport,
        }
    }
}

impl Stage {
    /// The name the JSON uses.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Preflight => "preflight",
            Stage::Response => "response",
            Stage::Redirect => "redirect",
        }
    }
}

impl CheckName {
    /// The name the JSON uses.
    pub fn name(self) -> &'static str {
        match self {
            CheckName::Redirect => "redirect",
            CheckName::AllowOrigin => "allow-origin",
            CheckName::AllowCredentials => "allow-credentials",
            CheckName::OkStatus => "ok-status",
            CheckName::AllowMethods => "allow-methods",
            CheckName::AllowHeaders => "allow-headers",
            CheckName::Transport => "transport",
        }
    }
}

/// The checks of Fetch's CORS check and CORS-preflight fetch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckName {
    /// Whether a redirect may be followed.
    Redirect,
    /// `Access-Control-Allow-Origin` against the page's origin.
    AllowOrigin,
    /// `Access-Control-Allow-Credentials` for a credentialed request.
    AllowCredentials,
    /// The preflight's status is 200 to 299.
    OkStatus,
    /// `Access-Control-Allow-Methods` covers the method.
    AllowMethods,
    /// `Access-Control-Allow-Headers` covers the request's headers.
    AllowHeaders,
    /// Whether the request could be sent at all (not a CORS check).
    Transport,
}

/// One check as the engine ran it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Which answer it looked at.
    pub stage: Stage,
    /// Which check.
    pub check: CheckName,
    /// Whether it passed.
    pub passed: bool,
    /// What was compared, in a few words.
    pub detail: String,
}

/// The checks an engine ran, in order, up to the first failure.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    /// The checks run, in order.
    pub checks: Vec<Check>,
    /// The first failure, and the answer it was found in.
    pub failure: Option<(Stage, Failure)>,
}

impl Trace {
    /// Records a check; returns false once something has failed.
    pub fn run(&mut self, stage: Stage, check: CheckName, result: Result<String, Failure>) -> bool {
        if self.failure.is_some() {
            return false;
        }
        match result {
            Ok(detail) => {
                self.checks.push(Check {
                    stage,
                    check,
                    passed: true,
                    detail,
                });
                true
            }
            Err(failure) => {
                let detail = failure.describe();
                self.checks.push(Check {
                    stage,
                    check,
                    passed: false,
                    detail,
                });
                self.failure = Some((stage, failure));
                false
            }
        }
    }

    /// Whether a check has failed.
    pub fn failed(&self) -> bool {
        self.failure.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_json() {
        for stage in [Stage::Preflight, Stage::Response, Stage::Redirect] {
            let json = serde_json::to_value(stage).unwrap();
            assert_eq!(json, stage.name());
        }
        for check in [
            CheckName::Redirect,
            CheckName::AllowOrigin,
            CheckName::AllowCredentials,
            CheckName::OkStatus,
            CheckName::AllowMethods,
            CheckName::AllowHeaders,
            CheckName::Transport,
        ] {
            assert_eq!(serde_json::to_value(check).unwrap(), check.name());
        }
    }
}
