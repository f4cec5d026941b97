//! Exchanges and write counts, kept per run (the page's `?run=` nonce), in a
//! store whose size is bounded and whose eviction cannot be forced.
//!
//! Admission and eviction: a run is admitted when it is first seen, if the
//! store has room, or if its least recently seen run has been idle for at least
//! [`RunLimits::young`]; that idle run then goes. A run seen more recently than
//! that is never evicted. When every run is young, a new run is still answered
//! but not recorded, and reading it says so. A flood of new runs (from any
//! address, the learner's own included) can therefore fill the store, but it
//! cannot erase a run that is still in use.

use parking_lot::Mutex;
use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use lru::LruCache;
use serde::Serialize;

use super::exchange::Exchange;
use super::run_id::RunId;

/// How much the store keeps, and for how long a run is protected.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RunLimits {
    /// Runs kept at the most.
    pub max_runs: usize,
    /// Exchanges kept per run; past that a run keeps its newest ones.
    pub exchanges_per_run: usize,
    /// A run seen within this time is never evicted.
    #[serde(rename = "young_seconds", serialize_with = "as_seconds")]
    pub young: Duration,
}

impl Default for RunLimits {
    /// About 40 MB at the very worst (1024 full runs of long exchanges),
    /// far less in a class: a lesson run makes a few dozen exchanges.
    fn default() -> Self {
        RunLimits {
            max_runs: 1024,
            exchanges_per_run: 64,
            young: Duration::from_secs(5 * 60),
        }
    }
}

/// The store had no room for a new run: every run in it is young.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreFull;

pub struct RunStore {
    limits: RunLimits,
    runs: Mutex<LruCache<RunId, Run>>,
}

struct Run {
    last_seen: Instant,
    last_seq: u64,
    dropped: u64,
    exchanges: VecDeque<Exchange>,
    /// Writes that reached each lesson in this run.
    writes: HashMap<String, u64>,
}

/// What `GET /lab/exchanges?run=…` returns.
#[derive(Debug, Serialize)]
pub struct RunPage {
    /// The run read, or `None` for the shared ring.
    pub run: Option<String>,
    /// False when server-b holds nothing for this run; `reason` says why.
    pub recorded: bool,
    /// Why nothing is recorded, for the page to show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The newest sequence number of this run: pass it as `after` next time.
    pub last_seq: u64,
    /// Exchanges this run lost to its own size limit (oldest first).
    pub dropped: u64,
    /// The recorder's limits, so a reader can say what was dropped.
    pub limits: RunLimits,
    /// The exchanges numbered above `after`, oldest first.
    pub exchanges: Vec<Exchange>,
}

impl RunStore {
    /// An empty store with these limits.
    pub fn new(limits: RunLimits) -> Self {
        RunStore {
            limits,
            runs: Mutex::new(LruCache::unbounded()),
        }
    }

    /// The store's limits.
    pub fn limits(&self) -> RunLimits {
        self.limits
    }

    /// Stores an exchange in its run, numbering it within the run.
    pub fn record(&self, run: &RunId, mut exchange: Exchange) -> Result<(), StoreFull> {
        let per_run = self.limits.exchanges_per_run.max(1);
        self.with_run(run, |run| {
            run.last_seq += 1;
            exchange.seq = run.last_seq;
            if run.exchanges.len() == per_run {
                run.exchanges.pop_front();
                run.dropped += 1;
            }
            run.exchanges.push_back(exchange);
        })
    }

    /// Counts a request to a lesson's endpoint; returns the run's writes so far.
    pub fn count_write(&self, run: &RunId, lesson: &str, write: bool) -> Result<u64, StoreFull> {
        self.with_run(run, |run| {
            let count = match run.writes.get_mut(lesson) {
                Some(count) => count,
                None => run.writes.entry(lesson.to_owned()).or_default(),
            };
            *count += u64::from(write);
            *count
        })
    }

    /// The run's exchanges numbered above `after`. Reading never admits a run.
    pub fn page(&self, run: &RunId, after: u64) -> RunPage {
        let runs = self.runs.lock();
        let now = Instant::now();
        let mut page = RunPage {
            run: Some(run.as_str().to_owned()),
            recorded: false,
            reason: None,
            last_seq: 0,
            dropped: 0,
            limits: self.limits,
            exchanges: Vec::new(),
        };
        match runs.peek(run) {
            Some(found) => {
                page.recorded = true;
                page.last_seq = found.last_seq;
                page.dropped = found.dropped;
                page.exchanges = found
                    .exchanges
                    .iter()
                    .filter(|e| e.seq > after)
                    .cloned()
                    .collect();
            }
            None if self.is_full_of_young_runs(&runs, now) => {
                page.reason = Some(format!(
                    "server-b's recorder is full: it keeps {} runs and each was used in the \
                     last {} minutes, so this run was answered but not recorded; try again in \
                     a few minutes",
                    self.limits.max_runs,
                    self.limits.young.as_secs() / 60
                ));
            }
            None => page.reason = Some("server-b has seen no request of this run".into()),
        }
        page
    }

