//! `/api/notes`: a small per-user notes API. PUT and DELETE give the story's
//! preflighted methods a real purpose.

use actix_web::{delete, get, post, put, web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::CurrentUser;
use crate::errors::ApiError;
use crate::notes_store::{Note, NotesStore};

/// `{"text": "…"}`.
#[derive(Deserialize)]
pub struct NoteBody {
    text: String,
}

/// `GET /api/notes`'s body: `{"notes": [{"id", "text"}]}`, the user's
/// notes, oldest first. The page reads none of it: no lesson lists notes.
#[derive(Serialize)]
pub struct NoteList {
    /// The notes.
    pub notes: Vec<Note>,
}

/// The user's notes.
#[get("/notes")]
pub async fn list(user: CurrentUser, store: web::Data<NotesStore>) -> HttpResponse {
    HttpResponse::Ok().json(NoteList {
        notes: store.list(user.0.email),
    })
}

/// Adds a note: 201 with the note.
#[post("/notes")]
pub async fn create(
    user: CurrentUser,
    store: web::Data<NotesStore>,
    body: web::Json<NoteBody>,
) -> Result<HttpResponse, ApiError> {
    let note = store.create(user.0.email, &body.text)?;
    Ok(HttpResponse::Created().json(note))
}

/// Replaces a note's text.
#[put("/notes/{id}")]
pub async fn update(
    user: CurrentUser,
    store: web::Data<NotesStore>,
    id: web::Path<u64>,
    body: web::Json<NoteBody>,
) -> Result<HttpResponse, ApiError> {
    let note = store.update(user.0.email, id.into_inner(), &body.text)?;
    Ok(HttpResponse::Ok().json(note))
}

/// Deletes a note: 204.
#[delete("/notes/{id}")]
pub async fn remove(
    user: CurrentUser,
    store: web::Data<NotesStore>,
    id: web::Path<u64>,
) -> Result<HttpResponse, ApiError> {
    store.delete(user.0.email, id.into_inner())?;
    Ok(HttpResponse::NoContent().finish())
}
