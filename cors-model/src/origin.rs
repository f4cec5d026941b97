//! A web origin (`scheme://host[:port]`), as browsers send it in the `Origin`
//! header: the one parser the model (a request's origin), the servers (their
//! allowlists and origins) and the lessons use.

use std::fmt;
use std::str::FromStr;

/// An origin in its serialised form, exactly as a browser would send it.
///
/// CORS compares origins byte for byte, so the lab refuses anything a browser would
/// never send (a path, a trailing slash, a default port spelled out, upper case):
/// such a value would silently never match.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin(String);

impl Origin {
    /// The origin exactly as a browser sends it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same origin with `localhost` and `127.0.0.1` swapped: the nearest
    /// *other* origin, used to show that the host is part of the origin too.
    pub fn with_loopback_host_swapped(&self) -> Option<Origin> {
        let swapped = if self.0.contains("://localhost") {
            self.0.replacen("://localhost", "://127.0.0.1", 1)
        } else if self.0.contains("://127.0.0.1") {
            self.0.replacen("://127.0.0.1", "://localhost", 1)
        } else {
            return None;
        };
        swapped.parse().ok()
    }
}

/// Why a text is not an origin; each message shows the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OriginError {
    /// Not a URL at all.
    #[error("'{input}' is not an origin like http://localhost:8080 ({reason})")]
    NotAUrl {
        /// What was given.
        input: String,
        /// Why the URL parser refused it.
        reason: url::ParseError,
    },
    /// A scheme other than http or https.
    #[error("'{0}' must start with http:// or https://")]
    NotHttp(String),
    /// A URL with more than an origin, or spelled otherwise than a browser would.
    #[error(
        "'{input}' is not an origin: write it as '{serialised}' \
         (scheme, host and port only, no path, no trailing slash)"
    )]
    NotSerialised {
        /// What was given.
        input: String,
        /// How a browser would write that origin.
        serialised: String,
    },
}

impl FromStr for Origin {
    type Err = OriginError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let url = url::Url::parse(input).map_err(|reason| OriginError::NotAUrl {
            input: input.to_owned(),
            reason,
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(OriginError::NotHttp(input.to_owned()));
        }
        let serialised = url.origin().ascii_serialization();
        if serialised != input {
            return Err(OriginError::NotSerialised {
                input: input.to_owned(),
                serialised,
            });
        }
        Ok(Origin(serialised))
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_a_browser_sends() {
        for ok in [
            "http://localhost:8080",
            "https://example.com",
            "http://127.0.0.1:1",
        ] {
            assert_eq!(ok.parse::<Origin>().unwrap().as_str(), ok);
        }
    }

    #[test]
    fn refuses_what_would_never_match() {
        for bad in [
            "http://localhost:8080/",
            "http://localhost:8080/app",
            "http://localhost:80",
            "HTTP://LOCALHOST:8080",
            "localhost:8080",
            "ftp://localhost",
            "*",
        ] {
            assert!(bad.parse::<Origin>().is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn the_error_shows_the_fix() {
        let err = "http://localhost:8080/"
            .parse::<Origin>()
            .unwrap_err()
            .to_string();
        assert!(err.contains("'http://localhost:8080'"), "{err}");
    }

    #[test]
    fn swaps_loopback_names() {
        let origin: Origin = "http://localhost:8080".parse().unwrap();
        let other = origin.with_loopback_host_swapped().unwrap();
        assert_eq!(other.as_str(), "http://127.0.0.1:8080");
        assert_eq!(other.with_loopback_host_swapped().unwrap(), origin);
        let remote: Origin = "https://example.com".parse().unwrap();
        assert!(remote.with_loopback_host_swapped().is_none());
    }
}
