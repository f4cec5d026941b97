//! https for the lab: a certificate authority the lab makes for itself (so a
//! learner trusts one certificate, once), the certificate server-b serves,
//! and the rustls configuration that offers HTTP/2 and HTTP/1.1 through
//! ALPN. rustls with the ring provider throughout: no OpenSSL, and no C
//! library beyond ring's own.

mod authority;
mod cli;
mod files;
mod server;

pub use authority::{Authority, CA_FILE, CA_KEY_FILE};
pub use cli::{Tls, TlsArgs, TlsDir};
pub use files::{own_certificate, OwnCertificate};
pub use server::{server_config, ServedCertificate};

/// The names every lab certificate is for: the lab's loopback names, as the
/// Host check accepts them (`LAB_HOST` is added when set).
pub const LAB_NAMES: &[&str] = &["localhost", "*.localhost", "127.0.0.1", "::1"];
