//! `Secure` on the session cookie where the login came over https. One
//! middleware serves both of server-b's listeners, and actix-session sets
//! the attribute once for all; this adds it per request: over https the
//! cookie must never travel back over plain http elsewhere than on
//! `localhost`, over http it could not be stored on a LAN name at all.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderValue, SET_COOKIE};
use actix_web::middleware::Next;

use super::SESSION_COOKIE;

/// Wrap it around the session middleware: it sees the `Set-Cookie` that
/// middleware wrote.
pub async fn secure_over_https<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    // The listener's own TLS, not a header a client could send.
    let https = req.app_config().secure();
    let mut response = next.call(req).await?;
    if https {
        mark_secure(response.headers_mut());
    }
    Ok(response)
}

/// Appends `; Secure` to the session cookie's `Set-Cookie`, where missing.
fn mark_secure(headers: &mut actix_web::http::header::HeaderMap) {
    let cookies: Vec<HeaderValue> = headers.get_all(SET_COOKIE).cloned().collect();
    if !cookies.iter().any(is_session_cookie) {
        return;
    }
    headers.remove(SET_COOKIE);
    for cookie in cookies {
        let marked = match cookie.to_str() {
            Ok(text) if is_session_cookie(&cookie) && !has_secure(text) => {
                HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or(cookie)
            }
            _ => cookie,
        };
        headers.append(SET_COOKIE, marked);
    }
}

fn is_session_cookie(value: &HeaderValue) -> bool {
    let text = value.as_bytes();
    text.strip_prefix(SESSION_COOKIE.as_bytes())
        .is_some_and(|rest| rest.starts_with(b"="))
}

fn has_secure(set_cookie: &str) -> bool {
    set_cookie
        .split(';')
        .skip(1)
        .any(|attribute| attribute.trim().eq_ignore_ascii_case("secure"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderMap;

    #[test]
    fn only_the_session_cookie_is_marked_and_only_once() {
        let mut headers = HeaderMap::new();
        let session = format!("{SESSION_COOKIE}=abc; HttpOnly; SameSite=Lax; Path=/");
        headers.append(SET_COOKIE, HeaderValue::from_str(&session).unwrap());
        headers.append(SET_COOKIE, HeaderValue::from_static("other=1; Path=/"));
        mark_secure(&mut headers);
        mark_secure(&mut headers);
        let all: Vec<&str> = headers
            .get_all(SET_COOKIE)
            .map(|v| v.to_str().unwrap())
            .collect();
        assert_eq!(
            all,
            [format!("{session}; Secure").as_str(), "other=1; Path=/"]
        );
    }
}
