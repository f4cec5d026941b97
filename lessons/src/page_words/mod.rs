//! The page's own words (headings, buttons, labels, the sentences the views
//! write around what Rust computed) in every language the lab speaks.
//!
//! English is `catalogue/page/en.toml`: a table per view (`[lesson]`,
//! `[result]`, `[playground]`, …), each key a text with `{name}` placeholders
//! the page fills in. A count's text is a table of plural forms
//! (`requests = { one = "…", other = "…" }`; Russian needs `one`, `few`,
//! `many` and `other`, Chinese `other`), as `Intl.PluralRules` names them.
//! `ru.toml` and `zh.toml` are overlays with the same tables, each carrying
//! `source`, the hash of the English table it translates, so a view whose
//! English changed is reported until its translation follows (the lessons'
//! overlays do the same per lesson: `translation`). The page asks
//! `/words.json?lang=` for one flat map ("lesson.run" → text) and looks up
//! what it writes there; a key in a script that English lacks is a test
//! failure (`tests/tests/http/page_words.rs`), not a blank on the page.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::LazyLock;

use anyhow::{Context, Result};

use crate::translation::Language;

/// One language's words: "view.key" (plural forms "view.key.one") → text.
pub type Words = BTreeMap<String, String>;

/// The key an overlay's table uses for its English table's hash.
const SOURCE: &str = "source";

/// The plural categories a language's counted texts need.
fn plural_forms(language: Language) -> &'static [&'static str] {
    match language {
        Language::En => &["one", "other"],
        Language::Ru => &["few", "many", "one", "other"],
        Language::Zh => &["other"],
    }
}

/// A language's file, by table: absent for a language not written yet.
type Tables = BTreeMap<String, Words>;

/// Reads `page/<code>.toml` of the catalogue folder `dir` into its tables,
/// each flattened to "key" / "key.form" → text.
pub fn read(dir: &Path, language: Language) -> Result<Option<Tables>> {
    let path = dir.join("page").join(format!("{}.toml", language.code()));
    if !path.exists() {
        return Ok(None);
    }
    let name = format!("page/{}.toml", language.code());
    let text = std::fs::read_to_string(&path).with_context(|| name.clone())?;
    let value: toml::Table = toml::from_str(&text).with_context(|| name.clone())?;
    let mut tables = Tables::new();
    for (view, content) in value {
        let toml::Value::Table(content) = content else {
            anyhow::bail!("{name}: `{view}` is not a table of texts");
        };
        let mut words = Words::new();
        flatten("", &content, &mut words).with_context(|| format!("{name}: [{view}]"))?;
        tables.insert(view, words);
    }
    Ok(Some(tables))
}

fn flatten(prefix: &str, table: &toml::Table, into: &mut Words) -> Result<()> {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::String(text) => {
                into.insert(path, text.clone());
            }
            toml::Value::Table(forms) if prefix.is_empty() => flatten(&path, forms, into)?,
            _ => anyhow::bail!("{path}: a text, or a table of plural forms, is expected"),
        }
    }
    Ok(())
}

/// The hash of an English table: what an overlay's `source` must say.
pub fn source_hash(english: &Words) -> String {
    crate::text_hash::of_texts(english.iter().map(|(k, t)| (k.as_str(), t.as_str())))
}

type AllWords = HashMap<Language, Tables>;

static ALL: LazyLock<Result<AllWords, String>> = LazyLock::new(|| {
    let dir = crate::directory::current();
    let mut all = AllWords::new();
    for language in Language::ALL {
        if let Some(tables) = read(&dir, language).map_err(|e| format!("{e:#}"))? {
            all.insert(language, tables);
        }
    }
    if !all.contains_key(&Language::En) {
        return Err(format!("{} has no page/en.toml", dir.display()));
    }
    Ok(all)
});

/// Every language's words, read once; an error names the file that does not
/// parse, or says that the English file is missing.
pub fn all() -> Result<&'static AllWords, String> {
    ALL.as_ref().map_err(Clone::clone)
}

/// The flat map the page looks its words up in: the English text for every
/// key, replaced by `language`'s where it has one (a key it lacks reads in
/// English rather than not at all). A Russian count's extra forms are added.
pub fn words_in(language: Language) -> Result<Words, String> {
    let all = all()?;
    let mut words = Words::new();
    for code in [Language::En, language] {
        for (view, table) in all.get(&code).into_iter().flatten() {
            for (key, text) in table.iter().filter(|(k, _)| *k != SOURCE) {
                words.insert(format!("{view}.{key}"), text.clone());
            }
        }
    }
    Ok(words)
}

mod check;
pub use check::{check, problems};
