//! Typed settings: flags with environment fallbacks, validated before start.

use std::path::PathBuf;

use anyhow::{ensure, Context};
use clap::Parser;
use common::cli::{Command, ListenArgs};
use common::host_check::HostCheck;
use common::Origin;

use crate::routes::doctor::reach::Reach;

/// The repository's `static/`, found from this crate's source, not from the
/// working directory; containers set STATIC_DIR instead.
pub const DEFAULT_STATIC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../static");

#[derive(Debug, Parser)]
#[command(
    name = "server-a",
    version,
    about = "CORS Lab's page origin: serves the lab page and tells it where the API is"
)]
/// server-a's command line.
pub struct Cli {
    /// `--bind` and `--port`.
    #[command(flatten)]
    pub listen: ListenArgs<8080>,
    /// server-b's origin as the browser sees it (scheme://host:port).
    #[arg(long, env = "API_ORIGIN", default_value = "http://localhost:8081")]
    pub api_origin: String,
    /// The port of the attacker's pages (the attack track's third origin),
    /// on the same address; the same port inside and outside a container.
    #[arg(long, env = "ATTACKER_PORT", default_value_t = lessons::origins::DEFAULT_ATTACKER_PORT)]
    pub attacker_port: u16,
    /// The page's files.
    #[arg(long, env = "STATIC_DIR", default_value = DEFAULT_STATIC_DIR)]
    pub static_dir: PathBuf,
    /// `--lessons-dir`: the lesson files, read once at start.
    #[command(flatten)]
    pub lessons: lessons::directory::LessonsDir,
    /// In a container: where "Check your API" reaches the learner's
    /// localhost (host.docker.internal); unset, localhost is localhost.
    #[arg(long, env = "DOCTOR_LOOPBACK_HOST")]
    pub doctor_loopback_host: Option<String>,
    /// In a container: server-b's address (server-b:8081), where "Check
    /// your API" reaches the API's origin (--api-origin).
    #[arg(long, env = "DOCTOR_API_ADDRESS")]
    pub doctor_api_address: Option<String>,
    /// `healthcheck`, or nothing to serve.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Everything server-a needs to start, checked.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The address to listen on.
    pub bind: String,
    /// The port to listen on (0: any free one).
    pub port: u16,
    /// The page's port as browsers reach it, when a container publishes it
    /// on another one.
    pub public_port: Option<u16>,
    /// The names to answer to (the lab's, and `LAB_HOST`).
    pub hosts: HostCheck,
    /// The attacker's port (0: any free one).
    pub attacker_port: u16,
    /// server-b's origin as the browser sees it.
    pub api_origin: Origin,
    /// Where the page's files are.
    pub static_dir: PathBuf,
    /// Where `POST /doctor` connects for loopback URLs and the API's origin.
    pub doctor_reach: Reach,
    /// Worker threads; `None` is actix's default (one per core).
    pub workers: Option<usize>,
}

impl Settings {
    /// Checks the command line.
    pub fn from_cli(cli: Cli) -> anyhow::Result<Self> {
        lessons::directory::use_directory(&cli.lessons.path)
            .context("--lessons-dir / LESSONS_DIR")?;
        let api_origin = cli
            .api_origin
            .parse::<Origin>()
            .context("--api-origin / API_ORIGIN")?;
        let settings = Settings {
            hosts: cli.listen.host_check()?,
            public_port: cli.listen.public_port,
            bind: cli.listen.bind,
            port: cli.listen.port,
            attacker_port: cli.attacker_port,
            api_origin,
            static_dir: cli.static_dir,
            doctor_reach: Reach::parse(
                cli.doctor_loopback_host.as_deref(),
                cli.doctor_api_address.as_deref(),
            )?,
            workers: None,
        };
        settings.check_static_dir()?;
        ensure!(
            settings.attacker_port == 0 || settings.attacker_port != settings.port,
            "--attacker-port / ATTACKER_PORT must differ from --port: the attacker is another origin"
        );
        Ok(settings)
    }

    /// Refuses a directory without the page's index.html.
    pub fn check_static_dir(&self) -> anyhow::Result<()> {
        ensure!(
            self.static_dir.join("index.html").is_file(),
            "--static-dir / STATIC_DIR: {} has no index.html",
            self.static_dir.display()
        );
        Ok(())
    }
}
