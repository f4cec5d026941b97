//! A redirect answered to the actual request: it must pass the CORS check
//! itself; its Location may not carry a user name or password; and when it
//! leads from one foreign origin to another, the next request carries
//! `Origin: null` (Fetch's tainted origin).

use url::Url;

use crate::error::InputError;
use crate::failure::Failure;
use crate::response::Answer;

/// A redirect the browser follows: where to, and the Origin it sends there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    /// The Location, resolved against the URL that answered with it.
    pub to: Url,
    /// The Origin the request carries after the redirect.
    pub origin: String,
}

/// Where the redirect leads, and with which Origin.
pub fn follow(
    from: &Url,
    origin: &str,
    answer: &Answer,
) -> Result<Result<Hop, Failure>, InputError> {
    let location = answer.location().unwrap_or_default();
    let to = from.join(&location).map_err(|e| {
        InputError::new(
            "response.headers.Location",
            format!("'{location}' is not a URL ({e})"),
        )
    })?;
    if !to.username().is_empty() || to.password().is_some() {
        return Ok(Err(Failure::RedirectWithCredentials {
            location: to.to_string(),
        }));
    }
    let from_origin = from.origin().ascii_serialization();
    let tainted = to.origin().ascii_serialization() != from_origin && origin != from_origin;
    let origin = if tainted {
        "null".to_owned()
    } else {
        origin.to_owned()
    };
    Ok(Ok(Hop { to, origin }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hop(from: &str, origin: &str, location: &str) -> Result<Hop, Failure> {
        let answer = Answer::new(302).with("Location", location);
        follow(&Url::parse(from).unwrap(), origin, &answer).unwrap()
    }

    const PAGE: &str = "http://localhost:8080";

    #[test]
    fn a_second_foreign_origin_taints_the_origin() {
        let h = hop(
            "http://localhost:8081/a",
            PAGE,
            "http://other.localhost:9000/b",
        )
        .unwrap();
        assert_eq!(h.origin, "null");
        assert_eq!(h.to.as_str(), "http://other.localhost:9000/b");
        let same_server = hop("http://localhost:8081/a", PAGE, "/b").unwrap();
        assert_eq!(same_server.origin, PAGE);
        assert_eq!(same_server.to.as_str(), "http://localhost:8081/b");
    }

    #[test]
    fn credentials_in_the_location_fail() {
        let failure = hop(
            "http://localhost:8081/a",
            PAGE,
            "http://u:p@localhost:8081/b",
        )
        .unwrap_err();
        assert!(matches!(failure, Failure::RedirectWithCredentials { .. }));
    }

    #[test]
    fn a_bad_location_is_an_input_error() {
        let answer = Answer::new(302).with("Location", "http://[::1");
        let from = Url::parse("http://localhost:8081/a").unwrap();
        assert_eq!(
            follow(&from, PAGE, &answer).unwrap_err().field,
            "response.headers.Location"
        );
    }
}
