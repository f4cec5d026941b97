//! Words for a learner: what a failure means, and the fix (for actix-web,
//! the `actix_cors::Cors` builder call that would allow the request).

use serde::{Deserialize, Serialize};

use crate::failure::{Failure, Stage};

/// The request the words are about.
#[derive(Clone, Copy, Debug)]
pub struct Subject<'a> {
    /// The page's origin: the value the fix puts in
    /// `Access-Control-Allow-Origin`.
    pub origin: &'a str,
    /// The request's method: the one the fix lists in
    /// `Access-Control-Allow-Methods`.
    pub method: &'a str,
    /// Whether the request is credentialed: the fix then adds
    /// `Access-Control-Allow-Credentials: true` (`.supports_credentials()`
    /// for actix).
    pub include_credentials: bool,
}

/// How to make the request pass the check that failed: in words, as an
/// actix-cors call, and as the header lines to send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// One or two sentences.
    pub text: String,
    /// The actix-cors builder call that allows the request.
    pub actix: String,
    /// The header lines the server's answer must carry (the preflight's,
    /// for a preflight check), for a server that is not actix.
    pub headers: Vec<String>,
}

impl Failure {
    /// A few words for a trace line.
    pub fn describe(&self) -> String {
        use Failure::*;
        match self {
            MissingAllowOrigin { status } => {
                format!("no Access-Control-Allow-Origin (status {status})")
            }
            MultipleAllowOrigin { value } => {
                format!("several Access-Control-Allow-Origin values: '{value}'")
            }
            InvalidAllowOrigin { value } => {
                format!("Access-Control-Allow-Origin '{value}' is not an origin")
            }
            AllowOriginMismatch { value } => {
                format!("Access-Control-Allow-Origin '{value}' is not the request's Origin")
            }
            WildcardWithCredentials => "Access-Control-Allow-Origin '*' with credentials".into(),
            AllowCredentials { value } => {
                format!("Access-Control-Allow-Credentials is '{value}', not 'true'")
            }
            PreflightStatus { status } => format!("preflight status {status} is not 2xx"),
            PreflightRedirect { status } => format!("the preflight was redirected ({status})"),
            InvalidAllowMethods { token } => {
                format!("'{token}' in Access-Control-Allow-Methods is not a method")
            }
            MethodNotAllowed { method } => {
                format!("{method} is not in Access-Control-Allow-Methods")
            }
            InvalidAllowHeaders { token } => {
                format!("'{token}' in Access-Control-Allow-Headers is not a header name")
            }
            HeaderNotAllowed { name } => format!("{name} is not in Access-Control-Allow-Headers"),
            RedirectWithCredentials { location } => {
                format!("the redirect to '{location}' carries a user name or password")
            }
            StreamNeedsHttp2 => "a streaming body needs HTTP/2; the server speaks HTTP/1.1".into(),
        }
    }
}

/// What happened, in a learner's words.
pub fn explanation(stage: Stage, failure: &Failure, subject: Subject) -> String {
    if *failure == Failure::StreamNeedsHttp2 {
        return cause(failure, subject);
    }
    let when = match stage {
        Stage::Preflight => "The preflight (OPTIONS) failed, so the browser never sent the request itself. ",
        Stage::Redirect => "The request was redirected, and the redirect itself must pass the CORS check. ",
        Stage::Response => "The request reached the server and ran; the browser only refused to let JavaScript read the answer. ",
    };
    format!("{when}{}", cause(failure, subject))
}

/// What the failed check means, without saying which exchange failed (for
/// a console line that does not tell).
pub fn meaning(failure: &Failure, subject: Subject) -> String {
    cause(failure, subject)
}

fn cause(failure: &Failure, s: Subject) -> String {
    use Failure::*;
    match failure {
        MissingAllowOrigin { .. } => format!("The answer has no Access-Control-Allow-Origin header, so nothing allows '{}' to read it.", s.origin),
        MultipleAllowOrigin { .. } => "Access-Control-Allow-Origin must hold exactly one origin (or *): a list never matches.".into(),
        InvalidAllowOrigin { value } | AllowOriginMismatch { value } => format!(
            "Access-Control-Allow-Origin says '{value}' but the page's origin is '{}': they must be equal byte for byte (scheme, host and port).",
            s.origin
        ),
        WildcardWithCredentials => "With credentials: \"include\", '*' is not accepted: the server must name the origin.".into(),
        AllowCredentials { .. } => "With credentials: \"include\", the answer must also say Access-Control-Allow-Credentials: true.".into(),
        PreflightStatus { status: 0 } => "The preflight was not answered with a 2xx status, and a preflight must get one (the line does not say which status).".into(),
        PreflightStatus { status } => format!("The preflight was answered {status}; a preflight must get a 2xx status."),
        PreflightRedirect { .. } => "A preflight may not be redirected.".into(),
        InvalidAllowMethods { .. } | InvalidAllowHeaders { .. } => "The list header cannot be parsed: it must be comma-separated tokens.".into(),
        MethodNotAllowed { method } => format!(
            "{method} is neither a simple method (GET, HEAD, POST) nor listed in Access-Control-Allow-Methods{}. Methods compare case-sensitively.",
            if s.include_credentials { " ('*' does not count with credentials)" } else { "" }
        ),
        HeaderNotAllowed { name } => format!(
            "The request sets {name}, which is not safelisted, and Access-Control-Allow-Headers does not list it{}.",
            if s.include_credentials { " ('*' does not count with credentials)" } else { "" }
        ),
        RedirectWithCredentials { .. } => "A cross-origin redirect may not lead to a URL with a user name or password.".into(),
        StreamNeedsHttp2 => "Not CORS: the preflight passed, but Chromium sends a ReadableStream body only over HTTP/2 or later, and this server speaks HTTP/1.1 (an http: URL), so the request itself failed (net::ERR_ALPN_NEGOTIATION_FAILED) and never reached the server.".into(),
    }
}

