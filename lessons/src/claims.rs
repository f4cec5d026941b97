//! The story's claims as data: what the two posts say, the lab's verdict,
//! and the steps that answer each claim in the browsers. Kept beside the
//! lessons (`catalogue/story/claims.toml`), read and checked with them: a
//! claim names at least one step, and every step it names exists.

use std::collections::HashSet;
use std::sync::LazyLock;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::{CatalogueError, Lesson};

/// The claims file, under the lessons folder.
pub const FILE: &str = "story/claims.toml";

/// Which post says it.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Post {
    /// The Russian post.
    Ru,
    /// The Chinese post.
    Zh,
    /// Both: the story as a whole.
    Story,
}

/// What the browsers made of a claim.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// True as written.
    Confirmed,
    /// True, with a "but" the browsers show.
    Nuance,
    /// Not what the browsers do.
    Wrong,
}

/// One claim of the story.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// A short name, unique in the file.
    pub id: String,
    /// The post that makes it.
    pub post: Post,
    /// The claim, as the lessons state it.
    pub says: String,
    /// The lab's verdict.
    pub verdict: Verdict,
    /// What the browsers did, in one sentence.
    pub answer: String,
    /// The steps that answer it, `<lesson id>/<step name>`.
    pub steps: Vec<String>,
}

impl Claim {
    /// The names of this claim's steps in `lesson`, in the claim's order.
    pub fn steps_in(&self, lesson: &str) -> Vec<&str> {
        self.steps
            .iter()
            .filter_map(|step| {
                let (id, name) = step.split_once('/')?;
                (id == lesson).then_some(name)
            })
            .collect()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimsFile {
    claims: Vec<Claim>,
}

static CLAIMS: LazyLock<Result<Vec<Claim>, CatalogueError>> = LazyLock::new(|| {
    let path = crate::directory::current().join(FILE);
    let loaded = crate::catalogue()
        .map_err(anyhow::Error::new)
        .and_then(|lessons| {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            parse(&text, lessons).with_context(|| path.display().to_string())
        });
    loaded.map_err(|e| CatalogueError(format!("{e:#}")))
});

/// Every claim, in the file's order, checked against the catalogue. Read
/// once, from the lessons folder ([`crate::directory::current`]).
pub fn claims() -> Result<&'static [Claim], CatalogueError> {
    CLAIMS.as_deref().map_err(Clone::clone)
}

/// Parses the claims file and checks it against `lessons`.
pub fn parse(text: &str, lessons: &[Lesson]) -> anyhow::Result<Vec<Claim>> {
    let file: ClaimsFile = toml::from_str(text)?;
    let steps: HashSet<String> = lessons
        .iter()
        .flat_map(|lesson| {
            lesson
                .steps
                .iter()
                .map(move |step| format!("{}/{}", lesson.id, step.name))
        })
        .collect();
    let mut ids = HashSet::new();
    for claim in &file.claims {
        anyhow::ensure!(ids.insert(&claim.id), "two claims are '{}'", claim.id);
        anyhow::ensure!(
            !claim.steps.is_empty(),
            "claim '{}' names no step that answers it",
            claim.id
        );
        // The claims reach the page as written: no lab port, no placeholder.
        for text in [&claim.says, &claim.answer] {
            crate::prose::check_text(text).with_context(|| format!("claim '{}'", claim.id))?;
        }
        for step in &claim.steps {
            anyhow::ensure!(
                steps.contains(step),
                "claim '{}': no step {step:?} (write <lesson id>/<step name>)",
                claim.id
            );
        }
    }
    Ok(file.claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_claims_load_and_point_to_steps() {
        let claims = claims().unwrap();
        assert!(claims.len() >= 30, "{} claims", claims.len());
        for post in [Post::Ru, Post::Zh, Post::Story] {
            assert!(claims.iter().any(|c| c.post == post), "{post:?}");
        }
        for verdict in [Verdict::Confirmed, Verdict::Nuance, Verdict::Wrong] {
            assert!(claims.iter().any(|c| c.verdict == verdict), "{verdict:?}");
        }
    }

    const ONE: &str = r#"
[[claims]]
id = "a"
post = "ru"
says = "s"
verdict = "wrong"
answer = "a"
steps = ["same-origin/own-origin"]
"#;

    #[test]
    fn a_claim_must_name_steps_that_exist() {
        let lessons = crate::catalogue().unwrap();
        assert_eq!(parse(ONE, lessons).unwrap()[0].id, "a");
        let missing = ONE.replace("own-origin", "nowhere");
        let err = parse(&missing, lessons).unwrap_err().to_string();
        assert!(err.contains("same-origin/nowhere"), "{err}");
        let none = ONE.replace("[\"same-origin/own-origin\"]", "[]");
        let err = parse(&none, lessons).unwrap_err().to_string();
        assert!(err.contains("names no step"), "{err}");
        let twice = format!("{ONE}{ONE}");
        assert!(parse(&twice, lessons).is_err());
        let unknown = ONE.replace("answer = \"a\"", "answer = \"a\"\nquote = \"q\"");
        assert!(parse(&unknown, lessons).is_err());
    }

    #[test]
    fn a_claim_names_no_lab_port() {
        let ported = ONE.replace("says = \"s\"", "says = \"localhost:8080 reads it\"");
        let err = format!(
            "{:#}",
            parse(&ported, crate::catalogue().unwrap()).unwrap_err()
        );
        assert!(err.contains("claim 'a'"), "{err}");
    }

    #[test]
    fn a_claim_gives_its_steps_in_one_lesson() {
        let claim = &parse(ONE, crate::catalogue().unwrap()).unwrap()[0];
        assert_eq!(claim.steps_in("same-origin"), ["own-origin"]);
        assert!(claim.steps_in("login").is_empty());
    }
}
