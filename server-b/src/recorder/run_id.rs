//! The page's `?run=` nonce, checked: it becomes a map key and appears in the
//! wire view, so only short, plain ids are accepted.

use std::fmt;

/// The longest run id accepted.
pub const MAX_RUN_ID_LEN: usize = 64;

/// A run id: 1 to 64 letters, digits, `-` or `_`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RunId(String);

/// Why a `run` value was refused, with the rule it broke.
#[derive(Debug, PartialEq, Eq)]
pub struct BadRunId;

impl fmt::Display for BadRunId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "run must be 1 to {MAX_RUN_ID_LEN} letters, digits, '-' or '_'"
        )
    }
}

impl std::error::Error for BadRunId {}

impl RunId {
    /// The id, if the text is a valid one.
    pub fn parse(text: &str) -> Result<Self, BadRunId> {
        let plain = text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if text.is_empty() || text.len() > MAX_RUN_ID_LEN || !plain {
            return Err(BadRunId);
        }
        Ok(RunId(text.to_owned()))
    }

    /// The run a request belongs to: its `run` query parameter, when valid.
    pub fn of_query(query: &str) -> Option<Self> {
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(name, _)| name == "run")
            .and_then(|(_, value)| RunId::parse(&value).ok())
    }

    /// The id as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ids_only() {
        assert!(RunId::parse("a1b2-c_3").is_ok());
        for bad in ["", "a b", "a/b", "<script>", &"x".repeat(65)] {
            assert_eq!(RunId::parse(bad), Err(BadRunId), "{bad}");
        }
    }

    #[test]
    fn found_in_a_query() {
        assert_eq!(
            RunId::of_query("x=1&run=abc").map(|r| r.0),
            Some("abc".to_owned())
        );
        assert_eq!(RunId::of_query("x=1"), None);
        assert_eq!(RunId::of_query("run=a%20b"), None);
    }
}
