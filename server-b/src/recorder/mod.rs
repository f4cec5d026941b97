//! The exchange recorder: what reached server-b and what it answered, as far as
//! CORS is concerned. Browser dev tools hide preflights by default; this shows them.
//!
//! Exchanges are kept per run (the page's `?run=` nonce) and read per run, so
//! one learner's traffic never erases or reveals another's; exchanges without
//! a run go to a small shared ring.

mod exchange;
mod middleware;
mod run_id;
mod runs;
mod shared;
mod texts;

pub use exchange::{Exchange, RequestFacts, ResponseFacts};
pub use middleware::observe;
pub use run_id::{BadRunId, RunId};
pub use runs::{RunLimits, RunPage, StoreFull};
pub use shared::SHARED_CAPACITY;

use runs::RunStore;
use shared::SharedRing;

/// The recorder's own endpoint, which is not recorded (reading it would fill it).
pub const EXCHANGES_PATH: &str = "/lab/exchanges";

/// Every run's exchanges, and the shared ring.
pub struct Recorder {
    runs: RunStore,
    shared: SharedRing,
}

impl Recorder {
    /// A recorder keeping runs within `limits`.
    pub fn new(limits: RunLimits) -> Self {
        Recorder {
            runs: RunStore::new(limits),
            shared: SharedRing::new(SHARED_CAPACITY),
        }
    }

    /// Keeps the exchange with its run, or in the shared ring without one. An
    /// exchange of a run the full store could not admit is not kept.
    pub fn record(&self, run: Option<&RunId>, exchange: Exchange) {
        match run {
            Some(run) => {
                let _ = self.runs.record(run, exchange);
            }
            None => self.shared.push(exchange),
        }
    }

    /// Counts a request to a lesson's endpoint in its run.
    pub fn count_write(&self, run: &RunId, lesson: &str, write: bool) -> Result<u64, StoreFull> {
        self.runs.count_write(run, lesson, write)
    }

    /// One run's exchanges, or the shared ring's when `run` is `None`.
    pub fn page(&self, run: Option<&RunId>, after: u64) -> RunPage {
        match run {
            Some(run) => self.runs.page(run, after),
            None => self.shared.page(after, self.runs.limits()),
        }
    }
}

impl Default for Recorder {
    fn default() -> Self {
        Recorder::new(RunLimits::default())
    }
}
