//! `POST /api/logout`: ends the session on the server, not just in the browser.

use actix_session::Session;
use actix_web::{post, HttpResponse};

/// Deletes the session on the server and tells the browser to drop the cookie.
#[post("/logout")]
pub async fn logout(session: Session) -> HttpResponse {
    // purge() deletes the session from the store and tells the browser to drop
    // the cookie: a copy of the old cookie is worthless afterwards.
    session.purge();
    HttpResponse::NoContent().finish()
}
