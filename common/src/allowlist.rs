//! The origins a server trusts, compared exactly as the browser sends them.

use std::fmt;

use crate::origin::{Origin, OriginError};

/// Why a list of origins cannot be an allowlist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AllowlistError {
    /// One entry is not an origin.
    #[error(transparent)]
    Origin(#[from] OriginError),
    /// No entry at all.
    #[error("the list of allowed origins is empty")]
    Empty,
}

/// A non-empty list of exact origins (`ALLOWED_ORIGINS`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allowlist(Vec<Origin>);

impl Allowlist {
    /// Parses a comma-separated list, e.g. the `ALLOWED_ORIGINS` variable.
    pub fn parse(input: &str) -> Result<Self, AllowlistError> {
        let origins = input
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(str::parse)
            .collect::<Result<Vec<Origin>, OriginError>>()?;
        Allowlist::new(origins).ok_or(AllowlistError::Empty)
    }

    /// The list, or `None` when it is empty (an empty allowlist trusts nobody
    /// and is always a configuration mistake).
    pub fn new(origins: Vec<Origin>) -> Option<Self> {
        (!origins.is_empty()).then_some(Allowlist(origins))
    }

    /// Whether the `Origin` header's bytes name a listed origin, byte for byte.
    pub fn contains(&self, origin: &[u8]) -> bool {
        self.0
            .iter()
            .any(|allowed| allowed.as_str().as_bytes() == origin)
    }

    /// The first origin: the lab page, when the list names several.
    pub fn first(&self) -> &Origin {
        &self.0[0]
    }

    /// The origins, in the order given.
    pub fn iter(&self) -> impl Iterator<Item = &Origin> {
        self.0.iter()
    }

    /// How many origins the list has (at least one).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Never true: an allowlist has at least one origin.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Origin> for Allowlist {
    fn from(origin: Origin) -> Self {
        Allowlist(vec![origin])
    }
}

impl fmt::Display for Allowlist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, origin) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(origin.as_str())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_commas_and_refuse_empty() {
        let list = Allowlist::parse("http://a.test, http://b.test:81").unwrap();
        assert_eq!(list.to_string(), "http://a.test, http://b.test:81");
        assert!(Allowlist::parse(" , ").is_err());
        assert!(Allowlist::parse("http://a.test,http://b.test/").is_err());
    }

    #[test]
    fn membership_is_exact() {
        let list = Allowlist::parse("http://localhost:8080").unwrap();
        assert!(list.contains(b"http://localhost:8080"));
        for other in [
            "http://localhost:8080/",
            "http://localhost",
            "null",
            "HTTP://localhost:8080",
        ] {
            assert!(!list.contains(other.as_bytes()), "{other}");
        }
    }
}
