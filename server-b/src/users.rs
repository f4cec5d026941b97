//! The demo accounts. The first is the one from the lab's story; the second
//! exists so that the tests (and curious learners) can see notes stay private.

use serde::Serialize;

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct User {
    pub email: &'static str,
    pub name: &'static str,
}

struct Account {
    user: User,
    password: &'static str,
}

const ACCOUNTS: [Account; 2] = [
    Account {
        user: User {
            email: "user@example.com",
            name: "Demo User",
        },
        password: "p@ssword",
    },
    Account {
        user: User {
            email: "friend@example.com",
            name: "Demo Friend",
        },
        password: "fr1end-p@ss",
    },
];

/// The user whose email and password these are.
pub fn authenticate(email: &str, password: &str) -> Option<User> {
    ACCOUNTS
        .iter()
        .find(|account| account.user.email == email && same_secret(account.password, password))
        .map(|account| account.user.clone())
}

/// The user with this email, for a session that names it.
pub fn by_email(email: &str) -> Option<User> {
    ACCOUNTS
        .iter()
        .find(|a| a.user.email == email)
        .map(|a| a.user.clone())
}

/// Compares without stopping at the first differing byte, so response time
/// does not reveal how much of a guess was right.
fn same_secret(expected: &str, given: &str) -> bool {
    let (a, b) = (expected.as_bytes(), given.as_bytes());
    let diff = a
        .iter()
        .zip(b.iter().cycle())
        .fold(a.len() ^ b.len(), |acc, (x, y)| acc | usize::from(x ^ y));
    diff == 0 && !b.is_empty()
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
    }
}
