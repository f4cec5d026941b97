//! server-a: the page's origin (`http://localhost:8080` by default).

#![warn(missing_docs)]

pub mod configuration;
pub mod routes;
pub mod startup;
