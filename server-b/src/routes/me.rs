//! `GET /api/me`: who the session cookie says you are.

use actix_web::{get, HttpResponse};
use serde_json::json;

use super::CurrentUser;

/// The session's user, or 401.
#[get("/me")]
pub async fn me(CurrentUser(user): CurrentUser) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "user": user }))
}
