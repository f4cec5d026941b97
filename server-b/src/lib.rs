//! server-b: the API's origin (`http://localhost:8081` by default).

#![warn(missing_docs)]

pub mod configuration;
pub mod cors;
pub mod errors;
pub mod lab;
pub mod login_limit;
pub mod notes_store;
pub mod playground;
pub mod recorder;
pub mod routes;
pub mod session;
pub mod startup;
pub mod users;
