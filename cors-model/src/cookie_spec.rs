//! The cookie the browser holds for the target, as the model's input names it.

use serde::{Deserialize, Serialize};

/// The cookie the browser holds for the target (set earlier, top-level).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CookieSpec {
    #[serde(default = "session")]
    pub name: String,
    #[serde(default)]
    pub same_site: SameSite,
    #[serde(default)]
    pub secure: bool,
}

fn session() -> String {
    "session".into()
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SameSite {
    Strict,
    #[default]
    Lax,
    None,
    /// No attribute: Chromium treats it as Lax.
    Unspecified,
}
