//! One file per endpoint.

pub mod health;
pub mod lab_config;
pub mod lessons;
pub mod same_origin;

use actix_web::HttpRequest;
use common::Origin;

/// The page's origin as this browser sees it (from the Host it sent), and the
/// same page under the other loopback name, for the `disallowed-origin` lesson.
pub fn page_origins(req: &HttpRequest) -> (String, String) {
    let info = req.connection_info();
    let page = format!("{}://{}", info.scheme(), info.host());
    let other = page
        .parse::<Origin>()
        .ok()
        .and_then(|origin| origin.with_loopback_host_swapped())
        .map(|origin| origin.to_string())
        .unwrap_or_else(|| page.clone());
    (page, other)
}
