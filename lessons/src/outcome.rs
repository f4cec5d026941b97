//! What JavaScript gets from a step: the response, a rejection after the
//! browser's CORS check, or an exception before anything was sent.

use serde::{Deserialize, Serialize};

/// What JavaScript gets.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// JavaScript can read the response.
    Allowed,
    /// fetch rejects with a TypeError (XMLHttpRequest fires `error`).
    Blocked,
    /// The API throws before sending anything: the request is one it refuses
    /// (a forbidden method). No preflight, no request, no console line.
    Error,
    /// A `no-cors` request's answer: it arrived, and JavaScript gets an
    /// opaque response (type "opaque", status 0, no headers, no body).
    Opaque,
}
