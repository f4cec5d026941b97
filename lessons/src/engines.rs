//! The browser engines the lab is proven in, and what a lesson expects of each
//! where they differ. Today that is the console line a blocked step logs:
//! Chromium and Firefox word every failed check their own way, so a blocked
//! step carries both lines, written whole, as each engine prints them:
//!
//! ```toml
//! [steps.expect.console]
//! chromium = "Access to fetch at '{url}' from origin '{origin}' has been blocked by CORS policy: …"
//! firefox = "Cross-Origin Request Blocked: … remote resource at {url}. (Reason: …)."
//! ```
//!
//! `{url}` stands for the URL the step fetched (with its `?run=`), `{origin}`
//! for the origin of the page that sent it. server-a fills in `{origin}` when
//! it serves `/lessons.json`; the page fills in `{url}`, which only the run
//! knows; the browser suite fills in both and finds the line in the browser's
//! own console.
//!
//! Prose about behaviour that differs goes in the lesson's `[browsers]`
//! table, one paragraph per engine ([`EngineNotes`]).

use anyhow::{ensure, Result};
use serde::{Deserialize, Serialize};

/// A browser engine of the lab's suites and page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Engine {
    Chromium,
    Firefox,
}

impl Engine {
    pub const ALL: [Engine; 2] = [Engine::Chromium, Engine::Firefox];

    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "Chromium",
            Engine::Firefox => "Firefox",
        }
    }
}

/// One value per engine; a lesson file writes both, by name.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PerEngine<T> {
    pub chromium: T,
    pub firefox: T,
}

impl<T> PerEngine<T> {
    pub fn get(&self, engine: Engine) -> &T {
        match engine {
            Engine::Chromium => &self.chromium,
            Engine::Firefox => &self.firefox,
        }
    }

    pub fn map<U>(&self, f: impl Fn(Engine, &T) -> U) -> PerEngine<U> {
        PerEngine {
            chromium: f(Engine::Chromium, &self.chromium),
            firefox: f(Engine::Firefox, &self.firefox),
        }
    }
}

/// Where the engines differ in a lesson, said for each engine in its own
/// paragraph (the page shows the learner's engine first), with what holds
/// for the other browsers the lab does not run.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EngineNotes {
    pub chromium: String,
    pub firefox: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub others: Option<String>,
}

impl EngineNotes {
    /// Every paragraph, for the prose checks and the placeholders.
    pub fn texts_mut(&mut self) -> impl Iterator<Item = &mut String> {
        [&mut self.chromium, &mut self.firefox]
            .into_iter()
            .chain(self.others.as_mut())
    }
}

/// The line (or lines, in order) an engine logs for a blocked step. A lesson
/// file writes one string or a list of strings.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(from = "OneOrMore")]
pub struct ConsoleLines(pub Vec<String>);

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMore {
    One(String),
    More(Vec<String>),
}

impl From<OneOrMore> for ConsoleLines {
    fn from(value: OneOrMore) -> Self {
        match value {
            OneOrMore::One(line) => ConsoleLines(vec![line]),
            OneOrMore::More(lines) => ConsoleLines(lines),
        }
    }
}

impl ConsoleLines {
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.0.iter()
    }

    /// Every line with `f` applied.
    pub fn map(&self, f: impl Fn(&str) -> String) -> ConsoleLines {
        ConsoleLines(self.0.iter().map(|line| f(line)).collect())
    }
}

/// Stands for the fetched URL in a console line.
pub const URL_SLOT: &str = "{url}";
/// Stands for the requesting page's origin in a console line.
pub const ORIGIN_SLOT: &str = "{origin}";

/// The console line with the requesting page's origin filled in.
pub fn fill_origin(line: &str, origin: &str) -> String {
    line.replace(ORIGIN_SLOT, origin)
}

/// The console line as the browser prints it for a request to `url` sent by
/// a page at `origin`.
pub fn fill_console(line: &str, url: &str, origin: &str) -> String {
    fill_origin(line, origin).replace(URL_SLOT, url)
}

/// Each engine logs at least one line; every line names the URL it blocked
/// (both engines do), and says nothing the lab cannot fill in.
pub fn check_console(lines: &PerEngine<ConsoleLines>) -> Result<()> {
    for engine in Engine::ALL {
        ensure!(
            !lines.get(engine).0.is_empty(),
            "no {} console line",
            engine.name()
        );
        for line in lines.get(engine).iter() {
            check_line(engine, line)?;
        }
    }
    Ok(())
}

fn check_line(engine: Engine, line: &str) -> Result<()> {
    ensure!(
        line.contains(URL_SLOT),
        "the {} console line must name the URL as {URL_SLOT}: '{line}'",
        engine.name()
    );
    let rest = line.replace(URL_SLOT, "").replace(ORIGIN_SLOT, "");
    ensure!(
        !rest.contains('…') && !rest.contains("..."),
        "the {} console line is written whole, without '…': '{line}'",
        engine.name()
    );
    ensure!(
        !rest.contains('{'),
        "the {} console line has a slot other than {URL_SLOT} and {ORIGIN_SLOT}: '{line}'",
        engine.name()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(chromium: &str, firefox: &str) -> PerEngine<ConsoleLines> {
        PerEngine {
            chromium: ConsoleLines(vec![chromium.into()]),
            firefox: ConsoleLines(vec![firefox.into()]),
        }
    }

    #[test]
    fn slots_are_filled_in() {
        assert_eq!(
            fill_console("at '{url}' from '{origin}'", "http://b/x?run=1", "http://a"),
            "at 'http://b/x?run=1' from 'http://a'"
        );
    }

    #[test]
    fn lines_name_the_url_and_are_whole() {
        check_console(&lines("at '{url}' from '{origin}'", "at {url}.")).unwrap();
        let err = check_console(&lines("blocked", "at {url}.")).unwrap_err();
        assert!(err.to_string().contains("Chromium"), "{err}");
        let err = check_console(&lines("at {url}", "at {url} … (Reason: x)")).unwrap_err();
        assert!(err.to_string().contains("whole"), "{err}");
        let err = check_console(&lines("at {url} {orign}", "at {url}")).unwrap_err();
        assert!(err.to_string().contains("a slot other than"), "{err}");
    }

    #[test]
    fn a_lesson_file_writes_both_engines() {
        #[derive(Debug, Deserialize)]
        struct Holder {
            console: PerEngine<ConsoleLines>,
        }
        let err = toml::from_str::<Holder>("console = { chromium = \"x\" }").unwrap_err();
        assert!(err.to_string().contains("firefox"), "{err}");
        let both: Holder =
            toml::from_str("console = { chromium = \"x\", firefox = [\"y\", \"z\"] }").unwrap();
        assert_eq!(both.console.chromium.0, ["x"]);
        assert_eq!(both.console.firefox.0, ["y", "z"]);
        let err = check_console(&PerEngine {
            chromium: ConsoleLines(vec!["{url}".into()]),
            firefox: ConsoleLines(vec![]),
        })
        .unwrap_err();
        assert!(err.to_string().contains("no Firefox console line"), "{err}");
    }
}
