//! Every API error is JSON `{"error", "field"}` (`common::Refusal`, the shape
//! server-a answers with too) with a message a learner understands.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use common::Refusal;

use crate::notes_store::{NotesError, MAX_NOTES_PER_USER, MAX_NOTE_CHARS};

/// The largest JSON body the API reads (its 413 message says so).
pub const JSON_LIMIT_BYTES: usize = 16 * 1024;

/// What can go wrong in an API call; each message is written for a learner.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 401: no account with this email and password.
    #[error("wrong email or password")]
    WrongCredentials,
    /// 401: no live session came with the request.
    #[error("not logged in: no valid session cookie came with this request")]
    NotLoggedIn,
    /// 404: no such route or note (or another user's note).
    #[error("no such resource")]
    NotFound,
    /// 403: a write from an origin off the allowlist.
    #[error(
        "this origin is not allowed to change anything here (it is not on the API's allowlist)"
    )]
    ForeignOrigin,
    /// 400: a body that is not the JSON expected (the detail never quotes it).
    #[error("{0}")]
    BadJson(String),
    /// 400: a query string that does not parse.
    #[error("{0}")]
    BadQuery(String),
    /// 429: over the login limit; try again after the seconds given.
    #[error("too many logins from this address: wait a moment and try again")]
    TooManyLogins {
        /// When the next login from this address will be let through.
        retry_after_secs: u64,
    },
    /// 415: a body that is not declared as JSON.
    #[error("the body must be JSON, sent with Content-Type: application/json")]
    NotJson,
    /// 413: a body over the JSON limit.
    #[error("the body is larger than {} KiB", JSON_LIMIT_BYTES / 1024)]
    TooLarge,
    /// 400: an empty or overlong note.
    #[error("a note's text must have 1 to {MAX_NOTE_CHARS} characters")]
    BadNote,
    /// 409: the user's notes are at the cap.
    #[error("a user can keep at most {MAX_NOTES_PER_USER} notes")]
    TooManyNotes,
    /// A failure of the server itself: the learner sees a generic message, the
    /// log gets the whole chain, once, when the response is built.
    #[error("something went wrong on the server")]
    Internal(#[source] anyhow::Error),
}

impl From<NotesError> for ApiError {
    fn from(error: NotesError) -> Self {
        match error {
            NotesError::NotFound => ApiError::NotFound,
            NotesError::BadText => ApiError::BadNote,
            NotesError::TooMany => ApiError::TooManyNotes,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::WrongCredentials | ApiError::NotLoggedIn => StatusCode::UNAUTHORIZED,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::ForeignOrigin => StatusCode::FORBIDDEN,
            ApiError::BadJson(_) | ApiError::BadNote | ApiError::BadQuery(_) => {
                StatusCode::BAD_REQUEST
            }
            ApiError::TooManyLogins { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TooManyNotes => StatusCode::CONFLICT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            log::error!("internal error: {cause:#}");
        }
        let refusal = Refusal::new(self.status_code(), self.field(), self);
        match self {
            ApiError::TooManyLogins { retry_after_secs } => {
                refusal.retry_after(*retry_after_secs).error_response()
            }
            _ => refusal.error_response(),
        }
    }
}

impl ApiError {
    /// What the refusal names as at fault: the body, the query, the note's
    /// text, or nothing in particular.
    fn field(&self) -> &'static str {
        match self {
            ApiError::BadJson(_) | ApiError::NotJson | ApiError::TooLarge => "body",
            ApiError::BadQuery(_) => "query",
            ApiError::BadNote => "text",
            _ => "",
        }
    }
}

/// Maps the JSON extractor's failures onto API errors. The detail never quotes
/// the body: it may hold a password.
pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api_error = match err {
        JsonPayloadError::ContentType => ApiError::NotJson,
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::TooLarge
        }
        JsonPayloadError::Deserialize(e) => ApiError::BadJson(describe_json_error(&e)),
        _ => ApiError::BadJson("the body could not be read".into()),
    };
    api_error.into()
}

fn describe_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("line {}, column {}", e.line(), e.column());
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            format!("the body is not valid JSON ({at})")
        }
        Category::Data => {
            let text = e.to_string();
            match text.split_once(" at line") {
                Some((missing, _)) if missing.starts_with("missing field") => {
                    format!("{missing} in the JSON body")
                }
                _ => format!("a field of the JSON body has the wrong type ({at})"),
            }
        }
    }
}

/// A query string that does not parse (`after=abc`) is a JSON 400 too.
pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::BadQuery(format!("bad query string: {err}")).into()
}

/// A path segment that is not a note id is a missing note, not a crash.
pub fn path_error(_err: PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_never_quote_the_body() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Login {
            password: String,
        }
        let e = serde_json::from_str::<Login>(r#"{"password": 12345678}"#).unwrap_err();
        let message = describe_json_error(&e);
        assert!(!message.contains("12345678"), "{message}");
        let e = serde_json::from_str::<Login>("{}").unwrap_err();
        assert_eq!(
            describe_json_error(&e),
            "missing field `password` in the JSON body"
        );
    }
}
