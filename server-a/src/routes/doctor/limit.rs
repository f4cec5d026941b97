//! Probes per client address: a burst of [`BURST`], then one every
//! [`PERIOD`]. Each probe makes server-a send up to three requests, so the
//! limit keeps one visitor from turning it into a scanner of the LAN. And at
//! most [`MAX_IN_FLIGHT`] probes at once, whoever asks.
//!
//! Both are one per process, keyed by the listener's own address (the
//! limiter by the client's too): the route registers with a single line (no state
//! built in `startup.rs`), all workers share one budget, and two labs in one
//! process (the test suites start many) never share one.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use actix_web::HttpRequest;
use common::rate_limit::KeyedLimiter;

/// Probes one address may ask for at once.
pub const BURST: u32 = 20;
/// Then one more per period.
pub const PERIOD: Duration = Duration::from_secs(3);

type Key = (SocketAddr, IpAddr);

fn limiter() -> &'static KeyedLimiter<Key> {
    static LIMITER: OnceLock<KeyedLimiter<Key>> = OnceLock::new();
    LIMITER.get_or_init(|| KeyedLimiter::new(BURST, PERIOD))
}

/// `Ok` when this caller may probe now, else the seconds to wait. The peer
/// address is the TCP peer's: a forwarded-for header could be forged.
pub fn check(req: &HttpRequest) -> Result<(), u64> {
    let client = req
        .peer_addr()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |peer| peer.ip());
    limiter().check(&(req.app_config().local_addr(), client))
}

/// Probes one listener runs at once. A probe of a silent server holds a
/// blocking thread for up to three timeouts; the per-address limit does not
/// bound many addresses together, this does.
pub const MAX_IN_FLIGHT: usize = 16;

fn in_flight() -> &'static Mutex<HashMap<SocketAddr, usize>> {
    static IN_FLIGHT: OnceLock<Mutex<HashMap<SocketAddr, usize>>> = OnceLock::new();
    IN_FLIGHT.get_or_init(Default::default)
}

/// A place among the probes running; given back when dropped.
pub struct Slot(SocketAddr);

/// A slot on this request's listener, or `None` when all are taken.
pub fn slot(req: &HttpRequest) -> Option<Slot> {
    let listener = req.app_config().local_addr();
    // A panic never happens under this lock (one map update), so a poisoned
    // lock still holds good counts.
    let mut counts = in_flight().lock().unwrap_or_else(|e| e.into_inner());
    let count = counts.entry(listener).or_default();
    if *count >= MAX_IN_FLIGHT {
        return None;
    }
    *count += 1;
    Some(Slot(listener))
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = in_flight().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = counts.get_mut(&self.0) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                // Memory stays bounded by the listeners busy right now.
                counts.remove(&self.0);
            }
        }
    }
}
