//! HTTP header names and values as RFC 9110 allows them. A lesson's headers
//! end up in real requests and responses (server-b sends literal ones as
//! written, actix panics on an invalid name in a worker), so the catalogue
//! refuses anything else when it loads.

use anyhow::{ensure, Result};

/// The longest header value a lesson may write.
pub const MAX_VALUE_LEN: usize = 1024;

/// A field name: a non-empty token (`!#$%&'*+-.^_`|~`, digits, letters).
pub fn check_name(name: &str) -> Result<()> {
    ensure!(
        !name.is_empty() && name.bytes().all(is_token_byte),
        "'{}' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)",
        name.escape_debug()
    );
    Ok(())
}

/// A field value: visible ASCII, spaces and tabs, no leading or trailing
/// white space, at most [`MAX_VALUE_LEN`] bytes. CR and LF would split the
/// message, so they are never allowed.
pub fn check_value(name: &str, value: &str) -> Result<()> {
    ensure!(
        value.len() <= MAX_VALUE_LEN,
        "the value of {name} is {} bytes long (at most {MAX_VALUE_LEN})",
        value.len()
    );
    ensure!(
        value
            .bytes()
            .all(|b| b == b'\t' || b == b' ' || b.is_ascii_graphic()),
        "the value of {name} may hold only visible ASCII, spaces and tabs: {:?}",
        value
    );
    ensure!(
        value.trim() == value,
        "the value of {name} has white space at an end: {value:?}"
    );
    Ok(())
}

/// Both, for a header written as a name and a value.
pub fn check(name: &str, value: &str) -> Result<()> {
    check_name(name)?;
    check_value(name, value)
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_plain_values_pass() {
        assert!(check("X-Token", "abc 123").is_ok());
        assert!(check("access-control-allow-origin", "$PAGE_ORIGIN").is_ok());
    }

    #[test]
    fn splitting_and_odd_bytes_are_refused() {
        for (name, value) in [
            ("X-Token", "a\r\nSet-Cookie: x=1"),
            ("X-Token", "a\nb"),
            ("X-Token", "é"),
            ("X-Token", " padded"),
            ("X Token", "a"),
            ("X-Token:", "a"),
            ("", "a"),
        ] {
            assert!(check(name, value).is_err(), "{name:?}: {value:?}");
        }
        assert!(check_value("X-Long", &"a".repeat(MAX_VALUE_LEN + 1)).is_err());
    }
}