    /// Runs the closure on the run, admitting the run first when it is new.
    fn with_run<R>(&self, id: &RunId, f: impl FnOnce(&mut Run) -> R) -> Result<R, StoreFull> {
        let now = Instant::now();
        let mut runs = self.runs.lock();
        if let Some(run) = runs.get_mut(id) {
            run.last_seen = now;
            return Ok(f(run));
        }
        if runs.len() >= self.limits.max_runs.max(1) {
            if self.is_full_of_young_runs(&runs, now) {
                return Err(StoreFull);
            }
            runs.pop_lru();
        }
        let run = runs.get_or_insert_mut(id.clone(), || Run::new(now));
        Ok(f(run))
    }

    /// Whether the store is full and its least recently seen run is still young
    /// (then every run is: the order is by last use).
    fn is_full_of_young_runs(&self, runs: &LruCache<RunId, Run>, now: Instant) -> bool {
        runs.len() >= self.limits.max_runs.max(1)
            && runs
                .peek_lru()
                .is_some_and(|(_, lru)| now.duration_since(lru.last_seen) < self.limits.young)
    }
}

impl Run {
    fn new(now: Instant) -> Self {
        Run {
            last_seen: now,
            last_seq: 0,
            dropped: 0,
            exchanges: VecDeque::new(),
            writes: HashMap::new(),
        }
    }
}

fn as_seconds<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(duration.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recorder::exchange::{RequestFacts, ResponseFacts};

    fn exchange(path: &str) -> Exchange {
        Exchange::new(
            actix_web::http::Method::GET,
            path,
            "",
            RequestFacts::default(),
            ResponseFacts::default(),
        )
    }

    fn id(text: &str) -> RunId {
        RunId::parse(text).unwrap()
    }

    fn store(max_runs: usize, young: Duration) -> RunStore {
        RunStore::new(RunLimits {
            max_runs,
            exchanges_per_run: 3,
            young,
        })
    }

    #[test]
    fn runs_are_read_apart() {
        let store = store(10, Duration::from_secs(60));
        store.record(&id("a"), exchange("/a")).unwrap();
        store.record(&id("b"), exchange("/b")).unwrap();
        let page = store.page(&id("a"), 0);
        assert!(page.recorded);
        assert_eq!(page.exchanges.len(), 1);
        assert_eq!(page.exchanges[0].path(), "/a");
        assert_eq!(page.exchanges[0].seq, 1);
    }

    #[test]
    fn a_flood_of_new_runs_cannot_evict_a_young_run() {
        let store = store(4, Duration::from_secs(60));
        store.record(&id("learner"), exchange("/mine")).unwrap();
        let refused = (0..100)
            .filter(|n| store.record(&id(&format!("flood{n}")), exchange("/x")) == Err(StoreFull))
            .count();
        assert_eq!(refused, 97, "three flood runs fit beside the learner's");
        assert_eq!(store.page(&id("learner"), 0).exchanges.len(), 1);
        let refused_page = store.page(&id("flood99"), 0);
        assert!(!refused_page.recorded);
        assert!(refused_page.reason.unwrap().contains("full"));
        // The learner's run still records while the store is full.
        store.record(&id("learner"), exchange("/again")).unwrap();
        assert_eq!(store.page(&id("learner"), 1).exchanges[0].path(), "/again");
    }

    #[test]
    fn idle_runs_make_room() {
        let store = store(2, Duration::ZERO);
        for name in ["a", "b", "c"] {
            store.record(&id(name), exchange("/")).unwrap();
        }
        assert!(
            !store.page(&id("a"), 0).recorded,
            "the least recently seen run went"
        );
        assert!(store.page(&id("b"), 0).recorded);
        assert!(store.page(&id("c"), 0).recorded);
    }

    #[test]
    fn a_run_keeps_its_newest_exchanges() {
        let store = store(2, Duration::from_secs(60));
        for n in 0..5 {
            store.record(&id("a"), exchange(&format!("/{n}"))).unwrap();
        }
        let page = store.page(&id("a"), 0);
        let paths: Vec<_> = page.exchanges.iter().map(|e| e.path()).collect();
        assert_eq!(paths, ["/2", "/3", "/4"]);
        assert_eq!((page.last_seq, page.dropped), (5, 2));
    }

    #[test]
    fn writes_are_counted_per_run_and_lesson() {
        let store = store(4, Duration::from_secs(60));
        assert_eq!(store.count_write(&id("a"), "simple-post", true), Ok(1));
        assert_eq!(store.count_write(&id("a"), "simple-post", true), Ok(2));
        assert_eq!(store.count_write(&id("a"), "other", false), Ok(0));
        assert_eq!(store.count_write(&id("b"), "simple-post", false), Ok(0));
    }
}
