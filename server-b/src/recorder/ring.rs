//! A fixed-size ring of exchanges: memory stays bounded whatever the load.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde::Serialize;

use super::exchange::Exchange;

pub const DEFAULT_CAPACITY: usize = 500;

pub struct Recorder {
    capacity: usize,
    inner: Mutex<Ring>,
}

#[derive(Default)]
struct Ring {
    last_seq: u64,
    entries: VecDeque<Exchange>,
}

/// What `GET /lab/exchanges` returns.
#[derive(Debug, Serialize)]
pub struct Page {
    /// The newest sequence number given so far: pass it as `after` next time.
    pub last_seq: u64,
    pub capacity: usize,
    pub exchanges: Vec<Exchange>,
}

impl Recorder {
    pub fn new(capacity: usize) -> Self {
        Recorder {
            capacity: capacity.max(1),
            inner: Mutex::default(),
        }
    }

    /// Stores an exchange, numbering it; the oldest goes when the ring is full.
    pub fn push(&self, mut exchange: Exchange) {
        let mut ring = self.lock();
        ring.last_seq += 1;
        exchange.seq = ring.last_seq;
        if ring.entries.len() == self.capacity {
            ring.entries.pop_front();
        }
        ring.entries.push_back(exchange);
    }

    /// Exchanges numbered above `after` whose path starts with `prefix`.
    pub fn page(&self, after: u64, prefix: &str) -> Page {
        let ring = self.lock();
        Page {
            last_seq: ring.last_seq,
            capacity: self.capacity,
            exchanges: ring
                .entries
                .iter()
                .filter(|e| e.seq > after && e.path.starts_with(prefix))
                .cloned()
                .collect(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Ring> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
