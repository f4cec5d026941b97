//! Chromium's lines, from blink's cors_error_string.cc as Chromium 156
//! prints them (measured: it no longer suggests `no-cors`). The page names
//! the API that was blocked ("Access to fetch at", "Access to
//! XMLHttpRequest at"), and XMLHttpRequest's lines differ in two sentences
//! (see [`reason`]).

use super::{Api, Context};
use crate::failure::{Failure, Stage};

/// The words between the URL part and the reason.
pub(super) const BLOCKED: &str = "has been blocked by CORS policy: ";
/// Put before the reason when the preflight failed one of the checks the
/// preflight shares with a response.
pub(super) const PREFLIGHT: &str =
    "Response to preflight request doesn't pass access control check: ";
/// Chromium 156 ends the Access-Control-Allow-Origin value errors for
/// fetch with this; for XMLHttpRequest it says nothing more (measured).
const VALID_VALUE_HINT: &str = " Have the server send the header with a valid value.";
/// What Chromium adds, for XMLHttpRequest, to the two errors that end with
/// the credentials mode (measured in Chromium 156: the wildcard and the
/// Access-Control-Allow-Credentials errors).
const WITH_CREDENTIALS_HINT: &str = " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.";
/// How the two credentials errors end.
const CREDENTIALS_MODE: &str = "when the request's credentials mode is 'include'.";
/// A network error, not a CORS check: Chromium cannot stream a request
/// body over HTTP/1.1 (see `crate::stream`).
pub(super) const HTTP1_STREAM_ERROR: &str = crate::stream::CHROMIUM_HTTP1_ERROR;

/// The one line Chromium logs.
pub(super) fn line(api: Api, stage: Stage, failure: &Failure, at: Context) -> String {
    if *failure == Failure::StreamNeedsHttp2 {
        // A network error, logged for the URL, not a CORS line.
        return format!("{} - {HTTP1_STREAM_ERROR}", at.url);
    }
    let mut line = format!("Access to {} at '{}' ", api_name(api), at.url);
    if let Some(first) = at.redirected_from {
        line += &format!("(redirected from '{first}') ");
    }
    line += &format!("from origin '{}' {BLOCKED}", at.origin);
    if stage == Stage::Preflight && names_the_preflight(failure) {
        line += PREFLIGHT;
    }
    line + &reason(api, failure)
}

/// How the line names the API.
pub(super) fn api_name(api: Api) -> &'static str {
    match api {
        Api::Fetch => "fetch",
        Api::Xhr => "XMLHttpRequest",
    }
}

/// The method and header checks exist only in a preflight, and their
/// reasons say so themselves.
fn names_the_preflight(failure: &Failure) -> bool {
    !matches!(
        failure,
        Failure::InvalidAllowMethods { .. }
            | Failure::MethodNotAllowed { .. }
            | Failure::InvalidAllowHeaders { .. }
            | Failure::HeaderNotAllowed { .. }
    )
}

fn reason(api: Api, failure: &Failure) -> String {
    use Failure::*;
    let (valid_value, with_credentials) = match api {
        Api::Fetch => (VALID_VALUE_HINT, ""),
        Api::Xhr => ("", WITH_CREDENTIALS_HINT),
    };
    match failure {
        MissingAllowOrigin { .. } => "No 'Access-Control-Allow-Origin' header is present on the requested resource.".into(),
        MultipleAllowOrigin { value } => format!("The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed.{valid_value}"),
        InvalidAllowOrigin { value } => format!("The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'.{valid_value}"),
        AllowOriginMismatch { value } => format!("The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin.{valid_value}"),
        WildcardWithCredentials => format!("The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' \
{CREDENTIALS_MODE}{with_credentials}"),
        AllowCredentials { value } => format!("The value of the 'Access-Control-Allow-Credentials' header in the response is '{value}' \
which must be 'true' {CREDENTIALS_MODE}{with_credentials}"),
        PreflightStatus { .. } => "It does not have HTTP ok status.".into(),
        PreflightRedirect { .. } => "Redirect is not allowed for a preflight request.".into(),
        InvalidAllowMethods { .. } => "Cannot parse Access-Control-Allow-Methods response header field in preflight response.".into(),
        MethodNotAllowed { method } => format!("Method {method} is not allowed by Access-Control-Allow-Methods in preflight response."),
        InvalidAllowHeaders { .. } => "Cannot parse Access-Control-Allow-Headers response header field in preflight response.".into(),
        HeaderNotAllowed { name } => format!("Request header field {name} is not allowed by Access-Control-Allow-Headers in preflight response."),
        RedirectWithCredentials { location } => format!("Redirect location '{location}' contains a username and password, \
which is disallowed for cross-origin requests."),
        StreamNeedsHttp2 => HTTP1_STREAM_ERROR.into(),
    }
}

/// A fetch line (as a lesson writes it) rewritten the way XMLHttpRequest's
/// differs: the same three changes as [`reason`] makes.
pub(super) fn fetch_line_as_xhr(line: &str) -> String {
    let fetch = format!("Access to {} at ", api_name(Api::Fetch));
    let xhr = format!("Access to {} at ", api_name(Api::Xhr));
    let line = line.replacen(&fetch, &xhr, 1).replace(VALID_VALUE_HINT, "");
    if line.ends_with(CREDENTIALS_MODE) {
        return line + WITH_CREDENTIALS_HINT;
    }
    line
}
