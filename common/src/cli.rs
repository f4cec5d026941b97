//! The command line both servers share: where to listen, which names and
//! published port to answer to, and the `healthcheck` subcommand. Each server
//! flattens [`ListenArgs`] into its own flags with its default port.

use anyhow::Context;
use clap::{Args, Subcommand};

use crate::host_check::{HostCheck, LabHost};

/// `--bind`, `--port`, `--public-port` and `--lab-host`, with `BIND`,
/// `PORT`, `PUBLIC_PORT` and `LAB_HOST` as fallbacks.
#[derive(Debug, Clone, Args)]
pub struct ListenArgs<const DEFAULT_PORT: u16> {
    /// Address to listen on (0.0.0.0 inside a container).
    #[arg(long, env = "BIND", default_value = "127.0.0.1")]
    pub bind: String,
    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// The port browsers use when it is not --port: a container's published
    /// port (docker-compose.yml sets it from LAB_A_PORT / LAB_B_PORT).
    #[arg(long, env = "PUBLIC_PORT")]
    pub public_port: Option<u16>,
    /// One more name to answer to, besides localhost, 127.0.0.1, `[::1]` and
    /// names under .localhost (a classroom's teacher.local); any other Host
    /// gets 421.
    #[arg(long, env = "LAB_HOST")]
    pub lab_host: Option<String>,
}

/// Where a server listens and whom it answers: [`ListenArgs`], checked.
#[derive(Debug, Clone)]
pub struct Listen {
    /// The address to listen on.
    pub bind: String,
    /// The port to listen on (0: any free one).
    pub port: u16,
    /// The port browsers use, when a container publishes it on another one.
    pub public_port: Option<u16>,
    /// The names to answer to (the lab's, and `LAB_HOST`).
    pub hosts: HostCheck,
    /// Worker threads; `None` is actix's default (one per core).
    pub workers: Option<usize>,
}

impl Listen {
    /// Loopback on a free port with two workers: plenty for one test, and a
    /// suite that starts many servers at once stays light.
    pub fn for_tests() -> Self {
        Listen {
            bind: "127.0.0.1".into(),
            port: 0,
            public_port: None,
            hosts: HostCheck::default(),
            workers: Some(2),
        }
    }
}

impl<const DEFAULT_PORT: u16> ListenArgs<DEFAULT_PORT> {
    /// The flags, checked (`LAB_HOST` must be a host name).
    pub fn checked(self) -> anyhow::Result<Listen> {
        Ok(Listen {
            hosts: self.host_check()?,
            bind: self.bind,
            port: self.port,
            public_port: self.public_port,
            workers: None,
        })
    }

    /// The names to answer to (the servers add their listeners' ports);
    /// an empty `LAB_HOST` (`LAB_HOST=` in a compose .env file) is unset.
    fn host_check(&self) -> anyhow::Result<HostCheck> {
        let lab_host = match self.lab_host.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(text.parse::<LabHost>().context("--lab-host / LAB_HOST")?),
        };
        Ok(HostCheck::new(lab_host))
    }
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
