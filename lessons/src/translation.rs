//! The lessons in the story's languages: Russian and Simplified Chinese
//! beside English, which stays the source.
//!
//! A translation is an overlay of one English lesson file, in a folder per
//! language beside the catalogue (`ru/02-no-cors-headers.toml`,
//! `zh/02-no-cors-headers.toml`): the text fields only (title, summary,
//! explanation, the `[browsers]` paragraphs, each step's title by the step's
//! name), and `source`, the hash of the English text it translates. Steps,
//! policies and expectations are never copied: they stay in the English file,
//! the one truth about what the lesson runs. TOML rather than Fluent: a
//! lesson's text is long markdown with code and raw HTTP, kept whole, and the
//! overlay reads like the file it translates.
//!
//! [`check`] holds an overlay to its lesson: every key the English text has,
//! no other, the same placeholders, and `source` equal to the English text's
//! hash now ([`source_hash`]), so a translation whose English changed since is
//! reported until it is brought up to date. The server serves what is there
//! (an overlay that is missing or stale still reads better than nothing) and
//! the test suite fails on it.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::LazyLock;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use cors_model::text::placeholders;

use crate::engines::EngineNotes;
use crate::Lesson;

/// A language the lab speaks: the model's own (`cors_model::Language`),
/// re-exported so the lessons and their callers name it as before.
pub use cors_model::Language;

/// One lesson's text in another language.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// [`source_hash`] of the English text this translates.
    pub source: String,
    /// The lesson's heading.
    pub title: String,
    /// Its sentence for the lesson list.
    pub summary: String,
    /// Its explanation, markdown as in the English file.
    pub explanation: String,
    /// The `[browsers]` paragraphs, where the English file has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browsers: Option<EngineNotes>,
    /// Each step's title, by the step's name.
    #[serde(default)]
    pub steps: BTreeMap<String, String>,
}

/// The English text of a lesson, in a fixed order: what a translation
/// translates.
fn english_texts(lesson: &Lesson) -> Vec<(String, &str)> {
    let mut texts = vec![
        ("title".to_owned(), lesson.title.as_str()),
        ("summary".to_owned(), lesson.summary.as_str()),
        ("explanation".to_owned(), lesson.explanation.as_str()),
    ];
    if let Some(notes) = &lesson.browsers {
        texts.push(("browsers.chromium".into(), &notes.chromium));
        texts.push(("browsers.firefox".into(), &notes.firefox));
        texts.extend(
            notes
                .webkit
                .as_deref()
                .map(|t| ("browsers.webkit".into(), t)),
        );
        texts.extend(
            notes
                .others
                .as_deref()
                .map(|t| ("browsers.others".into(), t)),
        );
    }
    for step in &lesson.steps {
        texts.push((format!("steps.{}", step.name), step.title.as_str()));
    }
    texts
}

/// The hash of a lesson's English text: 64-bit FNV-1a over each key and
/// text, in hex. It names a version of the text, nothing more (no secret
/// depends on it), and is the same on every machine.
pub fn source_hash(lesson: &Lesson) -> String {
    let texts = english_texts(lesson);
    crate::text_hash::of_texts(texts.iter().map(|(key, text)| (key.as_str(), *text)))
}

/// The overlay's text, by the keys [`english_texts`] uses.
fn overlay_texts(overlay: &Overlay) -> BTreeMap<String, &str> {
    let mut texts = BTreeMap::from([
        ("title".to_owned(), overlay.title.as_str()),
        ("summary".to_owned(), overlay.summary.as_str()),
        ("explanation".to_owned(), overlay.explanation.as_str()),
    ]);
    if let Some(notes) = &overlay.browsers {
        texts.insert("browsers.chromium".into(), &notes.chromium);
        texts.insert("browsers.firefox".into(), &notes.firefox);
        if let Some(text) = &notes.webkit {
            texts.insert("browsers.webkit".into(), text);
        }
        if let Some(text) = &notes.others {
            texts.insert("browsers.others".into(), text);
        }
    }
    for (name, title) in &overlay.steps {
        texts.insert(format!("steps.{name}"), title);
    }
    texts
}

