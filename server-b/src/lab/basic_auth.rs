//! HTTP authentication as a server asks for it: a request without the lab's
//! demo user (`lessons::BASIC_AUTH_USER`, `BASIC_AUTH_PASSWORD`) in
//! `Authorization: Basic …` gets 401 with `WWW-Authenticate: Basic`; with
//! them, 200 and the user's name. Whether a browser sends what the page gave
//! `XMLHttpRequest.open(…, user, password)` is the browser's choice, and the
//! lesson shows each engine's. The header's value is compared here and
//! never stored, logged or recorded (the recorder keeps only that it came).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use base64::Engine as _;
use serde::Serialize;
use subtle::ConstantTimeEq;

/// The realm the challenge names.
const REALM: &str = "CORS Lab";

/// The body of an authenticated answer.
#[derive(Serialize)]
pub struct BasicUser {
    /// The user the request authenticated as.
    pub user: &'static str,
}

/// 200 for the demo user, 401 with a Basic challenge for anything else.
pub fn respond(req: &HttpRequest) -> HttpResponse {
    if carries_demo_user(req) {
        return HttpResponse::Ok().json(BasicUser {
            user: lessons::BASIC_AUTH_USER,
        });
    }
    HttpResponse::Unauthorized()
        .insert_header((
            header::WWW_AUTHENTICATE,
            format!("Basic realm=\"{REALM}\", charset=\"UTF-8\""),
        ))
        .finish()
}

/// Whether `Authorization` is `Basic` with the demo user and password.
fn carries_demo_user(req: &HttpRequest) -> bool {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return false;
    };
    let Some(encoded) = value.to_str().ok().and_then(|v| v.strip_prefix("Basic ")) else {
        return false;
    };
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return false;
    };
    let expected = format!(
        "{}:{}",
        lessons::BASIC_AUTH_USER,
        lessons::BASIC_AUTH_PASSWORD
    );
    decoded.ct_eq(expected.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn status(authorization: Option<&str>) -> u16 {
        let mut req = TestRequest::default();
        if let Some(value) = authorization {
            req = req.insert_header((header::AUTHORIZATION, value));
        }
        respond(&req.to_http_request()).status().as_u16()
    }

    #[test]
    fn only_the_demo_user_gets_in_and_everyone_else_is_challenged() {
        let demo = base64::engine::general_purpose::STANDARD.encode("lab-user:lab-pass");
        assert_eq!(status(Some(&format!("Basic {demo}"))), 200);
        let wrong = base64::engine::general_purpose::STANDARD.encode("lab-user:nope");
        assert_eq!(status(Some(&format!("Basic {wrong}"))), 401);
        assert_eq!(status(Some("Bearer lab-demo-token")), 401);
        assert_eq!(status(Some("Basic %%%")), 401);
        assert_eq!(status(None), 401);
        let challenge = respond(&TestRequest::default().to_http_request());
        let said = challenge.headers().get(header::WWW_AUTHENTICATE).unwrap();
        assert!(said
            .to_str()
            .unwrap()
            .starts_with("Basic realm=\"CORS Lab\""));
    }
}
