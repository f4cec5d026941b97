//! The attack track's victims: endpoints that hold something worth stealing.
//! `account` serves the logged-in user's API key from the real session;
//! `internal` serves a token to anyone who can reach it, as an intranet
//! service that trusts the network does; the `SameSite=None` login gives a
//! session cookie that other sites may send, where the browser lets them,
//! and its logout deletes that session on the server.

use std::net::{IpAddr, Ipv4Addr};

use actix_session::{Session, SessionExt};
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;

use crate::errors::ApiError;
use crate::login_limit::LoginLimiter;
use crate::routes::login::{login, LoginForm};
use crate::routes::SESSION_USER_KEY;
use crate::users;

/// What the intranet service hands out without asking who calls.
pub const INTERNAL_TOKEN: &str = "lab-intranet-deploy-token-5c2e90";

/// The account endpoint's body: the secret an attack wants to read. The
/// page's `leaks` check reads `api_key`: the attack worked when the sending
/// page holds it. Fields in alphabetical order, the order the body has
/// always had.
#[derive(Serialize)]
pub struct Account {
    /// The user's API key.
    pub api_key: Option<&'static str>,
    /// The user's email.
    pub user: &'static str,
}

/// The intranet endpoint's body. The page's `leaks` check reads
/// `deploy_token`: the attack worked when the sending page holds it. Fields
/// in alphabetical order, the order the body has always had.
#[derive(Serialize)]
pub struct Intranet {
    /// [`INTERNAL_TOKEN`].
    pub deploy_token: &'static str,
    /// What the service is.
    pub service: &'static str,
}

/// The logged-in user's private data, or 401.
pub fn account(req: &HttpRequest) -> HttpResponse {
    let email: Option<String> = req.get_session().get(SESSION_USER_KEY).ok().flatten();
    let Some(user) = email.as_deref().and_then(users::by_email) else {
        return ApiError::NotLoggedIn.error_response();
    };
    HttpResponse::Ok().json(Account {
        api_key: users::api_key(user.email),
        user: user.email,
    })
}

/// The intranet service's data: no cookie, no login.
pub fn internal() -> HttpResponse {
    HttpResponse::Ok().json(Intranet {
        deploy_token: INTERNAL_TOKEN,
        service: "the build server's dashboard, reachable only from inside",
    })
}

/// Ends the session on the server, as `/api/logout` does.
pub async fn logout(session: Session) -> HttpResponse {
    session.purge();
    HttpResponse::NoContent().finish()
}

/// The real login, behind the same per-address limit as `/api/login`; the
/// resource's session middleware makes its cookie `SameSite=None; Secure`.
pub async fn login_same_site_none(
    req: HttpRequest,
    session: Session,
    form: web::Json<LoginForm>,
    limiter: web::Data<LoginLimiter>,
) -> Result<HttpResponse, ApiError> {
    let address = req
        .peer_addr()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |peer| peer.ip());
    if let Err(retry_after_secs) = limiter.check(address) {
        return Err(ApiError::TooManyLogins { retry_after_secs });
    }
    login(session, form).await
}
