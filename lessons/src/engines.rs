//! The browser engines the lab is proven in, and the per-engine form a
//! lesson uses where they differ: [`PerEngine`] (a value for each engine,
//! all three required, e.g. a blocked step's console lines, see `console`) and
//! [`EngineNotes`] (the lesson's `[browsers]` table: a paragraph per engine,
//! which the page shows the learner's engine first).

use serde::{Deserialize, Serialize};

/// A browser engine of the lab's suites and page: the CORS model's own.
pub use cors_model::Engine;

/// One value per engine; a lesson file writes all three, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PerEngine<T> {
    /// Chromium's value.
    pub chromium: T,
    /// Firefox's value.
    pub firefox: T,
    /// WebKit's value.
    pub webkit: T,
}

impl<T> PerEngine<T> {
    /// The engine's value.
    pub fn get(&self, engine: Engine) -> &T {
        match engine {
            Engine::Chromium => &self.chromium,
            Engine::Firefox => &self.firefox,
            Engine::Webkit => &self.webkit,
        }
    }

    /// Each engine's value turned into another.
    pub fn map<U>(&self, f: impl Fn(Engine, &T) -> U) -> PerEngine<U> {
        PerEngine {
            chromium: f(Engine::Chromium, &self.chromium),
            firefox: f(Engine::Firefox, &self.firefox),
            webkit: f(Engine::Webkit, &self.webkit),
        }
    }
}

/// Where the engines differ in a lesson, said for each engine in its own
/// paragraph (the page shows the learner's engine first), with what holds
/// for the other browsers the lab does not run.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EngineNotes {
    /// What holds in Chromium.
    pub chromium: String,
    /// What holds in Firefox.
    pub firefox: String,
    /// What holds in WebKit, where it differs from the other two or the
    /// lesson has something of its own to say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webkit: Option<String>,
    /// What is known of other browsers, from their sources or documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub others: Option<String>,
}

impl EngineNotes {
    /// Every paragraph, for the prose checks and the placeholders.
    pub fn texts_mut(&mut self) -> impl Iterator<Item = &mut String> {
        [&mut self.chromium, &mut self.firefox]
            .into_iter()
            .chain(self.webkit.as_mut())
            .chain(self.others.as_mut())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::ConsoleLines;

    #[test]
    fn a_lesson_file_writes_every_engine() {
        #[derive(Debug, Deserialize)]
        struct Holder {
            console: PerEngine<ConsoleLines>,
        }
        let err = toml::from_str::<Holder>("console = { chromium = \"x\" }").unwrap_err();
        assert!(err.to_string().contains("firefox"), "{err}");
        let err = toml::from_str::<Holder>("console = { chromium = \"x\", firefox = \"y\" }")
            .unwrap_err();
        assert!(err.to_string().contains("webkit"), "{err}");
        let all: Holder = toml::from_str(
            "console = { chromium = \"x\", firefox = [\"y\", \"z\"], webkit = [\"v\", \"w\"] }",
        )
        .unwrap();
        assert_eq!(all.console.chromium.0, ["x"]);
        assert_eq!(all.console.firefox.0, ["y", "z"]);
        assert_eq!(all.console.webkit.0, ["v", "w"]);
    }
}

/// A value every engine shares (`preflights = 1`, `outcome = "blocked"`) or
/// one per engine where they differ
/// (`preflights = { chromium = 0, firefox = 1, webkit = 1 }`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum ByEngine<T> {
    /// The same value in every engine.
    Shared(T),
    /// A value per engine.
    Each(PerEngine<T>),
}

/// A count, shared or per engine (see [`ByEngine`]).
pub type Count = ByEngine<u32>;

impl<T: Default> Default for ByEngine<T> {
    fn default() -> Self {
        ByEngine::Shared(T::default())
    }
}

impl<T: Copy> ByEngine<T> {
    /// The engine's value.
    pub fn get(&self, engine: Engine) -> T {
        match self {
            ByEngine::Shared(value) => *value,
            ByEngine::Each(each) => *each.get(engine),
        }
    }
}

impl<T> ByEngine<T> {
    /// The engine's value, borrowed.
    pub fn get_ref(&self, engine: Engine) -> &T {
        match self {
            ByEngine::Shared(value) => value,
            ByEngine::Each(each) => each.get(engine),
        }
    }
}

impl ByEngine<Vec<String>> {
    /// Whether no engine's list names anything.
    pub fn is_empty(&self) -> bool {
        Engine::ALL.iter().all(|e| self.get_ref(*e).is_empty())
    }

    /// Every name some engine's list holds, once, in order of first mention.
    pub fn names(&self) -> Vec<&String> {
        let mut names: Vec<&String> = Vec::new();
        for engine in Engine::ALL {
            for name in self.get_ref(engine) {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }

    /// For `name`: whether each engine's list holds it.
    pub fn holds(&self, name: &str) -> ByEngine<bool> {
        ByEngine::from_fn(|engine| self.get_ref(engine).iter().any(|n| n == name))
    }
}

impl<T: PartialEq> ByEngine<T> {
    /// Each engine's value from `value`: one shared value where all three
    /// agree.
    pub fn from_fn(value: impl Fn(Engine) -> T) -> ByEngine<T> {
        let each = PerEngine {
            chromium: value(Engine::Chromium),
            firefox: value(Engine::Firefox),
            webkit: value(Engine::Webkit),
        };
        if each.chromium == each.firefox && each.firefox == each.webkit {
            ByEngine::Shared(each.chromium)
        } else {
            ByEngine::Each(each)
        }
    }
}

impl<T> From<T> for ByEngine<T> {
    fn from(value: T) -> Self {
        ByEngine::Shared(value)
    }
}

impl<T: Copy + PartialEq> ByEngine<T> {
    /// Whether some engine's value is `value`.
    pub fn any(&self, value: T) -> bool {
        Engine::ALL.iter().any(|e| self.get(*e) == value)
    }
}

impl Count {
    /// The largest count of any engine.
    pub fn max(&self) -> u32 {
        Engine::ALL
            .map(|e| self.get(e))
            .into_iter()
            .max()
            .unwrap_or(0)
    }
}
