//! One file per endpoint.

mod current_user;
pub mod exchanges;
pub mod login;
pub mod logout;
pub mod me;
pub mod notes;
mod session_user;

pub use current_user::{CurrentUser, SESSION_USER_KEY};
pub use session_user::SessionUser;
