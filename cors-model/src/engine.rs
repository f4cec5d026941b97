//! The browser engines the model speaks for, and the numbers that differ
//! between them (measured in Chromium 156, Firefox ESR 153 and WebKitGTK
//! 2.50.6).

use serde::{Deserialize, Serialize};

/// A browser engine whose CORS behaviour the model reproduces. Parsed from
/// text in any case, `chrome`, `gecko` and `safari` accepted too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// Chromium (blink and services/network), as measured in Chromium 156.
    Chromium,
    /// Firefox (gecko), as measured in Firefox ESR 153.
    Firefox,
    /// WebKit (WebCore's loader and the network process), as measured in
    /// WebKitGTK 2.50.6 and read in WebKit's source (Safari's engine).
    Webkit,
}

impl Engine {
    /// Every engine the model speaks for, the lessons describe and an
    /// [`Explanation`](crate::Explanation) judges when none is named, in the
    /// order it lists their verdicts.
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::Webkit];

    /// The engine's name as the JSON writes it: "chromium", "firefox",
    /// "webkit".
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::Webkit => "webkit",
        }
    }

    /// The engine's name as written for people: "Chromium", "Firefox",
    /// "WebKit".
    pub fn label(self) -> &'static str {
        match self {
            Engine::Chromium => "Chromium",
            Engine::Firefox => "Firefox",
            Engine::Webkit => "WebKit",
        }
    }

    /// The engine a verdict is compared with, for "the other engine's
    /// verdict differs": Chromium and Firefox each other's, WebKit
    /// Chromium's (the engine most pages are tried in first).
    pub fn other(self) -> Engine {
        match self {
            Engine::Chromium => Engine::Firefox,
            Engine::Firefox | Engine::Webkit => Engine::Chromium,
        }
    }

    /// Seconds a preflight is cached when the answer has no Max-Age (5 in
    /// each engine; WebKit's defaultPreflightCacheTimeout, measured).
    pub fn default_max_age(self) -> u64 {
        5
    }

    /// The longest a preflight answer is cached, whatever Max-Age says
    /// (WebKit: maxPreflightCacheTimeout in CrossOriginPreflightResultCache.cpp).
    pub fn max_age_cap(self) -> u64 {
        match self {
            Engine::Chromium => 7200,
            Engine::Firefox => 86400,
            Engine::Webkit => 600,
        }
    }
}

impl std::str::FromStr for Engine {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "chromium" | "chrome" => Ok(Engine::Chromium),
            "firefox" | "gecko" => Ok(Engine::Firefox),
            "webkit" | "safari" => Ok(Engine::Webkit),
            _ => Err(format!(
                "unknown engine '{text}' (chromium, firefox or webkit)"
            )),
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
        assert_eq!(Engine::Webkit.max_age_cap(), 600);
        assert_eq!("Safari".parse::<Engine>(), Ok(Engine::Webkit));
        assert_eq!("WebKit".parse::<Engine>(), Ok(Engine::Webkit));
        assert!("edge".parse::<Engine>().is_err());
        assert_eq!(Engine::Chromium.other(), Engine::Firefox);
        assert_eq!(Engine::Webkit.other(), Engine::Chromium);
        assert_eq!(Engine::Webkit.label(), "WebKit");
        assert_eq!(
            serde_json::to_value(Engine::Webkit).unwrap(),
            Engine::Webkit.name()
        );
    }
}