/// Every way `overlay` fails to translate `lesson` as it is now: a key
/// missing or unknown, a placeholder lost or added, the English changed
/// since (`source` is not its hash).
pub fn check(lesson: &Lesson, overlay: &Overlay) -> Vec<String> {
    let mut problems = Vec::new();
    let english = english_texts(lesson);
    let translated = overlay_texts(overlay);
    for (key, text) in &english {
        match translated.get(key) {
            None => problems.push(format!("{key}: not translated")),
            Some(t) if t.trim().is_empty() => problems.push(format!("{key}: empty")),
            // A summary or an explanation is prose: the same text as the
            // English is a file started and not translated.
            Some(t) if t == text && ["summary", "explanation"].contains(&key.as_str()) => {
                problems.push(format!("{key}: still the English text"))
            }
            Some(t) if placeholders(t) != placeholders(text) => problems.push(format!(
                "{key}: placeholders {:?}, the English has {:?}",
                placeholders(t),
                placeholders(text)
            )),
            Some(t) => problems.extend(
                crate::prose::check_text(t)
                    .err()
                    .map(|e| format!("{key}: {e}")),
            ),
        }
    }
    for key in translated.keys() {
        if !english.iter().any(|(k, _)| k == key) {
            problems.push(format!("{key}: the English lesson has no such text"));
        }
    }
    let now = source_hash(lesson);
    if overlay.source != now {
        problems.push(format!(
            "the English text changed since this translation (source = \"{}\", now \"{now}\"): \
             bring it up to date, then write source = \"{now}\"",
            overlay.source
        ));
    }
    problems
}

/// The lesson with its text in `overlay`'s language; steps and expectations
/// are the English file's own.
pub fn translated(lesson: &Lesson, overlay: &Overlay) -> Lesson {
    let mut lesson = lesson.clone();
    lesson.title.clone_from(&overlay.title);
    lesson.summary.clone_from(&overlay.summary);
    lesson.explanation.clone_from(&overlay.explanation);
    if let (Some(notes), Some(theirs)) = (&mut lesson.browsers, &overlay.browsers) {
        notes.chromium.clone_from(&theirs.chromium);
        notes.firefox.clone_from(&theirs.firefox);
        if notes.webkit.is_some() {
            notes.webkit.clone_from(&theirs.webkit);
        }
        if notes.others.is_some() {
            notes.others.clone_from(&theirs.others);
        }
    }
    for step in &mut lesson.steps {
        if let Some(title) = overlay.steps.get(&step.name) {
            step.title.clone_from(title);
        }
    }
    lesson
}

/// The overlays of one language's folder, by lesson id (from the file
/// name, `NN-<id>.toml`); an absent folder holds none.
pub fn read_language(dir: &Path, language: Language) -> Result<HashMap<String, Overlay>> {
    let folder = dir.join(language.code());
    if !folder.is_dir() {
        return Ok(HashMap::new());
    }
    let mut overlays = HashMap::new();
    for (name, text) in crate::directory::read(&folder)? {
        let Some((_, id)) = name.trim_end_matches(".toml").split_once('-') else {
            bail!("{}/{name}: not named NN-<id>.toml", language.code());
        };
        let overlay: Overlay =
            toml::from_str(&text).with_context(|| format!("{}/{name}", language.code()))?;
        overlays.insert(id.to_owned(), overlay);
    }
    Ok(overlays)
}

type Overlays = HashMap<Language, HashMap<String, Overlay>>;

static OVERLAYS: LazyLock<Result<Overlays, String>> = LazyLock::new(|| {
    let dir = crate::directory::current();
    Language::TRANSLATED
        .into_iter()
        .map(|language| Ok((language, read_language(&dir, language)?)))
        .collect::<Result<Overlays>>()
        .map_err(|e| format!("{e:#}"))
});

/// Every translation of the catalogue's folder, read once; an error names
/// the file that does not parse.
pub fn overlays() -> Result<&'static Overlays, String> {
    OVERLAYS.as_ref().map_err(Clone::clone)
}

/// `lesson` in `language`: its translation where there is one, else the
/// English lesson.
pub fn lesson_in(lesson: &Lesson, language: Language) -> Lesson {
    let overlay = overlays()
        .ok()
        .and_then(|all| all.get(&language))
        .and_then(|of_language| of_language.get(&lesson.id));
    match overlay {
        Some(overlay) => translated(lesson, overlay),
        None => lesson.clone(),
    }
}

