//! One shape for every refusal both servers answer: a status and
//! `{"error", "field"}`, with `Retry-After` (and `retry_after_seconds`) where
//! waiting helps. The field is a JSON path (`request.method`,
//! `headers.X-Token`) for bad input, `body` when the body as a whole is at
//! fault, and empty when no field is. server-a's handlers return
//! `Result<HttpResponse, Refusal>`; server-b's `ApiError` answers through it,
//! so no route writes the shape by hand.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use cors_model::InputError;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a server will not do what was asked.
#[derive(Debug, Serialize, thiserror::Error)]
#[error("{field}: {error}")]
pub struct Refusal {
    #[serde(skip)]
    status: StatusCode,
    /// What is wrong, and what to do instead.
    error: String,
    /// Where: a JSON path, `body`, or empty.
    field: String,
    /// Seconds to wait, where waiting helps (also sent as `Retry-After`).
    #[serde(
        rename = "retry_after_seconds",
        skip_serializing_if = "Option::is_none"
    )]
    retry_after: Option<u64>,
}

impl Refusal {
    /// A refusal with any status.
    pub fn new(status: StatusCode, field: impl Into<String>, error: impl ToString) -> Self {
        Refusal {
            status,
            error: error.to_string(),
            field: field.into(),
            retry_after: None,
        }
    }

    /// 400: the input at `field` is wrong.
    pub fn bad(field: impl Into<String>, error: impl ToString) -> Self {
        Refusal::new(StatusCode::BAD_REQUEST, field, error)
    }

    /// The same refusal, telling the client when to try again.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }
}

impl From<InputError> for Refusal {
    fn from(e: InputError) -> Self {
        Refusal::bad(e.field, e.message)
    }
}

impl ResponseError for Refusal {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        response.json(self)
    }
}

/// The body read as `T`. serde_path_to_error names where the JSON went
/// wrong as a path (`request.method`, `headers`); a missing field is named
/// in the object that lacks it; text that is no JSON at all, or the wrong
/// shape at the top, is the `body`'s fault.
pub fn read_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, Refusal> {
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        // "." is the top; "?" a place the parser never reached as a field.
        let path = e.path().to_string();
        let top = path == "." || path == "?";
        let error = e.into_inner();
        let field = match (top, missing_field(&error.to_string())) {
            (true, Some(missing)) => missing.to_owned(),
            (true, None) => "body".to_owned(),
            (false, Some(missing)) => format!("{path}.{missing}"),
            (false, None) => path,
        };
        Refusal::bad(field, error)
    })
}

/// The name in serde's "missing field `name`", the one message whose field
/// is not on the path (the object is there, the field is not).
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        request: Inner,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        method: String,
    }

    fn field_of(json: &str) -> String {
        read_json::<Outer>(json.as_bytes()).unwrap_err().field
    }

    #[test]
    fn a_bad_json_names_the_path_to_its_field() {
        assert_eq!(field_of(r#"{"request": {"method": 5}}"#), "request.method");
        assert_eq!(
            field_of(r#"{"request": {"methd": "GET"}}"#),
            "request.methd"
        );
        assert_eq!(field_of(r#"{"request": {}}"#), "request.method");
        assert_eq!(field_of("{}"), "request");
        assert_eq!(field_of("{not json"), "body");
        assert_eq!(field_of("\"text\""), "body");
    }

    #[test]
    fn the_answer_is_status_error_and_field() {
        let refusal = Refusal::new(StatusCode::TOO_MANY_REQUESTS, "", "slow down").retry_after(3);
        let response = refusal.error_response();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers().get("retry-after").unwrap(), "3");
        let json = serde_json::to_value(&refusal).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"error": "slow down", "field": "", "retry_after_seconds": 3})
        );
    }
}
