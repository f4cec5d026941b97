//! The exact lines each engine logs when it blocks, with the real URL and
//! origin filled in (`chromium.rs`, `firefox.rs`, `webkit.rs`), and the reader that takes
//! such lines back to the check that failed ([`mod@read`]). The reader's
//! patterns are made from the same templates, so the two cannot drift apart.

mod chromium;
mod firefox;
mod pattern;
pub mod read;
pub mod resource_policy;
pub mod thrown;
mod webkit;

use serde::{Deserialize, Serialize};

use crate::engine::Engine;
use crate::failure::{Failure, Stage};

pub use firefox::FirefoxLocale;
pub use read::{read, Reading};

/// How WebKit's line for a blocked request ends, after the URL ("Fetch API
/// cannot load … due to access control checks."): the one line of the two
/// it logs that names the URL.
pub const WEBKIT_DUE_TO: &str = webkit::DUE_TO;

/// Where the blocked request went, as the engine names it.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The URL whose answer failed the check: after a followed redirect,
    /// the redirect's target.
    pub url: &'a str,
    /// The first URL, when a redirect led to `url`.
    pub redirected_from: Option<&'a str>,
    /// The page's origin (named in Chromium's and WebKit's lines, never in
    /// Firefox's).
    pub origin: &'a str,
    /// The status of the answer that failed the check (WebKit's
    /// Access-Control-Allow-Origin lines name it).
    pub status: u16,
}

/// The API the page used: Chromium's and WebKit's lines name it, Firefox's
/// do not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Api {
    /// `fetch` ("Access to fetch at" in Chromium's lines).
    #[default]
    Fetch,
    /// `XMLHttpRequest` ("Access to XMLHttpRequest at").
    Xhr,
}

impl Api {
    /// Both APIs, fetch first.
    pub const ALL: [Api; 2] = [Api::Fetch, Api::Xhr];
}

/// The lines `engine` logs for a request sent with `fetch`.
pub fn lines(engine: Engine, stage: Stage, failure: &Failure, at: Context) -> Vec<String> {
    lines_for(engine, Api::Fetch, stage, failure, at)
}

/// The lines `engine` logs for a request sent with `api`.
pub fn lines_for(
    engine: Engine,
    api: Api,
    stage: Stage,
    failure: &Failure,
    at: Context,
) -> Vec<String> {
    match engine {
        Engine::Chromium => vec![chromium::line(api, stage, failure, at)],
        Engine::Firefox => firefox::lines(stage, failure, at),
        Engine::Webkit => webkit::lines(api, stage, failure, at),
    }
}

/// The lines Firefox logs in `locale` (its language packs translate them).
pub fn firefox_lines(
    locale: FirefoxLocale,
    stage: Stage,
    failure: &Failure,
    at: Context,
) -> Vec<String> {
    firefox::lines_in(locale, stage, failure, at)
}

/// An en-US Firefox line (as the lessons write them, `{url}` and all) as
/// Firefox logs it in `locale`; `None` for a line no en-US template writes.
pub fn firefox_line_in(locale: FirefoxLocale, line: &str) -> Option<String> {
    firefox::translate(locale, line)
}

/// A line written for `fetch` (as the lessons write them), as `engine`
/// logs it for `api`: Chromium names XMLHttpRequest, drops the advice it
/// gives fetch after an Access-Control-Allow-Origin value error and adds a
/// sentence about `withCredentials` to the two credentials errors; WebKit
/// says "XMLHttpRequest cannot load" where it says "Fetch API cannot load".
pub fn for_api(engine: Engine, line: &str, api: Api) -> String {
    match (engine, api) {
        (Engine::Chromium, Api::Xhr) => chromium::fetch_line_as_xhr(line),
        (Engine::Webkit, Api::Xhr) => webkit::fetch_line_as_xhr(line),
        _ => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: Context = Context {
        url: "http://localhost:8081/lab/x/y",
        redirected_from: None,
        origin: "http://localhost:8080",
        status: 200,
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

    #[test]
    fn webkit_logs_the_reason_then_the_api_line() {
        let got = one(
            Engine::Webkit,
            Stage::Response,
            Failure::MissingAllowOrigin { status: 200 },
        );
        assert_eq!(
            got,
            [
                "Origin http://localhost:8080 is not allowed by Access-Control-Allow-Origin. Status code: 200",
                "Fetch API cannot load http://localhost:8081/lab/x/y due to access control checks.",
            ]
        );
        let mismatch = one(
            Engine::Webkit,
            Stage::Response,
            Failure::AllowOriginMismatch {
                value: "http://localhost".into(),
            },
        );
        assert_eq!(mismatch[0], got[0], "WebKit words both alike");
        let xhr = lines_for(
            Engine::Webkit,
            Api::Xhr,
            Stage::Response,
            &Failure::WildcardWithCredentials,
            AT,
        );
        assert_eq!(
            xhr,
            [
                "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
                "XMLHttpRequest cannot load http://localhost:8081/lab/x/y due to access control checks.",
            ]
        );
        assert_eq!(for_api(Engine::Webkit, &got[1], Api::Xhr), xhr[1]);
        let cases = [
            (
                Stage::Response,
                Failure::AllowCredentials {
                    value: String::new(),
                },
                "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
            ),
            (
                Stage::Response,
                Failure::MultipleAllowOrigin {
                    value: "a, b".into(),
                },
                "Access-Control-Allow-Origin cannot contain more than one origin.",
            ),
            (
                Stage::Preflight,
                Failure::PreflightStatus { status: 400 },
                "Preflight response is not successful. Status code: 400",
            ),
            (
                Stage::Preflight,
                Failure::MethodNotAllowed {
                    method: "DELETE".into(),
                },
                "Method DELETE is not allowed by Access-Control-Allow-Methods.",
            ),
            (
                Stage::Preflight,
                Failure::HeaderNotAllowed {
                    name: "X-Token".into(),
                },
                "Request header field X-Token is not allowed by Access-Control-Allow-Headers.",
            ),
            (
                Stage::Preflight,
                Failure::InvalidAllowMethods {
                    token: "GET, P(UT".into(),
                },
                "Header Access-Control-Allow-Methods has an invalid value: GET, P(UT",
            ),
        ];
        for (stage, failure, reason) in cases {
            let got = one(Engine::Webkit, stage, failure);
            assert_eq!(got[0], reason);
            assert!(got[1].starts_with("Fetch API cannot load http://localhost:8081/lab/x/y"));
        }
    }
}
