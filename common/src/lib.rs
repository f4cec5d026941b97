//! Pieces both servers share: validated origins, a listener that explains why it
//! could not bind, the logger, and the `healthcheck` subcommand's client.

pub mod allowlist;
pub mod entry;
pub mod health;
pub mod listen;
pub mod logging;
pub mod origin;

pub use allowlist::Allowlist;
pub use origin::Origin;
