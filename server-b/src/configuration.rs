//! Typed settings: flags with environment fallbacks, validated before anything
//! starts, so a bad value stops the server with one clear line.

use actix_web::cookie::Key;
use anyhow::{bail, Context};
use clap::Parser;
use common::cli::{Command, Listen, ListenArgs};
use common::tls::{Tls, TlsArgs};
use common::Allowlist;

use crate::login_limit::LOGIN_BURST;
use crate::recorder::RunLimits;

/// The shortest session key accepted: actix-session signs the cookie with
/// a 64-byte key (half of it for signing, as the cookie crate splits it).
pub const MIN_SESSION_KEY_BYTES: usize = 64;

#[derive(Debug, Parser)]
#[command(
    name = "server-b",
    version,
    about = "CORS Lab's API origin: /api (login, notes), /lab (lesson endpoints, recorded exchanges)",
    after_help = "SESSION_KEY (environment only, at least 64 bytes) signs session cookies; \
                  without it a random key is made at start and sessions do not survive a restart."
)]
/// server-b's command line.
pub struct Cli {
    /// `--bind` and `--port`.
    #[command(flatten)]
    pub listen: ListenArgs<8081>,
    /// `--tls-port` and the certificate flags.
    #[command(flatten)]
    pub tls: TlsArgs,
    /// Origins allowed to call the API, comma-separated, exactly as the browser
    /// sends them (scheme://host:port, no trailing slash).
    #[arg(long, env = "ALLOWED_ORIGINS", default_value = "http://localhost:8080")]
    pub allowed_origins: String,
    /// `--lessons-dir`: the lesson files, read once at start.
    #[command(flatten)]
    pub lessons: lessons::directory::LessonsDir,
    /// Logins one client address may make at once, then one a second. Raise
    /// it where many browsers share one address (a class behind NAT, a test
    /// suite against one running server).
    #[arg(long, env = "LOGIN_BURST", default_value_t = LOGIN_BURST)]
    pub login_burst: u32,
    /// `healthcheck`, or nothing to serve.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Everything server-b needs to start, checked.
#[derive(Clone)]
pub struct Settings {
    /// Where to listen and whom to answer.
    pub listen: Listen,
    /// https beside http, when `--tls-port` asks for it.
    pub tls: Option<Tls>,
    /// The page origins the API trusts.
    pub allowed_origins: Allowlist,
    /// Signs the session cookie.
    pub session_key: Key,
    /// How many runs the recorder keeps, and for how long each is protected.
    pub run_limits: RunLimits,
    /// Logins one client address may make at once (then one a second).
    pub login_burst: u32,
}

impl Settings {
    /// Checks the command line and the environment (`SESSION_KEY`).
    pub fn from_cli(cli: Cli) -> anyhow::Result<Self> {
        lessons::directory::use_directory(&cli.lessons.path)
            .context("--lessons-dir / LESSONS_DIR")?;
        let allowed_origins = Allowlist::parse(&cli.allowed_origins)
            .context("--allowed-origins / ALLOWED_ORIGINS")?;
        if cli.login_burst == 0 {
            bail!("--login-burst / LOGIN_BURST must be at least 1 (0 would refuse every login)");
        }
        // An empty value (`SESSION_KEY=` in a compose .env file) counts as unset.
        let session_key = match std::env::var("SESSION_KEY") {
            Ok(value) if !value.is_empty() => session_key(&value)?,
            _ => {
                log::warn!("SESSION_KEY is not set: using a random key; sessions will not survive a restart");
                Key::generate()
            }
        };
        let listen = cli.listen.checked()?;
        Ok(Settings {
            tls: cli.tls.checked(listen.hosts.lab_host())?,
            listen,
            allowed_origins,
            session_key,
            run_limits: RunLimits::default(),
            login_burst: cli.login_burst,
        })
    }
}

/// Turns `SESSION_KEY` into a signing key, refusing keys too short to be safe.
pub fn session_key(value: &str) -> anyhow::Result<Key> {
    if value.len() < MIN_SESSION_KEY_BYTES {
        bail!(
            "SESSION_KEY is {} bytes long; it must be at least {MIN_SESSION_KEY_BYTES} \
             (for example: openssl rand -base64 64 | tr -d '\\n')",
            value.len()
        );
    }
    Ok(Key::from(value.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_are_refused_without_echoing_them() {
        let err = session_key("too-short-secret").err().unwrap().to_string();
        assert!(err.contains("16 bytes"), "{err}");
        assert!(!err.contains("too-short-secret"), "{err}");
        assert!(session_key(&"k".repeat(64)).is_ok());
    }
}
