//! Logins per client address: a burst, then one a second (governor's GCRA).
//!
//! This is what keeps one address from filling the session store: at one
//! login a second it makes at most 7,200 sessions in the two hours a session
//! lives unused, fewer than the store's 10,000. A classroom behind one NAT (or
//! everything on loopback) shares the limit: the burst lets a class log in at
//! once, and a refused login says when to try again.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use common::rate_limit::KeyedLimiter;

use crate::errors::ApiError;

/// Logins one address may make at once.
pub const LOGIN_BURST: u32 = 30;

/// Login attempts per client address.
pub struct LoginLimiter {
    limiter: KeyedLimiter<IpAddr>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter::new(LOGIN_BURST)
    }
}

impl LoginLimiter {
    /// A limiter allowing `burst` logins at once per address, then one a second.
    pub fn new(burst: u32) -> Self {
        LoginLimiter {
            limiter: KeyedLimiter::new(burst, Duration::from_secs(1)),
        }
    }

    /// `Ok` when this address may log in now, else the seconds to wait.
    pub fn check(&self, address: IpAddr) -> Result<(), u64> {
        self.limiter.check(&address)
    }
}

/// Answers 429 with `Retry-After` (and a JSON error, with the CORS headers
/// the outer middleware adds) when the caller's address is over its limit.
pub async fn limit_logins(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let address = req
        .peer_addr()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |peer| peer.ip());
    if let Some(limiter) = req.app_data::<web::Data<LoginLimiter>>() {
        if let Err(retry_after_secs) = limiter.check(address) {
            log::warn!("login refused for {address}: over the login limit");
            return Err(ApiError::TooManyLogins { retry_after_secs }.into());
        }
    }
    next.call(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_a_wait_per_address() {
        let limiter = LoginLimiter::new(3);
        let (a, b) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        for _ in 0..3 {
            assert_eq!(limiter.check(a), Ok(()));
        }
        assert_eq!(limiter.check(a), Err(1), "one second to the next token");
        assert_eq!(limiter.check(b), Ok(()), "another address has its own");
    }
}
