//! server-a: the page's origin (`http://localhost:8080` by default).

pub mod configuration;
pub mod routes;
pub mod startup;