/// The fix, with the actix-cors call.
pub fn fix(failure: &Failure, s: Subject) -> Fix {
    use Failure::*;
    let origin = s.origin;
    let base = format!("Cors::default().allowed_origin(\"{origin}\")");
    let creds = if s.include_credentials {
        ".supports_credentials()"
    } else {
        ""
    };
    let (text, actix) = match failure {
        MissingAllowOrigin { .. } | MultipleAllowOrigin { .. } | InvalidAllowOrigin { .. } | AllowOriginMismatch { .. } => (
            format!("Answer with Access-Control-Allow-Origin: {origin} (exactly the Origin the browser sent) and Vary: Origin."),
            format!("{base}{creds}"),
        ),
        WildcardWithCredentials => (
            "Name the origin instead of '*' and send Access-Control-Allow-Credentials: true; only for origins you trust with the user's data.".into(),
            format!("{base}.supports_credentials()"),
        ),
        AllowCredentials { .. } => (
            "Send Access-Control-Allow-Credentials: true with the exact origin, or call fetch without credentials.".into(),
            format!("{base}.supports_credentials()"),
        ),
        PreflightStatus { .. } | PreflightRedirect { .. } => (
            "Answer the OPTIONS request itself with 2xx and the CORS headers, before any authentication or redirect: wrap Cors outermost.".into(),
            format!("{base}{creds} // wrapped outermost: App::new().wrap(cors)"),
        ),
        InvalidAllowMethods { .. } | MethodNotAllowed { .. } => (
            format!("List {} in Access-Control-Allow-Methods, spelled exactly as the request sends it.", s.method),
            format!("{base}.allowed_methods(vec![\"{}\"]){creds}", s.method),
        ),
        InvalidAllowHeaders { .. } => ("Write Access-Control-Allow-Headers as comma-separated header names.".into(), format!("{base}.allowed_headers(vec![/* names */]){creds}")),
        HeaderNotAllowed { name } => (
            format!("List {name} in Access-Control-Allow-Headers (or stop sending it)."),
            format!("{base}.allowed_header(\"{name}\"){creds}"),
        ),
        RedirectWithCredentials { .. } => ("Redirect to a URL without user name and password.".into(), base),
        StreamNeedsHttp2 => (
            "Send the body as a string, Blob or ArrayBuffer, or serve the API over HTTPS with HTTP/2; CORS needs no change.".into(),
            format!("{base}{creds}"),
        ),
    };
    Fix {
        text,
        actix,
        headers: headers_to_send(failure, s),
    }
}

/// The lines a server sends to pass the check that failed.
fn headers_to_send(failure: &Failure, s: Subject) -> Vec<String> {
    use Failure::*;
    let mut lines = match failure {
        RedirectWithCredentials { .. } | StreamNeedsHttp2 => return Vec::new(),
        PreflightStatus { .. } | PreflightRedirect { .. } => {
            vec!["HTTP/1.1 204 No Content".to_owned()]
        }
        _ => Vec::new(),
    };
    lines.push(format!("Access-Control-Allow-Origin: {}", s.origin));
    let credentials = s.include_credentials
        || matches!(failure, WildcardWithCredentials | AllowCredentials { .. });
    if credentials {
        lines.push("Access-Control-Allow-Credentials: true".into());
    }
    match failure {
        InvalidAllowMethods { .. } | MethodNotAllowed { .. } => {
            lines.push(format!("Access-Control-Allow-Methods: {}", s.method))
        }
        InvalidAllowHeaders { .. } => {
            lines.push("Access-Control-Allow-Headers: <the names, comma-separated>".into())
        }
        HeaderNotAllowed { name } => lines.push(format!("Access-Control-Allow-Headers: {name}")),
        _ => lines.push("Vary: Origin".into()),
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Subject = Subject {
        origin: "http://localhost:8080",
        method: "DELETE",
        include_credentials: true,
    };

    #[test]
    fn fixes_name_the_builder_call() {
        let f = fix(
            &Failure::MethodNotAllowed {
                method: "DELETE".into(),
            },
            S,
        );
        assert_eq!(f.actix, "Cors::default().allowed_origin(\"http://localhost:8080\").allowed_methods(vec![\"DELETE\"]).supports_credentials()");
        let f = fix(
            &Failure::HeaderNotAllowed {
                name: "x-token".into(),
            },
            Subject {
                include_credentials: false,
                ..S
            },
        );
        assert!(
            f.actix.ends_with(".allowed_header(\"x-token\")"),
            "{}",
            f.actix
        );
        assert!(fix(&Failure::WildcardWithCredentials, S)
            .actix
            .contains("supports_credentials"));
    }

    #[test]
    fn explanations_say_whether_the_request_ran() {
        let e = explanation(
            Stage::Response,
            &Failure::MissingAllowOrigin { status: 200 },
            S,
        );
        assert!(
            e.contains("reached the server") && e.contains("http://localhost:8080"),
            "{e}"
        );
        let e = explanation(
            Stage::Preflight,
            &Failure::HeaderNotAllowed {
                name: "authorization".into(),
            },
            S,
        );
        assert!(
            e.contains("never sent") && e.contains("does not count with credentials"),
            "{e}"
        );
    }
}
