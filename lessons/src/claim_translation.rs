//! The story's claims in Russian and Chinese: `story/ru.toml` and
//! `story/zh.toml` give each claim of `story/claims.toml` its `says` and
//! `answer` in that language, by the claim's id, with `source`, the hash of
//! the English pair it translates (as the lessons' overlays do per lesson:
//! `translation`). Verdicts, posts and steps stay in claims.toml, the one
//! truth about what a claim is and which steps answer it.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use anyhow::Context;
use cors_model::text::in_script;
use serde::Deserialize;

use crate::claims::Claim;
use crate::translation::Language;

/// One claim's text in another language.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ClaimText {
    /// [`source_hash`] of the English it translates.
    pub source: String,
    /// The claim, as the lessons state it.
    pub says: String,
    /// What the browsers did, in one sentence.
    pub answer: String,
}

/// A language's claims, by id.
type Overlay = BTreeMap<String, ClaimText>;

/// The hash of a claim's English text: what a translation's `source` says.
pub fn source_hash(claim: &Claim) -> String {
    crate::text_hash::of_texts([("says", claim.says.as_str()), ("answer", &claim.answer)])
}

static OVERLAYS: LazyLock<Result<HashMap<Language, Overlay>, String>> = LazyLock::new(|| {
    let dir = crate::directory::current().join("story");
    let mut overlays = HashMap::new();
    for language in Language::TRANSLATED {
        let path = dir.join(format!("{}.toml", language.code()));
        if !path.exists() {
            continue;
        }
        let read = std::fs::read_to_string(&path)
            .map_err(anyhow::Error::new)
            .and_then(|text| Ok(toml::from_str::<Overlay>(&text)?))
            .with_context(|| format!("story/{}.toml", language.code()));
        overlays.insert(language, read.map_err(|e| format!("{e:#}"))?);
    }
    Ok(overlays)
});

/// Every language's claims, read once; an error names the file that does
/// not parse.
pub fn overlays() -> Result<&'static HashMap<Language, Overlay>, String> {
    OVERLAYS.as_ref().map_err(Clone::clone)
}

/// A claim's `says` and `answer` in `language`: its translation where
/// there is one, else the English.
pub fn text_in(claim: &'static Claim, language: Language) -> (&'static str, &'static str) {
    let translated = overlays()
        .ok()
        .and_then(|all| all.get(&language))
        .and_then(|overlay| overlay.get(&claim.id));
    match translated {
        Some(text) => (&text.says, &text.answer),
        None => (&claim.says, &claim.answer),
    }
}

/// Every problem of the claims' translations: a claim a language lacks, a
/// translation of no claim, an English that changed since, a text left in
/// English or that names a lab port.
pub fn problems(claims: &[Claim]) -> Result<Vec<String>, String> {
    let all = overlays()?;
    let mut found = Vec::new();
    for language in Language::TRANSLATED {
        let code = language.code();
        let empty = Overlay::new();
        let overlay = all.get(&language).unwrap_or(&empty);
        for claim in claims {
            let problem = match overlay.get(&claim.id) {
                None => Some("not translated".to_owned()),
                Some(text) => check(claim, text, language),
            };
            found.extend(problem.map(|p| format!("story/{code}.toml [{}]: {p}", claim.id)));
        }
        for id in overlay
            .keys()
            .filter(|id| !claims.iter().any(|c| &c.id == *id))
        {
            found.push(format!("story/{code}.toml [{id}]: no such claim"));
        }
    }
    Ok(found)
}

fn check(claim: &Claim, text: &ClaimText, language: Language) -> Option<String> {
    let now = source_hash(claim);
    if text.source != now {
        return Some(format!(
            "the English changed since (source = \"{}\"): bring it up to date, then write source = \"{now}\"",
            text.source
        ));
    }
    for (field, value) in [("says", &text.says), ("answer", &text.answer)] {
        if !in_script(value, language) {
            return Some(format!("{field} is not translated"));
        }
        if let Err(e) = crate::prose::check_text(value) {
            return Some(format!("{field}: {e}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim() -> &'static Claim {
        &crate::claims::claims().unwrap()[0]
    }

    fn russian(claim: &Claim) -> ClaimText {
        ClaimText {
            source: source_hash(claim),
            says: "A и B — разные источники".into(),
            answer: "Заблокирован.".into(),
        }
    }

    #[test]
    fn a_current_translation_passes_and_a_stale_or_english_one_is_named() {
        let claim = claim();
        assert_eq!(check(claim, &russian(claim), Language::Ru), None);
        let stale = ClaimText {
            source: "0".into(),
            ..russian(claim)
        };
        assert!(check(claim, &stale, Language::Ru)
            .unwrap()
            .contains("changed since"));
        let english = ClaimText {
            answer: claim.answer.clone(),
            ..russian(claim)
        };
        assert!(check(claim, &english, Language::Ru)
            .unwrap()
            .contains("answer is not translated"));
    }
}
