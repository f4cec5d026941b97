//! The command line both servers share: where to listen, and the
//! `healthcheck` subcommand. Each server flattens [`ListenArgs`] into its own
//! flags with its default port.

use clap::{Args, Subcommand};

/// `--bind` and `--port`, with `BIND` and `PORT` as fallbacks.
#[derive(Debug, Clone, Args)]
pub struct ListenArgs<const DEFAULT_PORT: u16> {
    /// Address to listen on (0.0.0.0 inside a container).
    #[arg(long, env = "BIND", default_value = "127.0.0.1")]
    pub bind: String,
    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = DEFAULT_PORT)]
    pub port: u16,
}

/// The subcommands both servers answer.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Exit 0 when the server on --port answers /healthz (for container healthchecks).
    Healthcheck,
}

/// The port to check when the command is `healthcheck`.
pub fn healthcheck_port(command: Option<&Command>, port: u16) -> Option<u16> {
    matches!(command, Some(Command::Healthcheck)).then_some(port)
}
