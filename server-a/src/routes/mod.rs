//! One file per endpoint.

pub mod attacker;
pub mod doctor;
pub mod explain;
pub mod explain_error;
pub mod har;
pub mod lab_ca;
pub mod lab_config;
pub mod lessons;
pub mod same_origin;
pub mod words;

use actix_web::HttpRequest;
use common::Origin;

/// The lab's origins as this browser sees them: the page from the Host it
/// sent, the same page under the other loopback name (for the
/// `disallowed-origin` lesson), and the API (over https too, when served).
pub fn origins_seen_by(req: &HttpRequest, api_origin: &Origin) -> ::lessons::Origins {
    let info = req.connection_info();
    let page = format!("{}://{}", info.scheme(), info.host());
    let https = req.app_data::<actix_web::web::Data<lab_ca::ApiHttps>>();
    let api_tls = https
        .and_then(|https| https.origin.as_ref())
        .map(Origin::as_str);
    let origins = ::lessons::Origins::seen_from(&page, api_origin.as_str()).with_api_tls(api_tls);
    match req.app_data::<actix_web::web::Data<attacker::Ports>>() {
        Some(ports) => origins.with_attacker_port(ports.attacker),
        None => origins,
    }
}

/// The language `?lang=` asks for (`en`, `ru`, `zh`; English when absent
/// or unknown). The routes that answer with the model's words read it from
/// the query on POST too: their body is the exchange, not a preference.
pub fn language_asked(req: &HttpRequest) -> cors_model::Language {
    let asked = url::form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(name, _)| name == "lang")
        .map(|(_, value)| value.into_owned());
    cors_model::Language::from_query(asked.as_deref())
}