/// Every translation problem of the catalogue: a language that misses a
/// lesson, an overlay for no lesson, and each overlay's [`check`].
pub fn catalogue_problems(lessons: &[Lesson]) -> Result<Vec<String>> {
    let all = overlays().map_err(anyhow::Error::msg)?;
    let mut problems = Vec::new();
    for language in Language::TRANSLATED {
        let code = language.code();
        let of_language = all.get(&language).cloned().unwrap_or_default();
        for lesson in lessons {
            match of_language.get(&lesson.id) {
                None => problems.push(format!("{code}: lesson {} is not translated", lesson.id)),
                Some(overlay) => problems.extend(
                    check(lesson, overlay)
                        .into_iter()
                        .map(|p| format!("{code}/{}: {p}", lesson.id)),
                ),
            }
        }
        for id in of_language.keys() {
            if !lessons.iter().any(|l| &l.id == id) {
                problems.push(format!("{code}: a translation of {id}, which is no lesson"));
            }
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson() -> Lesson {
        crate::find("no-cors-headers").unwrap().clone()
    }

    fn overlay_of(lesson: &Lesson) -> Overlay {
        Overlay {
            source: source_hash(lesson),
            title: "Заголовок".into(),
            summary: "Кратко.".into(),
            explanation: lesson.explanation.replace("The page at", "Страница"),
            browsers: lesson.browsers.clone(),
            steps: lesson
                .steps
                .iter()
                .map(|s| (s.name.clone(), format!("Шаг {}", s.name)))
                .collect(),
        }
    }

    #[test]
    fn language_tags_are_read_by_their_primary_subtag() {
        assert_eq!(Language::from_tag("ru-RU"), Some(Language::Ru));
        assert_eq!(Language::from_tag("zh-Hans-CN"), Some(Language::Zh));
        assert_eq!(Language::from_tag("ZH_cn"), Some(Language::Zh));
        assert_eq!(Language::from_tag("de"), None);
        assert_eq!(Language::from_query(Some("fr")), Language::En);
        assert_eq!(Language::from_query(None), Language::En);
    }

    #[test]
    fn a_complete_overlay_passes_and_translates_the_text_only() {
        let lesson = lesson();
        let overlay = overlay_of(&lesson);
        assert_eq!(check(&lesson, &overlay), Vec::<String>::new());
        let russian = translated(&lesson, &overlay);
        assert_eq!(russian.title, "Заголовок");
        assert_eq!(
            russian.steps[0].title,
            format!("Шаг {}", lesson.steps[0].name)
        );
        assert_eq!(russian.steps[0].path, lesson.steps[0].path);
        assert_eq!(russian.steps.len(), lesson.steps.len());
    }

    #[test]
    fn a_missing_key_a_lost_placeholder_and_a_changed_english_are_reported() {
        let lesson = lesson();
        let mut overlay = overlay_of(&lesson);
        overlay.steps.clear();
        overlay.explanation = overlay.explanation.replace("{page_origin}", "the page");
        let problems = check(&lesson, &overlay).join("\n");
        assert!(
            problems.contains("steps.data: not translated"),
            "{problems}"
        );
        assert!(problems.contains("explanation: placeholders"), "{problems}");
        let mut edited = lesson.clone();
        edited.summary.push_str(" Edited.");
        let problems = check(&edited, &overlay_of(&lesson)).join("\n");
        assert!(problems.contains("the English text changed"), "{problems}");
        assert_ne!(source_hash(&edited), source_hash(&lesson));
    }

    #[test]
    fn an_untranslated_start_and_a_hard_coded_port_are_reported() {
        let lesson = lesson();
        let mut overlay = overlay_of(&lesson);
        overlay.explanation.clone_from(&lesson.explanation);
        overlay.summary = "См. localhost:8080".into();
        let problems = check(&lesson, &overlay).join("\n");
        assert!(
            problems.contains("explanation: still the English text"),
            "{problems}"
        );
        assert!(
            problems.contains("summary: 'localhost:8080' hard-codes"),
            "{problems}"
        );
    }
}
