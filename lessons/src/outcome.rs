//! What JavaScript gets from a step: the response, or a rejection.

use serde::{Deserialize, Serialize};

/// What JavaScript gets.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// JavaScript can read the response.
    Allowed,
    /// fetch rejects with a TypeError.
    Blocked,
}
