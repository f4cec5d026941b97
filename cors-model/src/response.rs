//! A server's answer, to the preflight or to the actual request: a status and
//! its headers (a 3xx with `Location` is a redirect).

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::headers::Headers;

/// One answer from the server: its status and header lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The HTTP status (200 when the JSON leaves it out).
    #[serde(default = "ok")]
    pub status: u16,
    /// The header lines, in the order the server sends them.
    #[serde(default)]
    pub headers: Headers,
}

fn ok() -> u16 {
    200
}

impl Answer {
    /// An answer with `status` and no header.
    pub fn new(status: u16) -> Self {
        Answer {
            status,
            headers: Headers::new(),
        }
    }

    /// The answer with the header line `name: value` appended.
    pub fn with(mut self, name: &str, value: &str) -> Self {
        self.headers = self.headers.with(name, value);
        self
    }

    /// Fetch's "ok status": 200 to 299.
    pub fn is_ok(&self) -> bool {
        (200..=299).contains(&self.status)
    }

    /// A redirect the browser would follow.
    pub fn is_redirect(&self) -> bool {
        matches!(self.status, 301 | 302 | 303 | 307 | 308) && self.headers.contains("location")
    }

    /// The `Location` header as sent (possibly relative), if any.
    pub fn location(&self) -> Option<String> {
        self.headers.get("location")
    }

    /// The values of `name` combined as Fetch combines them (`a, b`), or
    /// `None` when the answer does not carry it.
    pub fn get(&self, name: &str) -> Option<String> {
        self.headers.get(name)
    }

    /// A status a server can send and header lines that cannot split a message.
    pub fn validate(&self, field: &str) -> Result<(), InputError> {
        if !(100..=599).contains(&self.status) {
            return Err(InputError::new(
                format!("{field}.status"),
                format!("{} is not an HTTP status (100 to 599)", self.status),
            ));
        }
        for (name, value) in self.headers.iter() {
            crate::syntax::check_sendable(name, value)
                .map_err(|e| InputError::new(format!("{field}.headers.{name}"), e.to_string()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_status_is_2xx_only() {
        // WPT cors-preflight-status: only 200..=299 pass.
        for status in [200, 204, 299] {
            assert!(Answer::new(status).is_ok(), "{status}");
        }
        for status in [199, 300, 301, 400, 401, 404, 500] {
            assert!(!Answer::new(status).is_ok(), "{status}");
        }
    }

    #[test]
    fn a_redirect_needs_a_location() {
        assert!(Answer::new(302).with("Location", "/x").is_redirect());
        assert!(!Answer::new(302).is_redirect());
        assert!(!Answer::new(200).with("Location", "/x").is_redirect());
    }

    #[test]
    fn validation_names_the_field() {
        let err = Answer::new(200)
            .with("X-A", "a\nb")
            .validate("response")
            .unwrap_err();
        assert_eq!(err.field, "response.headers.X-A");
        assert_eq!(
            Answer::new(42).validate("preflight").unwrap_err().field,
            "preflight.status"
        );
    }
}
