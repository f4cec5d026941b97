//! Firefox's lines, from gecko's dom/locales/en-US/chrome/security/
//! security.properties, with its curly quotes, as the lab's Firefox ESR 153
//! runs print them. They never name the API nor the page's origin; a
//! request that a failed preflight stopped gets a second line.

use super::Context;
use crate::failure::{Failure, Stage};

/// Every line's beginning, up to the URL.
pub(super) const HEAD: &str =
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ";
/// gecko's CORSDidNotSucceed2: the request did not complete (or was not
/// sent); it names no check.
pub(super) const DID_NOT_SUCCEED: &str = "CORS request did not succeed). Status code: (null).";

/// The lines Firefox logs, in order.
pub(super) fn lines(stage: Stage, failure: &Failure, at: Context) -> Vec<String> {
    // gecko's CORSNotSupportingCredentials alone quotes the URL (‘…’).
    let url = match failure {
        Failure::WildcardWithCredentials => format!("‘{}’", at.url),
        _ => at.url.to_owned(),
    };
    let mut lines = vec![line(&url, &reason(failure))];
    if let Failure::PreflightRedirect { status } = failure {
        // Measured: a redirected preflight also fails as a preflight, with
        // the redirect's status, before the request's own line.
        lines.push(line(at.url, &preflight_status(*status)));
    }
    if stage == Stage::Preflight {
        lines.push(line(at.url, DID_NOT_SUCCEED));
    }
    lines
}

/// `tail` is everything after "(Reason: ", closing parenthesis included.
fn line(url: &str, tail: &str) -> String {
    format!("{HEAD}{url}. (Reason: {tail}")
}

fn reason(failure: &Failure) -> String {
    use Failure::*;
    match failure {
        MissingAllowOrigin { status } => format!("CORS header ‘Access-Control-Allow-Origin’ missing). Status code: {status}."),
        MultipleAllowOrigin { .. } => "Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).".into(),
        InvalidAllowOrigin { value } | AllowOriginMismatch { value } => {
            format!("CORS header ‘Access-Control-Allow-Origin’ does not match ‘{value}’).")
        }
        WildcardWithCredentials => "Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).".into(),
        AllowCredentials { .. } => "expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).".into(),
        PreflightStatus { status } => preflight_status(*status),
        PreflightRedirect { .. } => "CORS request external redirect not allowed).".into(),
        InvalidAllowMethods { token } => format!("invalid token ‘{token}’ in CORS header ‘Access-Control-Allow-Methods’)."),
        MethodNotAllowed { .. } => "Did not find method in CORS header ‘Access-Control-Allow-Methods’).".into(),
        InvalidAllowHeaders { token } => format!("invalid token ‘{token}’ in CORS header ‘Access-Control-Allow-Headers’)."),
        HeaderNotAllowed { name } => format!(
            "header ‘{name}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)."
        ),
        RedirectWithCredentials { .. } | StreamNeedsHttp2 => DID_NOT_SUCCEED.into(),
    }
}

fn preflight_status(status: u16) -> String {
    format!("CORS preflight response did not succeed). Status code: {status}.")
}
