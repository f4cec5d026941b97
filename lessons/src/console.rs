//! A blocked step's console lines, as each engine prints them. Chromium,
//! Firefox and WebKit word every failed check their own way, so a blocked
//! step carries all three, written whole (a list where the engine logs
//! several lines, as Firefox does after a failed preflight and WebKit always
//! does):
//!
//! ```toml
//! [steps.expect.console]
//! chromium = "Access to fetch at '{url}' from origin '{origin}' has been blocked by CORS policy: …"
//! firefox = "Cross-Origin Request Blocked: … remote resource at {url}. (Reason: …)."
//! webkit = ["Origin {origin} is not allowed by …", "Fetch API cannot load {url} due to access control checks."]
//! ```
//!
//! (The `…` above abbreviates this comment; a lesson writes the lines whole.)
//! `{url}` stands for the URL the step fetched (with its `?run=`), `{origin}`
//! for the origin of the page that sent it. server-a fills in `{origin}` when
//! it serves `/lessons.json`; the page fills in `{url}`, which only the run
//! knows; the browser suite fills in both and finds each line in the
//! browser's own console.
//!
//! A lesson writes the lines as logged for `fetch`; `for_api` gives those
//! for XMLHttpRequest. Chromium names the API ("Access to XMLHttpRequest at
//! …"), with the same reasons, and drops one piece of advice it gives for
//! fetch (see `for_api`); Firefox's lines do not name it (both measured
//! by the browser suite, which runs every lesson with both APIs).

use anyhow::{ensure, Result};
use serde::{Deserialize, Serialize};

use crate::engines::{ByEngine, Engine, PerEngine};
use crate::js_api::Api;
use crate::outcome::Outcome;

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
    /// The lines, in the order the engine logs them.
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
/// Stands for that origin with `https` for its scheme (a server answering
/// with the https twin of the page's origin, which engines quote).
pub const ORIGIN_AS_HTTPS_SLOT: &str = "{origin_as_https}";

/// The console line with the requesting page's origin filled in.
pub fn fill_origin(line: &str, origin: &str) -> String {
    line.replace(ORIGIN_AS_HTTPS_SLOT, &crate::as_https(origin))
        .replace(ORIGIN_SLOT, origin)
}

/// The console line as the browser prints it for a request to `url` sent by
/// a page at `origin`.
pub fn fill_console(line: &str, url: &str, origin: &str) -> String {
    fill_origin(line, origin).replace(URL_SLOT, url)
}

/// An engine's line as logged for a request sent with `api`; the lessons
/// write the fetch wording, and the model knows how XMLHttpRequest's differs.
pub fn for_api(engine: Engine, line: &str, api: Api) -> String {
    cors_model::console::for_api(engine, line, api.model())
}

/// Both engines' lines as logged for `api`.
pub fn lines_for_api(lines: &PerEngine<ConsoleLines>, api: Api) -> PerEngine<ConsoleLines> {
    lines.map(|engine, lines| lines.map(|line| for_api(engine, line, api)))
}

/// Each engine that blocks logs at least one line, and one that allows logs
/// none; every line names the URL it blocked (but WebKit's reason, which the
/// line naming the URL follows), and says nothing the lab cannot fill in.
pub fn check_console(lines: &PerEngine<ConsoleLines>, outcome: ByEngine<Outcome>) -> Result<()> {
    for engine in Engine::ALL {
        let blocks = outcome.get(engine) == Outcome::Blocked;
        ensure!(
            lines.get(engine).0.is_empty() != blocks,
            "{} {} console line",
            if blocks {
                "no"
            } else {
                "an allowed step logs no"
            },
            engine.label()
        );
        let engine_lines = &lines.get(engine).0;
        for (i, line) in engine_lines.iter().enumerate() {
            // WebKit's reason never names the URL: the API's line after it does.
            let reason_first = engine == Engine::Webkit && i + 1 < engine_lines.len();
            check_line(engine, line, !reason_first)?;
        }
    }
    Ok(())
}

