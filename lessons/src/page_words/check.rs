//! Holds each translation of the page's words to the English: every table
//! and key, the plural forms the language needs, the same placeholders, the
//! English hash it translates, and no English sentence left as it was.

use std::collections::BTreeSet;

use super::{plural_forms, source_hash, Tables, Words, SOURCE};
use cors_model::text::{in_script, placeholders};

use crate::translation::Language;

/// Every problem of the page's words in the translated languages: a file
/// missing, and each file's [`check`].
pub fn problems() -> Result<Vec<String>, String> {
    let all = super::all()?;
    let english = &all[&Language::En];
    let mut found = Vec::new();
    for language in Language::TRANSLATED {
        let code = language.code();
        match all.get(&language) {
            None => found.push(format!("page/{code}.toml: missing")),
            Some(tables) => found.extend(
                check(english, tables, language)
                    .into_iter()
                    .map(|p| format!("page/{code}.toml: {p}")),
            ),
        }
    }
    Ok(found)
}

/// Every way `translated` fails to translate `english` as it is now.
pub fn check(english: &Tables, translated: &Tables, language: Language) -> Vec<String> {
    let mut found = Vec::new();
    for (view, words) in english {
        match translated.get(view) {
            None => found.push(format!("[{view}]: not translated")),
            Some(theirs) => found.extend(
                check_table(words, theirs, language)
                    .into_iter()
                    .map(|p| format!("[{view}] {p}")),
            ),
        }
    }
    for view in translated.keys().filter(|v| !english.contains_key(*v)) {
        found.push(format!("[{view}]: the English has no such table"));
    }
    found
}

fn check_table(english: &Words, theirs: &Words, language: Language) -> Vec<String> {
    let mut found = Vec::new();
    let now = source_hash(english);
    match theirs.get(SOURCE) {
        Some(source) if *source == now => {}
        source => found.push(format!(
            "the English changed since (source = {source:?}): bring it up to date, then write source = \"{now}\""
        )),
    }
    let expected = keys_in(english, language);
    for key in &expected {
        let model = english.get(key).or_else(|| english.get(&other_form(key)));
        match (theirs.get(key), model) {
            (None, _) => found.push(format!("{key}: not translated")),
            (Some(text), Some(model)) => found.extend(check_text(key, model, text, language)),
            (Some(_), None) => {}
        }
    }
    for key in theirs
        .keys()
        .filter(|k| *k != SOURCE && !expected.contains(*k))
    {
        found.push(format!(
            "{key}: the English has no such text (or plural form)"
        ));
    }
    found
}

/// The keys a language's table must have: English's, with each counted
/// text's forms replaced by the ones the language needs.
fn keys_in(english: &Words, language: Language) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for key in english.keys() {
        match counted(key) {
            Some(base) => keys.extend(plural_forms(language).iter().map(|f| format!("{base}.{f}"))),
            None => {
                keys.insert(key.clone());
            }
        }
    }
    keys
}

/// The counted text's key without its form ("requests.one" → "requests").
fn counted(key: &str) -> Option<&str> {
    let (base, form) = key.rsplit_once('.')?;
    ["zero", "one", "two", "few", "many", "other"]
        .contains(&form)
        .then_some(base)
}

/// A Russian form the English lacks ("few") is held to the English "other".
fn other_form(key: &str) -> String {
    match counted(key) {
        Some(base) => format!("{base}.other"),
        None => key.to_owned(),
    }
}

fn check_text(key: &str, english: &str, text: &str, language: Language) -> Option<String> {
    if text.trim().is_empty() {
        return Some(format!("{key}: empty"));
    }
    let (ours, theirs) = (placeholders(english), placeholders(text));
    // A form for one may say "one" instead of the number.
    let fewer_ok = key.ends_with(".one") && theirs.iter().all(|p| ours.contains(p));
    if ours != theirs && !fewer_ok {
        return Some(format!(
            "{key}: placeholders {theirs:?}, the English has {ours:?}"
        ));
    }
    if has_words(english) && !in_script(text, language) {
        return Some(format!("{key}: still English ({text:?})"));
    }
    None
}

/// Whether a text has words to translate: two lowercase Latin letters in a
/// row outside `{placeholders}` and `code`.
fn has_words(text: &str) -> bool {
    let mut plain = String::new();
    let mut skip_until = None;
    for c in text.chars() {
        match (skip_until, c) {
            (Some(end), c) if c == end => skip_until = None,
            (Some(_), _) => {}
            (None, '{') => skip_until = Some('}'),
            (None, '`') => skip_until = Some('`'),
            (None, c) => plain.push(c),
        }
    }
    let letters: Vec<char> = plain.chars().collect();
    letters
        .windows(2)
        .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(entries: &[(&str, &str)]) -> Tables {
        let mut words: Words = entries
            .iter()
            .map(|(k, t)| (k.to_string(), t.to_string()))
            .collect();
        words.remove(SOURCE);
        Tables::from([("lesson".to_owned(), words)])
    }

    fn english() -> Tables {
        tables(&[
            ("run", "Run this lesson"),
            ("step", "Step {n}"),
            ("requests.one", "{n} request"),
            ("requests.other", "{n} requests"),
            ("name", "HAR"),
        ])
    }

    fn russian(entries: &[(&str, &str)]) -> Tables {
        let mut t = tables(entries);
        let hash = source_hash(&english()["lesson"]);
        t.get_mut("lesson").unwrap().insert(SOURCE.into(), hash);
        t
    }

    const RUSSIAN: [(&str, &str); 7] = [
        ("run", "Запустить урок"),
        ("step", "Шаг {n}"),
        ("requests.one", "{n} запрос"),
        ("requests.few", "{n} запроса"),
        ("requests.many", "{n} запросов"),
        ("requests.other", "{n} запроса"),
        ("name", "HAR"),
    ];

    #[test]
    fn a_complete_translation_passes() {
        assert_eq!(
            check(&english(), &russian(&RUSSIAN), Language::Ru),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_missing_form_a_lost_placeholder_english_left_and_a_stale_source_are_reported() {
        let mut broken = RUSSIAN.to_vec();
        broken.retain(|(k, _)| *k != "requests.few");
        broken[0] = ("run", "Run this lesson");
        broken[1] = ("step", "Шаг");
        let problems = check(&english(), &russian(&broken), Language::Ru).join("\n");
        assert!(
            problems.contains("requests.few: not translated"),
            "{problems}"
        );
        assert!(problems.contains("run: still English"), "{problems}");
        assert!(problems.contains("step: placeholders"), "{problems}");

        let mut stale = russian(&RUSSIAN);
        stale
            .get_mut("lesson")
            .unwrap()
            .insert(SOURCE.into(), "0".into());
        let problems = check(&english(), &stale, Language::Ru).join("\n");
        assert!(problems.contains("the English changed since"), "{problems}");
    }

    #[test]
    fn chinese_needs_only_the_other_form() {
        let zh = [
            ("run", "运行本课"),
            ("step", "第 {n} 步"),
            ("requests.other", "{n} 个请求"),
            ("name", "HAR"),
        ];
        let mut t = tables(&zh);
        let hash = source_hash(&english()["lesson"]);
        t.get_mut("lesson").unwrap().insert(SOURCE.into(), hash);
        assert_eq!(check(&english(), &t, Language::Zh), Vec::<String>::new());
    }

    #[test]
    fn code_and_placeholders_are_not_words_to_translate() {
        assert!(!has_words("`fetch` {api} HAR"));
        assert!(has_words("Run `fetch`"));
    }
}
