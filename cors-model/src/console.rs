//! The exact lines each engine logs when it blocks, with the real URL and
//! origin filled in. Chromium's come from blink's cors_error_string.cc (one
//! line), as Chromium 156 prints them (measured: it no longer suggests
//! `no-cors`); Firefox's from gecko's security.properties, with curly quotes
//! (and a second "did not succeed" line for the request a failed preflight
//! stopped), as the lab's Firefox ESR 153 runs print them.

use crate::engine::Engine;
use crate::failure::{Failure, Stage};

/// Where the blocked request went, as the engine names it.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub url: &'a str,
    /// The first URL, when a redirect led to `url`.
    pub redirected_from: Option<&'a str>,
    pub origin: &'a str,
}

pub fn lines(engine: Engine, stage: Stage, failure: &Failure, at: Context) -> Vec<String> {
    match engine {
        Engine::Chromium => vec![chromium(stage, failure, at)],
        Engine::Firefox => firefox(stage, failure, at),
    }
}

/// Chromium 156 ends the Access-Control-Allow-Origin value errors with this
/// (older versions went on to suggest `no-cors`; 156 does not).
const VALID_VALUE_HINT: &str = " Have the server send the header with a valid value.";

fn chromium(stage: Stage, failure: &Failure, at: Context) -> String {
    if *failure == Failure::StreamNeedsHttp2 {
        // A network error, logged for the URL, not a CORS line.
        return format!("{} - {}", at.url, crate::stream::CHROMIUM_HTTP1_ERROR);
    }
    let mut line = format!("Access to fetch at '{}' ", at.url);
    if let Some(first) = at.redirected_from {
        line += &format!("(redirected from '{first}') ");
    }
    line += &format!(
        "from origin '{}' has been blocked by CORS policy: ",
        at.origin
    );
    if stage == Stage::Preflight && is_chromium_preflight_error(failure) {
        line += "Response to preflight request doesn't pass access control check: ";
    }
    line + &chromium_reason(failure)
}

fn is_chromium_preflight_error(failure: &Failure) -> bool {
    !matches!(
        failure,
        Failure::InvalidAllowMethods { .. }
            | Failure::MethodNotAllowed { .. }
            | Failure::InvalidAllowHeaders { .. }
            | Failure::HeaderNotAllowed { .. }
    )
}

fn chromium_reason(failure: &Failure) -> String {
    use Failure::*;
    match failure {
        MissingAllowOrigin { .. } => "No 'Access-Control-Allow-Origin' header is present on the requested resource.".into(),
        MultipleAllowOrigin { value } => format!("The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed.{VALID_VALUE_HINT}"),
        InvalidAllowOrigin { value } => format!("The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'.{VALID_VALUE_HINT}"),
        AllowOriginMismatch { value } => format!("The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin.{VALID_VALUE_HINT}"),
        WildcardWithCredentials => "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' \
when the request's credentials mode is 'include'.".into(),
        AllowCredentials { value } => format!("The value of the 'Access-Control-Allow-Credentials' header in the response is '{value}' \
which must be 'true' when the request's credentials mode is 'include'."),
        PreflightStatus { .. } => "It does not have HTTP ok status.".into(),
        PreflightRedirect => "Redirect is not allowed for a preflight request.".into(),
        InvalidAllowMethods { .. } => "Cannot parse Access-Control-Allow-Methods response header field in preflight response.".into(),
        MethodNotAllowed { method } => format!("Method {method} is not allowed by Access-Control-Allow-Methods in preflight response."),
        InvalidAllowHeaders { .. } => "Cannot parse Access-Control-Allow-Headers response header field in preflight response.".into(),
        HeaderNotAllowed { name } => format!("Request header field {name} is not allowed by Access-Control-Allow-Headers in preflight response."),
        RedirectWithCredentials { location } => format!("Redirect location '{location}' contains a username and password, \
which is disallowed for cross-origin requests."),
        StreamNeedsHttp2 => crate::stream::CHROMIUM_HTTP1_ERROR.into(),
    }
}

fn firefox(stage: Stage, failure: &Failure, at: Context) -> Vec<String> {
    // gecko's CORSNotSupportingCredentials alone quotes the URL (‘…’).
    let url = match failure {
        Failure::WildcardWithCredentials => format!("‘{}’", at.url),
        _ => at.url.to_owned(),
    };
    let mut lines = vec![firefox_line(&url, &firefox_reason(failure))];
    if stage == Stage::Preflight {
        lines.push(firefox_line(
            at.url,
            "CORS request did not succeed). Status code: (null).",
        ));
    }
    lines
}

