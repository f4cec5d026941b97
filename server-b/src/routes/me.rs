//! `GET /api/me`: who the session cookie says you are.

use actix_web::{get, HttpResponse};

use super::{CurrentUser, SessionUser};

/// The session's user, or 401.
#[get("/me")]
pub async fn me(CurrentUser(user): CurrentUser) -> HttpResponse {
    HttpResponse::Ok().json(SessionUser { user })
}
