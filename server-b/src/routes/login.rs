//! `POST /api/login`: the story's credentialed login (mounted in `startup`,
//! behind the per-address login limit).

use actix_session::Session;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::{SessionUser, SESSION_USER_KEY};
use crate::errors::ApiError;
use crate::users;

/// No `Debug`: the password must never be printed by accident.
#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
}

/// Checks the credentials and starts a session with a new id.
pub async fn login(session: Session, form: web::Json<LoginForm>) -> Result<HttpResponse, ApiError> {
    let Some(user) = users::authenticate(&form.email, &form.password) else {
        log::info!("failed login for {:?}", form.email);
        return Err(ApiError::WrongCredentials);
    };
    // A new session id at login, so an id planted before login (session
    // fixation) is worthless afterwards.
    session.renew();
    session
        .insert(SESSION_USER_KEY, user.email)
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("storing the login")))?;
    log::info!("{} logged in", user.email);
    Ok(HttpResponse::Ok().json(SessionUser { user }))
}
