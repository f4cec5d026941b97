//! Sessions kept in server memory. The cookie holds only an opaque session id,
//! so logout can kill a session for good: a cookie-only store cannot, because a
//! copied cookie would stay valid after logout.
//!
//! Bounded and fair: at most [`MAX_SESSIONS`], dropped after [`MAX_IDLE`]
//! unused, the least recently used first when full (moka: O(1), no global
//! lock). Logins are limited per address (`login_limit`) to fewer than
//! [`MAX_SESSIONS`] per [`MAX_IDLE`], so one address cannot fill the store and
//! push out a learner who is using the lab.

use std::collections::HashMap;
use std::time::{Duration as StdDuration, Instant};

use actix_session::storage::{
    generate_session_key, LoadError, SaveError, SessionKey, SessionStore, UpdateError,
};
use actix_web::cookie::time::Duration;
use moka::policy::EvictionPolicy;
use moka::sync::Cache;
use moka::Expiry;

type SessionState = HashMap<String, String>;

/// Sessions kept at the most.
pub const MAX_SESSIONS: u64 = 10_000;

/// A session unused for this long ends, whatever its cookie says.
pub const MAX_IDLE: StdDuration = StdDuration::from_secs(2 * 60 * 60);

/// The session store actix-session calls.
#[derive(Clone)]
pub struct MemoryStore {
    sessions: Cache<String, Entry>,
}

#[derive(Clone)]
struct Entry {
    state: SessionState,
    /// The end actix-session asked for (its state TTL).
    expires: Instant,
}

/// Each entry lives until its own end, or [`MAX_IDLE`] after its last use.
struct UntilIdleOrEnd;

impl Expiry<String, Entry> for UntilIdleOrEnd {
    fn expire_after_create(&self, _: &String, entry: &Entry, now: Instant) -> Option<StdDuration> {
        Some(entry.remaining(now))
    }

    fn expire_after_read(
        &self,
        _: &String,
        entry: &Entry,
        now: Instant,
        _: Option<StdDuration>,
        _: Instant,
    ) -> Option<StdDuration> {
        Some(entry.remaining(now))
    }

    fn expire_after_update(
        &self,
        _: &String,
        entry: &Entry,
        now: Instant,
        _: Option<StdDuration>,
    ) -> Option<StdDuration> {
        Some(entry.remaining(now))
    }
}

impl Entry {
    fn new(state: SessionState, ttl: &Duration) -> Self {
        Entry {
            state,
            expires: Instant::now() + to_std(ttl),
        }
    }

    fn remaining(&self, now: Instant) -> StdDuration {
        self.expires.saturating_duration_since(now).min(MAX_IDLE)
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        MemoryStore::with_capacity(MAX_SESSIONS)
    }
}

impl MemoryStore {
    /// A store keeping at most `capacity` sessions.
    pub fn with_capacity(capacity: u64) -> Self {
        MemoryStore {
            sessions: Cache::builder()
                .max_capacity(capacity)
                .eviction_policy(EvictionPolicy::lru())
                .expire_after(UntilIdleOrEnd)
                .build(),
        }
    }

    /// Live sessions, after pending evictions have run.
    pub fn len(&self) -> u64 {
        self.sessions.run_pending_tasks();
        self.sessions.entry_count()
    }

    /// Whether no session is live.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn insert_new(&self, state: SessionState, ttl: &Duration) -> SessionKey {
        let key = generate_session_key();
        self.sessions
            .insert(key.as_ref().to_owned(), Entry::new(state, ttl));
        key
    }
}

impl SessionStore for MemoryStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<SessionState>, LoadError> {
        Ok(self.sessions.get(key.as_ref()).map(|entry| entry.state))
    }

    async fn save(&self, state: SessionState, ttl: &Duration) -> Result<SessionKey, SaveError> {
        Ok(self.insert_new(state, ttl))
    }

    async fn update(
        &self,
        key: SessionKey,
        state: SessionState,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        if !self.sessions.contains_key(key.as_ref()) {
            // The session ended meanwhile (logout, expiry): start a new one
            // rather than resurrect the old id.
            return Ok(self.insert_new(state, ttl));
        }
        self.sessions
            .insert(key.as_ref().to_owned(), Entry::new(state, ttl));
        Ok(key)
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> Result<(), anyhow::Error> {
        if let Some(entry) = self.sessions.get(key.as_ref()) {
            let renewed = Entry::new(entry.state, ttl);
            self.sessions.insert(key.as_ref().to_owned(), renewed);
        }
        Ok(())
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        self.sessions.invalidate(key.as_ref());
        Ok(())
    }
}

fn to_std(ttl: &Duration) -> StdDuration {
    StdDuration::from_secs(ttl.whole_seconds().max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> SessionState {
        HashMap::from([("user".to_string(), "\"a\"".to_string())])
    }

    #[actix_web::test]
    async fn deleted_sessions_stay_dead() {
        let store = MemoryStore::default();
        let key = store.save(state(), &Duration::hours(1)).await.unwrap();
        let copy = SessionKey::try_from(key.as_ref().to_owned()).unwrap();
        assert!(store.load(&key).await.unwrap().is_some());
        store.delete(&key).await.unwrap();
        assert!(store.load(&copy).await.unwrap().is_none());
        let renewed = store
            .update(copy, state(), &Duration::hours(1))
            .await
            .unwrap();
        assert_ne!(
            renewed.as_ref(),
            key.as_ref(),
            "a dead id must not come back"
        );
    }

    #[actix_web::test]
    async fn expired_sessions_do_not_load() {
        let store = MemoryStore::default();
        let key = store.save(state(), &Duration::seconds(0)).await.unwrap();
        assert!(store.load(&key).await.unwrap().is_none());
    }

    #[actix_web::test]
    async fn memory_is_bounded() {
        let store = MemoryStore::with_capacity(100);
        for _ in 0..150 {
            store.save(state(), &Duration::hours(1)).await.unwrap();
        }
        assert_eq!(store.len(), 100);
    }

    #[actix_web::test]
    async fn a_flood_evicts_the_least_recently_used_not_an_active_learner() {
        let store = MemoryStore::with_capacity(100);
        let learner = store.save(state(), &Duration::hours(1)).await.unwrap();
        for n in 0..1_000 {
            store.save(state(), &Duration::hours(1)).await.unwrap();
            if n % 50 == 0 {
                // The learner keeps using the lab while the flood goes on.
                assert!(store.load(&learner).await.unwrap().is_some(), "at {n}");
                store.sessions.run_pending_tasks();
            }
        }
        assert!(store.load(&learner).await.unwrap().is_some());
        assert_eq!(store.len(), 100);
    }

    #[actix_web::test]
    async fn ids_are_long_and_distinct() {
        let store = MemoryStore::default();
        let a = store.save(state(), &Duration::hours(1)).await.unwrap();
        let b = store.save(state(), &Duration::hours(1)).await.unwrap();
        assert!(a.as_ref().len() >= 64);
        assert_ne!(a.as_ref(), b.as_ref());
    }
}