/// `tail` is everything after "(Reason: ", closing parenthesis included.
fn firefox_line(url: &str, tail: &str) -> String {
    format!("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {url}. (Reason: {tail}")
}

fn firefox_reason(failure: &Failure) -> String {
    use Failure::*;
    match failure {
        MissingAllowOrigin { status } => format!("CORS header ‘Access-Control-Allow-Origin’ missing). Status code: {status}."),
        MultipleAllowOrigin { .. } => "Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).".into(),
        InvalidAllowOrigin { value } | AllowOriginMismatch { value } => {
            format!("CORS header ‘Access-Control-Allow-Origin’ does not match ‘{value}’).")
        }
        WildcardWithCredentials => "Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).".into(),
        AllowCredentials { .. } => "expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).".into(),
        PreflightStatus { status } => format!("CORS preflight response did not succeed). Status code: {status}."),
        PreflightRedirect => "CORS request external redirect not allowed).".into(),
        InvalidAllowMethods { token } => format!("invalid token ‘{token}’ in CORS header ‘Access-Control-Allow-Methods’)."),
        MethodNotAllowed { .. } => "Did not find method in CORS header ‘Access-Control-Allow-Methods’).".into(),
        InvalidAllowHeaders { token } => format!("invalid token ‘{token}’ in CORS header ‘Access-Control-Allow-Headers’)."),
        HeaderNotAllowed { name } => format!(
            "header ‘{name}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)."
        ),
        RedirectWithCredentials { .. } | StreamNeedsHttp2 => {
            "CORS request did not succeed). Status code: (null).".into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: Context = Context {
        url: "http://localhost:8081/lab/x/y",
        redirected_from: None,
        origin: "http://localhost:8080",
    };

    fn one(engine: Engine, stage: Stage, failure: Failure) -> Vec<String> {
        lines(engine, stage, &failure, AT)
    }

    #[test]
    fn chromium_names_url_origin_and_the_design_phrases() {
        let line = &one(
            Engine::Chromium,
            Stage::Response,
            Failure::MissingAllowOrigin { status: 200 },
        )[0];
        assert!(line.starts_with("Access to fetch at 'http://localhost:8081/lab/x/y' from origin 'http://localhost:8080' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource"), "{line}");
        let line = &one(
            Engine::Chromium,
            Stage::Preflight,
            Failure::MissingAllowOrigin { status: 400 },
        )[0];
        assert!(line.contains("Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin'"), "{line}");
        let line = &one(
            Engine::Chromium,
            Stage::Preflight,
            Failure::MethodNotAllowed {
                method: "DELETE".into(),
            },
        )[0];
        assert!(line.ends_with("policy: Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response."), "{line}");
        let line = &one(
            Engine::Chromium,
            Stage::Response,
            Failure::AllowCredentials {
                value: String::new(),
            },
        )[0];
        assert!(line.contains("The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true'"));
        let line = &one(
            Engine::Chromium,
            Stage::Response,
            Failure::AllowOriginMismatch {
                value: "http://localhost".into(),
            },
        )[0];
        assert!(
            line.ends_with("has a value 'http://localhost' that is not equal to the supplied origin. Have the server send the header with a valid value."),
            "{line}"
        );
    }

    #[test]
    fn chromium_mentions_a_redirect() {
        let at = Context {
            redirected_from: Some("http://a.test/"),
            ..AT
        };
        let line = &lines(
            Engine::Chromium,
            Stage::Response,
            &Failure::WildcardWithCredentials,
            at,
        )[0];
        assert!(
            line.contains(
                "at 'http://localhost:8081/lab/x/y' (redirected from 'http://a.test/') from origin"
            ),
            "{line}"
        );
    }

    #[test]
    fn firefox_lines_use_curly_quotes_and_status_codes() {
        let got = one(
            Engine::Firefox,
            Stage::Response,
            Failure::MissingAllowOrigin { status: 200 },
        );
        assert_eq!(got, ["Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:8081/lab/x/y. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."]);
        let got = one(
            Engine::Firefox,
            Stage::Preflight,
            Failure::HeaderNotAllowed {
                name: "x-token".into(),
            },
        );
        assert_eq!(got.len(), 2);
        assert!(got[0].contains("(Reason: header ‘x-token’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)."));
        assert!(got[1].ends_with("(Reason: CORS request did not succeed). Status code: (null)."));
        let got = one(
            Engine::Firefox,
            Stage::Response,
            Failure::WildcardWithCredentials,
        );
        assert_eq!(got, ["Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘http://localhost:8081/lab/x/y’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’)."]);
    }
}
