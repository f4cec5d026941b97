//! The exchange recorder: what reached server-b and what it answered, as far as
//! CORS is concerned. Browser dev tools hide preflights by default; this shows them.

mod exchange;
mod middleware;
mod ring;

pub use exchange::{Exchange, RequestFacts, ResponseFacts};
pub use middleware::record;
pub use ring::{Page, Recorder, DEFAULT_CAPACITY};

/// The recorder's own endpoint, which is not recorded (reading it would fill it).
pub const EXCHANGES_PATH: &str = "/lab/exchanges";
