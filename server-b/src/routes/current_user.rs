//! The logged-in user, as an extractor: a handler that takes `CurrentUser`
//! answers 401 by itself when nobody is logged in.

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::{dev::Payload, FromRequest, HttpRequest};

use crate::errors::ApiError;
use crate::users::{self, User};

/// Where the session keeps the user's email.
pub const SESSION_USER_KEY: &str = "user";

/// The user the request's session belongs to.
pub struct CurrentUser(pub User);

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let session = req.get_session();
        Box::pin(async move {
            let email: Option<String> = session
                .get(SESSION_USER_KEY)
                .map_err(|_| ApiError::NotLoggedIn)?;
            email
                .as_deref()
                .and_then(users::by_email)
                .map(CurrentUser)
                .ok_or(ApiError::NotLoggedIn)
        })
    }
}
