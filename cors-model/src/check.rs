//! Fetch's CORS check (`Access-Control-Allow-Origin`, then
//! `Access-Control-Allow-Credentials`), as each engine runs it. The verdicts
//! agree; the order of the origin checks and what gets called "multiple
//! values" differ, and so does the console line.

use crate::engine::Engine;
use crate::failure::{CheckName, Failure, Stage, Trace};
use crate::response::Answer;

/// What the check needs to know about the request.
#[derive(Clone, Copy, Debug)]
pub struct Asker<'a> {
    /// The `Origin` the request carried (`null` after a tainting redirect).
    pub origin: &'a str,
    /// Whether the request is credentialed (`credentials: "include"`): then
    /// `*` does not match and `Access-Control-Allow-Credentials` must be
    /// `true`.
    pub include_credentials: bool,
}

/// Runs the CORS check on `answer`, recording each step in `trace`.
pub fn run(engine: Engine, asker: Asker, answer: &Answer, stage: Stage, trace: &mut Trace) -> bool {
    let origin = match engine {
        Engine::Chromium => chromium_allow_origin(asker, answer),
        Engine::Firefox => firefox_allow_origin(asker, answer),
        Engine::Webkit => webkit_allow_origin(asker, answer),
    };
    trace.run(stage, CheckName::AllowOrigin, origin)
        && (!asker.include_credentials
            || trace.run(
                stage,
                CheckName::AllowCredentials,
                allow_credentials(answer),
            ))
}

/// Chromium (services/network cors.cc): the combined value is compared
/// first; only a mismatch is then classified as several values (a space or
/// a comma), an invalid value or another origin.
fn chromium_allow_origin(asker: Asker, answer: &Answer) -> Result<String, Failure> {
    whole_value_check(asker, answer, &[' ', ','])
}

/// Firefox (nsCORSListenerProxy::CheckRequestApproved): two header lines are
/// refused before anything else; a single `a, b` line is just a mismatch.
fn firefox_allow_origin(asker: Asker, answer: &Answer) -> Result<String, Failure> {
    let lines = answer.headers.all("access-control-allow-origin");
    if lines.len() > 1 {
        return Err(Failure::MultipleAllowOrigin {
            value: lines.join(", "),
        });
    }
    let Some(value) = lines.first().map(|v| v.to_string()) else {
        return Err(Failure::MissingAllowOrigin {
            status: answer.status,
        });
    };
    if value == "*" {
        return wildcard(asker);
    }
    if value != asker.origin {
        return Err(Failure::AllowOriginMismatch { value });
    }
    Ok(format!("'{value}' equals the request's Origin"))
}

/// WebKit (CrossOriginAccessControl.cpp, passesAccessControlCheck): the
/// header's value (several lines joined with ", ") is compared whole; a
/// value with a comma is "more than one origin", anything else that is not
/// the origin is one error, "Origin … is not allowed", whether the header is
/// missing, invalid or names another origin (the model keeps the three
/// apart: the fix differs).
fn webkit_allow_origin(asker: Asker, answer: &Answer) -> Result<String, Failure> {
    whole_value_check(asker, answer, &[','])
}

/// The check Chromium and WebKit share: the combined value against `*` and
/// the origin, then a mismatch classified: a value holding one of `several`
/// is more than one origin, one that is not a URL invalid, the rest another
/// origin.
fn whole_value_check(asker: Asker, answer: &Answer, several: &[char]) -> Result<String, Failure> {
    let Some(value) = answer.get("access-control-allow-origin") else {
        return Err(Failure::MissingAllowOrigin {
            status: answer.status,
        });
    };
    if value == "*" {
        return wildcard(asker);
    }
    if value == asker.origin {
        return Ok(format!("'{value}' equals the request's Origin"));
    }
    Err(if value.contains(several) {
        Failure::MultipleAllowOrigin { value }
    } else if is_invalid_allow_origin(&value) {
        Failure::InvalidAllowOrigin { value }
    } else {
        Failure::AllowOriginMismatch { value }
    })
}

fn wildcard(asker: Asker) -> Result<String, Failure> {
    if asker.include_credentials {
        Err(Failure::WildcardWithCredentials)
    } else {
        Ok("'*' and the request carries no credentials".into())
    }
}

/// `Access-Control-Allow-Credentials` must be exactly `true` (case matters).
fn allow_credentials(answer: &Answer) -> Result<String, Failure> {
    match answer.get("access-control-allow-credentials") {
        Some(value) if value == "true" => Ok("'true'".into()),
        value => Err(Failure::AllowCredentials {
            value: value.unwrap_or_default(),
        }),
    }
}

