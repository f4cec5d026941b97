//! What the suites share: one helper that starts both servers on free ports
//! (or targets running ones), and an HTTP client that speaks as a browser would.

pub mod browser;
pub mod http;
pub mod lab;

pub use lab::{spawn_lab, Lab};
