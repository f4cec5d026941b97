//! What a server binary does between `main` and its own code: answer the
//! `healthcheck` subcommand, install the logger, and turn an error into one
//! clear line and a failing exit code instead of a panic trace.

use std::process::ExitCode;

/// Runs `serve`, or checks the server on `healthcheck_port` when given.
pub fn run(
    name: &str,
    healthcheck_port: Option<u16>,
    serve: impl FnOnce() -> anyhow::Result<()>,
) -> ExitCode {
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
    match serve() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{name}: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
