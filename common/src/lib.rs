//! Pieces both servers share: their command line, their entry and start-up,
//! validated origins and the allowlist, the names they answer to (`Host`),
//! a per-address rate limit, a listener that explains why it could not bind,
//! the logger, and `/healthz` with its `healthcheck` client.

#![warn(missing_docs)]

pub mod allowlist;
pub mod cli;
pub mod entry;
pub mod health;
pub mod host_check;
pub mod listen;
pub mod log_format;
pub mod logging;
pub mod rate_limit;
pub mod refusal;
pub mod serve;
pub mod tls;

pub use allowlist::Allowlist;
pub use allowlist::AllowlistError;
/// Origins are the model's (`cors_model::origin`): one parser for all.
pub use cors_model::origin::{self, Origin, OriginError};
pub use refusal::Refusal;
