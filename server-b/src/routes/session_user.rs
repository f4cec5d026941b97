//! The body `/api/login` and `/api/me` both answer with.

use serde::Serialize;

use crate::users::User;

/// `{"user": {"email", "name"}}`: the user the session belongs to, once
/// logged in (`/api/login`) or when asked (`/api/me`). The page shows it as
/// JavaScript read it, and reads no field of it: the lessons that log in
/// judge the status, the cookies and the wire.
#[derive(Serialize)]
pub struct SessionUser {
    /// The session's user.
    pub user: User,
}
