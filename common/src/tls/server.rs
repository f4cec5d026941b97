//! The rustls server configuration: one certificate chain, served with
//! HTTP/2 and HTTP/1.1 (browsers speak HTTP/2 only over TLS, and a streamed
//! upload needs HTTP/2).

use std::sync::Arc;

use anyhow::Context;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::ServerConfig;

/// A certificate chain (leaf first) and its key, in PEM.
#[derive(Clone)]
pub struct ServedCertificate {
    /// The leaf, then the certificates that issued it.
    pub chain_pem: String,
    /// The leaf's private key (never logged).
    pub key_pem: String,
}

impl std::fmt::Debug for ServedCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServedCertificate")
            .field("chain_pem", &self.chain_pem)
            .finish_non_exhaustive()
    }
}

/// rustls on the ring provider, serving `certificate`. ALPN is actix-web's
/// to set: its rustls listener offers h2 and http/1.1 (with its `http2`
/// feature), ahead of any protocols configured here.
pub fn server_config(certificate: &ServedCertificate) -> anyhow::Result<ServerConfig> {
    let chain = CertificateDer::pem_slice_iter(certificate.chain_pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .context("the certificate chain is not PEM certificates")?;
    anyhow::ensure!(
        !chain.is_empty(),
        "the certificate file holds no certificate"
    );
    let key = PrivateKeyDer::from_pem_slice(certificate.key_pem.as_bytes())
        .context("the key file holds no PEM private key")?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("rustls protocol versions")?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .context("the key does not match the certificate")
}
