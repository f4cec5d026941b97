//! What the suites share: `spawn_app`, which gives each test a lab of its own
//! (or targets running servers), and an HTTP client that speaks as a browser would.

pub mod browser;
pub mod console_capture;
pub mod har_capture;
pub mod http;
pub mod lab;
pub mod trust;
pub mod webkit;
pub mod webkit_lines;

pub use lab::{spawn_app, spawn_app_with, Https, TestApp, Tuning};
