//! The cookie the browser holds for the target, as the model's input names it.

use serde::{Deserialize, Serialize};

/// The cookie the browser holds for the target (set earlier, top-level).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CookieSpec {
    /// The cookie's name (`session` when the JSON leaves it out).
    #[serde(default = "session")]
    pub name: String,
    /// Its `SameSite` attribute (Lax when the JSON leaves it out).
    #[serde(default)]
    pub same_site: SameSite,
    /// Whether it has the `Secure` attribute: then it goes only to https
    /// URLs or loopback hosts (`localhost`, `*.localhost`, 127.0.0.0/8).
    #[serde(default)]
    pub secure: bool,
}

fn session() -> String {
    "session".into()
}

/// A cookie's `SameSite` attribute, which decides whether it crosses sites.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SameSite {
    /// `SameSite=Strict`: never sent with, nor set by, a cross-site request.
    Strict,
    /// `SameSite=Lax`: for a `fetch`, like Strict (never sent with, nor set
    /// by, a cross-site request).
    #[default]
    Lax,
    /// `SameSite=None`: the only kind that may cross sites, and only with
    /// `Secure`; whether it does depends on the engine and the third-party
    /// cookie setting (see `cookies`).
    None,
    /// No attribute: Chromium treats it as Lax.
    Unspecified,
}
