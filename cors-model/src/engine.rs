//! The browser engines the model speaks for, and the numbers that differ
//! between them (measured in Chromium 156 and Firefox ESR 153).

use serde::{Deserialize, Serialize};

/// A browser engine whose CORS behaviour the model reproduces. Parsed from
/// text in any case, `chrome` and `gecko` accepted too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// Chromium (blink and services/network), as measured in Chromium 156.
    Chromium,
    /// Firefox (gecko), as measured in Firefox ESR 153.
    Firefox,
}

impl Engine {
    /// Both engines, in the order an [`Explanation`](crate::Explanation)
    /// lists their verdicts.
    pub const ALL: [Engine; 2] = [Engine::Chromium, Engine::Firefox];

    /// The engine's name as the JSON writes it: "chromium", "firefox".
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
        }
    }

    /// The engine's name as written for people: "Chromium", "Firefox".
    pub fn label(self) -> &'static str {
        match self {
            Engine::Chromium => "Chromium",
            Engine::Firefox => "Firefox",
        }
    }

    /// The other engine, for "the other engine's verdict differs".
    pub fn other(self) -> Engine {
        match self {
            Engine::Chromium => Engine::Firefox,
            Engine::Firefox => Engine::Chromium,
        }
    }

    /// Seconds a preflight is cached when the answer has no Max-Age.
    pub fn default_max_age(self) -> u64 {
        5
    }

    /// The longest a preflight answer is cached, whatever Max-Age says.
    pub fn max_age_cap(self) -> u64 {
        match self {
            Engine::Chromium => 7200,
            Engine::Firefox => 86400,
        }
    }
}

impl std::str::FromStr for Engine {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "chromium" | "chrome" => Ok(Engine::Chromium),
            "firefox" | "gecko" => Ok(Engine::Firefox),
            _ => Err(format!("unknown engine '{text}' (chromium or firefox)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_differ_and_names_parse() {
        assert_eq!(Engine::Chromium.max_age_cap(), 7200);
        assert_eq!(Engine::Firefox.max_age_cap(), 86400);
        assert_eq!("Firefox".parse::<Engine>(), Ok(Engine::Firefox));
        assert!("safari".parse::<Engine>().is_err());
        assert_eq!(Engine::Chromium.other(), Engine::Firefox);
    }
}
