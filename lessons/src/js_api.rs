//! The JavaScript API a lesson step is sent with: fetch or XMLHttpRequest.

use serde::{Deserialize, Serialize};

/// The JavaScript API a step is sent with. `credentials: "include"` is
/// `withCredentials = true` for XMLHttpRequest; fetch's default is `false`.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Api {
    /// `fetch(url, init)`.
    #[default]
    Fetch,
    /// `XMLHttpRequest`, as the story's posts write it.
    Xhr,
}

impl Api {
    /// The model's name for it (whose console templates differ by API).
    pub fn model(self) -> cors_model::Api {
        match self {
            Api::Fetch => cors_model::Api::Fetch,
            Api::Xhr => cors_model::Api::Xhr,
        }
    }

    /// Both, in the order the suites run them.
    pub const ALL: [Api; 2] = [Api::Fetch, Api::Xhr];

    /// The name the page and its automation surface use.
    pub fn id(self) -> &'static str {
        match self {
            Api::Fetch => "fetch",
            Api::Xhr => "xhr",
        }
    }
}