/// An Access-Control-Allow-Origin value that is not even a URL (nor
/// `null`): Chromium calls it invalid, where a URL that is not the origin is
/// a mismatch (Firefox calls both a mismatch).
fn is_invalid_allow_origin(value: &str) -> bool {
    value != "null" && url::Url::parse(value).is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "http://localhost:8080";

    fn check(engine: Engine, credentials: bool, answer: &Answer) -> Option<Failure> {
        let mut trace = Trace::default();
        let asker = Asker {
            origin: PAGE,
            include_credentials: credentials,
        };
        run(engine, asker, answer, Stage::Response, &mut trace);
        trace.failure.map(|(_, f)| f)
    }

    /// Chromium's and Firefox's failures (WebKit's have a test of their own).
    fn both(credentials: bool, answer: &Answer) -> [Option<Failure>; 2] {
        [Engine::Chromium, Engine::Firefox].map(|e| check(e, credentials, answer))
    }

    #[test]
    fn webkit_calls_a_comma_several_origins_and_a_space_a_mismatch() {
        let webkit = |credentials, answer: &Answer| check(Engine::Webkit, credentials, answer);
        let list = Answer::new(200).with("Access-Control-Allow-Origin", &format!("{PAGE}, x"));
        assert!(matches!(
            webkit(false, &list),
            Some(Failure::MultipleAllowOrigin { .. })
        ));
        let two = Answer::new(200)
            .with("Access-Control-Allow-Origin", PAGE)
            .with("Access-Control-Allow-Origin", PAGE);
        assert!(matches!(
            webkit(false, &two),
            Some(Failure::MultipleAllowOrigin { .. })
        ));
        let spaced = Answer::new(200).with("Access-Control-Allow-Origin", &format!("{PAGE} x"));
        assert!(matches!(
            webkit(false, &spaced),
            Some(Failure::InvalidAllowOrigin { .. } | Failure::AllowOriginMismatch { .. })
        ));
        let star = Answer::new(200)
            .with("Access-Control-Allow-Origin", "*")
            .with("Access-Control-Allow-Credentials", "true");
        assert_eq!(webkit(true, &star), Some(Failure::WildcardWithCredentials));
        assert_eq!(webkit(false, &star), None);
        let exact = Answer::new(200).with("Access-Control-Allow-Origin", PAGE);
        assert_eq!(
            webkit(true, &exact),
            Some(Failure::AllowCredentials {
                value: String::new()
            })
        );
    }

    #[test]
    fn exact_origin_or_star_without_credentials_pass() {
        let exact = Answer::new(200).with("Access-Control-Allow-Origin", PAGE);
        assert_eq!(both(false, &exact), [None, None]);
        let star = Answer::new(200).with("Access-Control-Allow-Origin", "*");
        assert_eq!(both(false, &star), [None, None]);
    }

    #[test]
    fn star_with_credentials_is_refused_even_with_allow_credentials() {
        // WPT cors-preflight-star / credentials: `*` never matches with credentials.
        let star = Answer::new(200)
            .with("Access-Control-Allow-Origin", "*")
            .with("Access-Control-Allow-Credentials", "true");
        assert_eq!(
            both(true, &star),
            [
                Some(Failure::WildcardWithCredentials),
                Some(Failure::WildcardWithCredentials)
            ]
        );
    }

    #[test]
    fn allow_credentials_must_be_exactly_true() {
        for (value, expected) in [(None, ""), (Some("TRUE"), "TRUE"), (Some("false"), "false")] {
            let mut answer = Answer::new(200).with("Access-Control-Allow-Origin", PAGE);
            if let Some(value) = value {
                answer = answer.with("Access-Control-Allow-Credentials", value);
            }
            let failure = Some(Failure::AllowCredentials {
                value: expected.into(),
            });
            assert_eq!(both(true, &answer), [failure.clone(), failure]);
            assert_eq!(
                both(false, &answer),
                [None, None],
                "ACAC is not read without credentials"
            );
        }
    }

    #[test]
    fn several_origins_are_refused_by_both_with_different_reasons() {
        // WPT cors-multiple-origins: a list never matches, nor do two lines.
        let list = Answer::new(200).with(
            "Access-Control-Allow-Origin",
            &format!("{PAGE}, http://x.test"),
        );
        let value = format!("{PAGE}, http://x.test");
        assert_eq!(
            both(false, &list),
            [
                Some(Failure::MultipleAllowOrigin {
                    value: value.clone()
                }),
                Some(Failure::AllowOriginMismatch {
                    value: value.clone()
                })
            ]
        );
        let two = Answer::new(200)
            .with("Access-Control-Allow-Origin", PAGE)
            .with("Access-Control-Allow-Origin", PAGE);
        let twice = format!("{PAGE}, {PAGE}");
        let multiple = Some(Failure::MultipleAllowOrigin { value: twice });
        assert_eq!(both(false, &two), [multiple.clone(), multiple]);
    }

    #[test]
    fn mismatch_invalid_and_missing() {
        let port = Answer::new(200).with("Access-Control-Allow-Origin", "http://localhost");
        let mismatch = Some(Failure::AllowOriginMismatch {
            value: "http://localhost".into(),
        });
        assert_eq!(both(false, &port), [mismatch.clone(), mismatch]);
        let junk = Answer::new(200).with("Access-Control-Allow-Origin", "localhost8080");
        assert_eq!(
            check(Engine::Chromium, false, &junk),
            Some(Failure::InvalidAllowOrigin {
                value: "localhost8080".into()
            })
        );
        let none = Answer::new(404);
        let missing = Some(Failure::MissingAllowOrigin { status: 404 });
        assert_eq!(both(false, &none), [missing.clone(), missing]);
    }

    #[test]
    fn origin_comparison_is_byte_exact() {
        let upper = Answer::new(200).with("Access-Control-Allow-Origin", "http://LOCALHOST:8080");
        assert!(both(false, &upper).iter().all(Option::is_some));
        let slash = Answer::new(200).with("Access-Control-Allow-Origin", "http://localhost:8080/");
        assert!(both(false, &slash).iter().all(Option::is_some));
    }
}
