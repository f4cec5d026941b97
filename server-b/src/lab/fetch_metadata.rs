//! A Fetch Metadata guard, the defence against cross-site requests that
//! works whatever the browser's cookie defaults are: every engine the lab
//! runs sends `Sec-Fetch-Site`, so a server can refuse `cross-site` ones
//! before any handler runs. A request without the header (an old browser,
//! curl) passes: the guard adds a refusal, it never replaces the others.

use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

/// The refusal's body.
#[derive(Serialize)]
pub struct CrossSiteRefused {
    /// Why, in one sentence.
    pub error: &'static str,
}

/// Whether the browser says the request comes from another site.
pub fn cross_site(req: &HttpRequest) -> bool {
    req.headers()
        .get("sec-fetch-site")
        .is_some_and(|site| site.as_bytes() == b"cross-site")
}

/// 403: nothing ran.
pub fn refuse() -> HttpResponse {
    HttpResponse::Forbidden().json(CrossSiteRefused {
        error: "Sec-Fetch-Site: cross-site: this endpoint answers its own site only",
    })
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn only_a_cross_site_request_is_refused() {
        let with = |site: &str| {
            TestRequest::default()
                .insert_header(("Sec-Fetch-Site", site))
                .to_http_request()
        };
        assert!(cross_site(&with("cross-site")));
        for site in ["same-site", "same-origin", "none"] {
            assert!(!cross_site(&with(site)), "{site}");
        }
        assert!(!cross_site(&TestRequest::default().to_http_request()));
        assert_eq!(refuse().status(), 403);
    }
}
