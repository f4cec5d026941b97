//! Sessions kept in server memory. The cookie holds only an opaque session id,
//! so logout can kill a session for good: a cookie-only store cannot, because a
//! copied cookie would stay valid after logout.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::{time::Duration, Key};

type SessionState = HashMap<String, String>;

/// Sessions kept at the most: past this, the one closest to expiry is dropped,
/// so memory stays bounded whatever the number of logins.
pub const MAX_SESSIONS: usize = 10_000;

#[derive(Clone, Default)]
pub struct MemoryStore {
    sessions: Arc<Mutex<HashMap<String, Entry>>>,
}

struct Entry {
    state: SessionState,
    expires: Instant,
}

impl MemoryStore {
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock leaves plain data behind; keep serving.
        self.sessions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn insert(&self, id: String, state: SessionState, ttl: &Duration) {
        let mut sessions = self.lock();
        let now = Instant::now();
        sessions.retain(|_, entry| entry.expires > now);
        if sessions.len() >= MAX_SESSIONS {
            let oldest = sessions
                .iter()
                .min_by_key(|(_, e)| e.expires)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                sessions.remove(&oldest);
            }
        }
        sessions.insert(
            id,
            Entry {
                state,
                expires: now + to_std(ttl),
            },
        );
    }
}

impl SessionStore for MemoryStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<SessionState>, LoadError> {
        let sessions = self.lock();
        Ok(sessions
            .get(key.as_ref())
            .filter(|entry| entry.expires > Instant::now())
            .map(|entry| entry.state.clone()))
    }

    async fn save(&self, state: SessionState, ttl: &Duration) -> Result<SessionKey, SaveError> {
        let id = new_session_id();
        self.insert(id.clone(), state, ttl);
        SessionKey::try_from(id).map_err(|e| SaveError::Other(e.into()))
    }

    async fn update(
        &self,
        key: SessionKey,
        state: SessionState,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let known = self.lock().contains_key(key.as_ref());
        if !known {
            // The session ended meanwhile (logout, expiry): start a new one
            // rather than resurrect the old id.
            let id = new_session_id();
            self.insert(id.clone(), state, ttl);
            return SessionKey::try_from(id).map_err(|e| UpdateError::Other(e.into()));
        }
        self.insert(key.as_ref().to_owned(), state, ttl);
        Ok(key)
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> Result<(), anyhow::Error> {
        if let Some(entry) = self.lock().get_mut(key.as_ref()) {
            entry.expires = Instant::now() + to_std(ttl);
        }
        Ok(())
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        self.lock().remove(key.as_ref());
        Ok(())
    }
}

/// 256 random bits, hex-encoded, from the cookie crate's CSPRNG-backed key generator.
fn new_session_id() -> String {
    Key::generate().master()[..32]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn to_std(ttl: &Duration) -> std::time::Duration {
    std::time::Duration::from_secs(ttl.whole_seconds().max(0) as u64)
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
        let store = MemoryStore::default();
        for _ in 0..MAX_SESSIONS + 5 {
            store.save(state(), &Duration::hours(1)).await.unwrap();
        }
        assert_eq!(store.len(), MAX_SESSIONS);
    }

    #[test]
    fn ids_are_long_and_distinct() {
        let (a, b) = (new_session_id(), new_session_id());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
