//! A header list as HTTP carries it: ordered `(name, value)` pairs, names
//! compared case-insensitively, a name allowed more than once (two
//! `Access-Control-Allow-Origin` lines are a lesson of their own). In JSON it
//! is either an object (`{"X-Token": "abc"}`) or a list of pairs
//! (`[["Vary", "Origin"], ["Vary", "Accept"]]`).

use serde::{Deserialize, Serialize};

/// A header list: `(name, value)` pairs in the order they were written,
/// names as written (see the module's comment).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Headers(pub Vec<(String, String)>);

impl Headers {
    /// An empty list.
    pub fn new() -> Self {
        Headers(Vec::new())
    }

    /// The list with the line `name: value` appended at the end.
    pub fn with(mut self, name: &str, value: &str) -> Self {
        self.0.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Each `(name, value)` pair, in order, the name as written.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
            .collect()
    }

    /// The values of `name` combined as Fetch combines them (`a, b`), or
    /// `None` when the header is absent.
    pub fn get(&self, name: &str) -> Option<String> {
        let values = self.all(name);
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// Whether at least one line has `name` (compared case-insensitively).
    pub fn contains(&self, name: &str) -> bool {
        self.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// Whether the list has no line at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Wire {
    Map(std::collections::BTreeMap<String, String>),
    Pairs(Vec<(String, String)>),
}

impl<'de> Deserialize<'de> for Headers {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Wire::deserialize(deserializer) {
            Ok(Wire::Map(map)) => Ok(Headers(map.into_iter().collect())),
            Ok(Wire::Pairs(pairs)) => Ok(Headers(pairs)),
            Err(_) => Err(serde::de::Error::custom(
                "headers must be an object of name to value or a list of [name, value] pairs",
            )),
        }
    }
}

/// Splits a header value into its comma-separated list, trimming spaces and
/// tabs and skipping empty elements (Fetch's "get, decode, and split").
pub fn split_list(value: &str) -> Vec<&str> {
    value
        .split(',')
        .map(|item| item.trim_matches([' ', '\t']))
        .filter(|item| !item.is_empty())
        .collect()
}

pub use crate::syntax::is_token;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_combine_in_order() {
        let headers = Headers::new().with("Vary", "Origin").with("vary", "Accept");
        assert_eq!(headers.get("VARY").as_deref(), Some("Origin, Accept"));
        assert_eq!(headers.get("x-none"), None);
    }

    #[test]
    fn json_as_object_or_pairs() {
        let object: Headers = serde_json::from_str(r#"{"X-Token": "abc"}"#).unwrap();
        assert_eq!(object.get("x-token").as_deref(), Some("abc"));
        let pairs: Headers = serde_json::from_str(r#"[["a", "1"], ["a", "2"]]"#).unwrap();
        assert_eq!(pairs.all("A"), ["1", "2"]);
        assert!(serde_json::from_str::<Headers>("3").is_err());
    }

    #[test]
    fn lists_split_like_fetch() {
        assert_eq!(split_list(" a ,\tb,, c"), ["a", "b", "c"]);
        assert!(split_list(" , ").is_empty());
        assert!(is_token("X-Token") && !is_token("x token") && !is_token(""));
    }
}
