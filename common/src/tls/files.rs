//! The files of TLS: the private key written for its owner only, and a
//! certificate of the learner's own (`--tls-cert`, `--tls-key`) read in.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::server::ServedCertificate;

/// `--tls-cert` and `--tls-key`: a certificate chain and key in PEM files.
#[derive(Clone, Debug)]
pub struct OwnCertificate {
    /// The certificate, then any intermediates.
    pub chain: PathBuf,
    /// Its private key.
    pub key: PathBuf,
}

/// Reads a certificate of the learner's own, naming the file that fails.
pub fn own_certificate(own: &OwnCertificate) -> anyhow::Result<ServedCertificate> {
    let read = |path: &Path| {
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
    };
    Ok(ServedCertificate {
        chain_pem: read(&own.chain).context("--tls-cert / TLS_CERT")?,
        key_pem: read(&own.key).context("--tls-key / TLS_KEY")?,
    })
}

/// Writes a private key readable by its owner alone: on a shared machine
/// nobody else may sign as the lab's CA.
pub fn write_private(path: &Path, pem: &str) -> anyhow::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(pem.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}
