//! What a server binary does between `main` and its own code: answer the
//! `healthcheck` subcommand, install the logger, and turn an error into one
//! clear line and a failing exit code instead of a panic trace.

use std::future::Future;
use std::process::ExitCode;

/// A server binary's `main`: checks the server on `healthcheck_port` when
/// given, else installs the logger and runs `serve` on an actix system.
pub fn main<Fut>(name: &str, healthcheck_port: Option<u16>, serve: impl FnOnce() -> Fut) -> ExitCode
where
    Fut: Future<Output = anyhow::Result<()>>,
{
    if let Some(port) = healthcheck_port {
        return match crate::health::check(port) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{name}: unhealthy: {e:#}");
                ExitCode::FAILURE
            }
        };
    }
    crate::logging::init();
    let served = actix_web::rt::System::new().block_on(serve());
    crate::logging::flush();
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{name}: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
