//! A pasted console block, explained: each line the reader recognises
//! (`console::read`), with what it means, the fix and a link into the lab's
//! playground that fails the same way. `scripts/doctor explain-error`,
//! server-a's `POST /explain-error` and the page's `#/error` view all give
//! these objects.

use serde::Serialize;
use serde_json::Value;

use crate::console::{read, Api, Reading};
use crate::engine::Engine;
use crate::explain::{self, Fix, Subject};
use crate::failure::{Failure, Stage};
use crate::reproduce::reproduce;

/// One line explained.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorReport {
    /// The engine whose words the line is; `None` for a line no engine's
    /// template writes.
    pub engine: Option<Engine>,
    /// fetch or XMLHttpRequest, where the line says (Chromium's do).
    pub api: Option<Api>,
    /// The URL the line names as blocked.
    pub url: Option<String>,
    /// The page's origin, where the line names it (Chromium's do).
    pub origin: Option<String>,
    /// Which exchange failed, where the line tells.
    pub stage: Option<Stage>,
    /// The failed check with the fields the line gives (`kind` and, e.g.,
    /// `value`, `method`, `name`, `status`); `null` for a line that names none.
    pub failure: Option<Value>,
    /// What the line means, in a learner's words; for a line that names no
    /// check, the reader's note on it.
    pub explanation: String,
    /// The fix for the failed check, stand-ins in place of what the line
    /// does not give (the page's origin, the method); `None` for a line
    /// that names no check.
    pub fix: Option<Fix>,
    /// The lab page's playground, set up to fail the same way.
    pub link: Option<String>,
    /// The line as read.
    pub line: String,
}

impl ErrorReport {
    /// Whether the line named a failed CORS check.
    pub fn is_cors_failure(&self) -> bool {
        self.failure.is_some()
    }
}

/// Stands in for the page's origin where the line does not name it.
const YOUR_ORIGIN: &str = "<your page's origin>";
/// Stands in for the method where the line does not name it.
const YOUR_METHOD: &str = "<the request's method>";

/// Every line of `text` that says something about a CORS failure,
/// explained; the playground links point at the lab page `lab_origin`.
pub fn explain_error(text: &str, lab_origin: &str) -> Vec<ErrorReport> {
    read(text)
        .into_iter()
        .map(|reading| report(reading, lab_origin))
        .collect()
}

fn report(reading: Reading, lab_origin: &str) -> ErrorReport {
    let (explanation, fix, link, failure) = match &reading.failure {
        Some(failure) => {
            let shown = with_stand_ins(failure, &reading.unnamed);
            let subject = Subject {
                origin: reading.origin.as_deref().unwrap_or(YOUR_ORIGIN),
                method: match &shown {
                    Failure::MethodNotAllowed { method } => method,
                    _ => YOUR_METHOD,
                },
                include_credentials: matches!(
                    failure,
                    Failure::WildcardWithCredentials | Failure::AllowCredentials { .. }
                ),
            };
            (
                words(&reading, &shown, subject),
                Some(explain::fix(&shown, subject)),
                reproduce(reading.stage, failure).map(|state| state.link(lab_origin)),
                Some(named_fields(failure, &reading.unnamed)),
            )
        }
        None => (reading.note.clone().unwrap_or_default(), None, None, None),
    };
    ErrorReport {
        engine: reading.engine,
        api: reading.api,
        url: reading.url,
        origin: reading.origin,
        stage: reading.stage,
        failure,
        explanation,
        fix,
        link,
        line: reading.line,
    }
}

/// The failure as words may show it: a field the line leaves out reads as
/// what it stands for, never as an empty value.
fn with_stand_ins(failure: &Failure, unnamed: &[&str]) -> Failure {
    match failure {
        Failure::MethodNotAllowed { .. } if unnamed.contains(&"method") => {
            Failure::MethodNotAllowed {
                method: YOUR_METHOD.into(),
            }
        }
        other => other.clone(),
    }
}

fn words(reading: &Reading, failure: &Failure, subject: Subject) -> String {
    let mut text = match reading.stage {
        Some(stage) => explain::explanation(stage, failure, subject),
        None => format!(
            "{} does not say whether the preflight or the response failed this check; the Network tab does \
(an OPTIONS request answered without it means the preflight). {}",
            reading.engine.map_or("The line", Engine::label),
            explain::meaning(failure, subject)
        ),
    };
    if reading.stage == Some(Stage::Preflight)
        && matches!(failure, Failure::MissingAllowOrigin { .. })
    {
        // Measured in both engines: a preflight refused with 401, 403, 404
        // or 405 and no CORS headers is reported as this, not as a status.
        text += " A preflight answered with an error status (401, 403, 404, 405: authentication or routing in front of \
the CORS layer) and no CORS headers is reported this way too: check what your server answers to OPTIONS.";
    }
    if reading.engine == Some(Engine::Webkit)
        && matches!(failure, Failure::MissingAllowOrigin { .. })
    {
        text += " WebKit words it the same when the header is there but names another origin, or is not an origin at all: \
the response's headers in the Network tab tell which; the fix is the same.";
    }
    if reading.unnamed.contains(&"method") {
        text += " Firefox does not name the method it refused: it is the method of the request on this URL.";
    }
    text
}

/// The failure's JSON without the fields the line leaves out.
fn named_fields(failure: &Failure, unnamed: &[&str]) -> Value {
    let mut value = serde_json::to_value(failure).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut value {
        for field in unnamed {
            fields.remove(*field);
        }
    }
    value
}
