//! Exchanges that belong to no run (curl, a request typed by hand): a small
//! ring of its own, so that they never push a learner's run out.

use parking_lot::Mutex;
use std::collections::VecDeque;

use super::exchange::Exchange;
use super::runs::{RunLimits, RunPage};

/// Exchanges without a run kept at the most.
pub const SHARED_CAPACITY: usize = 100;

pub struct SharedRing {
    capacity: usize,
    inner: Mutex<Ring>,
}

#[derive(Default)]
struct Ring {
    last_seq: u64,
    dropped: u64,
    entries: VecDeque<Exchange>,
}

impl SharedRing {
    pub fn new(capacity: usize) -> Self {
        SharedRing {
            capacity: capacity.max(1),
            inner: Mutex::default(),
        }
    }

    /// Stores an exchange, numbering it; the oldest goes when the ring is full.
    pub fn push(&self, mut exchange: Exchange) {
        let mut ring = self.inner.lock();
        ring.last_seq += 1;
        exchange.seq = ring.last_seq;
        if ring.entries.len() == self.capacity {
            ring.entries.pop_front();
            ring.dropped += 1;
        }
        ring.entries.push_back(exchange);
    }

    /// Exchanges numbered above `after`, in the same shape as a run's page.
    pub fn page(&self, after: u64, limits: RunLimits) -> RunPage {
        let ring = self.inner.lock();
        RunPage {
            run: None,
            recorded: true,
            reason: None,
            last_seq: ring.last_seq,
            dropped: ring.dropped,
            limits,
            exchanges: ring
                .entries
                .iter()
                .filter(|e| e.seq > after)
                .cloned()
                .collect(),
        }
    }
}
