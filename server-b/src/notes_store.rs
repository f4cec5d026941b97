//! The notes API's data: a few short notes per user, in memory.

use parking_lot::Mutex;
use std::collections::BTreeMap;

use serde::Serialize;

/// Notes one user may keep.
pub const MAX_NOTES_PER_USER: usize = 100;
/// The longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

/// Why the store refused; the API maps each onto its HTTP answer.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotesError {
    /// No such note, or another user's (the same answer, on purpose).
    #[error("no such note")]
    NotFound,
    /// Empty or longer than [`MAX_NOTE_CHARS`].
    #[error("a note's text must have 1 to {MAX_NOTE_CHARS} characters")]
    BadText,
    /// The user has [`MAX_NOTES_PER_USER`] notes already.
    #[error("at most {MAX_NOTES_PER_USER} notes per user")]
    TooMany,
}

/// One note, as the API returns it (the owner is never sent).
#[derive(Clone, Debug, Serialize)]
pub struct Note {
    /// Unique across users.
    pub id: u64,
    /// What the user wrote.
    pub text: String,
    #[serde(skip)]
    owner: String,
}

/// Every user's notes, in memory.
#[derive(Default)]
pub struct NotesStore {
    inner: Mutex<Notes>,
}

#[derive(Default)]
struct Notes {
    last_id: u64,
    by_id: BTreeMap<u64, Note>,
}

impl NotesStore {
    /// The owner's notes, oldest first.
    pub fn list(&self, owner: &str) -> Vec<Note> {
        self.inner
            .lock()
            .by_id
            .values()
            .filter(|n| n.owner == owner)
            .cloned()
            .collect()
    }

    /// Adds a note for the owner.
    pub fn create(&self, owner: &str, text: &str) -> Result<Note, NotesError> {
        check_text(text)?;
        let mut notes = self.inner.lock();
        if notes.by_id.values().filter(|n| n.owner == owner).count() >= MAX_NOTES_PER_USER {
            return Err(NotesError::TooMany);
        }
        notes.last_id += 1;
        let note = Note {
            id: notes.last_id,
            text: text.to_owned(),
            owner: owner.to_owned(),
        };
        notes.by_id.insert(note.id, note.clone());
        Ok(note)
    }

    /// Replaces the text of the owner's note; another user's note is "not found".
    pub fn update(&self, owner: &str, id: u64, text: &str) -> Result<Note, NotesError> {
        check_text(text)?;
        let mut notes = self.inner.lock();
        let note = notes
            .by_id
            .get_mut(&id)
            .filter(|n| n.owner == owner)
            .ok_or(NotesError::NotFound)?;
        note.text = text.to_owned();
        Ok(note.clone())
    }

    /// Deletes the owner's note; another user's note is "not found".
    pub fn delete(&self, owner: &str, id: u64) -> Result<(), NotesError> {
        let mut notes = self.inner.lock();
        match notes.by_id.get(&id) {
            Some(note) if note.owner == owner => {
                notes.by_id.remove(&id);
                Ok(())
            }
            _ => Err(NotesError::NotFound),
        }
    }
}

fn check_text(text: &str) -> Result<(), NotesError> {
    let chars = text.trim().chars().count();
    if chars == 0 || text.chars().count() > MAX_NOTE_CHARS {
        return Err(NotesError::BadText);
    }
    Ok(())
}
