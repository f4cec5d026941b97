//! Input the model cannot judge: the message names the field, so a form or a
//! JSON client can point at it.

use serde::Serialize;

/// Why the model refuses an input: the field at fault and what is wrong with
/// it. Displayed as `field: message`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// The field, as a JSON path: `request.headers.X-Token`, `response.status`.
    pub field: String,
    /// What is wrong, for the person who wrote the input: usually quoting
    /// the value and saying what would be accepted, or naming the TypeError
    /// fetch would throw.
    pub message: String,
}

impl InputError {
    /// The error for `field` (a JSON path) with `message`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for InputError {}
