//! A per-key rate limit: a burst, then one token every `period` (governor's
//! GCRA), with memory kept bounded. server-b limits logins per client
//! address with it, server-a the doctor's probes: both must hold one address
//! to a pace without a store of their own.

use std::hash::Hash;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Keys tracked before idle ones are forgotten (memory stays bounded).
const MAX_TRACKED: usize = 10_000;

/// A burst per key, then one more every period.
pub struct KeyedLimiter<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
}

impl<K: Hash + Eq + Clone> KeyedLimiter<K> {
    /// `burst` at once per key (at least one), then one every `period` (a
    /// zero period refills at once: no limit).
    pub fn new(burst: u32, period: Duration) -> Self {
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
            .allow_burst(burst);
        KeyedLimiter {
            limiter: RateLimiter::keyed(quota),
        }
    }

    /// `Ok` when `key` may go now, else the whole seconds to wait (at least 1).
    pub fn check(&self, key: &K) -> Result<(), u64> {
        if self.limiter.len() > MAX_TRACKED {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_a_wait_per_key() {
        let limiter = KeyedLimiter::new(3, Duration::from_secs(2));
        for _ in 0..3 {
            assert_eq!(limiter.check(&"a"), Ok(()));
        }
        assert_eq!(limiter.check(&"a"), Err(2), "two seconds to the next token");
        assert_eq!(limiter.check(&"b"), Ok(()), "another key has its own");
    }
}
