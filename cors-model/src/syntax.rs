//! Header names and values as RFC 9110 allows them: the one rule set the
//! model, the lesson catalogue and both servers check HTTP input against.
//!
//! Two strengths. [`check_sendable`] is the wire's own rule (a value that
//! holds no CR, LF or NUL cannot split a message): what the model accepts in
//! an exchange to judge, since engines send such values. [`check`] is
//! stricter, for headers the lab itself writes into real answers (a lesson's
//! or the playground's): visible ASCII, spaces and tabs, no white space at an
//! end, at most [`MAX_VALUE_LEN`] bytes.

/// The longest value the lab writes into a header.
pub const MAX_VALUE_LEN: usize = 1024;

/// Why a header name or value was refused; the message names the header.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SyntaxError {
    /// The name is empty or not a token.
    #[error("'{}' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)", .0.escape_debug())]
    BadName(String),
    /// The value holds CR, LF or NUL, which would split the message.
    #[error("the value of {0} cannot hold CR, LF or NUL")]
    SplitsMessage(String),
    /// The value is longer than [`MAX_VALUE_LEN`].
    #[error("the value of {name} is {len} bytes long (at most {MAX_VALUE_LEN})")]
    TooLong {
        /// The header.
        name: String,
        /// The value's length in bytes.
        len: usize,
    },
    /// The value holds a byte other than visible ASCII, space or tab.
    #[error("the value of {name} may hold only visible ASCII, spaces and tabs: {value:?}")]
    NotVisibleAscii {
        /// The header.
        name: String,
        /// The value.
        value: String,
    },
    /// The value starts or ends with white space.
    #[error("the value of {name} has white space at an end: {value:?}")]
    Padded {
        /// The header.
        name: String,
        /// The value.
        value: String,
    },
}

/// An RFC 9110 token: what a method or a header name must be.
pub fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A header name (or a method): a non-empty token.
pub fn check_name(name: &str) -> Result<(), SyntaxError> {
    if is_token(name) {
        Ok(())
    } else {
        Err(SyntaxError::BadName(name.to_owned()))
    }
}

/// A name and a value an engine can send: a token, and no CR, LF or NUL.
pub fn check_sendable(name: &str, value: &str) -> Result<(), SyntaxError> {
    check_name(name)?;
    if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
        return Err(SyntaxError::SplitsMessage(name.to_owned()));
    }
    Ok(())
}

/// A value the lab writes into a real message (see the module's text).
pub fn check_value(name: &str, value: &str) -> Result<(), SyntaxError> {
    if value.len() > MAX_VALUE_LEN {
        return Err(SyntaxError::TooLong {
            name: name.to_owned(),
            len: value.len(),
        });
    }
    if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
        return Err(SyntaxError::SplitsMessage(name.to_owned()));
    }
    let visible = |b: u8| b == b'\t' || b == b' ' || b.is_ascii_graphic();
    if !value.bytes().all(visible) {
        return Err(SyntaxError::NotVisibleAscii {
            name: name.to_owned(),
            value: value.to_owned(),
        });
    }
    if value.trim() != value {
        return Err(SyntaxError::Padded {
            name: name.to_owned(),
            value: value.to_owned(),
        });
    }
    Ok(())
}

/// Both, for a header the lab writes as a name and a value.
pub fn check(name: &str, value: &str) -> Result<(), SyntaxError> {
    check_name(name)?;
    check_value(name, value)
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
    fn splitting_and_odd_bytes_are_refused_by_the_strict_check() {
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
        let long = "a".repeat(MAX_VALUE_LEN + 1);
        assert!(matches!(
            check_value("X-Long", &long),
            Err(SyntaxError::TooLong { len: 1025, .. })
        ));
    }

    #[test]
    fn what_an_engine_sends_passes_the_wire_check() {
        assert!(check_sendable("Accept-Language", "é").is_ok());
        assert!(check_sendable("X-Pad", " padded ").is_ok());
        assert!(check_sendable("X-Long", &"a".repeat(2000)).is_ok());
        assert_eq!(
            check_sendable("X-Split", "a\r\nb"),
            Err(SyntaxError::SplitsMessage("X-Split".into()))
        );
        assert_eq!(
            check_sendable("X Split", "a"),
            Err(SyntaxError::BadName("X Split".into()))
        );
    }

    #[test]
    fn messages_name_the_header() {
        let err = check("X-Token", " padded").unwrap_err().to_string();
        assert!(
            err.contains("X-Token") && err.contains("white space"),
            "{err}"
        );
        let err = check("X Token", "a").unwrap_err().to_string();
        assert!(err.contains("not a valid header name"), "{err}");
    }
}
