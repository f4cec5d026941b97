//! The https flags: server-b serves https with them; server-a reads only
//! where the CA is, to hand its certificate to the learner.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::{own_certificate, Authority, OwnCertificate, ServedCertificate, LAB_NAMES};

/// `--tls-dir` (`LAB_TLS_DIR`): where the lab's CA lives.
#[derive(Debug, Clone, Args)]
pub struct TlsDir {
    /// Where the lab's certificate authority is kept (ca.pem, ca-key.pem),
    /// made on server-b's first https start; ca.pem is what the learner's
    /// browser is told to trust, and the key never leaves this directory.
    #[arg(
        id = "tls_dir",
        long = "tls-dir",
        env = "LAB_TLS_DIR",
        default_value = "lab-tls"
    )]
    pub path: PathBuf,
}

/// server-b's https flags.
#[derive(Debug, Clone, Args)]
pub struct TlsArgs {
    /// Also serve the API over https on this port (HTTP/2 and HTTP/1.1),
    /// with a certificate from the lab's CA unless --tls-cert says otherwise.
    #[arg(long, env = "TLS_PORT")]
    pub tls_port: Option<u16>,
    /// The https port browsers use when a container publishes --tls-port on
    /// another one (docker-compose.yml sets it from LAB_B_TLS_PORT).
    #[arg(long, env = "PUBLIC_TLS_PORT")]
    pub public_tls_port: Option<u16>,
    /// `--tls-dir`.
    #[command(flatten)]
    pub dir: TlsDir,
    /// A certificate chain of your own (PEM) instead of the lab's CA.
    #[arg(long, env = "TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, env = "TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

/// https, checked: the port and the certificate to serve on it.
#[derive(Clone, Debug)]
pub struct Tls {
    /// The port to listen on (0: any free one).
    pub port: u16,
    /// The port browsers use, when a container publishes it on another one.
    pub public_port: Option<u16>,
    /// What the server presents.
    pub certificate: ServedCertificate,
}

impl TlsArgs {
    /// `None` without `--tls-port`; otherwise the certificate, read from
    /// `--tls-cert` or issued by the lab's CA (made first when there is none)
    /// for the lab's names and `lab_host`.
    pub fn checked(self, lab_host: Option<&str>) -> anyhow::Result<Option<Tls>> {
        let Some(port) = self.tls_port else {
            return Ok(None);
        };
        let certificate = match (self.tls_cert, self.tls_key) {
            (Some(chain), Some(key)) => own_certificate(&OwnCertificate { chain, key })?,
            _ => {
                let authority =
                    Authority::load_or_create(&self.dir.path).context("--tls-dir / LAB_TLS_DIR")?;
                let mut names: Vec<String> = LAB_NAMES.iter().map(|n| n.to_string()).collect();
                names.extend(lab_host.map(str::to_owned));
                authority.issue(&names)?
            }
        };
        Ok(Some(Tls {
            port,
            public_port: self.public_tls_port,
            certificate,
        }))
    }
}
