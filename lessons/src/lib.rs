//! The CORS Lab lesson catalogue.
//!
//! A lesson is written once, in `catalogue/NN-<id>.toml`: the page renders it,
//! server-b mounts its endpoints from it and the test suites iterate over it.

pub mod curl;
pub mod fetch_rules;
pub mod model;
pub mod validate;

use std::sync::LazyLock;

use anyhow::Context;

pub use model::*;

include!(concat!(env!("OUT_DIR"), "/lesson_files.rs"));

static CATALOGUE: LazyLock<Result<Vec<Lesson>, String>> =
    LazyLock::new(|| load_all(LESSON_FILES).map_err(|e| format!("{e:#}")));

/// Every lesson, in order, or the first error naming its file.
pub fn catalogue() -> Result<&'static [Lesson], String> {
    CATALOGUE.as_deref().map_err(Clone::clone)
}

/// The lesson with this id.
pub fn find(id: &str) -> Option<&'static Lesson> {
    catalogue().ok()?.iter().find(|lesson| lesson.id == id)
}

/// Parses and validates lesson files given as `(file name, contents)`.
pub fn load_all(files: &[(&str, &str)]) -> anyhow::Result<Vec<Lesson>> {
    let lessons = files
        .iter()
        .map(|(name, text)| parse(name, text))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut ids = std::collections::HashSet::new();
    for lesson in &lessons {
        anyhow::ensure!(
            ids.insert(&lesson.id),
            "two lessons have the id '{}'",
            lesson.id
        );
    }
    Ok(lessons)
}

/// Parses and validates one lesson file.
pub fn parse(file_name: &str, text: &str) -> anyhow::Result<Lesson> {
    let lesson: Lesson =
        toml::from_str(text).with_context(|| format!("lessons/catalogue/{file_name}"))?;
    validate::lesson(file_name, &lesson)
        .with_context(|| format!("lessons/catalogue/{file_name}"))?;
    Ok(lesson)
}
