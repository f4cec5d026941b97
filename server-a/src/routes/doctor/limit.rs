//! Probes per client address: a burst of [`BURST`], then one every
//! [`PERIOD`]. Each probe makes server-a send up to three requests, so the
//! limit keeps one visitor from turning it into a scanner of the LAN.
//!
//! The limiter is one per process, keyed by the listener's own address as
//! well as the client's: the route registers with a single line (no state
//! built in `startup.rs`), all workers share one budget, and two labs in one
//! process (the test suites start many) never share one.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::OnceLock;
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
