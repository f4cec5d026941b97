//! The demo accounts. The first is the one from the lab's story; the second
//! exists so that the tests (and curious learners) can see notes stay private.

use serde::Serialize;
use subtle::ConstantTimeEq;

/// A demo user, as the API shows it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct User {
    /// The login name.
    pub email: &'static str,
    /// The name shown.
    pub name: &'static str,
}

struct Account {
    user: User,
    password: &'static str,
    /// The private data the attack track's endpoints guard: what an attacker
    /// wants to read. Shown to its owner only, never logged.
    api_key: &'static str,
}

const ACCOUNTS: [Account; 2] = [
    Account {
        user: User {
            email: "user@example.com",
            name: "Demo User",
        },
        password: "p@ssword",
        api_key: "lab-key-demo-user-3f9a61c2",
    },
    Account {
        user: User {
            email: "friend@example.com",
            name: "Demo Friend",
        },
        password: "fr1end-p@ss",
        api_key: "lab-key-demo-friend-8b04d7e5",
    },
];

/// The user whose email and password these are. Every account is compared,
/// in constant time, whether or not the email exists: the answer's timing
/// tells neither which emails have accounts nor how much of a guess was right.
pub fn authenticate(email: &str, password: &str) -> Option<User> {
    let (email, password) = (padded(email), padded(password));
    let mut found = None;
    for account in &ACCOUNTS {
        let matches =
            padded(account.user.email).ct_eq(&email) & padded(account.password).ct_eq(&password);
        if bool::from(matches) {
            found = Some(account.user.clone());
        }
    }
    found
}

/// Secrets longer than this cannot match any account.
const MAX_SECRET: usize = 128;

/// The text in a fixed-size buffer with its length, so comparisons take the
/// same time whatever the length (`ct_eq` on slices of different lengths
/// returns early). Overlong text keeps a length no account has.
fn padded(text: &str) -> [u8; MAX_SECRET + 2] {
    let mut buffer = [0u8; MAX_SECRET + 2];
    let bytes = text.as_bytes();
    let kept = bytes.len().min(MAX_SECRET);
    buffer[..kept].copy_from_slice(&bytes[..kept]);
    let length = u16::try_from(bytes.len())
        .unwrap_or(u16::MAX)
        .min(MAX_SECRET as u16 + 1);
    buffer[MAX_SECRET..].copy_from_slice(&length.to_be_bytes());
    buffer
}

/// The user with this email, for a session that names it.
pub fn by_email(email: &str) -> Option<User> {
    ACCOUNTS
        .iter()
        .find(|a| a.user.email == email)
        .map(|a| a.user.clone())
}

/// The API key of the user with this email (their private data).
pub fn api_key(email: &str) -> Option<&'static str> {
    ACCOUNTS
        .iter()
        .find(|a| a.user.email == email)
        .map(|a| a.api_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_right_password_works() {
        assert_eq!(
            authenticate("user@example.com", "p@ssword").unwrap().name,
            "Demo User"
        );
        for wrong in ["", "p@sswor", "p@ssword!", "P@ssword", "fr1end-p@ss"] {
            assert!(authenticate("user@example.com", wrong).is_none(), "{wrong}");
        }
        assert!(authenticate("nobody@example.com", "p@ssword").is_none());
        assert!(authenticate("", "").is_none());
        let long = "p@ssword".repeat(40);
        assert!(authenticate("user@example.com", &long).is_none());
    }
}
