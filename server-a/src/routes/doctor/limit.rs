//! Probes per client address: a burst of [`BURST`], then one every
//! [`PERIOD`]. Each probe makes server-a send up to three requests, so the
//! limit keeps one visitor from turning it into a scanner of the LAN. And at
//! most [`MAX_IN_FLIGHT`] probes at once, whoever asks.
//!
//! [`ProbeLimits`] is app data built once in `startup.rs`: all workers of one
//! server share one budget, and two labs in one process (the test suites
//! start many) never share one.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use actix_web::HttpRequest;
use common::rate_limit::KeyedLimiter;

/// Probes one address may ask for at once.
pub const BURST: u32 = 20;
/// Then one more per period.
pub const PERIOD: Duration = Duration::from_secs(3);
/// Probes one server runs at once. A probe of a silent server holds a
/// blocking thread for up to three timeouts; the per-address limit does not
/// bound many addresses together, this does.
pub const MAX_IN_FLIGHT: usize = 16;

/// The doctor's limits for one server-a.
pub struct ProbeLimits {
    per_address: KeyedLimiter<IpAddr>,
    in_flight: Arc<AtomicUsize>,
}

impl Default for ProbeLimits {
    fn default() -> Self {
        ProbeLimits {
            per_address: KeyedLimiter::new(BURST, PERIOD),
            in_flight: Arc::default(),
        }
    }
}

impl ProbeLimits {
    /// `Ok` when this caller may probe now, else the seconds to wait. The
    /// peer address is the TCP peer's: a forwarded-for header could be forged.
    pub fn check(&self, req: &HttpRequest) -> Result<(), u64> {
        let client = req
            .peer_addr()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |peer| peer.ip());
        self.per_address.check(&client)
    }

    /// A place among the probes running, or `None` when all are taken.
    pub fn slot(&self) -> Option<Slot> {
        self.in_flight
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |running| {
                (running < MAX_IN_FLIGHT).then_some(running + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(&self.in_flight)))
    }
}

/// A place among the probes running; given back when dropped.
pub struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_capped_and_given_back() {
        let limits = ProbeLimits::default();
        let slots: Vec<Slot> = (0..MAX_IN_FLIGHT).filter_map(|_| limits.slot()).collect();
        assert_eq!(slots.len(), MAX_IN_FLIGHT);
        assert!(limits.slot().is_none());
        drop(slots);
        assert!(limits.slot().is_some());
    }
}
