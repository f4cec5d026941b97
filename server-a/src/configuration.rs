//! Typed settings: flags with environment fallbacks, validated before start.

use std::path::PathBuf;

use anyhow::{ensure, Context};
use clap::Parser;
use common::cli::{Command, Listen, ListenArgs};
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
    /// server-b's https origin (its --tls-port) as the browser sees it; empty
    /// when server-b serves no https.
    #[arg(long, env = "API_TLS_ORIGIN", default_value = "https://localhost:8443")]
    pub api_tls_origin: String,
    /// `--tls-dir`: where server-b keeps the lab's CA, whose certificate
    /// server-a hands out at /lab-ca.pem.
    #[command(flatten)]
    pub tls_dir: common::tls::TlsDir,
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
    /// In a container: server-b's https address (server-b:8443), where
    /// "Check your API" reaches the API's https origin (--api-tls-origin).
    #[arg(long, env = "DOCTOR_API_TLS_ADDRESS")]
    pub doctor_api_tls_address: Option<String>,
    /// `healthcheck`, or nothing to serve.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Everything server-a needs to start, checked.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Where the page listens and whom it answers (the attacker's port
    /// answers to the same names).
    pub listen: Listen,
    /// The attacker's port (0: any free one).
    pub attacker_port: u16,
    /// server-b's origin as the browser sees it.
    pub api_origin: Origin,
    /// server-b's https origin, when it serves one.
    pub api_tls_origin: Option<Origin>,
    /// Where the lab's CA certificate is (`ca.pem` inside).
    pub tls_dir: PathBuf,
    /// Where the page's files are.
    pub static_dir: PathBuf,
    /// Where `POST /doctor` connects for loopback URLs and the API's origin.
    pub doctor_reach: Reach,
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
            listen: cli.listen.checked()?,
            attacker_port: cli.attacker_port,
            api_origin,
            api_tls_origin: https_origin(&cli.api_tls_origin)?,
            tls_dir: cli.tls_dir.path,
            static_dir: cli.static_dir,
            doctor_reach: Reach::parse(
                cli.doctor_loopback_host.as_deref(),
                cli.doctor_api_address.as_deref(),
            )?
            .with_api_tls_address(cli.doctor_api_tls_address.as_deref())?,
        };
        settings.check_static_dir()?;
        ensure!(
            settings.attacker_port == 0 || settings.attacker_port != settings.listen.port,
            "--attacker-port / ATTACKER_PORT must differ from --port: the attacker is another origin"
        );
        Ok(settings)
    }

    /// The directory's CA certificate, as the browser should trust it.
    pub fn ca_file(&self) -> PathBuf {
        self.tls_dir.join(common::tls::CA_FILE)
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

/// `--api-tls-origin`: empty for none, otherwise an https origin.
fn https_origin(text: &str) -> anyhow::Result<Option<Origin>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let origin = text
        .parse::<Origin>()
        .context("--api-tls-origin / API_TLS_ORIGIN")?;
    ensure!(
        origin.as_str().starts_with("https://"),
        "--api-tls-origin / API_TLS_ORIGIN: {origin} is not an https:// origin"
    );
    Ok(Some(origin))
}
