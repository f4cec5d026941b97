//! The page's own words (`lessons/catalogue/page/*.toml`): served in the
//! language asked for, and every key the page's scripts look up is one the
//! English file has (a missing one would show its key on the page), and
//! every English text is used somewhere.

use std::collections::{BTreeMap, BTreeSet};

use lab_tests::http::client;
use lab_tests::spawn_app;

type Words = BTreeMap<String, String>;

async fn words(query: &str) -> (String, Words) {
    let app = spawn_app();
    let reply = client()
        .get(app.page_url(&format!("/words.json?lang={query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200, "?lang={query}");
    let language = reply.headers()["content-language"]
        .to_str()
        .unwrap()
        .to_owned();
    (language, reply.json().await.unwrap())
}

fn has(text: &str, script: fn(char) -> bool) -> bool {
    text.chars().any(script)
}

#[tokio::test]
async fn the_page_words_are_served_in_the_language_asked_for() {
    let (language, english) = words("en").await;
    assert_eq!(language, "en");
    assert_eq!(english["lesson.run"], "Run this lesson");
    let cyrillic =
        |c: char| ('а'..='я').contains(&c.to_ascii_lowercase()) || ('А'..='Я').contains(&c);
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    for (query, code, script) in [
        ("ru-RU", "ru", cyrillic as fn(char) -> bool),
        ("zh-CN", "zh", han),
    ] {
        let (language, served) = words(query).await;
        assert_eq!(language, code);
        for key in english.keys() {
            assert!(served.contains_key(key), "{code}: {key} missing");
        }
        assert!(
            has(&served["lesson.run"], script),
            "{code}: {}",
            served["lesson.run"]
        );
        assert!(has(&served["result.console"], script), "{code}");
        // Translated, placeholders kept.
        assert_ne!(served["lesson.step"], english["lesson.step"], "{code}");
        assert!(served["lesson.step"].contains("{n}"), "{code}");
    }
    let (_, russian) = words("ru").await;
    assert!(
        russian.contains_key("lesson.requests_reach.few"),
        "Russian counts have a few form"
    );
    let (language, unknown) = words("de").await;
    assert_eq!((language.as_str(), &unknown), ("en", &english));
}

/// The quoted strings of the page's scripts and the data-words attributes
/// of index.html that name a table of the words ("lesson.run").
fn keys_in_the_page(tables: &BTreeSet<&str>) -> BTreeSet<String> {
    let dir = std::path::Path::new(server_a::configuration::DEFAULT_STATIC_DIR);
    let mut sources = vec![std::fs::read_to_string(dir.join("index.html")).unwrap()];
    for entry in std::fs::read_dir(dir.join("js")).unwrap() {
        sources.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    let mut keys = BTreeSet::new();
    for source in &sources {
        for table in tables {
            let opening = format!("\"{table}.");
            for (at, _) in source.match_indices(&opening) {
                let rest = &source[at + opening.len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                    .unwrap_or(rest.len());
                if end > 0 && rest[end..].starts_with('"') {
                    keys.insert(format!("{table}.{}", &rest[..end]));
                }
            }
        }
    }
    keys
}

#[tokio::test]
async fn every_word_the_page_looks_up_exists_and_every_word_is_used() {
    let (_, english) = words("en").await;
    let tables: BTreeSet<&str> = english.keys().filter_map(|k| k.split('.').next()).collect();
    // A counted text's key is its base ("lesson.requests_reach").
    let bases: BTreeSet<String> = english
        .keys()
        .map(|k| match k.rsplit_once('.') {
            Some((base, "one" | "other")) if base.contains('.') => base.to_owned(),
            _ => k.clone(),
        })
        .collect();
    let used = keys_in_the_page(&tables);
    assert!(used.len() > 200, "the scan found only {} keys", used.len());
    let missing: Vec<_> = used.difference(&bases).collect();
    assert!(missing.is_empty(), "looked up, not in en.toml: {missing:?}");
    let unused: Vec<_> = bases.difference(&used).collect();
    assert!(unused.is_empty(), "in en.toml, used nowhere: {unused:?}");
}