fn check_line(engine: Engine, line: &str, names_url: bool) -> Result<()> {
    ensure!(
        !names_url || line.contains(URL_SLOT),
        "the {} console line must name the URL as {URL_SLOT}: '{line}'",
        engine.label()
    );
    let rest = line
        .replace(URL_SLOT, "")
        .replace(ORIGIN_AS_HTTPS_SLOT, "")
        .replace(ORIGIN_SLOT, "");
    ensure!(
        !rest.contains('…') && !rest.contains("..."),
        "the {} console line is written whole, without '…': '{line}'",
        engine.label()
    );
    ensure!(
        !rest.contains('{'),
        "the {} console line has a slot other than {URL_SLOT}, {ORIGIN_SLOT} and \
         {ORIGIN_AS_HTTPS_SLOT}: '{line}'",
        engine.label()
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
            webkit: ConsoleLines(vec![
                "Origin {origin} is not allowed".into(),
                "at {url}".into(),
            ]),
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
        fn check(lines: &PerEngine<ConsoleLines>) -> Result<()> {
            check_console(lines, BLOCKED)
        }
        check(&lines("at '{url}' from '{origin}'", "at {url}.")).unwrap();
        let err = check(&lines("blocked", "at {url}.")).unwrap_err();
        assert!(err.to_string().contains("Chromium"), "{err}");
        let err = check(&lines("at {url}", "at {url} … (Reason: x)")).unwrap_err();
        assert!(err.to_string().contains("whole"), "{err}");
        let err = check(&lines("at {url} {orign}", "at {url}")).unwrap_err();
        assert!(err.to_string().contains("a slot other than"), "{err}");
    }

    #[test]
    fn xhr_lines_name_the_api_in_chromium_only() {
        let fetch = "Access to fetch at '{url}' from origin '{origin}' has been blocked";
        let xhr = for_api(Engine::Chromium, fetch, Api::Xhr);
        assert_eq!(
            xhr,
            "Access to XMLHttpRequest at '{url}' from origin '{origin}' has been blocked"
        );
        assert_eq!(for_api(Engine::Chromium, fetch, Api::Fetch), fetch);
        let mismatch = "Access to fetch at '{url}' from origin '{origin}' has been blocked by CORS policy: \
            The 'Access-Control-Allow-Origin' header has a value 'http://localhost' that is not equal \
            to the supplied origin. Have the server send the header with a valid value.";
        assert!(for_api(Engine::Chromium, mismatch, Api::Xhr).ends_with("to the supplied origin."));
        let firefox = "Cross-Origin Request Blocked: at {url}.";
        assert_eq!(for_api(Engine::Firefox, firefox, Api::Xhr), firefox);
    }

    #[test]
    fn webkit_names_the_url_in_its_last_line_only() {
        let mut webkit = lines("at {url}", "at {url}");
        check_console(&webkit, BLOCKED).unwrap();
        webkit.webkit = ConsoleLines(vec!["Origin {origin} is not allowed".into()]);
        let err = check_console(&webkit, BLOCKED).unwrap_err();
        assert!(
            err.to_string().contains("WebKit console line must name"),
            "{err}"
        );
    }

    const BLOCKED: ByEngine<Outcome> = ByEngine::Shared(Outcome::Blocked);

    #[test]
    fn each_engine_that_blocks_logs_a_line_and_no_other() {
        let only_chromium = PerEngine {
            chromium: ConsoleLines(vec!["{url}".into()]),
            firefox: ConsoleLines(vec![]),
            webkit: ConsoleLines(vec!["{url}".into()]),
        };
        let err = check_console(&only_chromium, BLOCKED).unwrap_err();
        assert!(err.to_string().contains("no Firefox console line"), "{err}");
        let split = ByEngine::Each(PerEngine {
            chromium: Outcome::Blocked,
            firefox: Outcome::Allowed,
            webkit: Outcome::Blocked,
        });
        check_console(&only_chromium, split).unwrap();
        let err = check_console(&lines("{url}", "{url}"), split).unwrap_err();
        assert!(
            err.to_string().contains("allowed step logs no Firefox"),
            "{err}"
        );
    }
}
