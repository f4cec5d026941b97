//! WebKit's lines, from WebCore's CrossOriginAccessControl.cpp,
//! CrossOriginPreflightResultCache.cpp and the loaders' console messages,
//! as WebKitGTK 2.50.6 prints them (measured: each message goes to the
//! console with its source and level, `CONSOLE SECURITY ERROR …`, which the
//! lines here leave out, as Web Inspector does). A blocked request logs two
//! lines: the reason, which never names the URL (the Access-Control-Allow-Origin
//! error names the page's origin and the answer's status instead), then the
//! API's line, which names the URL and no reason: "Fetch API cannot load …
//! due to access control checks." (`XMLHttpRequest cannot load …` for
//! XMLHttpRequest).
//!
//! WebKit words a missing, an invalid and another origin's
//! Access-Control-Allow-Origin alike ("Origin … is not allowed by
//! Access-Control-Allow-Origin."); it checks a preflight's status before its
//! headers ("Preflight response is not successful. Status code: 403"), and
//! names a header it refuses as its header map holds it (`X-Token`, as the
//! page wrote it; `Authorization`, as WebKit spells the names it knows).
//! A redirected preflight reads as a bad status, with the redirect's
//! ("Preflight response is not successful. Status code: 301", measured by
//! the browser suite). Not measured (no lesson has them): a list header
//! that does not parse ("Header
//! Access-Control-Allow-Methods has an invalid value: …", the whole value),
//! a redirect to a URL with credentials.

use super::{Api, Context};
use crate::failure::{Failure, Stage};

/// How the API's line begins, before the URL.
pub(super) fn api_words(api: Api) -> &'static str {
    match api {
        Api::Fetch => "Fetch API",
        Api::Xhr => "XMLHttpRequest",
    }
}

/// How the API's line ends, after the URL.
pub(super) const DUE_TO: &str = " due to access control checks.";

/// The two lines WebKit logs, in order: the reason, then the API's line.
pub(super) fn lines(api: Api, stage: Stage, failure: &Failure, at: Context) -> Vec<String> {
    vec![
        reason(stage, failure, at),
        format!("{} cannot load {}{DUE_TO}", api_words(api), at.url),
    ]
}

/// The words after "Origin … is not allowed by".
pub(super) const NOT_ALLOWED: &str =
    " is not allowed by Access-Control-Allow-Origin. Status code: ";
/// WebKit's "Preflight response is not successful" (the status follows it
/// when the preflight was answered).
pub(super) const NOT_SUCCESSFUL: &str = "Preflight response is not successful";

fn reason(_stage: Stage, failure: &Failure, at: Context) -> String {
    use Failure::*;
    match failure {
        MissingAllowOrigin { status } => format!("Origin {}{NOT_ALLOWED}{status}", at.origin),
        InvalidAllowOrigin { .. } | AllowOriginMismatch { .. } => {
            format!("Origin {}{NOT_ALLOWED}{}", at.origin, at.status)
        }
        MultipleAllowOrigin { .. } => {
            "Access-Control-Allow-Origin cannot contain more than one origin.".into()
        }
        WildcardWithCredentials => {
            "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
                .into()
        }
        AllowCredentials { .. } => {
            "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".".into()
        }
        PreflightStatus { status } => format!("{NOT_SUCCESSFUL}. Status code: {status}"),
        // Measured: the redirect's status, as for a bad status.
        PreflightRedirect { status } => format!("{NOT_SUCCESSFUL}. Status code: {status}"),
        InvalidAllowMethods { token } => {
            format!("Header Access-Control-Allow-Methods has an invalid value: {token}")
        }
        MethodNotAllowed { method } => {
            format!("Method {method} is not allowed by Access-Control-Allow-Methods.")
        }
        InvalidAllowHeaders { token } => {
            format!("Header Access-Control-Allow-Headers has an invalid value: {token}")
        }
        HeaderNotAllowed { name } => {
            format!("Request header field {name} is not allowed by Access-Control-Allow-Headers.")
        }
        RedirectWithCredentials { location } => format!(
            "Cross-origin redirection to {location} denied by Cross-Origin Resource Sharing policy: \
             redirection URL {location} has credentials"
        ),
        // Chromium's alone: WebKit never sends a stream body (see `stream`).
        StreamNeedsHttp2 => String::new(),
    }
}

/// A fetch line (as a lesson writes it) as logged for XMLHttpRequest.
pub(super) fn fetch_line_as_xhr(line: &str) -> String {
    let fetch = format!("{} cannot load ", api_words(Api::Fetch));
    let xhr = format!("{} cannot load ", api_words(Api::Xhr));
    line.replacen(&fetch, &xhr, 1)
}
