//! Sessions: an opaque id in an HttpOnly cookie, the state in server memory.
//! The middleware is configured here, beside the store it uses.

mod secure;
mod store;

use actix_session::config::{BrowserSession, CookieContentSecurity};
use actix_session::SessionMiddleware;
use actix_web::cookie::{Key, SameSite};

pub use lessons::SESSION_COOKIE;
pub use secure::secure_over_https;
pub use store::{MemoryStore, MAX_IDLE, MAX_SESSIONS};

/// What both session cookies share. The cookie carries only the opaque key
/// of a session kept in server memory: it needs integrity (nobody may make
/// up a key), not secrecy, so it is signed (HMAC), not encrypted (measured
/// with scripts/bench: see the commit that chose it).
fn builder(
    store: MemoryStore,
    key: Key,
) -> actix_session::config::SessionMiddlewareBuilder<MemoryStore> {
    SessionMiddleware::builder(store, key)
        .cookie_name(SESSION_COOKIE.to_owned())
        .cookie_http_only(true)
        .cookie_content_security(CookieContentSecurity::Signed)
        .session_lifecycle(BrowserSession::default())
}

/// The session middleware of `/api`: `lab_session`, HttpOnly, SameSite=Lax.
pub fn middleware(store: MemoryStore, key: Key) -> SessionMiddleware<MemoryStore> {
    builder(store, key)
        .cookie_same_site(SameSite::Lax)
        .cookie_path("/".to_owned())
        // Plain http: both engines would accept Secure on http://localhost
        // (lesson 15 measures it), but a classroom's http://teacher.local is
        // no secure context, and a Secure cookie is not stored there. Over
        // https, secure_over_https marks it Secure.
        .cookie_secure(false)
        .build()
}

/// The session middleware of the attack track's `SameSite=None` login: the
/// same store, key and cookie name as `/api`, but a cookie that other sites
/// may send (`SameSite=None` needs `Secure`, which browsers accept on
/// `http://localhost`), scoped to the lesson's own path.
pub fn same_site_none_middleware(
    store: MemoryStore,
    key: Key,
    path: &str,
) -> SessionMiddleware<MemoryStore> {
    builder(store, key)
        .cookie_same_site(SameSite::None)
        .cookie_path(path.to_owned())
        .cookie_secure(true)
        .build()
}
